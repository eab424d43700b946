"""Rules stage: rule packs, normalisation, spaCy matching, price and stream reasoning, checks.

Other stages use only what this module exports; see docs/rules.md.

The exports are resolved on first use (PEP 562): importing ``liveguard.rules.cli`` to build
``liveguard --help`` must not load spaCy, jieba and the packs; ``from liveguard.rules import
check_script`` works as before and loads them then.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liveguard.rules.catalog import load_catalog
    from liveguard.rules.engine import RuleEngine, RuleMatch, load_engine
    from liveguard.rules.options import RulesOptions
    from liveguard.rules.script import ScriptFinding, check_lines, check_script, detect_language
    from liveguard.rules.stream import StreamChecker, StreamCheckerState
    from liveguard.rules.vocab import hotword_vocabulary

_EXPORTS = {
    "load_catalog": "catalog",
    "RuleEngine": "engine",
    "RuleMatch": "engine",
    "load_engine": "engine",
    "RulesOptions": "options",
    "ScriptFinding": "script",
    "check_lines": "script",
    "check_script": "script",
    "detect_language": "script",
    "StreamChecker": "stream",
    "StreamCheckerState": "stream",
    "hotword_vocabulary": "vocab",
}

__all__ = [
    "RuleEngine",
    "RuleMatch",
    "RulesOptions",
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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # resolve once
    return value
