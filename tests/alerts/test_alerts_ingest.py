"""Ingestion: idempotent by id, findings grouped into cases, blacklisted parties raise alerts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from liveguard.alerts.crud import blacklist
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import Case, FindingRecord, SegmentRecord


def test_redelivered_events_change_nothing(session, settings, events):
    batch = [events.finding(seq=i, at=events.t0 + timedelta(seconds=10 * i)) for i in range(3)]
    first = ingest_events(session, batch, settings)
    again = ingest_events(session, batch, settings)
    assert (first.findings_new, first.cases_new, first.segments) == (3, 1, 3)
    assert (again.findings_new, again.findings_duplicate, again.cases_new) == (0, 3, 0)
    assert session.scalar(select(func.count()).select_from(FindingRecord)) == 3
    assert session.scalar(select(func.count()).select_from(SegmentRecord)) == 3
    case = session.execute(select(Case)).scalar_one()
    assert case.finding_count == 3
    assert case.first_seen == events.t0
    assert case.last_seen == events.t0 + timedelta(seconds=20)


def test_cases_split_by_rule_stream_and_window(session, settings, events):
    window = settings.case_window_s
    batch = [
        events.finding(seq=0),
        events.finding(seq=1, at=events.t0 + timedelta(seconds=window - 1)),
        events.finding(seq=2, at=events.t0 + timedelta(seconds=3 * window)),
        events.finding(seq=3, rule_id="zh.scarcity.last", family="scarcity"),
        events.finding(seq=0, stream_id="s-2"),
    ]
    ingest_events(session, batch, settings)
    counts = sorted(
        tuple(r) for r in session.execute(select(Case.stream_id, Case.rule_id, Case.finding_count))
    )
    assert counts == [
        ("s-1", "zh.efficacy.cure", 1),
        ("s-1", "zh.efficacy.cure", 2),
        ("s-1", "zh.scarcity.last", 1),
        ("s-2", "zh.efficacy.cure", 1),
    ]


def test_case_takes_the_highest_severity(session, settings, events):
    ingest_events(
        session,
        [events.finding(seq=0, severity="low"), events.finding(seq=1, severity="high")],
        settings,
    )
    case = session.execute(select(Case)).scalar_one()
    assert (case.severity, case.severity_rank) == ("high", 3)


def test_listed_host_going_live_raises_one_alert(session, settings, events):
    blacklist.add_entry(
        session,
        party_type="host",
        party_id="h-bad",
        reasons="repeat offender",
        legal_basis=["CN-AD-17"],
        term_days=30,
    )
    session.commit()
    result = ingest_events(session, [events.started("s-9", host="h-bad")] * 2, settings)
    assert result.blacklist_alerts == 1
    case = session.execute(select(Case).where(Case.kind == "blacklist_hit")).scalar_one()
    assert case.host_id == "h-bad"
    assert case.severity == "high"
    clean = ingest_events(session, [events.started("s-10", host="h-ok")], settings)
    assert clean.blacklist_alerts == 0
