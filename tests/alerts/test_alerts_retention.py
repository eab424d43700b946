"""Retention purge: old evidence goes, legal holds stay, the purge itself is audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from liveguard.alerts.crud import audit, cases, users
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import AuditEntry, Case, FindingRecord, SegmentRecord, utcnow
from liveguard.alerts.retention import purge


def test_purge_respects_retention_and_legal_hold(session, settings, events):
    clips = Path(settings.resolved_clip_store)
    for name in ("old", "held", "new"):
        (clips / name).mkdir(parents=True)
        (clips / name / "c.wav").write_bytes(b"RIFF....")
    old = events.t0 - timedelta(days=settings.retention_days + 10)
    ingest_events(
        session,
        [
            events.finding(stream_id="old", at=old, clip="old/c.wav"),
            events.finding(stream_id="held", at=old, clip="held/c.wav"),
            events.finding(stream_id="new", at=utcnow(), clip="new/c.wav"),
        ],
        settings,
    )
    admin = users.create_user(session, "root", "admin")
    held = session.execute(select(Case).where(Case.stream_id == "held")).scalar_one()
    cases.set_legal_hold(session, held.id, admin, True, "court order 12")
    # transcripts were received now; make the old streams' transcripts old as well
    for segment in session.execute(select(SegmentRecord)).scalars():
        if segment.stream_id in ("old", "held"):
            segment.received_at = old
    session.commit()

    result = purge(session, settings)
    assert (result.cases, result.findings, result.clips, result.segments) == (1, 1, 1, 1)
    remaining = sorted(session.execute(select(Case.stream_id)).scalars())
    assert remaining == ["held", "new"]
    assert not (clips / "old" / "c.wav").exists()
    assert (clips / "held" / "c.wav").exists()
    assert (
        session.execute(
            select(FindingRecord.stream_id).where(FindingRecord.stream_id == "old")
        ).first()
        is None
    )
    assert session.get(SegmentRecord, "held:0") is not None
    log = audit.entries_for(session, "retention", "purge")
    assert log[-1].detail["cases"] == 1
    # the purged case's own audit trail survives (the log is never purged)
    assert session.execute(select(AuditEntry).where(AuditEntry.action == "hold")).first()
    assert purge(session, settings).cases == 0
