"""Fuzz: random and extreme header values and event fields through the real broker (issue #11).

A fixed seed and a bounded count keep the run repeatable; the assertion is the one that matters
to an operator: after all of it, the worker and the alerts consumer still serve a healthy
stream end to end (audio in, finding stored in the database) and nothing crashed.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from sqlalchemy import select

from liveguard.alerts.consumer import consume
from liveguard.alerts.db import open_database
from liveguard.alerts.models import FindingRecord
from liveguard.contracts import StreamMeta
from liveguard.ingest.events import encode_event, event_topic
from liveguard.ingest.publisher import make_producer
from liveguard.ingest.wire import encode_chunk
from tests.pipeline.pipeline_fakes import script_chunks, tone_chunk
from tests.pipeline.pipeline_kafka import (
    EventReader,
    ended_streams,
    in_process_worker,
    make_topics,
    publish,
    worker_settings,
)
from tests.support.factories import finding, segment

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

AUDIO_MESSAGES = 150
EVENT_MESSAGES = 80

EXTREME: list[bytes] = [
    b"",
    b"0",
    b"-1",
    b"1",
    b" 7 ",
    b"1_000",
    b"+5",
    b"1e9",
    b"NaN",
    b"0x10",
    b"9" * 40,
    str(2**31).encode(),
    str(2**53 - 1).encode(),
    str(2**53).encode(),
    str(2**63).encode(),
    str(-(2**63)).encode(),
    b"100000000000000000",
    b"253402300800000",
    b"\x00",
    b"\xff\xfe\xfd",
    b"a\x00b",
    b"\n",
    "١٢٣".encode(),
    "直播间".encode() * 40,
    "直播间".encode() * 200,
    b"x" * 129,
    b"x" * 5000,
    b"../../etc/passwd",
    b"col:1",
    b"col_1",
    b"true",
    b"1",
]
HEADERS = [
    "stream_id",
    "seq",
    "capture_ms",
    "sample_rate",
    "encoding",
    "eos",
    "format",
    "merchant_id",
    "host_id",
    "room_id",
    "platform_id",
]
WILD_VALUES: list[Any] = [
    None,
    -1,
    2**31,
    2**53,
    2**63,
    10**30,
    -(10**30),
    1e308,
    -1e308,
    "",
    "\x00",
    "x" * 10_000,
    "直播" * 3000,
    [],
    {},
    [1, [2, [3]]],
    True,
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "not a date",
]


def fuzz_audio(rng: random.Random) -> list[tuple[bytes | None, bytes, list[Any]]]:
    messages = []
    for n in range(AUDIO_MESSAGES):
        chunk = tone_chunk(StreamMeta(stream_id=f"fz-{n % 7}"), n, "最好")
        key, value, headers = encode_chunk(chunk)
        wild = dict(headers)
        for name in rng.sample(HEADERS, rng.randint(1, 4)):
            wild[name] = rng.choice(EXTREME)
        pcm_choice = rng.randrange(5)
        value = [value, b"", b"\x01", value * 9, value[: rng.randrange(len(value))]][pcm_choice]
        key_choice = rng.randrange(3)
        record_key = [key, None, rng.choice(EXTREME)][key_choice]
        messages.append((record_key, value, list(wild.items())))
    return messages


def mutate(rng: random.Random, node: Any, depth: int = 0) -> Any:
    if isinstance(node, dict):
        return {
            k: (rng.choice(WILD_VALUES) if rng.random() < 0.15 else mutate(rng, v, depth + 1))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [mutate(rng, v, depth + 1) for v in node]
    return node


def test_worker_and_consumer_survive_fuzzed_messages(kafka_broker, fresh_topic, tmp_path):
    rng = random.Random(11)
    settings = worker_settings(
        kafka_broker, fresh_topic, tmp_path, database_url=f"sqlite:///{tmp_path / 'fuzz.db'}"
    )
    make_topics(settings, partitions=2)
    producer = make_producer(settings.kafka_bootstrap)
    for key, value, headers in fuzz_audio(rng):
        producer.send(settings.topic("audio"), key=key, value=value, headers=headers)
    healthy = StreamMeta(stream_id="healthy", merchant_id="m-1")
    valid = _sample_events(healthy)
    for _ in range(EVENT_MESSAGES):
        event = rng.choice(valid)
        doc = mutate(rng, json.loads(encode_event(event)))
        doc["stream"] = mutate(rng, doc["stream"])
        raw = json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode()
        producer.send(event_topic(event, settings), key=b"fuzz", value=raw)
    producer.flush()
    producer.close()
    publish(settings, script_chunks(healthy, ["欢迎", None, "最好", None]))

    worker, thread = in_process_worker(settings, idle_exit_s=5.0)
    reader = EventReader(settings)
    try:
        reader.wait(lambda ev: "healthy" in ended_streams(ev), timeout=180)
    finally:
        reader.close()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert worker.dead.count >= AUDIO_MESSAGES // 2  # most fuzzed chunks are refused

    engine, factory = open_database(settings.resolved_database_url)
    try:
        consume(factory, settings, group_id="fuzz-alerts", idle_batches=3)
        with factory() as session:
            streams = set(session.scalars(select(FindingRecord.stream_id)))
        assert "healthy" in streams
    finally:
        engine.dispose()


def _sample_events(meta: StreamMeta) -> list[Any]:
    """One valid event of each kind, for the consumer fuzz to mutate."""
    from datetime import UTC, datetime

    from liveguard.contracts import (
        ClipRef,
        FindingEvent,
        SegmentEvent,
        StreamEnded,
        StreamStarted,
    )

    seg = segment("fz-e", 0, "最好的", 0.0, 1.0, seq_end=1)
    found = finding(seg, "fz.rule", "最好", message="m", legal_basis=("CN-AD-9-3",), version="t")
    fz = meta.model_copy(update={"stream_id": "fz-e"})
    now = datetime.now(UTC)
    return [
        StreamStarted(stream=fz, at=now),
        SegmentEvent(stream=fz, segment=seg),
        FindingEvent(
            stream=fz,
            finding=found,
            segment=seg,
            clip=ClipRef(uri="fz-e/0.wav", t_start=0, t_end=1),
        ),
        StreamEnded(stream=fz, at=now, gaps=((1, 2),)),
    ]
