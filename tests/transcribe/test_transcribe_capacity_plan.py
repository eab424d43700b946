"""bench/asr.py reports the real knee: after the first stream count that misses the latency
goal it halves the gap below it until the largest count that holds and the smallest that
misses are neighbours, and never runs a count twice."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bench.asr import between, find_knee, held_goals

GROWTH = [1, 2, 4, 8, 12, 16]


def _box(capacity: int, tried: list[int]) -> Callable[[int], bool]:
    """A box that holds up to ``capacity`` streams, noting each count it is asked to run."""

    def run(n: int) -> bool:
        tried.append(n)
        return n <= capacity

    return run


@pytest.mark.parametrize("capacity", [2, 3, 4, 5, 6, 7, 9, 11, 13])
def test_the_knee_is_found_between_the_doubling_steps(capacity: int) -> None:
    tried: list[int] = []
    results = find_knee(GROWTH, _box(capacity, tried))
    assert max(n for n, ok in results.items() if ok) == capacity
    assert min(n for n, ok in results.items() if not ok) == capacity + 1
    assert len(tried) == len(set(tried))  # no count is run twice


def test_a_single_stream_missing_is_not_run_again() -> None:
    tried: list[int] = []
    find_knee(GROWTH, _box(0, tried))
    assert tried == [1, 2]


def test_a_box_that_holds_everything_tries_every_count_once() -> None:
    tried: list[int] = []
    find_knee(GROWTH, _box(100, tried))
    assert tried == GROWTH


def test_nothing_to_halve_before_a_miss() -> None:
    assert between({1: True, 2: True, 4: True}) is None
    assert between({1: True, 2: True, 4: False}) == 3
    assert between({4: True, 8: False, 6: False}) == 5


def test_a_run_holds_only_when_both_latencies_meet_the_goal() -> None:
    assert held_goals({"p95_finding": 2.9, "p95_segment": 3.0})
    assert not held_goals({"p95_finding": 2.9, "p95_segment": 3.1})
    assert not held_goals({"p95_finding": 3.2, "p95_segment": 1.0})
