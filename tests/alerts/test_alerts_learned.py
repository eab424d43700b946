"""Learned hits are possible violations: marked cases, no correction webhook (blacklist: test_alerts_blacklist.py)."""

from __future__ import annotations

from sqlalchemy import select

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
