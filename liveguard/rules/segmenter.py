"""jieba, imported once and quiet.

jieba attaches its own stderr handler at DEBUG level and announces its dictionary load
("Building prefix dict ...") on first use; a command-line tool must not print that. Every
module of the rules stage gets jieba from here, so the first use anywhere is already quiet.
"""

from __future__ import annotations

import logging

import jieba

jieba.setLogLevel(logging.WARNING)

__all__ = ["jieba"]
