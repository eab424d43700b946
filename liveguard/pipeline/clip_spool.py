"""Evidence clips the store refused, held in memory and retried, so a disk error never stops
the pipeline: a finding without its clip is still a finding.

A write that fails (disk full, read-only mount, an unreachable bucket) parks the clip here and
the finding goes out at once with clip status ``spooled``. Retries back off exponentially. A
clip that is written later re-announces its findings as ``stored``; one that cannot be held
(the spool is over ``max_bytes``, or the clip is older than ``max_age_s``, or the worker stops)
re-announces them as ``lost``. The re-announcement is the same finding event with a new clip
status: consumers keep the finding and update only the status.

The spool is memory only. What survives a worker's death is in the stream's checkpoint: the
findings to re-announce, and (kept by the processor) the chunks the clip's audio comes from,
with the committed offset held back to them while the spool keeps the clip; the successor
adopts the findings, rebuilds the clip from the re-read chunks and goes on retrying.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from liveguard.contracts import ClipStatus, FindingEvent
from liveguard.errors import LiveGuardError
from liveguard.ingest.clipstore import ClipStore, clip_belongs

logger = logging.getLogger(__name__)

FIRST_RETRY_S = 1.0
MAX_RETRY_S = 60.0


@dataclass
class _Spooled:
    data: bytes | None
    """``None``: adopted from a checkpoint; the audio comes back when the stream is re-read."""
    since: float
    next_try: float
    delay: float = FIRST_RETRY_S
    findings: list[FindingEvent] = field(default_factory=list)


class ClipSpool:
    """A clip store front that never raises: see the module docstring."""

    def __init__(
        self,
        store: ClipStore,
        *,
        max_bytes: int = 64 * 1024 * 1024,
        max_age_s: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self.max_age_s = max_age_s
        self._clock = clock
        self._held: dict[str, _Spooled] = {}
        self.lost = 0
        self.failures = 0

    @property
    def held_bytes(self) -> int:
        return sum(len(s.data or b"") for s in self._held.values())

    @property
    def held(self) -> int:
        return len(self._held)

    def holds(self, key: str) -> bool:
        """Still waiting for the store (neither written nor given up)."""
        return key in self._held

    def age(self, key: str) -> float:
        """Seconds since the clip was first refused (0 when it is not held)."""
        held = self._held.get(key)
        return 0.0 if held is None else self._clock() - held.since

    def exists(self, key: str) -> bool:
        if key in self._held:
            return True
        try:
            return self.store.exists(key)
        except (LiveGuardError, OSError):
            return False

    def put(self, key: str, data: bytes) -> tuple[ClipStatus, list[FindingEvent]]:
        """Write (or rewrite) a clip: its status now, and findings whose status changed."""
        if self._write(key, data):
            held = self._held.pop(key, None)
            return "stored", _announce(held, "stored")
        now = self._clock()
        held = self._held.get(key)
        if len(data) > self.max_bytes:  # could never be held: do not push the others out
            if held is None:
                self.lost += 1
                logger.error("clip %s lost: larger than the spool (%d bytes)", key, len(data))
                return "lost", []
            return "lost", self._drop(key, "rewrite larger than the spool")
        if held is None:
            self._held[key] = _Spooled(data, now, now + FIRST_RETRY_S)
        else:
            held.data = data
        changed = self._shrink()
        return ("spooled" if key in self._held else "lost"), changed

    def attach(self, key: str, event: FindingEvent) -> None:
        """Remember a finding published with this spooled clip, to re-announce it later."""
        if key in self._held:
            self._held[key].findings.append(event)

    def retry(self) -> list[FindingEvent]:
        """Retry clips that are due; give up on those too old. Findings whose status changed."""
        now = self._clock()
        changed: list[FindingEvent] = []
        for key, held in list(self._held.items()):
            if now - held.since >= self.max_age_s:
                changed += self._drop(key, f"not written within {self.max_age_s:g} s")
            elif held.data is not None and now >= held.next_try:
                if self._write(key, held.data):
                    del self._held[key]
                    changed += _announce(held, "stored")
                else:
                    held.delay = min(held.delay * 2, MAX_RETRY_S)
                    held.next_try = now + held.delay
        return changed

    def findings_for(self, stream_id: str) -> dict[str, list[Any]]:
        """What a checkpoint keeps of this stream's spooled clips: the findings to re-announce
        (the audio is not kept; a successor rebuilds the clips it still has audio for)."""
        return {
            key: [e.model_dump(mode="json") for e in held.findings]
            for key, held in self._held.items()
            if held.findings and clip_belongs(key, stream_id)
        }

    def adopt(self, key: str, findings: list[FindingEvent], age_s: float = 0.0) -> None:
        """Take over findings a dead worker published as ``spooled``: the clip is rewritten
        from re-read audio (then ``stored``) or ages out (then ``lost``). ``age_s``: how long
        the dead worker had held it, so the age limit counts from the first failure."""
        if key not in self._held:
            now = self._clock()
            self._held[key] = _Spooled(None, now - age_s, now, findings=list(findings))

    def forget(self, stream_id: str) -> None:
        """The stream moved to another worker, which adopts its spooled clips."""
        for key in [k for k in self._held if clip_belongs(k, stream_id)]:
            del self._held[key]

    def give_up(self) -> list[FindingEvent]:
        """The worker is stopping: what is still held will never be written."""
        changed: list[FindingEvent] = []
        for key in list(self._held):
            changed += self._drop(key, "the worker stopped")
        return changed

    def _write(self, key: str, data: bytes) -> bool:
        try:
            self.store.put(key, data, "audio/wav")
            return True
        except (LiveGuardError, OSError) as exc:
            self.failures += 1
            logger.warning("clip %s not written (spooled, will retry): %s", key, exc)
            return False

    def _shrink(self) -> list[FindingEvent]:
        changed: list[FindingEvent] = []
        while self._held and self.held_bytes > self.max_bytes:
            oldest = min(self._held, key=lambda k: self._held[k].since)
            changed += self._drop(oldest, f"spool over {self.max_bytes} bytes")
        return changed

    def _drop(self, key: str, why: str) -> list[FindingEvent]:
        held = self._held.pop(key)
        self.lost += 1
        logger.error("clip %s lost: %s; its findings stand without audio", key, why)
        return _announce(held, "lost")


def _announce(held: _Spooled | None, status: ClipStatus) -> list[FindingEvent]:
    if held is None:
        return []
    return [
        event.model_copy(update={"clip": event.clip.model_copy(update={"status": status})})
        for event in held.findings
        if event.clip is not None
    ]
