"""Private databases on the test PostgreSQL server, for tests and benchmarks.

The server is the project's own (scripts/postgres.sh); ``LIVEGUARD_TEST_POSTGRES_URL`` names a
running one and skips the start. Each caller gets a database of its own, so runs never see each
other's rows, and drops it afterwards.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests.support.waiting import HANG_GUARD_S, wait_until

REPO = Path(__file__).resolve().parents[2]


def server_url() -> str:
    """A URL on the running test server (started by scripts/postgres.sh when not given)."""
    url = os.environ.get("LIVEGUARD_TEST_POSTGRES_URL")
    if url:
        return url
    out = subprocess.run(
        ["bash", str(REPO / "scripts" / "postgres.sh"), "start"],
        check=True,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )
    return out.stdout.strip().splitlines()[-1]


def create_database(server: str, prefix: str) -> str:
    """A new empty database ``<prefix>_<random>`` on ``server``; returns its URL."""
    admin_url = make_url(server)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return admin_url.set(database=name).render_as_string(hide_password=False)


def drop_database(server: str, url: str) -> None:
    """Drop the database ``url`` names, connected through ``server``. Plain DROP (not FORCE)
    also ends autovacuum workers, which FORCE may not signal; while a session is still leaving,
    the DROP is retried."""
    name = make_url(url).database
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")

    def dropped() -> bool:
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        except OperationalError:
            return False
        return True

    try:
        wait_until(dropped, f"the last session on {name} to end", interval=0.5)
    finally:
        admin.dispose()
