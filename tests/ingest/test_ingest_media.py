"""read_media: every container the issue names, chunking, end of stream, clear errors."""

from __future__ import annotations

import itertools
import subprocess
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from liveguard.contracts import StreamMeta
from liveguard.errors import MediaError
from liveguard.ingest.media import probe_duration, read_media

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
STREAM = StreamMeta(stream_id="media-test")


def _convert(tmp_path: Path, ext: str, extra: list[str]) -> Path:
    """2.5 s of a 440 Hz tone at 44.1 kHz stereo, in the container ``ext``."""
    out = tmp_path / f"tone.{ext}"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         "sine=frequency=440:sample_rate=44100:duration=2.5", "-ac", "2", *extra, str(out)],
        check=True,
    )  # fmt: skip
    return out


def _sine_wav(path: Path, seconds: float, hz: float = 300.0) -> Path:
    """A 16 kHz mono PCM16 tone, written with the standard library (no sox needed)."""
    t = np.arange(round(seconds * 16000)) / 16000
    pcm = (0.5 * 32767 * np.sin(2 * np.pi * hz * t)).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(pcm.tobytes())
    return path


@pytest.mark.parametrize(
    ("ext", "extra"),
    [
        ("wav", []),
        ("flac", []),
        ("mp3", []),
        ("m4a", ["-c:a", "aac"]),
        ("mp4", ["-c:a", "aac"]),
        ("flv", ["-c:a", "aac"]),
        ("ogg", ["-c:a", "libopus"]),
    ],
)
def test_containers_decode_to_16k_mono_chunks(tmp_path: Path, ext: str, extra: list[str]) -> None:
    src = _convert(tmp_path, ext, extra)
    chunks = list(read_media(src, STREAM, chunk_seconds=1.0, start_seq=7))
    assert [c.seq for c in chunks] == list(range(7, 7 + len(chunks)))
    assert all(c.sample_rate == 16000 and c.stream == STREAM for c in chunks)
    assert [c.end_of_stream for c in chunks] == [False] * (len(chunks) - 1) + [True]
    assert all(len(c.pcm) == 32000 for c in chunks[:-1])
    total = sum(c.duration for c in chunks)
    assert total == pytest.approx(2.5, abs=0.08)  # encoder priming may add a few ms
    # capture times advance with the audio, one second per full chunk
    steps = {b.capture_ms - a.capture_ms for a, b in itertools.pairwise(chunks)}  # type: ignore[operator]
    assert steps == {1000}
    # mono tone survived resampling: dominant frequency is still 440 Hz
    pcm = np.frombuffer(b"".join(c.pcm for c in chunks), dtype="<i2").astype(np.float32)
    spectrum = np.abs(np.fft.rfft(pcm[:16000]))
    assert abs(int(np.argmax(spectrum)) - 440) <= 2


def test_exact_multiple_ends_with_empty_eos_chunk(tmp_path: Path) -> None:
    src = _sine_wav(tmp_path / "two.wav", 2.0)
    chunks = list(read_media(src, STREAM, chunk_seconds=0.5))
    assert sum(c.duration for c in chunks) == pytest.approx(2.0)
    assert chunks[-1].end_of_stream
    assert not any(c.end_of_stream for c in chunks[:-1])


def test_realtime_paces_chunks(tmp_path: Path) -> None:
    src = _sine_wav(tmp_path / "one.wav", 1.0)
    started = time.monotonic()
    arrivals = [
        time.monotonic() - started
        for _ in read_media(src, STREAM, chunk_seconds=0.25, realtime=True)
    ]
    # the first quarter second arrives only after it was "spoken", the last after ~1 s
    assert arrivals[0] >= 0.2
    assert arrivals[-1] >= 0.95


def test_corrupt_file_raises_media_error_naming_it() -> None:
    bad = AUDIO / "corrupt.opus"
    with pytest.raises(MediaError, match=r"corrupt\.opus"):
        list(read_media(bad, STREAM))
    assert probe_duration(bad) is None


def test_missing_file_raises_media_error(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no such file"):
        list(read_media(tmp_path / "nope.wav", STREAM))


def test_file_without_audio_raises(tmp_path: Path) -> None:
    video = tmp_path / "silent.mp4"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=black:s=64x64:d=1",
         "-c:v", "mpeg4", str(video)],
        check=True,
    )  # fmt: skip
    with pytest.raises(MediaError, match="no audio stream"):
        list(read_media(video, STREAM))


def test_committed_fixture_duration_matches_truth() -> None:
    chunks = list(read_media(AUDIO / "zh_violations.opus", STREAM))
    assert sum(c.duration for c in chunks) == pytest.approx(22.6, abs=0.1)
