"""Credit of hosts and merchants: list, explain, export with history, recompute."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from liveguard.alerts import credit as weights_mod
from liveguard.alerts import exports
from liveguard.alerts.crud import audit, credit
from liveguard.alerts.deps import Admin, AnyRole, SessionDep, merchant_scope
from liveguard.alerts.problems import Problem
from liveguard.alerts.schemas_credit import (
    ContributionOut,
    CreditDetailOut,
    CreditHistoryOut,
    CreditOut,
    RecomputeOut,
)

router = APIRouter(prefix="/credit", tags=["credit"])

PartyTypeParam = Literal["host", "merchant"]
HISTORY_COLUMNS = (
    "party_type",
    "party_id",
    "computed_at",
    "score",
    "band",
    "weights_version",
    "case_count",
    "cause",
)


@router.get("", response_model=list[CreditOut])
def list_credit(
    user: AnyRole,
    session: SessionDep,
    party_type: PartyTypeParam | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[CreditOut]:
    """Lowest credit first. A merchant sees only its own merchant score."""
    rows = credit.list_scores(
        session, party_type=party_type, merchant_scope=merchant_scope(user), limit=limit
    )
    return [CreditOut.model_validate(r) for r in rows]


@router.get("/export")
def export_credit(
    user: AnyRole,
    session: SessionDep,
    format: Literal["csv", "json"] = "csv",
    party_type: PartyTypeParam | None = None,
    party_id: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Current scores with their explanations (JSON), and every recomputation (CSV and JSON)."""
    scope = merchant_scope(user)
    hist = [
        CreditHistoryOut.model_validate(h).model_dump(mode="json")
        for h in credit.history(
            session, party_type=party_type, party_id=party_id, merchant_scope=scope
        )
    ]
    if format == "csv":
        data = exports.to_csv(hist, HISTORY_COLUMNS)
        media = "text/csv; charset=utf-8"
    else:
        scores = [
            {
                **CreditOut.model_validate(s).model_dump(mode="json"),
                "contributions": s.contributions,
            }
            for s in credit.list_scores(
                session, party_type=party_type, merchant_scope=scope, limit=100_000
            )
            if party_id is None or s.party_id == party_id
        ]
        data = exports.to_json_doc({"scores": scores, "history": hist})
        media = "application/json"
    audit.record(session, user, "credit", party_id or "all", "export", format=format)
    session.commit()
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="liveguard-credit.{format}"'},
    )


@router.post("/recompute", response_model=RecomputeOut)
def recompute_all(user: Admin, session: SessionDep) -> RecomputeOut:
    """Recompute every party now (scores decay with time even when no case changes)."""
    count = credit.recompute_all(session, cause=f"recompute by {user.username}")
    audit.record(session, user, "credit", "all", "recompute", parties=count)
    session.commit()
    return RecomputeOut(parties=count, weights_version=weights_mod.default_weights().version)


@router.get("/{party_type}/{party_id}", response_model=CreditDetailOut)
def credit_detail(
    party_type: PartyTypeParam,
    party_id: Annotated[str, Path(max_length=200)],
    user: AnyRole,
    session: SessionDep,
) -> CreditDetailOut:
    """The score, the cases that moved it and by how much, and its history."""
    scope = merchant_scope(user)
    row = credit.get_score(session, party_type, party_id, merchant_scope=scope)
    if row is None:
        raise Problem(404, f"no credit score for {party_type} {party_id}")
    return CreditDetailOut(
        credit=CreditOut.model_validate(row),
        contributions=[ContributionOut.model_validate(c) for c in row.contributions],
        history=[
            CreditHistoryOut.model_validate(h)
            for h in credit.history(
                session, party_type=party_type, party_id=party_id, merchant_scope=scope
            )
        ],
    )
