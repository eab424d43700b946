"""Stored credit: recompute a party's score from its cases, keep the history, stamp the queue.

Every case carries a copy of its host's and merchant's credit and the resulting ``risk``, so
the queue lists and sorts by risk through one index and no join (bench/api.py). A
recomputation therefore updates those copies on the party's cases in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from liveguard.alerts import credit
from liveguard.alerts.crud import blacklist
from liveguard.alerts.models import (
    Case,
    CaseStatus,
    CreditHistory,
    CreditScore,
    PartyType,
    utcnow,
)
from liveguard.errors import InputError
from liveguard.settings import Settings

HISTORY_LIMIT = 1000


def _party_column(party_type: PartyType | str) -> Any:
    return Case.host_id if PartyType(party_type) is PartyType.HOST else Case.merchant_id


def case_facts(
    session: Session,
    party_type: PartyType | str,
    party_id: str,
    now: datetime,
    weights: credit.CreditWeights,
) -> list[credit.CaseFacts]:
    """The party's confirmed cases still inside the weights' horizon. Cases found only by the
    learned heads do not count: credit feeds the blacklist policy, and a learned hit alone never
    lists anyone."""
    cutoff = now - timedelta(days=weights.recency.horizon_days)
    rows = session.execute(
        select(Case).where(
            _party_column(party_type) == party_id,
            Case.status == CaseStatus.CONFIRMED.value,
            Case.detector != "learned",
            func.coalesce(Case.decided_at, Case.last_seen) >= cutoff,
        )
    ).scalars()
    return [facts_of(c) for c in rows]


def facts_of(case: Case) -> credit.CaseFacts:
    # ``correction_status`` (the host corrected the claim on air) is set from correction
    # events; a database without that column reads as "not corrected".
    return credit.CaseFacts(
        case_id=case.id,
        rule_id=case.rule_id,
        severity=case.severity,
        status=case.status,
        at=case.decided_at or case.last_seen,
        correction_status=case.correction_status or "",
    )


def get_score(
    session: Session,
    party_type: PartyType | str,
    party_id: str,
    merchant_scope: str | None = None,
) -> CreditScore | None:
    """A party's current score; a merchant user may read only its own merchant score."""
    party_type = PartyType(party_type)
    if merchant_scope is not None and (
        party_type is not PartyType.MERCHANT or party_id != merchant_scope
    ):
        return None
    return session.execute(
        select(CreditScore).where(
            CreditScore.party_type == party_type.value, CreditScore.party_id == party_id
        )
    ).scalar_one_or_none()


def recompute(
    session: Session,
    party_type: PartyType | str,
    party_id: str,
    *,
    cause: str = "",
    now: datetime | None = None,
    weights: credit.CreditWeights | None = None,
) -> CreditScore:
    """Compute the score now, store it with its explanation and history, stamp the cases."""
    party_type = PartyType(party_type)
    if not party_id:
        raise InputError("party_id is empty")
    now = now or utcnow()
    w = weights or credit.default_weights()
    result = credit.compute(case_facts(session, party_type, party_id, now, w), now, w)
    row = get_score(session, party_type, party_id)
    if row is None:
        row = CreditScore(party_type=party_type.value, party_id=party_id)
        session.add(row)
    row.score = result.score
    row.band = result.band
    row.weights_version = result.weights_version
    row.case_count = len(result.contributions)
    row.contributions = [c.as_dict() for c in result.contributions]
    row.computed_at = now
    session.add(
        CreditHistory(
            party_type=party_type.value,
            party_id=party_id,
            score=result.score,
            band=result.band,
            weights_version=result.weights_version,
            case_count=len(result.contributions),
            cause=cause[:200],
            computed_at=now,
        )
    )
    _stamp_cases(session, party_type, party_id, result.score, w.start)
    session.flush()
    return row


def _stamp_cases(
    session: Session, party_type: PartyType, party_id: str, score: float, start: float
) -> None:
    column = _party_column(party_type)
    own = Case.host_credit if party_type is PartyType.HOST else Case.merchant_credit
    session.execute(
        update(Case).where(column == party_id).values({own: score}),
        execution_options={"synchronize_session": False},
    )
    host = func.coalesce(Case.host_credit, start)
    merchant = func.coalesce(Case.merchant_credit, start)
    worse = sql_case((host < merchant, host), else_=merchant)
    session.execute(
        update(Case).where(column == party_id).values(risk=start - worse),
        execution_options={"synchronize_session": False},
    )


def stamp_new_case(session: Session, case: Case) -> None:
    """Copy the current credit of a new case's host and merchant onto it."""
    start = credit.default_weights().start
    scores = {
        (s.party_type, s.party_id): s.score
        for s in session.execute(
            select(CreditScore).where(
                or_(
                    (CreditScore.party_type == PartyType.HOST.value)
                    & (CreditScore.party_id == case.host_id),
                    (CreditScore.party_type == PartyType.MERCHANT.value)
                    & (CreditScore.party_id == case.merchant_id),
                )
            )
        ).scalars()
    }
    case.host_credit = scores.get((PartyType.HOST.value, case.host_id))
    case.merchant_credit = scores.get((PartyType.MERCHANT.value, case.merchant_id))
    worse = min(
        start if case.host_credit is None else case.host_credit,
        start if case.merchant_credit is None else case.merchant_credit,
    )
    case.risk = round(start - worse, 2)


def after_decision(session: Session, settings: Settings, case: Case) -> None:
    """What follows a decision: the parties' credit, then the blacklist policy (reads it)."""
    if case.status != CaseStatus.CONFIRMED.value:
        return
    for party_type, party_id in (
        (PartyType.HOST, case.host_id),
        (PartyType.MERCHANT, case.merchant_id),
    ):
        if party_id:
            recompute(session, party_type, party_id, cause=f"case {case.id} confirmed")
    blacklist.apply_policy(session, settings, case)


def recompute_all(session: Session, cause: str = "recompute") -> int:
    """Every party that has a case (recency changes scores even when no case does)."""
    count = 0
    for party_type in PartyType:
        column = _party_column(party_type)
        ids = session.execute(select(column).where(column != "").distinct()).scalars().all()
        for party_id in ids:
            recompute(session, party_type, party_id, cause=cause)
            count += 1
    return count


def list_scores(
    session: Session,
    *,
    party_type: PartyType | str | None = None,
    merchant_scope: str | None = None,
    limit: int = 200,
) -> Sequence[CreditScore]:
    """Lowest credit first; a merchant user sees only its own merchant score."""
    query = select(CreditScore).order_by(CreditScore.score, CreditScore.id).limit(limit)
    if party_type is not None:
        query = query.where(CreditScore.party_type == PartyType(party_type).value)
    if merchant_scope is not None:
        query = query.where(
            CreditScore.party_type == PartyType.MERCHANT.value,
            CreditScore.party_id == merchant_scope,
        )
    return session.execute(query).scalars().all()


def history(
    session: Session,
    *,
    party_type: PartyType | str | None = None,
    party_id: str | None = None,
    merchant_scope: str | None = None,
    limit: int = HISTORY_LIMIT,
) -> Sequence[CreditHistory]:
    """Recomputations, oldest first."""
    query = select(CreditHistory).order_by(CreditHistory.id).limit(limit)
    if party_type is not None:
        query = query.where(CreditHistory.party_type == PartyType(party_type).value)
    if party_id is not None:
        query = query.where(CreditHistory.party_id == party_id)
    if merchant_scope is not None:
        query = query.where(
            CreditHistory.party_type == PartyType.MERCHANT.value,
            CreditHistory.party_id == merchant_scope,
        )
    return session.execute(query).scalars().all()
