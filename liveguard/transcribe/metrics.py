"""Character error rate: the accuracy measure for Chinese, where words are not space-separated."""

from __future__ import annotations

import re
import unicodedata
import warnings

from liveguard.transcribe.text import to_simplified

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def comparable(text: str) -> str:
    """Text reduced to what a listener hears: simplified, no punctuation or spaces, lower case."""
    text = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    return _DROP.sub("", text)


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cn_digits(text: str) -> str:
    """Chinese numerals → Arabic digits (三百九十九 → 399), as Whisper writes prices."""
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns (and keeps the text) on e.g. 百分之百
        return str(cn2an.transform(text, "cn2an"))


def character_error_rate(reference: str, hypothesis: str, language: str = "zh") -> float:
    """Edits per reference character; for Chinese both sides get their numerals as digits
    first, so 三百九十九 and 399 count as the same words."""
    if language == "zh":
        reference, hypothesis = cn_digits(reference), cn_digits(hypothesis)
    ref, hyp = comparable(reference), comparable(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)
