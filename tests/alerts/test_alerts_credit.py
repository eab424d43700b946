"""Credit of hosts and merchants: computed from confirmed cases, explained, stored with its
weights version and history, shown in the queue, sorted by risk, scoped, used by the blacklist."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import yaml

from liveguard.alerts import credit
from liveguard.alerts.ingestion import ingest_events
from liveguard.settings import Settings


def _decide(api: Any, case_id: int, action: str = "confirm", reason: str = "") -> None:
    h = api.as_("moderator")
    assert api.client.post(f"/api/cases/{case_id}/claim", headers=h).status_code == 200
    r = api.client.post(
        f"/api/cases/{case_id}/decision", json={"action": action, "reason": reason}, headers=h
    )
    assert r.status_code == 200, r.text


def _ingest(api: Any, settings: Settings, events: list[Any]) -> None:
    with api.client.app.state.sessionmaker() as s:
        ingest_events(s, events, settings)


def _packaged_version() -> str:
    text = resources.files("liveguard.alerts").joinpath("credit_weights.yaml").read_text("utf-8")
    return str(yaml.safe_load(text)["version"])


def test_score_is_recomputed_from_the_cases_it_lists(api, settings, events):
    _ingest(
        api,
        settings,
        [
            events.finding(stream_id="s-a", host="h-9", rule_id="zh.r1"),
            events.finding(stream_id="s-b", host="h-9", rule_id="zh.r1"),
            events.finding(stream_id="s-c", host="h-9", rule_id="zh.r2", severity="medium"),
            events.finding(stream_id="s-d", host="h-9", rule_id="zh.r3", severity="low"),
        ],
    )
    _decide(api, 1)
    _decide(api, 2)
    _decide(api, 3)
    _decide(api, 4, "dismiss", "false_positive")
    c, reg = api.client, api.as_("regulator")
    body = c.get("/api/credit/host/h-9", headers=reg).json()
    listed = [x["case_id"] for x in body["contributions"]]
    assert sorted(listed) == [1, 2, 3]  # the dismissed case moved nothing
    assert body["credit"]["weights_version"] == _packaged_version()
    assert body["credit"]["case_count"] == 3
    # recompute from the cases the explanation lists, read back through the API
    facts = []
    for case_id in listed:
        case = c.get(f"/api/cases/{case_id}", headers=reg).json()["case"]
        facts.append(
            credit.CaseFacts(
                case_id=case["id"],
                rule_id=case["rule_id"],
                severity=case["severity"],
                status=case["status"],
                at=datetime.fromisoformat(case["decided_at"]),
            )
        )
    at = datetime.fromisoformat(body["credit"]["computed_at"])
    again = credit.compute(facts, at)
    assert again.score == body["credit"]["score"]
    assert body["credit"]["score"] < 100
    lost = sum(x["points"] for x in body["contributions"])
    assert round(100 - lost, 2) == body["credit"]["score"]
    # the second confirmation of the same rule counts more than the first
    by_case = {x["case_id"]: x for x in body["contributions"]}
    assert by_case[2]["repetition"] > by_case[1]["repetition"] == 1.0
    # every recomputation is kept
    assert [h["cause"] for h in body["history"]] == [
        "case 1 confirmed",
        "case 2 confirmed",
        "case 3 confirmed",
    ]
    assert body["history"][0]["score"] > body["history"][-1]["score"]


def test_queue_shows_credit_and_sorts_by_risk(api, settings, events):
    _ingest(
        api,
        settings,
        [events.finding(stream_id=f"bad-{i}", host="h-bad", merchant="m-2") for i in range(2)]
        + [events.finding(stream_id="clean-1", host="h-ok", merchant="m-3")],
    )
    _decide(api, 1)
    _ingest(
        api,
        settings,
        [
            events.finding(stream_id="clean-2", host="h-ok", merchant="m-3", seq=3),
            events.finding(stream_id="bad-9", host="h-bad", merchant="m-2", seq=3),
        ],
    )
    c, mod = api.client, api.as_("moderator")
    page = c.get("/api/cases", params={"status": "open", "sort": "risk"}, headers=mod).json()
    hosts = [item["host_id"] for item in page["items"]]
    assert hosts[: hosts.count("h-bad")] == ["h-bad"] * hosts.count("h-bad")
    assert hosts.count("h-bad") == 2
    assert hosts.count("h-ok") == 2
    bad = next(i for i in page["items"] if i["host_id"] == "h-bad")
    ok = next(i for i in page["items"] if i["host_id"] == "h-ok")
    assert bad["host_credit"] is not None
    assert bad["host_credit"] < 100
    assert bad["risk"] == round(100 - min(bad["host_credit"], bad["merchant_credit"]), 2)
    assert ok["host_credit"] is None
    assert ok["risk"] == 0
    # the risk cursor walks the same order one by one
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"status": "open", "sort": "risk", "limit": 1}
        if cursor:
            params["cursor"] = cursor
        step = c.get("/api/cases", params=params, headers=mod).json()
        seen.extend(i["id"] for i in step["items"])
        cursor = step["next_cursor"]
        if not cursor:
            break
    assert seen == [i["id"] for i in page["items"]]


def test_a_merchant_sees_only_its_own_credit(api, settings, events):
    _ingest(
        api,
        settings,
        [
            events.finding(stream_id="s-1", host="h-1", merchant="m-1"),
            events.finding(stream_id="s-2", host="h-2", merchant="m-2"),
        ],
    )
    _decide(api, 1)
    _decide(api, 2)
    c, mer = api.client, api.as_("merchant")
    rows = c.get("/api/credit", headers=mer).json()
    assert [(r["party_type"], r["party_id"]) for r in rows] == [("merchant", "m-1")]
    assert c.get("/api/credit/merchant/m-1", headers=mer).status_code == 200
    assert c.get("/api/credit/merchant/m-2", headers=mer).status_code == 404
    assert c.get("/api/credit/host/h-1", headers=mer).status_code == 404
    exported = c.get("/api/credit/export", params={"format": "json"}, headers=mer).json()
    assert {s["party_id"] for s in exported["scores"]} == {"m-1"}
    assert {h["party_id"] for h in exported["history"]} == {"m-1"}
    # on its cases it sees its own credit, not the host's; and no order by the hidden risk
    own_cases = c.get("/api/cases", headers=mer).json()["items"]
    assert own_cases
    assert all(x["host_credit"] is None for x in own_cases)
    assert all(x["merchant_credit"] is not None for x in own_cases)
    detail = c.get(f"/api/cases/{own_cases[0]['id']}", headers=mer).json()["case"]
    assert detail["host_credit"] is None
    assert c.get("/api/cases", params={"sort": "risk"}, headers=mer).status_code == 400
    everyone = c.get("/api/credit", headers=api.as_("regulator")).json()
    assert {(r["party_type"], r["party_id"]) for r in everyone} == {
        ("host", "h-1"),
        ("host", "h-2"),
        ("merchant", "m-1"),
        ("merchant", "m-2"),
    }


def test_export_carries_the_history_with_versions(api, settings, events):
    _ingest(api, settings, [events.finding(stream_id=f"s-{i}", host="h-5") for i in range(2)])
    _decide(api, 1)
    _decide(api, 2)
    r = api.client.get(
        "/api/credit/export",
        params={"format": "csv", "party_type": "host", "party_id": "h-5"},
        headers=api.as_("regulator"),
    )
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row["cause"] for row in rows] == ["case 1 confirmed", "case 2 confirmed"]
    assert {row["weights_version"] for row in rows} == {_packaged_version()}
    assert float(rows[0]["score"]) > float(rows[1]["score"])


def test_blacklist_policy_lists_a_party_whose_credit_falls_below_the_line(
    api, settings_for, db_url, events
):
    # a count threshold nobody reaches, so only the credit line can list
    strict = settings_for(db_url, blacklist_threshold=50)
    line = credit.default_weights().blacklist.list_below
    assert line is not None
    _ingest(api, strict, [events.finding(stream_id=f"s-{i}", host="h-cr") for i in range(6)])
    c = api.client
    listed_after = None
    with c.app.state.sessionmaker() as s:
        from liveguard.alerts.crud import cases as case_crud
        from liveguard.alerts.crud import credit as credit_crud
        from liveguard.alerts.crud import users

        moderator = users.get_user(s, "moderator")
        assert moderator is not None
        for case_id in range(1, 7):
            case_crud.claim_case(s, case_id, moderator, 60)
            case = case_crud.decide_case(s, case_id, moderator, "confirm")
            credit_crud.after_decision(s, strict, case)
            s.commit()
            score = credit_crud.get_score(s, "host", "h-cr")
            assert score is not None
            look = c.get(
                "/api/blacklist/lookup",
                params={"party_type": "host", "party_id": "h-cr"},
                headers=api.as_("regulator"),
            ).json()
            if look["listed"]:
                listed_after = case_id
                assert score.score < line
                assert look["entry"]["source"] == "credit"
                assert score.weights_version in look["entry"]["reasons"]
                assert sorted(look["entry"]["case_ids"]) == list(range(1, case_id + 1))
                break
            assert score.score >= line
    assert listed_after is not None


def _facts(case_id: int, rule: str, severity: str, days_ago: float, **kw: Any) -> credit.CaseFacts:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    return credit.CaseFacts(
        case_id=case_id,
        rule_id=rule,
        severity=severity,
        status=kw.pop("status", "confirmed"),
        at=now - timedelta(days=days_ago),
        **kw,
    )


NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_weights_severity_recency_repetition_and_corrections():
    w = credit.default_weights()
    high = w.severity_points["high"]
    one = credit.compute([_facts(1, "r", "high", 0)], NOW)
    assert one.score == w.start - high
    old = credit.compute([_facts(1, "r", "high", w.recency.half_life_days)], NOW)
    assert old.score == w.start - high / 2
    gone = credit.compute([_facts(1, "r", "high", w.recency.horizon_days + 1)], NOW)
    assert gone.score == w.start
    assert gone.contributions == ()
    corrected = credit.compute([_facts(1, "r", "high", 0, correction_status="corrected")], NOW)
    assert corrected.score == w.start - high * w.correction.factor
    partly = credit.compute([_facts(1, "r", "high", 0, correction_status="partly_corrected")], NOW)
    assert partly.score == w.start - high * w.correction.partly_factor
    assert corrected.score > partly.score > one.score
    dismissed = credit.compute([_facts(1, "r", "high", 0, status="dismissed")], NOW)
    assert dismissed.score == w.start
    twice = credit.compute([_facts(1, "r", "high", 0), _facts(2, "r", "high", 0)], NOW)
    other = credit.compute([_facts(1, "r", "high", 0), _facts(2, "q", "high", 0)], NOW)
    assert twice.score < other.score
    many = credit.compute([_facts(i, "r", "high", 0) for i in range(40)], NOW)
    assert many.score == w.floor
    assert many.band == w.bands[-1].name
    assert one.band != many.band


def test_case_facts_read_the_correction_status_when_cases_have_it():
    from liveguard.alerts.crud.credit import facts_of
    from liveguard.alerts.models import Case

    case = Case(
        id=7, rule_id="r", severity="high", status="confirmed", last_seen=NOW, decided_at=NOW
    )
    assert facts_of(case).correction_status == ""  # no correction event yet
    case.correction_status = "partly_corrected"
    facts = facts_of(case)
    assert facts.correction_status == "partly_corrected"
    w = credit.default_weights()
    assert credit.compute([facts], NOW).score == (
        w.start - w.severity_points["high"] * w.correction.partly_factor
    )
