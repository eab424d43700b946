"""The service keeps its start-up objects out of the collector's full passes while it runs
(liveguard.alerts.heap) and hands them back when it stops."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from liveguard.alerts.app import create_app
from liveguard.alerts.heap import frozen_startup_heap
from liveguard.settings import Settings


@pytest.fixture(autouse=True)
def _nothing_frozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def _seen_by_collector(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_running_service_freezes_what_lived_at_startup(
    sqlite_url: str, settings_for: Callable[..., Settings]
) -> None:
    app = create_app(settings_for(sqlite_url))
    alive_at_start = [object()]
    assert _seen_by_collector(alive_at_start)
    with TestClient(app) as client:
        assert gc.get_freeze_count() > 0
        assert not _seen_by_collector(alive_at_start)
        made_after_start = [object()]
        assert client.get("/api/health").status_code == 200
        assert _seen_by_collector(made_after_start)
    assert gc.get_freeze_count() == 0
    assert _seen_by_collector(alive_at_start)


def test_a_freeze_made_by_someone_else_is_never_undone() -> None:
    theirs = [object()]
    gc.freeze()
    with frozen_startup_heap():
        assert not _seen_by_collector(theirs)
    assert gc.get_freeze_count() > 0
    assert not _seen_by_collector(theirs)


def test_the_heap_is_handed_back_when_the_block_fails() -> None:
    counts: list[int] = []

    def fail() -> None:
        with frozen_startup_heap():
            counts.append(gc.get_freeze_count())
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        fail()
    assert counts[0] > 0
    assert gc.get_freeze_count() == 0
