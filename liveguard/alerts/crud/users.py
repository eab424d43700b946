"""Users and API tokens (the CLI and the sign-in page use these)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit
from liveguard.alerts.models import ApiToken, Role, User, utcnow
from liveguard.alerts.security import hash_password, hash_token, new_token, verify_password
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
    user.password_hash = hash_password(password)
    audit.record(session, None, "user", user.id, "set_password")


def set_active(session: Session, user: User, active: bool) -> None:
    user.active = active
    audit.record(session, None, "user", user.id, "activate" if active else "deactivate")


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user if the password matches; ``None`` otherwise (same answer for unknown users)."""
    user = get_user(session, username)
    if user is None or not user.active:
        verify_password(password, None)
        return None
    return user if verify_password(password, user.password_hash) else None


def create_token(session: Session, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``: the row, and the clear text (shown once)."""
    clear = new_token()
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(clear), prefix=clear[:10])
    session.add(token)
    session.flush()
    audit.record(session, None, "token", token.id, "create", owner=user.username, name=name)
    return token, clear


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
        audit.record(session, None, "token", token.id, "revoke")
    return token
