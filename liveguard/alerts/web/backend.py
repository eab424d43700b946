"""The one place the pages touch the alerts service: its crud functions and models → view records.

Listing, decisions, blacklist and pre-check logic belong to the alerts service (``crud``); this
module only calls it and reshapes the results for templates, so a rule about who may see what
is never written twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from liveguard.alerts import clips
from liveguard.alerts.crud import audit, cases, streams
from liveguard.alerts.models import (
    Case,
    CorrectionRecord,
    FindingRecord,
    SegmentRecord,
)
from liveguard.alerts.schemas import FindingOut
from liveguard.alerts.web.views import (
    AuditView,
    CaseDetail,
    CaseRow,
    CorrectionView,
    FindingView,
    LiveLine,
    UtteranceView,
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
        owner_disputed=case.owner_disputed,
        correction_status=case.correction_status,
        host_credit=case.host_credit,
        merchant_credit=case.merchant_credit,
        risk=case.risk,
        detector=case.detector,
    )


def history(
    session: Session,
    *,
    host_id: str = "",
    merchant_id: str = "",
    exclude: int | None = None,
    merchant_scope: str | None = None,
) -> tuple[CaseRow, ...]:
    found = cases.related_cases(
        session,
        host_id=host_id,
        merchant_id=merchant_id,
        exclude=exclude,
        merchant_scope=merchant_scope,
    )
    return tuple(case_row(c) for c in found)


def finding_view(session: Session, rec: FindingRecord, clip_url: str | None) -> FindingView:
    text = rec.matched_text
    before: tuple[str, ...] = ()
    if rec.utterance_id:
        seg = session.get(SegmentRecord, rec.utterance_id)
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
    finding = FindingOut.model_validate(rec)
    return FindingView(
        finding=finding,
        text=text,
        start=start,
        end=end,
        clip_url=clip_url if rec.clip_uri and rec.clip_status in (None, "stored") else None,
        clip_offset=_clip_offset(rec.t_start, rec.clip_t_start),
        context_before=before,
        price_basis_words=_basis_words(rec.price_basis),
    )


def _clip_offset(t_start: float | None, clip_start: float | None) -> float:
    """Seconds into the clip where the words begin (the player seeks there)."""
    if t_start is None or clip_start is None:
        return 0.0
    return max(0.0, t_start - clip_start)


def _basis_words(basis: dict[str, object] | None) -> str:
    if not basis:
        return ""
    days = f", {basis['days']} d" if basis.get("days") else ""
    return f"{basis.get('text', '')} ({basis.get('kind', '')}{days})"


def correction_view(rec: CorrectionRecord, case_id: int) -> CorrectionView:
    start = rec.text.find(rec.cue) if rec.cue else -1
    return CorrectionView(
        id=rec.correction_id,
        kind=rec.kind,
        text=rec.text,
        cue_start=max(start, 0),
        cue_end=start + len(rec.cue) if start >= 0 else 0,
        t_start=rec.t_start,
        t_end=rec.t_end,
        clip_url=(
            f"/api/cases/{case_id}/corrections/{rec.correction_id}/clip" if rec.clip_uri else None
        ),
        clip_offset=_clip_offset(rec.t_start, rec.clip_t_start),
    )


def case_detail(
    session: Session,
    case: Case,
    clip_url_for: dict[str, str],
    legal_titles: dict[str, str],
    *,
    merchant_scope: str | None = None,
    show_audit: bool = False,
) -> CaseDetail:
    """The case page's content; ``merchant_scope`` and ``show_audit`` follow the API's rules
    (a merchant sees only its own cases and never the moderators' audit trail)."""
    findings = tuple(
        finding_view(session, rec, clip_url_for.get(rec.finding_id)) for rec in case.findings
    )
    basis: list[str] = []
    for f in findings:
        basis.extend(x for x in f.finding.legal_basis if x not in basis)
    entries = audit.entries_for(session, "case", case.id) if show_audit else ()
    return CaseDetail(
        row=case_row(case, findings[0].text if findings else ""),
        findings=findings,
        legal_basis_text=tuple((b, legal_titles.get(b, "")) for b in basis),
        audit=tuple(AuditView(e.at, e.username, e.action, e.reason) for e in entries),
        host_history=history(
            session, host_id=case.host_id, exclude=case.id, merchant_scope=merchant_scope
        ),
        merchant_history=history(
            session, merchant_id=case.merchant_id, exclude=case.id, merchant_scope=merchant_scope
        ),
        corrections=tuple(
            correction_view(c, case.id) for c in cases.case_corrections(session, case)
        ),
        utterances=group_utterances(findings),
    )


def group_utterances(findings: Sequence[FindingView]) -> tuple[UtteranceView, ...]:
    """Findings of the same utterance together, in the order they were first heard."""
    groups: dict[str, list[FindingView]] = {}
    for f in findings:
        groups.setdefault(f.utterance_id or f.id, []).append(f)
    return tuple(UtteranceView(text=g[0].text, findings=tuple(g)) for g in groups.values())


def legal_label(basis_id: str, lang: str) -> str:
    """How a page names a provision: in Chinese its law and article (广告法 第十六条), in
    English the law and our one-line summary; an unknown id shows as itself."""
    entry = _legal_table().get(basis_id)
    if entry is None:
        return basis_id
    return entry[0] if lang != "en" else f"{entry[0]} — {entry[1]}"


def _legal_table() -> dict[str, tuple[str, str]]:
    from liveguard.rules.legal import legal_basis_table

    return {k: (v.law, v.summary) for k, v in legal_basis_table().items()}


def live_lines(session: Session, stream_id: str) -> list[LiveLine]:
    """Transcript lines of a stream with their findings' spans, oldest first."""
    segs, recs = streams.stream_lines(session, stream_id)
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


def clip_url(case_id: int, finding_id: str) -> str:
    """The alerts API's clip endpoint (range requests; the session cookie authorises it)."""
    return clips.clip_path(case_id, finding_id)


def legal_titles() -> dict[str, str]:
    """``id → "law — summary"`` from the rules stage's legal-basis table."""
    from liveguard.rules.legal import legal_basis_table

    return {k: f"{v.law} — {v.summary}" for k, v in legal_basis_table().items()}
