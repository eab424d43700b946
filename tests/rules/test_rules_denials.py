"""A claim denied of everything at once (rules/denials.py) is no claim, both for the rules'
negation exemption and for the learned heads' disavowal signal; the same quantifier with a
comparison, pressure or harm denied is a claim and keeps its weight."""

from __future__ import annotations

import pytest

from liveguard.rules import check_script
from liveguard.rules.claim_signals import SIGNAL_NAMES, claim_signals
from liveguard.rules.denials import general_denial
from liveguard.rules.normalize import normalize

DENIALS = [
    ("没有哪个产品能让你一周瘦十斤，我们也不这么说", "zh"),
    ("减肥这事儿，没有哪款代餐能替你瘦", "zh"),
    ("任何面霜都不能祛斑，只能让肤色看着匀一点", "zh"),
    ("哪有什么茶喝了就能降血压的", "zh"),
    ("Nothing in this bottle is going to detox you, your liver does that", "en"),
    ("No supplement can replace the medicine your doctor gave you", "en"),
    ("none of these creams will erase wrinkles", "en"),
    # the same denial in the present tense
    ("I'll tell you straight, no collar keeps every flea off", "en"),
    ("nothing erases a scar overnight", "en"),
    ("no shampoo really regrows hair", "en"),
]

CLAIMS = [
    # a comparison turns the quantifier into an absolute claim
    ("没有哪款比它更便宜了", "zh"),
    ("天底下没有哪个牌子的面霜能比得上这个", "zh"),
    ("Nothing works better for eczema than this balm", "en"),
    ("no other serum can do what this one does", "en"),
    # harm denied of everything is a safety claim
    ("纯天然的，任何人吃都不会有副作用", "zh"),
    ("there is nothing in here that could ever hurt your baby", "en"),
    # pressure
    ("Nothing is going to stop these from selling out tonight", "en"),
    ("no other cream works like this one", "en"),
    # "no doubt" and "no wonder" affirm what follows
    ("no doubt it works on acne", "en"),
    ("no wonder this stops the itch in a day", "en"),
    # a modal with nothing after it denies no claim of its own
    ("The field from your phone won't affect it at all, nothing will.", "en"),
]


@pytest.mark.parametrize(("text", "lang"), DENIALS)
def test_a_claim_denied_of_everything_is_a_denial(text: str, lang: str) -> None:
    clause = normalize(text).text
    assert general_denial(clause, lang)
    signals = claim_signals(clause, lang)
    assert signals[SIGNAL_NAMES.index("ctx_disavowal")] == 1.0


@pytest.mark.parametrize(("text", "lang"), CLAIMS)
def test_a_comparison_pressure_or_harm_denied_is_still_a_claim(text: str, lang: str) -> None:
    assert not general_denial(normalize(text).text, lang)


@pytest.mark.parametrize(
    ("denied", "claimed", "lang"),
    [
        ("没有哪个产品能让你一周瘦十斤", "这个产品能让你一周瘦十斤", "zh"),
        ("没有任何一种茶叶喝了以后能够根治高血压", "这种茶叶喝了以后能够根治高血压", "zh"),
        (
            "No supplement on this planet is going to cure your diabetes",
            "This supplement is going to cure your diabetes",
            "en",
        ),
    ],
)
def test_the_rules_flag_the_claim_made_of_the_product_and_not_denied_of_all(
    denied: str, claimed: str, lang: str
) -> None:
    def efficacy_rules(text: str) -> list[str]:
        found = check_script(text, language=lang, per_line=True, learned=False)
        return [f.finding.rule_id for f in found if f.finding.rule_id.split("-")[1] == "EFF"]

    assert efficacy_rules(claimed)
    assert check_script(denied, language=lang, per_line=True, learned=False) == []


def test_a_denial_followed_by_a_claim_is_no_disavowal() -> None:
    text = normalize("没有哪个产品能让你一周瘦十斤，但是我们这个一个月瘦二十斤").text
    assert claim_signals(text, "zh")[SIGNAL_NAMES.index("ctx_disavowal")] == 0.0


def test_advice_after_a_present_tense_denial_keeps_it_a_disavowal() -> None:
    """ "you still check them" tells the viewer what to do; it is no "but it still works"."""
    text = normalize(
        "no collar keeps every flea off, you still check them after a walk in tall grass"
    ).text
    assert claim_signals(text, "en")[SIGNAL_NAMES.index("ctx_disavowal")] == 1.0
    claimed = normalize("no collar keeps every flea off, but it still kills most of them").text
    assert claim_signals(claimed, "en")[SIGNAL_NAMES.index("ctx_disavowal")] == 0.0
