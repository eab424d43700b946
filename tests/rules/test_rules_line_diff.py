"""The line diff that judges every rule change: what it counts as gained and lost, and that it
never opens a sealed set."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.line_diff import _sealed, diff


def _entry(gold: list[str], rules: list[list[str]]) -> dict[str, Any]:
    return {"gold": gold, "text": "t", "rules": rules}


def test_a_diff_counts_by_the_lines_labels() -> None:
    before = {
        "claim": _entry(["price"], []),
        "compliant": _entry([], []),
        "lost": _entry(["efficacy"], [["efficacy", "ZH-EFF-MEDICAL"]]),
        "renamed": _entry(["efficacy"], [["efficacy", "ZH-EFF-MEDICAL"]]),
        "wrong": _entry(["scarcity"], []),
        "same": _entry([], [["price", "ZH-PRI-REFERENCE"]]),
    }
    after = {
        "claim": _entry(["price"], [["price", "ZH-PRI-OUTSIDE-COMPARE"]]),
        "compliant": _entry([], [["scarcity", "ZH-SCA-LIMITED"]]),
        "lost": _entry(["efficacy"], []),
        "renamed": _entry(["efficacy"], [["efficacy", "ZH-EFF-GUARANTEE"]]),
        "wrong": _entry(["scarcity"], [["price", "ZH-PRI-COST-STORY"]]),
        "same": _entry([], [["price", "ZH-PRI-REFERENCE"]]),
    }
    rows, tally = diff(before, after)
    assert dict(tally) == {
        "gain right": 1,
        "gain COMPLIANT": 1,
        "lose right": 1,
        "rule ids only": 1,
        "gain WRONG-FAMILY": 1,
    }
    assert [row.split("\t")[0] for row in rows] == [
        "claim",
        "compliant",
        "lost",
        "renamed",
        "wrong",
    ]


def test_sealed_sets_are_recognised_by_number_only() -> None:
    sealed = frozenset({"48"})
    assert _sealed("zh_indirect_blind48.tsv", sealed)
    assert _sealed("blind48_zh_clean", sealed)
    assert not _sealed("zh_indirect_blind4.tsv", sealed)
    assert not _sealed("zh_indirect_blind480.tsv", sealed)
