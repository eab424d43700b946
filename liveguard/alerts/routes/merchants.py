"""A merchant's allow-list: registered trademarks, product names and awards."""

from __future__ import annotations

from fastapi import APIRouter, Response

from liveguard.alerts.crud import merchants
from liveguard.alerts.deps import AnyRole, DbId, Merchant, SessionDep, merchant_scope
from liveguard.alerts.problems import Problem
from liveguard.alerts.schemas import AllowIn, AllowOut
from liveguard.errors import InputError

router = APIRouter(prefix="/allow-list", tags=["merchants"])


@router.get("", response_model=list[AllowOut])
def list_allow(
    user: AnyRole, session: SessionDep, merchant_id: str | None = None
) -> list[AllowOut]:
    """A merchant sees its own list; other roles may filter by ``merchant_id``."""
    scope = merchant_scope(user)
    return [
        AllowOut.model_validate(e)
        for e in merchants.list_allow(session, scope if scope is not None else merchant_id)
    ]


@router.post("", response_model=AllowOut, status_code=201)
def add_allow(body: AllowIn, user: Merchant, session: SessionDep) -> AllowOut:
    try:
        entry = merchants.add_allow(
            session, user, user.merchant_id or "", body.term, body.kind, body.proof_ref
        )
    except InputError as exc:
        raise Problem(409, str(exc)) from exc
    session.commit()
    return AllowOut.model_validate(entry)


@router.delete("/{entry_id}", status_code=204)
def remove_allow(entry_id: DbId, user: Merchant, session: SessionDep) -> Response:
    try:
        merchants.remove_allow(session, user, entry_id, merchant_scope(user))
    except InputError as exc:
        raise Problem(404, str(exc)) from exc
    session.commit()
    return Response(status_code=204)
