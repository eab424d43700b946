"""``liveguard user …`` / ``liveguard token …``: tokens work once created and stop when revoked."""

from __future__ import annotations

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from liveguard.alerts.app import create_app
from liveguard.cli import build_app
from liveguard.settings import get_settings


def test_user_and_token_commands():
    runner = CliRunner()
    app = build_app()
    added = runner.invoke(app, ["user", "add", "rita", "--role", "regulator"])
    assert added.exit_code == 0, added.output
    bad = runner.invoke(app, ["user", "add", "shop", "--role", "merchant"])
    assert bad.exit_code == 2  # a merchant needs its merchant id
    created = runner.invoke(app, ["token", "create", "rita", "--name", "laptop"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("lg_")
    listing = runner.invoke(app, ["token", "list"]).output
    assert "rita" in listing
    assert "active" in listing
    assert token not in listing
    with TestClient(create_app(get_settings())) as client:
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/me", headers=headers).json()["username"] == "rita"
        assert runner.invoke(app, ["token", "revoke", "1"]).exit_code == 0
        assert client.get("/api/me", headers=headers).status_code == 401
    assert "revoked" in runner.invoke(app, ["token", "list"]).output


def test_credit_recompute_command_records_history(events):
    from liveguard.alerts.crud import cases, credit, users
    from liveguard.alerts.ingestion import ingest_events

    settings = get_settings()
    app = create_app(settings)
    with app.state.sessionmaker() as s:
        moderator = users.create_user(s, "mod", "moderator")
        s.commit()
        ingest_events(s, [events.finding(host="h-cli")], settings)
        cases.claim_case(s, 1, moderator, 60)
        credit.after_decision(s, settings, cases.decide_case(s, 1, moderator, "confirm"))
        s.commit()
    result = CliRunner().invoke(build_app(), ["credit-recompute"])
    assert result.exit_code == 0, result.output
    assert "recomputed the credit of 2 parties" in result.output
    with app.state.sessionmaker() as s:
        causes = [h.cause for h in credit.history(s, party_type="host", party_id="h-cli")]
    assert causes == ["case 1 confirmed", "credit-recompute"]
    app.state.engine.dispose()
