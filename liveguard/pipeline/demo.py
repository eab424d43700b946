"""The embedded demo: the whole pipeline in one process, no Kafka, so a newcomer sees it work.

One process runs the alerts service (uvicorn, in a thread) and plays a bundled Chinese live
stream through the same stages a worker runs: ``read_media`` → ``StreamProcessor`` (VAD cut,
Whisper, rule checking, clips on disk) → the alerts ingestion, called in process instead of via
Kafka topics. Cases therefore appear in the queue and the live view while the stream plays.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from liveguard.contracts import AudioChunk, StreamMeta
from liveguard.errors import ConfigError, InputError
from liveguard.pipeline.demo_history import seed_history
from liveguard.settings import Settings, load_settings

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)

DEMO_STREAM = "demo_stream_zh.opus"
"""Package data of ``liveguard.pipeline`` (folder ``data/``), so an installed wheel can run the
demo; ``scripts/make_fixtures.py`` regenerates it together with its ground truth (``.json``)."""
DEMO_MERCHANT = "m-demo"
DEMO_HOST = "host-demo"
DEMO_USERS = (
    ("demo-moderator", "moderator", None),
    ("demo-regulator", "regulator", None),
    ("demo-merchant", "merchant", DEMO_MERCHANT),
)
BATCH_CHUNKS_FAST = 8
"""Chunks handed to the processor at once without pacing: lets Whisper batch utterances."""


@dataclass(frozen=True)
class Credential:
    username: str
    role: str
    password: str
    token: str


@dataclass
class DemoOptions:
    source: Path | None = None
    data_dir: Path | None = None
    host: str | None = None
    port: int | None = None
    fast: bool = False
    exit_after_stream: bool = False
    max_seconds: float | None = None
    reset: bool = False


@dataclass
class DemoResult:
    url: str
    stream_id: str
    chunks: int = 0
    segments: int = 0
    findings: int = 0
    cases_new: int = 0
    audio_s: float = 0.0
    wall_s: float = 0.0
    credentials: list[Credential] = field(default_factory=list)


def find_demo_stream() -> Path:
    """The bundled sample stream, read through importlib.resources (no path arithmetic)."""
    resource = resources.files("liveguard.pipeline") / "data" / DEMO_STREAM
    if not resource.is_file():
        raise InputError(
            f"the bundled demo stream {DEMO_STREAM} is missing from this installation; "
            "pass --source FILE"
        )
    # A wheel installs plain files, so the resource is a real path; as_file() would return a
    # temporary copy that is deleted when its context ends, while the demo reads it later.
    return Path(str(resource))


def demo_settings(options: DemoOptions) -> Settings:
    """Settings for the demo: its own data folder (SQLite + clips), unless the user says else."""
    base = load_settings()
    data_dir = options.data_dir or (base.data_dir / "demo")
    if options.reset and data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    overrides: dict[str, object] = {"data_dir": data_dir}
    if options.host:
        overrides["api_host"] = options.host
    if options.port:
        overrides["api_port"] = options.port
    if not base.database_url:
        overrides["database_url"] = f"sqlite:///{data_dir / 'liveguard.db'}"
    if not base.clip_store:
        overrides["clip_store"] = str(data_dir / "clips")
    return load_settings(**overrides)


def ensure_demo_users(factory: sessionmaker[Session]) -> list[Credential]:
    """Demo users with a fresh password and token on every run (printed once, never stored)."""
    from liveguard.alerts.crud import users

    out: list[Credential] = []
    with factory() as session:
        for name, role, merchant in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            user = users.get_user(session, name)
            if user is None:
                user = users.create_user(
                    session, name, role, merchant_id=merchant, password=password
                )
            else:
                users.set_password(session, user, password)
            _, token = users.create_token(session, user, "demo")
            out.append(Credential(name, role, password, token))
        session.commit()
    return out


class ApiServer:
    """uvicorn in a background thread, so the stream plays in the main thread."""

    def __init__(self, app: FastAPI, host: str, port: int) -> None:
        import uvicorn

        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            lifespan="on",
            timeout_graceful_shutdown=3,  # open live views (SSE) must not hold up the exit
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="liveguard-api", daemon=True)

    def start(self, timeout: float = 20.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ConfigError("the web server did not start (is the port in use?)")
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def play_stream(
    settings: Settings,
    factory: sessionmaker[Session],
    source: Path,
    meta: StreamMeta,
    *,
    realtime: bool,
    max_seconds: float | None,
    result: DemoResult,
    on_progress: Callable[[DemoResult], None] | None = None,
) -> None:
    """Play ``source`` through the processor and store every event as soon as it exists."""
    from liveguard.alerts.ingestion import ingest_events
    from liveguard.ingest.media import read_media
    from liveguard.pipeline.local import MemorySink, drive
    from liveguard.pipeline.worker_components import build_processor, real_components

    # The same components and processor the Kafka worker runs; only the transport differs.
    processor = build_processor(real_components(settings), settings)
    sink = MemorySink()

    def played(chunks: Iterator[AudioChunk]) -> Iterator[AudioChunk]:
        for chunk in chunks:
            if max_seconds is not None and result.audio_s >= max_seconds:
                chunk = chunk.model_copy(update={"end_of_stream": True})
            result.chunks += 1
            result.audio_s += chunk.duration
            yield chunk

    chunks = read_media(source, meta, chunk_seconds=settings.chunk_seconds, realtime=realtime)
    size = 1 if realtime else BATCH_CHUNKS_FAST
    for _ in drive(processor, played(chunks), sink, batch_chunks=size):
        events = sink.take()
        if not events:
            continue
        with factory() as session:
            outcome = ingest_events(session, events, settings)
        result.segments += outcome.segments
        result.findings += outcome.findings_new
        result.cases_new += outcome.cases_new
        if on_progress is not None:
            on_progress(result)


def run_demo(
    options: DemoOptions,
    echo: Callable[[str], None] = print,
    wait: Callable[[], None] | None = None,
) -> DemoResult:
    from liveguard.alerts.app import create_app
    from liveguard.pipeline.recording import recording_text

    settings = demo_settings(options)
    source = options.source or find_demo_stream()
    if not port_free(settings.api_host, settings.api_port):
        raise ConfigError(
            f"port {settings.api_port} on {settings.api_host} is in use; pass --port or set "
            "LIVEGUARD_API_PORT"
        )
    app = create_app(settings, recording_text=recording_text)
    factory: sessionmaker[Session] = app.state.sessionmaker
    credentials = ensure_demo_users(factory)
    history = seed_history(
        factory,
        settings,
        host_id=DEMO_HOST,
        merchant_id=DEMO_MERCHANT,
        moderator="demo-moderator",
        merchant_user="demo-merchant",
        now=datetime.now(UTC),
    )
    stream_id = "demo-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    url = f"http://{settings.api_host}:{settings.api_port}"
    result = DemoResult(url=url, stream_id=stream_id, credentials=credentials)
    server = ApiServer(app, settings.api_host, settings.api_port)
    server.start()
    echo(f"LiveGuard demo is running: {url}/ui/   (API docs: {url}/docs)")
    echo(f"Data (SQLite + clips): {settings.data_dir}")
    echo("Sign in with one of these (user / password / API token):")
    for c in credentials:
        echo(f"  {c.role:<10} {c.username:<16} {c.password:<14} {c.token}")
    echo(f"Live view of the stream: {url}/ui/live/{stream_id}")
    if history is not None:
        echo(
            f"Seeded an earlier reviewed stream ({history.confirmed} confirmed cases): credit of "
            f"host {DEMO_HOST} {history.host_credit}, merchant {DEMO_MERCHANT} "
            f"{history.merchant_credit} ({url}/ui/credit/host/{DEMO_HOST}); pre-check receipt "
            f"#{history.receipt_id} ({url}/ui/receipts/{history.receipt_id})."
        )
    echo(f"Pre-check vs live for this stream: {url}/ui/streams/{stream_id}/precheck")
    echo(f"Playing {source.name} {'as fast as possible' if options.fast else 'in real time'}…")
    meta = StreamMeta(
        stream_id=stream_id,
        platform_id="demo",
        room_id="room-1",
        host_id=DEMO_HOST,
        merchant_id=DEMO_MERCHANT,
    )
    started = time.monotonic()
    try:
        play_stream(
            settings,
            factory,
            source,
            meta,
            realtime=not options.fast,
            max_seconds=options.max_seconds,
            result=result,
            on_progress=lambda r: echo(
                f"  t={r.audio_s:6.1f}s  segments={r.segments}  findings={r.findings}  "
                f"new cases={r.cases_new}"
            ),
        )
        result.wall_s = time.monotonic() - started
        echo(
            f"Stream finished: {result.audio_s:.1f} s of audio in {result.wall_s:.1f} s, "
            f"{result.segments} segments, {result.findings} findings, {result.cases_new} cases."
        )
        if not options.exit_after_stream:
            echo("The service keeps running; press Ctrl-C to stop.")
            (wait or _wait_forever)()
    finally:
        server.stop()
    return result


def _wait_forever() -> None:
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return
