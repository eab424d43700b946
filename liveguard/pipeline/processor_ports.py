"""The small interfaces the stream processor is built against (quix-streams style).

The processor knows nothing of Kafka, Whisper or the rule engine's insides: speech cutting,
recognition and checking come in through these protocols, events go out through a sink and
checkpoints through the worker's state store. The Kafka worker, the embedded demo,
``liveguard scan`` and the recording pre-check plug different sources and sinks into the same
processor; tests plug in deterministic stand-ins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from liveguard.contracts import AudioChunk, Correction, Finding, PipelineEvent, Segment, StreamMeta


class PendingUtterance(Protocol):
    """A cut utterance waiting for recognition (the transcriber's own type fits)."""

    @property
    def seq_start(self) -> int: ...


class StreamSpeech(Protocol):
    """One stream's utterance cutter (VAD): audio in, utterances awaiting recognition out."""

    def feed(self, chunk: AudioChunk) -> Sequence[PendingUtterance]: ...

    def flush(self) -> Sequence[PendingUtterance]:
        """End of stream: the utterance in progress, if any."""
        ...

    def resume_point(self) -> tuple[int, float] | None:
        """``(seq, stream_time_s)`` of the first chunk this cutter still needs (``None``: none).

        Everything before it has been cut into utterances already handed out or was silence,
        so after a crash the stream can be resumed from here with a fresh cutter.
        """
        ...


SpeechFactory = Callable[[StreamMeta, int, float], StreamSpeech]
"""``(stream, start_seq, start_time_s) -> StreamSpeech``: a fresh cutter whose first chunk is
``start_seq`` at stream time ``start_time_s`` (non-zero after a restore)."""


class Recognizer(Protocol):
    """Shared across streams: recognises a batch of pending utterances at once
    (``liveguard.transcribe.Recognizer`` is the real one)."""

    def transcribe(self, pending: Sequence[Any]) -> Sequence[Segment]: ...


class StreamChecker(Protocol):
    """Per-stream rule checking with memory (the rules stage's ``StreamChecker``, adapted by
    ``RulesStreamChecker``)."""

    def check(self, segment: Segment) -> list[Finding]: ...

    def take_corrections(self) -> list[Correction]:
        """Corrections of earlier findings recognised since the last call (第三十一条)."""
        ...

    def snapshot(self) -> Any:
        """JSON-serialisable state: what a checkpoint stores."""
        ...


class StreamCheckerFactory(Protocol):
    def new(self, stream: StreamMeta) -> StreamChecker: ...

    def restore(self, stream: StreamMeta, state: Any) -> StreamChecker: ...

    def prepare(self, segments: Sequence[Segment]) -> None:
        """The segments of one recognised batch (all streams) about to be checked: a chance to
        do shared work at once (the learned heads encode them in one batch)."""
        ...


class EventSink(Protocol):
    """Where events go: Kafka topics, the alerts service in process, or memory
    (:class:`liveguard.pipeline.local.MemorySink`)."""

    def emit(self, event: PipelineEvent) -> None: ...

    def flush(self) -> None:
        """Return only when every emitted event is durably handed on."""
        ...
