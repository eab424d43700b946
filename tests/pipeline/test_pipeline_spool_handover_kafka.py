"""A clip whose write failed is not lost when its worker dies (follow-up of issue #11), against
the real broker.

The worker that spooled the clips is killed with SIGKILL once its checkpoints say both streams
are done (the clips' after-context long past, one stream ended): nothing of the spool survives
in memory. Its successor must re-read the clips' chunks (the committed offset was held back for
them), rebuild the clips while the store still refuses them, and write them once it heals.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer

from liveguard.contracts import AudioChunk, FindingEvent, SegmentEvent, StreamMeta
from liveguard.ingest.clipstore import open_clip_store
from liveguard.pipeline.processor import StreamProcessor
from liveguard.settings import Settings
from tests.pipeline.pipeline_fakes import FakeCheckers, FakeRecognizer, FakeSpeech, script_chunks
from tests.pipeline.pipeline_kafka import (
    EventReader,
    in_process_worker,
    make_topics,
    publish,
    spawn_worker,
    worker_settings,
)
from tests.support.waiting import HANG_GUARD_S, join, wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

LATER = ["我们", "今天", None, "欢迎", None, "我们", None, "今天", None]
"""Said after the finding: its clip's after-context and the resume point move far past it."""


def fault_free_clips(chunks: list[AudioChunk], folder: Path) -> dict[str, bytes]:
    """The clips a worker with a healthy store writes for these chunks, by key."""
    store = open_clip_store(str(folder))
    proc = StreamProcessor(
        speech_factory=FakeSpeech,
        recognizer=FakeRecognizer(),
        checkers=FakeCheckers(),
        clip_store=store,
        clip_context_s=1.0,
    )
    keys = [
        e.clip.uri
        for c in chunks
        for e in proc.process([(c, c.seq)])
        if isinstance(e, FindingEvent) and e.clip is not None
    ]
    return {key: store.get(key) for key in keys}


class Checkpoints:
    """The state topic read from the start: the latest checkpoint per stream (None: deleted)."""

    def __init__(self, settings: Settings) -> None:
        self.consumer = KafkaConsumer(
            settings.topic("state"),
            bootstrap_servers=settings.kafka_bootstrap,
            group_id=None,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        self.latest: dict[str, dict[str, Any] | None] = {}

    def poll(self) -> None:
        for records in self.consumer.poll(timeout_ms=300).values():
            for record in records:
                sid = record.key.decode()
                self.latest[sid] = None if record.value is None else json.loads(record.value)

    def resumes_at(self, sid: str, seq: int) -> bool:
        if sid not in self.latest:
            return False
        checkpoint = self.latest[sid]
        return checkpoint is None or checkpoint["resume_seq"] >= seq


def test_spooled_clips_survive_kill_minus_nine_and_are_stored_once_the_store_heals(
    kafka_broker, fresh_topic, tmp_path
):
    blocker = tmp_path / "clips"
    blocker.write_text("a file where the clip folder should be: every write fails")
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path, clip_store=str(blocker))
    make_topics(settings, partitions=1)
    live = script_chunks(StreamMeta(stream_id="still-live"), ["最好", "效果", None, *LATER])[:-1]
    ended = script_chunks(StreamMeta(stream_id="already-ended"), ["最好", None, *LATER])
    want_clips = fault_free_clips(live + ended, tmp_path / "expected")
    assert len(want_clips) == 2
    publish(settings, live + ended)
    total = len(live) + len(ended)  # one partition: their offsets are 0 .. total-1

    reader = EventReader(settings)
    checkpoints = Checkpoints(settings)
    first = spawn_worker(settings, "w-dies", tmp_path / "w-dies.log")
    successor: Any = None
    thread = None
    try:
        found = reader.wait(lambda ev: sum(isinstance(e, FindingEvent) for e in ev) == 2)
        assert [e.clip.status for e in found if isinstance(e, FindingEvent) and e.clip] == [
            "spooled",
            "spooled",
        ]
        # the dead worker's last word: both streams checkpointed as done, clips still spooled
        wait_until(
            lambda: (
                checkpoints.resumes_at("still-live", len(live))
                and checkpoints.resumes_at("already-ended", len(ended))
            ),
            lambda: f"final checkpoints; got {checkpoints.latest}",
            poll=checkpoints.poll,
        )
        first.kill()
        first.wait(timeout=HANG_GUARD_S)

        # one more chunk, so that the successor has something to read whatever the offset
        publish(settings, script_chunks(StreamMeta(stream_id="marker"), [None])[:1])
        successor, thread = in_process_worker(settings)
        # the successor has read the partition to its end, the store still refusing writes
        wait_until(
            lambda: successor._positions.get(0, 0) > total,
            "the successor to read the partition to its end",
        )
        spool = successor.processor.clips
        # both rebuilt from the re-read chunks (an adopted clip without audio holds 0 bytes)
        assert spool.held == 2
        assert spool.held_bytes == sum(len(wav) for wav in want_clips.values())
        # and nothing processed twice: the successor only re-read, it sent no segment again
        seen = reader.wait(lambda ev: True)
        segments = [e.segment.utterance_id for e in seen if isinstance(e, SegmentEvent)]
        assert len(segments) == len(set(segments))

        blocker.unlink()
        blocker.mkdir()
        events = reader.wait(
            lambda ev: (
                len(
                    {
                        e.finding.finding_id
                        for e in ev
                        if isinstance(e, FindingEvent) and e.clip and e.clip.status == "stored"
                    }
                )
                == 2
            )
        )
        wait_until(lambda: spool.held == 0, "the successor's spool to empty")
    finally:
        first.kill()
        first.wait(timeout=HANG_GUARD_S)
        if successor is not None and thread is not None:
            successor.stop()
            join(thread, "the successor")
        checkpoints.consumer.close()
        reader.close()

    statuses: dict[str, list[str]] = defaultdict(list)
    for e in events:
        if isinstance(e, FindingEvent) and e.clip is not None:
            statuses[e.finding.finding_id].append(e.clip.status)
    assert list(statuses.values()) == [["spooled", "stored"], ["spooled", "stored"]]
    store = open_clip_store(str(blocker))
    for key, wav in want_clips.items():
        assert store.get(key) == wav  # the same audio a healthy store would have got
