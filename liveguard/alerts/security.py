"""Credentials: password hashing (scrypt), API tokens (stored as SHA-256), session cookies.

Tokens are 256 random bits, so a plain SHA-256 is enough to store them (there is nothing to
brute-force); passwords are low-entropy and get scrypt with a per-user salt.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

from liveguard.settings import Settings, get_settings

SESSION_COOKIE = "lg_session"
SESSION_MAX_AGE_S = 12 * 3600
TOKEN_PREFIX = "lg_"

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


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


def _serializer(settings: Settings | None = None) -> URLSafeTimedSerializer:
    key = (settings or get_settings()).secret_key.get_secret_value()
    return URLSafeTimedSerializer(key, salt="liveguard-session")


def make_session_cookie(user_id: int, settings: Settings | None = None) -> str:
    """The signed value of the ``lg_session`` cookie for a signed-in user."""
    return _serializer(settings).dumps({"uid": user_id})


def read_session_cookie(
    value: str, settings: Settings | None = None, max_age: int = SESSION_MAX_AGE_S
) -> int | None:
    """The user id inside a valid, unexpired cookie; ``None`` for anything else."""
    try:
        data = _serializer(settings).loads(value, max_age=max_age)
    except BadSignature:
        return None
    uid = data.get("uid") if isinstance(data, dict) else None
    return uid if isinstance(uid, int) else None


def sign_payload(body: bytes, secret: str, timestamp: int) -> str:
    """HMAC-SHA256 over ``"<timestamp>.<body>"``: the receiver checks both, which stops replays."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()
