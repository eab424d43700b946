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

import _sre  # type: ignore[import-not-found]  # the matcher's own case functions, no stub
import re
import re._casefix as casefix  # type: ignore[import-not-found]  # stdlib, no stub
import re._constants as sre  # type: ignore[import-not-found]  # stdlib, no stub
import re._parser as sre_parse  # type: ignore[import-not-found]  # stdlib, no stub
import sys
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from functools import cache
from itertools import compress
from operator import ne
from typing import Any, Generic, TypeVar

import ahocorasick

T = TypeVar("T")

MAX_CLASS = 512
"""A character class or range wider than this (the CJK block, ``\\w``) tells nothing useful."""
MAX_RUN_CLASS = 4
"""A class of at most this many characters may sit inside a required string ([盒瓶]装)."""
MAX_STRINGS = 64
"""A requirement with more alternative strings than this is not kept."""
MAX_NEEDS = 4
"""Requirements kept per pattern, most selective first."""

Need = frozenset[str]
"""Alternative strings; every match contains at least one of them."""


def _class_chars(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY (\\d, \\w), a wide range: no useful requirement
            return None
    return frozenset(out) if len(out) <= MAX_CLASS else None


def _strength(need: AbstractSet[str]) -> tuple[int, int]:
    """Sort key, most selective first: longer shortest string, then fewer strings."""
    return (-min(map(len, need)), len(need))


def _need(items: Iterable[tuple[Any, Any]]) -> list[Need]:
    """What every match of the parsed sequence ``items`` contains (all of the requirements)."""
    out: list[Need] = []
    run: set[str] = {""}  # strings of the literal run being read (consecutive characters)

    def close() -> None:
        nonlocal run
        if run != {""}:
            out.append(frozenset(run))
        run = {""}

    for op, av in items:
        chars: frozenset[str] | None = None
        if op is sre.LITERAL:
            chars = frozenset(chr(av))
        elif op is sre.IN:
            chars = _class_chars(av)
            if chars is not None and len(chars) > MAX_RUN_CLASS:
                close()
                out.append(chars)
                continue
        if chars is not None:
            grown = {r + c for r in run for c in chars}
            if len(grown) > MAX_STRINGS:
                close()
                grown = set(chars)
            run = grown
            continue
        close()
        if op is sre.SUBPATTERN:
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
                needs = _need(branch)
                if not needs:
                    break  # a branch that needs nothing: the alternation needs nothing
                union |= min(needs, key=_strength)
            else:
                if len(union) <= MAX_STRINGS:
                    out.append(frozenset(union))
        # look-arounds, anchors, back-references, ANY, NOT_LITERAL, categories: nothing required
    close()
    return out


@cache
def _lower_groups() -> dict[int, frozenset[int]]:
    """Each code point that some other code point lowercases to, with all of those: one pass
    over Unicode (in C: ``map``/``compress``), once per process. The lowercase is ``re``'s own
    (``_sre.unicode_tolower``, the simple mapping the matcher compares)."""
    codes = range(sys.maxunicode + 1)
    groups: dict[int, set[int]] = {}
    for c in compress(codes, map(ne, codes, map(_sre.unicode_tolower, codes))):
        groups.setdefault(_sre.unicode_tolower(c), set()).add(c)
    return {lo: frozenset(g) for lo, g in groups.items()}


@cache
def _caseless_char(ch: str) -> frozenset[str]:
    """Every character ``re.IGNORECASE`` lets ``ch`` match (k: K and the Kelvin sign; s: the
    long s), as ``re`` compiles a caseless literal: a cased ``ch`` matches any character whose
    lowercase is ``ch``'s lowercase or one of its extra cases (``re._casefix``); an uncased one
    only itself."""
    c = ord(ch)
    out = {c}
    if _sre.unicode_iscased(c):
        lo = _sre.unicode_tolower(c)
        groups = _lower_groups()
        for k in (lo, *casefix._EXTRA_CASES.get(lo, ())):
            out |= groups.get(k, frozenset())
            if _sre.unicode_tolower(k) == k:
                out.add(k)
    return frozenset(map(chr, out))


def required(pattern: re.Pattern[str]) -> list[Need]:
    """The requirements every match of ``pattern`` meets; empty when it needs nothing."""
    needs = _need(sre_parse.parse(pattern.pattern, pattern.flags))
    return sorted(set(needs), key=lambda n: (_strength(n), sorted(n)))[:MAX_NEEDS]


class _CaseFold:
    """Folds text so that a plain substring test equals a ``re.IGNORECASE`` literal match:
    every character of a case class maps to one representative. Only classes that are true
    equivalence classes under ``re`` are folded; a requirement using any other character is
    dropped (the pattern is then simply run)."""

    def __init__(self) -> None:
        self.table: dict[int, str] = {}
        self._ok: dict[str, bool] = {}

    def add(self, ch: str) -> bool:
        ok = self._ok.get(ch)
        if ok is None:
            klass = _caseless_char(ch)
            ok = all(_caseless_char(x) == klass for x in klass)
            if ok:
                rep = min(klass)
                for x in klass:
                    self.table[ord(x)] = rep
            for x in klass:
                self._ok[x] = ok
        return ok

    def fold(self, text: str) -> str:
        return text.translate(self.table)


class Prefilter(Generic[T]):
    """Items (each with its compiled pattern) in their order; ``candidates(text)`` lists those
    whose pattern may match the text, in the same order.

    Each pattern's most selective requirement is looked up for all patterns at once with an
    Aho-Corasick automaton (pyahocorasick, one pass in C); its other requirements are checked
    only for the patterns that pass."""

    def __init__(self, items: Sequence[tuple[T, re.Pattern[str]]]) -> None:
        self._items = list(items)
        self._always: list[int] = []
        self._rest: dict[int, tuple[bool, list[Need]]] = {}
        self._fold = _CaseFold()
        keys: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        for i, (_item, pattern) in enumerate(self._items):
            needs = required(pattern)
            caseless = bool(pattern.flags & re.IGNORECASE)
            if caseless:
                fold = self._fold
                needs = [
                    frozenset(fold.fold(s) for s in n)
                    for n in needs
                    if all(fold.add(c) for s in n for c in s)
                ]
            if not needs:
                self._always.append(i)
                continue
            for s in needs[0]:
                keys[caseless].setdefault(s, []).append(i)
            if needs[1:]:
                self._rest[i] = (caseless, needs[1:])
        self._automata = tuple(_automaton(k) for k in keys)

    def __len__(self) -> int:
        return len(self._items)

    def candidates(self, text: str) -> list[tuple[T, re.Pattern[str]]]:
        found = set(self._always)
        cased, caseless = self._automata
        folded = text
        if cased is not None:
            for _end, ids in cased.iter(text):
                found.update(ids)
        if caseless is not None:
            folded = self._fold.fold(text)
            for _end, ids in caseless.iter(folded):
                found.update(ids)
        out = []
        rest = self._rest
        for i in sorted(found):
            more = rest.get(i)
            if more is not None:
                t = folded if more[0] else text
                if not all(any(s in t for s in n) for n in more[1]):
                    continue
            out.append(self._items[i])
        return out


def _automaton(keys: dict[str, list[int]]) -> Any:
    """An Aho-Corasick automaton yielding, for each key string found, the patterns it keys."""
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, ids in keys.items():
        automaton.add_word(key, tuple(ids))
    automaton.make_automaton()
    return automaton
