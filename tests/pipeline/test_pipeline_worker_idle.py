"""``idle_exit_s`` counts only while the worker holds partitions: the worker's own loop, driven by
a fake consumer and a fake clock (no broker, no waiting).

Each poll takes the worker's ``poll_timeout_ms`` of fake time and plays one step of a script:
the rebalance listener handing over partition 0 (kafka-python calls it from within a poll), an
audio chunk on it, or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kafka import TopicPartition

from liveguard.contracts import StreamMeta
from liveguard.ingest.kafka_io import KafkaStateStore
from liveguard.ingest.wire import encode_chunk
from liveguard.pipeline.worker import Worker, WorkerOptions
from liveguard.pipeline.worker_components import build_processor
from liveguard.settings import load_settings
from tests.pipeline.pipeline_fakes import FakeCheckers, FakeRecognizer, FakeSpeech, tone_chunk

Step = Literal["assign", "chunk"] | None
POLL_MS = 10_000
IDLE_S = 30.0
"""Three empty polls while holding partition 0."""
HANG_POLLS = 100
"""A worker still polling after this many polls is stopped, and the test fails."""


@dataclass
class FakeClock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Record:
    """The fields of kafka-python's ``ConsumerRecord`` that the worker reads."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]


@dataclass
class FakeConsumer:
    worker: Worker
    clock: FakeClock
    script: Sequence[Step]
    topic: str = ""
    polls: int = 0
    steps: list[Step] = field(default_factory=list)
    hung: bool = False

    def poll(self, timeout_ms: int) -> dict[TopicPartition, list[Record]]:
        self.clock.now += timeout_ms / 1000
        step = self.script[self.polls] if self.polls < len(self.script) else None
        self.polls += 1
        self.steps.append(step)
        if self.polls >= HANG_POLLS:
            self.hung = True
            self.worker.stop()
        if step == "assign":
            self.worker.assigned({0})
        elif step == "chunk":
            offset = self.steps.count("chunk") - 1
            chunk = tone_chunk(StreamMeta(stream_id="s1", room_id="r1"), offset, "我们")
            key, value, headers = encode_chunk(chunk)
            return {
                TopicPartition(self.topic, 0): [Record(self.topic, 0, offset, key, value, headers)]
            }
        return {}

    def highwater(self, tp: TopicPartition) -> int | None:
        return None

    def committed(self, tp: TopicPartition) -> int | None:
        return None

    def seek_to_beginning(self, tp: TopicPartition) -> None:
        pass

    def seek(self, tp: TopicPartition, offset: int) -> None:
        pass

    def commit(self, offsets: dict[TopicPartition, Any]) -> None:
        pass

    def close(self, autocommit: bool = True) -> None:
        pass


class FakeProducer:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, topic: str, **_: Any) -> None:
        self.sent.append(topic)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


class NoCheckpoints(KafkaStateStore):
    def load(self, partition: int) -> dict[str, dict[str, Any]]:
        return {}


class OfflineWorker(Worker):
    """The real worker loop over the fakes: only its Kafka clients and checkpoint reads differ."""

    def __init__(self, script: Sequence[Step], data_dir: Path) -> None:
        self.clock = FakeClock()
        self.fake = FakeConsumer(self, self.clock, script)
        settings = load_settings(data_dir=data_dir)
        processor = build_processor(
            (FakeSpeech, FakeRecognizer(), FakeCheckers()), settings, keep_clips=False
        )
        options = WorkerOptions(poll_timeout_ms=POLL_MS, idle_exit_s=IDLE_S)
        super().__init__(processor, settings=settings, options=options, clock=self.clock)
        self.fake.topic = self.audio_topic
        self.state = NoCheckpoints(self.producer, settings, self.state.topic)

    def _consumer(self) -> Any:
        return self.fake

    def _producer(self) -> Any:
        return FakeProducer()


def test_joining_is_not_idle_time_and_holding_nothing_new_is(tmp_path: Path) -> None:
    worker = OfflineWorker([None] * 10 + ["assign"], tmp_path)
    worker.run()
    fake = worker.fake
    assert not fake.hung
    # 100 s without partitions did not count; once it held one, three empty polls (30 s) did
    assert fake.steps[:11] == [None] * 10 + ["assign"], "left before it held a partition"
    assert fake.polls == 11 + 3
    assert worker.messages == 0


def test_a_message_starts_the_idle_time_again(tmp_path: Path) -> None:
    worker = OfflineWorker(["assign", None, "chunk", None, "chunk"], tmp_path)
    worker.run()
    fake = worker.fake
    assert not fake.hung
    assert worker.messages == 2
    # the last chunk came with poll 5; the worker left three empty polls later
    assert fake.polls == 5 + 3
    assert worker.processor.stats.chunks == 2
