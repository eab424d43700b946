"""``scripts/demo-kafka.sh`` (``make demo-kafka``) end to end on the test broker: publish a short
Chinese stream, a separate worker process transcribes and checks it, the alerts consumer stores
it, and the script reports the cases it finds in the database."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.ports import free_port
from tests.support.waiting import HANG_GUARD_S

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def test_demo_kafka_script_processes_stream_through_broker(kafka_broker, fresh_topic, tmp_path):
    env = dict(kafka_broker.env)
    env.update(
        LIVEGUARD_BIN=str(Path(sys.executable).parent),
        LIVEGUARD_KAFKA_PORT=str(kafka_broker.port),
        LIVEGUARD_KAFKA_RUN_DIR=str(kafka_broker.run_dir),
        LIVEGUARD_TOPIC_PREFIX=f"{fresh_topic}.",
        LIVEGUARD_API_PORT=str(free_port()),
        LIVEGUARD_DEMO_SOURCE=str(REPO / "tests/fixtures/audio/zh_violations.opus"),
        LIVEGUARD_DEMO_RUN_DIR=str(tmp_path / "run"),
        LIVEGUARD_DEMO_WORKERS="1",
        LIVEGUARD_DEMO_FAST="1",
        LIVEGUARD_DEMO_EXIT="1",
    )
    env.pop("LIVEGUARD_DATA_DIR", None)
    # its own process group, so a hung run is stopped with everything it started
    with subprocess.Popen(
        ["bash", str(REPO / "scripts/demo-kafka.sh")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, _ = proc.communicate(timeout=HANG_GUARD_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            out, _ = proc.communicate(timeout=60)
            pytest.fail(
                f"hang guard: demo-kafka.sh still running after {HANG_GUARD_S:.0f} s:\n" + out
            )
    done = proc
    assert done.returncode == 0, out
    found = re.search(r"demo-kafka: (\d+) segments, (\d+) cases", out)
    assert found is not None, out
    assert int(found.group(1)) >= 2
    assert int(found.group(2)) >= 1
    assert "Sign in with user + token" in out
    # the script stopped what it started and left the shared test broker running
    status = subprocess.run(
        ["bash", str(REPO / "scripts/kafka.sh"), "status"], env=kafka_broker.env, check=False
    )
    assert status.returncode == 0
