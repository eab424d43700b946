"""The rule vocabulary as Whisper hotwords: claim words the rules look for, written right.

Homophone errors (国家及 for 国家级) hide claims from the rules; biasing the decoder towards the
vocabulary recovers many of them. The rules stage owns the vocabulary
(``liveguard.rules.hotword_vocabulary``), but rules sit downstream of transcription, so the
composition layer (pipeline/) hands the words in; this module only trims them to the prompt
budget.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

MAX_HOTWORD_CHARS = 120
"""Measured: 30, 60 and 120 characters gave CER 0.219, 0.198 and 0.192 (bench/decode_sweep.py)."""
MAX_CHAR_REPEATS: int | None = None
"""How often one character may appear in the prompt (see :func:`hotword_prompt`); no cap by
default. Measured on tuning audio (bench/decode_sweep.py --configs repetition): capping 价 at
two or one occurrence cut the 价 written for another sound from 12 to 5 / 4, but finding F1 with
learned detection fell (0.851 → 0.821 / 0.830) and compliant lines flagged rose (2 → 5 / 3 of
100), so the prompt stays as it was."""


def hotword_prompt(
    vocabulary: Iterable[str],
    max_chars: int = MAX_HOTWORD_CHARS,
    max_char_repeats: int | None = MAX_CHAR_REPEATS,
) -> str | None:
    """A short hotword string from ``vocabulary`` (most important first), or ``None``.

    A word is left out when it would put one character into the prompt more than
    ``max_char_repeats`` times (``None``: no cap): a character the prompt repeats is one the
    decoder then writes where it was not said.
    """
    sep = " "  # a plain space: fullwidth commas in the prompt make Whisper emit garbled punctuation
    out: list[str] = []
    used = 0
    counts: Counter[str] = Counter()
    for word in vocabulary:
        word = word.strip()
        if not word or word in out:
            continue
        if used + len(word) + len(sep) > max_chars:
            break
        if max_char_repeats is not None and any(
            counts[ch] + n > max_char_repeats for ch, n in Counter(word).items()
        ):
            continue
        out.append(word)
        counts.update(word)
        used += len(word) + len(sep)
    return sep.join(out) or None
