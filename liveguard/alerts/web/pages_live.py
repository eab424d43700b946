"""The live view: a stream's rolling transcript, pushed to the browser with Server-Sent Events.

Ingestion announces committed lines on the in-process :mod:`~liveguard.alerts.livebus`; each
open view waits there and re-reads only when its stream changed, through a
:class:`SnapshotCache` that makes it one short database read per stream and announcement
however many people watch. Between events a view holds no database session and no pooled
connection (its sign-in session is closed before the stream starts). When ingestion runs in
another process, nothing is announced here and views re-read every ``live_poll_s`` seconds.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from liveguard.alerts.crud import streams
from liveguard.alerts.deps import SessionDep
from liveguard.alerts.livebus import LiveBus
from liveguard.alerts.models.users import READERS
from liveguard.alerts.web import backend
from liveguard.alerts.web.auth import PageError, Reader, page_user, to_web
from liveguard.alerts.web.render import page
from liveguard.alerts.web.views import LiveLine

router = APIRouter()

KEEPALIVE_S = 15.0
Snapshot = tuple[list[LiveLine], bool]


def _snapshot(factory: sessionmaker[Session], stream_id: str) -> Snapshot:
    with factory() as session:
        return backend.live_lines(session, stream_id), streams.stream_ended(session, stream_id)


class SnapshotCache:
    """The latest read of each watched stream, shared by all its viewers on one event loop.

    A read is reused while the bus reports no newer announcement for the stream and it is
    younger than ``max_age_s`` (the fallback for ingestion in another process).
    """

    def __init__(self, factory: sessionmaker[Session], bus: LiveBus, max_age_s: float) -> None:
        self.factory = factory
        self.bus = bus
        self.max_age_s = max_age_s
        self._entries: dict[str, tuple[int, float, asyncio.Future[Snapshot]]] = {}

    async def get(self, stream_id: str) -> Snapshot:
        loop = asyncio.get_running_loop()
        version, now = self.bus.version(stream_id), loop.time()
        entry = self._entries.get(stream_id)
        if (
            entry is not None
            and entry[0] == version
            and now - entry[1] < self.max_age_s
            and entry[2].get_loop() is loop
            and not (entry[2].done() and entry[2].exception() is not None)
        ):
            return await asyncio.shield(entry[2])
        future = asyncio.ensure_future(asyncio.to_thread(_snapshot, self.factory, stream_id))
        self._entries[stream_id] = (version, now, future)
        return await asyncio.shield(future)

    def forget(self, stream_id: str) -> None:
        """Drop a stream nobody watches any more."""
        if self.bus.subscribers(stream_id) == 0:
            self._entries.pop(stream_id, None)


@router.get("/live", response_class=HTMLResponse)
def live_index(request: Request, session: SessionDep, user: Reader) -> HTMLResponse:
    return page(request, "live_index.html", to_web(user), streams=streams.recent_streams(session))


@router.get("/live/{stream_id}", response_class=HTMLResponse)
def live_page(request: Request, user: Reader, stream_id: str) -> HTMLResponse:
    return page(request, "live.html", to_web(user), stream_id=stream_id)


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def live_events(
    request: Request, cache: SnapshotCache, stream_id: str, poll_s: float
) -> AsyncIterator[str]:
    sub = cache.bus.subscribe(stream_id)
    sent: dict[str, tuple[str, tuple[tuple[int, int, str, str], ...]]] = {}
    quiet = 0.0
    wait_s = min(poll_s, KEEPALIVE_S)
    try:
        while True:
            lines, ended = await cache.get(stream_id)
            fresh = [ln for ln in lines if sent.get(ln.utterance_id) != (ln.text, ln.marks)]
            for line in fresh:
                sent[line.utterance_id] = (line.text, line.marks)
                yield _event(
                    "line",
                    {
                        "utterance_id": line.utterance_id,
                        "t_start": line.t_start,
                        "t_end": line.t_end,
                        "text": line.text,
                        "marks": [list(m) for m in line.marks],
                        "case_id": line.case_id,
                    },
                )
            if ended and not fresh:
                yield _event("end", {"stream_id": stream_id})
                return
            if await sub.wait(wait_s):
                quiet = 0.0
            else:
                quiet += wait_s
                if quiet >= KEEPALIVE_S:
                    quiet = 0.0
                    yield ": keep-alive\n\n"
            if await request.is_disconnected():
                return
    finally:
        cache.bus.unsubscribe(sub)
        cache.forget(stream_id)


@router.get("/live/{stream_id}/events")
def live_stream(request: Request, stream_id: str) -> StreamingResponse:
    # Sign-in is checked with a session opened and closed right here, in one worker-thread
    # hop: a session from a dependency would hold its connection until this function got a
    # thread of its own, and a burst of viewers then starves the pool (and the threads).
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    with factory() as session:
        user = page_user(request, session, request.app.state.settings)
    if user.role not in READERS:
        raise PageError(403, "forbidden")
    cache: SnapshotCache = request.app.state.live_snapshots
    poll_s: float = request.app.state.settings.live_poll_s
    return StreamingResponse(
        live_events(request, cache, stream_id, poll_s),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
