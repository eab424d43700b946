"""Talk the rules misread as claims: a negation heading a list of verbs, a host saying they
are "not saying" what others or a review say, a specification compared with an earlier model, a
measurement brought down from one amount to another, a sales figure pointed at the platform's
own counter, and what a product has nothing to do with (跟治疗不沾边). The same words as claims
still count."""

from __future__ import annotations

import pytest

from liveguard.rules import check_script
from liveguard.rules.exemptions import negated
from liveguard.rules.prices import extract_prices


def _rules(text: str, lang: str = "en") -> set[str]:
    return {
        f.finding.rule_id for f in check_script(text, language=lang, per_line=True, learned=False)
    }


@pytest.mark.parametrize(
    ("text", "claim", "expected"),
    [
        # the negation heads the list: it scopes over every item
        (
            "This supplement is not intended to diagnose, treat, cure or prevent any disease.",
            "cure",
            True,
        ),
        ("the tea doesn't diagnose, treat, or cure anything", "cure", True),
        # items that are claims of their own, or an item that negates only itself
        ("it won't sting, soothes, heals eczema overnight", "heals", False),
        ("vitamin c inside, no sugar, cures colds", "cures", False),
        # a list of short items has no head clause to lend its "not"
        ("not sticky, light, cures acne", "cures", False),
    ],
)
def test_a_negation_heading_a_list_scopes_over_its_items(
    text: str, claim: str, expected: bool
) -> None:
    start = text.index(claim)
    assert negated(text, start, start + len(claim), "en") is expected


@pytest.mark.parametrize(
    ("text", "rule", "flagged"),
    [
        # others' claim that the host declines to repeat
        (
            "some folks online say this tea cures migraines, I'm not saying that",
            "EN-EFF-CURE",
            False,
        ),
        ("this tea cures migraines, I'm not saying that lightly", "EN-EFF-CURE", True),
        # a measurement brought down from one amount to another
        ("we trimmed the salt from 600 mg a serving down to 400", "EN-SCA-LAST-N", False),
        ("we had 40 this morning and we're down to 2", "EN-SCA-LAST-N", True),
    ],
)
def test_declined_claims_and_measurements_are_no_claims(
    text: str, rule: str, flagged: bool
) -> None:
    assert (rule in _rules(text)) is flagged


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("the old model was 5000 mAh and this one is 6500", []),
        ("last year's frame was 12 kg, this one is 9", []),
        ("it was 40 and now it's 20", [40]),
    ],
)
def test_a_specification_after_was_is_no_price(text: str, amounts: list[int]) -> None:
    assert [int(p.amount) for p in extract_prices(text, "en")] == amounts


@pytest.mark.parametrize(
    ("lang", "text", "rule", "flagged"),
    [
        # a review's claim the host declines
        (
            "en",
            "If a review says it cured someone's acne, take it lightly, we don't claim that",
            "EN-EFF-CURE",
            False,
        ),
        ("en", "This serum cures acne, read the reviews", "EN-EFF-CURE", True),
        # a sales figure pointed at the platform's own counter, against a boast
        (
            "en",
            "We sold 212 today, the sold counter under the listing is live",
            "EN-EFF-SALES-HONOUR",
            False,
        ),
        ("en", "We sold a million units, trust me", "EN-EFF-SALES-HONOUR", True),
        # a rating pointed at the listing's own reviews, against one said from nowhere
        (
            "en",
            "Four point seven stars from 1,200 reviews on this listing, have a look",
            "EN-EFF-SALES-HONOUR",
            False,
        ),
        (
            "en",
            "Rated 4.8 stars from 3,000 reviews, scroll down and read them",
            "EN-EFF-SALES-HONOUR",
            False,
        ),
        ("en", "Rated 4.8 stars by thousands of happy customers", "EN-EFF-SALES-HONOUR", True),
        # "see it yourself" points at nothing: a boast, not the platform's counter
        ("en", "We sold a million units, you can see it yourself", "EN-EFF-SALES-HONOUR", True),
        ("zh", "这个链接卖了三百多单，已售数字就在商品下面", "ZH-EFF-SALES-HONOUR", False),
        ("zh", "卖了十万单，销量都在那摆着", "ZH-EFF-SALES-HONOUR", True),
        ("zh", "我们卖了十万单，大家自己看着办", "ZH-EFF-SALES-HONOUR", True),
        # what the product has nothing to do with, against a comparison with it
        ("zh", "这个护膝就是保暖的，跟治疗不沾边", "ZH-EFF-MEDICAL", False),
        ("zh", "贴上它跟治疗一样有效", "ZH-EFF-MEDICAL", True),
        # ... with the object named between (与治疗疾病无关), and as a recogniser writes it when
        # 跟 runs into the word after it (跟治 heard 根治)
        ("zh", "这款护膝与治疗疾病无关，就是保暖", "ZH-EFF-MEDICAL", False),
        ("zh", "它就是保暖。根治腿没关系。", "ZH-EFF-MEDICAL", False),
        ("zh", "这个根治不了也没关系", "ZH-EFF-MEDICAL", True),
        ("zh", "能根治老寒腿，跟价格没关系", "ZH-EFF-MEDICAL", True),
    ],
)
def test_evidence_on_screen_and_unrelated_claims(
    lang: str, text: str, rule: str, flagged: bool
) -> None:
    assert (rule in _rules(text, lang)) is flagged


@pytest.mark.parametrize(
    ("lang", "text", "flagged"),
    [
        # the own range named before the comparison bounds it
        ("zh", "这款是我们家卖得最好的一款", False),
        ("zh", "这款续航最强，比上一代多了两个小时", False),
        # 我家 after the claim is an object or the claim's subject, not a range
        ("zh", "这个牛肉干整个四川卖得最好的就是我们家", True),
        ("zh", "我这个鱼在黄山是头一块牌子，哪个饭店的大厨不晓得我家？", True),
        # a clause of years in the trade names the host's standing, not a range
        ("zh", "店里这么多款，就这个最好卖", False),
        ("zh", "我家做了三代豆腐，这个是最嫩的", True),
        ("zh", "我们店修了二十年洗衣机，这个牌子是最耐用的", True),
        ("zh", "我们家2024年的新款里，这个是最轻的", False),
        # a town or region named as the field, or the public's verdict, measures the host's
        # goods against everyone else's: no own range
        ("zh", "我们家这个卤肉是全城卖得最好的", True),
        ("zh", "我们家这几款里这款最好闻", False),
        ("zh", "我们店卖了十几年空调，我们店里这个牌子是最省电的", False),
        # 我家的 + the goods names whose goods are ranked, not a range to pick from
        ("zh", "咱家的蜂蜜是最纯的，没有之一", True),
        ("zh", "我们家的面霜是最好的", True),
        ("zh", "我们家的产品里这款最好用", False),
        ("en", "This is the best-selling shade in our own store", False),
        ("en", "This is the best formula we have ever made", False),
        # a bare "our" names whose goods are ranked, not a range
        ("en", "Our tea is the number one in the whole of the province", True),
        ("en", "Our honey is number one in Texas", True),
    ],
)
def test_a_self_comparison_names_its_range_before_the_claim(
    lang: str, text: str, flagged: bool
) -> None:
    found = check_script(text, language=lang, per_line=True, learned=False)
    assert bool([sf for sf in found if sf.finding.family.value == "efficacy"]) is flagged


@pytest.mark.parametrize(
    ("text", "word", "denied"),
    [
        # 不到 before an amount is "under", not "not"
        ("外面要五百我这儿不到两百跟白送差不多", "白送", False),
        # 这不是…吗 asks the viewer to agree: it asserts
        ("你们算算这不是白捡吗", "白捡", False),
        ("这个不是白送的，要付钱", "白送", True),
        ("这个不能治病", "治病", True),
    ],
)
def test_words_that_look_negative_but_assert(text: str, word: str, denied: bool) -> None:
    at = text.index(word)
    assert negated(text, at, at + len(word), "zh") is denied


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # the figure pointed at the counter on screen, or an honour with its number and the
        # organiser's list to check: the viewer can verify it
        ("今天卖出去三百多单，右上角那个数字大家自己看得到", False),
        ("这个蜂蜜拿过市里农博会的银奖，证书编号在详情页，主办方的获奖名单上能查到", False),
        ("今天卖出去三百多单，大家放心买", True),
        ("这个蜂蜜拿过农博会的金奖，大家放心", True),
    ],
)
def test_a_sales_figure_or_honour_with_where_to_check_it(text: str, flagged: bool) -> None:
    assert ("ZH-EFF-SALES-HONOUR" in _rules(text, "zh")) is flagged
