"""In-process pub/sub for the live views: ingestion announces the streams it changed.

A live view (SSE) waits here instead of polling the database, so an idle viewer costs no query
and no pooled connection; when ingestion commits lines for a stream, every viewer of that
stream wakes and re-reads once (:class:`SnapshotCache` makes that one read per stream, however
many viewers). Ingestion may run on any thread (the consumer, the demo's pipeline, a request),
the viewers on the server's event loop, so :meth:`LiveBus.publish` hands the wake-up to each
subscriber's loop.

The bus spans one process. When ingestion runs in another process (``liveguard
alerts-consume`` beside ``liveguard serve``), nothing is announced here and the views fall back
to re-reading every ``live_poll_s`` seconds.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(eq=False)
class Subscription:
    stream_id: str
    loop: asyncio.AbstractEventLoop
    event: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait(self, timeout: float) -> bool:
        """Whether the stream changed (``False`` when ``timeout`` seconds passed quietly)."""
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
        except TimeoutError:
            return False
        self.event.clear()
        return True


class LiveBus:
    def __init__(self) -> None:
        self._subs: dict[str, set[Subscription]] = {}
        self._versions: dict[str, int] = {}
        self._lock = threading.Lock()

    def subscribe(self, stream_id: str) -> Subscription:
        """Call on the event loop that will wait on the subscription."""
        sub = Subscription(stream_id, asyncio.get_running_loop())
        with self._lock:
            self._subs.setdefault(stream_id, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            subs = self._subs.get(sub.stream_id)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subs[sub.stream_id]

    def publish(self, stream_ids: Iterable[str]) -> None:
        """Announce committed changes to these streams (thread-safe, never blocks)."""
        with self._lock:
            woken: list[Subscription] = []
            for stream_id in set(stream_ids):
                self._versions[stream_id] = self._versions.get(stream_id, 0) + 1
                woken.extend(self._subs.get(stream_id, ()))
        for sub in woken:
            try:
                sub.loop.call_soon_threadsafe(sub.event.set)
            except RuntimeError:  # the viewer's loop has closed: it is gone
                self.unsubscribe(sub)

    def version(self, stream_id: str) -> int:
        """How many announcements the stream has had (snapshots are cached per version)."""
        with self._lock:
            return self._versions.get(stream_id, 0)

    def subscribers(self, stream_id: str) -> int:
        with self._lock:
            return len(self._subs.get(stream_id, ()))


_BUS = LiveBus()


def default_bus() -> LiveBus:
    """The process's bus: ingestion publishes to it, the app's live views subscribe to it."""
    return _BUS
