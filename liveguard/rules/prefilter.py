"""Skip the patterns that cannot match a text, by the characters every match must contain.

A pack compiles to hundreds of regexes (twice for Chinese: as written and in sound), and running
each over every utterance was most of the engine's time although only a handful can match. The
regex parser (the standard library's own, so the reading of a pattern is exactly the one ``re``
compiles) tells which characters a match cannot do without: a literal, a small character class,
the body of a repeat of at least one, an alternation whose every branch needs one of a set.
A pattern whose required sets do not all meet the text's characters is not run; every pattern
that is run is run as before and in the same order, so the matches are exactly the same.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Generic, TypeVar

import re._constants as sre  # type: ignore[import-not-found]  # stdlib, no stub
import re._parser as sre_parse  # type: ignore[import-not-found]  # stdlib, no stub

T = TypeVar("T")

MAX_CLASS = 512
"""A character class or range wider than this (the CJK block, ``\\w``) tells nothing useful."""
MAX_SETS = 4
"""Required sets kept per pattern, most selective (smallest) first."""

Need = list[frozenset[str]]
"""Sets of characters; a match holds at least one character of each."""


def _class_chars(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY (\d, \w), a wide range: no useful requirement
            return None
    return frozenset(out) if len(out) <= MAX_CLASS else None


def _need(items: Iterable[tuple[Any, Any]]) -> Need:
    """What every match of the parsed sequence ``items`` must contain (a conjunction)."""
    out: Need = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(frozenset(chr(av)))
        elif op is sre.IN:
            chars = _class_chars(av)
            if chars is not None:
                out.append(chars)
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            if not add_flags and not del_flags:  # (?i:...) would change what a literal matches
                out.extend(_need(body))
        elif op is sre.ATOMIC_GROUP:
            out.extend(_need(av))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, body = av
            if low >= 1:
                out.extend(_need(body))
        elif op is sre.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                need = _need(branch)
                if not need:
                    break  # a branch that needs nothing: the alternation needs nothing
                union |= min(need, key=len)
            else:
                out.append(frozenset(union))
        # look-arounds, anchors, back-references, ANY, NOT_LITERAL, categories: nothing required
    return out


@lru_cache(maxsize=1)
def _all_chars() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


@lru_cache(maxsize=None)
def _caseless_char(ch: str) -> frozenset[str]:
    """Every character ``re.IGNORECASE`` lets ``ch`` match (k: K and the Kelvin sign; s: the
    long s), found by ``re`` itself over all of Unicode, so the folding is exactly the matcher's."""
    return frozenset(re.findall(re.escape(ch), _all_chars(), re.IGNORECASE)) | {ch}


def _caseless(chars: frozenset[str]) -> frozenset[str]:
    return frozenset().union(*(_caseless_char(c) for c in chars))


def required(pattern: re.Pattern[str]) -> Need:
    """The character sets every match of ``pattern`` meets; empty when it needs nothing."""
    need = _need(sre_parse.parse(pattern.pattern, pattern.flags))
    need = sorted(set(need), key=lambda s: (len(s), sorted(s)))[:MAX_SETS]
    if pattern.flags & re.IGNORECASE:
        need = [_caseless(s) for s in need]
    return need


class Prefilter(Generic[T]):
    """Items (each with its compiled pattern) in their order; ``candidates(text)`` yields those
    whose pattern may match the text, in the same order."""

    def __init__(self, items: Sequence[tuple[T, re.Pattern[str]]]) -> None:
        self._items = list(items)
        self._always: list[int] = []
        self._rest: dict[int, Need] = {}
        self._by_char: dict[str, list[int]] = {}
        for i, (_item, pattern) in enumerate(self._items):
            need = required(pattern)
            if not need:
                self._always.append(i)
                continue
            key, *rest = need  # index on the most selective set, check the others per text
            self._rest[i] = rest
            for ch in key:
                self._by_char.setdefault(ch, []).append(i)

    def __len__(self) -> int:
        return len(self._items)

    def candidates(self, text: str) -> Iterator[tuple[T, re.Pattern[str]]]:
        chars = set(text)
        found = set(self._always)
        by_char = self._by_char
        for ch in chars:
            ids = by_char.get(ch)
            if ids is not None:
                found.update(ids)
        rest = self._rest
        for i in sorted(found):
            if all(not s.isdisjoint(chars) for s in rest.get(i, ())):
                yield self._items[i]
