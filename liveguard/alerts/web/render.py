"""Template rendering with the things every page needs: language, CSRF token, signed-in user.

The CSRF cookie is (re)set on every rendered page, so a form is always posted with a token the
browser also holds in its cookie jar.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from liveguard.alerts.web import csrf
from liveguard.alerts.web.backend import legal_label
from liveguard.alerts.web.i18n import LANG_COOKIE, pick_lang, translate
from liveguard.alerts.web.views import WebUser

HERE = Path(__file__).resolve().parent
UI_PREFIX = "/ui"
STATIC_PREFIX = "/ui/static"


def ui(path: str) -> str:
    """Absolute URL of a page (``ui('/queue')`` → ``/ui/queue``)."""
    return UI_PREFIX + (path if path.startswith("/") else "/" + path)


def static(name: str) -> str:
    return f"{STATIC_PREFIX}/{name}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(ui=ui, static=static, fmt_duration=fmt_duration)
    return env


def fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def lang_of(request: Request) -> str:
    return pick_lang(request.cookies.get(LANG_COOKIE))


def page(
    request: Request,
    template: str,
    user: WebUser | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = lang_of(request)
    token = csrf.token_for(request)
    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            user=user,
            lang=lang,
            csrf=token,
            t=lambda key: translate(str(key), lang),
            basis=lambda basis_id: legal_label(str(basis_id), lang),
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status_code)
    set_csrf_cookie(response, token, request)
    return response


def set_csrf_cookie(
    response: HTMLResponse | RedirectResponse, token: str, request: Request
) -> None:
    response.set_cookie(
        csrf.CSRF_COOKIE,
        token,
        httponly=False,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
