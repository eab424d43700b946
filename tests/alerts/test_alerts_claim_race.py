"""A claim cannot be taken twice, even when many reviewers press "claim" at the same moment."""

from __future__ import annotations

import threading

from liveguard.alerts.crud import cases, users
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import Case, User
from tests.support.waiting import join


def test_concurrent_claims_have_one_winner(factory, settings, events):
    with factory() as s:
        ingest_events(s, [events.finding()], settings)
        reviewers = [users.create_user(s, f"mod{i}", "moderator").id for i in range(8)]
        s.commit()
    barrier = threading.Barrier(len(reviewers))
    won: list[int] = []
    lost: list[int] = []

    def attempt(user_id: int) -> None:
        with factory() as s:
            user = s.get(User, user_id)
            assert user is not None
            barrier.wait()
            try:
                cases.claim_case(s, 1, user, lease_s=600)
                won.append(user_id)
            except cases.CaseConflictError:
                lost.append(user_id)

    threads = [threading.Thread(target=attempt, args=(uid,)) for uid in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        join(t, "a reviewer claiming the case")
    assert len(won) == 1
    assert len(lost) == len(reviewers) - 1
    with factory() as s:
        case = s.get(Case, 1)
        assert case is not None
        assert case.claimed_by == won[0]


def test_expired_lease_can_be_taken_over(factory, settings, events):
    with factory() as s:
        ingest_events(s, [events.finding()], settings)
        a = users.create_user(s, "a", "moderator")
        b = users.create_user(s, "b", "moderator")
        s.commit()
        cases.claim_case(s, 1, a, lease_s=-1)  # already expired
        assert cases.claim_case(s, 1, b, lease_s=600).claimed_by == b.id
