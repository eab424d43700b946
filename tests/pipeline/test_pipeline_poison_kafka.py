"""One bad message or one disk error costs only itself (issue #11), against the real broker.

Every test puts the fault and a healthy stream on the same single partition, so a worker that
stops on the fault would also stop the healthy stream: the healthy stream's end-of-stream event
arriving is the proof that the pipeline kept going.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from liveguard.contracts import AudioChunk, FindingEvent, SegmentEvent, StreamMeta
from liveguard.ingest.clipstore import open_clip_store, wav_to_pcm16
from liveguard.ingest.publisher import make_producer
from liveguard.ingest.wire import encode_chunk
from liveguard.settings import Settings
from tests.pipeline.pipeline_fakes import script_chunks
from tests.pipeline.pipeline_kafka import (
    EventReader,
    dead_letters,
    ended_streams,
    in_process_worker,
    make_topics,
    publish,
    worker_settings,
)

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

SCRIPT = ["欢迎", None, "价格", "九十九", None, "最好", "效果", None]


def send_raw(settings: Settings, chunk: AudioChunk, **header_overrides: bytes) -> None:
    """One chunk with some headers replaced by raw bytes (what a buggy producer could send)."""
    key, value, headers = encode_chunk(chunk)
    names = {name for name, _ in headers}
    headers = [(n, header_overrides.get(n, v)) for n, v in headers]
    headers += [(n, v) for n, v in header_overrides.items() if n not in names]
    producer = make_producer(settings.kafka_bootstrap)
    try:
        producer.send(settings.topic("audio"), key=key, value=value, headers=headers)
        producer.flush()
    finally:
        producer.close()


def run_until_ended(
    settings: Settings,
    stream_ids: set[str],
    also: Callable[[list[Any]], bool] = lambda ev: True,
    **options: Any,
) -> list[Any]:
    _worker, thread = in_process_worker(settings, idle_exit_s=4.0, **options)
    reader = EventReader(settings)
    try:
        events = reader.wait(lambda ev: stream_ids <= ended_streams(ev) and also(ev))
    finally:
        reader.close()
        thread.join(timeout=60)
    assert not thread.is_alive()
    return events


def reasons(settings: Settings) -> list[str]:
    return [dict(r.headers)["dlq_reason"].decode() for r in dead_letters(settings)]


def test_extreme_capture_time_is_dead_lettered(kafka_broker, fresh_topic, tmp_path):
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=1)
    bad = script_chunks(StreamMeta(stream_id="bad-time"), ["最好"])[0]
    send_raw(settings, bad, capture_ms=b"100000000000000000")
    publish(settings, script_chunks(StreamMeta(stream_id="good-1"), SCRIPT))
    events = run_until_ended(settings, {"good-1"})
    assert any(isinstance(e, FindingEvent) for e in events)
    assert any("capture_ms" in r for r in reasons(settings))


def test_seq_out_of_database_range_is_dead_lettered(kafka_broker, fresh_topic, tmp_path):
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=1)
    bad = script_chunks(StreamMeta(stream_id="bad-seq"), ["最好"])[0]
    send_raw(settings, bad, seq=b"9223372036854775808")
    publish(settings, script_chunks(StreamMeta(stream_id="good-2"), SCRIPT))
    events = run_until_ended(settings, {"good-2"})
    assert not any(e.stream.stream_id == "bad-seq" for e in events)
    assert any("'seq'" in r for r in reasons(settings))


def test_one_far_seq_jump_does_not_silence_the_stream(kafka_broker, fresh_topic, tmp_path):
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=1)
    chunks = script_chunks(StreamMeta(stream_id="jumpy"), SCRIPT)
    publish(settings, chunks[:3])
    send_raw(settings, chunks[3], seq=str(10**12).encode())
    publish(settings, chunks[3:])
    events = run_until_ended(settings, {"jumpy"})
    texts = [e.segment.text for e in events if isinstance(e, SegmentEvent)]
    assert texts == ["欢迎", "价格九十九", "最好效果"]
    assert any("jumps" in r for r in reasons(settings))


def test_long_chinese_stream_id_and_lookalike_ids_keep_their_own_clips(
    kafka_broker, fresh_topic, tmp_path
):
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=1)
    long_id = "直播间" * 33 + "一"  # 100 characters, 300 bytes: longer than a file name may be
    ids = [long_id, "col:1", "col_1"]
    for sid, word in zip(ids, ["我们", "今天", "欢迎"], strict=True):
        # each stream says something different, so a shared clip file would show
        script = [None, "最好", word, None]
        publish(settings, script_chunks(StreamMeta(stream_id=sid), script))
    events = run_until_ended(settings, set(ids))
    clips = {e.stream.stream_id: e.clip for e in events if isinstance(e, FindingEvent)}
    assert set(clips) == set(ids)
    assert len({c.uri for c in clips.values() if c}) == 3
    store = open_clip_store(settings)
    for sid, clip in clips.items():
        assert clip is not None
        assert clip.status == "stored"
        assert len(clip.uri.encode()) <= 120
        pcm, _ = wav_to_pcm16(store.get(clip.uri))
        assert pcm, sid
    for a in ids:
        for b in ids:
            if a != b:
                assert store.get(clips[a].uri) != store.get(clips[b].uri)  # type: ignore[union-attr]


def test_clip_store_write_errors_spool_then_mark_clip_lost(kafka_broker, fresh_topic, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the clip folder should be: every write fails")
    settings = worker_settings(
        kafka_broker,
        fresh_topic,
        tmp_path,
        clip_store=str(blocker / "clips"),
        clip_spool_max_age_s=1.0,
    )
    make_topics(settings, partitions=1)
    publish(settings, script_chunks(StreamMeta(stream_id="diskless"), SCRIPT))
    publish(settings, script_chunks(StreamMeta(stream_id="diskless-2"), SCRIPT))

    def all_lost(events: list[Any]) -> bool:
        last = {e.finding.finding_id: e.clip for e in events if isinstance(e, FindingEvent)}
        return len(last) == 2 and all(c is not None and c.status == "lost" for c in last.values())

    events = run_until_ended(settings, {"diskless", "diskless-2"}, all_lost)
    segments = [e for e in events if isinstance(e, SegmentEvent)]
    assert len(segments) == 6
    findings = [e for e in events if isinstance(e, FindingEvent)]
    assert {e.stream.stream_id for e in findings} == {"diskless", "diskless-2"}
    statuses = [e.clip.status for e in findings if e.clip is not None]
    assert statuses == ["spooled", "spooled", "lost", "lost"]


def test_spooled_clip_is_written_once_the_store_recovers(kafka_broker, fresh_topic, tmp_path):
    blocker = tmp_path / "late-folder"
    blocker.write_text("blocks the clip folder until the test removes it")
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path, clip_store=str(blocker))
    make_topics(settings, partitions=1)
    chunks = script_chunks(StreamMeta(stream_id="recovers"), SCRIPT)
    publish(settings, chunks[:-1])
    _worker, thread = in_process_worker(settings, idle_exit_s=6.0)
    reader = EventReader(settings)
    try:
        reader.wait(
            lambda ev: any(
                isinstance(e, FindingEvent) and e.clip and e.clip.status == "spooled" for e in ev
            )
        )
        blocker.unlink()
        Path(blocker).mkdir()
        publish(settings, chunks[-1:])
        events = reader.wait(
            lambda ev: (
                any(
                    isinstance(e, FindingEvent) and e.clip and e.clip.status == "stored" for e in ev
                )
                and "recovers" in ended_streams(ev)
            )
        )
    finally:
        reader.close()
        thread.join(timeout=60)
    stored = next(
        e for e in events if isinstance(e, FindingEvent) and e.clip and e.clip.status == "stored"
    )
    assert stored.clip is not None
    pcm, _ = wav_to_pcm16(open_clip_store(str(blocker)).get(stored.clip.uri))
    assert pcm


def test_worker_that_never_joins_its_group_exits_with_an_error(
    kafka_broker, fresh_topic, tmp_path, caplog
):
    """A member that holds the group without polling stalls every join for its max poll
    interval; the new worker must say so and stop (a supervisor restarts it), not spin."""
    from kafka import KafkaConsumer

    from liveguard.errors import LiveGuardError
    from liveguard.pipeline.processor import StreamProcessor
    from liveguard.pipeline.worker import Worker, WorkerOptions
    from tests.pipeline.pipeline_fakes import FakeCheckers, FakeRecognizer, FakeSpeech

    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    make_topics(settings, partitions=1)
    holder = KafkaConsumer(
        settings.topic("audio"),
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=settings.consumer_group,
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
        max_poll_interval_ms=300_000,
    )
    try:
        while not holder.assignment():
            holder.poll(timeout_ms=500)
        processor = StreamProcessor(
            speech_factory=FakeSpeech,
            recognizer=FakeRecognizer(),
            checkers=FakeCheckers(),
            clip_store=open_clip_store(settings),
        )
        worker = Worker(
            processor,
            settings=settings,
            options=WorkerOptions(session_timeout_ms=6000, idle_exit_s=60.0, join_timeout_s=5.0),
        )
        with pytest.raises(LiveGuardError, match="joined"):
            worker.run()
    finally:
        holder.close()
    assert any(r.levelname == "ERROR" and "group" in r.getMessage() for r in caplog.records)
