"""Shared fixtures for the rules tests: engines are built once per session."""

from __future__ import annotations

import pytest

from liveguard.rules import RuleEngine


@pytest.fixture(scope="session")
def zh_engine() -> RuleEngine:
    return RuleEngine("zh")


@pytest.fixture(scope="session")
def en_engine() -> RuleEngine:
    return RuleEngine("en")
