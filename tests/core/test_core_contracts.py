"""The shared messages: validation that protects every stage downstream of a bad record."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from liveguard.contracts import (
    MAX_ALTERNATIVES,
    AudioChunk,
    CatalogFile,
    ClipRef,
    Correction,
    CorrectionEvent,
    Family,
    Finding,
    FindingEvent,
    PipelineEvent,
    ProductContext,
    Segment,
    Severity,
    StreamMeta,
    StreamStarted,
    make_correction_id,
    make_finding_id,
    utterance_id_for,
)


def _finding(**over: object) -> Finding:
    base: dict[str, object] = {
        "finding_id": make_finding_id("s1", "zh.efficacy.cure", 3, 5),
        "rule_id": "zh.efficacy.cure",
        "family": Family.EFFICACY,
        "severity": Severity.HIGH,
        "message": "治疗功效宣称",
        "legal_basis": ("CN-AD-17",),
        "matched_text": "根治",
        "start": 5,
        "end": 7,
        "rule_pack_version": "zh-1.0.0",
    }
    base.update(over)
    return Finding.model_validate(base)


def test_finding_id_is_stable_and_distinguishes_inputs() -> None:
    a = make_finding_id("s1", "r", 7, 2)
    assert a == make_finding_id("s1", "r", 7, 2)
    assert len({a, make_finding_id("s2", "r", 7, 2), make_finding_id("s1", "r", 8, 2)}) == 3
    assert make_finding_id("s1", "r", 7, 3) != a


def test_finding_requires_legal_basis_and_ordered_span() -> None:
    with pytest.raises(ValidationError, match="legal basis"):
        _finding(legal_basis=())
    with pytest.raises(ValidationError, match="end must not be before start"):
        _finding(start=9, end=7)


def test_finding_round_trips_through_json_and_is_frozen() -> None:
    f = _finding(t_start=12.5, t_end=14.0, stream_id="s1")
    again = Finding.model_validate_json(f.model_dump_json())
    assert again == f
    assert again.family is Family.EFFICACY
    with pytest.raises(ValidationError):
        f.start = 0  # type: ignore[misc]


def test_segment_rejects_reversed_times_and_unknown_fields() -> None:
    ok = Segment(
        stream_id="s",
        utterance_id=utterance_id_for("s", 4),
        seq_start=4,
        seq_end=6,
        text="最后三单",
        t_start=4.0,
        t_end=6.5,
    )
    assert ok.utterance_id == "s:4"
    with pytest.raises(ValidationError):
        Segment(
            stream_id="s", utterance_id="u", seq_start=4, seq_end=6, text="x", t_start=5, t_end=4
        )
    with pytest.raises(ValidationError):
        Segment.model_validate({**ok.model_dump(), "surprise": 1})


def test_segment_runner_ups_are_bounded_and_strings() -> None:
    """A producer cannot make the rules read a segment a hundred times over (contract 1.5)."""
    base = Segment(
        stream_id="s", utterance_id="s:1", seq_start=1, seq_end=1, text="x", t_start=0, t_end=1
    ).model_dump(mode="json")
    allowed = Segment.model_validate_json(
        json.dumps({**base, "alternatives": ["y"] * MAX_ALTERNATIVES})
    )
    assert allowed.alternatives == ("y",) * MAX_ALTERNATIVES
    for bad in (["y"] * (MAX_ALTERNATIVES + 1), [1], "y", [None]):
        with pytest.raises(ValidationError):
            Segment.model_validate_json(json.dumps({**base, "alternatives": bad}))


def test_audio_chunk_duration_from_pcm_length() -> None:
    chunk = AudioChunk(stream=StreamMeta(stream_id="s"), seq=0, pcm=b"\x00\x00" * 16000)
    assert chunk.duration == pytest.approx(1.0)


def test_catalog_parses_prices_as_decimals() -> None:
    cat = CatalogFile.model_validate(
        {
            "products": [
                {
                    "sku": "A1",
                    "listing_price": "199.00",
                    "category": "cosmetics",
                    "price_history": [{"at": "2026-11-20T10:00:00Z", "price": "129.9"}],
                }
            ]
        }
    )
    product: ProductContext = cat.products[0]
    assert product.listing_price == Decimal("199.00")
    assert product.price_history[0].price == Decimal("129.9")
    with pytest.raises(ValidationError):
        CatalogFile.model_validate({"products": [{"sku": "A1", "listing_price": -1}]})


def test_pipeline_events_decode_by_kind() -> None:
    adapter: TypeAdapter[PipelineEvent] = TypeAdapter(PipelineEvent)
    stream = StreamMeta(stream_id="s1", host_id="h1", merchant_id="m1")
    started = StreamStarted(stream=stream, at=datetime(2026, 11, 25, tzinfo=UTC))
    found = FindingEvent(
        stream=stream, finding=_finding(), clip=ClipRef(uri="s1/s1:3.wav", t_start=1.0, t_end=9.0)
    )
    fix = CorrectionEvent(
        stream=stream,
        correction=Correction(
            correction_id=make_correction_id("s1", 9),
            stream_id="s1",
            utterance_id="s1:9",
            corrected_finding_ids=(found.finding.finding_id,),
            kind="corrected_value",
            cue="刚才说错了",
            text="刚才说错了，是九十九元",
            corrected_value=Decimal("99"),
        ),
    )
    for event in (started, found, fix):
        assert adapter.validate_json(adapter.dump_json(event)) == event
    with pytest.raises(ValidationError):  # a correction always names what it corrects
        Correction.model_validate({**fix.correction.model_dump(), "corrected_finding_ids": ()})
    with pytest.raises(ValidationError):
        adapter.validate_python({"kind": "nonsense"})
