"""Regulator reports: aggregates, CSV / XLSX / JSON exports, evidence bundle, rule quality."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from liveguard.alerts.ingestion import ingest_events


@pytest.fixture
def reviewed(api, settings, events):
    """Six cases over two days; three confirmed, one dismissed."""
    batch = []
    for i in range(6):
        rule = "zh.price.fake_original" if i < 4 else "zh.efficacy.cure"
        family = "price" if i < 4 else "efficacy"
        batch.append(
            events.finding(
                stream_id=f"s-{i}",
                rule_id=rule,
                family=family,
                at=events.t0 + timedelta(days=i // 3),
                host="h-1" if i < 3 else "h-2",
                merchant="m-1",
                version="zh-1.0" if i % 2 else "zh-1.1",
            )
        )
    with api.client.app.state.sessionmaker() as s:
        ingest_events(s, batch, settings)
    h = api.as_("moderator")
    for case_id, action in ((1, "confirm"), (2, "confirm"), (3, "dismiss"), (5, "confirm")):
        api.client.post(f"/api/cases/{case_id}/claim", headers=h)
        api.client.post(
            f"/api/cases/{case_id}/decision", json={"action": action, "reason": "r"}, headers=h
        )
    return api


def test_summary_aggregates(reviewed):
    s = reviewed.client.get("/api/reports/summary", headers=reviewed.as_("regulator")).json()
    assert s["cases"] == 6
    assert s["totals"] == {"confirmed": 3, "dismissed": 1, "open": 2}
    assert s["by_family_day"] == [
        {"day": "2026-11-20", "price": 3},
        {"day": "2026-11-21", "efficacy": 2, "price": 1},
    ]
    assert s["top_rules"][0] == {"rule_id": "zh.price.fake_original", "cases": 4, "confirmed": 2}
    assert s["top_hosts"] == [{"id": "h-1", "cases": 3}, {"id": "h-2", "cases": 3}]
    assert s["time_to_review_s"]["decided"] == 4
    assert s["time_to_review_s"]["median"] > 0
    only = reviewed.client.get(
        "/api/reports/summary",
        params={"family": "efficacy", "decision": "confirmed"},
        headers=reviewed.as_("admin"),
    ).json()
    assert only["cases"] == 1


def test_exports_agree(reviewed):
    c, h = reviewed.client, reviewed.as_("regulator")
    params = {"host_id": "h-1"}
    as_json = c.get("/api/reports/export", params={**params, "format": "json"}, headers=h).json()
    ids = [row["id"] for row in as_json["cases"]]
    assert ids == [1, 2, 3]
    raw = c.get("/api/reports/export", params={**params, "format": "csv"}, headers=h)
    assert raw.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(raw.content.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == ids
    assert rows[2]["status"] == "dismissed"
    xlsx = c.get("/api/reports/export", params={**params, "format": "xlsx"}, headers=h)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.values)
    assert values[0][0] == "id"
    assert [v[0] for v in values[1:]] == ids


def test_evidence_bundle_manifest_checks_out(api, settings, events):
    clips = Path(settings.resolved_clip_store) / "s-1"
    clips.mkdir(parents=True)
    (clips / "a.wav").write_bytes(b"RIFF" + b"\x01" * 500)
    with api.client.app.state.sessionmaker() as s:
        ingest_events(
            s,
            [
                events.finding(seq=0, clip="s-1/a.wav"),
                events.finding(seq=1, clip="s-1/missing.wav"),
            ],
            settings,
        )
    r = api.client.get("/api/cases/1/bundle", headers=api.as_("regulator"))
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["missing_clips"] == ["s-1/missing.wav"]
    paths = {f["path"] for f in manifest["files"]}
    assert {"transcript.txt", "findings.json", "audit.json"} <= paths
    assert any(p.startswith("clips/") for p in paths)
    for f in manifest["files"]:
        data = archive.read(f["path"])
        assert hashlib.sha256(data).hexdigest() == f["sha256"]
        assert len(data) == f["bytes"]
    assert "这个面霜能治疗湿疹" in archive.read("transcript.txt").decode()


def test_rule_quality_rates(reviewed):
    rows = reviewed.client.get("/api/rules/quality", headers=reviewed.as_("moderator")).json()
    by_key = {(r["rule_id"], r["rule_pack_version"]): r for r in rows}
    price_11 = by_key[("zh.price.fake_original", "zh-1.1")]  # cases 1, 3
    assert (price_11["confirmed"], price_11["dismissed"]) == (1, 1)
    assert price_11["dismiss_rate"] == pytest.approx(0.5)
    price_10 = by_key[("zh.price.fake_original", "zh-1.0")]  # cases 2, 4
    assert price_10["confirm_rate"] == 1.0
    assert price_10["open"] == 1
