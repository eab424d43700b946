"""bench/asr.py reports the real knee: after the first stream count that misses the latency
goal it halves the gap below it until the largest count that holds and the smallest that
misses are neighbours."""

from __future__ import annotations

import pytest

from bench.asr import between


def _knee(capacity: int, growth: list[int]) -> tuple[int, int, list[int]]:
    """The counts tried against a box that holds up to ``capacity`` streams."""
    tried: list[int] = []
    held = 0
    for n in growth:
        tried.append(n)
        if n <= capacity:
            held = n
            continue
        missed = n
        while (mid := between(held, missed)) is not None:
            tried.append(mid)
            if mid <= capacity:
                held = mid
            else:
                missed = mid
        return held, missed, tried
    return held, 0, tried


@pytest.mark.parametrize("capacity", [1, 3, 4, 5, 6, 7, 9, 11, 13])
def test_the_knee_is_found_between_the_doubling_steps(capacity: int) -> None:
    held, missed, tried = _knee(capacity, [1, 2, 4, 8, 12, 16])
    assert (held, missed) == (capacity, capacity + 1)
    assert len(tried) == len(set(tried))  # no count is run twice


def test_neighbours_need_no_more_runs() -> None:
    assert between(4, 5) is None
    assert between(4, 8) == 6
    assert between(0, 1) is None
