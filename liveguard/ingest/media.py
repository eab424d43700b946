"""Decode any audio or video that ffmpeg understands into the pipeline's ordered PCM chunks.

PyAV (ffmpeg's libraries, no subprocess) reads files (wav, flac, mp3, m4a, mp4, flv, ogg/opus)
and URLs (http, HLS, RTMP) alike and resamples to 16 kHz mono s16le, which is what the
transcriber and the Kafka audio topic carry. ``realtime=True`` paces the chunks at the speed
of the audio, so a recording can stand in for a live stream.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

from liveguard.contracts import SAMPLE_RATE, AudioChunk, StreamMeta
from liveguard.errors import MediaError

logger = logging.getLogger(__name__)

"""The rate every stage after ingest works at (Whisper's and Silero's native rate)."""
BYTES_PER_SAMPLE = 2

_NETWORK_SCHEMES = ("http://", "https://", "rtmp://", "rtmps://", "rtsp://", "srt://", "udp://")


def _is_url(source: str) -> bool:
    return source.lower().startswith(_NETWORK_SCHEMES) or "://" in source


def _open(source: str, *, timeout: float) -> object:
    import av

    if not _is_url(source) and not Path(source).exists():
        raise MediaError(f"{source}: no such file")
    try:
        if _is_url(source):
            return av.open(source, timeout=timeout)
        return av.open(source)
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise MediaError(f"{source}: cannot open media ({exc})") from exc


def _pcm_frames(source: str, timeout: float) -> Iterator[bytes]:
    """Yield 16 kHz mono s16le byte strings of arbitrary length, in order."""
    import av

    container = _open(source, timeout=timeout)
    try:
        audio_streams = [s for s in container.streams if s.type == "audio"]  # type: ignore[attr-defined]
        if not audio_streams:
            raise MediaError(f"{source}: no audio stream")
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        try:
            for frame in container.decode(audio_streams[0]):  # type: ignore[attr-defined]
                for out in resampler.resample(frame):
                    yield bytes(out.planes[0])[: out.samples * BYTES_PER_SAMPLE]
            for out in resampler.resample(None):
                yield bytes(out.planes[0])[: out.samples * BYTES_PER_SAMPLE]
        except av.error.FFmpegError as exc:
            raise MediaError(f"{source}: cannot decode audio ({exc})") from exc
    finally:
        container.close()  # type: ignore[attr-defined]


def read_media(
    source: str | Path,
    stream: StreamMeta,
    *,
    chunk_seconds: float = 1.0,
    realtime: bool = False,
    start_seq: int = 0,
    timeout: float = 10.0,
) -> Iterator[AudioChunk]:
    """Decode ``source`` into ordered :class:`AudioChunk`\\ s of ``chunk_seconds`` each.

    ``capture_ms`` is the wall-clock time the first sample of each chunk was (or, for a file,
    would have been) captured, counted from the moment reading began. The last chunk carries
    ``end_of_stream=True`` (an empty one if the audio ended exactly on a chunk boundary, so the
    consumer always learns the stream is over). Raises :class:`MediaError` naming the source if
    it cannot be opened or decoded; chunks already yielded stay valid.
    """
    if chunk_seconds <= 0:
        raise ValueError("chunk_seconds must be positive")
    name = str(source)
    chunk_bytes = round(chunk_seconds * SAMPLE_RATE) * BYTES_PER_SAMPLE
    started_ms = int(time.time() * 1000)
    started_mono = time.monotonic()
    seq = start_seq
    samples_out = 0
    buffer = bytearray()
    held: AudioChunk | None = None

    def make(pcm: bytes, eos: bool) -> AudioChunk:
        nonlocal seq, samples_out
        chunk = AudioChunk(
            stream=stream,
            seq=seq,
            pcm=pcm,
            sample_rate=SAMPLE_RATE,
            capture_ms=started_ms + samples_out * 1000 // SAMPLE_RATE,
            end_of_stream=eos,
        )
        seq += 1
        samples_out += len(pcm) // BYTES_PER_SAMPLE
        return chunk

    def paced(chunk: AudioChunk) -> AudioChunk:
        if realtime and chunk.capture_ms is not None:
            # A live source delivers a chunk only once its last sample has been spoken.
            end_s = (chunk.capture_ms - started_ms) / 1000 + chunk.duration
            delay = started_mono + end_s - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        return chunk

    # One chunk is held back until more audio is decoded, so the last one can say
    # end_of_stream; it is released as soon as any later sample exists (no extra latency).
    for pcm in _pcm_frames(name, timeout):
        if not pcm:
            continue
        if held is not None:
            yield paced(held)
            held = None
        buffer.extend(pcm)
        while len(buffer) >= chunk_bytes:
            if held is not None:
                yield paced(held)
            held = make(bytes(buffer[:chunk_bytes]), False)
            del buffer[:chunk_bytes]
    if buffer:
        if held is not None:
            yield paced(held)
        yield paced(make(bytes(buffer), True))
    elif held is not None:
        yield paced(held.model_copy(update={"end_of_stream": True}))
    else:
        yield make(b"", True)
    logger.info("read %s: %d chunks, %.1f s", name, seq - start_seq, samples_out / SAMPLE_RATE)


def probe_duration(source: str | Path) -> float | None:
    """Length in seconds if the container says (files do; live URLs don't), else ``None``."""
    try:
        container = _open(str(source), timeout=5.0)
    except MediaError:
        return None
    try:
        duration = getattr(container, "duration", None)
        return float(duration) / 1_000_000 if duration else None
    finally:
        container.close()  # type: ignore[attr-defined]
