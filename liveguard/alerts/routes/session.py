"""Health and "who am I"."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from liveguard.alerts.deps import CurrentUser, SessionDep
from liveguard.alerts.schemas import UserOut

router = APIRouter(tags=["session"])


@router.get("/health")
def health(session: SessionDep) -> dict[str, str]:
    """Liveness plus a database round trip (no authentication)."""
    session.execute(text("select 1"))
    return {"status": "ok"}


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
