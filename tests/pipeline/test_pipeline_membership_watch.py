"""The membership watch (ingest/kafka_io.py): a member that never joins gets one fresh
subscription halfway to the limit, then the process is given up; a member that joined and got
nothing is not made to rejoin (that would rebalance every other member); time the coordinator
is unreachable does not count. Fake consumer and fake clock: no broker, no waiting."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from liveguard.ingest.kafka_io import MembershipError, MembershipWatch

LIMIT_S = 30.0


@dataclass
class Coordinator:
    unknown: bool = False

    def coordinator_unknown(self) -> bool:
        return self.unknown


@dataclass
class Consumer:
    _coordinator: Coordinator


@dataclass
class Clock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now


def _watch(rejoins: list[float], clock: Clock, coordinator: Coordinator) -> MembershipWatch:
    return MembershipWatch(
        Consumer(coordinator),
        LIMIT_S,
        "worker test",
        rejoin=lambda: rejoins.append(clock.now),
        clock=clock,
    )


def test_a_member_that_never_joins_subscribes_afresh_once_then_gives_up() -> None:
    clock, rejoins = Clock(), []  # type: ignore[var-annotated]
    watch = _watch(rejoins, clock, Coordinator())
    for t in (0.0, 10.0, 14.9):
        clock.now = t
        watch.check(False)
    assert rejoins == []
    for t in (15.0, 20.0, 29.9):
        clock.now = t
        watch.check(False)
    assert rejoins == [15.0]
    clock.now = LIMIT_S
    with pytest.raises(MembershipError, match="held no partition for 30 s"):
        watch.check(False)
    assert watch.rejoins == 1


def test_a_member_that_joined_with_nothing_is_not_made_to_rejoin() -> None:
    clock, rejoins = Clock(), []  # type: ignore[var-annotated]
    watch = _watch(rejoins, clock, Coordinator())
    clock.now = 20.0
    watch.check(False, joined=True)
    assert rejoins == []
    clock.now = LIMIT_S
    with pytest.raises(MembershipError):
        watch.check(False, joined=True)


def test_holding_or_an_unreachable_coordinator_restarts_the_count_and_the_rejoin() -> None:
    clock, coordinator, rejoins = Clock(), Coordinator(), []  # type: ignore[var-annotated]
    watch = _watch(rejoins, clock, coordinator)
    clock.now = 16.0
    watch.check(False)
    assert rejoins == [16.0]
    clock.now = 17.0
    watch.check(True)  # the fresh subscription got a partition
    coordinator.unknown = True
    clock.now = 60.0
    watch.check(False)  # broker down: not counted
    coordinator.unknown = False
    clock.now = 74.0
    watch.check(False)
    assert rejoins == [16.0]
    clock.now = 75.0
    watch.check(False)  # 15 s since the broker came back: a second fresh start is allowed
    assert rejoins == [16.0, 75.0]


@dataclass
class LeavingCoordinator:
    state: object
    leaves: list[int | None]

    def maybe_leave_group(self, timeout_ms: int | None = None) -> None:
        self.leaves.append(timeout_ms)


@dataclass
class LeavingConsumer:
    _coordinator: LeavingCoordinator
    config: dict[str, int]


@pytest.mark.parametrize(
    ("state", "expected"),
    [("REBALANCING", [6000]), ("STABLE", []), ("UNJOINED", [])],
)
def test_only_a_member_with_a_join_in_flight_bounds_its_leave(
    state: str, expected: list[int]
) -> None:
    """A leave queued behind a pending JoinGroup is not read before the rebalance ends: waiting
    a session timeout is as good as waiting 30 s. Any other member leaves through close, which
    waits for the coordinator's answer (a leave cut short can stall the next rebalance)."""
    from kafka.structs import MemberState

    from liveguard.ingest.kafka_io import leave_while_joining

    leaves: list[int | None] = []
    consumer = LeavingConsumer(
        LeavingCoordinator(getattr(MemberState, state), leaves), {"session_timeout_ms": 6000}
    )
    leave_while_joining(consumer)
    assert leaves == expected
