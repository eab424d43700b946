"""The violation queue: listing with filters and keyset pagination, claims, decisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Float, Integer, Select, literal, or_, select, tuple_, update
from sqlalchemy.orm import Session, selectinload

from liveguard.alerts.crud import audit
from liveguard.alerts.crud.pagination import decode_cursor, encode_cursor
from liveguard.alerts.models import (
    Case,
    CaseStatus,
    CorrectionRecord,
    Role,
    SegmentRecord,
    User,
    utcnow,
)
from liveguard.alerts.models.base import UTCDateTime
from liveguard.errors import InputError, LiveGuardError

MAX_PAGE = 200


class CaseSort(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    SEVERITY = "severity"
    """Most severe first, newest first within a severity."""
    RISK = "risk"
    """Worst host or merchant credit first (``Case.risk``), newest first within a risk."""


class Decision(StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    ESCALATE = "escalate"


class CaseConflictError(LiveGuardError):
    """The case is claimed by someone else, not claimed, or already decided."""


@dataclass
class CaseFilters:
    status: Sequence[str] = ()
    severity: Sequence[str] = ()
    family: Sequence[str] = ()
    rule_id: Sequence[str] = ()
    evidence: Sequence[str] = ()
    correction_status: Sequence[str] = ()
    platform_id: str | None = None
    stream_id: str | None = None
    host_id: str | None = None
    merchant_id: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    legal_hold: bool | None = None

    def apply(self, query: Select[Case]) -> Select[Case]:
        for column, values in (
            (Case.status, self.status),
            (Case.severity, self.severity),
            (Case.family, self.family),
            (Case.rule_id, self.rule_id),
            (Case.evidence, self.evidence),
            (Case.correction_status, self.correction_status),
        ):
            if values:
                query = query.where(
                    column == values[0] if len(values) == 1 else column.in_(list(values))
                )
        for column, value in (
            (Case.platform_id, self.platform_id),
            (Case.stream_id, self.stream_id),
            (Case.host_id, self.host_id),
            (Case.merchant_id, self.merchant_id),
            (Case.kind, self.kind),
        ):
            if value is not None:
                query = query.where(column == value)
        if self.since is not None:
            query = query.where(Case.last_seen >= self.since)
        if self.until is not None:
            query = query.where(Case.last_seen < self.until)
        if self.legal_hold is not None:
            query = query.where(Case.legal_hold.is_(self.legal_hold))
        return query


@dataclass
class CasePage:
    items: list[Case] = field(default_factory=list)
    next_cursor: str | None = None


_RANKED: dict[CaseSort, tuple[Any, Any, type]] = {
    CaseSort.SEVERITY: (Case.severity_rank, Integer(), int),
    CaseSort.RISK: (Case.risk, Float(), float),
}
"""Sorts by a rank column, newest first within a rank: (column, its SQL type, cursor kind)."""


def _keyset(sort: CaseSort, cursor: str | None, query: Select[Case]) -> Select[Case]:
    """Order by the sort key plus id, and start after the cursor's row.

    Row-value comparisons (``(a, b) < (x, y)``) let both SQLite and PostgreSQL seek straight
    into the matching index instead of scanning the pages before the cursor.
    """
    ranked = _RANKED.get(sort)
    if ranked is not None:
        column, sql_type, kind = ranked
        query = query.order_by(column.desc(), Case.last_seen.desc(), Case.id.desc())
        if cursor:
            rank, seen, cid = decode_cursor(cursor, (kind, datetime, int))
            query = query.where(
                tuple_(column, Case.last_seen, Case.id)
                < tuple_(
                    literal(rank, sql_type), literal(seen, UTCDateTime()), literal(cid, Integer())
                )
            )
        return query
    key = tuple_(Case.last_seen, Case.id)
    if sort is CaseSort.OLDEST:
        query = query.order_by(Case.last_seen.asc(), Case.id.asc())
        if cursor:
            seen, cid = decode_cursor(cursor, (datetime, int))
            query = query.where(key > tuple_(literal(seen, UTCDateTime()), literal(cid, Integer())))
        return query
    query = query.order_by(Case.last_seen.desc(), Case.id.desc())
    if cursor:
        seen, cid = decode_cursor(cursor, (datetime, int))
        query = query.where(key < tuple_(literal(seen, UTCDateTime()), literal(cid, Integer())))
    return query


def _cursor_of(case: Case, sort: CaseSort) -> str:
    if sort in _RANKED:
        return encode_cursor([getattr(case, _RANKED[sort][0].key), case.last_seen, case.id])
    return encode_cursor([case.last_seen, case.id])


def list_cases(
    session: Session,
    filters: CaseFilters | None = None,
    *,
    sort: CaseSort | str = CaseSort.NEWEST,
    cursor: str | None = None,
    limit: int = 50,
    merchant_scope: str | None = None,
) -> CasePage:
    """One page of cases; pass the returned ``next_cursor`` back for the next page.

    ``merchant_scope`` confines the list to one merchant's cases (merchant users).
    """
    sort = CaseSort(sort)
    limit = max(1, min(limit, MAX_PAGE))
    query = (filters or CaseFilters()).apply(select(Case))
    if merchant_scope is not None:
        query = query.where(Case.merchant_id == merchant_scope)
    query = _keyset(sort, cursor, query).limit(limit + 1)
    rows = list(session.execute(query).scalars().all())
    more = len(rows) > limit
    rows = rows[:limit]
    return CasePage(rows, _cursor_of(rows[-1], sort) if more and rows else None)


def related_cases(
    session: Session,
    *,
    host_id: str = "",
    merchant_id: str = "",
    exclude: int | None = None,
    merchant_scope: str | None = None,
    limit: int = 10,
) -> list[Case]:
    """A host's (or else a merchant's) latest cases, under the same scoping as :func:`list_cases`."""
    if host_id:
        filters = CaseFilters(host_id=host_id)
    elif merchant_id:
        filters = CaseFilters(merchant_id=merchant_id)
    else:
        return []
    found = list_cases(session, filters, limit=limit + 1, merchant_scope=merchant_scope).items
    return [c for c in found if c.id != exclude][:limit]


def get_case(
    session: Session, case_id: int, *, merchant_scope: str | None = None, with_findings: bool = True
) -> Case | None:
    query = select(Case).where(Case.id == case_id)
    if with_findings:
        query = query.options(selectinload(Case.findings))
    case = session.execute(query).scalar_one_or_none()
    if case is None or (merchant_scope is not None and case.merchant_id != merchant_scope):
        return None
    return case


def case_corrections(session: Session, case: Case) -> list[CorrectionRecord]:
    """The corrections naming any of the case's findings (the first one, and any utterance
    that went on to give the corrected figure), in stream order."""
    if not any(f.correction_id for f in case.findings):
        return []
    ids = {f.finding_id for f in case.findings}
    rows = session.execute(
        select(CorrectionRecord).where(CorrectionRecord.stream_id == case.stream_id)
    ).scalars()
    mine = [c for c in rows if ids.intersection(c.corrected_finding_ids)]
    return sorted(mine, key=lambda c: (c.t_start or 0.0, c.correction_id))


def transcript_around(
    session: Session, stream_id: str, t_start: float, t_end: float, context_s: float = 30.0
) -> Sequence[SegmentRecord]:
    """The utterances within ``context_s`` seconds of a finding, in spoken order."""
    return (
        session.execute(
            select(SegmentRecord)
            .where(
                SegmentRecord.stream_id == stream_id,
                SegmentRecord.t_end >= t_start - context_s,
                SegmentRecord.t_start <= t_end + context_s,
            )
            .order_by(SegmentRecord.t_start)
            .limit(200)
        )
        .scalars()
        .all()
    )


def case_transcript(session: Session, case: Case, context_s: float = 30.0) -> list[SegmentRecord]:
    """Transcript context for every finding of ``case``, without repeats."""
    seen: dict[str, SegmentRecord] = {}
    for finding in case.findings:
        if finding.stream_id is None or finding.t_start is None:
            if finding.utterance_id:
                segment = session.get(SegmentRecord, finding.utterance_id)
                if segment is not None:
                    seen.setdefault(segment.utterance_id, segment)
            continue
        t_end = finding.t_end if finding.t_end is not None else finding.t_start
        for segment in transcript_around(
            session, finding.stream_id, finding.t_start, t_end, context_s
        ):
            seen.setdefault(segment.utterance_id, segment)
    return sorted(seen.values(), key=lambda s: (s.t_start, s.utterance_id))


def claim_case(session: Session, case_id: int, user: User, lease_s: int) -> Case:
    """Take (or renew) the lease on a case; atomic, so two reviewers can never both win.

    A single conditional UPDATE decides it: it only matches when nobody holds a live lease.
    """
    now = utcnow()
    result = session.execute(
        update(Case)
        .where(
            Case.id == case_id,
            Case.status.in_([CaseStatus.OPEN.value, CaseStatus.ESCALATED.value]),
            or_(
                Case.claimed_by.is_(None),
                Case.lease_until < now,
                Case.claimed_by == user.id,
            ),
        )
        .values(claimed_by=user.id, lease_until=now + timedelta(seconds=lease_s))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        case = session.get(Case, case_id)
        if case is None:
            raise InputError(f"no case {case_id}")
        if case.status not in (CaseStatus.OPEN.value, CaseStatus.ESCALATED.value):
            raise CaseConflictError(f"case {case_id} is already {case.status}")
        raise CaseConflictError(f"case {case_id} is claimed by another reviewer")
    audit.record(session, user, "case", case_id, "claim", lease_s=lease_s)
    session.commit()
    case = session.get(Case, case_id, populate_existing=True)
    assert case is not None
    return case


def _held_by(case: Case, user: User) -> bool:
    return (
        case.claimed_by == user.id and case.lease_until is not None and case.lease_until > utcnow()
    )


def release_case(session: Session, case_id: int, user: User) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise InputError(f"no case {case_id}")
    if not _held_by(case, user) and user.role != Role.ADMIN.value:
        raise CaseConflictError(f"you do not hold case {case_id}")
    case.claimed_by = None
    case.lease_until = None
    audit.record(session, user, "case", case_id, "release")
    session.commit()
    return case


def decide_case(
    session: Session, case_id: int, user: User, decision: Decision | str, reason: str = ""
) -> Case:
    """Confirm, dismiss (a reason is required) or escalate a case the user holds."""
    decision = Decision(decision)
    if decision is not Decision.CONFIRM and not reason.strip():
        raise InputError(f"{decision.value} needs a reason")
    case = session.execute(
        select(Case).where(Case.id == case_id).with_for_update()
    ).scalar_one_or_none()
    if case is None:
        raise InputError(f"no case {case_id}")
    if not _held_by(case, user):
        raise CaseConflictError(f"claim case {case_id} before deciding it")
    if case.status not in (CaseStatus.OPEN.value, CaseStatus.ESCALATED.value):
        raise CaseConflictError(f"case {case_id} is already {case.status}")
    status = {
        Decision.CONFIRM: CaseStatus.CONFIRMED,
        Decision.DISMISS: CaseStatus.DISMISSED,
        Decision.ESCALATE: CaseStatus.ESCALATED,
    }[decision]
    case.status = status.value
    case.decision_reason = reason
    case.claimed_by = None
    case.lease_until = None
    if decision is not Decision.ESCALATE:
        case.decided_by = user.id
        case.decided_at = utcnow()
    audit.record(session, user, "case", case_id, decision.value, reason)
    session.commit()
    return case


def set_legal_hold(session: Session, case_id: int, user: User, hold: bool, reason: str) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise InputError(f"no case {case_id}")
    case.legal_hold = hold
    audit.record(session, user, "case", case_id, "hold" if hold else "release_hold", reason)
    session.commit()
    return case
