"""Fixtures every test package shares: isolated settings, a real Kafka broker, a real PostgreSQL.

The broker is the project's own (scripts/kafka.sh) on a free port with its data in pytest's
temporary folder, so test runs never touch a developer's broker and parallel runs don't clash.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from liveguard.settings import get_settings
from tests.support import postgres
from tests.support.kafka import KafkaBroker
from tests.support.ports import free_port
from tests.support.waiting import HANG_GUARD_S


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data folder; the model cache stays the user's (it is rebuildable)."""
    monkeypatch.setenv("LIVEGUARD_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaBroker]:
    """One broker for the whole session; tests keep apart by topic (``fresh_topic``)."""
    broker = KafkaBroker.on_free_port(tmp_path_factory.mktemp("kafka"))
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def fresh_topic() -> str:
    """A topic name no other test uses, so tests never read each other's messages."""
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A real PostgreSQL server URL; started by scripts/postgres.sh if the env var is unset."""
    return postgres.server_url()


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` on a real uvicorn server (a thread) at a free loopback port; yields its base URL."""
    from liveguard.pipeline.demo import ApiServer

    port = free_port()
    server = ApiServer(app, "127.0.0.1", port)
    server.start(timeout=HANG_GUARD_S)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with a slow test go first, each file's tests in their own order.

    `make test` hands whole files to two processes (``--dist loadfile``) in collection order: a
    long file dealt out near the end kept one process busy alone for the last 1-2 minutes while
    the other had finished (session 12: 484 s on a quiet machine). Dealt out first, the long
    files overlap, and the many short files fill in around them."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)
