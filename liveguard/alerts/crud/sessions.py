"""Server-side sign-in sessions: the cookie names a row, and the row decides.

Only the SHA-256 of the random session id is stored (like API tokens), so a leaked database
holds no working cookie. Every way a credential dies (logout, password change, disabling the
user, revoking or rotating the token used to sign in) ends the matching rows at once.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from liveguard.alerts.models import ApiToken, User, WebSession, utcnow
from liveguard.alerts.security import hash_token


def open_session(session: Session, user: User, lifetime_s: int, token_id: int | None = None) -> str:
    """A new session for ``user``; returns the clear id for the cookie (never stored)."""
    clear = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        WebSession(
            id=hash_token(clear),
            user_id=user.id,
            token_id=token_id,
            created_at=now,
            expires_at=now + timedelta(seconds=lifetime_s),
        )
    )
    return clear


def user_for(session: Session, clear: str) -> User | None:
    """The active user of a live session; ``None`` once it ended, expired or lost its token."""
    now = utcnow()
    return session.execute(
        select(User)
        .join(WebSession, WebSession.user_id == User.id)
        .outerjoin(ApiToken, ApiToken.id == WebSession.token_id)
        .where(
            WebSession.id == hash_token(clear),
            WebSession.ended_at.is_(None),
            WebSession.expires_at > now,
            User.active.is_(True),
            or_(
                WebSession.token_id.is_(None),
                ApiToken.revoked_at.is_(None)
                & or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
            ),
        )
    ).scalar_one_or_none()


def end_session(session: Session, clear: str) -> None:
    session.execute(
        update(WebSession)
        .where(WebSession.id == hash_token(clear), WebSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def end_sessions_of(
    session: Session, *, user_id: int | None = None, token_id: int | None = None
) -> int:
    """End every live session of a user, or every one opened with a token; returns how many."""
    query = update(WebSession).where(WebSession.ended_at.is_(None))
    if user_id is not None:
        query = query.where(WebSession.user_id == user_id)
    elif token_id is not None:
        query = query.where(WebSession.token_id == token_id)
    else:
        return 0
    result = session.execute(
        query.values(ended_at=utcnow()).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
