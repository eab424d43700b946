"""Bundle arithmetic on spoken numbers: bundle deals restated as a discount, a per-unit
price or a second-unit saving, and multi-unit prices said to save (rules/prices.py
``check_bundle_arithmetic``)."""

from __future__ import annotations

import pytest

from liveguard.rules.normalize import normalize
from liveguard.rules.prices import check_bundle_arithmetic


def found(text: str, lang: str) -> list[str]:
    """The details of every mismatch in ``text`` as said (normalised first, as the engine does)."""
    return [m.detail for m in check_bundle_arithmetic(normalize(text).text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "words"),
    [
        # a bundle deal said to be a discount
        ("买二送一，这么算下来就是五折", "zh", "pays 0.67"),
        ("买三送二，等于打了五折", "zh", "pays 0.6 "),
        ("第二件半价，相当于全场五折", "zh", "pays 0.75"),
        ("buy two, get one free, so basically half off", "en", "pays 0.67"),
        ("BOGO today, that's like 70% off", "en", "pays 0.5 "),
        ("buy one get one half off, which means 50% off", "en", "pays 0.75"),
        # a bundle total said per unit
        ("这个三瓶一百八十九，算下来一瓶不到五十", "zh", "3 for 189 is 63 each, not under 50"),
        ("五包九十九块九，平均每包十块", "zh", "5 for 99.9 is 19.98 each, not 10"),
        ("three for ninety, so each one's under twenty", "en", "3 for 90 is 30 each, not under 20"),
        ("$120 for 4, that's fifteen bucks apiece", "en", "4 for 120 is 30 each, not 15"),
        ("洗衣液两桶七十九块九，平均一桶才二十九", "zh", "2 for 79.9 is 39.95 each, not 29"),
        ("grab a pair for sixty, that works out to twenty-five a piece", "en", "2 for 60 is 30"),
        # a single and a two-unit price said to be a second-unit saving
        (
            "单买一件六十九，两件一百二十九，等于第二件打了五折",
            "zh",
            "the second really costs 60, 0.87 of one",
        ),
        ("第二件半价，一件八十，两件一共一百四", "zh", "makes two 120, but two are 140"),
        ("one's forty, two are seventy, so the second is half price", "en", "makes two 60"),
        ("second bottle is free: one bottle is 30, 2 bottles are 45", "en", "makes two 30"),
        # the second unit priced as an amount
        (
            "第二件九块九，一件二十九块九，两件一共四十九块八",
            "zh",
            "makes two 39.8, but two are 49.8",
        ),
        ("the second one is just ten bucks, one is thirty, two are fifty", "en", "makes two 40"),
        # a multi-unit price said to save, at or above that many singles
        ("单买一瓶三十，两瓶六十五，买两瓶更划算", "zh", "2 single units cost 60"),
        ("一盒三十九，三盒一百二，多拿多省", "zh", "3 single units cost 117"),
        (
            "the four-pack is eighty, a single is twenty, stock up and save",
            "en",
            "4 single units cost 80",
        ),
        (
            "one tub is twelve, the 3-pack's forty, so the 3-pack is the better deal",
            "en",
            "cost 36",
        ),
        # against several packs, a figure that splits none of them
        ("两件一百，三件一百四，平均下来一件四十", "zh", "46.67"),
        # an upper bound the real figure passes by more than rounding
        ("四盒一千二百八，等于一盒不到三百", "zh", "4 for 1280 is 320 each, not under 300"),
        ("three for a hundred and fifty, so under forty-five each", "en", "not under 45"),
        # a discount said after a single and a pack price that neither reading bears out
        ("一袋五十九两袋一百零九第二袋才五十这就是打了五折", "zh", "neither is the 0.5 said"),
        ("one is forty, two are seventy-five, so that's half off", "en", "neither is the 0.5"),
        # a per-unit price said before the pack is the single price the pack must beat
        ("socks are ten each, or three for thirty, so you save", "en", "saves nothing"),
        # a pack said as N units to a group (3个1组, 6瓶1箱)
        ("六瓶一箱九百，平均一瓶不到一百二", "zh", "6 for 900 is 150 each, not under 120"),
        ("单拍一罐八十八，三罐二百三，直接打了五折", "zh", "neither is the 0.5 said"),
        # packs restated in the units a pack holds (1箱12瓶): 2箱120 is 24 bottles for 120
        ("一箱十二瓶，拍两箱一百二，算下来一瓶三块", "zh", "24 for 120 is 5 each, not 3"),
        # a package of a service's uses restated per use
        ("十次卡六百八，算下来一次才四十", "zh", "10 for 680 is 68 each, not 40"),
        ("八节课一千二，平均一节一百", "zh", "8 for 1200 is 150 each, not 100"),
        # a price per any unit of the goods, a pack the host "gives" for so much, a percentage
        # said in words and a currency after the figure
        (
            "rope is twelve euro per coil, four coils together I give for forty-six, that is thirty percent off",
            "en",
            "neither is the 0.7 said",
        ),
        # one more unit named by its place ("the fourth one") is the extra one
        (
            "buy three shirts and the fourth one is free, so that is like fifty percent off",
            "en",
            "pays 0.75",
        ),
    ],
)
def test_misstated_bundle_arithmetic_is_found(text: str, lang: str, words: str) -> None:
    details = found(text, lang)
    assert len(details) == 1, details
    assert words in details[0]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # honest twins of the shapes above
        ("第二件半价，一件一百，两件一共一百五", "zh"),
        ("买二送一，算下来差不多六七折", "zh"),
        ("买二送一，算下来六折多", "zh"),  # 六折多: "a bit over 6折", and 6.7折 is
        ("买一送一，相当于打五折", "zh"),
        ("第二件半价，算下来七五折", "zh"),
        ("三瓶一百五，一瓶合五十", "zh"),
        ("三盒一百四十七，算下来一盒四十九", "zh"),
        ("三盒一百四十七，一盒四十九", "zh"),
        ("第二件九块九，一件二十九块九，两件一共三十九块八", "zh"),
        ("洗衣液两桶七十九块九，平均一桶四十", "zh"),
        ("five for a hundred, so each one is twenty", "en"),
        ("two for $49 means the second one is nineteen bucks", "en"),  # no shape of ours
        ("buy two get one free, so you pay for two and get three", "en"),
        ("buy two get one free, that's a third off, 33% off", "en"),
        ("second one's half off, so if one's thirty, two come to forty-five", "en"),
        ("four for eighty, which works out to twenty each", "en"),
        # tolerance: 5 % and one unit, as for discounts
        ("三瓶一百五十二，算下来一瓶五十", "zh"),  # 50.67
        ("three for 145, so each one's about forty-eight", "en"),  # 48.33
        # a price list, not a restatement
        ("两件一百二十九，一件六十九", "zh"),
        ("两瓶一百一十，单拍一瓶五十九，算下来还是两瓶划算", "zh"),
        ("three for $90, or $35 each", "en"),
        # a multi-unit price under that many singles does save
        ("一盒三十九，三盒九十九，多拿多省", "zh"),
        ("a single is twenty, the four-pack is seventy, so you save ten", "en"),
        (
            "booklets are fifteen hundred each, or two for twenty-eight hundred, so you save two hundred",
            "en",
        ),
        # 4块8 is an amount, 八十抽 a count of sheets, "eight thirty-three" $8.33
        ("两袋一百五十五，比单拍两袋便宜四块八，就便宜这么点", "zh"),
        ("三包三百一十九，比单买便宜八块，送一包八十抽的湿巾", "zh"),
        (
            "one's nine ninety-nine, the 3-pack is twenty-four ninety-nine, about eight thirty-three each",
            "en",
        ),
        # a per-unit figure after several packs splits one of them: not always the first
        ("一件五十九，两件一百，三件一百四，三件平均下来一件四十六块多", "zh"),
        ("two for fifty, three for sixty, so twenty each", "en"),
        # an upper bound kept, up to rounding; a discount that one reading of the numbers bears
        ("三盒九十九，一盒不到三十三", "zh"),
        ("一件八十，两件一百二，相当于第二件打了五折", "zh"),
        ("一件一百两件一百五这就是七五折", "zh"),
        ("one is forty, two are sixty, so that's 25% off the pair", "en"),
        ("四个一组一百二十，一个平均三十", "zh"),
        ("一盒十袋四十九，拍三盒一百二，算下来一袋四块", "zh"),
        ("每箱有二十四罐，两箱一百九十二，平均一罐四块钱", "zh"),
        # a pack and a single with no saving said: a price list
        ("one tub is twelve, the 3-pack's forty", "en"),
        # unrelated numbers: counts, sizes, minutes, colours
        ("三种颜色，每种都是五十", "zh"),
        ("炖三十分钟，一瓶五十", "zh"),
        ("两瓶五百毫升，一瓶合二十五块", "zh"),
        ("买二送一，满三百再打八折", "zh"),  # a second offer, not the bundle restated
        ("comes in 3 colours, each one 20 dollars", "en"),
        ("leave it on for 3 minutes, each one is 20", "en"),
        ("2 for 30 minutes a day, so each one is 5 dollars", "en"),
        ("we sold 3 for the whole stream, each is 20", "en"),
        ("十次卡六百八，算下来一次六十八", "zh"),
        ("一天用两次，一次一粒，一盒三十粒", "zh"),
        # a figure said in 毛 is tenths of a yuan: 一套三毛五 is 0.35, not 3 a set
        ("一箱三百套，一箱一百零五，算下来一套三毛五", "zh"),
        ("十根一捆，一捆四块五，算下来一根四毛五", "zh"),
        (
            "rope is twelve euro per coil, four coils together I give for thirty-six, that is a quarter off",
            "en",
        ),
        ("it's thirty per month, or three months for ninety, so each is thirty", "en"),
        # the second of the two bought is no extra unit
        (
            "buy two and the second is half price, so two bottles come to about nineteen fifty, "
            "which is twenty-five percent off the pair",
            "en",
        ),
        ("buy three and the fourth one is free, so a quarter off", "en"),
    ],
)
def test_honest_or_unrelated_numbers_stay_silent(text: str, lang: str) -> None:
    assert found(text, lang) == []


def test_the_span_covers_the_bundle_and_its_restatement() -> None:
    text = normalize("今天三瓶一百八十九，算下来一瓶不到五十哦").text
    (m,) = check_bundle_arithmetic(text, "zh")
    assert text[m.start : m.end] == normalize("三瓶一百八十九，算下来一瓶不到五十").text
    said = "ok three for ninety, so each one's under twenty guys"
    norm = normalize(said)
    (e,) = check_bundle_arithmetic(norm.text, "en")
    start, end = norm.to_original(e.start, e.end)
    assert said[start:end] == "three for ninety, so each one's under twenty"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一袋十斤一百九十九，一斤才十块钱", "199 for the quantity said is 19.9 per 1斤, not 10"),
        (
            "买五斤送五斤，十斤才三十九块九，等于一斤不到两块",
            "39.9 for the quantity said is 3.99 per 1斤, not 2",
        ),
        (
            "两瓶一千毫升一共七十九，合下来一百毫升不到五块",
            "79 for the quantity said is 7.9 per 100毫升, not 5",
        ),
    ],
)
def test_a_price_per_measure_must_divide_out(text: str, expected: str) -> None:
    assert found(text, "zh") == [expected]


def test_the_unit_below_mao_is_read_as_fen() -> None:
    assert found("二百克八十九块，算下来一克三毛五左右", "zh") == [
        "89 for the quantity said is 0.44 per 1克, not 0.35"
    ]


def test_a_per_measure_amount_said_in_words_is_read() -> None:
    # the recogniser and the normaliser leave 一分钱 / 两分钱 in words (分 is also a minute)
    assert found("十斤五十九，一斤才两分钱", "zh") == [
        "59 for the quantity said is 5.9 per 1斤, not 0.02"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "十五块钱三瓶，一瓶五百毫升，算下来一毫升才一分钱",
        # 两瓶一千毫升 is a thousand in all or a thousand each: either reading will do
        "买一送一七十九，两瓶一千毫升，合下来一百毫升不到八块钱",
        "买一送一七十九，两瓶一千毫升，合下来一百毫升不到四块钱",
        # another seller's price per jin is a comparison, not this price divided
        "黑豆在超市一斤十五，我们一斤六块",
        "金店里工费一克要一百多，我们一克才十块",
        # a price for five jin is a price, not a restatement of one
        "超市里一斤卖十二三块，我们这里一箱五斤才二十九块九",
        "这个是散装称重的，一斤是五十块，你拍两斤就是一百",
        # 四毛五 is 0.45 (the 分 after 毛 unsaid), as 九块九 is 9.9
        "二百克八十九块，算下来一克四毛五左右",
    ],
)
def test_per_measure_prices_that_hold_or_restate_nothing_stay_silent(text: str) -> None:
    assert found(text, "zh") == []
