"""Per-stream processing: ordered audio chunks in, pipeline events out, evidence clips stored.

``StreamProcessor`` is the one driver every way audio comes in runs through: the Kafka worker,
the embedded demo, ``liveguard scan`` and the recording pre-check (the last three through
:mod:`liveguard.pipeline.local`). It is the one owner of a stream's order, gaps, duplicates,
stream time and clip audio, and the one place that keeps suspected hallucinations from the
rules (:func:`checkable`). It is fed batches of chunks (from any source, each with an opaque
source *position*, the Kafka offset in the worker), cuts them into utterances per stream,
recognises the batch's utterances together (Whisper is far cheaper per second of audio when it
gets several at once), checks each segment against the stream's rule checker, writes clips,
and returns the events in per-stream order.

Exactly-once *effects* on top of at-least-once delivery come from three things: finding and
utterance ids derived from chunk sequence numbers (a re-read produces the same ids), a
checkpoint per stream that says which chunk the stream resumes at, and :meth:`low_positions`,
the earliest source position each stream still needs, which is what the worker commits.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from liveguard.contracts import (
    SUSPECT_HALLUCINATION,
    AudioChunk,
    ClipRef,
    ClipStatus,
    CorrectionEvent,
    FindingEvent,
    PipelineEvent,
    Segment,
    SegmentEvent,
    StreamEnded,
    StreamStarted,
)
from liveguard.ingest.clipstore import ClipStore, clip_key, pcm16_to_wav
from liveguard.pipeline.clip_spool import ClipSpool
from liveguard.pipeline.processor_ports import (
    PendingUtterance,
    Recognizer,
    SpeechFactory,
    StreamChecker,
    StreamCheckerFactory,
    StreamSpeech,
)
from liveguard.pipeline.processor_state import PendingClip, RingEntry, StreamState

logger = logging.getLogger(__name__)


@dataclass
class ProcessorStats:
    """Counters the worker exports as metrics."""

    chunks: int = 0
    audio_s: float = 0.0
    duplicates: int = 0
    late: int = 0
    skipped_replay: int = 0
    segments: int = 0
    findings: int = 0
    corrections: int = 0
    clips: int = 0
    recognise_s: float = 0.0
    check_s: float = 0.0
    """Time spent on the recognised segments: the learned heads' shared batch, the checkers
    and the clips (with ``recognise_s``, most of what ``process`` costs)."""
    rejected: int = 0
    """Chunks refused by the processor (a sequence jump past ``max_seq_jump``)."""


@dataclass
class _Live:
    """A stream being processed: its bookkeeping plus the live objects that are not serialised."""

    state: StreamState
    speech: StreamSpeech
    checker: StreamChecker
    pending: list[PendingUtterance] = field(default_factory=list)
    last_active: float = field(default_factory=time.monotonic)


def checkable(segment: Segment) -> bool:
    """Whether a recognised segment goes to the rule checkers: the one place where a suspected
    hallucination (credits on music, a loop, too little speech) is kept out of them."""
    return SUSPECT_HALLUCINATION not in segment.flags


def _at(chunk: AudioChunk) -> datetime:
    if chunk.capture_ms is not None:
        return datetime.fromtimestamp(chunk.capture_ms / 1000, tz=UTC)
    return datetime.now(UTC)


class StreamProcessor:
    """Many streams, one recognizer: see the module docstring."""

    def __init__(
        self,
        *,
        speech_factory: SpeechFactory,
        recognizer: Recognizer,
        checkers: StreamCheckerFactory,
        clip_store: ClipStore | None,
        clip_context_s: float = 5.0,
        ring_limit_s: float = 60.0,
        max_seq_jump: int = 7200,
        clip_spool_max_bytes: int = 64 * 1024 * 1024,
        clip_spool_max_age_s: float = 600.0,
    ) -> None:
        self._speech_factory = speech_factory
        self._recognizer = recognizer
        self._checkers = checkers
        self.clips: ClipSpool | None = (
            ClipSpool(clip_store, max_bytes=clip_spool_max_bytes, max_age_s=clip_spool_max_age_s)
            if clip_store is not None
            else None
        )
        """``None`` where nothing keeps evidence (``liveguard scan``, the recording pre-check):
        findings then go out without a clip."""
        self._context = clip_context_s
        self._ring_limit = ring_limit_s
        self._max_jump = max_seq_jump
        self._streams: dict[str, _Live] = {}
        self.stats = ProcessorStats()
        self.rejected: list[tuple[int | None, str]] = []
        """``(position, reason)`` of chunks refused since the caller last emptied the list:
        the worker dead-letters them."""

    # --- streams ----------------------------------------------------------------------
    @property
    def stream_ids(self) -> list[str]:
        return list(self._streams)

    def partition_of(self, stream_id: str) -> int | None:
        live = self._streams.get(stream_id)
        return live.state.partition if live else None

    def restore(self, stream_id: str, checkpoint: dict[str, Any], partition: int) -> None:
        """Take over a stream from its checkpoint (after a rebalance or a restart)."""
        state = StreamState.from_checkpoint(checkpoint, partition)
        speech = self._speech_factory(state.meta, state.resume_seq, state.t_next)
        checker = self._checkers.restore(state.meta, checkpoint["checker"])
        self._streams[stream_id] = _Live(state, speech, checker)
        ages = {d["key"]: float(d.get("age_s", 0.0)) for d in checkpoint.get("spooled_clips", [])}
        for key, docs in checkpoint.get("spooled_findings", {}).items():
            if self.clips is not None:
                findings = [FindingEvent.model_validate(d) for d in docs]
                self.clips.adopt(key, findings, ages.get(key, 0.0))
        logger.info(
            "restored stream %s at seq %d (t=%.1f s)", stream_id, state.resume_seq, state.t_next
        )

    def drop(self, stream_ids: Iterable[str]) -> None:
        """Forget streams whose partitions moved to another worker."""
        for stream_id in stream_ids:
            self._streams.pop(stream_id, None)

    def checkpoint(self, stream_id: str) -> dict[str, Any] | None:
        """The stream's state as JSON-able data; ``None`` once a stream has ended and is flushed."""
        live = self._streams.get(stream_id)
        if live is None:
            return None
        ages = {k: self.clips.age(k) for k in live.state.spooled} if self.clips else {}
        data = live.state.checkpoint(live.checker.snapshot(), self._context, ages)
        spooled = self.clips.findings_for(stream_id) if self.clips is not None else None
        if spooled:
            data["spooled_findings"] = spooled
        return data

    def low_positions(self) -> dict[str, int | None]:
        """Per stream, the earliest source position a restart would have to re-read."""
        return {sid: live.state.low_position() for sid, live in self._streams.items()}

    def held_audio_bytes(self) -> int:
        """Audio the streams hold for clips and restarts (what grows with the stream count)."""
        return sum(len(e.pcm) for live in self._streams.values() for e in live.state.ring)

    def ended(self) -> list[str]:
        """Ended streams whose state may go once the committed offset is past their last
        chunk (:meth:`last_position`); not while the spool still holds one of their clips,
        whose findings the checkpoint keeps and whose chunks a successor must re-read."""
        return [
            sid
            for sid, live in self._streams.items()
            if live.state.ended and not live.state.spooled
        ]

    def last_position(self, stream_id: str) -> int | None:
        live = self._streams.get(stream_id)
        return live.state.last_position if live else None

    def release_clips(self) -> list[str]:
        """Forget spooled-clip records the spool no longer holds (written, or given up as
        ``lost``): their hold on the committed offset goes. Returns the streams whose
        checkpoint changed, to be written before the offset that relies on it is committed."""
        changed: list[str] = []
        for sid, live in self._streams.items():
            state = live.state
            if not state.spooled:
                continue
            held = {k: c for k, c in state.spooled.items() if self.clips and self.clips.holds(k)}
            if len(held) != len(state.spooled):
                state.spooled = held
                changed.append(sid)
        return changed

    # --- processing -------------------------------------------------------------------
    def process(
        self, items: Sequence[tuple[AudioChunk, int | None]], partition: int = 0
    ) -> list[PipelineEvent]:
        """Feed a batch of ``(chunk, position)`` and return the events it produced, in order
        per stream. Clips are written before this returns."""
        events: list[PipelineEvent] = []
        ended: list[tuple[_Live, AudioChunk]] = []
        touched: dict[str, _Live] = {}
        for chunk, position in items:
            live = self._accept(chunk, position, partition, events)
            if live is None:
                continue
            touched[chunk.stream.stream_id] = live
            if chunk.end_of_stream:
                live.state.ending = True
                live.pending.extend(live.speech.flush())
                ended.append((live, chunk))
        self._recognise_and_check(touched, events)
        for live, chunk in ended:
            self._finish_clips(live, force=True, events=events)
            live.state.ended = True
            live.state.resume_seq = live.state.next_seq
            live.state.t_resume = live.state.t_next
            live.state.ring.clear()
            events.append(
                StreamEnded(
                    stream=live.state.meta,
                    at=_at(chunk),
                    gaps=tuple((a, b) for a, b in live.state.gaps),
                )
            )
        for live in touched.values():
            if not live.state.ended:
                self._finish_clips(live, force=False, events=events)
                self._advance(live)
        events.extend(self._retry_clips())
        return events

    def give_up_clips(self) -> list[PipelineEvent]:
        """Stopping: findings whose clips are still spooled are re-announced as ``lost``."""
        events: list[PipelineEvent] = [*self.clips.give_up()] if self.clips is not None else []
        return events

    def expire(self, idle_s: float, now: float | None = None) -> list[PipelineEvent]:
        """Streams silent on the wire for ``idle_s``: finish their open utterance and clips.

        A publisher that dies without sending end-of-stream must not pin audio in memory, nor
        hold its partition's committed offset back forever. The stream is not ended (it may
        come back); it is only brought to a clean utterance boundary.
        """
        now = time.monotonic() if now is None else now
        events: list[PipelineEvent] = []
        idle: dict[str, _Live] = {}
        for sid, live in self._streams.items():
            state = live.state
            if state.ended or now - live.last_active < idle_s:
                continue
            if not state.ring and not state.pending_clips and live.speech.resume_point() is None:
                continue
            state.ending = True
            live.pending.extend(live.speech.flush())
            idle[sid] = live
        self._recognise_and_check(idle, events)
        for live in idle.values():
            state = live.state
            self._finish_clips(live, force=True, events=events)
            state.ending = False
            state.ring.clear()
            state.resume_seq, state.t_resume = state.next_seq, state.t_next
            live.speech = self._speech_factory(state.meta, state.next_seq, state.t_next)
            logger.info(
                "stream %s idle for %.0f s: brought to an utterance boundary",
                state.meta.stream_id,
                idle_s,
            )
        events.extend(self._retry_clips())
        return events

    def _retry_clips(self) -> list[PipelineEvent]:
        return [*self.clips.retry()] if self.clips is not None else []

    def _accept(
        self,
        chunk: AudioChunk,
        position: int | None,
        partition: int,
        events: list[PipelineEvent],
    ) -> _Live | None:
        """Order, dedupe and gap bookkeeping; returns the stream if the chunk is to be processed."""
        sid = chunk.stream.stream_id
        live = self._streams.get(sid)
        if live is None:
            speech = self._speech_factory(chunk.stream, chunk.seq, 0.0)
            state = StreamState(meta=chunk.stream, partition=partition, next_seq=chunk.seq)
            state.resume_seq = chunk.seq
            state.skip_before = chunk.seq
            if chunk.seq > 0:
                state.add_gap(0, chunk.seq - 1)
            live = _Live(state, speech, self._checkers.new(chunk.stream))
            self._streams[sid] = live
        state = live.state
        state.partition = partition
        live.last_active = time.monotonic()
        if chunk.seq < state.skip_before:
            # Re-read after a restore: already handled; keep it only as clip context and to
            # rebuild the clips a dead owner still held in its spool.
            t = state.restored_times.pop(chunk.seq, None)
            if t is not None:
                state.ring.append(RingEntry(chunk.seq, t, chunk.pcm, position))
            self.stats.skipped_replay += 1
            self._rebuild_spooled(live, chunk.seq, events)
            return None
        # the re-read is over: rebuild from what came back
        self._rebuild_spooled(live, None, events)
        if chunk.seq < state.next_seq:
            if state.fill_gap(chunk.seq):
                self.stats.late += 1
                logger.info("late chunk %s#%d dropped (already past it)", sid, chunk.seq)
            else:
                self.stats.duplicates += 1
            return None
        if state.ended:
            self.stats.late += 1
            return None
        if chunk.seq - state.next_seq > self._max_jump:
            # One wild sequence number must not make every later chunk "late".
            self.stats.rejected += 1
            self.rejected.append(
                (
                    position,
                    f"seq {chunk.seq} jumps {chunk.seq - state.next_seq} chunks ahead of stream "
                    f"{sid!r} (expected {state.next_seq}; limit {self._max_jump})",
                )
            )
            return None
        if chunk.seq > state.next_seq:
            # Stream time counts received audio only (as the cutter does), so a gap does not
            # shift it: times of segments and clips stay consistent with each other.
            state.add_gap(state.next_seq, chunk.seq - 1)
            logger.info("gap in %s: chunks %d-%d missing", sid, state.next_seq, chunk.seq - 1)
        if not state.started:
            state.started = True
            events.append(StreamStarted(stream=chunk.stream, at=_at(chunk)))
        t = state.t_next
        if chunk.pcm:
            state.ring.append(RingEntry(chunk.seq, t, chunk.pcm, position))
            state.last_chunk_s = chunk.duration
        state.next_seq = chunk.seq + 1
        state.t_next = t + chunk.duration
        state.last_position = position
        self.stats.chunks += 1
        self.stats.audio_s += chunk.duration
        if chunk.pcm:
            live.pending.extend(live.speech.feed(chunk))
        return live

    def _recognise_and_check(self, touched: dict[str, _Live], events: list[PipelineEvent]) -> None:
        batch = [p for live in touched.values() for p in live.pending]
        for live in touched.values():
            live.pending.clear()
        if not batch:
            return
        started = time.perf_counter()
        segments = self._recognizer.transcribe(batch)
        recognised = time.perf_counter()
        self.stats.recognise_s += recognised - started
        # one batch across streams for the learned claim heads: what the checkers will see
        to_check = [s for s in segments if checkable(s)]
        if to_check:
            self._checkers.prepare(to_check)
        by_stream: dict[str, list[Segment]] = defaultdict(list)
        for segment in segments:
            by_stream[segment.stream_id].append(segment)
        for sid, stream_segments in by_stream.items():
            owner = touched.get(sid) or self._streams.get(sid)
            if owner is None:
                continue
            for segment in sorted(stream_segments, key=lambda s: s.seq_start):
                self._emit_segment(owner, segment, events)
        self.stats.check_s += time.perf_counter() - recognised

    def _emit_segment(self, live: _Live, segment: Segment, events: list[PipelineEvent]) -> None:
        meta = live.state.meta
        events.append(SegmentEvent(stream=meta, segment=segment))
        self.stats.segments += 1
        if not checkable(segment):
            return  # kept for the record, never checked
        findings = live.checker.check(segment)
        corrections = live.checker.take_corrections()
        if not findings and not corrections:
            return
        clip = self._write_clip(live, segment, events) if self.clips is not None else None
        for finding in findings:
            event = FindingEvent(stream=meta, finding=finding, segment=segment, clip=clip)
            events.append(event)
            if self.clips is not None and clip is not None:
                self.clips.attach(clip.uri, event)
            self.stats.findings += 1
        for correction in corrections:
            # after the findings it corrects, on the same topic: the consumer sees them in order
            events.append(
                CorrectionEvent(stream=meta, correction=correction, segment=segment, clip=clip)
            )
            self.stats.corrections += 1

    def _write_clip(self, live: _Live, segment: Segment, events: list[PipelineEvent]) -> ClipRef:
        assert self.clips is not None
        state = live.state
        key = clip_key(state.meta.stream_id, segment.seq_start)
        t_from = max(0.0, segment.t_start - self._context)
        t_to = segment.t_end + self._context
        if state.ending:
            t_to = min(t_to, state.t_next)  # no after-context will ever come
        status: ClipStatus = "stored"
        if key not in state.written_clips or not self.clips.exists(key):
            pcm, start, _end = state.audio(t_from, t_to)
            status = self._put_clip(state, key, pcm, start, t_to, events)
            state.written_clips.add(key)
            self.stats.clips += 1
            t_from = start
            if not any(c.key == key for c in state.pending_clips):
                state.pending_clips.append(PendingClip(key, t_from, t_to))
        return ClipRef(uri=key, t_start=t_from, t_end=t_to, status=status)

    def _finish_clips(self, live: _Live, *, force: bool, events: list[PipelineEvent]) -> None:
        """Rewrite clips whose after-context has now arrived (or the stream ended)."""
        state = live.state
        if self.clips is None:
            return
        remaining: list[PendingClip] = []
        for clip in state.pending_clips:
            if force or state.t_next >= clip.t_to:
                pcm, _start, _end = state.audio(clip.t_from, clip.t_to)
                if pcm:
                    self._put_clip(state, clip.key, pcm, clip.t_from, clip.t_to, events)
            else:
                remaining.append(clip)
        state.pending_clips = remaining

    def _put_clip(
        self,
        state: StreamState,
        key: str,
        pcm: bytes,
        t_from: float,
        t_to: float,
        events: list[PipelineEvent],
    ) -> ClipStatus:
        """Write a clip through the spool; while the spool holds it, the stream keeps a record
        of its chunks (the hold on the committed offset, and what a successor re-reads)."""
        assert self.clips is not None
        status, changed = self.clips.put(key, pcm16_to_wav(pcm))
        events.extend(changed)
        record = state.spooled_entries(t_from, t_to) if status == "spooled" else None
        if record is None:
            state.spooled.pop(key, None)
        else:
            record.key = key
            state.spooled[key] = record
        return status

    def _rebuild_spooled(
        self, live: _Live, upto_seq: int | None, events: list[PipelineEvent]
    ) -> None:
        """A successor's re-read has brought back every chunk of a clip its dead owner held in
        the spool (``upto_seq``: the chunk just re-read; ``None``: the re-read is over, so use
        what came back): rebuild it and write it through this worker's spool."""
        state = live.state
        if self.clips is None or not any(c.awaiting_audio for c in state.spooled.values()):
            return
        for clip in list(state.spooled.values()):
            if not clip.awaiting_audio or (upto_seq is not None and upto_seq < clip.last_seq):
                continue
            clip.awaiting_audio = False
            pcm, _start, _end = state.audio(clip.t_from, clip.t_to)
            if not pcm or not self.clips.holds(clip.key):
                continue  # nothing came back (or it is settled): the spool ages it out
            logger.info("clip %s rebuilt from re-read audio", clip.key)
            self._put_clip(state, clip.key, pcm, clip.t_from, clip.t_to, events)
        if state.ended and not any(c.awaiting_audio for c in state.spooled.values()):
            state.ring.clear()  # an ended stream keeps no context

    def _advance(self, live: _Live) -> None:
        """Move the resume point and trim audio no longer needed for clips or a restart."""
        state = live.state
        point = live.speech.resume_point()
        if point is None or point[0] >= state.next_seq:
            state.resume_seq, state.t_resume = state.next_seq, state.t_next
        else:
            state.resume_seq, state.t_resume = point
        keep_from = min([state.t_resume - self._context, *[c.t_from for c in state.pending_clips]])
        keep_from = max(keep_from, state.t_next - self._ring_limit)
        state.trim(keep_from)
        if len(state.written_clips) > 256:
            state.written_clips = {c.key for c in state.pending_clips}
