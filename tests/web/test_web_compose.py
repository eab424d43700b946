"""docker-compose.yml is checked without Docker: parsed, and held against the real CLI, the
settings object and itself (hosts, ports, credentials, dependencies)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from liveguard.cli import build_app
from liveguard.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    assert isinstance(env, dict)
    return {str(k): str(v) for k, v in env.items()}


def test_has_kafka_postgres_workers_and_api(compose):
    services = compose["services"]
    assert {"kafka", "postgres", "api", "worker", "alerts-consumer", "topics"} <= set(services)
    assert "${LIVEGUARD_WORKERS" in str(services["worker"]["deploy"]["replicas"])
    assert "8000:8000" in services["api"]["ports"]
    for name, service in services.items():
        for dep in service.get("depends_on", {}):
            assert dep in services, f"{name} depends on unknown service {dep}"


def test_commands_exist_in_the_cli(compose):
    root: Any = typer.main.get_command(build_app())
    assert hasattr(root, "get_command")  # a command group (typer may vendor its own click)
    ctx = type(root).context_class(root)
    checked = 0
    for name, service in compose["services"].items():
        command = service.get("command")
        if not command or command[0] != "liveguard":
            continue
        group: Any = root
        words = [w for w in command[1:] if not w.startswith("-")]
        for word in words:
            if not hasattr(group, "get_command"):
                break
            sub = group.get_command(ctx, word)
            assert sub is not None, f"{name}: 'liveguard {word}' does not exist"
            group = sub
        options = {"--help"} | {o for p in group.params for o in getattr(p, "opts", [])}
        for flag in (w for w in command[1:] if w.startswith("--")):
            assert flag in options, f"{name}: {flag} is not an option of {command[:3]}"
        checked += 1
    assert checked >= 5


def test_every_liveguard_variable_is_a_setting(compose):
    fields = set(Settings.model_fields)
    seen = 0
    for service in compose["services"].values():
        for key in _env(service):
            if key.startswith("LIVEGUARD_"):
                assert key.removeprefix("LIVEGUARD_").lower() in fields, key
                seen += 1
    assert seen >= 10


def test_services_agree_on_hosts_ports_and_credentials(compose):
    services = compose["services"]
    api_env = _env(services["api"])
    kafka_env = _env(services["kafka"])
    pg_env = _env(services["postgres"])
    assert (
        f"PLAINTEXT://{api_env['LIVEGUARD_KAFKA_BOOTSTRAP']}"
        == (kafka_env["KAFKA_ADVERTISED_LISTENERS"])
    )
    url = api_env["LIVEGUARD_DATABASE_URL"]
    m = re.match(r"postgresql\+psycopg://(\w+):(\S+)@postgres:5432/(\w+)$", url)
    assert m is not None, url
    assert m.group(1) == pg_env["POSTGRES_USER"]
    assert m.group(2) == pg_env["POSTGRES_PASSWORD"]
    assert m.group(3) == pg_env["POSTGRES_DB"]
    assert api_env["LIVEGUARD_ENVIRONMENT"] == "production"
    assert ":?" in api_env["LIVEGUARD_SECRET_KEY"]  # compose refuses to start without a secret
    clip_volumes = {
        name
        for name, s in services.items()
        if any(str(v).endswith(":/data/clips") for v in s.get("volumes", []))
    }
    assert {"api", "worker", "alerts-consumer"} <= clip_volumes


def test_dockerfile_copies_every_stage():
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    for folder in ("liveguard", "ingest", "transcribe", "rules", "alerts", "pipeline"):
        assert re.search(rf"^COPY {folder} \./{folder}$", text, re.M), folder
