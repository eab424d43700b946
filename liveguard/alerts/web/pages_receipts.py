"""Pre-check receipts (list, printable page) and a stream's pre-check-versus-live page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from liveguard.alerts.crud import merchants, receipts
from liveguard.alerts.deps import SessionDep, merchant_scope
from liveguard.alerts.web.auth import MerchantOrAdmin, PageError, PageUser, to_web
from liveguard.alerts.web.render import page

router = APIRouter()


@router.get("/receipts", response_class=HTMLResponse)
def receipt_list(request: Request, session: SessionDep, user: MerchantOrAdmin) -> HTMLResponse:
    rows = merchants.list_submissions(session, merchant_scope(user), limit=500)
    return page(request, "receipts.html", to_web(user), rows=rows)


@router.get("/receipts/{submission_id}", response_class=HTMLResponse)
def receipt_page(
    request: Request, session: SessionDep, user: PageUser, submission_id: int
) -> HTMLResponse:
    """The printable receipt: everything the JSON download holds, laid out for paper."""
    found = merchants.get_submission(session, submission_id, merchant_scope(user))
    if found is None:
        raise PageError(404, "not_found")
    doc = receipts.receipt_doc(found, receipts.checked_by(session, found))
    return page(request, "receipt.html", to_web(user), r=doc)


@router.get("/streams/{stream_id}/precheck", response_class=HTMLResponse)
def stream_precheck(
    request: Request, session: SessionDep, user: PageUser, stream_id: str
) -> HTMLResponse:
    found = receipts.stream_precheck(session, stream_id, merchant_scope(user))
    if found is None:
        raise PageError(404, "not_found")
    return page(request, "stream_precheck.html", to_web(user), sp=found, counts=found.counts())
