"""The per-stream cutter: utterances where the speech is, bounded length, small rebuildable state."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from liveguard.contracts import AudioChunk, StreamMeta
from liveguard.errors import MediaError
from liveguard.ingest.media import read_media
from liveguard.pipeline.demo import find_demo_stream
from liveguard.transcribe import TranscribeOptions, UtteranceCutter
from liveguard.transcribe.cutter import PendingUtterance

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
STREAM = StreamMeta(stream_id="cut")


def _cut(
    name: str, options: TranscribeOptions | None = None, chunk_seconds: float = 1.0
) -> list[PendingUtterance]:
    cutter = UtteranceCutter("cut", options)
    out: list[PendingUtterance] = []
    for chunk in read_media(AUDIO / f"{name}.opus", STREAM, chunk_seconds=chunk_seconds):
        out += cutter.feed(chunk)
    return out + cutter.flush()


def _truth(name: str) -> list[dict[str, object]]:
    return list(json.loads((AUDIO / f"{name}.json").read_text(encoding="utf-8"))["utterances"])


def test_utterances_follow_the_spoken_lines() -> None:
    utts = _cut("zh_violations")
    truth = _truth("zh_violations")
    assert len(utts) == len(truth)
    for utt, line in zip(utts, truth, strict=True):
        assert utt.t_start == pytest.approx(line["t_start"], abs=0.4)
        assert utt.t_end == pytest.approx(line["t_end"], abs=0.4)
        # seq numbers are the 1 s chunks the utterance overlaps
        assert utt.seq_start == int(utt.t_start)
        assert utt.seq_end == int(np.ceil(utt.t_end)) - 1
        assert utt.utterance_id == f"cut:{utt.seq_start}"
        assert utt.speech_ratio > 0.5
        assert len(utt.audio) == utt.end_sample - utt.start_sample


def test_chunk_size_does_not_change_the_cuts() -> None:
    a = [(u.start_sample, u.end_sample) for u in _cut("zh_violations", chunk_seconds=1.0)]
    b = [(u.start_sample, u.end_sample) for u in _cut("zh_violations", chunk_seconds=0.37)]
    assert len(a) == len(b)
    for (s1, e1), (s2, e2) in zip(a, b, strict=True):
        assert abs(s1 - s2) <= 1024
        assert abs(e1 - e2) <= 1024


@pytest.mark.parametrize("name", ["silence", "noise_music"])
def test_non_speech_gives_no_or_weak_utterances(name: str) -> None:
    for utt in _cut(name):
        assert utt.speech_ratio < 0.7  # anything cut from music is weak evidence of speech


def test_max_utterance_length_is_enforced() -> None:
    options = TranscribeOptions(max_utterance_s=2.0)
    utts = _cut("zh_violations", options)
    assert len(utts) > len(_truth("zh_violations"))
    pad = options.speech_pad_ms / 1000
    assert all(u.duration <= 2.0 + 2 * pad + 0.1 for u in utts)
    assert any(u.forced_cut for u in utts)


def test_memory_holds_only_the_open_utterance() -> None:
    """Clip audio is the processor's; the cutter keeps the utterance it builds, not the past."""
    cutter = UtteranceCutter("cut")
    peak = 0
    for chunk in read_media(find_demo_stream(), STREAM):
        cutter.feed(chunk)
        peak = max(peak, cutter.memory_bytes())
    # at most one utterance (15 s), its padding margin and a chunk — not the 150 s stream
    assert peak < (15 + 2 + 1) * 32000


def test_rebuild_from_the_resume_point_gives_the_same_utterances() -> None:
    chunks = list(read_media(AUDIO / "zh_violations.opus", STREAM))
    full = UtteranceCutter("cut")
    first: list[PendingUtterance] = []
    for chunk in chunks[:8]:  # stop in the middle of the second line
        first += full.feed(chunk)
    point = full.resume_point()
    assert point is not None
    seq, t = point
    rest_original: list[PendingUtterance] = []
    for chunk in chunks[8:]:
        rest_original += full.feed(chunk)
    rebuilt = UtteranceCutter("cut", start_sample=round(t * 16000))
    rest_rebuilt: list[PendingUtterance] = []
    for chunk in chunks[seq:]:
        rest_rebuilt += rebuilt.feed(chunk)
    assert [u.utterance_id for u in rest_rebuilt] == [u.utterance_id for u in rest_original]
    for a, b in zip(rest_rebuilt, rest_original, strict=True):
        assert abs(a.start_sample - b.start_sample) <= 2048
        assert abs(a.end_sample - b.end_sample) <= 2048


def test_silence_needs_no_resume_point_and_wrong_rate_is_refused() -> None:
    cutter = UtteranceCutter("cut")
    silence = b"\x00\x00" * 16000
    assert cutter.feed(AudioChunk(stream=STREAM, seq=0, pcm=silence)) == []
    assert cutter.resume_point() is None
    assert cutter.flush() == []
    with pytest.raises(MediaError, match="8000 Hz"):
        cutter.feed(AudioChunk(stream=STREAM, seq=1, pcm=silence, sample_rate=8000))
