"""The wheel is what users install: build it, install it beside the already-installed
dependencies (offline, nothing else is downloaded) and run the demo from it.

A checkout hides packaging mistakes (a stage left out of the wheel, package data missing, a
path found by ``__file__`` arithmetic into the repository), so this runs the installed code
from a folder outside the checkout and checks that it really is the wheel's code that ran.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.ports import free_port
from tests.support.waiting import HANG_GUARD_S

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "liveguard"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(out), str(REPO)],
        check=True,
        timeout=HANG_GUARD_S,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )  # fmt: skip
    (built,) = out.glob("liveguard-*.whl")
    return built


def _expected_files() -> set[str]:
    """Every module and data file of the source tree that the wheel must carry."""
    suffixes = {
        ".py",
        ".yaml",
        ".yml",
        ".json",
        ".html",
        ".css",
        ".js",
        ".opus",
        ".ini",
        ".mako",
        ".npz",
    }
    found = set()
    for path in SOURCE.rglob("*"):
        if path.is_file() and path.suffix in suffixes and "__pycache__" not in path.parts:
            found.add(path.relative_to(REPO).as_posix())
    return found


def test_wheel_carries_every_stage_and_its_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_expected_files() - names)
    assert missing == [], f"the wheel lacks {missing[:10]}"
    for stage in ("ingest", "transcribe", "rules", "alerts", "pipeline"):
        assert f"liveguard/{stage}/__init__.py" in names
    assert "liveguard/pipeline/data/demo_stream_zh.opus" in names
    assert {"liveguard/rules/heads/zh.npz", "liveguard/rules/heads/en.npz"} <= names


def test_the_installed_wheel_runs_the_demo(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
         "--target", str(target), str(wheel)],
        check=True,
        timeout=HANG_GUARD_S,
    )  # fmt: skip
    # PYTHONPATH puts the wheel's copy ahead of the editable install of the checkout; the
    # dependencies come from this interpreter's site-packages. cwd is outside the checkout.
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIVEGUARD_")}
    env.update(PYTHONPATH=str(target), LIVEGUARD_DATA_DIR=str(tmp_path / "data"))
    where = subprocess.run(
        [sys.executable, "-c", "import liveguard.pipeline.demo as d; print(d.find_demo_stream())"],
        capture_output=True, text=True, check=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert where.stdout.strip().startswith(str(target)), where.stdout
    port = free_port()
    demo = subprocess.run(
        [sys.executable, "-m", "liveguard", "demo", "--fast", "--exit-after-stream",
         "--max-seconds", "40", "--port", str(port), "--data-dir", str(tmp_path / "demo")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=HANG_GUARD_S, check=False,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stdout + demo.stderr
    done = re.search(r"(\d+) segments, (\d+) findings, (\d+) cases", demo.stdout)
    assert done is not None, demo.stdout
    segments, findings, _cases = (int(x) for x in done.groups())
    assert segments >= 3
    assert findings >= 1
