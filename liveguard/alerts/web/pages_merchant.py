"""Merchant pages: script pre-check with inline highlights, the allow-list, the merchant's record.

The check itself is the alerts service's pre-check route function (same engine, rate limit,
upload checks and stored submission as the JSON API); this page only lays its findings over the
submitted text.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from liveguard.alerts.crud import blacklist, cases, merchants
from liveguard.alerts.deps import DbId, SessionDep, SettingsDep, merchant_scope
from liveguard.alerts.models import User
from liveguard.alerts.precheck import MAX_SCRIPT_CHARS
from liveguard.alerts.problems import Problem
from liveguard.alerts.routes import precheck as precheck_api
from liveguard.alerts.schemas import PrecheckFindingOut, PrecheckIn, PrecheckOut
from liveguard.alerts.web import backend
from liveguard.alerts.web.auth import (
    Csrf,
    Merchant,
    MerchantOrAdmin,
    PageError,
    PageUser,
    to_web,
)
from liveguard.alerts.web.credit_views import party_credits
from liveguard.alerts.web.pages_blacklist import notice_view
from liveguard.alerts.web.render import page, redirect, ui
from liveguard.alerts.web.views import AllowView, PrecheckHit, PrecheckResult
from liveguard.errors import InputError

router = APIRouter()


def line_offsets(text: str) -> list[int]:
    """Offset of each line's first character (lines as ``str.splitlines`` counts them)."""
    offsets, pos = [], 0
    for line in text.splitlines(keepends=True):
        offsets.append(pos)
        pos += len(line)
    return offsets or [0]


def place(text: str, findings: list[PrecheckFindingOut]) -> PrecheckResult:
    """Turn line-relative finding offsets into offsets in the whole submitted text."""
    offsets = line_offsets(text)
    hits = []
    for f in findings:
        base = offsets[f.line - 1] if 1 <= f.line <= len(offsets) else 0
        start, end = base + f.start, base + f.end
        if text[start:end] != f.matched_text:
            found = text.find(f.matched_text, base)
            if found < 0:
                continue
            start, end = found, found + len(f.matched_text)
        hits.append(
            PrecheckHit(
                start=start,
                end=end,
                rule_id=f.rule_id,
                severity=f.severity,
                message=f.message,
                suggestion=f.suggestion,
                legal_basis=tuple(f.legal_basis),
                detector=f.detector,
                detail=f.detail,
            )
        )
    return PrecheckResult(text=text, hits=tuple(hits))


def _allow(session: SessionDep, user: User) -> list[AllowView]:
    if not user.merchant_id:
        return []
    return [
        AllowView(id=str(e.id), term=e.term, kind=e.kind, proof_ref=e.proof_ref)
        for e in merchants.list_allow(session, user.merchant_id)
    ]


def _render(
    request: Request,
    session: SessionDep,
    user: User,
    text: str,
    result: PrecheckResult | None,
    receipt_id: int | None = None,
    host_id: str = "",
) -> HTMLResponse:
    return page(
        request,
        "precheck.html",
        to_web(user),
        text=text,
        result=result,
        allow=_allow(session, user),
        merchant_id=user.merchant_id or "",
        receipt_id=receipt_id,
        host_id=host_id,
    )


@router.get("/precheck", response_class=HTMLResponse)
def precheck_form(request: Request, session: SessionDep, user: MerchantOrAdmin) -> HTMLResponse:
    return _render(request, session, user, "", None)


@router.post("/precheck", response_class=HTMLResponse, dependencies=[Csrf])
async def precheck_submit(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: MerchantOrAdmin,
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    host_id: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    out: PrecheckOut
    host_id = host_id.strip()
    try:
        if file is not None and file.filename:
            out = await precheck_api.check_upload(
                request, user, session, settings, file, language="auto", host_id=host_id
            )
            stored = merchants.get_submission(session, out.id, None)
            shown = stored.text if stored is not None else ""
        elif len(text) > MAX_SCRIPT_CHARS:
            raise PageError(
                422,
                f"the script has {len(text)} characters; one check takes at most "
                f"{MAX_SCRIPT_CHARS}: split it into parts",
            )
        elif text.strip():
            shown = text.replace("\r\n", "\n")
            out = await precheck_api.check_text(
                PrecheckIn(text=shown, host_id=host_id), request, user, session, settings
            )
        else:
            raise PageError(400, "paste_script")
    except Problem as exc:
        raise PageError(exc.status, exc.detail) from exc
    return _render(request, session, user, shown, place(shown, out.findings), out.id, host_id)


@router.post("/allowlist", dependencies=[Csrf])
def allow_add(
    session: SessionDep,
    user: Merchant,
    term: Annotated[str, Form()],
    kind: Annotated[str, Form()] = "trademark",
    proof_ref: Annotated[str, Form()] = "",
) -> RedirectResponse:
    try:
        merchants.add_allow(session, user, user.merchant_id or "", term.strip(), kind, proof_ref)
    except (InputError, ValueError) as exc:
        session.rollback()
        raise PageError(409, str(exc)) from exc
    session.commit()
    return redirect(ui("/precheck"))


@router.post("/allowlist/{entry_id}/delete", dependencies=[Csrf])
def allow_remove(session: SessionDep, user: Merchant, entry_id: DbId) -> RedirectResponse:
    try:
        merchants.remove_allow(session, user, entry_id, merchant_scope(user))
    except InputError as exc:
        raise PageError(404, "not_found") from exc
    session.commit()
    return redirect(ui("/precheck"))


@router.get("/merchants/{merchant_id}", response_class=HTMLResponse)
def merchant_page(
    request: Request, session: SessionDep, user: PageUser, merchant_id: str
) -> HTMLResponse:
    """A merchant's cases and notices; a merchant may open only its own page."""
    scope = merchant_scope(user)
    if scope is not None and scope != merchant_id:
        raise PageError(403, "forbidden")
    found = cases.list_cases(
        session, cases.CaseFilters(merchant_id=merchant_id), limit=100, merchant_scope=scope
    )
    notices = list(blacklist.list_notices(session, merchant_scope=merchant_id))
    return page(
        request,
        "merchant.html",
        to_web(user),
        merchant_id=merchant_id,
        cases=[backend.case_row(c) for c in found.items],
        notices=[notice_view(n) for n in notices],
        credits=party_credits(session, [("merchant", merchant_id)], scope),
    )
