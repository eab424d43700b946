"""jieba, imported once and quiet.

jieba attaches its own stderr handler at DEBUG level and announces its dictionary load
("Building prefix dict ...") on first use; a command-line tool must not print that. Every
module of the rules stage gets jieba from here, so the first use anywhere is already quiet.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

__all__ = ["jieba", "words"]


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """jieba's segmentation of ``text`` (HMM on, as ``jieba.lcut``), cached: the respeller
    and the check of every match found in sound segment the same utterance, often several
    times over, and the dictionary never changes at run time."""
    return tuple(jieba.lcut(text))
