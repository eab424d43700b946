"""Live views (SSE) hold no database connection between events and are pushed as ingestion
stores lines, so many open viewers cannot starve the API of connections."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.security import SESSION_COOKIE

VIEWERS = 12


@pytest.fixture
def live_server(db_url, settings_for, sign_in) -> Iterator[tuple[str, Any, str]]:
    from tests.alerts.conftest import make_api
    from tests.conftest import served

    gen = make_api(settings_for(db_url, live_poll_s=3600.0))
    api = next(gen)
    app = api.client.app
    assert isinstance(app, FastAPI)
    cookie = sign_in(app, "moderator").cookies.get(SESSION_COOKIE)
    assert cookie
    try:
        with served(app) as base:
            yield base, app, cookie
    finally:
        for _ in gen:
            pass


class Viewer(threading.Thread):
    """One browser tab on the live page: records the utterance ids it is sent."""

    def __init__(self, base: str, cookie: str, stream_id: str) -> None:
        super().__init__(daemon=True)
        self.url = f"{base}/ui/live/{stream_id}/events"
        self.cookie = cookie
        self.seen: list[str] = []
        self.status = 0
        self.changed = threading.Condition()
        self.ended = False

    def run(self) -> None:
        with (
            httpx.Client(cookies={SESSION_COOKIE: self.cookie}, timeout=120) as client,
            client.stream("GET", self.url) as response,
        ):
            self.status = response.status_code
            event = ""
            for line in response.iter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "line":
                    import json

                    with self.changed:
                        self.seen.append(json.loads(line[6:])["utterance_id"])
                        self.changed.notify_all()
                elif line.startswith("data: ") and event == "end":
                    break
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def wait_for(self, utterance_id: str, timeout: float = 60.0) -> bool:
        with self.changed:
            return (
                self.changed.wait_for(
                    lambda: utterance_id in self.seen or self.ended, timeout=timeout
                )
                and utterance_id in self.seen
            )


def test_open_live_views_hold_no_connection_and_are_pushed(live_server, events):
    base, app, cookie = live_server
    settings = app.state.settings
    with app.state.sessionmaker() as s:
        ingest_events(s, [events.started("s-live"), events.segment("s-live", 0, "欢迎")], settings)
    viewers = [Viewer(base, cookie, "s-live") for _ in range(VIEWERS)]
    for v in viewers:
        v.start()
    assert all(v.wait_for("s-live:0") for v in viewers), [v.status for v in viewers]
    # every viewer is connected and idle: none of them may keep a pooled connection
    assert app.state.engine.pool.checkedout() == 0
    token = {"Authorization": "Bearer " + _token(app, "moderator")}
    assert httpx.get(f"{base}/api/cases", headers=token, timeout=30).status_code == 200
    # a new line reaches every viewer because ingestion announced it (the fallback poll is 1 h)
    with app.state.sessionmaker() as s:
        ingest_events(s, [events.segment("s-live", 1, "新的一句")], settings)
    assert all(v.wait_for("s-live:1") for v in viewers)
    assert app.state.engine.pool.checkedout() == 0
    from liveguard.contracts import StreamEnded

    with app.state.sessionmaker() as s:
        ended = StreamEnded(stream=events.meta("s-live"), at=events.t0)
        ingest_events(s, [ended], settings)
    for v in viewers:
        v.join(timeout=60)
    assert not any(v.is_alive() for v in viewers)


def _token(app: Any, username: str) -> str:
    from liveguard.alerts.crud import users

    with app.state.sessionmaker() as s:
        user = users.get_user(s, username)
        assert user is not None
        _, clear = users.create_token(s, user, "live-test")
        s.commit()
    return clear
