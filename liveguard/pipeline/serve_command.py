"""``liveguard serve``: the review service, built with the speech pipeline for recordings.

The command lives above the stages because it composes two of them: the alerts service and the
pipeline's ``recording_text`` (a rehearsal recording heard through the stream processor).
"""

from __future__ import annotations

import logging

import typer

logger = logging.getLogger(__name__)


def serve(
    host: str = typer.Option(None, help="Default: LIVEGUARD_API_HOST."),
    port: int = typer.Option(None, help="Default: LIVEGUARD_API_PORT."),
) -> None:
    """Run the review service (API at /api, OpenAPI docs at /docs)."""
    import uvicorn

    from liveguard.alerts.app import create_app
    from liveguard.errors import ConfigError
    from liveguard.settings import PLACEHOLDER_SECRET, get_settings

    settings = get_settings()
    host = host or settings.api_host
    if settings.secret_key.get_secret_value() == PLACEHOLDER_SECRET:
        # Only reachable in the local environment: the settings refuse it everywhere else.
        if not _is_loopback(host):
            raise ConfigError(
                f"LIVEGUARD_SECRET_KEY is the placeholder, so anyone could forge its signatures; "
                f"refusing to listen on {host}. Set a real secret or listen on 127.0.0.1."
            )
        logger.warning(
            "*** LIVEGUARD_SECRET_KEY is the placeholder %r: sessions and CSRF tokens are "
            "signed with a public key. Listening on %s only; set a real secret before "
            "exposing the service. ***",
            PLACEHOLDER_SECRET,
            host,
        )
    from liveguard.pipeline.recording import recording_text

    app = create_app(settings, recording_text=recording_text)
    uvicorn.run(app, host=host, port=port or settings.api_port)


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the root app."""
    app.command("serve")(serve)
