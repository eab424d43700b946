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


def test_help_does_not_load_models_or_nlp() -> None:
    """``liveguard --help`` builds every stage's commands; none may load spaCy or Whisper."""
    probe = (
        "import sys; from liveguard.cli import build_app; build_app(); "
        "print(sorted(m for m in ('spacy', 'jieba', 'faster_whisper', 'ctranslate2', 'sqlalchemy')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
