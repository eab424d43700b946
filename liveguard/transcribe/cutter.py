"""Per-stream utterance cutting: a pure VAD segmenter, ordered PCM chunks in, utterances out.

The cutter decides only where speech begins and ends (Silero VAD plus a maximum length). It
trusts its caller for everything about the stream: the stream processor
(``liveguard.pipeline.processor``) is the one owner of sequence order, gaps, duplicates, stream
time at a restore and the audio kept for evidence clips. What the cutter holds is the VAD's
recurrent state and the audio of the utterance it is building (plus a second before it, for
the padding), so it stays small; :meth:`UtteranceCutter.resume_point` says where a fresh cutter
would have to start to rebuild it (same utterance ids; the VAD's recurrent state re-converges
within a few windows). Recognition is not done here, so many cutters share one recogniser.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from liveguard.contracts import SAMPLE_RATE, AudioChunk, utterance_id_for
from liveguard.errors import MediaError
from liveguard.transcribe.options import TranscribeOptions
from liveguard.transcribe.vad import WINDOW, StreamingVad

logger = logging.getLogger(__name__)


@dataclass
class PendingUtterance:
    """An utterance cut from one stream, waiting for recognition."""

    stream_id: str
    seq_start: int
    seq_end: int
    start_sample: int
    end_sample: int
    audio: np.ndarray
    """float32 mono 16 kHz in [-1, 1]."""
    language: str
    speech_ratio: float
    """Mean VAD speech probability over the utterance (music that trips the VAD scores low)."""
    wall_start: datetime | None = None
    forced_cut: bool = False
    """Cut at the maximum length rather than at a pause."""
    speech_end_sample: int = 0
    """Where the speech itself ended (before padding): the true end of speech."""
    cut_at: float = field(default_factory=time.monotonic)
    """Monotonic time the cut was made (latency measurement)."""

    @property
    def t_start(self) -> float:
        return self.start_sample / SAMPLE_RATE

    @property
    def t_end(self) -> float:
        return self.end_sample / SAMPLE_RATE

    @property
    def duration(self) -> float:
        return (self.end_sample - self.start_sample) / SAMPLE_RATE

    @property
    def utterance_id(self) -> str:
        return utterance_id_for(self.stream_id, self.seq_start)


@dataclass
class _Stored:
    seq: int
    start: int
    pcm: np.ndarray  # int16
    capture_ms: int | None


class UtteranceCutter:
    """Cuts one stream's audio into utterances with Silero VAD and a maximum length.

    ``feed`` takes chunks in sequence order (the caller drops duplicates and late chunks) and
    returns the utterances that ended in them; ``flush`` ends the open one (end of stream).
    """

    def __init__(
        self,
        stream_id: str,
        options: TranscribeOptions | None = None,
        *,
        start_sample: int = 0,
    ) -> None:
        self.stream_id = stream_id
        self.options = options or TranscribeOptions()
        self._vad = StreamingVad()
        self._chunks: deque[_Stored] = deque()
        self._pos = start_sample  # samples received so far (stream time)
        self._scored = start_sample  # samples the VAD has decided on
        self._probs: list[float] = []  # probabilities since the open utterance began
        self._triggered = False
        self._speech_start = 0
        self._temp_end = 0
        self._prev_end = 0  # last pause > 98 ms inside the open utterance (for max-length cuts)
        self._next_start = 0

    # --- feeding ---------------------------------------------------------------------------
    def feed(self, chunk: AudioChunk) -> list[PendingUtterance]:
        if chunk.sample_rate != SAMPLE_RATE:
            raise MediaError(
                f"stream {self.stream_id}: chunk {chunk.seq} is {chunk.sample_rate} Hz, "
                f"expected {SAMPLE_RATE} (decode with liveguard.ingest.media.read_media)"
            )
        if not chunk.pcm:
            return []
        pcm = np.frombuffer(chunk.pcm, dtype="<i2")
        self._chunks.append(_Stored(chunk.seq, self._pos, pcm, chunk.capture_ms))
        self._pos += len(pcm)
        out = self._advance(self._vad(pcm.astype(np.float32) / 32768.0))
        self._trim()
        return out

    def flush(self) -> list[PendingUtterance]:
        """End of stream (or of an idle spell): the open utterance, if any, ends at the last
        sample received."""
        if not self._triggered:
            return []
        self._triggered = False
        utt = self._make(self._speech_start, self._pos, self._pos, forced=False)
        return [utt] if utt else []

    def resume_point(self) -> tuple[int, float] | None:
        """``(seq, stream_time_s)`` of the first chunk a rebuilt cutter must be fed again from
        (the open utterance's, padding included); ``None`` when no utterance is open."""
        if not self._triggered:
            return None
        begin = self._speech_start - self._pad()
        for c in self._chunks:
            if c.start + len(c.pcm) > begin:
                return c.seq, c.start / SAMPLE_RATE
        return None

    # --- VAD state machine (Silero's get_speech_timestamps, made incremental) ---------------
    def _advance(self, probs: np.ndarray) -> list[PendingUtterance]:
        o = self.options
        min_silence = int(o.min_silence_ms * SAMPLE_RATE / 1000)
        max_len = int(o.max_utterance_s * SAMPLE_RATE)
        short_pause = int(0.098 * SAMPLE_RATE)
        out: list[PendingUtterance] = []
        for p in probs:
            pos = self._scored
            self._scored += WINDOW
            prob = float(p)
            if self._triggered:
                self._probs.append(prob)
            if prob >= o.vad_threshold and self._temp_end:
                self._temp_end = 0
                if self._next_start < self._prev_end:
                    self._next_start = pos
            if prob >= o.vad_threshold and not self._triggered:
                self._triggered = True
                self._speech_start = pos
                self._probs = [prob]
                self._prev_end = self._next_start = self._temp_end = 0
                continue
            if not self._triggered:
                continue
            if pos - self._speech_start > max_len:
                cut = self._prev_end if self._prev_end > self._speech_start else pos
                resume = self._next_start if self._next_start > cut else cut
                utt = self._make(self._speech_start, cut, cut, forced=True)
                if utt:
                    out.append(utt)
                self._speech_start = resume
                self._probs = [prob]
                self._prev_end = self._next_start = self._temp_end = 0
                if prob < o.vad_neg_threshold and resume <= cut:
                    self._temp_end = pos
                continue
            if prob < o.vad_neg_threshold:
                if not self._temp_end:
                    self._temp_end = pos
                if pos - self._temp_end > short_pause:
                    self._prev_end = self._temp_end
                if pos - self._temp_end >= min_silence:
                    utt = self._make(self._speech_start, self._temp_end, pos + WINDOW, forced=False)
                    if utt:
                        out.append(utt)
                    self._triggered = False
                    self._probs = []
                    self._prev_end = self._next_start = self._temp_end = 0
        return out

    def _make(
        self, speech_start: int, speech_end: int, limit: int, *, forced: bool
    ) -> PendingUtterance | None:
        o = self.options
        if (speech_end - speech_start) < o.min_utterance_s * SAMPLE_RATE:
            return None
        pad = self._pad()
        start = max(self._oldest_sample(), speech_start - pad)
        end = min(limit, self._pos, speech_end + (0 if forced else pad))
        pcm, seqs, wall = self._slice(start, end)
        if len(pcm) == 0:
            return None
        ratio = float(np.mean(self._probs)) if self._probs else 0.0
        return PendingUtterance(
            stream_id=self.stream_id,
            seq_start=seqs[0],
            seq_end=seqs[1],
            start_sample=start,
            end_sample=start + len(pcm),
            audio=pcm.astype(np.float32) / 32768.0,
            language=o.language,
            speech_ratio=ratio,
            wall_start=wall,
            forced_cut=forced,
            speech_end_sample=speech_end,
        )

    # --- audio of the open utterance ----------------------------------------------------------
    def _pad(self) -> int:
        return int(self.options.speech_pad_ms * SAMPLE_RATE / 1000)

    def _oldest_sample(self) -> int:
        return self._chunks[0].start if self._chunks else self._pos

    def _trim(self) -> None:
        """Keep only what the next utterance can reach: from its (padded) start, with at least
        a second of margin. Clip audio is the processor's, not kept here."""
        anchor = self._speech_start if self._triggered else self._scored
        keep_from = anchor - max(self._pad(), SAMPLE_RATE)
        while (
            len(self._chunks) > 1 and self._chunks[0].start + len(self._chunks[0].pcm) < keep_from
        ):
            self._chunks.popleft()

    def _slice(self, start: int, end: int) -> tuple[np.ndarray, tuple[int, int], datetime | None]:
        parts: list[np.ndarray] = []
        seqs: list[int] = []
        wall: datetime | None = None
        for c in self._chunks:
            c_end = c.start + len(c.pcm)
            if c_end <= start or c.start >= end:
                continue
            lo, hi = max(start, c.start) - c.start, min(end, c_end) - c.start
            if not parts and c.capture_ms is not None:
                wall = datetime.fromtimestamp((c.capture_ms + lo * 1000 / SAMPLE_RATE) / 1000, UTC)
            parts.append(c.pcm[lo:hi])
            seqs.append(c.seq)
        if not parts:
            return np.zeros(0, dtype=np.int16), (0, 0), None
        return np.concatenate(parts), (seqs[0], seqs[-1]), wall

    def memory_bytes(self) -> int:
        """Audio held for the open utterance (the bulk of the cutter's state)."""
        return sum(c.pcm.nbytes for c in self._chunks) + 8 * len(self._probs)
