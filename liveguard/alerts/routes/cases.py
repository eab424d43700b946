"""The moderators' queue: list, read, claim, decide; evidence clips and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from liveguard.alerts.clips import clip_path, clip_response, correction_clip_path
from liveguard.alerts.credit import default_weights
from liveguard.alerts.crud import audit, credit
from liveguard.alerts.crud import cases as crud
from liveguard.alerts.deps import (
    Admin,
    AnyRole,
    DbId,
    Moderator,
    Reader,
    SessionDep,
    SettingsDep,
    merchant_scope,
)
from liveguard.alerts.models import Case, CorrectionRecord, FindingRecord
from liveguard.alerts.problems import Problem
from liveguard.alerts.schemas import (
    AuditOut,
    CaseDetailOut,
    CaseOut,
    CasePageOut,
    CorrectionOut,
    DecisionIn,
    FindingOut,
    HoldIn,
    SegmentOut,
)
from liveguard.errors import InputError
from liveguard.ingest.clipstore import clip_belongs

router = APIRouter(prefix="/cases", tags=["cases"])

Multi = Annotated[list[str] | None, Query(max_length=20)]


@router.get("", response_model=CasePageOut)
def list_cases(
    user: AnyRole,
    session: SessionDep,
    status: Multi = None,
    severity: Multi = None,
    family: Multi = None,
    rule_id: Multi = None,
    evidence: Multi = None,
    correction_status: Multi = None,
    platform_id: str | None = None,
    stream_id: str | None = None,
    host_id: str | None = None,
    merchant_id: str | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    sort: crud.CaseSort = crud.CaseSort.NEWEST,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=crud.MAX_PAGE)] = 50,
) -> CasePageOut:
    """Cases matching every given filter; repeat a parameter to allow several values."""
    filters = crud.CaseFilters(
        status=status or (),
        severity=severity or (),
        family=family or (),
        rule_id=rule_id or (),
        evidence=evidence or (),
        correction_status=correction_status or (),
        platform_id=platform_id,
        stream_id=stream_id,
        host_id=host_id,
        merchant_id=merchant_id,
        kind=kind,
        since=since,
        until=until,
    )
    scope = merchant_scope(user)
    if scope is not None and sort is crud.CaseSort.RISK:
        # the order would reveal hosts' credit, which spans merchants
        raise Problem(400, "sort=risk is for reviewers; merchants may sort by newest or severity")
    try:
        page = crud.list_cases(
            session,
            filters,
            sort=sort,
            cursor=cursor,
            limit=limit,
            merchant_scope=merchant_scope(user),
        )
    except InputError as exc:
        raise Problem(400, str(exc)) from exc
    return CasePageOut(items=[case_out(c, scope) for c in page.items], next_cursor=page.next_cursor)


def case_out(case: Case, scope: str | None) -> CaseOut:
    """A merchant sees its own credit on its cases, never the host's (it spans merchants)."""
    out = CaseOut.model_validate(case)
    if scope is not None:
        out.host_credit = None
        start = default_weights().start
        out.risk = 0.0 if case.merchant_credit is None else round(start - case.merchant_credit, 2)
    return out


def _case_or_404(session: SessionDep, case_id: DbId, scope: str | None) -> Case:
    case = crud.get_case(session, case_id, merchant_scope=scope)
    if case is None:
        raise Problem(404, f"no case {case_id}")
    return case


@router.get("/{case_id}", response_model=CaseDetailOut)
def get_case(
    case_id: DbId, user: AnyRole, session: SessionDep, settings: SettingsDep
) -> CaseDetailOut:
    """The case with every finding, the transcript around them and clip links.

    Clip links are relative (or under ``LIVEGUARD_PUBLIC_URL``): never built from the request's
    Host header, which a client or a misconfigured proxy controls.
    """
    scope = merchant_scope(user)
    case = _case_or_404(session, case_id, scope)
    transcript = crud.case_transcript(session, case)
    corrections = crud.case_corrections(session, case)
    return CaseDetailOut(
        case=case_out(case, scope),
        findings=[FindingOut.model_validate(f) for f in case.findings],
        transcript=[SegmentOut.model_validate(s) for s in transcript],
        clip_urls={
            f.finding_id: settings.public_url.rstrip("/") + clip_path(case.id, f.finding_id)
            for f in case.findings
            if f.clip_uri and f.clip_status in (None, "stored")
        },
        corrections=[CorrectionOut.model_validate(c) for c in corrections],
        correction_clip_urls={
            c.correction_id: settings.public_url.rstrip("/")
            + correction_clip_path(case.id, c.correction_id)
            for c in corrections
            if c.clip_uri
        },
    )


@router.get("/{case_id}/corrections/{correction_id}/clip", name="correction_clip")
def correction_clip(
    case_id: DbId,
    correction_id: str,
    user: AnyRole,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
) -> Response:
    """The audio of the host's correction of this case's findings; supports ``Range``."""
    case = _case_or_404(session, case_id, merchant_scope(user))
    correction = next(
        (c for c in crud.case_corrections(session, case) if c.correction_id == correction_id),
        None,
    )
    return _clip_of(correction, "correction", settings, request, case.stream_id)


@router.get("/{case_id}/findings/{finding_id}/clip", name="finding_clip")
def finding_clip(
    case_id: DbId,
    finding_id: str,
    user: AnyRole,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
) -> Response:
    """The evidence audio of one finding; supports ``Range: bytes=…``."""
    case = _case_or_404(session, case_id, merchant_scope(user))
    finding = next((f for f in case.findings if f.finding_id == finding_id), None)
    return _clip_of(finding, "finding", settings, request, case.stream_id)


def _clip_of(
    record: FindingRecord | CorrectionRecord | None,
    what: str,
    settings: SettingsDep,
    request: Request,
    case_stream_id: str,
) -> Response:
    """A record's evidence audio, served only if it belongs to the record's own stream."""
    if record is None or not record.clip_uri:
        raise Problem(404, f"this {what} has no clip")
    if getattr(record, "clip_status", None) == "lost":
        raise Problem(404, f"the clip of this {what} was lost (the clip store refused it)")
    if not clip_belongs(record.clip_uri, record.stream_id or case_stream_id):
        raise Problem(404, f"the clip reference points outside this {what}'s stream")
    return clip_response(
        settings,
        record.clip_uri,
        record.clip_content_type or "audio/wav",
        request.headers.get("range"),
    )


@router.get("/{case_id}/audit", response_model=list[AuditOut])
def case_audit(case_id: DbId, user: Reader, session: SessionDep) -> list[AuditOut]:
    _case_or_404(session, case_id, None)
    return [AuditOut.model_validate(e) for e in audit.entries_for(session, "case", case_id)]


def _conflict(exc: Exception) -> Problem:
    if isinstance(exc, crud.CaseConflictError):
        return Problem(409, str(exc))
    if isinstance(exc, InputError) and str(exc).startswith("no case"):
        return Problem(404, str(exc))
    return Problem(400, str(exc))


@router.post("/{case_id}/claim", response_model=CaseOut)
def claim(case_id: DbId, user: Moderator, session: SessionDep, settings: SettingsDep) -> CaseOut:
    """Take the review lease (``claim_lease_s``); 409 if someone else holds it."""
    try:
        return CaseOut.model_validate(
            crud.claim_case(session, case_id, user, settings.claim_lease_s)
        )
    except (crud.CaseConflictError, InputError) as exc:
        raise _conflict(exc) from exc


@router.post("/{case_id}/release", response_model=CaseOut)
def release(case_id: DbId, user: Moderator, session: SessionDep) -> CaseOut:
    try:
        return CaseOut.model_validate(crud.release_case(session, case_id, user))
    except (crud.CaseConflictError, InputError) as exc:
        raise _conflict(exc) from exc


@router.post("/{case_id}/decision", response_model=CaseOut)
def decide(
    case_id: DbId, body: DecisionIn, user: Moderator, session: SessionDep, settings: SettingsDep
) -> CaseOut:
    """Confirm, dismiss (reason required) or escalate a case you hold.

    A confirmation recomputes the host's and merchant's credit and may list them under the
    blacklist policy.
    """
    try:
        case = crud.decide_case(session, case_id, user, body.action, body.reason)
    except (crud.CaseConflictError, InputError) as exc:
        raise _conflict(exc) from exc
    if body.action == "confirm":
        credit.after_decision(session, settings, case)
        session.commit()
    return CaseOut.model_validate(case)


@router.post("/{case_id}/hold", response_model=CaseOut)
def legal_hold(case_id: DbId, body: HoldIn, user: Admin, session: SessionDep) -> CaseOut:
    """Put a case under legal hold (exempt from the retention purge) or lift it."""
    try:
        return CaseOut.model_validate(
            crud.set_legal_hold(session, case_id, user, body.hold, body.reason)
        )
    except InputError as exc:
        raise _conflict(exc) from exc
