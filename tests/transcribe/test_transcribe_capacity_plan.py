"""bench/asr.py reports the real knee: after the first stream count that misses the latency
goal it halves the gap below it until the largest count that holds and the smallest that
misses are neighbours, and never runs a count twice."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bench.asr import between


def _plan(holds: Callable[[int], bool], growth: list[int]) -> dict[int, bool]:
    """What main() tries, in order, against a box whose result for N is ``holds(N)``."""
    results: dict[int, bool] = {}
    for n in growth:
        results[n] = holds(n)
        if not results[n] and n > 1:
            while (mid := between(results)) is not None:
                assert mid not in results  # no count is run twice
                results[mid] = holds(mid)
            break
    return results


@pytest.mark.parametrize("capacity", [2, 3, 4, 5, 6, 7, 9, 11, 13])
def test_the_knee_is_found_between_the_doubling_steps(capacity: int) -> None:
    results = _plan(lambda n: n <= capacity, [1, 2, 4, 8, 12, 16])
    assert max(n for n, ok in results.items() if ok) == capacity
    assert min(n for n, ok in results.items() if not ok) == capacity + 1


def test_a_single_stream_missing_is_not_run_again() -> None:
    results = _plan(lambda n: False, [1, 2, 4, 8])
    assert sorted(results) == [1, 2]


def test_nothing_to_halve_before_a_miss() -> None:
    assert between({1: True, 2: True, 4: True}) is None
    assert between({1: True, 2: True, 4: False}) == 3
    assert between({4: True, 8: False, 6: False}) == 5
