"""Chinese measure words: one table, so that every reader of counts and prices (the bundle and
per-measure arithmetic, the numeral converter, sound matching, the claim signals) counts the
same goods; and the English words for money, for the price reader.

Two measure words are also something else, and each reader decides about them on its own: 只
after a number is as often "only" (买1送1只有前200单) as a unit (两只), and 块 is money (4块8)
as often as a piece (一块手表)."""

from __future__ import annotations

GOODS_UNITS = frozenset("件瓶盒套箱包支袋罐台双条片粒份杯桶提")
"""Measure words of goods: the unit a number before them counts (3支, 两件)."""

COUNT_UNITS = GOODS_UNITS | frozenset("个组对副饼本把张")
"""Every measure word that counts units and means nothing else after a number: the goods', and
the general ones (个, 组, 一对耳环, 一副眼镜, 一饼茶, 本, 把, 张)."""

MEASURE_UNITS = frozenset("克斤吨升米")
"""Units of weight, volume and length after a number (120克, 5斤, 2升): a quantity, like a count."""

USE_UNITS = frozenset("次节晚")
"""Measure words of a service's uses (十次卡, 八节课, 两晚): a package of uses is priced like a
bundle of goods ("十次卡六百八，算下来一次六十八")."""

ONLY_OR_UNIT = "只"
"""A unit (两只) or "only" (1只要99)."""
MONEY_OR_UNIT = "块"
"""Money (4块8) or a unit (一块手表)."""


EN_MONEY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "quid": "GBP",
    "rupee": "INR",
    "rupees": "INR",
    "naira": "NGN",
    "cedi": "GHS",
    "cedis": "GHS",
    "rand": "ZAR",
    "shilling": "KES",
    "shillings": "KES",
    "peso": "PHP",
    "pesos": "PHP",
    "ringgit": "MYR",
    "dirham": "AED",
    "dirhams": "AED",
    "riyal": "SAR",
    "riyals": "SAR",
    "pataca": "MOP",
    "patacas": "MOP",
    "lei": "RON",
    "baht": "THB",
    "yen": "JPY",
    "kwacha": "ZMW",
    "taka": "BDT",
    "rupiah": "IDR",
    "dinar": "KWD",
    "dinars": "KWD",
    "lira": "TRY",
    "zloty": "PLN",
    "florin": "AWG",
    "florins": "AWG",
}
"""English words that make the number before them money ("eighty patacas", "forty-five
thousand naira"), with the currency each names (the usual one where a word is shared: a peso
is read as Philippine). Not "pounds", which is as often a weight ("lost twenty pounds"), nor
words that are also ordinary English (won, real, mark): £ and quid say pounds sterling."""


def alternation(units: frozenset[str] | set[str]) -> str:
    """``units`` as a regex alternation, in a fixed order (the compiled patterns stay the same
    from run to run)."""
    return "|".join(sorted(units))
