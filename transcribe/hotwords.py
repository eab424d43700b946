"""The rule vocabulary as Whisper hotwords: claim words the rules look for, written right.

Homophone errors (国家及 for 国家级) hide claims from the rules; biasing the decoder towards the
vocabulary recovers many of them. The rules stage owns the vocabulary; this module only trims
it to the prompt budget and survives while that function does not exist yet.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

logger = logging.getLogger(__name__)

MAX_HOTWORD_CHARS = 60


def hotword_prompt(language: str, max_chars: int = MAX_HOTWORD_CHARS) -> str | None:
    """A short hotword string for ``language``, or ``None`` if the rules offer none."""
    try:
        from liveguard.rules import hotword_vocabulary
    except ImportError:
        logger.warning("liveguard.rules.hotword_vocabulary is unavailable; no hotwords")
        return None
    vocab = hotword_vocabulary(language)
    words: Iterable[str] = vocab.split() if isinstance(vocab, str) else vocab
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
