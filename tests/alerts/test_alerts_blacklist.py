"""Blacklist policy, notices, appeals, expiry and lookup (CN-LIVE-2026-14)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from liveguard.alerts.crud import blacklist
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import BlacklistEntry, Case, utcnow
from liveguard.contracts import FoundBy


def _confirm(api: Any, case_id: int, who: str = "moderator") -> None:
    h = api.as_(who)
    assert api.client.post(f"/api/cases/{case_id}/claim", headers=h).status_code == 200
    r = api.client.post(f"/api/cases/{case_id}/decision", json={"action": "confirm"}, headers=h)
    assert r.status_code == 200, r.text


def test_policy_lists_host_and_merchant_at_threshold_with_notice(api, settings, events):
    threshold = settings.blacklist_threshold
    with api.client.app.state.sessionmaker() as s:
        ingest_events(
            s,
            [events.finding(stream_id=f"s-{i}", host="h-7") for i in range(threshold)]
            + [events.finding(stream_id="s-low", host="h-7", severity="low")],
            settings,
        )
    c, reg = api.client, api.as_("regulator")
    _confirm(api, threshold + 1)  # a low-severity confirmation does not count
    for case_id in range(1, threshold):
        _confirm(api, case_id)
    look = c.get(
        "/api/blacklist/lookup", params={"party_type": "host", "party_id": "h-7"}, headers=reg
    )
    assert look.json()["listed"] is False
    _confirm(api, threshold)
    look = c.get(
        "/api/blacklist/lookup", params={"party_type": "host", "party_id": "h-7"}, headers=reg
    )
    body = look.json()
    assert body["listed"] is True
    entry = body["entry"]
    assert entry["source"] == "policy"
    assert sorted(entry["case_ids"]) == list(range(1, threshold + 1))
    assert "CN-LIVE-2026-14" in entry["legal_basis"]
    assert "CN-AD-17" in entry["legal_basis"]
    term = datetime.fromisoformat(entry["ends_at"]) - datetime.fromisoformat(entry["starts_at"])
    assert term == timedelta(days=settings.blacklist_term_days)
    # the merchant was listed too, and is told exactly what the entry says
    notices = c.get("/api/notices", headers=api.as_("merchant")).json()
    assert {n["party_type"] for n in notices} == {"host", "merchant"}
    host_notice = next(n for n in notices if n["party_type"] == "host")["body"]
    assert host_notice["facts"]["case_ids"] == entry["case_ids"]
    assert host_notice["reasons"] == entry["reasons"]
    assert host_notice["legal_basis"] == entry["legal_basis"]
    assert datetime.fromisoformat(host_notice["term"]["ends_at"]) == datetime.fromisoformat(
        entry["ends_at"]
    )
    assert host_notice["appeal_route"] == entry["appeal_route"]
    assert "appeal" in entry["appeal_route"].lower()
    assert c.get("/api/notices", headers=api.as_("merchant2")).json() == []


def test_appeal_upheld_lifts_the_entry_and_everything_is_audited(api):
    c = api.client
    r = c.post(
        "/api/blacklist",
        json={
            "party_type": "merchant",
            "party_id": "m-1",
            "reasons": "counterfeit awards",
            "legal_basis": ["CN-AD-28"],
            "term_days": 30,
        },
        headers=api.as_("moderator"),
    )
    assert r.status_code == 201, r.text
    entry_id = r.json()["id"]
    dup = c.post(
        "/api/blacklist",
        json={**r.json(), "term_days": 30, "legal_basis": []},
        headers=api.as_("admin"),
    )
    assert dup.status_code in (409, 422)
    other = c.post(
        "/api/appeals", json={"entry_id": entry_id, "statement": "x"}, headers=api.as_("merchant2")
    )
    assert other.status_code == 404  # not their entry
    appeal = c.post(
        "/api/appeals",
        json={"entry_id": entry_id, "statement": "the award is real, certificate attached"},
        headers=api.as_("merchant"),
    )
    assert appeal.status_code == 201
    again = c.post(
        "/api/appeals", json={"entry_id": entry_id, "statement": "y"}, headers=api.as_("merchant")
    )
    assert again.status_code == 409
    decided = c.post(
        f"/api/appeals/{appeal.json()['id']}/decision",
        json={"uphold": True, "reason": "certificate verified"},
        headers=api.as_("admin"),
    )
    assert decided.json()["status"] == "upheld"
    look = c.get(
        "/api/blacklist/lookup",
        params={"party_type": "merchant", "party_id": "m-1"},
        headers=api.as_("moderator"),
    )
    assert look.json()["listed"] is False
    actions = [
        e["action"]
        for e in c.get(f"/api/blacklist/{entry_id}/audit", headers=api.as_("regulator")).json()
    ]
    assert actions == ["list", "notice", "lift"]


def test_entries_expire_and_lift_automatically(session):
    entry = blacklist.add_entry(
        session, party_type="host", party_id="h-1", reasons="r", legal_basis=[], term_days=1
    )
    session.commit()
    assert blacklist.lookup(session, "host", "h-1") is not None
    later = utcnow() + timedelta(days=1, seconds=1)
    assert blacklist.lookup(session, "host", "h-1", at=later) is None
    assert blacklist.expire_entries(session, later) == 1
    session.commit()
    stored = session.get(BlacklistEntry, entry.id)
    assert stored is not None
    assert stored.lift_reason == "term ended"
    assert blacklist.expire_entries(session, later) == 0


def test_confirmed_learned_cases_never_list_anyone(api, settings, events):
    threshold = settings.blacklist_threshold
    with api.client.app.state.sessionmaker() as s:
        ingest_events(
            s,
            [
                events.finding(stream_id=f"s-{i}", host="h-9", detector=FoundBy.LEARNED)
                for i in range(threshold + 1)
            ],
            settings,
        )
    for case_id in range(1, threshold + 2):
        _confirm(api, case_id)
    reg = api.as_("regulator")
    look = api.client.get(
        "/api/blacklist/lookup", params={"party_type": "host", "party_id": "h-9"}, headers=reg
    )
    assert look.json()["listed"] is False
    body = api.client.get("/api/cases/1", headers=api.as_("moderator")).json()
    assert body["case"]["detector"] == "learned"
    assert body["findings"][0]["detector"] == "learned"
    with api.client.app.state.sessionmaker() as s:
        case = s.get(Case, 1)
        assert case is not None
        assert blacklist.apply_policy(s, settings, case) == []
