"""A rehearsal recording's text for the merchant pre-check, heard as a live stream would be.

The recording goes through the same stream processor (cutter, shared recognizer, the one
hallucination skip) as a live stream, with no clip store; the alerts service then checks the
text as a script. It reaches the service through ``create_app(recording_text=...)``, since the
alerts stage does not import the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from liveguard.alerts.precheck import UploadTooLargeError, too_long
from liveguard.contracts import AudioChunk, SegmentEvent, StreamMeta
from liveguard.ingest.media import read_media
from liveguard.pipeline.local import MemorySink, drive
from liveguard.pipeline.processor import checkable
from liveguard.pipeline.worker_components import build_processor, real_components
from liveguard.settings import Settings


def _bounded(chunks: Iterable[AudioChunk], max_seconds: float) -> Iterator[AudioChunk]:
    heard = 0.0
    for chunk in chunks:
        heard += chunk.duration
        if heard > max_seconds:
            raise UploadTooLargeError(too_long(heard, max_seconds))
        yield chunk


def recording_text(path: Path, language: str, settings: Settings) -> str:
    """The checkable utterances of a recording, one per line (``language`` ``auto``: the
    deployment's); see ``liveguard.alerts.precheck.RecordingText``."""
    if language != "auto":
        settings = settings.model_copy(update={"language": language})
    processor = build_processor(real_components(settings), settings, keep_clips=False)
    stream = StreamMeta(stream_id="precheck")
    chunks = _bounded(read_media(path, stream), settings.precheck_max_audio_s)
    sink = MemorySink()
    lines: list[str] = []
    for _ in drive(processor, chunks, sink):
        lines += [
            e.segment.text
            for e in sink.take()
            if isinstance(e, SegmentEvent) and checkable(e.segment)
        ]
    return "\n".join(lines)
