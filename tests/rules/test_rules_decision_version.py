"""A learned finding names the signals and gates it was decided with, and that name cannot go
stale: what they give on fixed labelled lines is recorded under ``DECISION_VERSION``."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import pytest

from liveguard.contracts import FoundBy
from liveguard.rules import check_script
from liveguard.rules.claim_signals import DECISION_VERSION
from tests.support.scripts import load_script


@pytest.fixture(scope="module")
def recorder() -> ModuleType:
    module: ModuleType = load_script("decision_fingerprint")
    return module


def test_the_recorded_fingerprint_is_the_signals_and_gates_of_today(recorder: ModuleType) -> None:
    recorded = json.loads(recorder.RECORD.read_text(encoding="utf-8"))
    if recorded["sha256"] != recorder.fingerprint():
        assert recorded["version"] != DECISION_VERSION, (
            "the signals or gates changed under the same DECISION_VERSION: bump it in "
            "rules/claim_signals.py and run scripts/decision_fingerprint.py"
        )
        pytest.fail("DECISION_VERSION was bumped: run scripts/decision_fingerprint.py")
    # a bump the probe lines do not show is allowed, but the record must name it
    assert recorded["version"] == DECISION_VERSION, "run scripts/decision_fingerprint.py"


def test_the_fingerprint_moves_with_a_signal(
    recorder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = recorder.fingerprint()
    real = recorder.claim_signals

    def one_more_negation(text: str, lang: str) -> Any:
        out = real(text, lang).copy()
        out[0] = 1.0 - out[0]
        return out

    monkeypatch.setattr(recorder, "claim_signals", one_more_negation)
    assert recorder.fingerprint() != before


def test_a_learned_finding_names_its_heads_and_decision_version() -> None:
    text = "我们家老人喝了三个月，现在爬五楼都不喘了"
    learned = [
        sf.finding
        for sf in check_script(text, language="zh", per_line=True)
        if sf.finding.detector is FoundBy.LEARNED
    ]
    assert learned
    heads, _, decision = learned[0].detector_version.partition("/")
    assert heads.startswith("claims-")
    assert decision == DECISION_VERSION
