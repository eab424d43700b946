"""Request hygiene: no input makes a page answer 500, nothing echoes the Host header, every
response carries the security headers, /docs needs no CDN, API tokens expire and rotate."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta

import pytest

from liveguard.alerts.crud import users
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import ApiToken, Case, utcnow

HUGE = "9" * 30


def _cursor(values: list[object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("who", "method", "path", "data"),
    [
        ("moderator", "GET", f"/ui/cases/{HUGE}", None),
        ("moderator", "GET", "/ui/cases/-1", None),
        ("merchant", "POST", f"/ui/allowlist/{HUGE}/delete", {}),
        ("merchant", "POST", f"/ui/blacklist/{HUGE}/appeal", {"text": "x"}),
        ("admin", "POST", f"/ui/appeals/{HUGE}/decision", {"outcome": "uphold"}),
        ("moderator", "POST", f"/ui/cases/{HUGE}/decision", {"action": "confirm"}),
        (
            "moderator",
            "GET",
            "/ui/queue?cursor=" + _cursor([10**30, "2026-01-01T00:00:00", 1]),
            None,
        ),
        (
            "moderator",
            "GET",
            "/ui/queue?cursor=" + _cursor([1, "9999-12-31T23:59:59", 10**30]),
            None,
        ),
        ("moderator", "GET", "/ui/queue?cursor=" + "A" * 5000, None),
        (
            "moderator",
            "POST",
            "/ui/blacklist",
            {"party_kind": "host", "party_id": "h", "reason": "r", "days": str(10**9)},
        ),
        (
            "moderator",
            "POST",
            "/ui/blacklist",
            {"party_kind": "host", "party_id": "h", "reason": "r", "days": HUGE},
        ),
        ("merchant", "POST", "/ui/precheck", {"text": "好" * 100_001}),
        ("regulator", "GET", f"/ui/dashboard?since={HUGE}&until=0001-01-01", None),
        ("moderator", "GET", "/ui/live/" + "x" * 5000, None),
    ],
)
def test_no_page_answers_500(api, sign_in, page_csrf, who, method, path, data):
    password = "pw-admin" if who == "admin" else "page-pass-word-1"
    browser = sign_in(api.client.app, who, password)
    if method == "GET":
        r = browser.get(path)
    else:
        token = page_csrf(browser)
        r = browser.post(path, data={**(data or {}), "csrf_token": token}, follow_redirects=False)
    assert r.status_code < 500, r.text[:300]
    if path == "/ui/precheck":
        assert r.status_code == 422
        assert "100000" in r.text or "100,000" in r.text


def test_clip_urls_do_not_echo_the_host_header(api, events, settings):
    with api.client.app.state.sessionmaker() as s:
        ingest_events(s, [events.finding(clip="s-1/clip.wav")], settings)
        case_id = s.query(Case).one().id
    r = api.client.get(
        f"/api/cases/{case_id}",
        headers={**api.as_("moderator"), "Host": "attacker.example"},
    )
    assert r.status_code == 200
    urls = list(r.json()["clip_urls"].values())
    assert urls
    assert all("attacker.example" not in u for u in urls), urls
    assert all(u.startswith("/api/cases/") for u in urls), urls


@pytest.mark.parametrize("path", ["/ui/login", "/api/health", "/docs", "/ui/static/app.css"])
def test_security_headers(api, path):
    r = api.client.get(path)
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_docs_load_nothing_from_other_hosts(api):
    html = api.client.get("/docs").text
    assert "cdn." not in html
    assert "<script>" not in html  # inline scripts would need a weaker CSP
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), asset
        assert api.client.get(asset).status_code == 200, asset


def test_api_tokens_expire_and_rotate(api):
    client = api.client
    with client.app.state.sessionmaker() as s:
        user = users.get_user(s, "regulator")
        assert user is not None
        short, short_clear = users.create_token(s, user, "short", ttl_days=30)
        assert short.expires_at is not None
        s.commit()
    auth = {"Authorization": f"Bearer {short_clear}"}
    assert client.get("/api/me", headers=auth).status_code == 200
    with client.app.state.sessionmaker() as s:
        row = s.get(ApiToken, short.id)
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
        s.commit()
    assert client.get("/api/me", headers=auth).status_code == 401
    with client.app.state.sessionmaker() as s:
        _new, new_clear = users.rotate_token(s, api_token_id(s, "regulator"), ttl_days=30)
        s.commit()
    assert client.get("/api/me", headers=api.as_("regulator")).status_code == 401
    assert (
        client.get("/api/me", headers={"Authorization": f"Bearer {new_clear}"}).status_code == 200
    )


def api_token_id(session, username: str) -> int:
    user = users.get_user(session, username)
    assert user is not None
    return min(t.id for t in users.list_tokens(session, user) if t.name == "test")
