"""Settings: read from LIVEGUARD_* when asked, and unsafe secrets refused outside local use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from liveguard.errors import ConfigError
from liveguard.settings import Settings, get_settings, load_settings

REPO = Path(__file__).resolve().parents[2]


def test_env_vars_are_read_on_first_use(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LIVEGUARD_KAFKA_BOOTSTRAP", "10.0.0.1:9092")
    monkeypatch.setenv("LIVEGUARD_BEAM_SIZE", "3")
    get_settings.cache_clear()
    s = get_settings()
    assert s.kafka_bootstrap == "10.0.0.1:9092"
    assert s.beam_size == 3
    assert s.resolved_database_url.startswith("sqlite:///")
    assert s.topic("audio") == "liveguard.audio"


def test_placeholder_secret_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEGUARD_ENVIRONMENT", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings()
    monkeypatch.setenv("LIVEGUARD_SECRET_KEY", "s3cr3t-from-vault")
    monkeypatch.setenv("LIVEGUARD_WEBHOOK_SECRET", "another-real-one")
    assert load_settings().environment == "production"


def test_invalid_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEGUARD_BEAM_SIZE", "zero")
    with pytest.raises(ConfigError, match="beam_size"):
        load_settings()


def test_readme_documents_every_setting() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`LIVEGUARD_([A-Z0-9_]+)`", readme))
    expected = {name.upper() for name in Settings.model_fields}
    missing = sorted(expected - documented)
    assert not missing, f"README configuration table lacks: {missing}"


def test_every_setting_has_a_docstring() -> None:
    undocumented = [n for n, f in Settings.model_fields.items() if not f.description]
    assert not undocumented
