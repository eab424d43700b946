"""Smoke test of ``liveguard demo``: the real command, real Whisper and rules, on the bundled
stream (capped at its first 50 s, no pacing); the pages answer while it runs and cases exist
in its database afterwards."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.ports import free_port
from tests.support.waiting import HANG_GUARD_S

pytestmark = pytest.mark.slow

LIVEGUARD = Path(sys.executable).with_name("liveguard")


def test_demo_plays_stream_and_creates_cases(tmp_path: Path):
    port = free_port()
    data = tmp_path / "demo"
    cmd = [
        str(LIVEGUARD),
        "demo",
        "--fast",
        "--exit-after-stream",
        "--max-seconds",
        "50",
        "--port",
        str(port),
        "--data-dir",
        str(data),
    ]
    lines: list[str] = []
    login_status = None
    deadline = time.monotonic() + HANG_GUARD_S
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(os.environ)
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if login_status is None and "demo is running" in line:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/ui/login", timeout=HANG_GUARD_S
                ) as r:
                    login_status = r.status
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("hang guard: the demo is still running:\n" + "".join(lines))
        assert proc.wait(timeout=HANG_GUARD_S) == 0, "".join(lines)
    out = "".join(lines)
    assert login_status == 200
    assert re.search(r"moderator\s+demo-moderator\s+\S+\s+lg_", out), out
    done = re.search(r"(\d+) segments, (\d+) findings, (\d+) cases", out)
    assert done is not None, out
    segments, findings, cases = (int(x) for x in done.groups())
    assert segments >= 5
    assert findings >= 1
    engine = create_engine(f"sqlite:///{data / 'liveguard.db'}")
    with engine.connect() as conn:
        stored = conn.execute(text("select count(*) from cases")).scalar_one()
        clips = conn.execute(
            text("select count(*) from findings where clip_uri is not null")
        ).scalar_one()
    engine.dispose()
    assert stored == cases >= 1
    assert clips >= 1
