"""Sign-in resists guessing: failures are audited, a user is locked out after a few wrong
passwords (even the right one waits), and an unknown name costs the same password hash."""

from __future__ import annotations

import hashlib

from liveguard.alerts.models import AuditEntry
from liveguard.alerts.security import SESSION_COOKIE


def _attempt(client, username: str, secret: str) -> int:
    client.cookies.clear()
    client.get("/ui/login")
    token = client.cookies.get("lg_csrf")
    r = client.post(
        "/ui/login",
        data={"username": username, "secret": secret, "csrf_token": token},
        follow_redirects=False,
    )
    client.cookies.clear()
    return int(r.status_code)


def test_repeated_failures_lock_the_account_and_are_audited(api):
    client = api.client
    statuses = [_attempt(client, "admin", f"wrong-{i}") for i in range(12)]
    assert statuses[0] == 401
    assert statuses[-1] == 429
    assert _attempt(client, "admin", "pw-admin") == 429  # locked: the right password waits
    with client.app.state.sessionmaker() as s:
        failures = s.query(AuditEntry).filter_by(action="login_failed").all()
    assert len(failures) >= 5
    assert all(f.subject_id == "admin" for f in failures)
    assert "wrong-0" not in str([f.detail for f in failures])  # never the guessed secret
    # another account is not affected by the lock
    assert _attempt(client, "regulator", "anything") == 401


def test_unknown_user_costs_a_password_hash(api, monkeypatch):
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    assert _attempt(api.client, "nobody-by-this-name", "guess") == 401
    unknown = len(calls)
    calls.clear()
    assert _attempt(api.client, "admin", "wrong") == 401
    known = len(calls)
    assert unknown == known == 1


def test_successful_sign_in_after_failures_below_the_limit(api):
    client = api.client
    assert _attempt(client, "admin", "wrong") == 401
    client.get("/ui/login")
    r = client.post(
        "/ui/login",
        data={
            "username": "admin",
            "secret": "pw-admin",
            "csrf_token": client.cookies.get("lg_csrf"),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
