"""Per-stream utterance cutting: ordered PCM chunks in, finished utterances out.

The cutter is the only per-stream state of the transcriber: the VAD's recurrent state, where
the open utterance began, and the recent audio (int16, for evidence clips with context). It is
small (about 1 MB per 30 s of audio kept) and rebuildable: replaying chunks from
:meth:`UtteranceCutter.checkpoint` rebuilds it (same utterance ids; the VAD's recurrent
state re-converges within a few windows), which is what a worker does after a crash. Recognition is not done here, so many cutters can share one recogniser.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from liveguard.contracts import AudioChunk, utterance_id_for
from liveguard.errors import MediaError
from liveguard.transcribe.options import TranscribeOptions
from liveguard.transcribe.vad import WINDOW, StreamingVad

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16000


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


@dataclass(frozen=True)
class CutterCheckpoint:
    """Replay from chunk ``seq`` (whose first sample is ``sample``) to rebuild a cutter."""

    seq: int
    sample: int


@dataclass
class _Stored:
    seq: int
    start: int
    pcm: np.ndarray  # int16
    capture_ms: int | None


class UtteranceCutter:
    """Cuts one stream's audio into utterances with Silero VAD and a maximum length.

    ``feed`` takes chunks in sequence order and returns the utterances that ended in them;
    ``flush`` ends the open one (end of stream). :meth:`pcm_range` returns recent audio for
    evidence clips.
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
        self._next_seq: int | None = None
        self._gaps: list[tuple[int, int]] = []
        self._probs: list[float] = []  # probabilities since the open utterance began
        self._triggered = False
        self._speech_start = 0
        self._temp_end = 0
        self._prev_end = 0  # last pause > 98 ms inside the open utterance (for max-length cuts)
        self._next_start = 0
        self._ended = False

    # --- feeding ---------------------------------------------------------------------------
    @property
    def position(self) -> float:
        """Seconds of audio received since the stream began."""
        return self._pos / SAMPLE_RATE

    @property
    def gaps(self) -> list[tuple[int, int]]:
        """Ranges of missing chunk sequence numbers seen so far (inclusive)."""
        return list(self._gaps)

    def feed(self, chunk: AudioChunk) -> list[PendingUtterance]:
        if chunk.sample_rate != SAMPLE_RATE:
            raise MediaError(
                f"stream {self.stream_id}: chunk {chunk.seq} is {chunk.sample_rate} Hz, "
                f"expected {SAMPLE_RATE} (decode with liveguard.ingest.media.read_media)"
            )
        if self._next_seq is not None and chunk.seq < self._next_seq:
            logger.info("stream %s: dropping duplicate chunk %d", self.stream_id, chunk.seq)
            return []
        if self._next_seq is not None and chunk.seq > self._next_seq:
            self._gaps.append((self._next_seq, chunk.seq - 1))
            logger.warning(
                "stream %s: chunks %d-%d missing", self.stream_id, self._next_seq, chunk.seq - 1
            )
        self._next_seq = chunk.seq + 1
        out: list[PendingUtterance] = []
        if chunk.pcm:
            pcm = np.frombuffer(chunk.pcm, dtype="<i2")
            self._chunks.append(_Stored(chunk.seq, self._pos, pcm, chunk.capture_ms))
            self._pos += len(pcm)
            probs = self._vad(pcm.astype(np.float32) / 32768.0)
            out = self._advance(probs)
            self._trim()
        if chunk.end_of_stream:
            out += self.flush()
        return out

    def flush(self) -> list[PendingUtterance]:
        """End of stream: the open utterance (if any) ends at the last sample."""
        if self._ended:
            return []
        self._ended = True
        if self._triggered:
            self._triggered = False
            utt = self._make(self._speech_start, self._pos, self._pos, forced=False)
            return [utt] if utt else []
        return []

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
        pad = int(o.speech_pad_ms * SAMPLE_RATE / 1000)
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

    # --- recent audio --------------------------------------------------------------------
    def _oldest_sample(self) -> int:
        return self._chunks[0].start if self._chunks else self._pos

    def _trim(self) -> None:
        keep_from = self._pos - int(self.options.keep_audio_s * SAMPLE_RATE)
        if self._triggered:
            keep_from = min(keep_from, self._speech_start - SAMPLE_RATE)
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

    def pcm_range(self, t_start: float, t_end: float) -> tuple[bytes, float]:
        """int16 PCM for stream time [t_start, t_end) as far as it is still kept, and the
        stream time of its first sample (a clip may start later than asked)."""
        start = max(int(t_start * SAMPLE_RATE), self._oldest_sample())
        end = min(int(t_end * SAMPLE_RATE), self._pos)
        if end <= start:
            return b"", t_start
        pcm, _, _ = self._slice(start, end)
        return pcm.astype("<i2").tobytes(), start / SAMPLE_RATE

    def checkpoint(self) -> CutterCheckpoint:
        """The earliest chunk a rebuilt cutter must be fed again from (the open utterance's)."""
        if self._triggered:
            # the open utterance will start ``speech_pad_ms`` before its speech: from there
            begin = self._speech_start - int(self.options.speech_pad_ms * SAMPLE_RATE / 1000)
            for c in self._chunks:
                if c.start + len(c.pcm) > begin:
                    return CutterCheckpoint(c.seq, c.start)
        return CutterCheckpoint(self._next_seq or 0, self._pos)

    def memory_bytes(self) -> int:
        """Audio held for clips and the open utterance (the bulk of the per-stream state)."""
        return sum(c.pcm.nbytes for c in self._chunks) + 8 * len(self._probs)
