"""Page tests through the real alerts app (no browser): sign-in, CSRF, roles, each page's content."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import CORRECTION_TEXT, PASSWORD, correct_first_claim, sign_in


def _csrf(client) -> str:
    token = client.cookies.get("lg_csrf")
    assert token
    return str(token)


def test_signed_out_visitor_is_sent_to_sign_in(client, seeded):
    resp = client.get("/ui/queue", follow_redirects=False)
    assert resp.status_code == 303
    assert resp.headers["location"].startswith("/ui/login?next=%2Fui%2Fqueue")


def test_sign_in_with_password_or_token_sets_httponly_cookie(client, seeded):
    client.get("/ui/login")
    resp = client.post(
        "/ui/login",
        data={"username": "mod", "secret": PASSWORD, "csrf_token": _csrf(client)},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    assert resp.headers["location"] == "/ui/queue"
    cookie = next(h for h in resp.headers.get_list("set-cookie") if h.startswith("lg_session="))
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    client.cookies.clear()
    sign_in(client, "reg", seeded.tokens["reg"])
    assert client.get("/ui/dashboard").status_code == 200


def test_wrong_secret_and_someone_elses_token_are_refused(client, seeded):
    client.get("/ui/login")
    for secret in ("wrong", seeded.tokens["reg"]):
        resp = client.post(
            "/ui/login",
            data={"username": "mod", "secret": secret, "csrf_token": _csrf(client)},
            follow_redirects=False,
        )
        assert resp.status_code == 401
        assert "lg_session" not in resp.headers.get("set-cookie", "")


def test_forms_without_csrf_token_are_refused(client, seeded):
    client.get("/ui/login")
    resp = client.post(
        "/ui/login",
        data={"username": "mod", "secret": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert resp.status_code == 403
    sign_in(client, "mod", PASSWORD)
    case_id = seeded.case_ids[0]
    resp = client.post(f"/ui/cases/{case_id}/decision", data={"action": "confirm"})
    assert resp.status_code == 403
    page = client.get(f"/ui/cases/{case_id}")
    assert 'data-status="open"' in page.text


def test_queue_filters_and_severity_order(client, seeded):
    sign_in(client, "mod", PASSWORD)
    page = client.get("/ui/queue").text
    rows = re.findall(r'<tr class="case sev-(\w+)" data-case-id="(\d+)"', page)
    assert len(rows) == len(seeded.case_ids)
    ranks = {"high": 3, "medium": 2, "low": 1}
    assert [ranks[s] for s, _ in rows] == sorted((ranks[s] for s, _ in rows), reverse=True)
    only = client.get("/ui/queue", params={"family": "scarcity", "merchant_id": "m-acme"}).text
    rows = re.findall(r'<tr class="case sev-(\w+)" data-case-id="(\d+)"', only)
    assert rows == [("medium", rows[0][1])]
    assert "ZH-SCA-LAST" in only
    assert "ZH-EFF-CURE" not in only


def test_case_page_shows_the_hosts_correction(client, seeded, web_app):
    sign_in(client, "mod", PASSWORD)
    case_id = seeded.case_ids[0]
    before = client.get(f"/ui/cases/{case_id}").text
    assert 'data-status="uncorrected"' in before
    correction_id = correct_first_claim(web_app, seeded.stream_id)
    html = client.get(f"/ui/cases/{case_id}").text
    assert 'id="correction-status" data-status="corrected"' in html
    mark = re.search(r'class="correction-mark corrected" data-correction-id="(\w+)">([^<]+)<', html)
    assert mark is not None
    assert mark.group(1) == correction_id
    assert "已当场更正" in mark.group(2)
    assert "距违规 9.0s" in mark.group(2)
    assert '<mark class="cue">刚才说错了</mark>' in html
    assert CORRECTION_TEXT.split("刚才说错了")[1] in html
    audio = re.search(r'<audio class="clip correction-clip"[^>]*src="([^"]+)"', html)
    assert audio is not None
    clip = client.get(audio.group(1), headers={"range": "bytes=0-43"})
    assert clip.status_code == 206
    assert clip.content.startswith(b"RIFF")


def test_case_page_has_clip_at_span_highlight_context_and_history(client, seeded):
    sign_in(client, "mod", PASSWORD)
    html = client.get(f"/ui/cases/{seeded.case_ids[0]}").text
    audio = re.search(r'<audio class="clip"[^>]*src="([^"]+)" data-offset="([\d.]+)"', html)
    assert audio is not None
    # finding at t=5.0 s, clip starts at t=3.0 s → the player starts 2 s into the clip
    assert float(audio.group(2)) == pytest.approx(2.0)
    clip = client.get(audio.group(1), headers={"range": "bytes=0-43"})
    assert clip.status_code == 206
    assert clip.content.startswith(b"RIFF")
    assert '<mark class="sev-high">根治</mark>' in html
    assert "欢迎来到直播间" in html.split('class="context"')[1].split("</div>")[0]
    assert "CN-AD-9-3" in html
    assert "广告法" in html  # the legal-basis title from the rules' table
    assert "请改为客观描述" in html
    host_history = html.split("history_host")[0] if "history_host" in html else html
    assert "ZH-SCA-LAST" in host_history


def test_keyboard_decision_endpoint_confirms_and_queue_updates(client, seeded):
    sign_in(client, "mod", PASSWORD)
    case_id = seeded.case_ids[0]
    resp = client.post(
        f"/ui/cases/{case_id}/decision",
        data={"action": "confirm", "csrf_token": _csrf(client)},
        headers={"accept": "application/json", "x-csrf-token": _csrf(client)},
    )
    assert resp.status_code == 200
    assert resp.json()["status"] == "confirmed"
    open_queue = client.get("/ui/queue").text
    assert f'data-case-id="{case_id}"' not in open_queue
    confirmed = client.get("/ui/queue", params={"status": "confirmed"}).text
    assert f'data-case-id="{case_id}"' in confirmed
    audit = client.get(f"/ui/cases/{case_id}").text
    assert "confirm" in audit.split('class="audit"')[1]


def test_dismiss_from_form_records_reason(client, seeded):
    sign_in(client, "mod", PASSWORD)
    case_id = seeded.case_ids[1]
    resp = client.post(
        f"/ui/cases/{case_id}/decision",
        data={"action": "dismiss", "reason": "misheard", "csrf_token": _csrf(client)},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    html = client.get(f"/ui/cases/{case_id}").text
    assert 'data-status="dismissed"' in html
    assert "misheard" in html


def test_roles_see_only_their_pages(client, seeded):
    sign_in(client, "reg", seeded.tokens["reg"])
    assert client.get("/ui/queue").status_code == 403
    assert client.get("/ui/dashboard").status_code == 200
    assert client.get("/ui/precheck").status_code == 403
    client.cookies.clear()
    sign_in(client, "acme", seeded.tokens["acme"])
    assert client.get("/ui/queue").status_code == 403
    assert client.get("/ui/dashboard").status_code == 403
    assert client.get(f"/ui/merchants/{seeded.merchant_id}").status_code == 200
    assert client.get(f"/ui/merchants/{seeded.other_merchant}").status_code == 403
    other_case = seeded.case_ids[-1]
    assert client.get(f"/ui/cases/{other_case}").status_code == 404


def test_dashboard_shows_aggregates_and_export_links(client, seeded):
    sign_in(client, "reg", seeded.tokens["reg"])
    html = client.get("/ui/dashboard").text
    assert html.count('<rect class="daybar fam-') == 3
    assert re.search(r"fam-efficacy\">■ \S+ \(2\)", html)
    assert "ZH-EFF-CURE" in html
    assert "host-7" in html
    assert "m-other" in html
    link = re.search(r'id="export-csv" href="([^"]+)"', html)
    assert link is not None
    csv = client.get(link.group(1).replace("&amp;", "&"))
    assert csv.status_code == 200
    assert len(csv.text.strip().splitlines()) == 1 + len(seeded.case_ids)
    filtered = client.get("/ui/dashboard", params={"merchant_id": "m-acme"}).text
    assert "m-other" not in filtered.split("top_merchants")[-1]


def test_blacklist_manual_entry_notice_and_appeal(client, seeded):
    sign_in(client, "mod", PASSWORD)
    client.get("/ui/blacklist")
    resp = client.post(
        "/ui/blacklist",
        data={
            "party_kind": "merchant",
            "party_id": seeded.merchant_id,
            "reason": "重复虚假宣传",
            "days": "30",
            "csrf_token": _csrf(client),
        },
        follow_redirects=False,
    )
    assert resp.status_code == 303
    html = client.get("/ui/blacklist").text
    assert "重复虚假宣传" in html
    assert 'class="notice"' in html
    client.cookies.clear()
    sign_in(client, "acme", seeded.tokens["acme"])
    html = client.get("/ui/blacklist").text
    entry = re.search(r'action="/ui/blacklist/(\d+)/appeal"', html)
    assert entry is not None
    client.post(
        f"/ui/blacklist/{entry.group(1)}/appeal",
        data={"text": "已整改", "csrf_token": _csrf(client)},
    )
    assert "已整改" in client.get("/ui/blacklist").text
    client.cookies.clear()
    sign_in(client, "other", seeded.tokens["other"])
    assert "重复虚假宣传" not in client.get("/ui/blacklist").text


def test_live_events_stream_lines_with_marks(client, seeded):
    sign_in(client, "mod", PASSWORD)
    assert seeded.stream_id in client.get("/ui/live").text
    body = client.get(f"/ui/live/{seeded.stream_id}/events").text
    lines = re.findall(r"event: line\ndata: (.+)\n", body)
    assert len(lines) == 4
    assert '"ZH-EFF-CURE"' in lines[1]
    assert body.rstrip().endswith('"stream_id": "room-a-001"}')


def test_language_toggle(client, seeded):
    sign_in(client, "mod", PASSWORD)
    assert "待审队列" in client.get("/ui/queue").text
    client.get("/ui/lang", params={"to": "en", "next": "/ui/queue"})
    assert "Review queue" in client.get("/ui/queue").text
    resp = client.get("/ui/lang", params={"to": "zh", "next": "https://evil.example/"})
    assert resp.url.path.startswith("/ui")


def test_dashboard_shows_correction_rates(client, seeded, web_app):
    correct_first_claim(web_app, seeded.stream_id)
    sign_in(client, "reg", PASSWORD)
    html = client.get("/ui/dashboard").text
    rows = re.findall(
        r'<tr class="correction-row" data-group="(\w+)" data-id="([^"]+)">'
        r"<td>[^<]*</td><td>[^<]*</td><td>(\d+)</td><td>(\d+)</td>",
        html,
    )
    got = {(g, i): (int(n), int(d)) for g, i, n, d in rows}
    assert got[("host", "host-7")] == (3, 1)
    assert got[("host", "host-9")] == (3, 0)
    assert got[("rule", "ZH-EFF-CURE")] == (2, 1)
    assert 'href="/api/reports/corrections?format=csv"' in html
