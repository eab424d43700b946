"""Sign-in for people: the pages use the service's session cookie, never a token in the URL.

Credentials are checked by the alerts security helpers (scrypt passwords, hashed API tokens);
this module only turns a successful check into the HttpOnly ``lg_session`` cookie and sends
signed-out visitors to the sign-in page.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from liveguard.alerts.deps import SessionDep, SettingsDep, optional_user, user_from_token
from liveguard.alerts.models import User
from liveguard.alerts.problems import Problem
from liveguard.alerts.security import (
    SESSION_COOKIE,
    SESSION_MAX_AGE_S,
    make_session_cookie,
    verify_password,
)
from liveguard.alerts.web import csrf
from liveguard.alerts.web.i18n import LANG_COOKIE, pick_lang
from liveguard.alerts.web.render import page, redirect, ui
from liveguard.alerts.web.views import WebUser
from liveguard.errors import LiveGuardError

router = APIRouter()


class LoginRequiredError(LiveGuardError):
    """A page was asked for without a valid session; the handler redirects to sign-in."""

    def __init__(self, next_url: str) -> None:
        super().__init__("sign in first")
        self.next_url = next_url


class PageError(LiveGuardError):
    """An error shown as an HTML page (403 / 404) instead of a problem document."""

    def __init__(self, status: int, message_key: str) -> None:
        super().__init__(message_key)
        self.status = status
        self.message_key = message_key


def to_web(user: User) -> WebUser:
    return WebUser(id=user.id, name=user.username, role=user.role, merchant_id=user.merchant_id)


def page_user(request: Request, session: SessionDep, settings: SettingsDep) -> User:
    try:
        user = optional_user(request, session, settings)
    except Problem:
        user = None
    if user is None:
        raise LoginRequiredError(
            request.url.path + (f"?{request.url.query}" if request.url.query else "")
        )
    return user


PageUser = Annotated[User, Depends(page_user)]


def roles(*allowed: str) -> Callable[[User], User]:
    """A page dependency admitting only ``allowed`` roles (an HTML 403 for the others)."""

    def check(user: PageUser) -> User:
        if user.role not in allowed:
            raise PageError(403, "forbidden")
        return user

    return check


def check_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    try:
        csrf.verify(request, csrf_token)
    except csrf.CsrfError as exc:
        raise PageError(403, "forbidden") from exc


Csrf = Depends(check_csrf)


def authenticate(session: Session, username: str, secret: str) -> User | None:
    """The active user named ``username`` if ``secret`` is one of its tokens or its password."""
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not user.active:
        return None
    by_token = user_from_token(session, secret)
    if by_token is not None and hmac.compare_digest(str(by_token.id), str(user.id)):
        return user
    if verify_password(secret, user.password_hash):
        return user
    return None


def home_for(user: User) -> str:
    if user.role == "regulator":
        return ui("/dashboard")
    if user.role == "merchant":
        return ui("/precheck")
    return ui("/queue")


def _safe_next(url: str) -> str:
    """Only same-site paths: an open redirect would let a phishing link borrow our sign-in page."""
    if url.startswith(UI_PATH) and not url.startswith("//"):
        return url
    return ""


UI_PATH = ui("/")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "") -> HTMLResponse:
    return page(request, "login.html", None, next=_safe_next(next), error=False)


@router.post("/login", response_model=None, dependencies=[Csrf])
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form()],
    secret: Annotated[str, Form()],
    next: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    user = authenticate(session, username.strip(), secret.strip())
    if user is None:
        return page(request, "login.html", None, status_code=401, next=_safe_next(next), error=True)
    response = redirect(_safe_next(next) or home_for(user))
    response.set_cookie(
        SESSION_COOKIE,
        make_session_cookie(user.id, settings),
        max_age=SESSION_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout", dependencies=[Csrf])
def logout() -> RedirectResponse:
    response = redirect(ui("/login"))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang")
def switch_language(to: str = "zh", next: str = "") -> RedirectResponse:
    response = redirect(_safe_next(next) or ui("/"))
    response.set_cookie(LANG_COOKIE, pick_lang(to), max_age=365 * 86400, samesite="lax", path="/")
    return response


@router.get("/")
def home(user: PageUser) -> RedirectResponse:
    return redirect(home_for(user))


def login_redirect(next_url: str) -> RedirectResponse:
    return redirect(ui("/login") + "?next=" + quote(next_url, safe=""))
