"""CSRF protection for the pages: a signed double-submit token.

The session cookie rides along with any cross-site form post, so every state-changing request
must also carry a token that only a page we rendered could know. The token lives in a
(non-HttpOnly, SameSite=Strict) cookie and in each form / ``X-CSRF-Token`` header; the server
checks that both are equal *and* carry our signature, so a subdomain that plants a cookie still
cannot forge one.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer

from liveguard.errors import LiveGuardError
from liveguard.settings import get_settings

CSRF_COOKIE = "lg_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class CsrfError(LiveGuardError):
    """A form post without a valid CSRF token."""


def _serializer() -> URLSafeSerializer:
    secret = get_settings().secret_key.get_secret_value()
    return URLSafeSerializer(secret, salt="liveguard-web-csrf")


def new_token() -> str:
    return str(_serializer().dumps(secrets.token_urlsafe(16)))


def token_for(request: Request) -> str:
    """The token the page should embed: the cookie's if it is valid, else a fresh one."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and _valid_signature(existing):
        return existing
    cached = getattr(request.state, "csrf_token", None)
    if isinstance(cached, str):
        return cached
    token = new_token()
    request.state.csrf_token = token
    return token


def _valid_signature(token: str) -> bool:
    try:
        _serializer().loads(token)
    except BadSignature:
        return False
    return True


def verify(request: Request, submitted: str | None) -> None:
    """Raise :class:`CsrfError` unless ``submitted`` equals the signed cookie token."""
    cookie = request.cookies.get(CSRF_COOKIE)
    submitted = submitted or request.headers.get(CSRF_HEADER)
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise CsrfError("missing or mismatched CSRF token")
    if not _valid_signature(cookie):
        raise CsrfError("CSRF token signature is invalid")
