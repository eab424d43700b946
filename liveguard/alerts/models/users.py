"""People and the credentials they use: named users with one role, API tokens stored hashed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liveguard.alerts.models.base import Base, UTCDateTime, utcnow


class Role(StrEnum):
    MODERATOR = "moderator"
    REGULATOR = "regulator"
    """Read-only: reports, cases, blacklist; never changes anything."""
    MERCHANT = "merchant"
    """Sees only data of its own ``merchant_id``."""
    ADMIN = "admin"


MODERATORS = (Role.MODERATOR, Role.ADMIN)
"""Who reviews cases and edits the blacklist."""
READERS = (Role.MODERATOR, Role.REGULATOR, Role.ADMIN)
"""Who reads every case, stream and report (not merchants: they see only their own)."""
EVERYONE = (Role.MODERATOR, Role.REGULATOR, Role.ADMIN, Role.MERCHANT)
REPORTERS = (Role.REGULATOR, Role.ADMIN)
MERCHANTS_OR_ADMINS = (Role.MERCHANT, Role.ADMIN)
"""Who pre-checks scripts and keeps receipts."""
MERCHANTS = (Role.MERCHANT,)
ADMINS = (Role.ADMIN,)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    merchant_id: Mapped[str | None] = mapped_column(String(200), default=None)
    password_hash: Mapped[str | None] = mapped_column(String(300), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")


class ApiToken(Base):
    """Only the SHA-256 of a token is kept: a leaked database does not leak working tokens."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """After this the token no longer authenticates (``None``: no expiry, tokens made before 0006)."""

    user: Mapped[User] = relationship(back_populates="tokens")


class WebSession(Base):
    """A signed-in browser. The cookie carries a random id; only its SHA-256 is kept here.

    A cookie is honoured only while its row is live, so logout, a password change, disabling
    the user or revoking the token used to sign in end the session at once, and a cookie forged
    with a leaked signing key names no session.
    """

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_tokens.id"), index=True, default=None
    )
    """The API token the user signed in with, if any: revoking it ends this session."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
