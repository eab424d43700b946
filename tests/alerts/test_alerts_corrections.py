"""On-the-spot corrections in the alerts service (第三十一条): stored once, marking findings and
cases corrected with their delays; shown by the API; counted in reports and exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import Case, FindingRecord, WebhookDelivery
from liveguard.ingest.clipstore import clip_folder


def _two_findings(events: Any) -> list[Any]:  # one case (same rule, same stream, within the window)
    return [events.finding(seq=0), events.finding(seq=1, at=events.t0 + timedelta(seconds=5))]


def test_correction_marks_findings_and_case(session, settings, events):
    found = _two_findings(events)
    ingest_events(session, found, settings)
    case = session.execute(select(Case)).scalar_one()
    assert case.correction_status == "uncorrected"
    later = events.t0 + timedelta(seconds=15)
    first = events.correction([found[1].finding.finding_id], seq=3, at=later)
    result = ingest_events(session, [first], settings)
    assert result.corrections_new == 1
    session.refresh(case)
    assert case.correction_status == "partly_corrected"
    record = session.get(FindingRecord, found[1].finding.finding_id)
    assert record is not None
    assert record.correction_id == first.correction.correction_id
    assert record.corrected_at == later
    assert record.correction_delay_s == 15.0 - 6.0  # stream time: said at 6 s, corrected at 15 s
    assert record.webhook_delay_s is None  # no webhook was sent
    again = ingest_events(session, [first], settings)
    assert (again.corrections_new, again.corrections_duplicate) == (0, 1)
    second = events.correction(
        [found[0].finding.finding_id], seq=4, at=later + timedelta(seconds=5)
    )
    ingest_events(session, [second], settings)
    session.refresh(case)
    assert case.correction_status == "corrected"
    assert case.correction_delay_s == 9.0  # of the first correction
    assert case.corrected_at == later


def test_delay_since_the_delivered_webhook(db_url, settings_for, events):
    from liveguard.alerts.db import open_database

    settings = settings_for(db_url, webhook_url="http://127.0.0.1:9/hook")
    engine, make = open_database(settings.resolved_database_url)
    try:
        with make() as session:
            found = events.finding(seq=0)
            assert ingest_events(session, [found], settings).webhooks
            session.execute(
                update(WebhookDelivery).values(
                    status="delivered", delivered_at=events.t0 + timedelta(seconds=2)
                )
            )
            session.commit()
            said = events.t0 + timedelta(seconds=12)
            fix = events.correction([found.finding.finding_id], seq=2, at=said)
            ingest_events(session, [fix], settings)
            record = session.get(FindingRecord, found.finding.finding_id)
            assert record is not None
            assert record.webhook_delay_s == 10.0
    finally:
        engine.dispose()


def test_case_api_shows_the_correction_with_its_clip(api, settings, events):
    folder = clip_folder("s-1")  # a clip is served only from its own stream's folder (#11)
    clips = Path(settings.resolved_clip_store) / folder
    clips.mkdir(parents=True)
    (clips / "fix.wav").write_bytes(b"RIFF" + b"\x02" * 300)
    found = events.finding(seq=0)
    fix = events.correction([found.finding.finding_id], seq=2, clip=f"{folder}/fix.wav")
    with api.client.app.state.sessionmaker() as s:
        ingest_events(s, [found, fix], settings)
    r = api.client.get("/api/cases/1", headers=api.as_("moderator"))
    assert r.status_code == 200
    body = r.json()
    assert body["case"]["correction_status"] == "corrected"
    (finding,) = body["findings"]
    assert finding["correction_id"] == fix.correction.correction_id
    assert finding["correction_delay_s"] == 9.0
    (correction,) = body["corrections"]
    assert correction["text"] == fix.correction.text
    assert correction["cue"] == "刚才说错了"
    url = body["correction_clip_urls"][fix.correction.correction_id]
    clip = api.client.get(url, headers=api.as_("moderator"))
    assert clip.status_code == 200
    assert clip.content == b"RIFF" + b"\x02" * 300
    listed = api.client.get(
        "/api/cases", params={"correction_status": "corrected"}, headers=api.as_("moderator")
    )
    assert [c["id"] for c in listed.json()["items"]] == [1]


def test_correction_rates_by_host_merchant_and_rule(api, settings, events):
    batch = [
        events.finding(seq=0),
        events.finding(seq=1, stream_id="s-2", host="h-2"),
        events.finding(seq=2, rule_id="zh.price.x", family="price"),
    ]
    fix = events.correction([batch[0].finding.finding_id], seq=3)
    with api.client.app.state.sessionmaker() as s:
        ingest_events(s, [*batch, fix], settings)
    r = api.client.get("/api/reports/corrections", headers=api.as_("regulator"))
    assert r.status_code == 200
    rows = {(row["group"], row["id"]): row for row in r.json()}
    assert rows[("host", "h-1")]["findings"] == 2
    assert rows[("host", "h-1")]["corrected"] == 1
    assert rows[("host", "h-1")]["rate"] == 0.5
    assert rows[("host", "h-1")]["median_delay_s"] == 14.0  # said at 1 s, corrected at 15 s
    assert rows[("host", "h-2")]["rate"] == 0.0
    assert rows[("merchant", "m-1")]["findings"] == 3
    assert rows[("rule", "zh.efficacy.cure")]["corrected"] == 1
    exported = api.client.get(
        "/api/reports/corrections", params={"format": "csv"}, headers=api.as_("regulator")
    )
    table = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {(t["group"], t["id"], t["corrected"]) for t in table} >= {("host", "h-1", "1")}
    summary = api.client.get("/api/reports/summary", headers=api.as_("regulator")).json()
    assert summary["corrections"]["findings"] == 3
    assert summary["corrections"]["corrected"] == 1
    cases = api.client.get(
        "/api/reports/export", params={"format": "csv"}, headers=api.as_("regulator")
    )
    rows_csv = list(csv.DictReader(io.StringIO(cases.content.decode("utf-8-sig"))))
    assert sorted(r["correction_status"] for r in rows_csv) == [
        "corrected",
        "uncorrected",
        "uncorrected",
    ]


def test_purge_removes_old_corrections_and_their_clips(session, settings, events):
    from liveguard.alerts.models import CorrectionRecord
    from liveguard.alerts.retention import purge

    clips = Path(settings.resolved_clip_store)
    for name in ("old", "new"):
        (clips / name).mkdir(parents=True)
        (clips / name / "fix.wav").write_bytes(b"RIFF....")
    long_ago = events.t0 - timedelta(days=settings.retention_days + 10)
    batch = []
    for stream, at in (("old", long_ago), ("new", events.t0)):
        found = events.finding(stream_id=stream, at=at)
        fix = events.correction(
            [found.finding.finding_id], stream_id=stream, at=at, clip=f"{stream}/fix.wav"
        )
        batch += [found, fix]
    ingest_events(session, batch, settings)
    old = session.execute(
        select(CorrectionRecord).where(CorrectionRecord.stream_id == "old")
    ).scalar_one()
    old.received_at = long_ago
    session.commit()
    result = purge(session, settings)
    assert result.clips == 1
    left = session.execute(select(CorrectionRecord.stream_id)).scalars().all()
    assert left == ["new"]
    assert not (clips / "old" / "fix.wav").exists()
    assert (clips / "new" / "fix.wav").exists()
