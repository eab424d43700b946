"""A question read out asserts nothing; what the host says after it is the host's own."""

from __future__ import annotations

import pytest

from liveguard.rules.exemptions import question
from liveguard.rules.normalize import normalize


@pytest.mark.parametrize(
    ("text", "claim", "exempt"),
    [
        # the claim is inside the question read out
        ("Someone asked if it cures eczema, no it does not", "cures eczema", True),
        ("Somebody in chat asked is this the best on the market", "best on", True),
        ("Kim asks, what's the best serum on the market", "best serum", True),
        # the question ends at its clause break; the claim after it is the host's answer
        (
            "Every skater at this park has asked me where I got these, they're straight up "
            "the best wheels on the market right now.",
            "best wheels",
            False,
        ),
        ("Ben asked does it cure acne, and honestly it clears it in a week", "clears it", False),
        # an answer that starts by saying no denies what was asked
        (
            "a viewer asked if this prevents the flu, no, nothing I'm selling prevents the flu",
            "selling prevents the flu",
            True,
        ),
        # a second question read out after the first is still a question
        ("Ana asked where it's made, Jo asked if it's the best one", "best one", True),
    ],
)
def test_a_question_read_out_ends_where_the_host_answers(
    text: str, claim: str, exempt: bool
) -> None:
    said = normalize(text).text
    start = said.index(claim)
    assert question(said, start, start + len(claim), "en") is exempt


@pytest.mark.parametrize(
    ("text", "claim", "exempt"),
    [
        # the host sends viewers off to ask elsewhere: a challenge, not a question read out
        ("这条街上的店您挨家去问，能问出比六十八还低的，我白送您一面", "白送", False),
        ("你随便去问，问到比我们便宜的我白送", "白送", False),
        # a viewer's question read out stays exempt
        ("有人问这个是不是全网最低价", "全网最低", True),
        ("您问的是能不能白送一个，不能", "白送", True),
    ],
)
def test_asking_around_is_no_question_read_out(text: str, claim: str, exempt: bool) -> None:
    said = normalize(text).text
    start = said.index(claim)
    assert question(said, start, start + len(claim), "zh") is exempt
