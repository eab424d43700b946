"""The clip spool's bookkeeping with a store that fails on demand and a clock the test moves."""

from __future__ import annotations

import itertools
from typing import Any

from liveguard.contracts import ClipRef, Family, Finding, FindingEvent, Severity, StreamMeta
from liveguard.errors import StorageError
from liveguard.ingest.clipstore import open_clip_store
from liveguard.pipeline.clip_spool import MAX_RETRY_S, ClipSpool


class FlakyStore:
    def __init__(self, tmp: Any) -> None:
        self.inner = open_clip_store(str(tmp))
        self.failing = True
        self.attempts = 0

    def put(self, key: str, data: bytes, content_type: str = "audio/wav") -> None:
        self.attempts += 1
        if self.failing:
            raise StorageError("No space left on device")
        self.inner.put(key, data, content_type)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def finding(key: str) -> FindingEvent:
    return FindingEvent(
        stream=StreamMeta(stream_id="a"),
        finding=Finding(
            finding_id=f"f-{key}",
            rule_id="r",
            family=Family.EFFICACY,
            severity=Severity.HIGH,
            message="m",
            legal_basis=("CN-AD-9-3",),
            matched_text="最好",
            start=0,
            end=2,
            rule_pack_version="t",
        ),
        clip=ClipRef(uri=key, t_start=0, t_end=1, status="spooled"),
    )


def spool_for(tmp_path: Any, **kw: Any) -> tuple[ClipSpool, FlakyStore, Clock]:
    store, clock = FlakyStore(tmp_path), Clock()
    return ClipSpool(store, clock=clock, **kw), store, clock  # type: ignore[arg-type]


def test_backs_off_then_stores_and_reannounces(tmp_path):
    spool, store, clock = spool_for(tmp_path, max_age_s=3600)
    assert spool.put("a/1.wav", b"x" * 10)[0] == "spooled"
    spool.attach("a/1.wav", finding("a/1.wav"))
    tries = []
    for _ in range(12):
        clock.now += 1.0
        before = store.attempts
        spool.retry()
        if store.attempts > before:
            tries.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(tries)]
    assert gaps == sorted(gaps)
    assert gaps[-1] > gaps[0]  # exponential back-off, not a retry per call
    store.failing = False
    clock.now += MAX_RETRY_S
    changed = spool.retry()
    assert [e.clip.status for e in changed if e.clip] == ["stored"]
    assert store.inner.get("a/1.wav") == b"x" * 10
    assert spool.held == 0


def test_too_old_or_too_big_is_lost(tmp_path):
    spool, _store, clock = spool_for(tmp_path, max_age_s=10, max_bytes=25)
    spool.put("a/1.wav", b"1" * 10)
    spool.attach("a/1.wav", finding("a/1.wav"))
    clock.now += 1
    spool.put("a/2.wav", b"2" * 10)
    status, changed = spool.put("a/3.wav", b"3" * 10)  # 30 bytes > 25: the oldest goes
    assert status == "spooled"
    assert [e.clip.uri for e in changed if e.clip] == ["a/1.wav"]
    assert spool.lost == 1
    assert spool.put("a/big.wav", b"b" * 100)[0] == "lost"
    spool.attach("a/2.wav", finding("a/2.wav"))
    clock.now += 11
    assert [e.clip.status for e in spool.retry() if e.clip] == ["lost"]
    assert spool.held == 0
