"""Fixtures for the alerts service: a database on SQLite and on PostgreSQL, the app, users.

``db_url`` is parametrised, so every test that uses it runs on both databases. PostgreSQL gets
one private database per test session (migrated once) and is emptied between tests; SQLite gets
a fresh file per test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from liveguard.alerts.app import create_app
from liveguard.alerts.crud import users
from liveguard.alerts.db import open_database
from liveguard.alerts.models import Base
from liveguard.settings import Settings, load_settings
from tests.support import factories, postgres


@pytest.fixture(scope="session")
def _pg_database(postgres_url: str) -> Iterator[str]:
    """A private, migrated PostgreSQL database for this test session."""
    url = postgres.create_database(postgres_url, "lg_alerts")
    engine, _ = open_database(url)
    engine.dispose()
    try:
        yield url
    finally:
        postgres.drop_database(postgres_url, url)


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


def make_api(settings: Settings) -> Iterator[Api]:
    app = create_app(settings)
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
    """The event builders (tests/support/factories.py), as a fixture for the alerts tests."""

    class Builders:
        finding = staticmethod(factories.finding_event)
        segment = staticmethod(factories.segment_event)
        started = staticmethod(factories.started)
        meta = staticmethod(factories.stream_meta)
        t0 = factories.T0

    return Builders
