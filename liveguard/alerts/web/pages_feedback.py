"""The feedback page: false positives per rule with their reasons, and suppressions.

Moderators add and lift suppressions here (or while dismissing a case); regulators read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from liveguard.alerts.crud import feedback, suppressions
from liveguard.alerts.deps import SessionDep
from liveguard.alerts.models import Case, Suppression, SuppressionScope, User
from liveguard.alerts.web.auth import Csrf, Moderator, PageError, Reader, to_web
from liveguard.alerts.web.render import page, redirect, ui
from liveguard.errors import InputError

router = APIRouter()


def dismissal_reason(code: str, text: str) -> str:
    """``code: text`` so the report can count the code; a bare dismissal is a false positive."""
    code = code.strip() if code.strip() in feedback.DISMISS_REASONS else ""
    text = text.strip()
    if code and text:
        return f"{code}: {text}"
    return code or text or "false_positive"


def suppress_case(
    session: Session, user: User, case: Case, scope: str, days: int, reason: str
) -> Suppression:
    """Suppress the dismissed case's rule, on the phrase it matched, for its merchant, its host
    or everyone."""
    scope_enum = SuppressionScope(scope)
    scope_id = {
        SuppressionScope.MERCHANT: case.merchant_id,
        SuppressionScope.HOST: case.host_id,
        SuppressionScope.GLOBAL: "",
    }[scope_enum]
    term = case.findings[0].matched_text if case.findings else ""
    return suppressions.add(
        session,
        user,
        scope=scope_enum,
        scope_id=scope_id,
        rule_id=case.rule_id,
        term=term,
        reason=f"case {case.id} dismissed: {reason}",
        days=days,
        case_id=case.id,
    )


@router.get("/feedback", response_class=HTMLResponse)
def feedback_page(request: Request, session: SessionDep, user: Reader) -> HTMLResponse:
    return page(
        request,
        "feedback.html",
        to_web(user),
        report=feedback.false_positive_report(session),
        reason_codes=feedback.DISMISS_REASONS,
        rows=[(s, suppressions.is_active(s)) for s in suppressions.list_suppressions(session)],
        scopes=[s.value for s in SuppressionScope],
    )


@router.post("/suppressions", dependencies=[Csrf])
def add_suppression(
    session: SessionDep,
    user: Moderator,
    scope: Annotated[str, Form()],
    rule_id: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    scope_id: Annotated[str, Form()] = "",
    term: Annotated[str, Form()] = "",
    days: Annotated[int, Form()] = 30,
) -> RedirectResponse:
    try:
        suppressions.add(
            session,
            user,
            scope=scope,
            scope_id=scope_id,
            rule_id=rule_id,
            term=term,
            reason=reason,
            days=days,
        )
    except (InputError, ValueError) as exc:
        session.rollback()
        raise PageError(400, str(exc)) from exc
    session.commit()
    return redirect(ui("/feedback"))


@router.post("/suppressions/{suppression_id}/lift", dependencies=[Csrf])
def lift_suppression(
    session: SessionDep,
    user: Moderator,
    suppression_id: int,
    reason: Annotated[str, Form()] = "",
) -> RedirectResponse:
    try:
        suppressions.lift(session, user, suppression_id, reason or "lifted on the feedback page")
    except InputError as exc:
        session.rollback()
        raise PageError(404, "not_found") from exc
    session.commit()
    return redirect(ui("/feedback"))
