"""Sign-in for people: the pages use the service's session cookie, never a token in the URL.

Credentials are checked by the alerts security helpers (scrypt passwords, hashed API tokens);
this module only turns a successful check into the HttpOnly ``lg_session`` cookie and sends
signed-out visitors to the sign-in page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from liveguard.alerts.crud import audit, sessions, users
from liveguard.alerts.deps import SessionDep, SettingsDep, cookie_session_id, optional_user
from liveguard.alerts.limits import LoginGuard, RateLimiter
from liveguard.alerts.models import User
from liveguard.alerts.models import users as groups
from liveguard.alerts.problems import Problem
from liveguard.alerts.security import (
    SESSION_COOKIE,
    csrf_token_for_session,
    make_session_cookie,
)
from liveguard.alerts.web import csrf
from liveguard.alerts.web.i18n import LANG_COOKIE, pick_lang
from liveguard.alerts.web.render import page, redirect, set_csrf_cookie, ui
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

# The pages' role aliases: the API's names (``liveguard.alerts.deps``) over the same groups.
Moderator = Annotated[User, Depends(roles(*groups.MODERATORS))]
Reader = Annotated[User, Depends(roles(*groups.READERS))]
AnyRole = Annotated[User, Depends(roles(*groups.EVERYONE))]
Reporter = Annotated[User, Depends(roles(*groups.REPORTERS))]
MerchantOrAdmin = Annotated[User, Depends(roles(*groups.MERCHANTS_OR_ADMINS))]
Merchant = Annotated[User, Depends(roles(*groups.MERCHANTS))]
Admin = Annotated[User, Depends(roles(*groups.ADMINS))]


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


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _refused(request: Request, next_url: str, status: int, retry_s: float = 0.0) -> HTMLResponse:
    response = page(
        request,
        "login.html",
        None,
        status_code=status,
        next=_safe_next(next_url),
        error=status == 401,
        locked=status == 429,
    )
    if retry_s:
        response.headers["Retry-After"] = str(int(retry_s) + 1)
    return response


@router.post("/login", response_model=None, dependencies=[Csrf])
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=200)],
    secret: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> HTMLResponse | RedirectResponse:
    """Sign in with a password or an API token; failures are audited and rate-limited."""
    name = username.strip()
    client = _client(request)
    guard: LoginGuard = request.app.state.login_guard
    per_client: RateLimiter = request.app.state.login_limiter
    allowed, wait = per_client.allow(f"ip:{client}")
    locked = guard.locked_for(name)
    if not allowed or locked:
        audit.record(session, None, "login", name[:200], "login_locked", client=client)
        session.commit()
        return _refused(request, next, 429, max(wait, locked))
    found = users.sign_in(session, name, secret.strip())
    if found is None:
        guard.failed(name)
        audit.record(session, None, "login", name[:200], "login_failed", client=client)
        session.commit()
        return _refused(request, next, 401)
    guard.succeeded(name)
    lifetime = settings.session_hours * 3600
    sid = sessions.open_session(session, found.user, lifetime, found.token_id)
    audit.record(session, found.user, "login", name, "login", client=client)
    session.commit()
    response = redirect(_safe_next(next) or home_for(found.user))
    response.set_cookie(
        SESSION_COOKIE,
        make_session_cookie(sid, settings),
        max_age=lifetime,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    # the page scripts read the new session's token from here until the next page renders it
    set_csrf_cookie(response, csrf_token_for_session(sid, settings), request)
    return response


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, session: SessionDep, settings: SettingsDep) -> RedirectResponse:
    """Ends the session on the server too: a copied cookie is worthless afterwards."""
    sid = cookie_session_id(request, settings)
    if sid is not None:
        sessions.end_session(session, sid)
        session.commit()
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
