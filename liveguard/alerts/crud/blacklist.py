"""Blacklist: the automatic policy, manual entries, notices, appeals, expiry and lookup.

CN-LIVE-2026-14 asks that a listed party is told the facts, reasons, basis, term and appeal
route; :func:`_issue_notice` copies exactly those fields from the entry, so the notice can never
say something the entry does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit
from liveguard.alerts.models import (
    Appeal,
    AppealStatus,
    BlacklistEntry,
    Case,
    CaseStatus,
    CreditScore,
    FindingRecord,
    Notice,
    PartyType,
    User,
    utcnow,
)
from liveguard.errors import InputError
from liveguard.settings import Settings

BLACKLIST_BASIS = "CN-LIVE-2026-14"
APPEAL_DAYS = 15


def appeal_route(entry_id: int) -> str:
    return (
        f"Appeal within {APPEAL_DAYS} days of this notice: POST /api/appeals with entry_id "
        f"{entry_id} (or the merchant pages, 'Notices'). A platform administrator decides; "
        "an upheld appeal lifts the entry at once."
    )


def is_active(entry: BlacklistEntry, at: datetime | None = None) -> bool:
    at = at or utcnow()
    return entry.lifted_at is None and entry.starts_at <= at < entry.ends_at


def notice_body(entry: BlacklistEntry) -> dict[str, Any]:
    return {
        "party": {"type": entry.party_type, "id": entry.party_id},
        "facts": {"case_ids": list(entry.case_ids)},
        "reasons": entry.reasons,
        "legal_basis": list(entry.legal_basis),
        "term": {"starts_at": entry.starts_at.isoformat(), "ends_at": entry.ends_at.isoformat()},
        "appeal_route": entry.appeal_route,
    }


def _issue_notice(session: Session, entry: BlacklistEntry) -> Notice:
    notice = Notice(
        entry_id=entry.id,
        party_type=entry.party_type,
        party_id=entry.party_id,
        merchant_id=entry.merchant_id,
        body=notice_body(entry),
    )
    session.add(notice)
    session.flush()
    audit.record(session, None, "blacklist", entry.id, "notice", notice_id=notice.id)
    return notice


def add_entry(
    session: Session,
    *,
    party_type: PartyType | str,
    party_id: str,
    reasons: str,
    legal_basis: Sequence[str],
    term_days: int,
    case_ids: Sequence[int] = (),
    merchant_id: str = "",
    source: str = "manual",
    user: User | None = None,
) -> BlacklistEntry:
    """List a party and send its notice; one entry per party at a time."""
    party_type = PartyType(party_type)
    if not party_id.strip():
        raise InputError("party_id is empty")
    if not reasons.strip():
        raise InputError("a blacklist entry needs reasons")
    if term_days < 1:
        raise InputError("term_days must be at least 1")
    if lookup(session, party_type, party_id):
        raise InputError(f"{party_type.value} {party_id!r} is already listed")
    basis = list(dict.fromkeys([*legal_basis, BLACKLIST_BASIS]))
    now = utcnow()
    entry = BlacklistEntry(
        party_type=party_type.value,
        party_id=party_id,
        merchant_id=merchant_id or (party_id if party_type is PartyType.MERCHANT else ""),
        source=source,
        reasons=reasons,
        legal_basis=basis,
        case_ids=list(case_ids),
        starts_at=now,
        ends_at=now + timedelta(days=term_days),
        created_by=user.id if user else None,
    )
    session.add(entry)
    session.flush()
    entry.appeal_route = appeal_route(entry.id)
    audit.record(
        session, user, "blacklist", entry.id, "list", reasons, party=party_id, source=source
    )
    _issue_notice(session, entry)
    return entry


def apply_policy(session: Session, settings: Settings, case: Case) -> list[BlacklistEntry]:
    """After a confirmation: list the host / merchant once they reach a threshold.

    Two thresholds, each enough: ``blacklist_threshold`` confirmed high-severity cases within
    ``blacklist_window_days``, or a credit score below the weights file's
    ``blacklist.list_below`` (recompute credit first: :func:`crud.credit.after_decision`).
    """
    if case.status != CaseStatus.CONFIRMED.value:
        return []
    listed: list[BlacklistEntry] = []
    for party_type, column, party_id in (
        (PartyType.HOST, Case.host_id, case.host_id),
        (PartyType.MERCHANT, Case.merchant_id, case.merchant_id),
    ):
        if not party_id or lookup(session, party_type, party_id):
            continue
        entry = None
        if case.severity == "high":
            entry = _count_policy(session, settings, case, party_type, column, party_id)
        if entry is None:
            entry = _credit_policy(session, settings, case, party_type, party_id)
        if entry is not None:
            listed.append(entry)
    return listed


def _basis_of(session: Session, case_ids: Sequence[int]) -> list[str]:
    return sorted(
        {
            b
            for row in session.execute(
                select(FindingRecord.legal_basis).where(FindingRecord.case_id.in_(case_ids))
            ).scalars()
            for b in row
        }
    )


def _count_policy(
    session: Session,
    settings: Settings,
    case: Case,
    party_type: PartyType,
    column: Any,
    party_id: str,
) -> BlacklistEntry | None:
    since = utcnow() - timedelta(days=settings.blacklist_window_days)
    case_ids = list(
        session.execute(
            select(Case.id).where(
                column == party_id,
                Case.status == CaseStatus.CONFIRMED.value,
                Case.severity == "high",
                Case.decided_at >= since,
            )
        ).scalars()
    )
    if len(case_ids) < settings.blacklist_threshold:
        return None
    reasons = (
        f"{len(case_ids)} confirmed high-severity violations within "
        f"{settings.blacklist_window_days} days (policy threshold "
        f"{settings.blacklist_threshold})"
    )
    return _list_by_policy(
        session, settings, case, party_type, party_id, reasons, case_ids, "policy"
    )


def _list_by_policy(
    session: Session,
    settings: Settings,
    case: Case,
    party_type: PartyType,
    party_id: str,
    reasons: str,
    case_ids: Sequence[int],
    source: str,
) -> BlacklistEntry:
    return add_entry(
        session,
        party_type=party_type,
        party_id=party_id,
        reasons=reasons,
        legal_basis=_basis_of(session, case_ids),
        term_days=settings.blacklist_term_days,
        case_ids=case_ids,
        merchant_id=case.merchant_id,
        source=source,
    )


def _credit_policy(
    session: Session, settings: Settings, case: Case, party_type: PartyType, party_id: str
) -> BlacklistEntry | None:
    from liveguard.alerts.credit import default_weights

    below = default_weights().blacklist.list_below
    score = session.execute(
        select(CreditScore).where(
            CreditScore.party_type == party_type.value, CreditScore.party_id == party_id
        )
    ).scalar_one_or_none()
    if below is None or score is None or score.score >= below:
        return None
    case_ids = [int(c["case_id"]) for c in score.contributions]
    reasons = (
        f"credit {score.score:g} below the policy's {below:g} (weights "
        f"{score.weights_version}; {len(case_ids)} confirmed cases)"
    )
    return _list_by_policy(
        session, settings, case, party_type, party_id, reasons, case_ids, "credit"
    )


def expire_entries(session: Session, at: datetime | None = None) -> int:
    """Lift entries whose term has ended (recorded in the audit log)."""
    at = at or utcnow()
    due = session.execute(
        select(BlacklistEntry).where(
            BlacklistEntry.lifted_at.is_(None), BlacklistEntry.ends_at <= at
        )
    ).scalars()
    count = 0
    for entry in due:
        entry.lifted_at = entry.ends_at
        entry.lift_reason = "term ended"
        audit.record(session, None, "blacklist", entry.id, "expire", "term ended")
        count += 1
    return count


def lookup(
    session: Session, party_type: PartyType | str, party_id: str, at: datetime | None = None
) -> BlacklistEntry | None:
    """The active entry listing this party, if any."""
    at = at or utcnow()
    return (
        session.execute(
            select(BlacklistEntry)
            .where(
                BlacklistEntry.party_type == PartyType(party_type).value,
                BlacklistEntry.party_id == party_id,
                BlacklistEntry.lifted_at.is_(None),
                BlacklistEntry.starts_at <= at,
                BlacklistEntry.ends_at > at,
            )
            .order_by(BlacklistEntry.id.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def list_entries(
    session: Session,
    *,
    active_only: bool = False,
    merchant_scope: str | None = None,
    limit: int = 100,
    before_id: int | None = None,
) -> Sequence[BlacklistEntry]:
    query = select(BlacklistEntry).order_by(BlacklistEntry.id.desc()).limit(limit)
    if active_only:
        now = utcnow()
        query = query.where(BlacklistEntry.lifted_at.is_(None), BlacklistEntry.ends_at > now)
    if merchant_scope is not None:
        query = query.where(BlacklistEntry.merchant_id == merchant_scope)
    if before_id is not None:
        query = query.where(BlacklistEntry.id < before_id)
    return session.execute(query).scalars().all()


def get_entry(
    session: Session, entry_id: int, merchant_scope: str | None = None
) -> BlacklistEntry | None:
    entry = session.get(BlacklistEntry, entry_id)
    if entry is None or (merchant_scope is not None and entry.merchant_id != merchant_scope):
        return None
    return entry


def lift_entry(session: Session, entry_id: int, user: User | None, reason: str) -> BlacklistEntry:
    entry = session.get(BlacklistEntry, entry_id)
    if entry is None:
        raise InputError(f"no blacklist entry {entry_id}")
    if not reason.strip():
        raise InputError("lifting an entry needs a reason")
    if entry.lifted_at is None:
        entry.lifted_at = utcnow()
        entry.lift_reason = reason
        audit.record(session, user, "blacklist", entry.id, "lift", reason)
    return entry


def list_notices(
    session: Session, merchant_scope: str | None = None, limit: int = 100
) -> Sequence[Notice]:
    query = select(Notice).order_by(Notice.id.desc()).limit(limit)
    if merchant_scope is not None:
        query = query.where(Notice.merchant_id == merchant_scope)
    return session.execute(query).scalars().all()


def get_notice(
    session: Session, notice_id: int, merchant_scope: str | None = None
) -> Notice | None:
    notice = session.get(Notice, notice_id)
    if notice is None or (merchant_scope is not None and notice.merchant_id != merchant_scope):
        return None
    return notice


def file_appeal(session: Session, entry_id: int, user: User, statement: str) -> Appeal:
    scope = user.merchant_id or ""
    entry = get_entry(session, entry_id, merchant_scope=scope)
    if entry is None:
        raise InputError(f"no blacklist entry {entry_id} for your merchant account")
    if not statement.strip():
        raise InputError("an appeal needs a statement")
    pending = session.execute(
        select(func.count(Appeal.id)).where(
            Appeal.entry_id == entry_id, Appeal.status == AppealStatus.PENDING.value
        )
    ).scalar_one()
    if pending:
        raise InputError("an appeal on this entry is already pending")
    appeal = Appeal(entry_id=entry_id, merchant_id=scope, filed_by=user.id, statement=statement)
    session.add(appeal)
    session.flush()
    audit.record(session, user, "appeal", appeal.id, "file", statement, entry_id=entry_id)
    return appeal


def list_appeals(
    session: Session, merchant_scope: str | None = None, status: str | None = None, limit: int = 100
) -> Sequence[Appeal]:
    query = select(Appeal).order_by(Appeal.id.desc()).limit(limit)
    if merchant_scope is not None:
        query = query.where(Appeal.merchant_id == merchant_scope)
    if status is not None:
        query = query.where(Appeal.status == status)
    return session.execute(query).scalars().all()


def decide_appeal(
    session: Session, appeal_id: int, user: User, uphold: bool, reason: str
) -> Appeal:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise InputError(f"no appeal {appeal_id}")
    if appeal.status != AppealStatus.PENDING.value:
        raise InputError(f"appeal {appeal_id} was already decided")
    if not reason.strip():
        raise InputError("an appeal decision needs a reason")
    appeal.status = (AppealStatus.UPHELD if uphold else AppealStatus.REJECTED).value
    appeal.decided_by = user.id
    appeal.decided_at = utcnow()
    appeal.decision_reason = reason
    audit.record(session, user, "appeal", appeal.id, appeal.status, reason)
    if uphold:
        lift_entry(session, appeal.entry_id, user, f"appeal {appeal.id} upheld: {reason}")
    return appeal
