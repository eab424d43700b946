"""Sessions are honest: a cookie dies with its session (logout, token revocation, password
change), a cookie forged with the placeholder key opens nothing, ``serve`` with the placeholder
key stays on loopback, and CSRF tokens belong to one session and one signing key."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from itsdangerous import URLSafeSerializer, URLSafeTimedSerializer

from liveguard.alerts.crud import users
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import Case
from liveguard.alerts.security import SESSION_COOKIE
from liveguard.settings import PLACEHOLDER_SECRET


def _me(api, cookie: str) -> int:
    client = api.client
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, cookie)
    try:
        return int(client.get("/api/me").status_code)
    finally:
        client.cookies.clear()


def test_logout_ends_the_session_for_a_replayed_cookie(api, sign_in, page_csrf):
    browser = sign_in(api.client.app, "merchant")
    cookie = browser.cookies.get(SESSION_COOKIE)
    assert cookie
    assert _me(api, cookie) == 200
    out = browser.post(
        "/ui/logout", data={"csrf_token": page_csrf(browser)}, follow_redirects=False
    )
    assert out.status_code == 303
    assert _me(api, cookie) == 401


def test_revoking_the_token_ends_sessions_opened_with_it(api, sign_in):
    app = api.client.app
    with app.state.sessionmaker() as s:
        user = users.get_user(s, "regulator")
        assert user is not None
        token, clear = users.create_token(s, user, "sign-in")
        s.commit()
    cookie = sign_in(app, "regulator", clear).cookies.get(SESSION_COOKIE)
    assert cookie
    assert _me(api, cookie) == 200
    with app.state.sessionmaker() as s:
        users.revoke_token(s, token.id)
        s.commit()
    assert _me(api, cookie) == 401


def test_password_change_ends_existing_sessions(api, sign_in):
    app = api.client.app
    cookie = sign_in(app, "merchant").cookies.get(SESSION_COOKIE)
    assert cookie
    assert _me(api, cookie) == 200
    with app.state.sessionmaker() as s:
        user = users.get_user(s, "merchant")
        assert user is not None
        users.set_password(s, user, "a-brand-new-password")
        s.commit()
    assert _me(api, cookie) == 401


def test_cookie_forged_with_the_placeholder_key_opens_nothing(db_url, settings_for):
    from tests.alerts.conftest import make_api

    settings = settings_for(db_url, secret_key=PLACEHOLDER_SECRET)
    gen = make_api(settings)
    api = next(gen)
    try:
        forged = URLSafeTimedSerializer(PLACEHOLDER_SECRET, salt="liveguard-session").dumps(
            {"uid": api.user_ids["admin"]}
        )
        assert _me(api, forged) == 401
    finally:
        for _ in gen:
            pass


def test_serve_with_placeholder_key_warns_and_stays_on_loopback(monkeypatch, caplog):
    import uvicorn
    from typer.testing import CliRunner

    from liveguard.cli import build_app

    monkeypatch.delenv("LIVEGUARD_SECRET_KEY", raising=False)
    monkeypatch.setenv("LIVEGUARD_ENVIRONMENT", "local")
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    runner = CliRunner()
    with caplog.at_level(logging.WARNING):
        ok = runner.invoke(build_app(), ["serve"])
    assert ok.exit_code == 0, ok.output
    assert calls
    assert calls[0]["host"] == "127.0.0.1"
    assert calls[0]["app"].state.recording_text is not None  # recordings go through the pipeline
    assert any("placeholder" in r.getMessage() for r in caplog.records)
    exposed = runner.invoke(build_app(), ["serve", "--host", "0.0.0.0"])
    assert exposed.exit_code != 0
    assert len(calls) == 1  # never started on a public interface


def test_csrf_token_of_another_session_is_refused(api, sign_in, page_csrf):
    app = api.client.app
    anonymous = api.client
    anonymous.cookies.clear()
    anonymous.get("/ui/login")
    anon_token = anonymous.cookies.get("lg_csrf")
    assert anon_token
    merchant = sign_in(app, "merchant")
    merchant.cookies.delete("lg_csrf")
    merchant.cookies.set("lg_csrf", anon_token)  # e.g. planted by a sibling subdomain
    r = merchant.post(
        "/ui/allowlist",
        data={"term": "ACME", "kind": "trademark", "csrf_token": anon_token},
        follow_redirects=False,
    )
    assert r.status_code == 403
    own = page_csrf(merchant, "/ui/precheck")
    r = merchant.post(
        "/ui/allowlist",
        data={"term": "ACME", "kind": "trademark", "csrf_token": own},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_csrf_tokens_are_signed_with_the_apps_key(api):
    """The app's key (``test-secret``), not the process-wide placeholder, signs CSRF tokens."""
    client = api.client
    client.cookies.clear()
    foreign = URLSafeSerializer(PLACEHOLDER_SECRET, salt="liveguard-web-csrf").dumps("x")
    client.cookies.set("lg_csrf", foreign)
    r = client.post(
        "/ui/login",
        data={"username": "admin", "secret": "pw-admin", "csrf_token": foreign},
        follow_redirects=False,
    )
    client.cookies.clear()
    assert r.status_code == 403


@pytest.mark.parametrize("with_token", [False, True])
def test_api_posts_with_the_cookie_need_the_csrf_token(
    api, events, settings, sign_in, page_csrf, with_token
):
    app = api.client.app
    with app.state.sessionmaker() as s:
        ingest_events(s, [events.finding()], settings)
        case_id = s.query(Case).one().id
    browser = sign_in(app, "moderator")
    headers = {"X-CSRF-Token": page_csrf(browser, "/ui/queue")} if with_token else {}
    r = browser.post(f"/api/cases/{case_id}/claim", headers=headers)
    assert r.status_code == (200 if with_token else 403), r.text
    # tokens, which no browser sends on its own, need none
    released = api.client.post(f"/api/cases/{case_id}/release", headers=api.as_("moderator"))
    assert released.status_code == (200 if with_token else 409)
