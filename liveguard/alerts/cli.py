"""``liveguard serve``, ``liveguard user …``, ``liveguard token …``, ``liveguard alerts-consume``,
``liveguard alerts-purge``: the alerts service from the command line.

Heavy imports (SQLAlchemy, FastAPI, uvicorn) stay inside the commands.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from liveguard.alerts.models.users import User

logger = logging.getLogger(__name__)

user_app = typer.Typer(help="Manage users of the review service.", no_args_is_help=True)
token_app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)


@contextmanager
def _session() -> Iterator[Session]:
    from liveguard.alerts.db import open_database
    from liveguard.settings import get_settings

    engine, factory = open_database(get_settings().resolved_database_url)
    try:
        with factory() as session:
            yield session
    finally:
        engine.dispose()


def _user(session: Session, username: str) -> User:
    """The named user; a missing one is the caller's input error (exit 2 via the CLI root)."""
    from liveguard.alerts.crud import users
    from liveguard.errors import InputError

    user = users.get_user(session, username)
    if user is None:
        raise InputError(f"no user {username!r}")
    return user


@user_app.command("add")
def user_add(
    username: str,
    role: str = typer.Option(..., help="moderator, regulator, merchant or admin"),
    merchant_id: str = typer.Option(
        None, help="Required for merchants: the merchant they act for."
    ),
    password: bool = typer.Option(False, "--password", help="Prompt for a sign-in password."),
) -> None:
    """Create a user."""
    from liveguard.alerts.crud import users
    from liveguard.errors import InputError

    secret = (
        typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    )
    with _session() as session:
        try:
            user = users.create_user(
                session, username, role, merchant_id=merchant_id, password=secret
            )
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        session.commit()
        typer.echo(f"user {user.id} {user.username} ({user.role})")


@user_app.command("list")
def user_list() -> None:
    from liveguard.alerts.crud import users

    with _session() as session:
        for user in users.list_users(session):
            state = "" if user.active else " (disabled)"
            merchant = f" merchant={user.merchant_id}" if user.merchant_id else ""
            typer.echo(f"{user.id}\t{user.username}\t{user.role}{merchant}{state}")


@user_app.command("password")
def user_password(username: str) -> None:
    """Set a user's sign-in password."""
    from liveguard.alerts.crud import users

    secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _session() as session:
        user = _user(session, username)
        users.set_password(session, user, secret)
        session.commit()


@user_app.command("disable")
def user_disable(username: str) -> None:
    from liveguard.alerts.crud import users

    with _session() as session:
        user = _user(session, username)
        users.set_active(session, user, False)
        session.commit()


@token_app.command("create")
def token_create(
    username: str, name: str = typer.Option("", help="What the token is for.")
) -> None:
    """Create a token and print it once (only its hash is stored)."""
    from liveguard.alerts.crud import users
    from liveguard.settings import get_settings

    with _session() as session:
        user = _user(session, username)
        token, clear = users.create_token(session, user, name, get_settings().token_ttl_days)
        session.commit()
        typer.echo(
            f"token {token.id} for {username}; store it now, it is not shown again:", err=True
        )
        typer.echo(clear)


@token_app.command("list")
def token_list(username: str = typer.Option(None, help="Only this user's tokens.")) -> None:
    from liveguard.alerts.crud import users

    with _session() as session:
        owner = _user(session, username) if username else None
        for token in users.list_tokens(session, owner):
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
            if token.expires_at and not token.revoked_at:
                state += f" until {token.expires_at:%Y-%m-%d}"
            typer.echo(f"{token.id}\t{token.user.username}\t{token.prefix}…\t{token.name}\t{state}")


@token_app.command("revoke")
def token_revoke(token_id: int) -> None:
    from liveguard.alerts.crud import users

    with _session() as session:
        users.revoke_token(session, token_id)
        session.commit()
        typer.echo(f"token {token_id} revoked")


@token_app.command("rotate")
def token_rotate(token_id: int) -> None:
    """Replace a token: print a new one for the same user and purpose, revoke the old one."""
    from liveguard.alerts.crud import users
    from liveguard.settings import get_settings

    with _session() as session:
        token, clear = users.rotate_token(session, token_id, get_settings().token_ttl_days)
        session.commit()
        typer.echo(f"token {token_id} revoked; its replacement is token {token.id}:", err=True)
        typer.echo(clear)


def alerts_consume(
    group_id: str = typer.Option("liveguard-alerts", help="Kafka consumer group."),
    instance_id: str = typer.Option(
        "",
        help="Kafka static membership id: a consumer restarted under the same id takes its "
        "partitions back at once, without a group rebalance. Must be unique in the group.",
    ),
    session_timeout_ms: int = typer.Option(
        6000, min=6000, help="How fast a dead consumer's partitions move to another member."
    ),
) -> None:
    """Ingest segments, findings and stream events from Kafka; send correction webhooks."""
    from liveguard.alerts.consumer import consume
    from liveguard.alerts.db import open_database
    from liveguard.alerts.webhooks import start_dispatcher
    from liveguard.settings import get_settings

    settings = get_settings()
    engine, factory = open_database(settings.resolved_database_url)
    stop = start_dispatcher(factory, settings)[1] if settings.webhook_url else None
    try:
        consume(
            factory,
            settings,
            group_id=group_id,
            instance_id=instance_id or None,
            session_timeout_ms=session_timeout_ms,
        )
    except KeyboardInterrupt:
        pass
    finally:
        if stop is not None:
            stop.set()
        engine.dispose()


def alerts_purge() -> None:
    """Delete evidence past the retention period (legal holds stay) and lift expired entries."""
    from liveguard.alerts.retention import purge
    from liveguard.settings import get_settings

    with _session() as session:
        result = purge(session, get_settings())
    typer.echo(
        f"purged {result.cases} cases, {result.findings} findings, {result.segments} segments, "
        f"{result.clips} clips, {result.submissions} pre-checks (before {result.cutoff:%Y-%m-%d})"
    )


def credit_recompute() -> None:
    """Recompute every host's and merchant's credit (recency moves scores daily)."""
    from liveguard.alerts.credit import default_weights
    from liveguard.alerts.crud import audit, credit

    with _session() as session:
        count = credit.recompute_all(session, cause="credit-recompute")
        audit.record(session, None, "credit", "all", "recompute", parties=count)
        session.commit()
    typer.echo(f"recomputed the credit of {count} parties (weights {default_weights().version})")


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the root app."""
    app.command("alerts-consume")(alerts_consume)
    app.command("alerts-purge")(alerts_purge)
    app.command("credit-recompute")(credit_recompute)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
