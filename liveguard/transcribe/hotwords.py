"""The rule vocabulary as Whisper hotwords: claim words the rules look for, written right.

Homophone errors (国家及 for 国家级) hide claims from the rules; biasing the decoder towards the
vocabulary recovers many of them. The rules stage owns the vocabulary
(``liveguard.rules.hotword_vocabulary``), but rules sit downstream of transcription, so the
composition layer (pipeline/) hands the words in; this module only trims them to the prompt
budget.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_HOTWORD_CHARS = 120
"""Measured: 30, 60 and 120 characters gave CER 0.219, 0.198 and 0.192 (bench/decode_sweep.py)."""


def hotword_prompt(vocabulary: Iterable[str], max_chars: int = MAX_HOTWORD_CHARS) -> str | None:
    """A short hotword string from ``vocabulary`` (most important first), or ``None``."""
    words = vocabulary
    sep = " "  # a plain space: fullwidth commas in the prompt make Whisper emit garbled punctuation
    out: list[str] = []
    used = 0
    for word in words:
        word = word.strip()
        if not word or word in out:
            continue
        if used + len(word) + len(sep) > max_chars:
            break
        out.append(word)
        used += len(word) + len(sep)
    return sep.join(out) or None
