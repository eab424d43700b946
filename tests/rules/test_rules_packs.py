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


FRAGMENT_PACK = """
language: zh
family: efficacy
version: "1"
fragments:
  {name}: "{body}"
rules:
  - id: ZH-EFF-TEST
    family: efficacy
    severity: medium
    legal_basis: [CN-AD-9-3]
    message: test
    regex: ["{regex}"]
    exceptions:
      - name: not_here
        regex: "{{=cure}}不了"
    examples:
      match: [测试]
"""


def test_a_fragment_is_written_once_and_used_as_a_group(tmp_path: Path) -> None:
    text = FRAGMENT_PACK.format(name="cure", body="治|疗", regex="能{=cure}好")
    rule = load_pack(_write(tmp_path, text)).rules[0]
    assert rule.regex == ["能(?:治|疗)好"]
    assert rule.exceptions[0].regex == "(?:治|疗)不了"


@pytest.mark.parametrize(
    ("name", "body", "regex", "message"),
    [
        ("cure", "治", "能{=heal}好", r"rule ZH-EFF-TEST: unknown fragment \{=heal\}"),
        ("Cure", "治", "能好", r"fragment 'Cure': names are lower-case"),
        ("cure", "(治", "能好", r"fragment cure: bad regular expression"),
    ],
)
def test_a_broken_fragment_is_named(
    tmp_path: Path, name: str, body: str, regex: str, message: str
) -> None:
    text = FRAGMENT_PACK.format(name=name, body=body, regex=regex)
    if name != "cure":  # the exception uses {=cure}; keep that one valid
        text = text.replace("{=cure}不了", "不了")
    with pytest.raises(RulePackError, match=message):
        load_pack(_write(tmp_path, text))
