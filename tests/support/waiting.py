"""Waiting on events, not on the clock.

A test that allows "90 s" for something fails when the machine is busy, and a generous fixed
sleep makes every run slow. So tests wait for the thing itself (a message on a topic, a log
line, a thread's end) and keep only one ceiling, :data:`HANG_GUARD_S`, that exists to turn a
hang into a readable failure: far above any honest duration on a loaded two-core machine and
below pytest-timeout's per-test limit (600 s in pyproject.toml), so the message names what was
awaited.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

HANG_GUARD_S = 420.0
"""The only time limit a test waits against: a hang guard, never a performance expectation."""

T = TypeVar("T")


def wait_until(
    condition: Callable[[], T],
    what: str | Callable[[], str],
    *,
    poll: Callable[[], object] | None = None,
    interval: float = 0.05,
    ceiling: float = HANG_GUARD_S,
) -> T:
    """Return the first truthy ``condition()``; between checks call ``poll`` (which blocks for
    its own short while, e.g. a Kafka poll) or sleep ``interval``. ``what`` names the awaited
    event in the hang-guard failure (a callable is asked then, to report what was seen)."""
    deadline = time.monotonic() + ceiling
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"hang guard: still waiting after {ceiling:.0f} s for {said}")
        if poll is not None:
            poll()
        else:
            time.sleep(interval)


def join(thread: threading.Thread, what: str, ceiling: float = HANG_GUARD_S) -> None:
    """Join a thread that has been asked to finish; fail (not hang) if it never does."""
    thread.join(ceiling)
    if thread.is_alive():
        raise AssertionError(f"hang guard: {what} still running after {ceiling:.0f} s")
