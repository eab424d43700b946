"""Credentials and error hygiene: passwords, tokens, session cookies, problem+json."""

from __future__ import annotations

from liveguard.alerts.crud import sessions, users
from liveguard.alerts.security import (
    SESSION_COOKIE,
    hash_password,
    make_session_cookie,
    read_session_cookie,
    verify_password,
)
from liveguard.settings import load_settings


def test_password_hashes_are_salted_and_verify():
    a, b = hash_password("s3cret"), hash_password("s3cret")
    assert a != b
    assert a.startswith("scrypt$")
    assert verify_password("s3cret", a)
    assert not verify_password("S3cret", a)
    assert not verify_password("x", None)
    assert not verify_password("x", "garbage")


def test_session_cookie_round_trip_and_tamper():
    s1 = load_settings(secret_key="one")
    s2 = load_settings(secret_key="two")
    sid = "a-server-side-session-id-0123456789"
    cookie = make_session_cookie(sid, s1)
    assert read_session_cookie(cookie, s1) == sid
    assert read_session_cookie(cookie, s2) is None
    assert read_session_cookie(cookie[:-2] + "xx", s1) is None
    assert read_session_cookie(cookie, s1, max_age=-1) is None


def test_cookie_and_revoked_tokens(sqlite_api):
    app = sqlite_api.client.app
    with app.state.sessionmaker() as s:
        user = users.get_user(s, "regulator")
        assert user is not None
        token, clear = users.create_token(s, user, "temp")
        s.commit()
        assert token.token_hash != clear
        assert clear not in token.token_hash
        cookie = make_session_cookie(sessions.open_session(s, user, 3600), app.state.settings)
        s.commit()
    c = sqlite_api.client
    assert (
        c.get("/api/me", headers={"Authorization": f"Bearer {clear}"}).json()["role"] == "regulator"
    )
    c.cookies.set(SESSION_COOKIE, cookie)
    assert c.get("/api/me").json()["username"] == "regulator"
    c.cookies.clear()
    with app.state.sessionmaker() as s:
        users.revoke_token(s, token.id)
        s.commit()
    r = c.get("/api/me", headers={"Authorization": f"Bearer {clear}"})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    with app.state.sessionmaker() as s:
        assert users.authenticate(s, "admin", "pw-admin") is not None
        assert users.authenticate(s, "admin", "nope") is None
        assert users.authenticate(s, "ghost", "pw-admin") is None


def test_errors_are_problem_json_without_traces(sqlite_api):
    c, h = sqlite_api.client, sqlite_api.as_("moderator")
    for r in (
        c.get("/api/cases/99999", headers=h),
        c.get("/api/cases", params={"limit": 0}, headers=h),
        c.post(
            "/api/cases/1/decision",
            content=b"{not json",
            headers={**h, "Content-Type": "application/json"},
        ),
        c.get("/api/nowhere", headers=h),
    ):
        assert r.status_code in (404, 422), r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        body = r.json()
        assert body["status"] == r.status_code
        assert body["detail"]
        assert "Traceback" not in r.text


def test_unexpected_errors_hide_details(sqlite_api):
    app = sqlite_api.client.app

    def boom() -> None:
        raise RuntimeError("secret internals at /srv/x.py line 3")

    app.add_api_route("/api/boom", boom)

    r = sqlite_api.client.get("/api/boom")
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "secret internals" not in r.text


def test_docs_and_schema_are_served(sqlite_api):
    assert sqlite_api.client.get("/docs").status_code == 200
    schema = sqlite_api.client.get("/openapi.json").json()
    assert "/api/cases" in schema["paths"]


def test_nul_characters_are_refused_not_crashed(api):
    c, h = api.client, api.as_("moderator")
    listed = c.get("/api/cases", params={"host_id": "a\x00b"}, headers=h)
    assert listed.status_code in (200, 400)
    body = {"party_type": "host", "party_id": "h\x00", "reasons": "r\x00", "term_days": 3}
    added = c.post("/api/blacklist", json=body, headers=h)
    assert added.status_code in (201, 400)
    assert added.headers["content-type"].startswith(("application/json", "application/problem"))
