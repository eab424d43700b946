"""One segment shape and one correction shape: their table rows are written from the contract's
fields by ``SegmentRecord.from_segment`` and ``CorrectionRecord.from_correction`` (as findings
are by ``FindingRecord.from_finding``), so a field added to the contract reaches the table or
this fails and says which is missing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import select

from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import CorrectionRecord, SegmentRecord
from liveguard.alerts.models.cases import NOT_STORED, contract_columns
from liveguard.contracts import Correction, CorrectionEvent, Segment, make_correction_id
from tests.support.factories import segment, stream_meta


@pytest.mark.parametrize(
    ("contract", "table"), [(Segment, SegmentRecord), (Correction, CorrectionRecord)]
)
def test_the_table_has_a_column_for_every_contract_field(contract: Any, table: Any) -> None:
    columns = set(table.__table__.columns.keys())
    missing = sorted(set(contract.model_fields) - NOT_STORED - columns)
    assert missing == [], f"add these contract fields to {table.__name__} (and a migration)"


def _every_field_set() -> CorrectionEvent:
    """A correction, with its utterance, whose every optional field differs from its default."""
    said = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    seg = segment(
        "s-shape",
        7,
        "刚才说错了，是一百二十九",
        35.0,
        39.0,
        seq_end=11,
        language="en",
        confidence=0.75,
        wall_start=said,
        model_version="m-1",
        flags=("note-a", "note-b"),
        alternatives=("价钱还是二十九", "价钱还是二十酒"),
    )
    correction = Correction(
        correction_id=make_correction_id("s-shape", 7),
        stream_id="s-shape",
        utterance_id=seg.utterance_id,
        corrected_finding_ids=("f-1", "f-2"),
        kind="corrected_value",
        cue="刚才说错了",
        text=seg.text,
        corrected_value=Decimal("129.00"),
        t_start=35.0,
        t_end=39.0,
        delay_s=12.5,
        language="en",
        rule_pack_version="pack-3",
    )
    return CorrectionEvent(stream=stream_meta("s-shape"), correction=correction, segment=seg)


def _unset_fields(record: BaseModel) -> list[str]:
    return [
        name
        for name, field in type(record).model_fields.items()
        if not field.is_required()
        and name not in NOT_STORED
        and getattr(record, name) == field.get_default(call_default_factory=True)
    ]


def test_a_correction_and_its_utterance_come_back_from_the_tables_as_they_went_in(
    session, settings
) -> None:
    event = _every_field_set()
    assert event.segment is not None
    for sent in (event.segment, event.correction):
        assert _unset_fields(sent) == [], "set these so the round trip covers them"
    ingest_events(session, [event], settings)
    session.expire_all()  # read what the database holds, not the objects just added
    for sent, table in ((event.segment, SegmentRecord), (event.correction, CorrectionRecord)):
        row = session.execute(select(table)).scalar_one()
        expected = contract_columns(sent)
        got = {name: getattr(row, name) for name in expected}
        assert got == expected, table.__name__
