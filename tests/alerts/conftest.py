"""Fixtures for the alerts service: a database on SQLite and on PostgreSQL, the app, users.

``db_url`` is parametrised, so every test that uses it runs on both databases. PostgreSQL gets
one private database per test session (migrated once) and is emptied between tests; SQLite gets
a fresh file per test.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from liveguard.alerts.app import create_app
from liveguard.alerts.crud import users
from liveguard.alerts.db import open_database
from liveguard.alerts.models import Base
from liveguard.pipeline.recording import recording_text
from liveguard.settings import Settings, load_settings
from tests.support.factories import (
    T0,
    correction_event,
    finding_event,
    segment_event,
    started,
    stream_meta,
)


@pytest.fixture(scope="session")
def _pg_database(postgres_url: str) -> Iterator[str]:
    """A private, migrated PostgreSQL database for this test session."""
    admin_url = make_url(postgres_url)
    name = f"lg_alerts_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    engine, _ = open_database(url)
    engine.dispose()
    try:
        yield url
    finally:
        _drop(admin, name)
        admin.dispose()


def _drop(admin: Engine, name: str) -> None:
    """Plain DROP (not FORCE): it also ends autovacuum workers, which FORCE may not signal."""
    for attempt in range(20):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            return
        except OperationalError:
            if attempt == 19:
                raise
            time.sleep(0.5)


def _truncate(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'alerts.db'}"
    url: str = request.getfixturevalue("_pg_database")
    _truncate(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'alerts.db'}"


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., Settings]:
    def make(url: str, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "data_dir": tmp_path / "data",
            "database_url": url,
            "clip_store": str(tmp_path / "clips"),
            "secret_key": "test-secret",
            "webhook_secret": "hook-secret",
        }
        values.update(overrides)
        return load_settings(**values)

    return make


@pytest.fixture
def settings(db_url: str, settings_for: Callable[..., Settings]) -> Settings:
    return settings_for(db_url)


@pytest.fixture
def factory(settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine, make = open_database(settings.resolved_database_url)
    yield make
    engine.dispose()


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as s:
        yield s


@dataclass
class Api:
    client: TestClient
    headers: dict[str, dict[str, str]]
    """role (or user name) → Authorization header."""
    user_ids: dict[str, int]

    def as_(self, who: str) -> dict[str, str]:
        return self.headers[who]


ROLES = ("moderator", "regulator", "merchant", "admin")


def make_api(settings: Settings, *, speech: bool = True) -> Generator[Api, None, None]:
    """The service as ``liveguard serve`` builds it (``speech``: with the pipeline's
    recording transcriber for rehearsal uploads)."""
    app = create_app(settings, recording_text=recording_text if speech else None)
    headers: dict[str, dict[str, str]] = {}
    ids: dict[str, int] = {}
    with app.state.sessionmaker() as s:
        for name, role, merchant in (
            ("moderator", "moderator", None),
            ("moderator2", "moderator", None),
            ("regulator", "regulator", None),
            ("merchant", "merchant", "m-1"),
            ("merchant2", "merchant", "m-2"),
            ("admin", "admin", None),
        ):
            password = "pw-admin" if name == "admin" else None  # scrypt is slow on purpose
            user = users.create_user(s, name, role, merchant_id=merchant, password=password)
            _, clear = users.create_token(s, user, "test")
            headers[name] = {"Authorization": f"Bearer {clear}"}
            ids[name] = user.id
        s.commit()
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, headers, ids)


@pytest.fixture(scope="module")
def make_module_api() -> Iterator[Callable[[Settings], Api]]:
    """Module-scoped services for tests that share one app (closed at module end)."""
    made: list[Iterator[Api]] = []

    def make(settings: Settings) -> Api:
        gen = make_api(settings)
        made.append(gen)
        return next(gen)

    yield make
    for gen in made:
        for _ in gen:
            pass


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    yield from make_api(settings)


@pytest.fixture
def sqlite_api(sqlite_url: str, settings_for: Callable[..., Settings]) -> Iterator[Api]:
    yield from make_api(settings_for(sqlite_url))


@pytest.fixture
def events() -> Any:
    """The event builders, for tests (test modules may not import each other)."""

    class Builders:
        finding = staticmethod(finding_event)
        correction = staticmethod(correction_event)
        segment = staticmethod(segment_event)
        started = staticmethod(started)
        meta = staticmethod(stream_meta)
        t0 = T0

    return Builders


PAGE_PASSWORD = "page-pass-word-1"


def _sign_in(app: Any, username: str, password: str = PAGE_PASSWORD) -> TestClient:
    """A fresh browser-like client (own cookie jar) signed in through the sign-in page."""
    with app.state.sessionmaker() as s:
        user = users.get_user(s, username)
        assert user is not None
        if password == PAGE_PASSWORD and not users.authenticate(s, username, password):
            users.set_password(s, user, password)
            s.commit()
    client = TestClient(app, raise_server_exceptions=False)
    client.get("/ui/login")
    token = client.cookies.get("lg_csrf")
    assert token
    resp = client.post(
        "/ui/login",
        data={"username": username, "secret": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    return client


@pytest.fixture
def sign_in() -> Callable[..., TestClient]:
    """``sign_in(app, "merchant")``: a client holding that user's session cookie."""
    return _sign_in


def csrf_of(client: TestClient, path: str = "/ui/") -> str:
    """The CSRF token a rendered page hands to its forms (the ``csrf-token`` meta tag)."""
    import re

    html = client.get(path).text
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


@pytest.fixture
def page_csrf() -> Callable[..., str]:
    return csrf_of
