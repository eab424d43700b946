"""docs/message-format.md is enough for a foreign producer: kcat writes a stream, the worker reads it."""

from __future__ import annotations

import shutil
import subprocess
import threading

import pytest
from typer.testing import CliRunner

from liveguard.cli import build_app
from liveguard.contracts import SegmentEvent, StreamEnded, StreamMeta
from liveguard.ingest.clipstore import open_clip_store
from liveguard.pipeline.processor import StreamProcessor
from liveguard.pipeline.worker import Worker, WorkerOptions
from tests.pipeline.pipeline_fakes import FakeCheckers, FakeRecognizer, FakeSpeech, tone_chunk
from tests.pipeline.pipeline_kafka import EventReader, ended_streams, worker_settings
from tests.support.kafka import env_for
from tests.support.waiting import HANG_GUARD_S, join

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

META = StreamMeta(stream_id="kcat-stream")
WORDS = ["欢迎", "最好", "效果", None, "价格", "九十九", None]


@pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat (Debian package) not installed")
def test_kcat_produced_stream_is_accepted(kafka_broker, fresh_topic, tmp_path, monkeypatch):
    settings = worker_settings(kafka_broker, fresh_topic, tmp_path)
    for name, value in env_for(settings).items():
        if name.startswith("LIVEGUARD_"):
            monkeypatch.setenv(name, value)
    created = CliRunner().invoke(build_app(), ["topics", "create", "--partitions", "2"])
    assert created.exit_code == 0, created.output
    assert f"{fresh_topic}.state\t2\tcreated" in created.output
    again = CliRunner().invoke(build_app(), ["topics", "create", "--partitions", "2"])
    assert f"{fresh_topic}.audio\t2\texists" in again.output

    # exactly what the docs show: raw PCM16LE files, one message each, headers as text
    topic = settings.topic("audio")
    files = []
    for seq, word in enumerate(WORDS):
        path = tmp_path / f"chunk.{seq:06d}"
        path.write_bytes(tone_chunk(META, seq, word, seconds=1.0).pcm)
        files.append(path)
    base = ["kcat", "-P", "-b", settings.kafka_bootstrap, "-t", topic, "-k", "kcat-stream"]
    for seq, path in enumerate(files):
        headers = [
            "-H",
            f"seq={seq}",
            "-H",
            "room_id=room42",
            "-H",
            "host_id=host7",
            "-H",
            "merchant_id=m3",
        ]
        headers += ["-H", "sample_rate=16000", "-H", "encoding=pcm_s16le"]
        if seq == len(files) - 1:
            headers += ["-H", "eos=1"]
        subprocess.run([*base, *headers, str(path)], check=True, timeout=HANG_GUARD_S)

    processor = StreamProcessor(
        speech_factory=FakeSpeech,
        recognizer=FakeRecognizer(),
        checkers=FakeCheckers(),
        clip_store=open_clip_store(settings),
        clip_context_s=1.0,
    )
    worker = Worker(processor, settings=settings, options=WorkerOptions())
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    reader = EventReader(settings)
    events = reader.wait(lambda ev: "kcat-stream" in ended_streams(ev))
    reader.close()
    worker.stop()
    join(thread, "the worker")
    assert worker.dead.count == 0
    texts = [e.segment.text for e in events if isinstance(e, SegmentEvent)]
    assert texts == ["欢迎最好效果", "价格九十九"]
    ended = next(e for e in events if isinstance(e, StreamEnded))
    assert ended.stream.merchant_id == "m3"
    assert ended.gaps == ()
