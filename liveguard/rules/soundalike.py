"""Sound-alike respelling: rewrite misheard claim words before the rules run.

Speech recognition writes what it hears, so 根治 comes back as 跟治, 百分之百有效 as 百分之百幼校
and 手慢无 as 手万无. The rule regexes are written for the real words; instead of teaching every
regex every mishearing, a stretch of text whose toneless pinyin equals a claim word's (or, for
words marked fuzzy, is a near-homophone) is rewritten to that word. The rewrite keeps the length,
so offsets into the text stay valid and findings still quote what was actually transcribed.

Ordinary words must survive: a stretch is only rewritten when it is not a dictionary word, does
not cut through a dictionary word (jieba's segmentation of the sentence), and meets the word's
context guard (rules/soundalike_zh.yaml). So 跟着, 有效期, 幼儿园 and 又小又轻 stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from liveguard.rules.han import HAN
from liveguard.rules.homophone import syllable
from liveguard.rules.segmenter import jieba
from liveguard.rules.segmenter import words as segment_words

LEXICON_FILE = Path(__file__).with_name("soundalike_zh.yaml")
_CONTEXT = 12
_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("w", "m"))
_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


@lru_cache(maxsize=4096)
def fuzzy_syllable(s: str) -> str:
    """Fold the distinctions speech recognisers (and many speakers) blur."""
    if s == "yuan":
        return "yan"
    for src, dst in _INITIALS:
        if s.startswith(src) and len(s) > len(src):
            s = dst + s[len(src) :]
            break
    for src, dst in _FINALS:
        if s.endswith(src):
            s = s[: -len(src)] + dst
            break
    return s


@dataclass(frozen=True, slots=True)
class SoundAlike:
    word: str
    sylls: tuple[str, ...]
    fuzzy: bool
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class Respelled:
    text: str
    spans: tuple[tuple[int, int], ...]
    """Rewritten (start, end) stretches."""


def _key(sylls: tuple[str, ...], fuzzy: bool) -> tuple[str, ...]:
    return tuple(fuzzy_syllable(s) for s in sylls) if fuzzy else sylls


class Respeller:
    """The claim-word lexicon, searched by (optionally fuzzy) syllables."""

    def __init__(self, entries: list[SoundAlike]) -> None:
        self._entries = entries
        self._first: dict[str, list[SoundAlike]] = {}
        for e in entries:
            self._first.setdefault(_key(e.sylls, e.fuzzy)[0], []).append(e)

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> Respeller:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = []
        for item in raw.get("words", []):
            word = str(item["word"])
            entries.append(
                SoundAlike(
                    word,
                    tuple(syllable(c) for c in word),
                    bool(item.get("fuzzy", False)),
                    re.compile(item["before"]) if item.get("before") else None,
                    re.compile(item["after"]) if item.get("after") else None,
                )
            )
        return cls(entries)

    def respell(self, text: str) -> Respelled:
        if not HAN.search(text):
            return Respelled(text, ())
        sylls = [syllable(c) for c in text]
        fsylls = [fuzzy_syllable(s) for s in sylls]
        found: list[tuple[int, SoundAlike]] = []
        for i in range(len(text)):
            for key in {sylls[i], fsylls[i]}:
                for e in self._first.get(key, ()):
                    if self._sounds_like(e, text, sylls, fsylls, i):
                        found.append((i, e))
        if not found:
            return Respelled(text, ())
        bounds, words = _segmentation(text)
        chars = list(text)
        spans: list[tuple[int, int]] = []
        for i, e in found:
            end = i + len(e.word)
            if any(s < end and i < t for s, t in spans):
                continue
            if not _clean_cut(i, end, e.word, bounds, words, text):
                continue
            unguarded = e.fuzzy and e.after is None and e.before is None
            if unguarded and not any(a == b for a, b in zip(text[i:end], e.word, strict=True)):
                continue  # a guard-less near-homophone must share a character in place
            chars[i:end] = list(e.word)
            spans.append((i, end))
        return Respelled("".join(chars), tuple(spans))

    @staticmethod
    def _sounds_like(e: SoundAlike, text: str, sylls: list[str], fsylls: list[str], i: int) -> bool:
        n = len(e.sylls)
        candidate = text[i : i + n]
        if len(candidate) < n or candidate == e.word:
            return False
        if tuple(sylls[i : i + n]) != e.sylls and not (
            e.fuzzy and tuple(fsylls[i : i + n]) == _key(e.sylls, True)
        ):
            return False
        if e.before is not None and not e.before.search(text[max(0, i - _CONTEXT) : i]):
            return False
        return e.after is None or bool(e.after.search(text[i + n : i + n + _CONTEXT]))


def _segmentation(text: str) -> tuple[set[int], dict[tuple[int, int], str]]:
    """Token boundaries and tokens of jieba's segmentation (HMM on, so unknown words
    such as 跟治 come out as one token)."""
    jieba.dt.check_initialized()
    bounds = {0}
    words: dict[tuple[int, int], str] = {}
    pos = 0
    for tok in segment_words(text):
        words[(pos, pos + len(tok))] = tok
        pos += len(tok)
        bounds.add(pos)
    return bounds, words


def _clean_cut(
    start: int,
    end: int,
    word: str,
    bounds: set[int],
    words: dict[tuple[int, int], str],
    text: str,
) -> bool:
    """The stretch must start and end on token boundaries, and every multi-character token
    inside it must be unknown to the dictionary (a real word there means the speaker said it)
    unless it is the claim word's own part (手慢 in 手慢屋, 无效 in 无效推款)."""
    if start not in bounds or end not in bounds:
        return False
    freq = jieba.dt.FREQ
    for (s, t), tok in words.items():
        inside = start <= s and t <= end and len(tok) > 1
        if inside and freq.get(tok, 0) > 0 and word[s - start : t - start] != tok:
            return False
    return not freq.get(text[start:end], 0)


@lru_cache(maxsize=1)
def default_respeller() -> Respeller:
    return Respeller.load()
