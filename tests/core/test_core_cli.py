"""The entry point a newcomer meets first."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from liveguard import __version__
from liveguard.cli import build_app


def test_version_and_help() -> None:
    runner = CliRunner()
    app = build_app()
    out = runner.invoke(app, ["--version"])
    assert out.exit_code == 0
    assert out.output.strip() == f"liveguard {__version__}"
    helped = runner.invoke(app, ["--help"])
    assert helped.exit_code == 0
    assert "liveguard check" in helped.output


def test_console_script_is_installed() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "liveguard", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert __version__ in out.stdout
