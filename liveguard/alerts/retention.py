"""The retention purge: evidence older than ``retention_days`` goes, except under legal hold.

The audit log is kept (it records that the purge happened and what it removed); clips are
deleted from the clip store first, so a crash leaves rows pointing at missing clips (served as
404) rather than orphaned audio nobody can find.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit, blacklist
from liveguard.alerts.models import (
    Case,
    CorrectionRecord,
    FindingRecord,
    PrecheckSubmission,
    SegmentRecord,
    utcnow,
)
from liveguard.errors import LiveGuardError
from liveguard.settings import Settings

if TYPE_CHECKING:
    from liveguard.ingest.clipstore import ClipStore

logger = logging.getLogger(__name__)


@dataclass
class PurgeResult:
    cases: int
    findings: int
    segments: int
    clips: int
    submissions: int
    cutoff: datetime


def purge(session: Session, settings: Settings, now: datetime | None = None) -> PurgeResult:
    from liveguard.ingest.clipstore import open_clip_store

    cutoff = (now or utcnow()) - timedelta(days=settings.retention_days)
    blacklist.expire_entries(session, now)
    old_cases = select(Case.id).where(Case.last_seen < cutoff, Case.legal_hold.is_(False))
    case_ids = list(session.execute(old_cases).scalars())
    held_streams = select(Case.stream_id).where(Case.legal_hold.is_(True))
    clips = 0
    findings = 0
    store: ClipStore | None = None

    def delete_clips(uris: Iterable[object]) -> int:
        nonlocal store
        done = 0
        for uri in uris:
            try:
                store = store or open_clip_store(settings)
                store.delete(str(uri))
                done += 1
            except LiveGuardError as exc:
                logger.warning("could not delete clip %s: %s", uri, exc)
        return done

    for start in range(0, len(case_ids), 500):
        batch = case_ids[start : start + 500]
        clips += delete_clips(
            session.execute(
                select(FindingRecord.clip_uri).where(
                    FindingRecord.case_id.in_(batch), FindingRecord.clip_uri.is_not(None)
                )
            ).scalars()
        )
        findings += session.execute(  # type: ignore[attr-defined]
            delete(FindingRecord).where(FindingRecord.case_id.in_(batch))
        ).rowcount
        session.execute(delete(Case).where(Case.id.in_(batch)))
    # corrections go with the transcript they belong to (and their clips with them)
    old_corrections = (
        CorrectionRecord.received_at < cutoff,
        CorrectionRecord.stream_id.not_in(held_streams),
    )
    clips += delete_clips(
        session.execute(
            select(CorrectionRecord.clip_uri).where(
                *old_corrections, CorrectionRecord.clip_uri.is_not(None)
            )
        ).scalars()
    )
    session.execute(delete(CorrectionRecord).where(*old_corrections))
    segments = session.execute(  # type: ignore[attr-defined]
        delete(SegmentRecord).where(
            SegmentRecord.received_at < cutoff,
            SegmentRecord.stream_id.not_in(held_streams),
        )
    ).rowcount
    submissions = session.execute(  # type: ignore[attr-defined]
        delete(PrecheckSubmission).where(PrecheckSubmission.created_at < cutoff)
    ).rowcount
    result = PurgeResult(len(case_ids), findings, segments, clips, submissions, cutoff)
    detail = asdict(result)
    detail["cutoff"] = cutoff.isoformat()
    audit.record(session, None, "retention", "purge", "purge", **detail)
    session.commit()
    logger.info(
        "retention purge: %s cases, %s segments, %s clips removed", len(case_ids), segments, clips
    )
    return result
