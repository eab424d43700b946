"""Rules stage: rule packs, normalisation, spaCy matching, price and stream reasoning, checks.

Other stages use only what this module exports; see docs/rules.md.
"""

from __future__ import annotations

from liveguard.rules.catalog import load_catalog
from liveguard.rules.engine import RuleEngine, RuleMatch, load_engine
from liveguard.rules.script import ScriptFinding, check_lines, check_script, detect_language
from liveguard.rules.stream import StreamChecker, StreamCheckerState
from liveguard.rules.vocab import hotword_vocabulary

__all__ = [
    "RuleEngine",
    "RuleMatch",
    "ScriptFinding",
    "StreamChecker",
    "StreamCheckerState",
    "check_lines",
    "check_script",
    "detect_language",
    "hotword_vocabulary",
    "load_catalog",
    "load_engine",
]
