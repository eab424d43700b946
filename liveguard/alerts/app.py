"""The FastAPI application factory: storage, security, errors, routes, then the web pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from liveguard import __version__
from liveguard.alerts import docs, problems
from liveguard.alerts.db import open_database
from liveguard.alerts.headers import SecurityHeaders
from liveguard.alerts.heap import frozen_startup_heap
from liveguard.alerts.limits import BodySizeLimit, LoginGuard, RateLimiter
from liveguard.alerts.precheck import RecordingText
from liveguard.alerts.webhooks import start_dispatcher
from liveguard.settings import Settings, get_settings

logger = logging.getLogger(__name__)

DESCRIPTION = """LiveGuard review service: the moderators' violation queue with evidence clips,
the blacklist, regulators' reports and merchants' script pre-check.

Authenticate with `Authorization: Bearer <token>` (tokens: `liveguard token create`) or the
`lg_session` cookie set by the sign-in page. Errors are `application/problem+json`."""


def create_app(
    settings: Settings | None = None, *, recording_text: RecordingText | None = None
) -> FastAPI:
    """Build the service; migrates the database before the first request.

    ``recording_text``: how a rehearsal recording becomes text (the pipeline's
    ``recording_text``; ``liveguard serve`` and the demo pass it). Without it a recording
    upload answers 503, text and documents still work."""
    from liveguard.alerts import web
    from liveguard.alerts.routes import api_router

    settings = settings or get_settings()
    engine, factory = open_database(settings.resolved_database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # the embedded mode ingests in this process, so its webhooks are sent from here too
        stop = start_dispatcher(factory, settings)[1] if settings.webhook_url else None
        with frozen_startup_heap():
            yield
        if stop is not None:
            stop.set()
        engine.dispose()

    app = FastAPI(
        title="LiveGuard",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.recording_text = recording_text
    app.state.engine = engine
    app.state.sessionmaker = factory
    app.state.precheck_limiter = RateLimiter(settings.precheck_per_minute)
    app.state.login_guard = LoginGuard(settings.login_max_failures, settings.login_lockout_s)
    app.state.login_limiter = RateLimiter(settings.login_per_minute)
    problems.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    app.include_router(api_router)
    docs.mount(app)
    web.mount(app)
    return app
