"""Fixtures every test package shares: isolated settings, a real Kafka broker, a real PostgreSQL.

The broker is the project's own (scripts/kafka.sh) on a free port with its data in pytest's
temporary folder, so test runs never touch a developer's broker and parallel runs don't clash.
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from liveguard.settings import get_settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data folder; the model cache stays the user's (it is rebuildable)."""
    monkeypatch.setenv("LIVEGUARD_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _free_port_pair() -> int:
    """A port P with P+1 also free (the broker uses P, its controller P+1)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port > 65000:
            continue
        with socket.socket() as s2:
            try:
                s2.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair")


@dataclass
class KafkaBroker:
    """A handle on the real broker: tests may stop and start it to prove nothing is lost."""

    port: int
    run_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _script(self, action: str) -> None:
        subprocess.run(
            ["bash", str(REPO / "scripts" / "kafka.sh"), action],
            check=True,
            env=self.env,
            timeout=300,
        )

    def start(self) -> None:
        self._script("start")

    def stop(self) -> None:
        self._script("stop")

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaBroker]:
    port = _free_port_pair()
    run_dir = tmp_path_factory.mktemp("kafka")
    env = dict(os.environ)
    env.update(LIVEGUARD_KAFKA_PORT=str(port), LIVEGUARD_KAFKA_RUN_DIR=str(run_dir))
    broker = KafkaBroker(port=port, run_dir=run_dir, env=env)
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
    """A real PostgreSQL database URL; started by scripts/postgres.sh if the env var is unset."""
    url = os.environ.get("LIVEGUARD_TEST_POSTGRES_URL")
    if url:
        return url
    out = subprocess.run(
        ["bash", str(REPO / "scripts" / "postgres.sh"), "start"],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return out.stdout.strip().splitlines()[-1]


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` on a real uvicorn server (a thread) at a free loopback port; yields its base URL."""
    from liveguard.pipeline.demo import ApiServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = ApiServer(app, "127.0.0.1", port)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
