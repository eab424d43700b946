"""Writing and reading the audit log (insert-only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liveguard.alerts.models import AuditEntry, User


def record(
    session: Session,
    user: User | None,
    subject_type: str,
    subject_id: str | int,
    action: str,
    reason: str = "",
    **detail: Any,
) -> AuditEntry:
    entry = AuditEntry(
        user_id=user.id if user else None,
        username=user.username if user else "system",
        subject_type=subject_type,
        subject_id=str(subject_id),
        action=action,
        reason=reason,
        detail=detail,
    )
    session.add(entry)
    return entry


def entries_for(
    session: Session, subject_type: str, subject_id: str | int, limit: int = 500
) -> Sequence[AuditEntry]:
    return (
        session.execute(
            select(AuditEntry)
            .where(
                AuditEntry.subject_type == subject_type, AuditEntry.subject_id == str(subject_id)
            )
            .order_by(AuditEntry.id)
            .limit(limit)
        )
        .scalars()
        .all()
    )


def recent(
    session: Session, limit: int = 100, before_id: int | None = None
) -> Sequence[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return session.execute(query).scalars().all()
