"""One finding shape: the table row and the API model are derived from the contract's fields,
so a field added to ``FindingFields`` reaches both (or this fails and says which is missing)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import FindingRecord
from liveguard.alerts.models.cases import NOT_STORED
from liveguard.alerts.schemas import FindingOut
from liveguard.contracts import (
    EvidenceLevel,
    Family,
    Finding,
    FindingEvent,
    FoundBy,
    PriceBasis,
    Scope,
    Severity,
)
from tests.support.factories import finding, segment, stream_meta


def test_the_findings_table_has_a_column_for_every_contract_field() -> None:
    columns = set(FindingRecord.__table__.columns.keys())
    missing = sorted(set(Finding.model_fields) - NOT_STORED - columns)
    assert missing == [], f"add these contract fields to FindingRecord (and a migration): {missing}"


def test_the_api_model_has_every_stored_contract_field() -> None:
    missing = sorted(set(Finding.model_fields) - NOT_STORED - set(FindingOut.model_fields))
    assert missing == []


def _every_field_set() -> Finding:
    """A finding whose every optional field differs from its default."""
    seg = segment("s-shape", 3, "原价三百九十九今天只要九十九", 12.0, 16.5, model_version="m-1")
    return finding(
        seg,
        "ZH-PRI-REFERENCE-BASIS",
        "原价三百九十九",
        family=Family.PRICE,
        severity=Severity.MEDIUM,
        suggestion="state whose price it was",
        t_start=12.5,
        t_end=14.0,
        scope=Scope.STREAM,
        evidence=EvidenceLevel.EVIDENCE_REQUIRED,
        language="en",
        model_version="m-1",
        detector=FoundBy.LEARNED,
        detector_version="heads-7",
        detail="7-day low 129.00",
        related_utterance_ids=("s-shape:1", "s-shape:2"),
        price_basis=PriceBasis(kind="store_history", text="之前卖的", days=30),
        claim_value=Decimal("399.00"),
    )


def test_a_finding_comes_back_from_the_table_and_the_api_as_it_went_in(session, settings) -> None:
    sent = _every_field_set()
    defaults = {
        name: field.get_default(call_default_factory=True)
        for name, field in Finding.model_fields.items()
        if not field.is_required()
    }
    unset = [n for n, v in defaults.items() if getattr(sent, n) == v and n not in NOT_STORED]
    assert unset == [], f"set these in _every_field_set so the round trip covers them: {unset}"
    event = FindingEvent(stream=stream_meta("s-shape"), finding=sent)
    ingest_events(session, [event], settings)
    row = session.execute(select(FindingRecord)).scalar_one()
    served = FindingOut.model_validate(row)
    expected: dict[str, Any] = sent.model_dump(mode="json", exclude=set(NOT_STORED))
    got = served.model_dump(mode="json", include=set(expected))
    assert got == expected
