"""`liveguard scan`'s engine: media files through the stream processor, one stream per file.

Kept apart from the command so tests can call it without a CLI. Each file is its own stream
(own cutter, own rule checker) in the one processor every driver runs, with no clip store:
a scan prints what was said and found, it keeps no evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from liveguard.contracts import AudioChunk, ProductContext, StreamMeta
from liveguard.ingest.media import read_media
from liveguard.pipeline.local import MemorySink, ScanItem, drive, scan_items
from liveguard.pipeline.processor import StreamProcessor
from liveguard.settings import Settings


def stream_id_for(source: str) -> str:
    """A readable stream id: the file's stem, or the URL as given."""
    if "://" in source:
        return source[:200]
    return Path(source).stem or "stream"


def load_products(catalog: Path | None) -> list[ProductContext]:
    if catalog is None:
        return []
    from liveguard.rules import load_catalog

    return load_catalog(catalog)


def recording_settings(settings: Settings, *, realtime: bool) -> Settings:
    """The settings ``liveguard scan`` reads a file with: a recording has no live deadline, so
    an utterance ends at the longer ``scan_vad_min_silence_ms`` and a sentence said with
    pauses is checked whole, and a broken utterance is decoded again in the wider
    ``scan_retry_window_s``, and the runner-up readings of a wider beam are checked too
    (``scan_alternatives``); fed at real speed (``--realtime``) it is judged as live."""
    if realtime:
        return settings
    return settings.model_copy(
        update={
            "vad_min_silence_ms": settings.scan_vad_min_silence_ms,
            "retry_window_s": settings.scan_retry_window_s,
            "min_window_s": settings.scan_min_window_s,
            "alternatives": settings.scan_alternatives,
            "beam_size": settings.recording_beam_size,
        }
    )


def scan_file(
    source: str,
    processor: StreamProcessor,
    *,
    realtime: bool = False,
    on_chunk: Callable[[AudioChunk], None] | None = None,
) -> Iterator[ScanItem]:
    """What one media file gave, as soon as each utterance is recognised; raises
    :class:`MediaError` if it cannot be read. The file's stream is forgotten afterwards, so
    two files with the same name are two streams."""
    stream = StreamMeta(stream_id=stream_id_for(source))
    sink = MemorySink()
    try:
        chunks = read_media(source, stream, realtime=realtime)
        for _ in drive(processor, chunks, sink, on_chunk=on_chunk):
            yield from scan_items(sink.take())
    finally:
        processor.drop([stream.stream_id])
