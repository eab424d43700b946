"""Driving the stream processor where there is no Kafka: a chunk source in, a sink out.

``liveguard scan``, the recording pre-check and the embedded demo read audio from a file, not
from a topic, but they run the very processor the Kafka worker runs (``StreamProcessor``: one
owner of order, gaps, stream time and clip audio; one place that keeps suspected
hallucinations from the rules). Only the transport differs: :func:`drive` hands the processor
batches of chunks and its events to an :class:`~liveguard.pipeline.processor_ports.EventSink`;
:class:`MemorySink` is the sink that keeps them in a list for the caller to read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from liveguard.contracts import (
    AudioChunk,
    Correction,
    CorrectionEvent,
    Finding,
    FindingEvent,
    PipelineEvent,
    Segment,
    SegmentEvent,
)
from liveguard.pipeline.processor import StreamProcessor
from liveguard.pipeline.processor_ports import EventSink


class MemorySink:
    """Events in a list, in the order the processor produced them."""

    def __init__(self) -> None:
        self.events: list[PipelineEvent] = []

    def emit(self, event: PipelineEvent) -> None:
        self.events.append(event)

    def flush(self) -> None:
        """Nothing to hand on: the events are already where the caller reads them."""

    def take(self) -> list[PipelineEvent]:
        """The events since the last call (and forget them)."""
        out, self.events = self.events, []
        return out


def drive(
    processor: StreamProcessor,
    chunks: Iterable[AudioChunk],
    sink: EventSink,
    *,
    batch_chunks: int = 1,
    on_chunk: Callable[[AudioChunk], None] | None = None,
) -> Iterator[int]:
    """Feed ``chunks`` to ``processor`` ``batch_chunks`` at a time; after each batch its events
    are in ``sink`` (flushed) and the number of events is yielded, so the caller can act on
    them while the stream plays. Stops after an end-of-stream chunk; at the end, findings
    whose clips the store never took are re-announced (as the worker does when it stops)."""
    batch: list[tuple[AudioChunk, int | None]] = []

    def run() -> int:
        events = processor.process(batch)
        batch.clear()
        for event in events:
            sink.emit(event)
        sink.flush()
        return len(events)

    for chunk in chunks:
        if on_chunk is not None:
            on_chunk(chunk)
        batch.append((chunk, None))
        if len(batch) >= max(1, batch_chunks) or chunk.end_of_stream:
            yield run()
        if chunk.end_of_stream:
            break
    if batch:
        yield run()
    lost = processor.give_up_clips()
    if lost:
        for event in lost:
            sink.emit(event)
        sink.flush()
        yield len(lost)


ScanItem = tuple[str, Segment | Finding | Correction]
"""("segment", Segment), ("finding", Finding) or ("correction", Correction), in the order
they happen: what ``liveguard scan`` prints."""


def scan_items(events: Iterable[PipelineEvent]) -> Iterator[ScanItem]:
    """The processor's events as a recording's reader sees them (stream start and end, and
    clip status, are transport matters)."""
    for event in events:
        if isinstance(event, SegmentEvent):
            yield "segment", event.segment
        elif isinstance(event, FindingEvent):
            yield "finding", event.finding
        elif isinstance(event, CorrectionEvent):
            yield "correction", event.correction
