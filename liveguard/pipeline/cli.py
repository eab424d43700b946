"""Sub-commands that run several stages together; each lives in its own module."""

from __future__ import annotations

import typer

from liveguard.pipeline import demo_command, scan_command, serve_command, worker_command


def register(app: typer.Typer) -> None:
    scan_command.register(app)
    worker_command.register(app)
    demo_command.register(app)
    serve_command.register(app)
