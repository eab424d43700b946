"""Pipeline events on Kafka: the worker writes them, the alerts service consumes them.

One :data:`~liveguard.contracts.PipelineEvent` per message, JSON of the shared contract, key =
stream id (so one stream's events stay in order on one partition). Three topics split them by
what reads them: transcripts (``segments``), findings and corrections (``findings``) and stream lifecycle
(``events``). Both sides import the names and codecs from here, so they cannot drift apart.
"""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from liveguard.contracts import (
    CorrectionEvent,
    FindingEvent,
    PipelineEvent,
    SegmentEvent,
    StreamEnded,
    StreamStarted,
)
from liveguard.errors import MessageFormatError
from liveguard.settings import Settings

SEGMENTS = "segments"
FINDINGS = "findings"
EVENTS = "events"
EVENT_TOPIC_NAMES = (SEGMENTS, FINDINGS, EVENTS)
"""Unprefixed names; ``settings.topic(name)`` gives the real topic."""

_ADAPTER: TypeAdapter[PipelineEvent] = TypeAdapter(PipelineEvent)


def event_topic_name(event: PipelineEvent) -> str:
    """The unprefixed topic an event belongs on."""
    if isinstance(event, SegmentEvent):
        return SEGMENTS
    if isinstance(event, FindingEvent | CorrectionEvent):
        return FINDINGS  # a correction follows the findings it corrects, in order
    if isinstance(event, StreamStarted | StreamEnded):
        return EVENTS
    raise TypeError(f"not a pipeline event: {type(event).__name__}")


def event_topic(event: PipelineEvent, settings: Settings) -> str:
    """The full (prefixed) topic for ``event``."""
    return settings.topic(event_topic_name(event))


def event_topics(settings: Settings) -> list[str]:
    """All three event topics, prefixed: what the alerts service subscribes to."""
    return [settings.topic(name) for name in EVENT_TOPIC_NAMES]


def event_key(event: PipelineEvent) -> bytes:
    return event.stream.stream_id.encode("utf-8")


def encode_event(event: PipelineEvent) -> bytes:
    """UTF-8 JSON of the event (the contract's own serialisation)."""
    return _ADAPTER.dump_json(event)


def decode_event(value: bytes | str) -> PipelineEvent:
    """Parse an event; :class:`MessageFormatError` if it is not a valid PipelineEvent."""
    try:
        return _ADAPTER.validate_json(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise MessageFormatError(f"not a pipeline event ({where}: {first['msg']})") from exc


def event_id(event: PipelineEvent) -> str:
    """A stable identity for idempotent consumers: redelivered events repeat the same id."""
    if isinstance(event, FindingEvent):
        return f"finding:{event.finding.finding_id}"
    if isinstance(event, SegmentEvent):
        return f"segment:{event.segment.utterance_id}"
    if isinstance(event, CorrectionEvent):
        return f"correction:{event.correction.correction_id}"
    return f"{event.kind}:{event.stream.stream_id}"
