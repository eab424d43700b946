"""Lexicon repair: put the claim words back into a transcript before the learned part reads it.

Whisper base mangles exactly the health words efficacy claims rest on (医生 → 一声, 血压 → 学压;
on our transcripts 医 → 一 66 times and 药 → 要 75 times, training/asr_channel_zh.json). The
learned heads read characters (n-grams, the claim signals, the encoder), so a claim whose key
word came back misspelled looks like ordinary talk. Here, any 2–4 character stretch of Chinese
characters that *sounds* like a word of the claim-signal lexicons (``claim_signals.claim_words``:
the medical, improvement, authority and sales words) is rewritten to that word.

"Sounds like" is the toneless pinyin of each character (``homophone.syllable``, the project's
one converter), optionally folded by the confusion table of matching in sound
(``soundform.folds``: zh/z, n/l, an/ang ...); a word is indexed under its per-character
readings and its reading in context (长 in 长出来 is zhang). The rewrite keeps the length, so
every offset into the repaired text is an offset into the transcript and findings quote what
was transcribed.

When in doubt the text is left alone: a stretch already spelled as a lexicon word (and anything
overlapping it) stays; a sound shared by two lexicon words repairs to neither; two candidate
stretches that overlap without one containing the other both stay; a longer candidate wins
over the shorter ones inside it; a stretch that does not start and end on a word boundary of
the utterance's segmentation (jieba, as the rest of the rules segment) stays, since it would
take a character from a word the speaker said (不是|力精 is not 不视力精, 指金是 not 指近视).
Only runs of Chinese characters are candidates, so Latin letters and digits are never touched.

It runs on speech only (``LearnedDetector`` with ``speech=True``, and the transcript rows of
``scripts/train_claims.py``); typed text is read as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from liveguard.rules.claim_signals import claim_words
from liveguard.rules.han import HAN, HAN_RANGE
from liveguard.rules.homophone import syllable
from liveguard.rules.particles import restore_final_le
from liveguard.rules.segmenter import words as segment_words
from liveguard.rules.soundform import folded_syllable, folds

MIN_CHARS = 2
MAX_CHARS = 4
FOLD = False
"""Whether the index also merges the confusion table's folds. Measured on the audio
benchmark with the shipped heads (docs/learned.md, "Lexicon repair"): exact toneless pinyin."""

_HAN_RUN = re.compile(f"[{HAN_RANGE}]{{{MIN_CHARS},}}")


def _char_key(ch: str, fold: bool) -> str:
    """One character's sound (both readings are cached per character where they live)."""
    return folded_syllable(ch) if fold else syllable(ch)


@dataclass(frozen=True)
class RepairIndex:
    """The lexicon words keyed by their sound: ``by_sound`` maps a tuple of syllables to the
    one word it repairs to (sounds shared by two words are left out)."""

    words: frozenset[str]
    by_sound: dict[tuple[str, ...], str]
    fold: bool
    starts: frozenset[str] = frozenset()
    """First syllables of ``by_sound`` and first characters of ``words``: a position starting
    neither is skipped without slicing (most positions of most utterances)."""

    @classmethod
    def build(cls, words: Sequence[str], fold: bool = FOLD) -> RepairIndex:
        owners: dict[tuple[str, ...], set[str]] = {}
        for word in words:
            if not MIN_CHARS <= len(word) <= MAX_CHARS or not all(HAN.match(c) for c in word):
                continue
            in_context = lazy_pinyin(word, style=Style.NORMAL)
            readings = {
                tuple(_char_key(c, fold) for c in word),
                tuple(folds().fold(s) if fold else s for s in in_context),
            }
            for key in readings:
                owners.setdefault(key, set()).add(word)
        by_sound = {key: next(iter(ws)) for key, ws in owners.items() if len(ws) == 1}
        starts = frozenset({key[0] for key in by_sound} | {w[0] for w in words})
        return cls(frozenset(words), by_sound, fold, starts)

    def repair(self, text: str) -> str:
        """``text`` with every stretch that sounds like a lexicon word spelled as that word;
        the same length as ``text``."""
        found: list[tuple[int, int, str]] = []
        kept: list[tuple[int, int]] = []  # stretches already spelled as a lexicon word
        for run in _HAN_RUN.finditer(text):
            keys = [_char_key(c, self.fold) for c in run.group()]
            base = run.start()
            for i, (key, ch) in enumerate(zip(keys, run.group(), strict=True)):
                if key not in self.starts and ch not in self.starts:
                    continue
                for n in range(MAX_CHARS, MIN_CHARS - 1, -1):
                    if i + n > len(keys):
                        continue
                    start, end = base + i, base + i + n
                    if text[start:end] in self.words:
                        kept.append((start, end))
                        continue
                    word = self.by_sound.get(tuple(keys[i : i + n]))
                    if word is not None:
                        found.append((start, end, word))
        if not found:
            return text
        chosen = _resolve(found, kept)
        if chosen:  # segmented only when there is something to repair (about 1 in 10)
            bounds = _word_bounds(text)
            chosen = [c for c in chosen if c[0] in bounds and c[1] in bounds]
        if not chosen:
            return text
        chars = list(text)
        for start, end, word in chosen:
            chars[start:end] = word
        return "".join(chars)


def _word_bounds(text: str) -> set[int]:
    """Offsets where a word of the segmentation starts or ends."""
    bounds, pos = {0}, 0
    for token in segment_words(text):
        pos += len(token)
        bounds.add(pos)
    return bounds


def _resolve(
    found: list[tuple[int, int, str]], kept: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """The candidates to apply: none overlapping a word already spelled right, longest first
    (a candidate inside a longer one drops out), and two that merely overlap both drop out."""

    def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    live = [c for c in found if not any(overlaps(c[:2], k) for k in kept)]
    live = [
        c
        for c in live
        if not any(o is not c and o[0] <= c[0] and c[1] <= o[1] and o[:2] != c[:2] for o in live)
    ]
    return [c for c in live if not any(o is not c and overlaps(c[:2], o[:2]) for o in live)]


@lru_cache(maxsize=4)
def repair_index(lang: str, fold: bool = FOLD) -> RepairIndex | None:
    """The language's index, built once per process (None where no lexicon exists)."""
    words = claim_words(lang)
    return RepairIndex.build(words, fold) if words else None


def repair_transcript(text: str, lang: str) -> str:
    """A speech transcript with its misheard claim words and clause-final 了 repaired
    (unchanged for a language without a lexicon)."""
    index = repair_index(lang)
    repaired = index.repair(text) if index is not None else text
    return restore_final_le(repaired) if lang == "zh" else repaired
