"""The reviewer's feedback loop: suppressions (scoped, expiring, audited, live without a
restart), the per-rule false-positive report, and labelled lines bench/quality.py reads."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import Case, Suppression, utcnow
from liveguard.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def _ingest(api: Any, settings: Settings, events: list[Any]) -> Any:
    with api.client.app.state.sessionmaker() as s:
        return ingest_events(s, events, settings)


def _cases(api: Any) -> int:
    with api.client.app.state.sessionmaker() as s:
        return int(s.execute(select(func.count(Case.id))).scalar_one())


def _decide(api: Any, case_id: int, action: str, reason: str = "") -> None:
    h = api.as_("moderator")
    assert api.client.post(f"/api/cases/{case_id}/claim", headers=h).status_code == 200
    r = api.client.post(
        f"/api/cases/{case_id}/decision", json={"action": action, "reason": reason}, headers=h
    )
    assert r.status_code == 200, r.text


def test_suppression_takes_effect_at_once_is_scoped_expires_and_is_audited(api, settings, events):
    c, mod = api.client, api.as_("moderator")
    rule = "zh.efficacy.cure"
    _ingest(api, settings, [events.finding(stream_id="s-1")])
    assert _cases(api) == 1
    r = c.post(
        "/api/suppressions",
        json={
            "scope": "merchant",
            "scope_id": "m-1",
            "rule_id": rule,
            "term": "治疗",
            "reason": "registered product name 治疗宝 (TM 42)",
            "days": 30,
            "case_id": 1,
        },
        headers=mod,
    )
    assert r.status_code == 201, r.text
    sup = r.json()
    assert sup["active"] is True
    assert sup["created_by"] == api.user_ids["moderator"]
    # the same service, no restart: the next finding of that merchant opens no case
    out = _ingest(api, settings, [events.finding(stream_id="s-2")])
    assert out.findings_suppressed == 1
    assert out.cases_new == 0
    assert _cases(api) == 1
    # another merchant is not covered
    _ingest(api, settings, [events.finding(stream_id="s-3", merchant="m-2")])
    assert _cases(api) == 2
    listed = c.get("/api/suppressions", headers=mod).json()
    assert listed[0]["hits"] == 1
    assert listed[0]["last_hit_at"]
    # lifted: findings open cases again; both steps are in the audit log with who and why
    lift = c.post(f"/api/suppressions/{sup['id']}/lift", json={"reason": "TM lapsed"}, headers=mod)
    assert lift.status_code == 200
    assert lift.json()["active"] is False
    _ingest(api, settings, [events.finding(stream_id="s-4")])
    assert _cases(api) == 3
    trail = c.get("/api/audit", headers=api.as_("regulator")).json()
    actions = [
        (e["action"], e["username"], e["reason"])
        for e in trail
        if e["subject_type"] == "suppression"
    ]
    assert ("add", "moderator", "registered product name 治疗宝 (TM 42)") in actions
    assert ("lift", "moderator", "TM lapsed") in actions
    # an expired suppression covers nothing
    r = c.post(
        "/api/suppressions",
        json={"scope": "global", "rule_id": rule, "reason": "noisy", "days": 1},
        headers=mod,
    )
    _ingest(api, settings, [events.finding(stream_id="s-5")])
    assert _cases(api) == 3
    with c.app.state.sessionmaker() as s:
        row = s.get(Suppression, r.json()["id"])
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
        s.commit()
    _ingest(api, settings, [events.finding(stream_id="s-6")])
    assert _cases(api) == 4


def test_host_scope_and_input_checks(api, settings, events):
    c, mod = api.client, api.as_("moderator")
    r = c.post(
        "/api/suppressions",
        json={
            "scope": "host",
            "scope_id": "h-q",
            "rule_id": "zh.efficacy.cure",
            "reason": "quotes a viewer",
            "days": 7,
        },
        headers=mod,
    )
    assert r.status_code == 201
    out = _ingest(
        api,
        settings,
        [events.finding(stream_id="s-1", host="h-q"), events.finding(stream_id="s-2", host="h-z")],
    )
    assert (out.findings_suppressed, out.cases_new) == (1, 1)
    for bad in (
        {"scope": "merchant", "rule_id": "r", "reason": "x", "days": 3},  # no merchant id
        {"scope": "global", "rule_id": "*", "reason": "x", "days": 3},  # every rule, no term
        {"scope": "global", "rule_id": "r", "reason": " ", "days": 3},  # no reason
    ):
        assert c.post("/api/suppressions", json=bad, headers=mod).status_code in (400, 422)
    assert c.post("/api/suppressions", json={**bad, "days": 0}, headers=mod).status_code == 422


def test_a_merchant_reads_only_its_own_suppressions(api):
    c, mod = api.client, api.as_("moderator")
    for merchant in ("m-1", "m-2"):
        body = {"scope": "merchant", "scope_id": merchant, "rule_id": "r", "reason": "x", "days": 3}
        assert c.post("/api/suppressions", json=body, headers=mod).status_code == 201
    body = {"scope": "global", "rule_id": "r", "reason": "x", "days": 3}
    assert c.post("/api/suppressions", json=body, headers=mod).status_code == 201
    mine = c.get("/api/suppressions", headers=api.as_("merchant")).json()
    assert [(s["scope"], s["scope_id"]) for s in mine] == [("merchant", "m-1")]
    assert len(c.get("/api/suppressions", headers=api.as_("regulator")).json()) == 3


def test_dismissal_reasons_feed_the_false_positive_report(api, settings, events):
    _ingest(
        api,
        settings,
        [events.finding(stream_id=f"s-{i}") for i in range(4)]
        + [events.finding(stream_id="s-x", rule_id="zh.price.low", family="price")],
    )
    _decide(api, 1, "dismiss", "asr_error: 面霜 heard as 面双")
    _decide(api, 2, "dismiss", "asr_error")
    _decide(api, 3, "dismiss", "looked fine to me")
    _decide(api, 4, "confirm")
    _decide(api, 5, "confirm")
    report = api.client.get("/api/feedback/false-positives", headers=api.as_("regulator")).json()
    assert [r["rule_id"] for r in report] == ["zh.efficacy.cure", "zh.price.low"]
    cure = report[0]
    assert (cure["dismissed"], cure["confirmed"], cure["decided"]) == (3, 1, 4)
    assert cure["false_positive_rate"] == 0.75
    assert cure["reasons"] == {"asr_error": 2, "other": 1}
    assert report[1]["false_positive_rate"] == 0.0
    assert (
        api.client.get("/api/feedback/false-positives", headers=api.as_("merchant")).status_code
        == 403
    )


def _load_corpus(path: Path) -> list[tuple[frozenset[str], str]]:
    spec = importlib.util.spec_from_file_location("lg_bench_quality", REPO / "bench" / "quality.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows: list[tuple[frozenset[str], str]] = module.load_corpus(str(path))
    return rows


def test_decided_findings_export_as_lines_the_quality_benchmark_reads(
    api, settings, events, tmp_path
):
    _ingest(
        api,
        settings,
        [
            events.finding(stream_id="s-1", text_="这个面霜能治疗湿疹\t真的"),
            events.finding(stream_id="s-2", text_="医生说这个不能治疗任何病", match="治疗"),
            events.finding(stream_id="s-3", text_="还没审的治疗", match="治疗"),
            events.finding(
                stream_id="s-4",
                rule_id="zh.scarcity.last",
                family="scarcity",
                text_="最后三件了",
                match="最后三件",
            ),
        ],
    )
    _decide(api, 1, "confirm")
    _decide(api, 2, "dismiss", "negated_or_quoted")
    _decide(api, 4, "confirm")
    r = api.client.get("/api/feedback/labelled", headers=api.as_("moderator"))
    assert r.status_code == 200
    path = tmp_path / "labels.tsv"
    path.write_bytes(r.content)
    rows = _load_corpus(path)
    assert rows == [
        (frozenset({"efficacy"}), "这个面霜能治疗湿疹 真的"),
        (frozenset(), "医生说这个不能治疗任何病"),
        (frozenset({"scarcity"}), "最后三件了"),
    ]
    assert api.client.get("/api/feedback/labelled", headers=api.as_("merchant")).status_code == 403
