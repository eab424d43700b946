"""Stream detectors: one module per computed detector kind, registered by name.

Importing this package registers the built-in detectors, in ``BUILTIN`` order, which is the
dispatch order (catalog checks first, then the history detectors, as the single-class checker
ran them, so findings keep their order). A new detector is a module with a state model and a
``@register("<name>", State)`` function, listed in ``BUILTIN``; see docs/rules.md, "Stream
detectors".
"""

from __future__ import annotations

import importlib

from liveguard.rules.detectors.catalog import judge_matches
from liveguard.rules.detectors.registry import (
    DETECTORS,
    ENGINE_DETECTORS,
    ClaimMemo,
    DetectorKind,
    NoState,
    SegmentContext,
    known_detectors,
    register,
)

BUILTIN = (
    "stock_claim",
    "listing_price",
    "no_promotion",
    "restock_after_claim",
    "repeated_last_n",
    "countdown_restart",
    "price_contradiction",
    "correction",  # last: it reads every other detector's findings of the segment
)
"""Modules of the built-in detectors, in dispatch order (each registers itself on import)."""
for _module in BUILTIN:
    importlib.import_module(f"{__name__}.{_module}")

__all__ = [
    "BUILTIN",
    "DETECTORS",
    "ENGINE_DETECTORS",
    "ClaimMemo",
    "DetectorKind",
    "NoState",
    "SegmentContext",
    "judge_matches",
    "known_detectors",
    "register",
]
