"""Streams as the live view reads them: recent streams, a stream's lines with their findings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from liveguard.alerts.models import FindingRecord, SegmentRecord, Stream


def recent_streams(session: Session, limit: int = 50) -> list[str]:
    rows = session.execute(
        select(Stream.id).order_by(Stream.started_at.desc().nulls_last()).limit(limit)
    )
    return [str(r) for r in rows.scalars()]


def stream_ended(session: Session, stream_id: str) -> bool:
    stream = session.get(Stream, stream_id)
    return stream is not None and stream.ended_at is not None


def stream_lines(
    session: Session, stream_id: str
) -> tuple[Sequence[SegmentRecord], Sequence[FindingRecord]]:
    """A stream's segments in spoken order and every finding on them."""
    segments = (
        session.execute(
            select(SegmentRecord)
            .where(SegmentRecord.stream_id == stream_id)
            .order_by(SegmentRecord.t_start)
        )
        .scalars()
        .all()
    )
    findings = (
        session.execute(select(FindingRecord).where(FindingRecord.stream_id == stream_id))
        .scalars()
        .all()
    )
    return segments, findings
