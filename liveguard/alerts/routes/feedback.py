"""The reviewer's feedback loop: suppressions, the false-positive report, labelled lines."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from liveguard.alerts.crud import audit, feedback, suppressions
from liveguard.alerts.deps import AnyRole, DbId, Moderator, Reader, SessionDep, merchant_scope
from liveguard.alerts.models import Suppression
from liveguard.alerts.problems import Problem
from liveguard.alerts.schemas import ReasonIn
from liveguard.alerts.schemas_feedback import RuleFeedbackOut, SuppressionIn, SuppressionOut
from liveguard.contracts import Language
from liveguard.errors import InputError

router = APIRouter(tags=["feedback"])


def suppression_out(row: Suppression) -> SuppressionOut:
    out = SuppressionOut.model_validate(row)
    out.active = suppressions.is_active(row)
    return out


@router.get("/suppressions", response_model=list[SuppressionOut])
def list_suppressions(
    user: AnyRole,
    session: SessionDep,
    active: bool = False,
    rule_id: Annotated[str | None, Query(max_length=100)] = None,
) -> list[SuppressionOut]:
    """Newest first; a merchant sees the suppressions scoped to its own merchant id."""
    rows = suppressions.list_suppressions(
        session, active_only=active, merchant_scope=merchant_scope(user), rule_id=rule_id
    )
    return [suppression_out(r) for r in rows]


@router.post("/suppressions", response_model=SuppressionOut, status_code=201)
def add_suppression(body: SuppressionIn, user: Moderator, session: SessionDep) -> SuppressionOut:
    """Silence a rule (optionally one phrase) for a merchant, a host or everyone, until it
    expires; effective for the next finding, no restart."""
    try:
        row = suppressions.add(
            session,
            user,
            scope=body.scope,
            scope_id=body.scope_id,
            rule_id=body.rule_id,
            term=body.term,
            reason=body.reason,
            days=body.days,
            case_id=body.case_id,
        )
    except InputError as exc:
        raise Problem(400, str(exc)) from exc
    session.commit()
    return suppression_out(row)


@router.post("/suppressions/{suppression_id}/lift", response_model=SuppressionOut)
def lift_suppression(
    suppression_id: DbId, body: ReasonIn, user: Moderator, session: SessionDep
) -> SuppressionOut:
    try:
        row = suppressions.lift(session, user, suppression_id, body.reason)
    except InputError as exc:
        raise Problem(404, str(exc)) from exc
    session.commit()
    return suppression_out(row)


@router.get("/feedback/false-positives", response_model=list[RuleFeedbackOut])
def false_positives(
    user: Reader,
    session: SessionDep,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[RuleFeedbackOut]:
    """Per rule: dismissed vs confirmed, why it was dismissed, what suppressions absorb."""
    return [
        RuleFeedbackOut(
            rule_id=r.rule_id,
            confirmed=r.confirmed,
            dismissed=r.dismissed,
            decided=r.decided,
            false_positive_rate=r.false_positive_rate,
            reasons=r.reasons,
            active_suppressions=r.active_suppressions,
            suppressed_hits=r.suppressed_hits,
        )
        for r in feedback.false_positive_report(session, since, until)
    ]


@router.get("/feedback/labelled")
def labelled(
    user: Reader,
    session: SessionDep,
    since: datetime | None = None,
    until: datetime | None = None,
    language: Language | None = None,
) -> Response:
    """Confirmed and dismissed findings as ``LABELS<TAB>TEXT`` lines (bench/quality.py)."""
    lines = list(feedback.labelled_lines(session, since, until, language))
    header = (
        "# LiveGuard reviewer labels: confirmed findings carry their family, dismissed ones '-'"
        " (docs/labelling.md)\n"
    )
    audit.record(session, user, "feedback", "labelled", "export", lines=len(lines))
    session.commit()
    return Response(
        header + "".join(line + "\n" for line in lines),
        media_type="text/tab-separated-values; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="liveguard-labels.tsv"'},
    )
