"""Every rule's own examples run as tests: 'match' texts must trigger the rule, 'no_match'
texts must not. A multi-line example is checked as one script (stream rules)."""

from __future__ import annotations

import pytest

from liveguard.rules import check_script
from liveguard.rules.packs import load_rules

CASES: list[object] = []
for _lang in ("zh", "en"):
    for _rule in load_rules(_lang)[0]:
        for _text in _rule.examples.match:
            CASES.append(
                pytest.param(_lang, _rule.id, _text, True, id=f"{_rule.id}-match-{len(CASES)}")
            )
        for _text in _rule.examples.no_match:
            CASES.append(
                pytest.param(_lang, _rule.id, _text, False, id=f"{_rule.id}-no-{len(CASES)}")
            )


@pytest.mark.parametrize(("lang", "rule_id", "text", "expected"), CASES)
def test_rule_example(lang: str, rule_id: str, text: str, expected: bool) -> None:
    # the examples specify the rules; learned hits borrow rule ids but are checked elsewhere
    found = {sf.finding.rule_id for sf in check_script(text, language=lang, learned=False)}
    assert (rule_id in found) is expected, f"{rule_id} on {text!r}: found {sorted(found)}"


def test_every_language_has_all_three_families() -> None:
    for lang in ("zh", "en"):
        families = {r.family.value for r in load_rules(lang)[0]}
        assert families == {"efficacy", "scarcity", "price"}
