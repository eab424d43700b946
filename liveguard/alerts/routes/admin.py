"""Administration: retention purge, webhook delivery log, the global audit log."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from liveguard.alerts import retention, webhooks
from liveguard.alerts.crud import audit, owners
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


class StreamOwnerIn(BaseModel):
    merchant_id: str = Field(min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]*$")


class StreamOwnerOut(BaseModel):
    stream_id: str
    merchant_id: str
    owner_source: str


@router.put("/admin/streams/{stream_id}/owner", response_model=StreamOwnerOut)
def set_stream_owner(
    body: StreamOwnerIn,
    user: Admin,
    session: SessionDep,
    stream_id: Annotated[str, Path(min_length=1, max_length=128)],
) -> StreamOwnerOut:
    """The platform's registry: who owns a stream. Authoritative over what audio producers claim;
    the stream's cases move to this merchant and any dispute is settled (audited)."""
    stream = owners.set_owner(session, stream_id, body.merchant_id, user)
    session.commit()
    return StreamOwnerOut(
        stream_id=stream.id, merchant_id=stream.merchant_id, owner_source=stream.owner_source
    )
