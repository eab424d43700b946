"""Per-stream bookkeeping of the processor: order, gaps, the audio ring for clips, checkpoints.

What a checkpoint must hold is exactly what cannot be recomputed by re-reading the audio from
the last committed offset: the rule checker's memory (a price said twenty minutes ago), which
chunk the stream resumes at, the stream time there, which clips are still waiting for their
after-context, and which clips the store refused and the spool still holds (with the chunks
their audio comes from). Audio itself is never checkpointed: it is re-read from Kafka, and the
committed offset is held back far enough for that (:meth:`StreamState.low_position`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from liveguard.contracts import SAMPLE_RATE, StreamMeta

CHECKPOINT_VERSION = 1


@dataclass
class RingEntry:
    """One received chunk kept for clip context, with where it came from (for commits)."""

    seq: int
    t: float
    pcm: bytes
    position: int | None

    @property
    def t_end(self) -> float:
        return self.t + len(self.pcm) / 2 / SAMPLE_RATE


@dataclass
class PendingClip:
    """A clip already written with the audio available then, to be rewritten once the
    after-context has arrived."""

    key: str
    t_from: float
    t_to: float


@dataclass
class SpooledClip:
    """A clip the store refused and the spool still holds: which chunks its audio comes from.

    The committed offset is held back to its first chunk while the spool keeps it, so a worker
    that dies with it in memory leaves a successor that re-reads those chunks and rebuilds it.
    The spool is bounded by size and age: once it gives the clip up (``lost``) or writes it,
    the record goes and the hold with it.
    """

    key: str
    t_from: float
    t_to: float
    position: int | None
    """Source position (Kafka offset) of its first chunk; ``None`` where sources have none."""
    times: dict[int, float]
    """Stream time of each of its chunks, by ``seq``: what a successor keeps when re-reading."""
    awaiting_audio: bool = False
    """Restored from a checkpoint: the audio comes back as the chunks are re-read."""

    @property
    def last_seq(self) -> int:
        return max(self.times, default=-1)

    def to_json(self, age_s: float) -> dict[str, Any]:
        return {
            "key": self.key,
            "t_from": self.t_from,
            "t_to": self.t_to,
            "position": self.position,
            "times": {str(seq): t for seq, t in self.times.items()},
            "age_s": age_s,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SpooledClip:
        position = data["position"]
        return cls(
            key=str(data["key"]),
            t_from=float(data["t_from"]),
            t_to=float(data["t_to"]),
            position=None if position is None else int(position),
            times={int(seq): float(t) for seq, t in data["times"].items()},
            awaiting_audio=True,
        )


@dataclass
class StreamState:
    meta: StreamMeta
    partition: int = 0
    started: bool = False
    ended: bool = False
    ending: bool = False
    """End-of-stream seen in the batch being processed."""
    next_seq: int = 0
    """One past the highest sequence number received."""
    t_next: float = 0.0
    """Stream time at which chunk ``next_seq`` would begin."""
    last_chunk_s: float = 1.0
    gaps: list[list[int]] = field(default_factory=list)
    resume_seq: int = 0
    """Chunks before this are fully handled (events out, clips written)."""
    t_resume: float = 0.0
    """Stream time at which chunk ``resume_seq`` begins."""
    skip_before: int = 0
    """After a restore: chunks below this were handled by an earlier owner."""
    restored_times: dict[int, float] = field(default_factory=dict)
    """After a restore: stream times of the chunks before ``skip_before`` kept for clip context."""
    ring: deque[RingEntry] = field(default_factory=deque)
    pending_clips: list[PendingClip] = field(default_factory=list)
    written_clips: set[str] = field(default_factory=set)
    spooled: dict[str, SpooledClip] = field(default_factory=dict)
    """Clips the spool holds for this stream, by key (see :class:`SpooledClip`)."""
    last_position: int | None = None
    """Source position of the last chunk accepted: an ended stream's state may go once the
    committed offset is past it (earlier, a re-read would process the stream afresh)."""

    def add_gap(self, first: int, last: int) -> None:
        if last >= first:
            self.gaps.append([first, last])

    def fill_gap(self, seq: int) -> bool:
        """A late chunk arrived: it is no longer missing (it is still not transcribed)."""
        for i, (a, b) in enumerate(self.gaps):
            if a <= seq <= b:
                parts = [[a, seq - 1]] if seq > a else []
                if seq < b:
                    parts.append([seq + 1, b])
                self.gaps[i : i + 1] = parts
                return True
        return False

    def ring_time(self, seq: int) -> float | None:
        for entry in self.ring:
            if entry.seq == seq:
                return entry.t
        return None

    def audio(
        self, t_from: float, t_to: float, rate: int = SAMPLE_RATE
    ) -> tuple[bytes, float, float]:
        """PCM between two stream times from the ring (clipped to what is held), with the
        actual start and end times."""
        parts: list[bytes] = []
        start: float | None = None
        end = t_from
        for entry in self.ring:
            if entry.t_end <= t_from or entry.t >= t_to:
                continue
            a = max(0, round((t_from - entry.t) * rate))
            b = min(len(entry.pcm) // 2, round((t_to - entry.t) * rate))
            if b <= a:
                continue
            if start is None:
                start = entry.t + a / rate
            parts.append(entry.pcm[a * 2 : b * 2])
            end = entry.t + b / rate
        if start is None:
            return b"", max(t_from, 0.0), max(t_from, 0.0)
        return b"".join(parts), start, end

    def trim(self, keep_from: float) -> None:
        while self.ring and self.ring[0].t_end <= keep_from:
            self.ring.popleft()

    def low_position(self) -> int | None:
        """The earliest source position still needed after a crash (``None``: none): the
        oldest audio held for context or after-context, and the first chunk of every clip
        still spooled."""
        lows = [c.position for c in self.spooled.values() if c.position is not None]
        if self.ring and self.ring[0].position is not None:
            lows.append(self.ring[0].position)
        return min(lows, default=None)

    def spooled_entries(self, t_from: float, t_to: float) -> SpooledClip | None:
        """What the ring holds of a clip's audio, as a record to keep while it is spooled."""
        entries = [e for e in self.ring if e.t_end > t_from and e.t < t_to]
        if not entries:
            return None
        return SpooledClip("", t_from, t_to, entries[0].position, {e.seq: e.t for e in entries})

    def checkpoint(
        self, checker_state: Any, context_s: float, spool_ages: dict[str, float] | None = None
    ) -> dict[str, Any]:
        """``spool_ages``: how long the spool has held each clip (the successor's age limit
        counts from the first failure, not from its own start)."""
        ages = spool_ages or {}
        t_resume = self.t_resume
        keep_from = min([t_resume - context_s, *[c.t_from for c in self.pending_clips]])
        times = {
            str(e.seq): e.t for e in self.ring if e.t_end > keep_from and e.seq < self.resume_seq
        }
        return {
            "v": CHECKPOINT_VERSION,
            "meta": self.meta.model_dump(mode="json"),
            "started": self.started,
            "ended": self.ended,
            "resume_seq": self.resume_seq,
            "t_resume": t_resume,
            "last_chunk_s": self.last_chunk_s,
            "gaps": [g for g in self.gaps if g[0] < self.resume_seq],
            "ring_times": times,
            "pending_clips": [[c.key, c.t_from, c.t_to] for c in self.pending_clips],
            "spooled_clips": [c.to_json(ages.get(c.key, 0.0)) for c in self.spooled.values()],
            "last_position": self.last_position,
            "checker": checker_state,
        }

    @classmethod
    def from_checkpoint(cls, data: dict[str, Any], partition: int) -> StreamState:
        if data.get("v") != CHECKPOINT_VERSION:
            raise ValueError(f"unknown checkpoint version {data.get('v')!r}")
        resume = int(data["resume_seq"])
        pending = [PendingClip(k, float(a), float(b)) for k, a, b in data["pending_clips"]]
        spooled = [SpooledClip.from_json(d) for d in data.get("spooled_clips", [])]
        times = {int(k): float(v) for k, v in data["ring_times"].items()}
        for clip in spooled:
            times.update(clip.times)
            # a clip also waiting for its after-context is rebuilt by that path
            clip.awaiting_audio = all(p.key != clip.key for p in pending)
        last = data.get("last_position")
        return cls(
            meta=StreamMeta.model_validate(data["meta"]),
            partition=partition,
            started=bool(data["started"]),
            ended=bool(data["ended"]),
            next_seq=resume,
            t_next=float(data["t_resume"]),
            last_chunk_s=float(data["last_chunk_s"]),
            gaps=[list(g) for g in data["gaps"]],
            resume_seq=resume,
            t_resume=float(data["t_resume"]),
            skip_before=resume,
            restored_times=times,
            pending_clips=pending,
            spooled={c.key: c for c in spooled},
            last_position=None if last is None else int(last),
        )
