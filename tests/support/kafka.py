"""A handle on the project's own Kafka broker (scripts/kafka.sh) for tests and benchmarks.

Each handle runs a private broker on a free port pair with its data in a folder of the caller's
choosing, so test runs never touch a developer's broker and parallel runs never clash. The
handle can stop and start its broker, so tests can prove that nothing is lost across a restart.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liveguard.settings import Settings
from tests.support.ports import free_port_pair
from tests.support.waiting import HANG_GUARD_S

REPO = Path(__file__).resolve().parents[2]


@dataclass
class KafkaBroker:
    port: int
    run_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    """The environment scripts/kafka.sh runs with (names this broker's port and folder)."""

    @classmethod
    def on_free_port(cls, run_dir: Path) -> KafkaBroker:
        port = free_port_pair()
        env = dict(os.environ, LIVEGUARD_KAFKA_PORT=str(port), LIVEGUARD_KAFKA_RUN_DIR=str(run_dir))
        return cls(port=port, run_dir=run_dir, env=env)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _script(self, action: str) -> None:
        # kafka.sh itself waits for the broker's "started" log line; this is only a hang guard
        subprocess.run(
            ["bash", str(REPO / "scripts" / "kafka.sh"), action],
            check=True,
            env=self.env,
            timeout=HANG_GUARD_S,
        )

    def start(self) -> None:
        self._script("start")

    def stop(self) -> None:
        self._script("stop")

    def restart(self) -> None:
        self.stop()
        self.start()


def env_for(settings: Settings) -> dict[str, str]:
    """The environment a ``liveguard`` subprocess needs to use the same broker, topics, group
    and data folder as ``settings``."""
    env = dict(os.environ)
    env.update(
        LIVEGUARD_KAFKA_BOOTSTRAP=settings.kafka_bootstrap,
        LIVEGUARD_TOPIC_PREFIX=settings.topic_prefix,
        LIVEGUARD_CONSUMER_GROUP=settings.consumer_group,
        LIVEGUARD_DATA_DIR=str(settings.data_dir),
        LIVEGUARD_CLIP_STORE=settings.resolved_clip_store,
        LIVEGUARD_CLIP_CONTEXT_S=str(settings.clip_context_s),
        LIVEGUARD_CHECKPOINT_EVERY_S=str(settings.checkpoint_every_s),
    )
    return env


def poll_into(consumer: Any, records: list[Any], timeout_ms: int = 300) -> None:
    """One consumer poll; whatever arrived is appended to ``records`` (a ``wait_until`` poll)."""
    for batch in consumer.poll(timeout_ms=timeout_ms).values():
        records.extend(batch)
