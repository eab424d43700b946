"""Turning pipeline events into stored streams, transcripts, findings, corrections and cases.

Idempotent by id (finding id, utterance id): Kafka delivers at least once, so the same event
may arrive twice after a crash and must change nothing the second time. Findings of one rule
in one stream within ``case_window_s`` join one open case, so a host repeating a claim makes
one queue entry, not fifty. A correction event marks the findings it names corrected, with
the delay since each finding and since its webhook (第三十一条).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit, blacklist, credit, owners, suppressions
from liveguard.alerts.livebus import default_bus
from liveguard.alerts.models import (
    Case,
    CaseKind,
    CaseStatus,
    CorrectionRecord,
    CorrectionStatus,
    FindingRecord,
    SegmentRecord,
    Stream,
    WebhookDelivery,
    utcnow,
)
from liveguard.contracts import (
    ClipRef,
    CorrectionEvent,
    FindingEvent,
    FoundBy,
    PipelineEvent,
    Segment,
    SegmentEvent,
    Severity,
    StreamEnded,
    StreamMeta,
    StreamStarted,
)
from liveguard.settings import Settings

logger = logging.getLogger(__name__)

OPEN_STATES = (CaseStatus.OPEN.value, CaseStatus.ESCALATED.value)


@dataclass
class IngestResult:
    segments: int = 0
    findings_new: int = 0
    findings_duplicate: int = 0
    findings_suppressed: int = 0
    """Findings an active suppression covered (counted on the suppression, no case opened)."""
    cases_new: int = 0
    blacklist_alerts: int = 0
    corrections_new: int = 0
    corrections_duplicate: int = 0
    webhooks: list[int] = field(default_factory=list)
    """Ids of webhook deliveries queued; hand them to the dispatcher after commit."""


def _stream(session: Session, meta: StreamMeta) -> Stream:
    """The stored stream, created on first sight; its owner is decided by :mod:`owners`."""
    stream = session.get(Stream, meta.stream_id)
    if stream is None:
        stream = Stream(
            id=meta.stream_id,
            platform_id=meta.platform_id,
            room_id=meta.room_id,
            host_id=meta.host_id,
            merchant_id="",
            gaps=[],
        )
        session.add(stream)
    for name in ("platform_id", "room_id", "host_id"):
        value = getattr(meta, name)
        if value and not getattr(stream, name):
            setattr(stream, name, value)
    owners.check_claim(stream, meta.merchant_id)
    session.flush()
    return stream


def _store_segment(session: Session, segment: Segment) -> bool:
    if session.get(SegmentRecord, segment.utterance_id) is not None:
        return False
    session.add(SegmentRecord.from_segment(segment))
    session.flush()
    return True


def _clip_columns(clip: ClipRef | None) -> dict[str, Any]:
    """Where a record's evidence audio is: the four clip columns findings and corrections share."""
    return {
        "clip_uri": clip.uri if clip else None,
        "clip_t_start": clip.t_start if clip else None,
        "clip_t_end": clip.t_end if clip else None,
        "clip_content_type": clip.content_type if clip else None,
    }


def _observed_at(segment: Segment | None, t_start: float | None, stream: Stream) -> datetime:
    """When it was said: the utterance's wall clock, else stream start + stream time, else now."""
    if segment is not None and segment.wall_start is not None:
        return segment.wall_start
    if stream.started_at is not None and t_start is not None:
        return stream.started_at + timedelta(seconds=t_start)
    return utcnow()


def _case_for(
    session: Session, settings: Settings, event: FindingEvent, stream: Stream, at: datetime
) -> tuple[Case, bool]:
    finding = event.finding
    meta = event.stream
    window = timedelta(seconds=settings.case_window_s)
    case = (
        session.execute(
            select(Case)
            .where(
                Case.stream_id == meta.stream_id,
                Case.rule_id == finding.rule_id,
                Case.kind == CaseKind.FINDING.value,
                Case.status.in_(OPEN_STATES),
                Case.last_seen >= at - window,
                Case.first_seen <= at + window,
            )
            .order_by(Case.last_seen.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )
    if case is not None:
        return case, False
    case = Case(
        kind=CaseKind.FINDING.value,
        stream_id=meta.stream_id,
        rule_id=finding.rule_id,
        family=finding.family.value,
        severity=finding.severity.value,
        severity_rank=finding.severity.rank,
        evidence=finding.evidence.value,
        detector=finding.detector.value,
        platform_id=meta.platform_id,
        host_id=meta.host_id,
        merchant_id=stream.merchant_id,
        owner_disputed=stream.owner_disputed,
        rule_pack_version=finding.rule_pack_version,
        title=finding.message,
        status=CaseStatus.OPEN.value,
        finding_count=0,
        first_seen=at,
        last_seen=at,
        correction_status=CorrectionStatus.UNCORRECTED.value,
    )
    credit.stamp_new_case(session, case)
    session.add(case)
    session.flush()
    return case, True


def _store_finding(
    session: Session, settings: Settings, event: FindingEvent, result: IngestResult
) -> None:
    finding = event.finding
    known = session.get(FindingRecord, finding.finding_id)
    if known is not None:
        result.findings_duplicate += 1
        if event.clip is not None and known.clip_uri == event.clip.uri:
            known.clip_status = event.clip.status  # a spooled clip was written, or lost
        return
    stream = _stream(session, event.stream)
    if event.segment is not None and _store_segment(session, event.segment):
        result.segments += 1
    at = _observed_at(event.segment, finding.t_start, stream)
    suppressed = suppressions.matching(
        session,
        rule_id=finding.rule_id,
        matched_text=finding.matched_text,
        merchant_id=stream.merchant_id,  # the owner the platform set, not a producer's claim
        host_id=stream.host_id or event.stream.host_id,
    )
    if suppressed is not None:
        # A reviewer said this rule is wrong here: keep the transcript, count the hit, no case.
        suppressions.count_hit(suppressed)
        result.findings_suppressed += 1
        return
    case, created = _case_for(session, settings, event, stream, at)
    result.cases_new += int(created)
    session.add(
        FindingRecord.from_finding(
            finding,
            case_id=case.id,
            stream_id=finding.stream_id or event.stream.stream_id,
            **_clip_columns(event.clip),
            clip_status=event.clip.status if event.clip else None,
            observed_at=at,
        )
    )
    case.finding_count += 1
    case.first_seen = min(case.first_seen, at)
    case.last_seen = max(case.last_seen, at)
    if finding.severity.rank > case.severity_rank:
        case.severity, case.severity_rank = finding.severity.value, finding.severity.rank
    if finding.evidence.value == "verified":
        case.evidence = "verified"
    elif finding.evidence.value == "evidence_required" and case.evidence == "wording":
        case.evidence = "evidence_required"
    learned = finding.detector is FoundBy.LEARNED
    if not learned:
        case.detector = FoundBy.RULES.value  # a rule confirmed what the heads suspected
    result.findings_new += 1
    session.flush()
    if case.correction_status == CorrectionStatus.CORRECTED.value:
        _refresh_correction(session, case)  # a new, uncorrected finding joined a corrected case
    # a learned hit is a possible violation: a person looks, no one is corrected on air
    if finding.severity is Severity.HIGH and settings.webhook_url and not learned:
        result.webhooks.append(_queue_webhook(session, settings, event, case).id)


def _queue_webhook(
    session: Session, settings: Settings, event: FindingEvent, case: Case
) -> WebhookDelivery:
    finding = event.finding
    payload = {
        "type": "liveguard.finding",
        "case_id": case.id,
        "stream": event.stream.model_dump(mode="json"),
        "finding": {
            "finding_id": finding.finding_id,
            "rule_id": finding.rule_id,
            "family": finding.family.value,
            "severity": finding.severity.value,
            "message": finding.message,
            "matched_text": finding.matched_text,
            "suggestion": finding.suggestion,
            "legal_basis": list(finding.legal_basis),
            "t_start": finding.t_start,
            "t_end": finding.t_end,
        },
    }
    delivery = WebhookDelivery(
        finding_id=finding.finding_id,
        case_id=case.id,
        url=settings.webhook_url,
        payload=json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
    )
    session.add(delivery)
    session.flush()
    return delivery


def _refresh_correction(session: Session, case: Case) -> None:
    """The case's correction status, time and delay, from its findings."""
    session.flush()
    records = session.execute(
        select(FindingRecord).where(FindingRecord.case_id == case.id)
    ).scalars()
    done = [r for r in records if r.corrected_at is not None]
    if not done:
        case.correction_status = CorrectionStatus.UNCORRECTED.value
        return
    status = (
        CorrectionStatus.CORRECTED if len(done) == case.finding_count else CorrectionStatus.PARTLY
    )
    first = min(done, key=lambda r: (r.corrected_at, r.observed_at))
    case.correction_status = status.value
    case.corrected_at = first.corrected_at
    case.correction_delay_s = first.correction_delay_s


def _store_correction(session: Session, event: CorrectionEvent, result: IngestResult) -> None:
    correction = event.correction
    if session.get(CorrectionRecord, correction.correction_id) is not None:
        result.corrections_duplicate += 1
        return
    stream = _stream(session, event.stream)
    if event.segment is not None and _store_segment(session, event.segment):
        result.segments += 1
    at = _observed_at(event.segment, correction.t_start, stream)
    session.add(
        CorrectionRecord.from_correction(correction, **_clip_columns(event.clip), observed_at=at)
    )
    cases: dict[int, Case] = {}
    for finding_id in correction.corrected_finding_ids:
        record = session.get(FindingRecord, finding_id)
        if record is None or record.correction_id is not None:
            continue  # unknown (purged) or already corrected by an earlier utterance
        record.correction_id = correction.correction_id
        record.corrected_at = at
        if record.t_start is not None and correction.t_start is not None:
            # stream time: exact, and right even when a recording is replayed faster
            record.correction_delay_s = max(0.0, correction.t_start - record.t_start)
        else:
            record.correction_delay_s = (at - record.observed_at).total_seconds()
        hook = session.execute(
            select(WebhookDelivery.delivered_at)
            .where(
                WebhookDelivery.finding_id == finding_id,
                WebhookDelivery.delivered_at.is_not(None),
            )
            .order_by(WebhookDelivery.delivered_at)
            .limit(1)
        ).scalar_one_or_none()
        if hook is not None:
            record.webhook_delay_s = (at - hook).total_seconds()
        cases[record.case_id] = record.case
    for case in cases.values():
        _refresh_correction(session, case)
        audit.record(
            session, None, "case", case.id, "corrected", correction_id=correction.correction_id
        )
    result.corrections_new += 1
    session.flush()


def _stream_started(session: Session, event: StreamStarted, result: IngestResult) -> None:
    stream = _stream(session, event.stream)
    first_time = stream.started_at is None
    if first_time:
        stream.started_at = event.at
    meta = event.stream
    for party_type, party_id in (("host", meta.host_id), ("merchant", stream.merchant_id)):
        if not party_id:
            continue
        entry = blacklist.lookup(session, party_type, party_id, at=event.at)
        if entry is None:
            continue
        rule_id = f"blacklist:{party_type}"
        exists = session.execute(
            select(Case.id).where(Case.stream_id == meta.stream_id, Case.rule_id == rule_id)
        ).first()
        if exists:
            continue
        case = Case(
            kind=CaseKind.BLACKLIST_HIT.value,
            stream_id=meta.stream_id,
            rule_id=rule_id,
            family=None,
            severity=Severity.HIGH.value,
            severity_rank=Severity.HIGH.rank,
            evidence="verified",
            platform_id=meta.platform_id,
            host_id=meta.host_id,
            merchant_id=stream.merchant_id,
            owner_disputed=stream.owner_disputed,
            title=f"listed {party_type} {party_id} went on air (blacklist entry {entry.id})",
            first_seen=event.at,
            last_seen=event.at,
            finding_count=0,
        )
        credit.stamp_new_case(session, case)
        session.add(case)
        session.flush()
        audit.record(session, None, "case", case.id, "blacklist_hit", entry_id=entry.id)
        result.blacklist_alerts += 1
        result.cases_new += 1


def ingest_events(
    session: Session,
    events: Iterable[PipelineEvent],
    settings: Settings,
    *,
    commit: bool = True,
) -> IngestResult:
    """Store a batch of pipeline events; safe to call again with the same events."""
    result = IngestResult()
    touched: set[str] = set()
    for event in events:
        touched.add(event.stream.stream_id)
        if isinstance(event, FindingEvent):
            _store_finding(session, settings, event, result)
        elif isinstance(event, CorrectionEvent):
            _store_correction(session, event, result)
        elif isinstance(event, SegmentEvent):
            _stream(session, event.stream)
            result.segments += int(_store_segment(session, event.segment))
        elif isinstance(event, StreamStarted):
            _stream_started(session, event, result)
        elif isinstance(event, StreamEnded):
            stream = _stream(session, event.stream)
            stream.ended_at = event.at
            stream.gaps = [list(g) for g in event.gaps]
    # live views re-read once the rows are visible, i.e. after the caller's commit
    if touched:
        bus = default_bus()
        sa_event.listen(session, "after_commit", lambda _s: bus.publish(touched), once=True)
    if commit:
        session.commit()
    logger.debug("ingested %s", result)
    return result
