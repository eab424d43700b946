"""Pages of issue 15 through the real app (no browser): credit in the queue, on the case page,
the blacklist and the dashboard; receipts; the feedback page; legal basis by name; one
utterance with several findings shown once. A merchant never sees another party's data."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from liveguard.alerts.ingestion import ingest_events
from tests.web.conftest import PASSWORD, Seeded, second_span, sign_in


def _csrf(client: Any) -> str:
    token = client.cookies.get("lg_csrf")
    assert token
    return str(token)


def _decide(client: Any, case_id: int, action: str, **form: str) -> Any:
    return client.post(
        f"/ui/cases/{case_id}/decision",
        data={"action": action, "csrf_token": _csrf(client), **form},
        follow_redirects=False,
    )


def test_queue_shows_credit_and_sorts_by_risk(client, seeded: Seeded):
    sign_in(client, "mod", PASSWORD)
    other_high = seeded.case_ids[3]  # host-9 / m-other
    assert _decide(client, other_high, "confirm").status_code == 303
    html = client.get("/ui/queue", params={"sort": "risk"}).text
    rows = re.findall(r'data-case-id="(\d+)"', html)
    first_hosts = re.findall(r"<td>(host-\d)</td>", html)
    assert first_hosts[:2] == ["host-9", "host-9"]
    assert first_hosts[2:] == ["host-7"] * 3
    assert len(rows) == 5
    credits = re.findall(r'class="host-credit" data-risk="([\d.]+)"', html)
    assert float(credits[0]) > 0
    assert float(credits[-1]) == 0
    assert 'option value="risk" selected' in html
    severity_first = client.get("/ui/queue").text
    assert re.findall(r"<td>(host-\d)</td>", severity_first)[0] == "host-7"


def test_case_page_credit_is_scoped_for_merchants(client, seeded: Seeded):
    sign_in(client, "mod", PASSWORD)
    assert _decide(client, seeded.case_ids[0], "confirm").status_code == 303
    html = client.get(f"/ui/cases/{seeded.case_ids[1]}").text
    box = html.split('id="case-credits"')[1].split("</ul>")[0]
    assert 'data-party="host"' in box
    assert 'data-party="merchant"' in box
    assert "host-7" in box
    client.cookies.clear()
    sign_in(client, "acme", seeded.tokens["acme"])
    own = client.get(f"/ui/cases/{seeded.case_ids[1]}").text
    box = own.split('id="case-credits"')[1].split("</ul>")[0]
    assert 'data-party="merchant"' in box
    assert 'data-party="host"' not in box  # a host's record spans merchants: not theirs to see
    assert client.get("/ui/credit/host/host-7").status_code == 404
    assert client.get("/ui/credit/merchant/m-other").status_code == 404
    mine = client.get(f"/ui/credit/merchant/{seeded.merchant_id}")
    assert mine.status_code == 200
    assert f'data-case-id="{seeded.case_ids[0]}"' in mine.text
    shop = client.get(f"/ui/merchants/{seeded.merchant_id}").text
    assert 'id="merchant-credit"' in shop
    listing = client.get("/ui/credit").text
    assert "host-7" not in listing
    assert "m-other" not in listing


def test_credit_page_explains_and_blacklist_and_dashboard_show_credit(client, seeded: Seeded):
    sign_in(client, "mod", PASSWORD)
    for case_id in seeded.case_ids[:2]:
        assert _decide(client, case_id, "confirm").status_code == 303
    page = client.get("/ui/credit/host/host-7").text
    listed = re.findall(r'<tr data-case-id="(\d+)"', page)
    assert sorted(int(x) for x in listed) == seeded.case_ids[:2]
    points = [float(x) for x in re.findall(r'class="points">−([\d.]+)<', page)]
    lost = re.search(r'id="lost">([\d.]+)<', page)
    assert lost is not None
    assert round(sum(points), 2) == float(lost.group(1))
    assert re.search(r'id="weights-version">credit-', page)
    # a manual entry on the blacklist shows the party's credit
    r = client.post(
        "/ui/blacklist",
        data={
            "party_kind": "host",
            "party_id": "host-7",
            "reason": "repeat offender",
            "days": "30",
            "csrf_token": _csrf(client),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    black = client.get("/ui/blacklist").text
    cell = black.split('class="entry-credit"')[1].split("</td>")[0]
    assert "/ui/credit/host/host-7" in cell
    client.cookies.clear()
    sign_in(client, "reg", seeded.tokens["reg"])
    dash = client.get("/ui/dashboard").text
    lowest = dash.split('id="lowest-credit"')[1].split("</section>")[0]
    assert "host-7" in lowest
    assert "m-acme" in lowest
    streams = dash.split('id="streams-precheck"')[1].split("</section>")[0]
    assert "room-a-001" in streams


def test_precheck_receipt_printable_and_legal_basis_by_name(client, seeded: Seeded):
    sign_in(client, "acme", seeded.tokens["acme"])
    text = "这款面霜能治疗湿疹，全网最低价！"
    client.get("/ui/precheck")
    r = client.post(
        "/ui/precheck", data={"text": text, "host_id": "host-7", "csrf_token": _csrf(client)}
    )
    assert r.status_code == 200
    hits = r.text.split('class="hits"')[1].split("</ol>")[0]
    visible = re.sub(r'title="[^"]*"', "", hits)
    assert "广告法 第" in visible  # the Chinese name and article …
    assert "CN-AD-" not in visible  # … not only ids (they stay in the hover title)
    link = re.search(r'id="receipt-link" href="([^"]+)"', r.text)
    assert link is not None
    receipt = client.get(link.group(1)).text
    assert hashlib.sha256(text.encode()).hexdigest() in receipt
    assert 'id="checked-by">acme<' in receipt
    listing = client.get("/ui/receipts").text
    assert link.group(1) in listing
    client.cookies.clear()
    sign_in(client, "other", seeded.tokens["other"])
    assert client.get(link.group(1)).status_code == 404
    assert link.group(1) not in client.get("/ui/receipts").text
    assert client.get("/ui/streams/room-a-001/precheck").status_code == 404
    client.cookies.clear()
    sign_in(client, "reg", seeded.tokens["reg"])
    sp = client.get("/ui/streams/room-a-001/precheck").text
    assert 'id="prechecked" data-value="no"' in sp  # checked after the stream went live


def test_english_interface_names_law_and_summary(client, seeded: Seeded):
    sign_in(client, "mod", PASSWORD)
    client.get("/ui/lang", params={"to": "en", "next": "/ui/queue"})
    html = client.get(f"/ui/cases/{seeded.case_ids[0]}").text
    legal = html.split('class="legal"')[1].split("</ul>")[0]
    assert "广告法 第九条" in legal
    assert "No absolute terms" in legal


def test_several_findings_in_one_utterance_show_once_with_every_span(
    client, seeded: Seeded, web_app
):
    with web_app.state.sessionmaker() as s:
        ingest_events(
            s,
            [second_span("room-a-001", seeded.merchant_id, "host-7")],
            web_app.state.settings,
        )
    sign_in(client, "mod", PASSWORD)
    html = client.get(f"/ui/cases/{seeded.case_ids[0]}").text
    articles = re.findall(r'<article class="finding utterance"[^>]*data-findings="(\d+)"', html)
    assert articles == ["2"]
    utterance = html.split('<p class="utterance">')[1].split("</p>")[0]
    assert re.findall(r"<mark[^>]*>([^<]+)</mark>", utterance) == ["根治", "效果最好"]
    assert utterance.count("七天") == 1


def test_dismissal_reason_codes_feed_the_report_and_suppress_from_the_case(
    client, seeded: Seeded, web_app
):
    sign_in(client, "mod", PASSWORD)
    case_id = seeded.case_ids[2]  # ZH-PRI-REF, m-acme
    r = _decide(
        client,
        case_id,
        "dismiss",
        reason_code="asr_error",
        reason="九百九 misheard",
        suppress_scope="merchant",
        suppress_days="7",
    )
    assert r.status_code == 303
    page = client.get("/ui/feedback").text
    row = page.split('data-rule="ZH-PRI-REF"')[1].split("</tr>")[0]
    assert 'data-code="asr_error"' in row
    sups = page.split('id="suppressions"')[1].split("</table>")[0]
    assert "ZH-PRI-REF" in sups
    assert "原价九百九" in sups  # the phrase it matched
    # no restart: the same phrase from this merchant opens no new case
    from tests.web.conftest import make_events

    with web_app.state.sessionmaker() as s:
        out = ingest_events(
            s,
            make_events("room-a-002", seeded.merchant_id, "host-7", None, t0=100.0),
            web_app.state.settings,
        )
    assert out.findings_suppressed == 1
    assert out.cases_new == 2
    found = re.search(r'<tr class="active" data-id="(\d+)"', sups)
    assert found is not None
    sup_id = found.group(1)
    lift = client.post(
        f"/ui/suppressions/{sup_id}/lift",
        data={"reason": "fixed the transcript", "csrf_token": _csrf(client)},
        follow_redirects=False,
    )
    assert lift.status_code == 303
    assert f'<tr class="lifted" data-id="{sup_id}"' in client.get("/ui/feedback").text
    client.cookies.clear()
    sign_in(client, "acme", seeded.tokens["acme"])
    assert client.get("/ui/feedback").status_code == 403
