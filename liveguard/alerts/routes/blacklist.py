"""Blacklist entries, lookup, notices and appeals (CN-LIVE-2026-14)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from liveguard.alerts.crud import audit
from liveguard.alerts.crud import blacklist as crud
from liveguard.alerts.deps import (
    Admin,
    AnyRole,
    DbId,
    Merchant,
    Moderator,
    QueryId,
    Reader,
    SessionDep,
    merchant_scope,
)
from liveguard.alerts.models import BlacklistEntry
from liveguard.alerts.problems import Problem
from liveguard.alerts.schemas import (
    AppealDecisionIn,
    AppealIn,
    AppealOut,
    AuditOut,
    BlacklistIn,
    BlacklistOut,
    LookupOut,
    NoticeOut,
    ReasonIn,
)
from liveguard.errors import InputError

router = APIRouter(tags=["blacklist"])


def _out(entry: BlacklistEntry) -> BlacklistOut:
    out = BlacklistOut.model_validate(entry)
    out.active = crud.is_active(entry)
    return out


@router.get("/blacklist", response_model=list[BlacklistOut])
def list_entries(
    user: AnyRole,
    session: SessionDep,
    active_only: bool = False,
    before_id: QueryId = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[BlacklistOut]:
    crud.expire_entries(session)
    session.commit()
    entries = crud.list_entries(
        session,
        active_only=active_only,
        merchant_scope=merchant_scope(user),
        limit=limit,
        before_id=before_id,
    )
    return [_out(e) for e in entries]


@router.get("/blacklist/lookup", response_model=LookupOut)
def lookup(
    party_type: Literal["host", "merchant"],
    party_id: Annotated[str, Query(min_length=1, max_length=200)],
    user: Reader,
    session: SessionDep,
) -> LookupOut:
    """Is this host / merchant listed right now? (for the platform's go-live check)"""
    entry = crud.lookup(session, party_type, party_id)
    audit.record(session, user, "blacklist_lookup", f"{party_type}:{party_id}", "lookup")
    session.commit()
    return LookupOut(
        party_type=party_type,
        party_id=party_id,
        listed=entry is not None,
        entry=_out(entry) if entry else None,
    )


@router.post("/blacklist", response_model=BlacklistOut, status_code=201)
def add_entry(body: BlacklistIn, user: Moderator, session: SessionDep) -> BlacklistOut:
    """A manual entry; the notice to the party is produced at once."""
    try:
        entry = crud.add_entry(
            session,
            party_type=body.party_type,
            party_id=body.party_id,
            reasons=body.reasons,
            legal_basis=body.legal_basis,
            term_days=body.term_days,
            case_ids=body.case_ids,
            merchant_id=body.merchant_id,
            user=user,
        )
    except InputError as exc:
        raise Problem(409 if "already listed" in str(exc) else 400, str(exc)) from exc
    session.commit()
    return _out(entry)


@router.get("/blacklist/{entry_id}", response_model=BlacklistOut)
def get_entry(entry_id: DbId, user: AnyRole, session: SessionDep) -> BlacklistOut:
    entry = crud.get_entry(session, entry_id, merchant_scope(user))
    if entry is None:
        raise Problem(404, f"no blacklist entry {entry_id}")
    return _out(entry)


@router.get("/blacklist/{entry_id}/audit", response_model=list[AuditOut])
def entry_audit(entry_id: DbId, user: Reader, session: SessionDep) -> list[AuditOut]:
    return [AuditOut.model_validate(e) for e in audit.entries_for(session, "blacklist", entry_id)]


@router.post("/blacklist/{entry_id}/lift", response_model=BlacklistOut)
def lift(entry_id: DbId, body: ReasonIn, user: Admin, session: SessionDep) -> BlacklistOut:
    try:
        entry = crud.lift_entry(session, entry_id, user, body.reason)
    except InputError as exc:
        raise Problem(404, str(exc)) from exc
    session.commit()
    return _out(entry)


@router.get("/notices", response_model=list[NoticeOut])
def notices(user: AnyRole, session: SessionDep) -> list[NoticeOut]:
    """Notices to listed parties; a merchant sees only its own."""
    return [NoticeOut.model_validate(n) for n in crud.list_notices(session, merchant_scope(user))]


@router.get("/notices/{notice_id}", response_model=NoticeOut)
def notice(notice_id: DbId, user: AnyRole, session: SessionDep) -> NoticeOut:
    found = crud.get_notice(session, notice_id, merchant_scope(user))
    if found is None:
        raise Problem(404, f"no notice {notice_id}")
    return NoticeOut.model_validate(found)


@router.post("/appeals", response_model=AppealOut, status_code=201)
def file_appeal(body: AppealIn, user: Merchant, session: SessionDep) -> AppealOut:
    try:
        appeal = crud.file_appeal(session, body.entry_id, user, body.statement)
    except InputError as exc:
        raise Problem(404 if str(exc).startswith("no ") else 409, str(exc)) from exc
    session.commit()
    return AppealOut.model_validate(appeal)


@router.get("/appeals", response_model=list[AppealOut])
def list_appeals(
    user: AnyRole,
    session: SessionDep,
    status: Literal["pending", "upheld", "rejected"] | None = None,
) -> list[AppealOut]:
    return [
        AppealOut.model_validate(a)
        for a in crud.list_appeals(session, merchant_scope(user), status)
    ]


@router.post("/appeals/{appeal_id}/decision", response_model=AppealOut)
def decide_appeal(
    appeal_id: DbId, body: AppealDecisionIn, user: Admin, session: SessionDep
) -> AppealOut:
    """Uphold (lifts the entry) or reject an appeal."""
    try:
        appeal = crud.decide_appeal(session, appeal_id, user, body.uphold, body.reason)
    except InputError as exc:
        raise Problem(404 if str(exc).startswith("no ") else 409, str(exc)) from exc
    session.commit()
    return AppealOut.model_validate(appeal)
