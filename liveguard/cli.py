"""The ``liveguard`` command: one entry point, each stage contributes its own sub-commands.

Every stage has a ``cli`` module with ``register(app)``; heavy imports (models, spaCy, the
database) happen inside the commands, so ``liveguard --help`` answers instantly.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

import typer
from typer.core import TyperGroup

from liveguard import __version__
from liveguard.errors import LiveGuardError

STAGE_CLIS = (
    "liveguard.rules.cli",
    "liveguard.pipeline.cli",
    "liveguard.ingest.cli",
    "liveguard.alerts.cli",
)

HELP = """LiveGuard watches live-commerce streams for advertising and pricing violations.

\b
Start here:
  liveguard check script.txt        pre-check a sales script (text) against the rule packs
  liveguard scan stream.flac        transcribe a recording and check what was said
  liveguard serve                   run the review service (moderators, regulators, merchants)
  liveguard demo                    the whole pipeline on a bundled sample stream

Settings come from LIVEGUARD_* environment variables (see README, "Configuration").
"""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"liveguard {__version__}")
        raise typer.Exit()


class LiveGuardGroup(TyperGroup):
    """The one place where a deliberate LiveGuard error becomes a one-line message and exit 2.

    Commands raise :class:`LiveGuardError` subclasses and never print or exit for them, so the
    promise "no traceback for a user's mistake" holds for every command, including those added
    later, and for tests that drive the app through typer's CliRunner.
    """

    def invoke(self, ctx: Any) -> Any:  # typer vendors click: its Context type is private
        try:
            return super().invoke(ctx)
        except LiveGuardError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_USAGE) from None


EXIT_USAGE = 2
"""Exit status for a usage, input or configuration error (1 means "findings", by convention)."""


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="liveguard",
        cls=LiveGuardGroup,
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress to stderr."),
    ) -> None:
        logging.basicConfig(
            level=logging.INFO if verbose else logging.WARNING,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )

    for module_name in STAGE_CLIS:
        module = importlib.import_module(module_name)
        module.register(app)
    return app


def main() -> None:
    build_app()()
