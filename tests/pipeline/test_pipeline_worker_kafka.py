"""The worker against the real broker, with the tone-code stand-ins for speech and rules.

Whisper is exercised end to end in test_pipeline_worker_whisper.py; here the point is Kafka:
ordering, poison messages, duplicates, restarts, rebalances and kill -9.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from kafka import KafkaConsumer
from prometheus_client import generate_latest

from liveguard.contracts import (
    AudioChunk,
    FindingEvent,
    PipelineEvent,
    SegmentEvent,
    StreamEnded,
    StreamMeta,
)
from liveguard.ingest.clipstore import open_clip_store, wav_to_pcm16
from liveguard.ingest.publisher import make_producer
from liveguard.pipeline.processor import StreamProcessor
from liveguard.pipeline.worker import Worker, WorkerOptions
from tests.pipeline.pipeline_fakes import FakeCheckers, FakeRecognizer, FakeSpeech, script_chunks
from tests.pipeline.pipeline_kafka import (
    EventReader,
    ended_streams,
    finding_ids,
    in_process_worker,
    make_topics,
    publish,
    spawn_worker,
    worker_settings,
)
from tests.support.kafka import poll_into
from tests.support.waiting import HANG_GUARD_S, join, wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


SCRIPT = ["欢迎", None, "价格", "九十九", None, "我们", "今天", None, "最好", "效果", None]
SCRIPT2 = ["原价", "一百九十九", None, "抢", "完了", None, "最好", None]


def expected_findings(chunks: list[AudioChunk], tmp_path) -> set[str]:
    proc = StreamProcessor(
        speech_factory=FakeSpeech,
        recognizer=FakeRecognizer(),
        checkers=FakeCheckers(),
        clip_store=open_clip_store(str(tmp_path / "expected-clips")),
        clip_context_s=1.0,
    )
    by_stream: dict[str, list[AudioChunk]] = {}
    for c in chunks:
        by_stream.setdefault(c.stream.stream_id, []).append(c)
    ids: set[str] = set()
    for stream_chunks in by_stream.values():
        for c in stream_chunks:
            ids.update(
                e.finding.finding_id
                for e in proc.process([(c, c.seq)])
                if isinstance(e, FindingEvent)
            )
    return ids


class SlowRecognizer(FakeRecognizer):
    """Takes longer than the group's session timeout on its first batch, and notes how many
    rebalances had cost the worker partitions before it (a group may rebalance once while it
    forms, when the new topic's metadata arrives: that is not what this measures)."""

    def __init__(self) -> None:
        super().__init__()
        self.worker: Any = None
        self.revocations_before: int | None = None

    def transcribe(self, pending):
        if not self.batches:
            self.revocations_before = self.worker.revocations
            time.sleep(9.0)
        return super().transcribe(pending)


def test_stream_through_worker_with_poison_duplicates_and_disorder(
    kafka_broker, fresh_topic, tmp_path
):
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=2)
    meta = StreamMeta(stream_id="live-1", room_id="r1", host_id="h1", merchant_id="m1")
    chunks = script_chunks(meta, SCRIPT + SCRIPT2)
    disordered = [*chunks[:6], chunks[3], chunks[4], *chunks[7:10], chunks[6], *chunks[10:]]
    producer = make_producer(settings.kafka_bootstrap)
    topic = settings.topic("audio")
    publish(settings, disordered[:5])
    producer.send(topic, key=b"live-1", value=b"\x00\x00", headers=[("seq", b"nope")])
    producer.send(topic, key=b"live-1", value=b"\x00" * 200_000, headers=[("seq", b"5")])
    producer.flush()
    publish(settings, disordered[5:])
    producer.close()

    worker, thread = in_process_worker(settings)
    reader = EventReader(settings)
    events = reader.wait(lambda ev: "live-1" in ended_streams(ev))
    worker.stop()
    join(thread, "the worker")
    reader.close()

    texts = [e.segment.text for e in events if isinstance(e, SegmentEvent)]
    assert len(texts) == len(set(texts)), texts
    ended = next(e for e in events if isinstance(e, StreamEnded))
    assert ended.gaps == ()  # chunk 6 arrived late but arrived
    assert worker.processor.stats.duplicates == 2
    assert worker.processor.stats.late == 1
    assert worker.dead.count == 2
    metrics = generate_latest(worker.metrics.registry).decode()
    assert "liveguard_dead_letters_total 2.0" in metrics
    assert "liveguard_duplicate_chunks_total 2.0" in metrics
    assert 'liveguard_consumer_lag{partition="' in metrics
    findings = [e for e in events if isinstance(e, FindingEvent)]
    assert {f.finding.rule_id for f in findings} == {"fake-absolute", "fake-fake-reference-price"}
    store = open_clip_store(settings)
    for f in findings:
        assert f.clip is not None
        pcm, rate = wav_to_pcm16(store.get(f.clip.uri))
        assert rate == 16000
        assert len(pcm) / 2 / rate == pytest.approx(f.clip.t_end - f.clip.t_start, abs=0.01)

    dlq = KafkaConsumer(
        settings.topic("deadletter"),
        bootstrap_servers=settings.kafka_bootstrap,
        auto_offset_reset="earliest",
        group_id=None,
    )
    dead: list[Any] = []
    wait_until(
        lambda: len(dead) >= 2,
        "two dead letters",
        poll=lambda: poll_into(dlq, dead),
    )
    dlq.close()
    reasons = sorted(dict(r.headers)["dlq_reason"].decode() for r in dead)
    assert len(reasons) == 2
    assert "not a decimal integer" in reasons[0]
    assert "oversized" in reasons[1]
    assert all(dict(r.headers)["dlq_topic"].decode() == topic for r in dead)


def test_kill_minus_nine_loses_nothing_and_duplicates_no_finding(
    kafka_broker, fresh_topic, tmp_path
):
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=4)
    streams = [StreamMeta(stream_id=f"room-{i}") for i in range(6)]
    first = [c for m in streams for c in script_chunks(m, SCRIPT)[:-1]]
    second = [
        c.model_copy(update={"seq": c.seq + len(SCRIPT)})
        for m in streams
        for c in script_chunks(m, SCRIPT2)
    ]
    want = expected_findings(first + second, tmp_path)
    workers = [spawn_worker(settings, f"w{i}", tmp_path / f"w{i}.log") for i in range(2)]
    restarts = 0

    def supervised(
        done: Callable[[list[PipelineEvent]], bool],
    ) -> Callable[[list[PipelineEvent]], bool]:
        """Stand in for the supervisor production runs workers under: a survivor that left on
        its own (the membership watch exits a worker that could not join for 30 s, as kafka-
        python can fail joins silently under load: docs/kafka.md) is started again; the killed
        worker stays dead. Without this, the survivor's exit left nothing to consume."""

        def check(ev: list[PipelineEvent]) -> bool:
            nonlocal restarts
            for i in range(1, len(workers)):
                if workers[i].poll() is not None:
                    restarts += 1
                    workers[i] = spawn_worker(
                        settings, f"w{i}r{restarts}", tmp_path / f"w{i}r{restarts}.log"
                    )
            return done(ev)

        return check

    reader = EventReader(settings)
    try:
        publish(settings, first)
        # both workers have done real work (every stream has heard its price) before the kill
        reader.wait(lambda ev: sum(isinstance(e, FindingEvent) for e in ev) >= len(streams))
        workers[0].kill()
        workers[0].wait(timeout=HANG_GUARD_S)
        publish(settings, second)
        events = reader.wait(
            supervised(lambda ev: ended_streams(ev) == {m.stream_id for m in streams})
        )
        reader.wait(supervised(lambda ev: set(finding_ids(ev)) >= want))
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(timeout=HANG_GUARD_S)
        reader.close()
    ids = finding_ids(events)
    assert set(ids) == want
    duplicates = {k: v for k, v in Counter(ids).items() if v > 1}
    # redelivery may repeat a message, never invent a second finding: same id, same content
    for fid in duplicates:
        copies = {
            e.finding.model_dump_json()
            for e in events
            if isinstance(e, FindingEvent) and e.finding.finding_id == fid
        }
        assert len(copies) == 1
    stream_level = {
        e.stream.stream_id
        for e in events
        if isinstance(e, FindingEvent) and e.finding.rule_id == "fake-fake-reference-price"
    }
    assert stream_level == {m.stream_id for m in streams}
    assert workers[1].returncode == 0


def test_broker_restart_mid_stream_loses_nothing(kafka_broker, fresh_topic, tmp_path):
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=2)
    meta = StreamMeta(stream_id="restart-1")
    chunks = script_chunks(meta, SCRIPT + SCRIPT2)
    want = expected_findings(chunks, tmp_path)
    # The worker runs in its own process: kafka-python leaks a socket or two while it
    # reconnects, which would trip pytest's unraisable-warning check in this process.
    worker = spawn_worker(settings, "r0", tmp_path / "r0.log")
    try:
        publish(settings, chunks[:10])
        reader = EventReader(settings)
        # three utterances done, "最好效果" still open when the broker goes away
        reader.wait(lambda ev: sum(isinstance(e, SegmentEvent) for e in ev) >= 3)
        reader.close()
        kafka_broker.restart()
        publish(settings, chunks[10:])
        reader = EventReader(settings)
        # the events topic has two partitions: the stream's end may be read before its last
        # segments or its findings, so wait for everything the stream must produce (the
        # findings too: CI once read the end and all 7 segments before any of the 3 findings
        # the worker had published), then compare
        events = reader.wait(
            lambda ev: (
                "restart-1" in ended_streams(ev)
                and sum(isinstance(e, SegmentEvent) for e in ev) >= 7
                and len(set(finding_ids(ev))) >= len(want)
            )
        )
        reader.close()
    finally:
        worker.terminate()
        worker.wait(timeout=HANG_GUARD_S)
    assert worker.returncode == 0, (tmp_path / "r0.log").read_text()
    assert set(finding_ids(events)) == want
    texts = [e.segment.text for e in events if isinstance(e, SegmentEvent)]
    assert texts == [
        "欢迎",
        "价格九十九",
        "我们今天",
        "最好效果",
        "原价一百九十九",
        "抢完了",
        "最好",
    ]


def test_long_recognition_does_not_cost_group_membership(kafka_broker, fresh_topic, tmp_path):
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=2)
    chunks = script_chunks(StreamMeta(stream_id="slow-1"), SCRIPT)
    slow = SlowRecognizer()
    worker, thread = in_process_worker(settings, recognizer=slow)
    slow.worker = worker
    publish(settings, chunks)
    reader = EventReader(settings)
    events = reader.wait(lambda ev: "slow-1" in ended_streams(ev))
    reader.close()
    worker.stop()
    join(thread, "the worker")
    # a 9 s recognition call with a 6 s session timeout: heartbeats went on, no rebalance
    assert slow.revocations_before is not None
    assert worker.revocations == slow.revocations_before
    assert worker.processor.stats.chunks == len(chunks)
    assert len(finding_ids(events)) == len(set(finding_ids(events))) == 1


def test_idle_worker_leaves_by_itself(kafka_broker, fresh_topic, tmp_path):
    """``--idle-exit``: with nothing to read for that long, the worker commits and leaves."""
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=1)
    worker, thread = in_process_worker(settings, idle_exit_s=0.5)
    join(thread, "a worker with nothing to read and idle_exit_s=0.5")
    assert worker.messages == 0


def test_partitions_gained_while_stopping_are_not_restored(kafka_broker, fresh_topic, tmp_path):
    """A stopping worker reads nothing more: restoring a partition it gains then (reading its
    offset and every checkpoint) would be wasted work, and would race its next owner."""
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=2)
    proc = StreamProcessor(
        speech_factory=FakeSpeech,
        recognizer=FakeRecognizer(),
        checkers=FakeCheckers(),
        clip_store=None,
    )
    worker = Worker(proc, settings=settings, options=WorkerOptions(session_timeout_ms=6000))
    loads: list[int] = []
    real_load = worker.state.load

    def load(partition: int) -> dict[str, Any]:
        loads.append(partition)
        return real_load(partition)

    worker.state.load = load  # type: ignore[method-assign]
    worker.assigned({0, 1})  # the notice the consumer's IO thread would queue
    worker.stop()
    worker.run()
    assert loads == []
    assert worker._to_restore == {0, 1}  # left for whoever reads them next
