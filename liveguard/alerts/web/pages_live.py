"""The live view: a stream's rolling transcript, pushed to the browser with Server-Sent Events.

The pipeline writes segments and findings into the database as they happen (in-process in the
demo, from Kafka in production), so the event stream simply polls the database for lines that
are new or gained a finding. Polling keeps the web process stateless: any API replica can serve
any viewer, with no pub/sub between the ingesting and the serving process.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from liveguard.alerts.deps import SessionDep
from liveguard.alerts.models import User
from liveguard.alerts.web import backend
from liveguard.alerts.web.auth import roles, to_web
from liveguard.alerts.web.render import page
from liveguard.alerts.web.views import LiveLine

router = APIRouter()

Viewer = Annotated[User, Depends(roles("moderator", "regulator", "admin"))]
POLL_S = 0.5
KEEPALIVE_S = 15.0


@router.get("/live", response_class=HTMLResponse)
def live_index(request: Request, session: SessionDep, user: Viewer) -> HTMLResponse:
    return page(request, "live_index.html", to_web(user), streams=backend.recent_streams(session))


@router.get("/live/{stream_id}", response_class=HTMLResponse)
def live_page(request: Request, user: Viewer, stream_id: str) -> HTMLResponse:
    return page(request, "live.html", to_web(user), stream_id=stream_id)


def _snapshot(factory: sessionmaker[Session], stream_id: str) -> tuple[list[LiveLine], bool]:
    with factory() as session:
        return backend.live_lines(session, stream_id), backend.stream_ended(session, stream_id)


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def live_events(
    request: Request, factory: sessionmaker[Session], stream_id: str
) -> AsyncIterator[str]:
    sent: dict[str, tuple[str, tuple[tuple[int, int, str, str], ...]]] = {}
    idle = 0.0
    while not await request.is_disconnected():
        lines, ended = await asyncio.to_thread(_snapshot, factory, stream_id)
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
        idle = 0.0 if fresh else idle + POLL_S
        if idle >= KEEPALIVE_S:
            idle = 0.0
            yield ": keep-alive\n\n"
        await asyncio.sleep(POLL_S)


@router.get("/live/{stream_id}/events")
def live_stream(request: Request, user: Viewer, stream_id: str) -> StreamingResponse:
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    return StreamingResponse(
        live_events(request, factory, stream_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
