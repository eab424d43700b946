"""Reported or explained claims: naming a claim to explain it is not making it."""

from __future__ import annotations

import pytest

from liveguard.rules import check_script
from liveguard.rules.exemptions import reported_claim


def _span(text: str, claim: str) -> tuple[int, int]:
    start = text.index(claim)
    return start, start + len(claim)


@pytest.mark.parametrize(
    ("lang", "text", "claim", "expected"),
    [
        ("zh", "主播说的最后3单是指今天直播间分到的库存", "最后3单", True),
        ("zh", "刚才讲的“限量”，意思是每人最多买两件", "限量", True),
        ("zh", "我说最后3单，是真的最后3单了", "最后3单", False),
        ("zh", "主播说的最后3单马上就没了", "最后3单", False),
        (
            "en",
            'She said "last few units", she meant the ones for this stream',
            "last few units",
            True,
        ),
        ("en", "Only 3 left, she meant it", "Only 3 left", False),
    ],
)
def test_reported_claim_needs_both_the_report_and_the_explanation(
    lang: str, text: str, claim: str, expected: bool
) -> None:
    start, end = _span(text, claim)
    assert reported_claim(text, start, end, lang) is expected


@pytest.mark.parametrize(
    "text",
    [
        "唔好信人家讲陈皮越老越能治病，它就是一种食材，煲汤好味",
        "莫信别个说这个能治风湿，它就是一床垫子",
    ],
)
def test_a_claim_quoted_to_be_disbelieved_in_dialect_is_no_claim(text: str) -> None:
    found = check_script(text, language="zh", per_line=True, learned=False)
    assert not [sf for sf in found if sf.finding.family.value == "efficacy"]
