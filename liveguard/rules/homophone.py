"""Homophone tolerance: find lexicon phrases by their toneless pinyin.

Speech recognition writes what it hears: 国家级 comes back as 国家及, 根治 as 跟治. Matching
the phrase's syllables recovers those, but syllables alone would also hit ordinary words that
sound alike, so a candidate must (a) be at least three syllables, (b) share at least one
character with the phrase in place, and (c) not itself be a word in jieba's dictionary.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from liveguard.rules.han import HAN
from liveguard.rules.segmenter import jieba

MIN_SYLLABLES = 3


@lru_cache(maxsize=65536)
def syllable(ch: str) -> str:
    """Toneless pinyin of one character (itself for anything not Chinese)."""
    if not HAN.match(ch):
        return ch
    return str(lazy_pinyin(ch, style=Style.NORMAL)[0])


@dataclass(frozen=True, slots=True)
class PinyinHit:
    key: str
    start: int
    end: int


class PinyinLexicon:
    """Phrases keyed by an id, searchable by syllables."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)

    def add(self, key: str, phrase: str) -> None:
        if len(phrase) < MIN_SYLLABLES or not all(HAN.match(c) for c in phrase):
            return
        sylls = tuple(syllable(c) for c in phrase)
        self._by_first[sylls[0]].append((sylls, phrase, key))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def search(self, text: str) -> list[PinyinHit]:
        if not self._by_first:
            return []
        sylls = [syllable(c) for c in text]
        freq = jieba.dt.FREQ
        hits: list[PinyinHit] = []
        for i, s in enumerate(sylls):
            for phrase_sylls, phrase, key in self._by_first.get(s, ()):
                n = len(phrase_sylls)
                if tuple(sylls[i : i + n]) != phrase_sylls:
                    continue
                candidate = text[i : i + n]
                if candidate == phrase:
                    continue  # exact matches are the phrase matcher's job
                if not any(a == b for a, b in zip(candidate, phrase, strict=True)):
                    continue
                if freq.get(candidate, 0) > 0:
                    continue
                hits.append(PinyinHit(key, i, i + n))
        return hits


_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
             "x", "r", "z", "c", "s", "y", "w")  # fmt: skip


@lru_cache(maxsize=4096)
def split_syllable(s: str) -> tuple[str, str]:
    """(initial, final) of a toneless syllable ("zhuang" → ("zh", "uang"); "an" → ("", "an"))."""
    for ini in _INITIALS:
        if s.startswith(ini) and len(s) > len(ini):
            return ini, s[len(ini) :]
    return "", s
