"""Server-rendered pages for moderators, regulators and merchants (issue 7).

Pages live under ``/ui`` beside the JSON API, share its database session, users and cookie,
and call the same crud functions; they add only presentation, CSRF checks and the live view.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"


def mount(app: FastAPI) -> None:
    """Attach the pages, templates and static files to the alerts app."""
    from liveguard.alerts.livebus import default_bus
    from liveguard.alerts.web import (
        auth,
        pages_blacklist,
        pages_credit,
        pages_feedback,
        pages_live,
        pages_merchant,
        pages_receipts,
        pages_reports,
        pages_review,
    )
    from liveguard.alerts.web.render import STATIC_PREFIX, UI_PREFIX, page, redirect, ui

    app.state.live_snapshots = pages_live.SnapshotCache(
        app.state.sessionmaker, default_bus(), app.state.settings.live_poll_s
    )
    for module in (
        auth,
        pages_review,
        pages_live,
        pages_blacklist,
        pages_reports,
        pages_merchant,
        pages_credit,
        pages_feedback,
        pages_receipts,
    ):
        app.include_router(module.router, prefix=UI_PREFIX, include_in_schema=False)
    app.mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="ui-static")

    @app.exception_handler(auth.LoginRequiredError)
    async def _login(_request: Request, exc: auth.LoginRequiredError) -> RedirectResponse:
        return auth.login_redirect(exc.next_url)

    @app.exception_handler(auth.PageError)
    async def _page_error(request: Request, exc: auth.PageError) -> HTMLResponse:
        return page(
            request,
            "error.html",
            None,
            status_code=exc.status,
            status_code_text=str(exc.status),
            message_key=exc.message_key,
        )

    if not any(getattr(r, "path", None) == "/" for r in app.routes):

        @app.get("/", include_in_schema=False)
        def _root() -> RedirectResponse:
            return redirect(ui("/"))
