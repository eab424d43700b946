"""Helpers for the worker tests against the real broker (not a test module itself)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer

from liveguard.contracts import AudioChunk, FindingEvent, PipelineEvent
from liveguard.errors import MessageFormatError
from liveguard.ingest.events import decode_event
from liveguard.ingest.publisher import make_producer, publish_chunks
from liveguard.ingest.topics import create_topics, topic_specs
from liveguard.pipeline.worker import Worker, WorkerOptions
from liveguard.pipeline.worker_components import build_processor
from liveguard.settings import Settings, load_settings
from tests.pipeline.pipeline_fakes import FakeCheckers, FakeRecognizer, FakeSpeech
from tests.support.kafka import env_for
from tests.support.waiting import HANG_GUARD_S, wait_until

REPO = Path(__file__).resolve().parents[2]


def worker_settings(broker: Any, prefix: str, tmp_path: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "kafka_bootstrap": broker.bootstrap,
        "topic_prefix": f"{prefix}.",
        "consumer_group": f"{prefix}-workers",
        "data_dir": tmp_path / "data",
        "clip_context_s": 1.0,
        "checkpoint_every_s": 0.5,
    }
    values.update(extra)
    return load_settings(**values)


def make_topics(settings: Settings, partitions: int = 4) -> None:
    create_topics(topic_specs(settings, partitions=partitions), bootstrap=settings.kafka_bootstrap)


def publish(settings: Settings, chunks: Iterable[AudioChunk]) -> int:
    producer = make_producer(settings.kafka_bootstrap)
    try:
        return publish_chunks(chunks, producer=producer, topic=settings.topic("audio"))
    finally:
        producer.close()


def in_process_worker(
    settings: Settings, recognizer: Any = None, **options: Any
) -> tuple[Worker, threading.Thread]:
    proc = build_processor((FakeSpeech, recognizer or FakeRecognizer(), FakeCheckers()), settings)
    worker = Worker(
        proc, settings=settings, options=WorkerOptions(session_timeout_ms=6000, **options)
    )
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    return worker, thread


def dead_letters(settings: Settings) -> list[Any]:
    """Every record on the dead-letter topic so far."""
    dlq = KafkaConsumer(
        settings.topic("deadletter"),
        bootstrap_servers=settings.kafka_bootstrap,
        auto_offset_reset="earliest",
        group_id=None,
        consumer_timeout_ms=3000,
    )
    try:
        return list(dlq)
    finally:
        dlq.close()


def spawn_worker(
    settings: Settings, worker_id: str, log: Path, *args: str
) -> subprocess.Popen[bytes]:
    """``liveguard worker`` in its own process, with the tone-code stand-ins."""
    cmd = [
        sys.executable,
        "-c",
        "from liveguard.cli import main; main()",
        "-v",
        "worker",
        "--id",
        worker_id,
        "--components",
        "tests.pipeline.pipeline_fakes:components",
        "--session-timeout-ms",
        "6000",
        *args,
    ]
    with log.open("wb") as handle:
        return subprocess.Popen(
            cmd, cwd=REPO, env=env_for(settings), stdout=handle, stderr=subprocess.STDOUT
        )


class EventReader:
    """Reads the three event topics from the start, accumulating everything seen."""

    def __init__(self, settings: Settings) -> None:
        self.consumer = KafkaConsumer(
            *(settings.topic(n) for n in ("segments", "findings", "events")),
            bootstrap_servers=settings.kafka_bootstrap,
            group_id=None,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        self.events: list[PipelineEvent] = []
        self.skipped = 0

    def poll(self) -> None:
        for records in self.consumer.poll(timeout_ms=300).values():
            for record in records:
                try:
                    self.events.append(decode_event(record.value))
                except MessageFormatError:
                    self.skipped += 1  # the fuzz test writes poison onto the event topics

    def wait(
        self, done: Callable[[list[PipelineEvent]], bool], timeout: float = HANG_GUARD_S
    ) -> list[PipelineEvent]:
        """Read until ``done(events)``; ``timeout`` is only a hang guard (tests/support/waiting)."""
        wait_until(
            lambda: done(self.events),
            lambda: f"events; got {len(self.events)}: {[e.kind for e in self.events][-20:]}",
            poll=self.poll,
            ceiling=timeout,
        )
        return self.events

    def close(self) -> None:
        self.consumer.close()


def finding_ids(events: Iterable[PipelineEvent]) -> list[str]:
    return [e.finding.finding_id for e in events if isinstance(e, FindingEvent)]


def ended_streams(events: Iterable[PipelineEvent]) -> set[str]:
    return {e.stream.stream_id for e in events if e.kind == "stream_ended"}
