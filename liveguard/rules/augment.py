"""Training-data variants that look like what speech recognition hands the detector.

Whisper writes no reliable punctuation and mishears Chinese by sound (面霜 → 面双, 国家级 →
国家及). A head trained only on tidy written lines would lean on commas and exact characters,
so ``scripts/train_claims.py`` adds, for every labelled line, an ASR-style copy without
punctuation and (Chinese) a homophone-noised copy in which some characters are replaced by
others with the same toneless pinyin. Both are deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin

_PUNCT = re.compile(r"[，。！？、；：,.!?;:\"“”‘’'（）()《》…~～—-]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def asr_style(text: str, lang: str) -> str:
    """No punctuation, no capitals: the shape of a raw transcript."""
    if lang == "zh":
        return re.sub(r"\s+", "", _PUNCT.sub("", text))
    return re.sub(r"\s+", " ", _PUNCT.sub(" ", text)).strip().lower()


class HomophoneNoiser:
    """Replaces Chinese characters by same-sounding ones (toneless pinyin) seen in a corpus."""

    def __init__(self, corpus: Iterable[str]) -> None:
        chars = sorted({c for text in corpus for c in text if _HAN.match(c)})
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
