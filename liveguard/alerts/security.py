"""Credentials: password hashing (scrypt), API tokens (stored as SHA-256), session cookies.

Tokens are 256 random bits, so a plain SHA-256 is enough to store them (there is nothing to
brute-force); passwords are low-entropy and get scrypt with a per-user salt.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

from liveguard.settings import Settings

SESSION_COOKIE = "lg_session"
SESSION_MAX_AGE_S = 12 * 3600
"""Upper bound the cookie's signature enforces; the session row's ``expires_at`` decides first."""
TOKEN_PREFIX = "lg_"

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


DUMMY_PASSWORD_HASH = (
    "scrypt$16384$8$1$0c5d6f5e3d1a2b4c8e9f7a6b5c4d3e2f$"
    "5b0f8e3c1d2a4b6c8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d"
)
"""Verified against when the user does not exist, so an unknown name costs the same scrypt
as a wrong password and response time does not tell which names exist."""


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt_hex),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest_hex) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def new_token() -> str:
    """A fresh API token; shown once, never stored in clear."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    key = settings.secret_key.get_secret_value()
    return URLSafeTimedSerializer(key, salt="liveguard-session")


def make_session_cookie(session_id: str, settings: Settings) -> str:
    """The signed value of the ``lg_session`` cookie: a server-side session id, no user id.

    The signature only keeps junk away from the database; what grants access is the session
    row (:mod:`liveguard.alerts.crud.sessions`), so a cookie forged with a leaked key names no
    session and opens nothing.
    """
    return str(_serializer(settings).dumps({"sid": session_id}))


def read_session_cookie(
    value: str, settings: Settings, max_age: int = SESSION_MAX_AGE_S
) -> str | None:
    """The session id inside a validly signed, unexpired cookie; ``None`` for anything else."""
    try:
        data = _serializer(settings).loads(value, max_age=max_age)
    except BadSignature:
        return None
    sid = data.get("sid") if isinstance(data, dict) else None
    return sid if isinstance(sid, str) and 20 <= len(sid) <= 100 else None


def csrf_token_for_session(session_id: str, settings: Settings) -> str:
    """The one CSRF token a signed-in session accepts: an HMAC of its id under the app's key.

    Bound to the session, so a token obtained anonymously (or in another session) is refused;
    derived, so the server stores nothing extra.
    """
    key = settings.secret_key.get_secret_value().encode("utf-8")
    return hmac.new(key, b"csrf:" + session_id.encode("utf-8"), hashlib.sha256).hexdigest()


def sign_payload(body: bytes, secret: str, timestamp: int) -> str:
    """HMAC-SHA256 over ``"<timestamp>.<body>"``: the receiver checks both, which stops replays."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()
