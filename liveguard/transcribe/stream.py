"""One stream, start to finish: the convenience wrapper over cutter + shared recogniser.

Good for `liveguard scan` and tests. A service with many streams keeps one
:class:`UtteranceCutter` per stream and hands the utterances of all of them to one
:class:`Recognizer` in batches (see docs/transcribe.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from liveguard.contracts import AudioChunk, Segment, StreamMeta
from liveguard.transcribe.cutter import UtteranceCutter
from liveguard.transcribe.options import TranscribeOptions
from liveguard.transcribe.recognizer import Recognizer


class StreamTranscriber:
    """Feed a stream's chunks in order; get its segments as soon as each utterance ends."""

    def __init__(
        self,
        stream: StreamMeta | str,
        recognizer: Recognizer | None = None,
        options: TranscribeOptions | None = None,
    ) -> None:
        self.stream_id = stream if isinstance(stream, str) else stream.stream_id
        self.options = options or (recognizer.options if recognizer else TranscribeOptions())
        self.recognizer = recognizer or Recognizer(options=self.options)
        self.cutter = UtteranceCutter(self.stream_id, self.options)

    def feed(self, chunk: AudioChunk) -> list[Segment]:
        pending = self.cutter.feed(chunk)
        return self.recognizer.transcribe(pending) if pending else []

    def flush(self) -> list[Segment]:
        pending = self.cutter.flush()
        return self.recognizer.transcribe(pending) if pending else []

    def run(self, chunks: Iterable[AudioChunk]) -> Iterator[Segment]:
        """Transcribe a whole chunk iterator (e.g. from ``read_media``), flushing at the end."""
        for chunk in chunks:
            yield from self.feed(chunk)
        yield from self.flush()
