"""Users and API tokens (the CLI and the sign-in page use these)."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit, sessions
from liveguard.alerts.models import ApiToken, Role, User, utcnow
from liveguard.alerts.security import (
    DUMMY_PASSWORD_HASH,
    hash_password,
    hash_token,
    new_token,
    verify_password,
)
from liveguard.errors import InputError


def create_user(
    session: Session,
    username: str,
    role: Role | str,
    *,
    merchant_id: str | None = None,
    password: str | None = None,
) -> User:
    role = Role(role)
    if role is Role.MERCHANT and not merchant_id:
        raise InputError("a merchant user needs a merchant id")
    if get_user(session, username) is not None:
        raise InputError(f"user {username!r} exists already")
    user = User(
        username=username,
        role=role.value,
        merchant_id=merchant_id if role is Role.MERCHANT else None,
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    session.flush()
    audit.record(session, None, "user", user.id, "create", role=role.value)
    return user


def get_user(session: Session, username: str) -> User | None:
    return session.execute(select(User).where(User.username == username)).scalar_one_or_none()


def list_users(session: Session) -> Sequence[User]:
    return session.execute(select(User).order_by(User.id)).scalars().all()


def set_password(session: Session, user: User, password: str) -> None:
    """A new password also signs the user out everywhere (a stolen cookie dies with the old one)."""
    user.password_hash = hash_password(password)
    ended = sessions.end_sessions_of(session, user_id=user.id)
    audit.record(session, None, "user", user.id, "set_password", sessions_ended=ended)


def set_active(session: Session, user: User, active: bool) -> None:
    user.active = active
    if not active:
        sessions.end_sessions_of(session, user_id=user.id)
    audit.record(session, None, "user", user.id, "activate" if active else "deactivate")


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user if the password matches; ``None`` otherwise (same answer for unknown users)."""
    found = sign_in(session, username, password, accept_tokens=False)
    return found.user if found else None


@dataclass(frozen=True)
class SignIn:
    user: User
    token_id: int | None
    """The API token used as the secret, if it was one (its revocation ends the session)."""


def sign_in(
    session: Session, username: str, secret: str, *, accept_tokens: bool = True
) -> SignIn | None:
    """The active user named ``username`` if ``secret`` is its password or one of its tokens.

    An unknown or disabled name still costs one password hash, so response time does not tell
    which names exist.
    """
    user = get_user(session, username) if len(username) <= 100 else None
    if user is None or not user.active:
        verify_password(secret, DUMMY_PASSWORD_HASH)
        return None
    if accept_tokens:
        token = _live_token(session, secret)
        if token is not None and hmac.compare_digest(str(token.user_id), str(user.id)):
            return SignIn(user, token.id)
    if verify_password(secret, user.password_hash or DUMMY_PASSWORD_HASH):
        return SignIn(user, None)
    return None


def _live_token(session: Session, clear: str) -> ApiToken | None:
    now = utcnow()
    return session.execute(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(clear),
            ApiToken.revoked_at.is_(None),
            or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
        )
    ).scalar_one_or_none()


def user_for_token(session: Session, clear: str) -> User | None:
    """The active owner of a live (unrevoked, unexpired) token."""
    token = _live_token(session, clear)
    if token is None:
        return None
    user = session.get(User, token.user_id)
    return user if user is not None and user.active else None


def create_token(
    session: Session, user: User, name: str = "", ttl_days: int = 0
) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row, and the clear text (shown once).

    ``ttl_days`` > 0 makes it expire (``LIVEGUARD_TOKEN_TTL_DAYS`` at the CLI); 0 never does.
    """
    clear = new_token()
    expires = utcnow() + timedelta(days=ttl_days) if ttl_days > 0 else None
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_token(clear),
        prefix=clear[:10],
        expires_at=expires,
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        None,
        "token",
        token.id,
        "create",
        owner=user.username,
        name=name,
        expires_at=expires.isoformat() if expires else None,
    )
    return token, clear


def rotate_token(session: Session, token_id: int, ttl_days: int = 0) -> tuple[ApiToken, str]:
    """Replace a token: a new one for the same user and purpose, the old one revoked."""
    old = session.get(ApiToken, token_id)
    if old is None or old.revoked_at is not None:
        raise InputError(f"no active token with id {token_id}")
    user = session.get(User, old.user_id)
    assert user is not None
    revoke_token(session, token_id)
    new, clear = create_token(session, user, old.name, ttl_days)
    audit.record(session, None, "token", old.id, "rotate", replaced_by=new.id)
    return new, clear


def list_tokens(session: Session, user: User | None = None) -> Sequence[ApiToken]:
    query = select(ApiToken).order_by(ApiToken.id)
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return session.execute(query).scalars().all()


def revoke_token(session: Session, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise InputError(f"no token with id {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        sessions.end_sessions_of(session, token_id=token.id)
        audit.record(session, None, "token", token.id, "revoke")
    return token
