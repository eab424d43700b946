"""Learned hits are possible violations: shown as such, never a correction or a blacklist."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from liveguard.alerts.crud import blacklist
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import Case, FindingRecord
from liveguard.contracts import FoundBy

LEARNED = FoundBy.LEARNED


def test_learned_high_finding_queues_no_webhook_and_a_rule_hit_upgrades_the_case(
    session, settings_for, db_url, events
):
    settings = settings_for(db_url, webhook_url="http://127.0.0.1:9/hook")
    result = ingest_events(session, [events.finding(seq=0, detector=LEARNED)], settings)
    assert result.findings_new == 1
    assert result.webhooks == []
    case = session.execute(select(Case)).scalars().one()
    assert case.detector == "learned"
    record = session.execute(select(FindingRecord)).scalars().one()
    assert (record.detector, record.detector_version) == ("learned", "claims-test")
    # the same claim later found by a rule: same case, now a rule case, and the webhook fires
    result = ingest_events(session, [events.finding(seq=1)], settings)
    assert len(result.webhooks) == 1
    session.refresh(case)
    assert case.detector == "rules"
    assert case.finding_count == 2


def _confirm(api: Any, case_id: int) -> None:
    h = api.as_("moderator")
    assert api.client.post(f"/api/cases/{case_id}/claim", headers=h).status_code == 200
    r = api.client.post(f"/api/cases/{case_id}/decision", json={"action": "confirm"}, headers=h)
    assert r.status_code == 200, r.text


def test_confirmed_learned_cases_never_list_anyone(api, settings, events):
    threshold = settings.blacklist_threshold
    with api.client.app.state.sessionmaker() as s:
        ingest_events(
            s,
            [
                events.finding(stream_id=f"s-{i}", host="h-9", detector=LEARNED)
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
