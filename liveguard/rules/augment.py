"""Training-data variants that look like what speech recognition hands the detector.

Whisper writes no reliable punctuation and mishears Chinese by sound (面霜 → 面双, 国家级 →
国家及). A head trained only on tidy written lines would lean on commas and exact characters,
so ``scripts/train_claims.py`` adds, for every labelled line, an ASR-style copy without
punctuation and (Chinese) a homophone-noised copy in which some characters are replaced by
others with the same toneless pinyin, and/or a simulated transcript drawn from the ASR channel
measured on our own transcripts (``ChannelNoiser``). All are deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pypinyin import Style, lazy_pinyin

from liveguard.rules.han import HAN
from liveguard.rules.homophone import syllable
from liveguard.rules.soundalike import fuzzy_syllable

_PUNCT = re.compile(r"[，。！？、；：,.!?;:\"“”‘’'（）()《》…~～—-]+")


def asr_style(text: str, lang: str) -> str:
    """No punctuation, no capitals: the shape of a raw transcript."""
    if lang == "zh":
        return re.sub(r"\s+", "", _PUNCT.sub("", text))
    return re.sub(r"\s+", " ", _PUNCT.sub(" ", text)).strip().lower()


class HomophoneNoiser:
    """Replaces Chinese characters by same-sounding ones (toneless pinyin) seen in a corpus."""

    def __init__(self, corpus: Iterable[str]) -> None:
        chars = sorted({c for text in corpus for c in text if HAN.match(c)})
        self._sound: dict[str, str] = {}
        self._pool: dict[str, list[str]] = {}
        for c in chars:
            py = lazy_pinyin(c, style=Style.NORMAL)[0]
            self._sound[c] = py
            self._pool.setdefault(py, []).append(c)

    def noise(self, text: str, rate: float, rng: random.Random) -> str:
        out: list[str] = []
        for c in text:
            alternatives = self._pool.get(self._sound.get(c, ""), [])
            if len(alternatives) > 1 and rng.random() < rate:
                out.append(rng.choice([a for a in alternatives if a != c]))
            else:
                out.append(c)
        return "".join(out)


NUMERAL_RUN = re.compile(r"[零一二两三四五六七八九十百千万亿]+")
"""A run of Chinese numerals: what Whisper may write as digits (三百九十九 → 399)."""
CHANNEL_TABLE = Path(__file__).resolve().parents[2] / "training" / "asr_channel_zh.json"
"""The fitted channel (``scripts/fit_channel.py``): training data, not shipped in the wheel."""


def as_digits(run: str) -> str | None:
    """Arabic digits for a run of Chinese numerals (None when it is not one number: 十几)."""
    import cn2an

    try:
        value = float(cn2an.cn2an(run, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return str(int(value)) if value.is_integer() else str(value)


def numeral_key(text: str, start: int, end: int) -> str:
    """What decides whether Whisper writes a numeral run as digits: one numeral or several,
    and the character after it (a unit: 块, 分, 件 ... or ``$`` at the end of the line)."""
    return ("1" if end - start == 1 else "+") + (text[end] if end < len(text) else "$")


class ChannelNoiser:
    """A simulated Whisper transcript of a written line, drawn from the character channel
    measured on real transcripts of our own training lines (``scripts/fit_channel.py``).

    ``HomophoneNoiser`` swaps any character for any other of the same toneless pinyin at one
    uniform rate; this one follows what the recogniser was seen to do. Per character: the
    measured outcomes (heard as which characters, dropped), its rarer changes backing off to
    its confusion-folded syllable class; a character seen too rarely uses its class alone (the
    share heard as the same syllable, as one of the class's measured other syllables, or
    dropped). Then insertions at the measured rate, and numeral runs written as digits as often
    as Whisper did before the same unit. A replacement is a character Whisper itself writes for
    that syllable, weighted by how often. Non-Han text (digits, Latin) passes through.
    Training-time only: the live path never noises text."""

    def __init__(self, table: dict[str, Any], scale: float = 1.0) -> None:
        self._chars: dict[str, dict[str, Any]] = table["chars"]
        self._classes: dict[str, dict[str, Any]] = table["classes"]
        self._writes: dict[str, dict[str, int]] = table["writes"]
        self._digits: dict[str, list[int]] = table["digits"]
        self._insert: dict[str, int] = table["insert"]
        self._insert_rate = float(table["rates"]["insert"]) * scale
        self._scale = scale

    @classmethod
    def load(cls, path: Path = CHANNEL_TABLE, scale: float = 1.0) -> ChannelNoiser:
        return cls(json.loads(path.read_text(encoding="utf-8")), scale)

    def noise(self, text: str, rng: random.Random) -> str:
        """The ASR-style form of ``text`` through the channel; the same ``rng`` state gives the
        same transcript."""
        text = self._numbers(asr_style(text, "zh"), rng)
        out: list[str] = []
        for c in text:
            if not HAN.match(c):
                out.append(c)
                continue
            out.append(self._hear(c, rng))
            if self._insert and rng.random() < self._insert_rate:
                out.append(self._draw(self._insert, rng))
        return "".join(out)

    def _numbers(self, text: str, rng: random.Random) -> str:
        parts: list[str] = []
        last = 0
        for m in NUMERAL_RUN.finditer(text):
            key = numeral_key(text, m.start(), m.end())
            seen, digits = self._digits.get(key, self._digits[key[0]])
            written = as_digits(m.group()) if rng.random() < digits / max(seen, 1) else None
            parts += [text[last : m.start()], written or m.group()]
            last = m.end()
        return "".join(parts) + text[last:]

    def _hear(self, c: str, rng: random.Random) -> str:
        """One said character as heard: kept, replaced or dropped ("")."""
        sound = syllable(c)
        klass = self._classes.get(fuzzy_syllable(sound), self._classes["*"])
        known = self._chars.get(c)
        if known is None:
            u = rng.random() * max(int(klass["n"]), 1) / self._scale
            for outcome in ("same", "other", "delete"):
                u -= int(klass[outcome])
                if u < 0:
                    return self._change(outcome, sound, c, klass, rng)
            return c
        u = rng.random() * max(int(known["n"]), 1) / self._scale
        for heard, count in sorted(known["heard"].items()):
            u -= count
            if u < 0:
                return str(heard)
        u -= int(known["delete"])
        if u < 0:
            return ""
        u -= int(known["backoff"])  # its rarer changes: drawn the way its class changes
        if u < 0:
            changed = int(klass["same"]) + int(klass["other"])
            outcome = "same" if rng.random() * max(changed, 1) < int(klass["same"]) else "other"
            return self._change(outcome, sound, c, klass, rng)
        return c

    def _change(
        self, outcome: str, sound: str, said: str, klass: dict[str, Any], rng: random.Random
    ) -> str:
        if outcome == "delete":
            return ""
        if outcome == "other" and klass["targets"]:
            sound = self._draw(klass["targets"], rng)
        pool = {ch: n for ch, n in self._writes.get(sound, {}).items() if ch != said}
        return self._draw(pool, rng) if pool else said

    @staticmethod
    def _draw(weights: dict[str, int], rng: random.Random) -> str:
        keys = sorted(weights)
        return rng.choices(keys, weights=[weights[k] for k in keys])[0]
