"""Pack validation: a broken pack names the file, the rule id and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from liveguard.errors import RulePackError
from liveguard.rules.legal import legal_basis_table
from liveguard.rules.packs import load_pack, load_rules

GOOD_RULE = """
language: zh
family: efficacy
version: "1"
rules:
  - id: ZH-EFF-TEST
    family: efficacy
    severity: medium
    legal_basis: [{basis}]
    message: test
    regex: ["{regex}"]
    examples:
      match: [测试]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "efficacy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_legal_basis_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_RULE.format(basis="CN-NOPE-1", regex="测试"))
    with pytest.raises(
        RulePackError,
        match=r"efficacy\.yaml: rule ZH-EFF-TEST: field legal_basis: unknown id CN-NOPE-1",
    ):
        load_pack(path)


def test_bad_regex_names_rule_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_RULE.format(basis="CN-AD-9-3", regex="(unclosed"))
    with pytest.raises(RulePackError, match=r"rule ZH-EFF-TEST: field regex"):
        load_pack(path)


def test_missing_field_is_named(tmp_path: Path) -> None:
    text = GOOD_RULE.format(basis="CN-AD-9-3", regex="x").replace("    message: test\n", "")
    with pytest.raises(RulePackError, match=r"rule ZH-EFF-TEST: field message"):
        load_pack(_write(tmp_path, text))


def test_builtin_packs_cite_only_known_ids() -> None:
    known = legal_basis_table()
    for lang in ("zh", "en"):
        rules, version = load_rules(lang)
        assert version.startswith(lang)
        for rule in rules:
            assert set(rule.legal_basis) <= set(known), rule.id
