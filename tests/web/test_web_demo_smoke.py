"""Smoke test of ``liveguard demo``: the real command, real Whisper and rules, on the whole
bundled stream (no pacing); the pages answer while it runs, and afterwards its database holds
the cases, among them what the 2026 rules ask for: a stated price basis, a sales claim that
needs evidence, and the host's correction of the contradicted price."""

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
    live = "stream_id != 'demo-earlier'"  # the seeded earlier stream has its own cases
    with engine.connect() as conn:
        stored = conn.execute(text(f"select count(*) from cases where {live}")).scalar_one()
        clips = conn.execute(
            text(f"select count(*) from findings where clip_uri is not null and {live}")
        ).scalar_one()
        by_rule: dict[str, str] = {
            str(r): str(e) for r, e in conn.execute(text("select rule_id, evidence from cases"))
        }
        corrected = (
            conn.execute(text("select rule_id from cases where correction_status = 'corrected'"))
            .scalars()
            .all()
        )
        correction_clips = conn.execute(
            text("select count(*) from corrections where clip_uri is not null")
        ).scalar_one()
        host_credit = conn.execute(
            text("select score from credit_scores where party_type = 'host'")
        ).scalar_one()
        stamped = conn.execute(
            text(f"select min(host_credit) from cases where {live}")
        ).scalar_one()
        receipts = conn.execute(text("select count(*) from precheck_submissions")).scalar_one()
    engine.dispose()
    assert stored == cases >= 8  # 9 on the machine the demo was made on
    assert clips >= 1
    assert by_rule.get("ZH-PRI-REFERENCE-BASIS") == "wording"
    assert by_rule.get("ZH-EFF-SALES-HONOUR") == "evidence_required"
    assert corrected == ["ZH-PRI-CONTRADICTION"]
    assert correction_clips >= 1
    # credit is visible on demo data: the seeded history lowered the host's credit, and the
    # live stream's cases carry it into the queue
    assert host_credit < 100
    assert stamped == host_credit
    assert receipts == 1
    assert re.search(r"credit of host host-demo \d", out), out
