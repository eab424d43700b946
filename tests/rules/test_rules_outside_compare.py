"""Another seller's price set against ours: found however the two sides are spaced, and not a
saving claim when ours is the higher figure (``exemptions.no_saving``)."""

from __future__ import annotations

import pytest

from liveguard.rules import check_script
from liveguard.rules.exemptions import no_saving
from liveguard.rules.normalize import normalize


def _rules(text: str, lang: str) -> set[str]:
    return {sf.finding.rule_id for sf in check_script(text, language=lang, learned=False)}


@pytest.mark.parametrize(
    ("lang", "text", "flagged"),
    [
        # a clause about the goods between the two sides (written form; in sound the gap is
        # longer than a sound match may leave unheard)
        ("zh", "城里那些洗发水小小一瓶卖一百多，里面还不是纯的，我这一大袋才二十六", True),
        # ours the higher figure, said in Chinese numerals or digits: no saving is claimed
        ("zh", "别家收三百，我这边收三百五，因为我们用的是进口料", False),
        ("zh", "外面那些驾校一个本都收五千，我们收五千二，多的两百是陪练费", False),
        ("en", "The big chains charge 90 for this, ours is 110 because it's hand-finished", False),
        (
            "en",
            "In London galleries they sell truck art for five hundred pounds, I give it to you "
            "for forty-five thousand rupees.",
            True,
        ),
        # ours dearer for more of it is a bundle, and a scaled or ranged figure cannot be read
        # as a side: both stay claims
        ("zh", "外面超市一瓶卖三十，我们两瓶五十", True),
        (
            "en",
            "Consultants up in Phoenix are charging nonprofits eight or nine grand a proposal; "
            "mine's twenty-four hundred.",
            True,
        ),
        ("zh", "外面那些驾校一个本都收五千，咱们三千八", True),
    ],
)
def test_an_outside_price_is_a_claim_only_when_ours_is_lower(
    lang: str, text: str, flagged: bool
) -> None:
    rule = f"{lang.upper()}-PRI-OUTSIDE-COMPARE"
    assert (rule in _rules(text, lang)) is flagged


@pytest.mark.parametrize(
    ("text", "saving"),
    [
        ("别家收三百，我这边收三百五", False),
        ("别家收三百五，我这边收三百", True),
        ("外面一瓶卖三十，我们两瓶五十", True),
        ("城里要收十几万，我们这一套下来也就三万", True),
        # ours many times theirs: a misheard figure or another currency, still a claim
        ("别的厂挂的都是1566，我们今天9800", True),
        # ours priced for two: another quantity, so the comparison stays a claim
        ("母婴店里这一包要卖一百二，今天在我这一百二拿两包", True),
        ("母婴店里这一包要卖一百二，今天在我这一百三，包邮", False),
    ],
)
def test_no_saving_reads_both_sides_in_order(text: str, saving: bool) -> None:
    said = normalize(text).text
    assert no_saving(said, 0, len(said), "zh") is not saving


def test_a_concession_opened_with_bie_kan_denies_nothing() -> None:
    """你别看 opens "don't go by…", no negation of the comparison that follows."""
    text = "你别看外面公司租金写三千五，加上管理费四千五都不止，我这里三千九全包。"
    assert "ZH-PRI-OUTSIDE-COMPARE" in _rules(text, "zh")
    assert "ZH-PRI-OUTSIDE-COMPARE" not in _rules("别信外面说的三千五，我这里三千九", "zh")
