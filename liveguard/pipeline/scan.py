"""`liveguard scan`'s engine: media files → transcriber → rules, one stream per file.

Kept apart from the command so tests and the demo can call it without a CLI. Each file is
its own stream (own cutter, own :class:`StreamChecker`), all of them share one recogniser.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liveguard.contracts import AudioChunk, Correction, Finding, ProductContext, Segment, StreamMeta
from liveguard.ingest.media import read_media
from liveguard.rules import StreamChecker
from liveguard.transcribe import Recognizer, StreamTranscriber, TranscribeOptions

logger = logging.getLogger(__name__)


@dataclass
class ScanResult:
    """What one media file gave: its segments, findings, and the error if it failed midway."""

    source: str
    stream: StreamMeta
    segments: list[Segment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    duration: float = 0.0


def stream_id_for(source: str) -> str:
    """A readable stream id: the file's stem, or the URL as given."""
    if "://" in source:
        return source[:200]
    return Path(source).stem or "stream"


def make_checker(
    language: str,
    stream: StreamMeta,
    products: Sequence[ProductContext],
    model_version: str | None,
) -> StreamChecker:
    """The rules stage's per-stream checker (a wheel without the rules stage fails to import)."""
    return StreamChecker(
        language, stream=stream, products=list(products), model_version=model_version
    )


def load_products(catalog: Path | None) -> list[ProductContext]:
    if catalog is None:
        return []
    from liveguard.rules import load_catalog

    loaded = load_catalog(catalog)
    return list(getattr(loaded, "products", loaded))


Event = tuple[str, Segment | Finding | Correction]
"""("segment", Segment), ("finding", Finding) or ("correction", Correction), in the order
they happen."""


def scan_stream(
    chunks: Iterator[AudioChunk],
    stream: StreamMeta,
    recognizer: Recognizer,
    options: TranscribeOptions,
    checker: Any,
    on_chunk: Callable[[AudioChunk], None] | None = None,
) -> Iterator[Event]:
    """Transcribe one stream's chunks and check every segment as soon as it is recognised.

    Flagged segments (suspected hallucinations) are yielded for the record but not checked.
    """
    transcriber = StreamTranscriber(stream, recognizer=recognizer, options=options)

    def emit(segments: list[Segment]) -> Iterator[Event]:
        for seg in segments:
            yield "segment", seg
            if checker is not None and not seg.flags:
                for finding in checker.check(seg):
                    yield "finding", finding
                for correction in checker.take_corrections():
                    yield "correction", correction

    for chunk in chunks:
        if on_chunk is not None:
            on_chunk(chunk)
        yield from emit(transcriber.feed(chunk))
    yield from emit(transcriber.flush())
    finish = getattr(checker, "finish", None) if checker is not None else None
    if callable(finish):
        for finding in finish() or ():
            yield "finding", finding


def scan_file(
    source: str,
    *,
    recognizer: Recognizer,
    options: TranscribeOptions,
    products: Sequence[ProductContext] = (),
    realtime: bool = False,
    on_chunk: Callable[[AudioChunk], None] | None = None,
) -> Iterator[Event]:
    """Events for one media file; raises :class:`MediaError` if it cannot be read."""
    stream = StreamMeta(stream_id=stream_id_for(source))
    checker = make_checker(options.language, stream, products, recognizer.model_version)
    chunks = read_media(source, stream, realtime=realtime)
    yield from scan_stream(chunks, stream, recognizer, options, checker, on_chunk)
