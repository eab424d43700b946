"""Keeps the service's start-up objects out of the garbage collector's full passes.

A full (oldest-generation) collection walks every tracked container in the process. In the
review service that is about 340,000 objects, 98 % of them made by imports (spaCy, FastAPI,
SQLAlchemy, pydantic) and never freed; one full pass took 115-170 ms of CPU on the shared
2-core box, 226-316 ms when it fell inside a pre-check request. That one pause is longer than
the rules-only pre-check's whole 100 ms budget. ``gc.freeze()`` moves the objects alive at
start-up to the permanent generation, so later full passes walk only what requests made
(docs/alerts.md, "Pre-check speed").
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def frozen_startup_heap() -> Iterator[None]:
    """Freezes the objects alive now for the life of the block, then hands them back.

    Only the first owner freezes: if something else in the process already froze (an embedding
    application before it forks, or a second app started in the same process), its freeze is
    left alone and never undone here. The collector is not run first: garbage alive at start-up
    is small, and it returns to the collector when the block ends."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
