"""docs/rule-reference.md is generated from the packs and must not go stale."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from liveguard.rules.legal import legal_basis_table
from liveguard.rules.packs import load_rules
from tests.support.scripts import load_script

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "docs" / "rule-reference.md"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    module: ModuleType = load_script("rule_reference")
    return module


def test_committed_reference_matches_the_packs(generator: ModuleType) -> None:
    committed = REFERENCE.read_text(encoding="utf-8")
    assert committed == generator.render(), (
        f"docs/rule-reference.md is stale: regenerate it with `{generator.COMMAND}`"
    )


def test_reference_lists_every_rule_and_provision(generator: ModuleType) -> None:
    text = generator.render()
    for language in ("zh", "en"):
        rules, _ = load_rules(language)
        for rule in rules:
            assert f"\n#### {rule.id}\n" in text, rule.id
            assert generator._text(rule.message) in text, rule.id
    for ref, basis in legal_basis_table().items():
        assert f"\n#### {ref}\n" in text, ref
        assert generator._text(basis.law) in text, ref


def test_check_mode_fails_on_a_stale_file(generator: ModuleType, tmp_path: Path, capsys) -> None:
    stale = tmp_path / "rule-reference.md"
    stale.write_text("# Rule reference\n\nold\n", encoding="utf-8")
    assert generator.main(["--check", "--output", str(stale)]) == 1
    assert f"run `{generator.COMMAND}`" in capsys.readouterr().err
    assert generator.main(["--output", str(stale)]) == 0
    assert generator.main(["--check", "--output", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == generator.render()
