"""Pre-check receipts: what judged the script, the download, and the regulator's question
whether a stream was pre-checked before going live and how its live findings compare."""

from __future__ import annotations

import hashlib
from typing import Any

from liveguard.alerts.ingestion import ingest_events
from liveguard.rules import load_engine
from liveguard.settings import Settings

SCRIPT = "这款面霜能治疗湿疹\n欢迎来到直播间"


def _ingest(api: Any, settings: Settings, events: list[Any]) -> None:
    with api.client.app.state.sessionmaker() as s:
        ingest_events(s, events, settings)


def test_every_precheck_stores_a_receipt_the_merchant_downloads(api):
    c, h = api.client, api.as_("merchant")
    r = c.post("/api/precheck", json={"text": SCRIPT, "host_id": "h-1"}, headers=h)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["script_sha256"] == hashlib.sha256(SCRIPT.encode()).hexdigest()
    assert out["language"] == "zh"
    assert out["rule_pack_version"] == load_engine("zh").pack_version
    assert any(v.startswith("liveguard-rules ") for v in out["detector_versions"])
    assert (out["checked_by"], out["merchant_id"], out["host_id"]) == ("merchant", "m-1", "h-1")
    listed = c.get("/api/precheck", headers=h).json()
    assert listed[0]["script_sha256"] == out["script_sha256"]
    dl = c.get(f"/api/precheck/{out['id']}/receipt", headers=h)
    assert dl.status_code == 200
    assert "attachment" in dl.headers["content-disposition"]
    doc = dl.json()
    assert doc["script"] == SCRIPT
    assert doc["checked_at"]
    assert [f["rule_id"] for f in doc["findings"]] == [f["rule_id"] for f in out["findings"]]
    assert doc["rule_pack_version"] == out["rule_pack_version"]
    assert (
        c.get(f"/api/precheck/{out['id']}/receipt", headers=api.as_("merchant2")).status_code == 404
    )
    assert (
        c.get(f"/api/precheck/{out['id']}/receipt", headers=api.as_("regulator")).status_code == 200
    )


def test_regulator_sees_whether_a_stream_was_prechecked_and_how_live_compares(
    api, settings, events
):
    c = api.client
    pre = c.post("/api/precheck", json={"text": SCRIPT}, headers=api.as_("merchant")).json()
    flagged = next(f for f in pre["findings"] if f["rule_id"] == "ZH-EFF-MEDICAL")
    _ingest(
        api,
        settings,
        [
            events.started("live-1"),
            events.finding(
                stream_id="live-1",
                rule_id="ZH-EFF-MEDICAL",
                text_="这款面霜能治疗湿疹",
                match=flagged["matched_text"],
            ),
            events.finding(
                stream_id="live-1",
                seq=2,
                rule_id="ZH-SCA-LAST",
                family="scarcity",
                text_="最后三件了",
                match="最后三件",
            ),
            events.started("live-2", host="h-2", merchant="m-2"),
            events.finding(stream_id="live-2", host="h-2", merchant="m-2"),
        ],
    )
    reg = api.as_("regulator")
    body = c.get("/api/streams/live-1/precheck", headers=reg).json()
    assert body["prechecked"] is True
    assert body["compared_with"] == pre["id"]
    verdicts = {x["rule_id"]: x["verdict"] for x in body["live"]}
    assert verdicts == {"ZH-EFF-MEDICAL": "flagged_in_precheck", "ZH-SCA-LAST": "not_in_script"}
    assert body["counts"] == {
        "flagged_in_precheck": 1,
        "in_script_not_flagged": 0,
        "not_in_script": 1,
    }
    other = c.get("/api/streams/live-2/precheck", headers=reg).json()
    assert other["prechecked"] is False
    assert other["receipts"] == []
    # merchants see their own streams only
    assert c.get("/api/streams/live-1/precheck", headers=api.as_("merchant")).status_code == 200
    assert c.get("/api/streams/live-1/precheck", headers=api.as_("merchant2")).status_code == 404


def test_a_merchant_never_sees_another_merchants_receipt_for_a_shared_host(api, settings, events):
    c = api.client
    theirs = c.post(
        "/api/precheck", json={"text": SCRIPT, "host_id": "h-1"}, headers=api.as_("merchant2")
    ).json()
    _ingest(api, settings, [events.started("live-4")])  # m-1's stream with host h-1
    reg = c.get("/api/streams/live-4/precheck", headers=api.as_("regulator")).json()
    assert [r["id"] for r in reg["receipts"]] == [theirs["id"]]  # the host pre-checked
    own = c.get("/api/streams/live-4/precheck", headers=api.as_("merchant")).json()
    assert own["receipts"] == []
    assert own["prechecked"] is False
    assert own["compared_with"] is None


def test_a_precheck_after_going_live_does_not_count(api, settings, events):
    _ingest(api, settings, [events.started("live-3")])
    c = api.client
    c.post("/api/precheck", json={"text": SCRIPT}, headers=api.as_("merchant"))
    body = c.get("/api/streams/live-3/precheck", headers=api.as_("regulator")).json()
    assert body["prechecked"] is False


def test_suppressions_apply_to_the_precheck_too(api):
    c = api.client
    first = c.post("/api/precheck", json={"text": SCRIPT}, headers=api.as_("merchant")).json()
    assert "ZH-EFF-MEDICAL" in [f["rule_id"] for f in first["findings"]]
    r = c.post(
        "/api/suppressions",
        json={
            "scope": "merchant",
            "scope_id": "m-1",
            "rule_id": "ZH-EFF-MEDICAL",
            "reason": "test",
            "days": 1,
        },
        headers=api.as_("moderator"),
    )
    assert r.status_code == 201
    again = c.post("/api/precheck", json={"text": SCRIPT}, headers=api.as_("merchant")).json()
    assert "ZH-EFF-MEDICAL" not in [f["rule_id"] for f in again["findings"]]
    other = c.post("/api/precheck", json={"text": SCRIPT}, headers=api.as_("merchant2")).json()
    assert "ZH-EFF-MEDICAL" in [f["rule_id"] for f in other["findings"]]
