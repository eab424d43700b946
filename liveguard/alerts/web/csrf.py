"""CSRF protection for the pages: tokens bound to the session, signed with the app's key.

The session cookie rides along with any cross-site form post, so every state-changing request
must also carry a token that only a page we rendered could know. A signed-in browser's token is
an HMAC of its server-side session id (:func:`~liveguard.alerts.security.csrf_token_for_session`):
a token from another session, or from before sign-in, is refused. Before sign-in (the login
form) there is no session yet, so the token is a signed double-submit value, kept in a
SameSite=Strict cookie and compared with the form's copy. Both use the app's ``secret_key``,
the same key that signs the session cookie.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer

from liveguard.alerts.deps import CSRF_HEADER, cookie_session_id
from liveguard.alerts.security import csrf_token_for_session
from liveguard.errors import LiveGuardError
from liveguard.settings import Settings

CSRF_COOKIE = "lg_csrf"
CSRF_FIELD = "csrf_token"


class CsrfError(LiveGuardError):
    """A form post without a valid CSRF token."""


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key.get_secret_value(), salt="liveguard-web-csrf")


def _valid_signature(token: str, settings: Settings) -> bool:
    try:
        _serializer(settings).loads(token)
    except BadSignature:
        return False
    return True


def token_for(request: Request) -> str:
    """The token the page should embed: the session's, or before sign-in a double-submit one."""
    settings = _settings(request)
    sid = cookie_session_id(request, settings)
    if sid is not None:
        return csrf_token_for_session(sid, settings)
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and _valid_signature(existing, settings):
        return existing
    cached = getattr(request.state, "csrf_token", None)
    if isinstance(cached, str):
        return cached
    token = str(_serializer(settings).dumps(secrets.token_urlsafe(16)))
    request.state.csrf_token = token
    return token


def verify(request: Request, submitted: str | None) -> None:
    """Raise :class:`CsrfError` unless ``submitted`` is this browser's token."""
    settings = _settings(request)
    submitted = submitted or request.headers.get(CSRF_HEADER) or ""
    sid = cookie_session_id(request, settings)
    if sid is not None:
        if not hmac.compare_digest(submitted, csrf_token_for_session(sid, settings)):
            raise CsrfError("the CSRF token does not belong to this session")
        return
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise CsrfError("missing or mismatched CSRF token")
    if not _valid_signature(cookie, settings):
        raise CsrfError("CSRF token signature is invalid")
