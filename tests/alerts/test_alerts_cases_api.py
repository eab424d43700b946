"""The moderators' queue over HTTP: filters, keyset pages, claim → decide, audit, clips."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from liveguard.alerts.ingestion import ingest_events
from liveguard.ingest.clipstore import clip_folder


@pytest.fixture
def loaded(api, settings, events):
    """12 cases: streams s-0..s-11, alternating rule families, one minute apart."""
    factory = api.client.app.state.sessionmaker
    batch = []
    for i in range(12):
        family = "efficacy" if i % 2 else "scarcity"
        batch.append(
            events.finding(
                stream_id=f"s-{i}",
                rule_id=f"zh.{family}.x",
                family=family,
                severity="high" if i % 3 == 0 else "medium",
                at=events.t0 + timedelta(minutes=i),
                merchant="m-1" if i < 4 else "m-9",
            )
        )
    with factory() as s:
        ingest_events(s, batch, settings)
    return api


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


def test_filters_and_sort(loaded):
    c, h = loaded.client, loaded.as_("moderator")
    newest = _ids(c.get("/api/cases", headers=h))
    assert len(newest) == 12
    assert newest == sorted(newest, reverse=True)  # ids follow time here
    high = c.get("/api/cases", params={"severity": "high"}, headers=h).json()["items"]
    assert {x["severity"] for x in high} == {"high"}
    assert len(high) == 4
    both = c.get("/api/cases", params=[("family", "price"), ("family", "efficacy")], headers=h)
    assert len(_ids(both)) == 6
    sev = c.get("/api/cases", params={"sort": "severity"}, headers=h).json()["items"]
    assert [x["severity"] for x in sev[:4]] == ["high"] * 4
    window = c.get(
        "/api/cases",
        params={"since": "2026-11-20T12:03:00Z", "until": "2026-11-20T12:06:00Z"},
        headers=h,
    )
    assert len(_ids(window)) == 3


@pytest.mark.parametrize("sort", ["newest", "oldest", "severity"])
def test_keyset_pages_cover_everything_once(loaded, sort):
    c, h = loaded.client, loaded.as_("moderator")
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 5, "sort": sort}
        if cursor:
            params["cursor"] = cursor
        body = c.get("/api/cases", params=params, headers=h).json()
        seen += [x["id"] for x in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert sorted(seen) == list(range(1, 13))
    full = _ids(c.get("/api/cases", params={"limit": 50, "sort": sort}, headers=h))
    assert seen == full


def test_bad_cursor_is_a_problem(loaded):
    r = loaded.client.get("/api/cases", params={"cursor": "nope"}, headers=loaded.as_("admin"))
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")


def test_merchant_sees_only_its_cases(loaded):
    c = loaded.client
    mine = c.get("/api/cases", headers=loaded.as_("merchant")).json()["items"]
    assert {x["merchant_id"] for x in mine} == {"m-1"}
    assert len(mine) == 4
    other = c.get("/api/cases", params={"merchant_id": "m-9"}, headers=loaded.as_("merchant"))
    assert _ids(other) == []
    foreign = [x["id"] for x in c.get("/api/cases", headers=loaded.as_("admin")).json()["items"]]
    m9 = next(i for i in foreign if i > 4)
    assert c.get(f"/api/cases/{m9}", headers=loaded.as_("merchant")).status_code == 404


def test_claim_decide_and_audit_trail(loaded):
    c, mod, mod2 = loaded.client, loaded.as_("moderator"), loaded.as_("moderator2")
    r = c.post("/api/cases/1/decision", json={"action": "confirm"}, headers=mod)
    assert r.status_code == 409  # must claim first
    assert c.post("/api/cases/1/claim", headers=mod).status_code == 200
    assert c.post("/api/cases/1/claim", headers=mod2).status_code == 409
    r = c.post("/api/cases/1/decision", json={"action": "dismiss"}, headers=mod)
    assert r.status_code == 400  # dismiss needs a reason
    r = c.post(
        "/api/cases/1/decision",
        json={"action": "dismiss", "reason": "false positive: brand name"},
        headers=mod,
    )
    assert r.status_code == 200
    assert r.json()["status"] == "dismissed"
    assert c.post("/api/cases/1/claim", headers=mod2).status_code == 409  # decided
    trail = c.get("/api/cases/1/audit", headers=loaded.as_("regulator")).json()
    assert [(e["username"], e["action"]) for e in trail] == [
        ("moderator", "claim"),
        ("moderator", "dismiss"),
    ]
    assert trail[1]["reason"] == "false positive: brand name"
    # escalate keeps the case open for a second look
    c.post("/api/cases/2/claim", headers=mod)
    r = c.post("/api/cases/2/decision", json={"action": "escalate", "reason": "?"}, headers=mod)
    assert r.json()["status"] == "escalated"
    assert r.json()["claimed_by"] is None
    assert c.post("/api/cases/2/claim", headers=mod2).status_code == 200


def test_audit_log_cannot_be_rewritten(loaded):
    c, mod = loaded.client, loaded.as_("moderator")
    c.post("/api/cases/1/claim", headers=mod)
    engine = loaded.client.app.state.engine
    for statement in ("UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    paths = loaded.client.app.openapi()["paths"]
    for path, ops in paths.items():
        if "audit" in path:
            assert set(ops) == {"get"}, path


def test_case_detail_with_transcript_and_clip_ranges(api, settings, events):
    clip_dir = Path(settings.resolved_clip_store) / clip_folder("s-1")
    clip_dir.mkdir(parents=True)
    audio = bytes(range(256)) * 40
    (clip_dir / "0.wav").write_bytes(audio)
    with api.client.app.state.sessionmaker() as s:
        ingest_events(
            s,
            [
                events.segment("s-1", 5, "大家好欢迎来到直播间"),
                events.finding(seq=6, clip=f"{clip_folder('s-1')}/0.wav"),
                events.segment("s-1", 7, "这款面霜卖得很好"),
                events.segment("s-1", 90, "much later"),
            ],
            settings,
        )
    c, h = api.client, api.as_("moderator")
    detail = c.get("/api/cases/1", headers=h).json()
    assert [s["utterance_id"] for s in detail["transcript"]] == ["s-1:5", "s-1:6", "s-1:7"]
    finding = detail["findings"][0]
    assert finding["legal_basis"] == ["CN-AD-17"]
    assert finding["suggestion"]
    url = detail["clip_urls"][finding["finding_id"]]
    whole = c.get(url, headers=h)
    assert whole.status_code == 200
    assert whole.content == audio
    assert whole.headers["accept-ranges"] == "bytes"
    part = c.get(url, headers={**h, "Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == audio[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(audio)}"
    tail = c.get(url, headers={**h, "Range": "bytes=-10"})
    assert tail.content == audio[-10:]
    assert c.get(url, headers={**h, "Range": "bytes=999999-"}).status_code == 416
