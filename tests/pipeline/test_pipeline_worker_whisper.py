"""End to end through the real broker with the real stages: Whisper, the Chinese rule packs.

One test on purpose (the model is slow on two shared cores): the Chinese fixture stream is
published with ``liveguard publish``, one in-process worker transcribes and checks it, and the
findings, segments and clips must match what the fixture's script says.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from liveguard.cli import build_app
from liveguard.contracts import FindingEvent, SegmentEvent
from liveguard.ingest.clipstore import open_clip_store, wav_to_pcm16
from liveguard.pipeline.worker import Worker, WorkerOptions
from liveguard.pipeline.worker_components import build_processor, real_components
from tests.pipeline.pipeline_kafka import (
    EventReader,
    ended_streams,
    make_topics,
    worker_settings,
)
from tests.support.kafka import env_for
from tests.support.waiting import join

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "audio"


def test_chinese_stream_findings_segments_and_clips(
    kafka_broker, fresh_topic, tmp_path, monkeypatch
):
    settings = worker_settings(
        kafka_broker, fresh_topic, tmp_path, clip_context_s=2.0, checkpoint_every_s=2.0
    )
    make_topics(settings, partitions=2)
    for name, value in env_for(settings).items():
        if name.startswith("LIVEGUARD_"):
            monkeypatch.setenv(name, value)
    result = CliRunner().invoke(
        build_app(),
        [
            "publish",
            str(FIXTURES / "zh_violations.opus"),
            "--stream-id",
            "zh-1",
            "--room",
            "r9",
            "--host-id",
            "h9",
            "--merchant-id",
            "m9",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "zh-1" in result.output

    processor = build_processor(real_components(settings), settings)
    worker = Worker(processor, settings=settings, options=WorkerOptions())
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    reader = EventReader(settings)
    events = reader.wait(lambda ev: "zh-1" in ended_streams(ev))
    reader.close()
    worker.stop()
    join(thread, "the worker")

    truth = json.loads((FIXTURES / "zh_violations.json").read_text(encoding="utf-8"))
    segments = [e.segment for e in events if isinstance(e, SegmentEvent)]
    assert len(segments) >= len(truth["utterances"]) - 1
    for utt in truth["utterances"]:
        # every scripted utterance is covered by a segment with matching times
        assert any(
            s.t_start - 0.6 <= utt["t_start"] and utt["t_end"] <= s.t_end + 0.6 for s in segments
        ), utt
    findings = [e for e in events if isinstance(e, FindingEvent)]
    families = {f.finding.family.value for f in findings}
    wanted = {fam for utt in truth["utterances"] for fam in utt["families"]}
    assert len(families & wanted) >= 2, (families, [s.text for s in segments])
    store = open_clip_store(settings)
    for f in findings:
        assert f.stream.merchant_id == "m9"
        assert f.clip is not None
        assert f.finding.t_start is not None
        assert f.clip.t_start <= f.finding.t_start
        pcm, rate = wav_to_pcm16(store.get(f.clip.uri))
        assert rate == 16000
        assert len(pcm) / 2 / rate == pytest.approx(f.clip.t_end - f.clip.t_start, abs=0.05)
        # the clip holds speech, not silence
        assert (
            max(
                abs(int.from_bytes(pcm[i : i + 2], "little", signed=True))
                for i in range(0, len(pcm), 200)
            )
            > 500
        )
    # segments come with the stream's wall-clock time from the chunks' capture_ms
    assert all(s.wall_start is not None for s in segments)
