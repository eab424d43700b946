"""Price roles and discount arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from liveguard.rules import check_script
from liveguard.rules.normalize import normalize
from liveguard.rules.prices import (
    arithmetic_holds,
    check_discount_arithmetic,
    extract_discounts,
    extract_prices,
    restored_prices,
)


def test_roles() -> None:
    text = normalize("专柜价五百九十九元，今天直播间只要一百九十九").text
    prices = extract_prices(text, "zh")
    assert [(p.amount, p.role) for p in prices] == [
        (Decimal(599), "reference"),
        (Decimal(199), "current"),
    ]


@pytest.mark.parametrize(
    "said",
    [
        "The original price is 180, today 99",
        "the regular price is $180, tonight $99",
        "the usual price is 180 and today it's 99",
    ],
)
def test_a_named_former_price_is_the_reference_even_before_is(said: str) -> None:
    # "price is" says today's price, but not when original / regular / usual names it
    prices = extract_prices(normalize(said).text, "en")
    assert [(p.amount, p.role) for p in prices] == [
        (Decimal(180), "reference"),
        (Decimal(99), "current"),
    ]
    assert "EN-PRI-REFERENCE" in {f.finding.rule_id for f in check_script(said, language="en")}


def test_jiao_and_currency() -> None:
    (p,) = extract_prices(normalize("九块九包邮").text, "zh")
    assert p.amount == Decimal("9.9")
    assert p.currency == "CNY"
    (q,) = extract_prices("only $19.99 today", "en")
    assert q.amount == Decimal("19.99")
    assert q.currency == "USD"


def test_discount_factors() -> None:
    assert [d.factor for d in extract_discounts("打8.5折 85折 半价", "zh")] == [
        Decimal("0.85"),
        Decimal("0.85"),
        Decimal("0.5"),
    ]
    assert [d.factor for d in extract_discounts("30% off", "en")] == [Decimal("0.7")]


@pytest.mark.parametrize(
    ("said", "factor"),
    [
        ("twenty percent off", "0.8"),
        ("15 per cent off today", "0.85"),
        ("that's a third off", "0.667"),
        ("one quarter off", "0.75"),
        ("two-thirds off", "0.333"),
        ("three quarters off", "0.25"),
        ("that is a discount of one third", "0.667"),
        ("a discount of 20 percent", "0.8"),
        ("a 15% discount today", "0.85"),
    ],
)
def test_an_english_discount_in_words_or_fractions_is_read(said: str, factor: str) -> None:
    found = extract_discounts(normalize(said).text, "en")
    assert [d.factor.quantize(Decimal("0.001")) for d in found] == [Decimal(factor)]


@pytest.mark.parametrize(
    "said", ["a third of the customers", "a quarter past nine", "half of them are gone"]
)
def test_a_fraction_that_takes_nothing_off_is_no_discount(said: str) -> None:
    assert extract_discounts(normalize(said).text, "en") == []


def test_a_fraction_off_that_the_prices_do_not_bear_out_is_found() -> None:
    assert check_discount_arithmetic(normalize("It was $158, now $130, a third off").text, "en")
    assert not check_discount_arithmetic(normalize("It was $150, now $100, a third off").text, "en")


def test_false_discount_detected_and_true_one_passes() -> None:
    assert check_discount_arithmetic(normalize("原价999打一折只要199").text, "zh")
    assert not check_discount_arithmetic(normalize("原价999打一折只要99块9").text, "zh")
    assert check_discount_arithmetic("was $100 now $70, 50% off", "en")


def test_heard_number_tries_each_reading_of_an_ambiguous_sound() -> None:
    from liveguard.rules.prices import heard_number

    # 十 (shi) and 四 (si) fold together; the syllable as written decides first
    assert heard_number("丩乨丩") == Decimal(99)  # jiu shi jiu, not the range 九四九
    assert heard_number("厁乨") == Decimal(30)
    assert heard_number("乨倇") == Decimal(100_000)
    assert heard_number("八九") is None  # a range said in numerals stays one
    assert heard_number("九块") is None


def test_heard_numbers_finds_each_run() -> None:
    from liveguard.rules.prices import heard_numbers

    assert heard_numbers("卖出去乨倇多瓶") == [(3, 5, Decimal(100_000))]
    assert heard_numbers("已经卖了") == []  # 已 alone sounds like 一 but is no number
    assert heard_numbers("还有3件") == [(2, 3, Decimal(3))]


@pytest.mark.parametrize(
    "said",
    ["标签上写着两百九十九，今天一百二十九", "价签上印的是二百九十九，今天直播间一百二十九"],
)
def test_a_price_tag_read_out_is_the_reference(said: str) -> None:
    # what is printed on a tag is the price the host measures today's against
    prices = extract_prices(normalize(said).text, "zh")
    assert [(p.amount, p.role) for p in prices] == [
        (Decimal(299), "reference"),
        (Decimal(129), "current"),
    ]
    assert "ZH-PRI-REFERENCE" in {f.finding.rule_id for f in check_script(said, language="zh")}


def test_a_tag_read_out_without_an_amount_prices_nothing() -> None:
    said = normalize("吊牌上印的是产地和成分，今天七十九").text
    assert [(p.amount, p.role) for p in extract_prices(said, "zh")] == [(Decimal(79), "current")]


def test_unit_after_an_amount_heard_in_sound_is_read_as_written() -> None:
    # 吊牌 heard as 掉排: the amount is found in sound, and 今 (which sounds like the unit
    # 斤) after it does not make it a weight
    heard = extract_prices("掉排899今天直播间399 到手", "zh")
    assert [(p.amount, p.role) for p in heard] == [
        (Decimal(899), "reference"),
        (Decimal(399), "current"),
    ]
    # a real unit still makes a count, not a price
    assert [p.amount for p in extract_prices("今天10斤只要59块", "zh")] == [Decimal(59)]


def test_a_function_word_after_an_amount_is_no_heard_jiao() -> None:
    # 九块酒 is 九块九 misheard; 十块就行 and 十块钱就 are ten yuan and a word
    assert [str(p.amount) for p in extract_prices("九块酒包邮", "zh")] == ["9.9"]
    assert [str(p.amount) for p in extract_prices("十块就行", "zh")] == ["10"]
    assert [str(p.amount) for p in extract_prices("省10块钱就这么多", "zh")] == ["10"]


def test_a_digit_is_never_read_as_a_price_cue_word() -> None:
    # 买4 sounds like 卖是: the 4 is a digit of the amount, not the cue's 是
    assert "99" not in [str(p.amount) for p in extract_prices("跟单买499比", "zh")]


def test_a_count_of_boxes_after_a_cue_is_no_price() -> None:
    assert extract_prices("今天2箱就够", "zh") == []
    assert [str(p.amount) for p in extract_prices("今天99", "zh")] == ["99"]


def test_a_common_word_is_never_an_amount_heard_in_sound() -> None:
    # 一样 ("the same") sounds like 一元; written so, the host said "the same"
    assert extract_prices("今天的价格跟日常价一样", "zh") == []
    assert [str(p.amount) for p in extract_prices("一百九十九远", "zh")] == ["199"]


# -- a price said to come back after a deadline ----------------------------------------------
RESTORED = [
    # (lang, text, the amount the price returns to, or None)
    ("zh", "这个价卖完就回到一千二了", Decimal(1200)),
    ("zh", "就今晚，明天一早恢复二百九十九", Decimal(299)),
    ("zh", "前三百单这个价，三百单以后直接回一百五十九", Decimal(159)),
    ("zh", "呢个价净系今晚有，听日就返去六百九十八", Decimal(698)),
    # 改回 is a return too; the unit the amount prices may come first (一克四十八: 48 a gram)
    ("zh", "这个价就今晚，过了十二点后台就改回一百二", Decimal(120)),
    ("zh", "这个工费只给这一场，下了播就恢复一克四十八", Decimal(48)),
    (
        "en",
        "it's only good till midnight, then it snaps back to the usual eighty-five",
        Decimal(85),
    ),
    ("en", "once I end the stream you're paying sixty like everyone else", Decimal(60)),
    # the deadline said after the amount
    ("en", "members keep twenty-five a box, everyone else pays forty from tomorrow", Decimal(40)),
    ("en", "the price goes back up to seventy-nine at midnight", Decimal(79)),
    # "after that it's…" names the deadline itself; thousands written with a comma
    (
        "en",
        "Buy it now at $899 for the first three people only, after that it's $1,499.",
        Decimal(1499),
    ),
    (
        "en",
        "the free jar is only for this first wave, after that it's $249 and no jar",
        Decimal(249),
    ),
    # every way of saying a return reads the amount whole: not the 1 of $1,299 or of 10 minutes
    ("en", "once the stream ends it goes back to $1,299", Decimal(1299)),
    ("en", "after tonight it goes back to ten minutes of Q&A", None),
    ("en", "the first one's thirty, after that it's twenty each", None),
    # after that comes a time, a discount or a fee: no price returns
    ("en", "after that it's ten minutes of Q&A", None),
    ("en", "after that it's fifteen off the second one", None),
    # heard with other characters of the same sound (恢复 as 灰复 / 恢副, 回到 as 汇到)
    ("zh", "这批卖完就灰复四百多了", Decimal(400)),
    ("zh", "下一波直接汇到一百三", Decimal(130)),
    # a recogniser's thousands separator: the amount read whole, also in sound (挥赴 for 恢复)
    ("zh", "今天999，明天恢复2,999", Decimal(2999)),
    ("zh", "999直到今晚明天一早挥赴2,999", Decimal(2999)),
    # 就会 is a real word, not 就回 misheard
    ("zh", "明天就会150块到账", None),
    # no deadline: a measurement coming back, not a price
    ("zh", "孩子近视两百度，复查回到一百五了", None),
    ("zh", "三天以后体温恢复到三十六度", None),
    # the return denied, or its basis said
    ("zh", "过了今晚也不会回到三百九，价格就一直这样", None),
    ("en", "after tonight it won't go back to eighty, this is the new price", None),
    (
        "en",
        "the sale ends Sunday, then bundles go back to twenty-eight, which is what they were all summer",
        None,
    ),
]


@pytest.mark.parametrize(("lang", "text", "amount"), RESTORED)
def test_a_price_said_to_return_after_a_deadline_is_a_reference_price(
    lang: str, text: str, amount: Decimal | None
) -> None:
    ntext = normalize(text).text
    found = [a for _, _, a in restored_prices(ntext, lang)]
    assert found == ([] if amount is None else [amount])
    refs = [p.amount for p in extract_prices(ntext, lang) if p.role == "reference"]
    assert (amount in refs) if amount is not None else not refs


@pytest.mark.parametrize(("lang", "text", "amount"), [c for c in RESTORED if c[2] is not None])
def test_the_returned_price_alone_is_a_reference_price_finding(
    lang: str, text: str, amount: Decimal
) -> None:
    rule = "ZH-PRI-REFERENCE" if lang == "zh" else "EN-PRI-REFERENCE"
    found = {sf.finding.rule_id for sf in check_script(text, language=lang, learned=False)}
    assert rule in found


def test_a_single_price_said_first_is_read_as_one_unit() -> None:
    # 89块1支 is 89 for one, not 89.1 (in writing and heard); 9块9 stays 9.9
    prices = extract_prices(normalize("口红八十九块一支，两支一百六十九块").text, "zh")
    assert [p.amount for p in prices] == [Decimal(89), Decimal(169)]
    (p,) = extract_prices(normalize("九块九一包").text, "zh")
    assert p.amount == Decimal("9.9")
    # a jiao before a unit that is not one is still a jiao, read as written (49块9包邮)
    (q,) = extract_prices(normalize("请天职播间追一箱49块9包庸").text, "zh")
    assert (q.amount, q.role) == (Decimal("49.9"), "current")
    # every measure word that counts (units.COUNT_UNITS) is one, the general ones too
    for unit in "组对副":
        (r,) = extract_prices(normalize(f"耳环九十九块一{unit}").text, "zh")
        assert r.amount == Decimal(99), unit


def test_a_count_after_the_amount_is_no_jiao() -> None:
    # 四十八块四十支 is 48 for forty, not 48.4; a jiao heard as a sound-alike (九块酒) stays
    (p,) = extract_prices(normalize("一箱四十八块四十支，批发价").text, "zh")
    assert p.amount == Decimal(48)
    (q,) = extract_prices(normalize("一盒十二块十片装").text, "zh")
    assert q.amount == Decimal(12)
    (r,) = extract_prices("九块酒包邮", "zh")
    assert r.amount == Decimal("9.9")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a person was a bare number: an age, not a former price (blind29's spent English
        # false positives)
        ("been carving since I was sixteen, and the stall's been here since", False),
        ("she was twelve when she learned it from her gran", False),
        ("it was ninety-nine, now only nineteen", True),
        ("they were forty last week, now twenty-five", True),
    ],
)
def test_an_age_is_no_former_price(text: str, found: bool) -> None:
    ids = [f.finding.rule_id for f in check_script(text, language="en", per_line=True)]
    assert ("EN-PRI-REFERENCE" in ids) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a bare amount after normally / usually is the former price, as after regularly
        (
            "The package is twenty-four adjustments, normally fifteen-sixty, today nine ninety-nine",
            True,
        ),
        ("Spot's normally sixty, y'all get it for twenty-two 'cause it's Tuesday", True),
        ("usually 150, right now 49", True),
        # a range of a time or a count is neither (blind42's spent English misses, and their
        # look-alikes)
        ("Fifteen dollars a kit, shipping's seven, it usually takes two, three days", False),
        ("Shipping usually 3 to 5 days, today it's 40", False),
        ("Good for 2 or 3 weeks in the fridge, today 12 a jar", False),
        # nor a range of a share, while a price then a discount stays one
        (
            "Third-party only for a private car starts around eight hundred dollars EC a year, and "
            "fully comprehensive depends on the car's value, usually four to six percent of it.",
            False,
        ),
        ("Regular price three ninety, eighty percent off today, so you pay one twenty-nine", True),
        # a seller setting the price names an object between make and the amount: today's price
        # beside the former one (blind44's spent English miss, reworded)
        ("For you all I make the ten classes 180, the normal price is 320", True),
        ("I'll make them forty each, the regular price is sixty", True),
        # making a quantity is not pricing it
        ("We make 200 a day, the normal price is 60 and it stays 60", False),
        ("I make the dough 2 days ahead, the price is 60", False),
    ],
)
def test_a_bare_amount_takes_its_role_from_the_cue_before_it(text: str, found: bool) -> None:
    ids = {
        f.finding.rule_id for f in check_script(text, language="en", per_line=True, learned=False)
    }
    assert bool(ids & {"EN-PRI-REFERENCE", "EN-PRI-DISCOUNT-MATH"}) is found, ids


def _price_rules(text: str) -> set[str]:
    return {
        sf.finding.rule_id
        for sf in check_script(text, language="zh", per_line=True, learned=False)
        if sf.finding.family.value == "price"
    }


def test_a_gifts_own_price_is_no_reference_for_the_offer() -> None:
    # the gift bought alone costs less than the offer it comes with: what it is worth
    assert not _price_rules(
        "今天的价格是九百九十九，送一个翻盖保护套，套子单买是七十九，链接里都写着"
    )
    # a higher former price for the offer itself is still a reference, gift or not
    assert "ZH-PRI-REFERENCE" in _price_rules("原价899，今天399，送一条围巾，围巾单买79")
    # a price bought alone above the offer is the comparison itself
    assert "ZH-PRI-REFERENCE" in _price_rules("吹风机单买要三百九，今天这套二百九十九")


@pytest.mark.parametrize(
    ("transcript", "amounts"),
    [
        # Whisper writes thousands with a comma: one amount, not 8 and 800
        ("吊牌价8,800今天2,999", ["8800", "2999"]),
        # in sound a written 1 is 要 (yāo): it starts the amount, it is not the cue's verb
        ("这件专柜调排1,299我们这才459", ["1299", "459"]),
        ("这台按摩椅价值12000，今天福利价4900", ["12000", "4900"]),
        # 只 before 播 is 直播 heard, not a count of items
        ("专柜价12,399 只播间 399", ["12399", "399"]),
    ],
)
def test_a_transcripts_amounts_are_read_whole(transcript: str, amounts: list[str]) -> None:
    text = normalize(transcript, heard=True).text
    assert [str(p.amount) for p in extract_prices(text, "zh")] == amounts


@pytest.mark.parametrize(
    "transcript",
    [
        "猫砂6包129一包21块5单包买125一包省3块5",  # the single pack's price today
        "买1,000 解100 满2,000减300",  # 满1000减100 heard: what must be spent
        # the bundle's price today, 买 not 卖 heard (round 19's compliant line, reworded)
        "书桌一张四百五，椅子两百八，两件一起买六百九，少了四十块",
        "雨衣一百九 雨裤一百二 一块儿买两百八",
        # an added charge for one more item, not 价 heard (round 20's compliant line, reworded)
        "店招全套一万二，包含名片、门头、包装三样应用，多一样加一千",
    ],
)
def test_a_heard_amount_that_is_no_former_price(transcript: str) -> None:
    assert "ZH-PRI-REFERENCE" not in _price_rules(transcript)


def test_english_keeps_its_commas_and_lists_keep_theirs() -> None:
    assert normalize("was $1,299 now $999").text == "was $1,299 now $999"
    assert normalize("这个2,3,4号链接").text == "这个2,3,4号链接"
    assert normalize("原价1，299").text != "原价1299"  # a full-width comma is a pause


@pytest.mark.parametrize(
    ("script", "rule_id"),
    [
        # the basis told right after the compared price is a stated basis (第三十二条)
        ("页面划线价129，是过去一个月真实在卖的价格，今天109", "ZH-PRI-REFERENCE-BASIS"),
        ("原价199，是上个月的价格，今天99", "ZH-PRI-REFERENCE-BASIS"),
        # another shop's price is no basis, before or after
        ("原价199，是专柜的价格，今天99", "ZH-PRI-REFERENCE"),
        ("划线价129，今天109", "ZH-PRI-REFERENCE"),
    ],
)
def test_a_basis_stated_after_the_price_counts(script: str, rule_id: str) -> None:
    assert _price_rules(script) == {rule_id}


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("the tin is eighty patacas today", "MOP"),
        ("forty-five thousand naira only", "NGN"),
        ("thirty quid today", "GBP"),
        # a weight is no money: "pounds" is not a currency word
        ("I lost twenty pounds", None),
    ],
)
def test_english_money_words_make_an_amount(text: str, currency: str | None) -> None:
    found = extract_prices(normalize(text).text, "en")
    assert [p.currency for p in found] == ([currency] if currency else [])


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("Two sets are sixty instead of seventy, so you save ten dollars", True),
        ("The second's half price, so two come to thirty-six instead of forty-eight", True),
        ("It's forty percent off today, so 149 instead of 199", False),
        ("That's a hundred off, three bottles for one twenty instead of one eighty", False),
        # a saving said of a count, beside a pair priced per unit, is not checked against it
        (
            "so nineteen fifty a pound instead of nineteen ninety-nine, you save about five bucks",
            None,
        ),
    ],
)
def test_a_pair_said_with_instead_of_is_checked_against_the_saving(
    text: str, holds: bool | None
) -> None:
    said = normalize(text).text
    wrong = check_discount_arithmetic(said, "en")
    if holds is None:
        assert not wrong
        assert not arithmetic_holds(said, "en")
    else:
        assert arithmetic_holds(said, "en") is holds
        assert bool(wrong) is not holds
