"""The one place the pages touch the alerts service: its crud functions and models → view records.

Listing, decisions, blacklist and pre-check logic belong to the alerts service (``crud``); this
module only calls it and reshapes the results for templates, so a rule about who may see what
is never written twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit, cases
from liveguard.alerts.models import Case, FindingRecord, Stream, TranscriptSegment, User
from liveguard.alerts.web.views import (
    AuditView,
    CaseDetail,
    CaseRow,
    FindingView,
    LiveLine,
)

CONTEXT_LINES = 3


def case_row(case: Case, excerpt: str = "") -> CaseRow:
    return CaseRow(
        id=str(case.id),
        rule_id=case.rule_id,
        family=case.family or "",
        severity=case.severity,
        status=case.status,
        evidence=case.evidence,
        platform_id=case.platform_id,
        stream_id=case.stream_id,
        host_id=case.host_id,
        merchant_id=case.merchant_id,
        findings=case.finding_count,
        opened_at=case.first_seen,
        excerpt=excerpt or case.title,
        detector=case.detector,
    )


def history(
    session: Session, *, host_id: str = "", merchant_id: str = "", exclude: int | None = None
) -> tuple[CaseRow, ...]:
    query = select(Case).order_by(Case.last_seen.desc(), Case.id.desc()).limit(10)
    if host_id:
        query = query.where(Case.host_id == host_id)
    elif merchant_id:
        query = query.where(Case.merchant_id == merchant_id)
    else:
        return ()
    if exclude is not None:
        query = query.where(Case.id != exclude)
    return tuple(case_row(c) for c in session.execute(query).scalars())


def finding_view(session: Session, rec: FindingRecord, clip_url: str | None) -> FindingView:
    text = rec.matched_text
    before: tuple[str, ...] = ()
    if rec.utterance_id:
        seg = session.get(TranscriptSegment, rec.utterance_id)
        if seg is not None:
            text = seg.text
            around = cases.transcript_around(session, seg.stream_id, seg.t_start, seg.t_end)
            earlier = [s.text for s in around if s.t_start < seg.t_start]
            before = tuple(earlier[-CONTEXT_LINES:])
    start, end = rec.start, rec.end
    if text[start:end] != rec.matched_text:
        # A finding stored without its utterance: show the match alone rather than a wrong span.
        found = text.find(rec.matched_text)
        start, end = (found, found + len(rec.matched_text)) if found >= 0 else (0, 0)
    offset = 0.0
    if rec.t_start is not None and rec.clip_t_start is not None:
        offset = max(0.0, rec.t_start - rec.clip_t_start)
    return FindingView(
        id=rec.finding_id,
        matched_text=rec.matched_text,
        message=rec.message,
        suggestion=rec.suggestion,
        legal_basis=tuple(str(x) for x in rec.legal_basis),
        text=text,
        start=start,
        end=end,
        t_start=rec.t_start,
        t_end=rec.t_end,
        clip_url=clip_url if rec.clip_uri else None,
        clip_offset=offset,
        context_before=before,
        detector=rec.detector,
        detail=rec.detail,
    )


def case_detail(
    session: Session, case: Case, clip_url_for: dict[str, str], legal_titles: dict[str, str]
) -> CaseDetail:
    findings = tuple(
        finding_view(session, rec, clip_url_for.get(rec.finding_id)) for rec in case.findings
    )
    basis: list[str] = []
    for f in findings:
        basis.extend(x for x in f.legal_basis if x not in basis)
    entries = audit.entries_for(session, "case", case.id)
    return CaseDetail(
        row=case_row(case, findings[0].text if findings else ""),
        findings=findings,
        legal_basis_text=tuple((b, legal_titles.get(b, "")) for b in basis),
        audit=tuple(AuditView(e.at, e.username, e.action, e.reason) for e in entries),
        host_history=history(session, host_id=case.host_id, exclude=case.id),
        merchant_history=history(session, merchant_id=case.merchant_id, exclude=case.id),
    )


def live_lines(session: Session, stream_id: str, after_received: int = 0) -> list[LiveLine]:
    """Transcript lines of a stream with their findings' spans, oldest first."""
    segs: Sequence[TranscriptSegment] = (
        session.execute(
            select(TranscriptSegment)
            .where(TranscriptSegment.stream_id == stream_id)
            .order_by(TranscriptSegment.t_start)
        )
        .scalars()
        .all()
    )
    recs = (
        session.execute(select(FindingRecord).where(FindingRecord.stream_id == stream_id))
        .scalars()
        .all()
    )
    by_utt: dict[str, list[FindingRecord]] = {}
    for rec in recs:
        by_utt.setdefault(rec.utterance_id or "", []).append(rec)
    out: list[LiveLine] = []
    for seg in segs:
        hits = by_utt.get(seg.utterance_id, [])
        out.append(
            LiveLine(
                utterance_id=seg.utterance_id,
                t_start=seg.t_start,
                t_end=seg.t_end,
                text=seg.text,
                marks=tuple((h.start, h.end, h.rule_id, h.severity) for h in hits),
                case_id=str(hits[0].case_id) if hits else None,
            )
        )
    return out


def user_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    user = session.get(User, user_id)
    return user.username if user else ""


def clip_url(case_id: int, finding_id: str) -> str:
    """The alerts API's clip endpoint (range requests; the session cookie authorises it)."""
    return f"/api/cases/{case_id}/findings/{finding_id}/clip"


def legal_titles() -> dict[str, str]:
    """``id → "law — summary"`` from the rules stage's legal-basis table."""
    from liveguard.rules.legal import legal_basis_table

    return {k: f"{v.law} — {v.summary}" for k, v in legal_basis_table().items()}


def recent_streams(session: Session, limit: int = 50) -> list[str]:
    rows = session.execute(
        select(Stream.id).order_by(Stream.started_at.desc().nulls_last()).limit(limit)
    )
    return [str(r) for r in rows.scalars()]


def stream_ended(session: Session, stream_id: str) -> bool:
    stream = session.get(Stream, stream_id)
    return stream is not None and stream.ended_at is not None
