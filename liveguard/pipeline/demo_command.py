"""``liveguard demo``: the whole system on a bundled sample stream, in one process."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add this module's command to the root app."""

    @app.command("demo")
    def demo(
        source: Path | None = typer.Option(
            None, "--source", help="Media file to play instead of the bundled Chinese stream."
        ),
        data_dir: Path | None = typer.Option(
            None, "--data-dir", help="Demo database and clips (default: <data dir>/demo)."
        ),
        host: str | None = typer.Option(
            None, "--host", help="Listen address (LIVEGUARD_API_HOST)."
        ),
        port: int | None = typer.Option(None, "--port", help="Port (LIVEGUARD_API_PORT)."),
        fast: bool = typer.Option(False, "--fast", help="Process as fast as possible, no pacing."),
        exit_after_stream: bool = typer.Option(
            False, "--exit-after-stream", help="Stop the service when the stream ends."
        ),
        max_seconds: float | None = typer.Option(
            None, "--max-seconds", help="End the stream after this much audio."
        ),
        reset: bool = typer.Option(False, "--reset", help="Start from an empty demo database."),
    ) -> None:
        """Play a sample live stream through the whole pipeline and open the review pages.

        Starts the web service, creates demo users (printed with their passwords and tokens)
        and plays the stream in real time: cases appear in the queue and the live view.
        """
        from liveguard.pipeline.demo import DemoOptions, run_demo

        options = DemoOptions(
            source=source,
            data_dir=data_dir,
            host=host,
            port=port,
            fast=fast,
            exit_after_stream=exit_after_stream,
            max_seconds=max_seconds,
            reset=reset,
        )
        result = run_demo(options, echo=lambda line: typer.echo(line))
        if result.cases_new == 0 and result.findings == 0:
            typer.echo("warning: the stream produced no findings", err=True)
