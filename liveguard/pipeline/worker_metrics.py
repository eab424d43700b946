"""Prometheus metrics of one worker process (own registry, so tests can run several)."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server

from liveguard.pipeline.clip_spool import ClipSpool
from liveguard.pipeline.processor import ProcessorStats


class WorkerMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.chunks = Counter("liveguard_chunks", "Audio chunks processed", registry=r)
        self.audio = Counter("liveguard_audio_seconds", "Seconds of audio processed", registry=r)
        self.segments = Counter("liveguard_segments", "Segments emitted", registry=r)
        self.findings = Counter("liveguard_findings", "Findings emitted", registry=r)
        self.dead_letters = Counter(
            "liveguard_dead_letters", "Poison messages dead-lettered", registry=r
        )
        self.duplicates = Counter(
            "liveguard_duplicate_chunks", "Duplicate chunks dropped", registry=r
        )
        self.late = Counter(
            "liveguard_late_chunks", "Chunks that arrived after their place", registry=r
        )
        self.rtf = Gauge(
            "liveguard_realtime_factor", "Recognition seconds per second of audio", registry=r
        )
        self.checkpoint_age = Gauge(
            "liveguard_checkpoint_age_seconds",
            "Seconds since the last checkpoint + commit",
            registry=r,
        )
        self.lag = Gauge(
            "liveguard_consumer_lag", "Audio messages behind", ["partition"], registry=r
        )
        self.streams = Gauge("liveguard_active_streams", "Streams held by this worker", registry=r)
        self.spool_bytes = Gauge(
            "liveguard_clip_spool_bytes",
            "Evidence clips the store refused, held in memory for retry",
            registry=r,
        )
        self.clips_lost = Counter(
            "liveguard_clips_lost", "Clips given up on (their findings say 'clip lost')", registry=r
        )
        self.partitions = Gauge(
            "liveguard_assigned_partitions",
            "Audio partitions this worker holds (0 for long: see the join watchdog)",
            registry=r,
        )
        self._last = ProcessorStats()
        self._last_commit = time.monotonic()

    def serve(self, port: int) -> Any:
        if port:
            return start_http_server(port, addr="0.0.0.0", registry=self.registry)
        return None

    def update(
        self,
        stats: ProcessorStats,
        dead_letters: int,
        streams: int,
        spool: ClipSpool | None = None,
        partitions: int = 0,
    ) -> None:
        last = self._last
        if spool is not None:
            self.spool_bytes.set(spool.held_bytes)
            lost = spool.lost - int(self.clips_lost._value.get())
            if lost > 0:
                self.clips_lost.inc(lost)
        self.partitions.set(partitions)
        self.chunks.inc(stats.chunks - last.chunks)
        self.audio.inc(stats.audio_s - last.audio_s)
        self.segments.inc(stats.segments - last.segments)
        self.findings.inc(stats.findings - last.findings)
        self.duplicates.inc(stats.duplicates - last.duplicates)
        self.late.inc(stats.late - last.late)
        new_dead = dead_letters - int(self.dead_letters._value.get())
        if new_dead > 0:
            self.dead_letters.inc(new_dead)
        if stats.audio_s:
            self.rtf.set(stats.recognise_s / stats.audio_s)
        self._last = ProcessorStats(**vars(stats))
        self.streams.set(streams)
        self.checkpoint_age.set(time.monotonic() - self._last_commit)

    def committed(self) -> None:
        self._last_commit = time.monotonic()
        self.checkpoint_age.set(0)
