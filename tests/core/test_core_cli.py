"""The entry point a newcomer meets first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from liveguard import __version__
from liveguard.cli import build_app
from liveguard.errors import LiveGuardError
from tests.support.waiting import HANG_GUARD_S


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


def _liveguard(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real entry point (``python -m liveguard``) the way a user's shell would."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LIVEGUARD_")}
    clean.update(LIVEGUARD_DATA_DIR=str(tmp_path / "data"), TMPDIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "liveguard", *args],
        capture_output=True,
        text=True,
        check=False,
        env=clean,
        timeout=HANG_GUARD_S,
    )


@pytest.mark.parametrize("command", [["serve"], ["topics", "create"]])
def test_configuration_error_is_one_line_and_exit_2(command: list[str], tmp_path: Path) -> None:
    """The placeholder secret outside ``local`` is refused with a message, not a traceback."""
    out = _liveguard(command, tmp_path, LIVEGUARD_ENVIRONMENT="production")
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: ")
    assert "LIVEGUARD_SECRET_KEY" in lines[0]


def test_input_errors_of_every_stage_map_to_exit_2(tmp_path: Path) -> None:
    """One mapping serves every stage's commands (rules, ingest, alerts), in process too."""
    runner = CliRunner()
    app = build_app()
    cases = [
        ["check", "--category", "no-such-category", "-"],
        ["catalog", "publish", str(tmp_path / "missing.yaml"), "--bootstrap", "127.0.0.1:1"],
    ]
    for args in cases:
        result = runner.invoke(app, args, input="")
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("error: "), (args, result.stderr)
        assert not isinstance(result.exception, LiveGuardError), result.exception


def test_no_command_prints_jieba_start_up_lines(tmp_path: Path) -> None:
    """jieba announces its dictionary on stderr at DEBUG; LiveGuard's commands stay quiet."""
    script = tmp_path / "script.txt"
    script.write_text("这款面霜全网最低价\n欢迎来到直播间\n", encoding="utf-8")
    quiet = _liveguard(["check", str(script)], tmp_path)  # TMPDIR: jieba builds its cache anew
    assert quiet.returncode == 1, quiet.stderr
    assert quiet.stderr == ""
    verbose = _liveguard(["-v", "check", str(script)], tmp_path)
    assert "jieba" not in verbose.stderr
    assert "prefix dict" not in verbose.stderr
