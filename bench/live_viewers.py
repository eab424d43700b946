"""Open live views (SSE) against the API's latency: 100 viewers must leave its p95 unchanged.

    .venv/bin/python bench/live_viewers.py [--viewers 100] [--requests 300] [--postgres URL]
                                           [--out FILE]

A real uvicorn server (the app of ``liveguard serve``) on SQLite, and on PostgreSQL when a URL
is given (rows get unique names, so a scratch database of the developer's may be reused).
Three phases, in the same process, each ``--requests`` sequential ``GET /api/cases`` with a
token: no viewers (the baseline), N idle viewers, and N viewers while ingestion pushes a line
to their stream every 0.2 s. Reported: p50/p95 in ms, the ratio of each p95 to the baseline,
pooled connections checked out while the viewers idle, and lines each viewer received.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

from liveguard.alerts.app import create_app
from liveguard.alerts.crud import sessions, users
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.security import SESSION_COOKIE, make_session_cookie
from liveguard.contracts import Segment, SegmentEvent, StreamEnded, StreamMeta, StreamStarted
from liveguard.pipeline.demo import ApiServer
from liveguard.settings import load_settings


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def segment(meta: StreamMeta, seq: int) -> SegmentEvent:
    return SegmentEvent(
        stream=meta,
        segment=Segment(
            stream_id=meta.stream_id,
            utterance_id=f"{meta.stream_id}:{seq}",
            seq_start=seq,
            seq_end=seq,
            text=f"第{seq}句：这款面霜今天只要九十九元。",
            t_start=seq * 4.0,
            t_end=seq * 4.0 + 3.5,
        ),
    )


class Viewer(threading.Thread):
    def __init__(self, url: str, cookie: str) -> None:
        super().__init__(daemon=True)
        self.url, self.cookie = url, cookie
        self.lines = 0
        self.ready = threading.Event()

    def run(self) -> None:
        with (
            httpx.Client(cookies={SESSION_COOKIE: self.cookie}, timeout=600) as client,
            client.stream("GET", self.url) as response,
        ):
            for line in response.iter_lines():
                if line.startswith("event: line"):
                    self.lines += 1
                    self.ready.set()
                elif line.startswith("event: end"):
                    break
        self.ready.set()


def latencies(base: str, token: str, n: int) -> list[float]:
    out = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        client.get("/api/cases")
        for _ in range(n):
            start = time.perf_counter()
            r = client.get("/api/cases", params={"limit": 50})
            out.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200, r.text
    return out


def run(url: str, label: str, viewers: int, requests: int, data_dir: Path) -> list[str]:
    settings = load_settings(database_url=url, data_dir=data_dir, secret_key="bench-secret")
    app = create_app(settings)
    tag = uuid.uuid4().hex[:8]
    meta = StreamMeta(stream_id=f"bench-live-{tag}", host_id="h", merchant_id="m")
    with app.state.sessionmaker() as s:
        user = users.create_user(s, f"bench-mod-{tag}", "moderator")
        _, token = users.create_token(s, user, "bench")
        cookie = make_session_cookie(sessions.open_session(s, user, 3600), settings)
        s.commit()
        ingest_events(
            s,
            [
                StreamStarted(stream=meta, at=datetime.now(UTC)),
                *(segment(meta, i) for i in range(50)),
            ],
            settings,
        )
    port = free_port()
    server = ApiServer(app, "127.0.0.1", port)
    server.start()
    base = f"http://127.0.0.1:{port}"
    rows: list[str] = []
    try:
        baseline = latencies(base, token, requests)
        tabs = [Viewer(f"{base}/ui/live/{meta.stream_id}/events", cookie) for _ in range(viewers)]
        for tab in tabs:
            tab.start()
        for tab in tabs:
            tab.ready.wait(120)
        held = app.state.engine.pool.checkedout()
        idle = latencies(base, token, requests)
        stop = threading.Event()

        def feed() -> None:
            seq = 50
            with app.state.sessionmaker() as s:
                while not stop.wait(0.2):
                    ingest_events(s, [segment(meta, seq)], settings)
                    seq += 1

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        busy = latencies(base, token, requests)
        stop.set()
        feeder.join()
        with app.state.sessionmaker() as s:
            ingest_events(s, [StreamEnded(stream=meta, at=datetime.now(UTC))], settings)
        for tab in tabs:
            tab.join(60)
        received = sorted(t.lines for t in tabs)
        base95 = p(baseline, 0.95)
        for name, values in (
            ("no viewers (baseline)", baseline),
            (f"{viewers} idle viewers", idle),
            (f"{viewers} viewers, a line every 0.2 s", busy),
        ):
            rows.append(
                f"| {label} | {name} | {p(values, 0.5):.1f} | {p(values, 0.95):.1f} "
                f"| {p(values, 0.95) / base95:.2f} |"
            )
        rows.append(
            f"| {label} | connections held by {viewers} idle viewers: {held}; lines per viewer "
            f"min {received[0]}, max {received[-1]} | | | |"
        )
    finally:
        server.stop()
        app.state.engine.dispose()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=100)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL (rows are left there)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    load = os.getloadavg()
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += run(f"sqlite:///{tmp}/live.db", "SQLite", args.viewers, args.requests, Path(tmp))
        if args.postgres:
            rows += run(args.postgres, "PostgreSQL", args.viewers, args.requests, Path(tmp))
    report = "\n".join(
        [
            f"GET /api/cases (50 per page), {args.requests} sequential requests per phase, through "
            "a real uvicorn server; times in ms. Goal: p95 with 100 viewers ≈ baseline.",
            "",
            f"Load average when it started: {load[0]:.1f} (1 min) on {os.cpu_count()} cores.",
            "",
            "| database | phase | p50 | p95 | p95 / baseline |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
