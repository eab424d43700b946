"""FastAPI dependencies: settings, a database session, the signed-in user and role checks."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy.orm import Session, sessionmaker

from liveguard.alerts.crud import sessions, users
from liveguard.alerts.models import Role, User
from liveguard.alerts.models import users as groups
from liveguard.alerts.problems import Problem
from liveguard.alerts.security import (
    SESSION_COOKIE,
    csrf_token_for_session,
    read_session_cookie,
)
from liveguard.settings import Settings


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    with factory() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SessionDep = Annotated[Session, Depends(get_session)]


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "x-csrf-token"


def cookie_session_id(request: Request, settings: Settings) -> str | None:
    """The session id in a validly signed ``lg_session`` cookie (not yet checked against the
    database)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    return read_session_cookie(cookie, settings) if cookie else None


def optional_user(request: Request, session: SessionDep, settings: SettingsDep) -> User | None:
    """The user behind a Bearer token or a live ``lg_session`` cookie, if any."""
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Problem(401, "use 'Authorization: Bearer <token>'")
        user = users.user_for_token(session, token.strip())
        if user is None:
            raise Problem(401, "the token is unknown, expired or revoked")
        return user
    sid = cookie_session_id(request, settings)
    if sid is not None:
        user = sessions.user_for(session, sid)
        if user is not None:
            request.state.session_id = sid
            return user
    return None


def current_user(
    request: Request,
    settings: SettingsDep,
    user: Annotated[User | None, Depends(optional_user)],
) -> User:
    if user is None:
        raise Problem(401, "sign in or send an API token")
    sid = getattr(request.state, "session_id", None)
    if sid is not None and request.method not in SAFE_METHODS:
        # A cookie rides along with cross-site requests; a token in a header cannot.
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent, csrf_token_for_session(sid, settings)):
            raise Problem(403, "send the page's CSRF token in X-CSRF-Token with the session cookie")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets only ``roles`` through (403 for everyone else)."""
    allowed = {r.value for r in roles}

    def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Problem(403, f"role {user.role!r} may not do this")
        return user

    check.__name__ = "require_" + "_".join(sorted(allowed))
    return check


def now() -> datetime:
    return datetime.now(UTC)


def merchant_scope(user: User) -> str | None:
    """The merchant id a user is confined to, or ``None`` for roles that see everything."""
    if user.role == Role.MERCHANT.value:
        return user.merchant_id or ""
    return None


# The API's role aliases; the web pages have the same names over the same groups
# (``liveguard.alerts.web.auth``), with the page login instead of the bearer token.
Moderator = Annotated[User, Depends(require_role(*groups.MODERATORS))]
Reader = Annotated[User, Depends(require_role(*groups.READERS))]
AnyRole = Annotated[User, Depends(require_role(*groups.EVERYONE))]
Reporter = Annotated[User, Depends(require_role(*groups.REPORTERS))]
MerchantOrAdmin = Annotated[User, Depends(require_role(*groups.MERCHANTS_OR_ADMINS))]
Merchant = Annotated[User, Depends(require_role(*groups.MERCHANTS))]
Admin = Annotated[User, Depends(require_role(*groups.ADMINS))]

MAX_ID = 2**31 - 1
DbId = Annotated[int, Path(ge=1, le=MAX_ID)]
"""Row ids in paths: bounded so no request can overflow a database integer."""
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
