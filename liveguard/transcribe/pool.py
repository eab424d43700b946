"""Many live streams, one recogniser: the shape a worker process takes.

Chunks from any stream go in as they arrive (cheap: VAD only); finished utterances wait in
one queue; :meth:`StreamPool.drain` recognises them together in batches. Whoever drives the
pool decides when to drain — after every poll of the message broker is a good default, since
a batch that waits only adds latency.
"""

from __future__ import annotations

from collections.abc import Callable

from liveguard.contracts import AudioChunk, Segment
from liveguard.transcribe.cutter import CutterCheckpoint, PendingUtterance, UtteranceCutter
from liveguard.transcribe.options import TranscribeOptions
from liveguard.transcribe.recognizer import Recognizer


class StreamPool:
    """One :class:`UtteranceCutter` per stream id plus a shared queue of pending utterances."""

    def __init__(
        self,
        recognizer: Recognizer,
        options_for: Callable[[str], TranscribeOptions] | None = None,
    ) -> None:
        self.recognizer = recognizer
        self._options_for = options_for or (lambda _sid: recognizer.options)
        self._cutters: dict[str, UtteranceCutter] = {}
        self._pending: list[PendingUtterance] = []

    def cutter(self, stream_id: str, *, start_sample: int = 0) -> UtteranceCutter:
        """The stream's cutter, created on first use (``start_sample`` when resuming)."""
        cutter = self._cutters.get(stream_id)
        if cutter is None:
            cutter = UtteranceCutter(
                stream_id, self._options_for(stream_id), start_sample=start_sample
            )
            self._cutters[stream_id] = cutter
        return cutter

    def feed(self, chunk: AudioChunk) -> int:
        """Cut ``chunk`` into its stream; returns how many utterances now wait."""
        cutter = self.cutter(chunk.stream.stream_id)
        self._pending += cutter.feed(chunk)
        return len(self._pending)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def drain(self, max_utterances: int | None = None) -> list[Segment]:
        """Recognise the oldest waiting utterances (all, or at most ``max_utterances``)."""
        take = len(self._pending) if max_utterances is None else max_utterances
        batch, self._pending = self._pending[:take], self._pending[take:]
        return self.recognizer.transcribe(batch) if batch else []

    def close(self, stream_id: str) -> None:
        """Forget a stream: flush its open utterance (if no end-of-stream chunk came) and drop
        its audio. Call it once the stream's last clips are written."""
        cutter = self._cutters.pop(stream_id, None)
        if cutter is not None:
            self._pending += cutter.flush()

    def pcm_range(self, stream_id: str, t_start: float, t_end: float) -> tuple[bytes, float]:
        """Recent audio of a live stream for an evidence clip (see UtteranceCutter.pcm_range)."""
        cutter = self._cutters.get(stream_id)
        return cutter.pcm_range(t_start, t_end) if cutter else (b"", t_start)

    def checkpoint(self, stream_id: str) -> CutterCheckpoint | None:
        cutter = self._cutters.get(stream_id)
        return cutter.checkpoint() if cutter else None

    @property
    def streams(self) -> list[str]:
        return list(self._cutters)
