"""Blacklist page: entries, the notices sent to listed parties, appeals and their decisions."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from liveguard.alerts.crud import blacklist
from liveguard.alerts.deps import DbId, SessionDep, SettingsDep, merchant_scope
from liveguard.alerts.models import Appeal, BlacklistEntry, Notice
from liveguard.alerts.web.auth import Admin, AnyRole, Csrf, Merchant, Moderator, PageError, to_web
from liveguard.alerts.web.credit_views import party_credits
from liveguard.alerts.web.render import page, redirect, ui
from liveguard.alerts.web.views import AppealView, BlacklistEntryView, BlacklistPage, NoticeView
from liveguard.errors import InputError

router = APIRouter()


def entry_view(e: BlacklistEntry) -> BlacklistEntryView:
    return BlacklistEntryView(
        id=str(e.id),
        party_kind=e.party_type,
        party_id=e.party_id,
        reasons=e.reasons,
        legal_basis=tuple(str(x) for x in e.legal_basis),
        starts_at=e.starts_at,
        ends_at=e.ends_at,
        active=blacklist.is_active(e),
        case_ids=tuple(str(x) for x in e.case_ids),
        appeal_route=e.appeal_route,
    )


def notice_text(body: dict[str, object]) -> str:
    """The notice as the party reads it: every field of the stored body, one per line."""
    lines = []
    for key, value in body.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}: {shown}")
    return "\n".join(lines)


def notice_view(n: Notice) -> NoticeView:
    return NoticeView(
        id=str(n.id),
        entry_id=str(n.entry_id),
        party_id=n.party_id,
        text=notice_text(n.body),
        created_at=n.created_at,
    )


def appeal_view(a: Appeal) -> AppealView:
    return AppealView(
        id=str(a.id),
        entry_id=str(a.entry_id),
        party_id=a.merchant_id,
        text=a.statement,
        status=a.status,
        decision=a.decision_reason if a.status != "pending" else "",
        created_at=a.filed_at,
    )


@router.get("/blacklist", response_class=HTMLResponse)
def blacklist_page(request: Request, session: SessionDep, user: AnyRole) -> HTMLResponse:
    scope = merchant_scope(user)
    entries = [entry_view(e) for e in blacklist.list_entries(session, merchant_scope=scope)]
    credits = {
        (c.party_type, c.party_id): c
        for c in party_credits(session, {(e.party_kind, e.party_id) for e in entries}, scope)
    }
    data = BlacklistPage(
        entries=tuple(replace(e, credit=credits.get((e.party_kind, e.party_id))) for e in entries),
        notices=tuple(
            notice_view(n) for n in blacklist.list_notices(session, merchant_scope=scope)
        ),
        appeals=tuple(
            appeal_view(a) for a in blacklist.list_appeals(session, merchant_scope=scope)
        ),
    )
    return page(request, "blacklist.html", to_web(user), page=data)


@router.post("/blacklist", dependencies=[Csrf])
def add_entry(
    session: SessionDep,
    settings: SettingsDep,
    user: Moderator,
    party_kind: Annotated[str, Form()],
    party_id: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    days: Annotated[int, Form(ge=0, le=3650)] = 0,
) -> RedirectResponse:
    try:
        blacklist.add_entry(
            session,
            party_type=party_kind,
            party_id=party_id.strip(),
            reasons=reason,
            legal_basis=(),
            term_days=days or settings.blacklist_term_days,
            user=user,
        )
    except (InputError, ValueError) as exc:
        session.rollback()
        raise PageError(400, str(exc)) from exc
    session.commit()
    return redirect(ui("/blacklist"))


@router.post("/blacklist/{entry_id}/appeal", dependencies=[Csrf])
def appeal(
    session: SessionDep, user: Merchant, entry_id: DbId, text: Annotated[str, Form()]
) -> RedirectResponse:
    try:
        blacklist.file_appeal(session, entry_id, user, text)
    except InputError as exc:
        session.rollback()
        raise PageError(400, str(exc)) from exc
    session.commit()
    return redirect(ui("/blacklist"))


@router.post("/appeals/{appeal_id}/decision", dependencies=[Csrf])
def decide_appeal(
    session: SessionDep,
    user: Admin,
    appeal_id: DbId,
    outcome: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> RedirectResponse:
    try:
        blacklist.decide_appeal(session, appeal_id, user, outcome == "uphold", reason or outcome)
    except InputError as exc:
        session.rollback()
        raise PageError(400, str(exc)) from exc
    session.commit()
    return redirect(ui("/blacklist"))
