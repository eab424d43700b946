"""Moderator pages: the queue, a case with its evidence, and the decision buttons."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from liveguard.alerts.crud import cases, credit, feedback
from liveguard.alerts.deps import DbId, SessionDep, SettingsDep, merchant_scope
from liveguard.alerts.web import backend
from liveguard.alerts.web.auth import Csrf, Moderator, PageError, PageUser, to_web
from liveguard.alerts.web.credit_views import party_credits
from liveguard.alerts.web.i18n import translate
from liveguard.alerts.web.pages_feedback import dismissal_reason, suppress_case
from liveguard.alerts.web.render import lang_of, page, redirect, ui
from liveguard.alerts.web.views import QueueFilters
from liveguard.errors import InputError

router = APIRouter()

PAGE_SIZE = 50
QUEUE_SORTS = {"severity": "sort_severity", "risk": "sort_risk", "newest": "sort_newest"}
AUDIT_READERS = ("moderator", "regulator", "admin")
"""The roles the audit API (``/api/cases/{id}/audit``) answers; the page shows no more."""


def _one(value: str) -> tuple[str, ...]:
    return (value,) if value else ()


@router.get("/queue", response_class=HTMLResponse)
def queue(
    request: Request,
    session: SessionDep,
    user: Moderator,
    severity: str = "",
    family: str = "",
    rule_id: str = "",
    status: str = "open",
    stream_id: str = "",
    host_id: str = "",
    merchant_id: str = "",
    platform_id: str = "",
    evidence: str = "",
    cursor: str = "",
    sort: str = "severity",
) -> HTMLResponse:
    shown = QueueFilters(
        severity=severity,
        family=family,
        rule_id=rule_id,
        status=status,
        stream_id=stream_id,
        host_id=host_id,
        merchant_id=merchant_id,
        platform_id=platform_id,
        evidence=evidence,
    )
    filters = cases.CaseFilters(
        status=_one(status),
        severity=_one(severity),
        family=_one(family),
        rule_id=_one(rule_id),
        evidence=_one(evidence),
        platform_id=platform_id or None,
        stream_id=stream_id or None,
        host_id=host_id or None,
        merchant_id=merchant_id or None,
    )
    order = sort if sort in QUEUE_SORTS else "severity"
    try:
        result = cases.list_cases(
            session, filters, sort=cases.CaseSort(order), cursor=cursor or None, limit=PAGE_SIZE
        )
    except InputError as exc:
        raise PageError(400, "not_found") from exc
    next_query = ""
    if result.next_cursor:
        next_query = urlencode({**shown.as_query(), "sort": order, "cursor": result.next_cursor})
    return page(
        request,
        "queue.html",
        to_web(user),
        cases=[backend.case_row(c) for c in result.items],
        filters=shown,
        next_cursor=result.next_cursor,
        next_query=next_query,
        sort=order,
        sorts=QUEUE_SORTS,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, session: SessionDep, user: PageUser, case_id: DbId) -> HTMLResponse:
    scope = merchant_scope(user)
    case = cases.get_case(session, case_id, merchant_scope=scope)
    if case is None:
        raise PageError(404, "not_found")
    clip_urls = {f.finding_id: backend.clip_url(case.id, f.finding_id) for f in case.findings}
    detail = backend.case_detail(
        session,
        case,
        clip_urls,
        backend.legal_titles(),
        merchant_scope=scope,
        show_audit=user.role in AUDIT_READERS,
    )
    credits = party_credits(
        session, (("host", case.host_id), ("merchant", case.merchant_id)), scope
    )
    return page(
        request,
        "case.html",
        to_web(user),
        case=replace(detail, credits=credits),
        can_decide=user.role in ("moderator", "admin") and case.status in ("open", "escalated"),
        reason_codes=feedback.DISMISS_REASONS,
    )


@router.post("/cases/{case_id}/decision", response_model=None, dependencies=[Csrf])
def decide(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: Moderator,
    case_id: DbId,
    action: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    reason_code: Annotated[str, Form()] = "",
    suppress_scope: Annotated[str, Form()] = "",
    suppress_days: Annotated[int, Form(ge=1, le=365)] = 30,
) -> JSONResponse | RedirectResponse:
    """Claim and decide in one step: on a page the reviewer who pressed the button holds it.

    A dismissal's reason starts with its code (``asr_error: …``) so the false-positive report
    can count it; it may also create a suppression for the case's merchant, host or everyone.
    """
    wants_json = "application/json" in request.headers.get("accept", "")
    if action == "dismiss":
        reason = dismissal_reason(reason_code, reason)
    try:
        cases.claim_case(session, case_id, user, settings.claim_lease_s)
        case = cases.decide_case(session, case_id, user, action, reason)
        if case.status == "dismissed" and suppress_scope:
            suppress_case(session, user, case, suppress_scope, suppress_days, reason)
            session.commit()
        if case.status == "confirmed":
            # Same follow-up as the API's decision route: credit, then the blacklist policy.
            credit.after_decision(session, settings, case)
            session.commit()
    except (InputError, cases.CaseConflictError, ValueError) as exc:
        session.rollback()
        if wants_json:
            return JSONResponse({"error": str(exc)}, status_code=409)
        raise PageError(409, str(exc)) from exc
    if wants_json:
        label = translate(case.status, lang_of(request))
        return JSONResponse({"id": case.id, "status": case.status, "status_label": label})
    return redirect(ui(f"/cases/{case_id}"))
