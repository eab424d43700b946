"""Turning pipeline events into stored streams, transcripts, findings and cases.

Idempotent by id (finding id, utterance id): Kafka delivers at least once, so the same event
may arrive twice after a crash and must change nothing the second time. Findings of one rule
in one stream within ``case_window_s`` join one open case, so a host repeating a claim makes
one queue entry, not fifty.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit, blacklist
from liveguard.alerts.models import (
    Case,
    CaseKind,
    CaseStatus,
    FindingRecord,
    Stream,
    TranscriptSegment,
    WebhookDelivery,
    utcnow,
)
from liveguard.contracts import (
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
from liveguard.settings import Settings, get_settings

logger = logging.getLogger(__name__)

OPEN_STATES = (CaseStatus.OPEN.value, CaseStatus.ESCALATED.value)


@dataclass
class IngestResult:
    segments: int = 0
    findings_new: int = 0
    findings_duplicate: int = 0
    cases_new: int = 0
    blacklist_alerts: int = 0
    webhooks: list[int] = field(default_factory=list)
    """Ids of webhook deliveries queued; hand them to the dispatcher after commit."""


def _stream(session: Session, meta: StreamMeta) -> Stream:
    stream = session.get(Stream, meta.stream_id)
    if stream is None:
        stream = Stream(
            id=meta.stream_id,
            platform_id=meta.platform_id,
            room_id=meta.room_id,
            host_id=meta.host_id,
            merchant_id=meta.merchant_id,
            gaps=[],
        )
        session.add(stream)
        session.flush()
    else:
        for name in ("platform_id", "room_id", "host_id", "merchant_id"):
            value = getattr(meta, name)
            if value and not getattr(stream, name):
                setattr(stream, name, value)
    return stream


def _store_segment(session: Session, segment: Segment) -> bool:
    if session.get(TranscriptSegment, segment.utterance_id) is not None:
        return False
    session.add(
        TranscriptSegment(
            utterance_id=segment.utterance_id,
            stream_id=segment.stream_id,
            seq_start=segment.seq_start,
            seq_end=segment.seq_end,
            text=segment.text,
            t_start=segment.t_start,
            t_end=segment.t_end,
            language=segment.language,
            confidence=segment.confidence,
            wall_start=segment.wall_start,
            model_version=segment.model_version,
            flags=list(segment.flags),
        )
    )
    session.flush()
    return True


def _observed_at(event: FindingEvent, stream: Stream) -> datetime:
    """When it was said: the utterance's wall clock, else stream start + stream time, else now."""
    if event.segment is not None and event.segment.wall_start is not None:
        return event.segment.wall_start
    if stream.started_at is not None and event.finding.t_start is not None:
        return stream.started_at + timedelta(seconds=event.finding.t_start)
    return utcnow()


def _case_for(
    session: Session, settings: Settings, event: FindingEvent, at: datetime
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
        merchant_id=meta.merchant_id,
        rule_pack_version=finding.rule_pack_version,
        title=finding.message,
        status=CaseStatus.OPEN.value,
        finding_count=0,
        first_seen=at,
        last_seen=at,
    )
    session.add(case)
    session.flush()
    return case, True


def _store_finding(
    session: Session, settings: Settings, event: FindingEvent, result: IngestResult
) -> None:
    finding = event.finding
    if session.get(FindingRecord, finding.finding_id) is not None:
        result.findings_duplicate += 1
        return
    stream = _stream(session, event.stream)
    if event.segment is not None and _store_segment(session, event.segment):
        result.segments += 1
    at = _observed_at(event, stream)
    case, created = _case_for(session, settings, event, at)
    result.cases_new += int(created)
    clip = event.clip
    session.add(
        FindingRecord(
            finding_id=finding.finding_id,
            case_id=case.id,
            stream_id=finding.stream_id or event.stream.stream_id,
            utterance_id=finding.utterance_id,
            rule_id=finding.rule_id,
            family=finding.family.value,
            severity=finding.severity.value,
            scope=finding.scope.value,
            evidence=finding.evidence.value,
            message=finding.message,
            legal_basis=list(finding.legal_basis),
            suggestion=finding.suggestion,
            matched_text=finding.matched_text,
            start=finding.start,
            end=finding.end,
            language=finding.language,
            t_start=finding.t_start,
            t_end=finding.t_end,
            rule_pack_version=finding.rule_pack_version,
            model_version=finding.model_version,
            detector=finding.detector.value,
            detector_version=finding.detector_version,
            detail=finding.detail,
            related_utterance_ids=list(finding.related_utterance_ids),
            clip_uri=clip.uri if clip else None,
            clip_t_start=clip.t_start if clip else None,
            clip_t_end=clip.t_end if clip else None,
            clip_content_type=clip.content_type if clip else None,
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
    learned = finding.detector is FoundBy.LEARNED
    if not learned:
        case.detector = FoundBy.RULES.value  # a rule confirmed what the heads suspected
    result.findings_new += 1
    session.flush()
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


def _stream_started(session: Session, event: StreamStarted, result: IngestResult) -> None:
    stream = _stream(session, event.stream)
    first_time = stream.started_at is None
    if first_time:
        stream.started_at = event.at
    meta = event.stream
    for party_type, party_id in (("host", meta.host_id), ("merchant", meta.merchant_id)):
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
            merchant_id=meta.merchant_id,
            title=f"listed {party_type} {party_id} went on air (blacklist entry {entry.id})",
            first_seen=event.at,
            last_seen=event.at,
            finding_count=0,
        )
        session.add(case)
        session.flush()
        audit.record(session, None, "case", case.id, "blacklist_hit", entry_id=entry.id)
        result.blacklist_alerts += 1
        result.cases_new += 1


def ingest_events(
    session: Session,
    events: Iterable[PipelineEvent],
    settings: Settings | None = None,
    *,
    commit: bool = True,
) -> IngestResult:
    """Store a batch of pipeline events; safe to call again with the same events."""
    settings = settings or get_settings()
    result = IngestResult()
    for event in events:
        if isinstance(event, FindingEvent):
            _store_finding(session, settings, event, result)
        elif isinstance(event, SegmentEvent):
            _stream(session, event.stream)
            result.segments += int(_store_segment(session, event.segment))
        elif isinstance(event, StreamStarted):
            _stream_started(session, event, result)
        elif isinstance(event, StreamEnded):
            stream = _stream(session, event.stream)
            stream.ended_at = event.at
            stream.gaps = [list(g) for g in event.gaps]
    if commit:
        session.commit()
    logger.debug("ingested %s", result)
    return result
