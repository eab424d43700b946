"""Administration: retention purge, webhook delivery log, the global audit log."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from liveguard.alerts import retention, webhooks
from liveguard.alerts.crud import audit
from liveguard.alerts.deps import Admin, Moderator, QueryId, Reader, SessionDep, SettingsDep
from liveguard.alerts.schemas import AuditOut, DeliveryOut, PurgeOut

router = APIRouter(tags=["admin"])


@router.post("/admin/retention/purge", response_model=PurgeOut)
def purge(user: Admin, session: SessionDep, settings: SettingsDep) -> PurgeOut:
    """Remove evidence older than ``retention_days`` (cases under legal hold stay)."""
    result = retention.purge(session, settings)
    return PurgeOut(**vars(result))


@router.get("/webhooks/deliveries", response_model=list[DeliveryOut])
def deliveries(
    user: Moderator,
    session: SessionDep,
    status: Literal["pending", "delivered", "failed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeliveryOut]:
    return [DeliveryOut.model_validate(d) for d in webhooks.list_deliveries(session, status, limit)]


@router.get("/audit", response_model=list[AuditOut])
def audit_log(
    user: Reader,
    session: SessionDep,
    before_id: QueryId = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditOut]:
    """The audit log, newest first (read-only: no endpoint changes it)."""
    return [AuditOut.model_validate(e) for e in audit.recent(session, limit, before_id)]
