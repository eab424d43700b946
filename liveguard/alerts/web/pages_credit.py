"""Credit pages: the lowest-credit list and one party's score with the cases that moved it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from liveguard.alerts.crud import credit
from liveguard.alerts.deps import SessionDep, merchant_scope
from liveguard.alerts.web.auth import PageError, PageUser, to_web
from liveguard.alerts.web.credit_views import credit_view
from liveguard.alerts.web.render import page

router = APIRouter()


@router.get("/credit", response_class=HTMLResponse)
def credit_list(request: Request, session: SessionDep, user: PageUser) -> HTMLResponse:
    scope = merchant_scope(user)
    rows = credit.list_scores(session, merchant_scope=scope, limit=500)
    return page(
        request,
        "credit_list.html",
        to_web(user),
        rows=[credit_view(r.party_type, r.party_id, r) for r in rows],
    )


@router.get("/credit/{party_type}/{party_id}", response_class=HTMLResponse)
def credit_page(
    request: Request, session: SessionDep, user: PageUser, party_type: str, party_id: str
) -> HTMLResponse:
    if party_type not in ("host", "merchant"):
        raise PageError(404, "not_found")
    scope = merchant_scope(user)
    row = credit.get_score(session, party_type, party_id, merchant_scope=scope)
    if row is None:
        if scope is not None and (party_type != "merchant" or party_id != scope):
            raise PageError(404, "not_found")
        view = credit_view(party_type, party_id, None)
        contributions: list[dict[str, object]] = []
    else:
        view = credit_view(party_type, party_id, row)
        contributions = list(row.contributions)
    hist = credit.history(session, party_type=party_type, party_id=party_id, merchant_scope=scope)
    return page(
        request,
        "credit.html",
        to_web(user),
        credit=view,
        contributions=contributions,
        history=list(hist),
        lost=round(sum(float(str(c["points"])) for c in contributions), 2),
    )
