"""Suppressions: a reviewer tells the system a rule is wrong here, for a while, and why.

The merchant allow-list names terms a merchant may say; a suppression is its grown-up form:
scoped to one merchant, one host or everyone, limited to one rule (and optionally one phrase),
always expiring, created and lifted with a reason in the audit log. Ingestion and pre-check
read the table on every finding, so a new suppression takes effect without a restart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit
from liveguard.alerts.models import Suppression, SuppressionScope, User, utcnow
from liveguard.errors import InputError

MAX_DAYS = 365
ANY_RULE = "*"


def add(
    session: Session,
    user: User | None,
    *,
    scope: SuppressionScope | str,
    scope_id: str,
    rule_id: str,
    reason: str,
    days: int,
    term: str = "",
    case_id: int | None = None,
) -> Suppression:
    scope = SuppressionScope(scope)
    scope_id = scope_id.strip() if scope is not SuppressionScope.GLOBAL else ""
    if scope is not SuppressionScope.GLOBAL and not scope_id:
        raise InputError(f"a {scope.value} suppression needs the {scope.value} id")
    if not rule_id.strip():
        raise InputError("a suppression needs a rule id (or '*' for every rule)")
    if rule_id.strip() == ANY_RULE and not term.strip():
        raise InputError("a suppression of every rule must name a term")
    if not reason.strip():
        raise InputError("a suppression needs a reason")
    if not 1 <= days <= MAX_DAYS:
        raise InputError(f"a suppression lasts 1 to {MAX_DAYS} days")
    now = utcnow()
    row = Suppression(
        scope=scope.value,
        scope_id=scope_id,
        merchant_id=scope_id if scope is SuppressionScope.MERCHANT else "",
        rule_id=rule_id.strip(),
        term=term.strip(),
        reason=reason.strip(),
        case_id=case_id,
        created_by=user.id if user else None,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        user,
        "suppression",
        row.id,
        "add",
        row.reason,
        scope=row.scope,
        scope_id=row.scope_id,
        rule_id=row.rule_id,
        term=row.term,
        expires_at=row.expires_at.isoformat(),
        case_id=case_id,
    )
    return row


def lift(session: Session, user: User, suppression_id: int, reason: str) -> Suppression:
    row = session.get(Suppression, suppression_id)
    if row is None:
        raise InputError(f"no suppression {suppression_id}")
    if not reason.strip():
        raise InputError("lifting a suppression needs a reason")
    if row.lifted_at is None:
        row.lifted_at = utcnow()
        row.lift_reason = reason.strip()
        audit.record(session, user, "suppression", row.id, "lift", row.lift_reason)
    return row


def is_active(row: Suppression, at: datetime | None = None) -> bool:
    at = at or utcnow()
    return row.lifted_at is None and row.expires_at > at


def list_suppressions(
    session: Session,
    *,
    active_only: bool = False,
    merchant_scope: str | None = None,
    rule_id: str | None = None,
    limit: int = 500,
) -> Sequence[Suppression]:
    """Newest first; a merchant user sees only suppressions scoped to its own merchant id."""
    query = select(Suppression).order_by(Suppression.id.desc()).limit(limit)
    if active_only:
        query = query.where(Suppression.lifted_at.is_(None), Suppression.expires_at > utcnow())
    if merchant_scope is not None:
        query = query.where(
            Suppression.scope == SuppressionScope.MERCHANT.value,
            Suppression.merchant_id == merchant_scope,
        )
    if rule_id is not None:
        query = query.where(Suppression.rule_id == rule_id)
    return session.execute(query).scalars().all()


def get(session: Session, suppression_id: int, merchant_scope: str | None) -> Suppression | None:
    row = session.get(Suppression, suppression_id)
    if row is None or (
        merchant_scope is not None
        and (row.scope != SuppressionScope.MERCHANT.value or row.merchant_id != merchant_scope)
    ):
        return None
    return row


def active_for(
    session: Session, *, merchant_id: str, host_id: str, at: datetime | None = None
) -> list[Suppression]:
    """The active suppressions that can cover this merchant's and host's findings."""
    at = at or utcnow()
    scopes = [Suppression.scope == SuppressionScope.GLOBAL.value]
    if merchant_id:
        scopes.append(
            (Suppression.scope == SuppressionScope.MERCHANT.value)
            & (Suppression.scope_id == merchant_id)
        )
    if host_id:
        scopes.append(
            (Suppression.scope == SuppressionScope.HOST.value) & (Suppression.scope_id == host_id)
        )
    query = (
        select(Suppression)
        .where(Suppression.lifted_at.is_(None), Suppression.expires_at > at, or_(*scopes))
        .order_by(Suppression.id)
    )
    return list(session.execute(query).scalars())


def covering(rows: Sequence[Suppression], rule_id: str, matched_text: str) -> Suppression | None:
    """The first (oldest) of ``rows`` that covers a finding of ``rule_id`` on ``matched_text``."""
    for row in rows:
        if row.rule_id in (rule_id, ANY_RULE) and (not row.term or row.term in matched_text):
            return row
    return None


def matching(
    session: Session,
    *,
    rule_id: str,
    matched_text: str,
    merchant_id: str,
    host_id: str,
    at: datetime | None = None,
) -> Suppression | None:
    """The active suppression covering this finding, if any (oldest first, for stable counts)."""
    rows = active_for(session, merchant_id=merchant_id, host_id=host_id, at=at)
    return covering(rows, rule_id, matched_text)


def count_hit(row: Suppression, at: datetime | None = None) -> None:
    row.hits += 1
    row.last_hit_at = at or utcnow()
