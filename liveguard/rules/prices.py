"""Price mentions with their role, and the arithmetic of spoken discounts.

"原价999，打一折，只要199" is three facts whose arithmetic does not add up (999 × 0.1 = 99.9):
price rules need the numbers and what each one claims to be, not just the words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from liveguard.rules.han import is_han
from liveguard.rules.homophone import syllable
from liveguard.rules.soundform import (
    common_word,
    plausible_mishearing,
    sound_char,
    sound_pattern,
    sound_text,
)
from liveguard.rules.units import (
    COUNT_UNITS,
    EN_MONEY_WORDS,
    MEASURE_UNITS,
    MONEY_OR_UNIT,
    ONLY_OR_UNIT,
    USE_UNITS,
    alternation,
)

PriceRole = Literal["reference", "current", "per_unit", "reduction", "unknown"]

_EN_MONEY_WORD = "|".join(sorted(EN_MONEY_WORDS, key=len, reverse=True))
"""The English money words as one alternation, longest first."""
_ONE_OF = COUNT_UNITS | {ONLY_OR_UNIT, "斤"}
"""Measure words after which a one counts a unit (89块1支: 89 for one), never a jiao."""
_AMOUNT = re.compile(
    r"(?P<sym>[¥￥$€£])\s?(?P<n1>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"|(?P<n2>\d+(?:\.\d+)?)\s?(?P<unit>块钱|块|元|rmb|RMB|美元|美金|刀|欧元|"
    + _EN_MONEY_WORD
    + r")(?![a-z])"
    # 89块1支 is 89 for one, not 89.1 (but 49块9包邮 is 49.9)
    r"(?:(?!1\s?[" + "".join(sorted(_ONE_OF)) + r"])(?P<jiao>\d)(?![\d.]|\s?[元块]))?"
)
_ZH_CUE_NUMBER = (
    # a price tag read out: 吊牌上印的是一百六十八, 标签写的299 (what is printed is the reference)
    r"(?:(?:吊牌|标签|价签|价牌)(?:上面?)?(?:印|写|标|贴|打)(?:的|着)|原价|专柜价|划线价|市场价|吊牌价?|官方价|官网价|日常价|零售价|指导价|现价|到手价|到手|秒杀价|活动价|"
    r"福利价|一口价|直播价|券后价?|只要|只需|仅需|仅要|仅售|价格是|价格|售价|定价|卖|专柜|外面|超市|商场|平时|日常|别家|线下|给到|给你们|给大家|拿走|带走|到手|这里|我们这儿?|实体店|门店|直播间里?|平常|平日|原来|今天|现在|我们|咱们|咱家|专卖店|专营店|这件|这个价|这价|这个|这箱|这套|这款|这一箱|这一件)\s?(?:就是|也是|都是|都卖|都要|要卖到|卖到|卖|要|到|是|为|才)?\s?"
    r"(?P<n>\d+(?:\.\d+)?)"
)
_ZH_PAST = r"昨天晚上|昨天|昨晚|前天|上周|上个月|上次|上一场|上一次"
"""An earlier day or session named before its price."""
_ZH_PAST_OR_SHOP = (
    _ZH_PAST + "|"
    r"(?<!我们)(?<!我)(?<!本)(?<!小)(?<!咱)(?<!自家)(?<!网)(?<!的)(?<!门)店(?!铺)里?"
)
"""Another shop or an earlier day named right before a figure (药店三百多的蜂胶今天九十九, 书店两百八
的绘本, 昨天晚上三百六十八，今天二百一十八): a compared price, like 专柜 or 以前. Written only: in
sound 店 is 点 (十二点九十九) and 上次 any 上; not the host's own shop (我们店, 本店, 小店), not 的店,
whose 店 in sound is any syllable, not 店铺 (领店铺二十元券: the host's shop's coupon)."""
_ZH_PAST_CUE = re.compile(rf"(?:{_ZH_PAST})(?:还|就)?(?:是|卖)?\s?$")
"""An earlier day's price, just before the figure."""

_ZH_NOT_A_PRICE_AFTER = re.compile(
    r"(?:[\d.]|\s?(?:折|%|天|个|件|单|分|秒|号|瓶|盒|次|位|克|斤|公斤|千克|ml|毫升|小时|年|月|周|人|w|万|点|场|期|岁|度|cm|厘米|"
    r"箱|袋|包|罐|套|支|条|双|只(?![播有要剩卖需能是])|台|份|片|粒|杯|桶|张|对|组|颗|根))"
)
"""What after a bare number makes it a count, a time or a rate, not a price (三天, 10斤, 8折).
Checked on the written text even for an amount found in sound: one-character units sound
like ordinary words (斤/今, 天/添, 个/各), so 吊牌899今天 would otherwise lose its 899. 只
before 播 is 直播 heard (12399 只播间 399), not a count."""
_ZH_BARE = re.compile(
    _ZH_CUE_NUMBER.replace("(?:(?:吊牌", "(?:" + _ZH_PAST_OR_SHOP + "|(?:吊牌", 1)
    + r"(?!"
    + _ZH_NOT_A_PRICE_AFTER.pattern
    + ")"
)
_EN_MAKE_IT = r"(?:\bi|\bi'?ll|\bwe'?ll|\blet me) make (?:it|them|this|that|these|those|the(?: [a-z0-9-]+){1,3})"
"""A seller naming the price they set: the object stands between make and the amount."""
_EN_BARE = re.compile(
    # a person was or were a bare number: an age ("since I was 16"), not a former price
    r"\b(?:(?<!\bi )(?<!\bhe )(?<!\bshe )(?<!\byou )(?:was|were)|now|only|just|(?:today|tonight)(?: it'?s| only| just)?|regular(?:ly)?|normally|usually|typically|originally|compare at|retails? (?:at|for)|valued at|doing|do it for|for|"
    # the price it stands in place of ("eighty patacas instead of a hundred and twenty")
    r"(?:instead of|rather than)(?: an?)?|"
    # the goods at a figure ("the store has these at 26", "the brand site has this at 140",
    # "grab it at 49"): not a time or a place, which name no goods before "at"
    r"(?:these|them|this|it|those|ones?|listed|priced|selling|sells?|left) at|"
    r"(?:original|regular|retail|list|normal|usual) price(?: is| was| of)?|msrp(?: is| was)?|"
    # a seller setting the price ("I make the 20 lessons 299", "I'll make them 40"); not "we
    # make 200 a day", where no object stands between the verb and the number
    + _EN_MAKE_IT
    + r")\s+"
    r"(?P<n>\d+(?:\.\d+)?)(?![.,]?\d)\b"
    # a range of a count or a time ("usually 3 to 5 days", "for 2 or 3 weeks", "usually 2, 3 days")
    r"(?!\s*(?:to|or|-|–|,)\s*\d+(?:\.\d+)?\s*(?:(?:working|business|full|more) )?(?:minutes?|mins?|hours?|days?|weeks?|months?|"
    r"years?|people|pieces?|items?|times?|units?)\b)"
    # or of a share ("usually 4 to 6 percent of the car's value"; not "390, 80 percent off")
    r"(?!\s*(?:to|or|-|–)\s*\d+(?:\.\d+)?\s*(?:%|percent\b|per ?cent\b))"
    r"(?!\s*(?:%|percent|left|units?|minutes?|mins?|seconds?|hours?|days?|weeks?|o'?clock|[ap]\.?m\b|sharp|"
    r"pieces?|items?|more|people|times?|years?|sets?|bottles?|of|x\b|mah|wh|watts?|volts?|"
    r"inch(?:es)?|cm|mm|grams?|g\b|mg|kg|kilos?\b|kilograms?|stones?\b|lbs?|oz|ounces?|ml|"
    r"lit(?:er|re)s?|f(?:ee|oo)t|ft|degrees?|gb|tb|mp|hz|calories|steps|miles|km))",
    re.IGNORECASE,
)
_EN_WHERE_AFTER = re.compile(
    r"(?:\ba )?\$?(?P<n>\d+(?:\.\d+)?)(?: (?:dollars|bucks))?,? (?:(?P<here>here|with me|from me|on (?:this|the|my) "
    r"(?:live|stream|channel))|everywhere else|anywhere else|elsewhere|in (?:the )?(?:shops|stores|mall|"
    r"supermarkets?|high street)|at the (?:mall|store|shops))\b",
    re.IGNORECASE,
)
"""A figure said before where it is asked ("a hundred and twenty everywhere else, forty-five
here"): another seller's price, or the host's."""
_ZH_ROLES_HEARD: tuple[tuple[PriceRole, re.Pattern[str]], ...] = (
    (
        "per_unit",
        re.compile(r"(每|一)(瓶|件|盒|支|片|袋|斤|包|个|份|罐|杯|片)|单价|均价|折合|平均|合"),
    ),
    ("reduction", re.compile(r"立减|直降|减|优惠|便宜|省|降|返|补贴|送|券")),
    (
        "reference",
        re.compile(
            r"原价|专柜价?|划线价|市场价|吊牌价?|标签|价签|价牌|官方价|官网价?|门店价?|日常价?|平时|平常|以前|之前|零售价|"
            r"建议零售价|建议售价|指导价|成交价|专卖店|外面|线下|别人家|别家|超市|商场|商店|实体店|卖|标价|价值"
        ),
    ),
    (
        "current",
        re.compile(
            r"今天|现在|到手|直播间|拿走|带走|只要|只需|仅需|仅要|仅售|秒杀|活动价|福利价|券后|拍|下单|这里|咱们|我们|给到|特价|现价|一口价|价格是|就要"
        ),
    ),
)
_ZH_ROLES: tuple[tuple[PriceRole, re.Pattern[str]], ...] = tuple(
    (role, re.compile(_ZH_PAST_OR_SHOP + "|" + p.pattern) if role == "reference" else p)
    for role, p in _ZH_ROLES_HEARD
)
"""The roles as written; ``_ZH_ROLES_HEARD`` (the sound form's) leaves out ``_ZH_PAST_OR_SHOP``."""
_EN_ROLES: tuple[tuple[PriceRole, re.Pattern[str]], ...] = (
    ("per_unit", re.compile(r"\b(per|each|a piece|apiece|a bottle|a unit)\b", re.IGNORECASE)),
    ("reduction", re.compile(r"\b(save|saving|off|discount of|rebate)\b", re.IGNORECASE)),
    (
        "reference",
        re.compile(
            r"\b(was|were|stores?|mall|retailers?|amazon|(?:brand|official|their) (?:web)?site|outlets?|boutiques?|sells? for|at the (mall|store)|stores? (charge|sell (it )?for)|used to (be|cost|sell for)|previously|typically|before|regular(ly)?|retail(s)?|compare at|compared to|originally|original price|(?:usual|normal) price|msrp|rrp|list price|valued at|worth|value|normally|usually|elsewhere|in stores|suggested (retail )?price( is| was| of)?|last (week|month)( was| is)?|instead of|rather than)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "current",
        re.compile(
            r"\b(now|today|tonight|only|just|pay|get it|deal|"
            # "the original price is 180" names the reference, not today's price
            r"(?<!original )(?<!regular )(?<!retail )(?<!list )(?<!normal )(?<!usual )(?<!suggested )"
            r"price is|yours for|here|we'?re doing|i'?m doing|doing it for|i'?ll do|we'?ll do|"
            + _EN_MAKE_IT
            + r")\b",
            re.IGNORECASE,
        ),
    ),
)
_ZH_DISCOUNT = re.compile(
    r"(?:打|打个)?(?P<n>\d+(?:\.\d+)?)\s?折(?!叠|扣券|腾|磨|射)|(?P<half>半价)"
)
_EN_FRACTION = r"(?:a|one)[- ](?:third|quarter|fifth)|(?:2|two)[- ]thirds|(?:3|three)[- ]quarters"
"""A plain fraction said in words ("a third", "three quarters"), off or as a discount."""
_EN_DISCOUNT = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent|per cent|pc)\s?(?:off|discount)|(?P<half>half[- ]price|half off)|"
    rf"\b(?P<frac>{_EN_FRACTION})\s+off\b|"
    # "a discount of one third", "a discount of 20 percent"
    rf"\bdiscount of (?:(?P<frac2>{_EN_FRACTION})|(?P<pct2>\d+(?:\.\d+)?)\s?(?:%|percent|per cent))",
    re.IGNORECASE,
)
"""A discount said in English: a percentage in figures or words, half, or a plain fraction
("that's a third off" is as checkable as 33 % off)."""
_EN_FRACTIONS = {"third": Decimal(1) / 3, "quarter": Decimal("0.25"), "fifth": Decimal("0.2")}
_EN_FRACTION_COUNTS = {"2": 2, "two": 2, "3": 3, "three": 3}


_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点"
ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
"""The value of each Chinese digit numeral."""
_HUNDREDS_SHORTHAND = re.compile(
    r"([一二两三四五六七八九])百([一二三四五六七八九])([一二三四五六七八九])"
)


def hundreds_shorthand(spelled: str) -> int | None:
    """The live-room shorthand 两百九九 / 一百六八 (hundreds, tens and ones with the 十 left out),
    which cn2an refuses, or None."""
    m = _HUNDREDS_SHORTHAND.fullmatch(spelled)
    if m is None:
        return None
    return sum(ZH_DIGITS[d] * w for d, w in zip(m.groups(), (100, 10, 1), strict=True))


_MAX_READINGS = 32
"""Readings of one heard number tried at most (each ambiguous character doubles them)."""


@lru_cache(maxsize=1)
def _numerals_by_sound() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Numerals by exact toneless syllable (shi → 十, si → 四, yi → 一 or 亿) and by folded
    sound (shi and si fold together: 十 or 四)."""
    exact: dict[str, tuple[str, ...]] = {}
    folded: dict[str, tuple[str, ...]] = {}
    for ch in _NUMERAL_CHARS:
        for table, key in ((exact, syllable(ch)), (folded, sound_char(ch))):
            if ch not in table.get(key, ()):
                table[key] = (*table.get(key, ()), ch)
    return exact, folded


@lru_cache(maxsize=4096)
def numeral_readings(ch: str) -> tuple[str, ...]:
    """The numerals a transcript character may stand for: itself if it is one, else the
    numerals of the same syllable (酒 → 九, 是 → 十), else of the same folded sound (山 → 三);
    empty when it does not sound like a numeral at all."""
    if ch.isdigit() or ch == "." or ch in _NUMERAL_CHARS:
        return (ch,)
    exact, folded = _numerals_by_sound()
    return exact.get(syllable(ch)) or folded.get(sound_char(ch), ())


def _spelled_value(spelled: str) -> Decimal | None:
    """The value of a number spelled in digits and Chinese numerals, or None (ranges too)."""
    import cn2an

    if (
        len(spelled) >= 2
        and not any(c in "十百千万亿点" for c in spelled)
        and not spelled.isdigit()
    ):
        return None  # 八九块, 三五个: a range said in numerals, not one amount
    if all(c.isdigit() or c == "." for c in spelled):
        try:
            return Decimal(spelled)
        except InvalidOperation:
            return None
    if spelled == "百":
        return Decimal(100)  # 百分之百
    try:
        value = cn2an.cn2an(spelled, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


def heard_number(chars: str) -> Decimal | None:
    """The value of a number as a recogniser may write it: digits, Chinese numerals, or
    characters that sound like numerals (酒 for 九), in any mix ("9块酒" → 9, 9).

    A character that may be several numerals (亿 and 一 are both yi; 十 and 四 fold together)
    is tried each way, and the first reading that makes one number wins: 丩乨丩 (jiu shi jiu)
    is 九十九, not the range 九四九."""
    options = [numeral_readings(c) for c in chars]
    if not options or not all(options):
        return None
    for n, spelled in enumerate(itertools.product(*options)):
        if n >= _MAX_READINGS:
            break
        value = _spelled_value("".join(spelled))
        if value is not None:
            return value
    return None


def heard_numbers(text: str) -> list[tuple[int, int, Decimal]]:
    """Every number in ``text`` as heard: (start, end, value) of each longest run of
    characters that read as one number. A run with no digit and no written numeral must be at
    least two characters (是 alone is not 十, 已 alone is not 一)."""
    out: list[tuple[int, int, Decimal]] = []
    i, n = 0, len(text)
    while i < n:
        if not numeral_readings(text[i]):
            i += 1
            continue
        j = i
        while j < n and numeral_readings(text[j]):
            j += 1
        found = False
        for end in range(j, i, -1):  # the longest reading from i that makes one number
            run = text[i:end]
            written = any(c.isdigit() or c in _NUMERAL_CHARS for c in run)
            if not written and len(run) < 2:
                break
            value = heard_number(run)
            if value is not None:
                out.append((i, end, value))
                i, found = end, True
                break
        if not found:
            i += 1
    return out


@dataclass(frozen=True, slots=True)
class PriceMention:
    """One amount in a sentence and what it is said to be."""

    amount: Decimal
    currency: str
    """ISO code; "" for an English figure said with no currency ("for 40"), which may be any."""
    role: PriceRole
    start: int
    end: int
    restored: bool = False
    """Said as the price it returns to after a deadline (``restored_prices``): a comparison on
    its own, with no current price beside it."""


def lower_before(text: str, ref: PriceMention, others: Sequence[PriceMention], lang: str) -> bool:
    """An earlier day's price below every price said now is history, no saving claimed (上次是
    一千一百一十九，今天是一千二百九十九, said to a viewer who asked)."""
    return (
        lang == "zh"
        and bool(others)
        and all(o.amount > ref.amount for o in others)
        and bool(_ZH_PAST_CUE.search(text, max(0, ref.start - 8), ref.start))
    )


_EN_FEE = re.compile(r"\b(?:courier|shipping|postage|delivery|freight)\b", re.IGNORECASE)
_FEE_REACH = 50


def prices_the_sending(text: str, ref: PriceMention, lang: str) -> bool:
    """A figure just after talk of sending the goods, in its sentence, prices the sending: no
    reference for the goods ("international courier we quote after the size, usually about 80")."""
    if lang != "en":
        return False
    stop = max(text.rfind(c, 0, ref.start) for c in ".!?;\n") + 1
    return bool(_EN_FEE.search(text, max(stop, ref.start - _FEE_REACH), ref.start))


@dataclass(frozen=True, slots=True)
class Discount:
    """A spoken discount as the fraction of the reference price paid (打8折 → 0.8)."""

    factor: Decimal
    start: int
    end: int


def _currency(sym: str | None, unit: str | None) -> str:
    token = (sym or unit or "").lower()
    if token in {"$", "美元", "美金", "刀"}:
        return "USD"
    if token in {"€", "欧元"}:
        return "EUR"
    if token == "£":
        return "GBP"
    return EN_MONEY_WORDS.get(token, "CNY")


def _role(
    text: str, start: int, lang: str, roles: tuple[tuple[PriceRole, re.Pattern[str]], ...]
) -> PriceRole:
    window = text[max(0, start - (10 if lang == "zh" else 28)) : start]
    # the cue nearest to the amount wins
    best: tuple[int, PriceRole] | None = None
    for role, pattern in roles:
        for m in pattern.finditer(window):
            if best is None or m.end() > best[0] or (m.end() == best[0] and role == "reference"):
                best = (m.end(), role)
    # a clause boundary between cue and amount weakens it only when another cue is closer
    return best[1] if best else "unknown"


# -- a price said to come back after a deadline -------------------------------------------
# "明天恢复599", "卖完就回到1200", "下一轮直接回399", "then it snaps back to the usual 85",
# "after that you're paying 60 like everyone else": the price here set against a higher one the
# host says it returns to once a time, a stock or the stream has passed. That higher amount is a
# compared price as much as 原价 is (明码标价和禁止价格欺诈规定 第十六、十七条; 2026 live-commerce
# rules 第三十二条: show what it is based on), told in time instead of place.
_ZH_RESTORE_VERBS = r"恢复(?:到|成)?|回到|涨回(?:到)?|返去|变回|调回(?:到)?|改回(?:到|成)?"
"""The two-syllable verbs of a return; only these are also looked for in sound, since 就会 /
都会 would pass for the one-syllable 就回 / 都回."""
_ZH_RESTORED_AMOUNT = (
    r"\s?(?:1\s?(?:" + alternation(_ONE_OF | MEASURE_UNITS | {"公斤"}) + r")\s?)?"
    # a recogniser writes thousands with a comma (恢复2,999): the amount is read whole
    r"(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(?!" + _ZH_NOT_A_PRICE_AFTER.pattern + ")"
)
"""The amount returned to, after the unit it prices if one is named (恢复一克四十八: 48 a gram)."""
_ZH_RESTORE = re.compile(
    rf"(?:回复(?:到|成)?|{_ZH_RESTORE_VERBS}|(?:就|直接|立马|马上|立刻|又|会|都|统一|全部|全都)回(?:到)?)"
    r"(?:原价|日常价|正常价|原来的|平时的)?" + _ZH_RESTORED_AMOUNT
)
_ZH_NEXT_PRICE = re.compile(
    r"(?P<verb>涨到|涨成|涨至|调到|调成|调整到|变成|改成|就是|就要|就得|又是|就卖|要卖|按)"
    + _ZH_RESTORED_AMOUNT.replace("(?:1\\s?", "(?:[12两]\\s?")
    + r"(?!来)(?P<walk>(?:块钱|块|元)?\s?(?:[1一每]\s?)?(?:"
    + alternation(_ONE_OF | MEASURE_UNITS)
    + r")?走)?"
)
"""The price the host says comes after a deadline without a verb of return (过了十二点就是四千
九百八, 往后就是一百二了, 下一场就按一百块一斤走, 下个月起都涨到两万了): the same compared price,
told as the next one rather than the old one. Only as written: 就是 and 按 are everywhere in
sound. Not a price label (…以后链接就是正常价四十九: the normal price stated, and 恢复正常价 is
the return form's), not 都是 (一直到这一批卖完都是二十九: the price holding), not 涨到 a figure
and 来 (泡五分钟能涨到二十来斤: a weight), and 按 only with 走 (按八十九算 is today's price)."""
_ZH_DEADLINE = re.compile(
    r"明天|明儿|明早|听日|过了|以后|之后|下播|播完|下了播|[卖麦]完|拍完|抢完|结束|截止|[一1][过锅]|过后|\d+分钟|"
    r"下一?[轮波场次]|撤了|到时候|零点|\d+点|往后|节后|再来|(?:天|日|周|月|年|号|单|个|位|名)(?:开始|起)"
)
_EN_RETURNED_FIGURE = r"\$?(?P<{g}>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,.]?\d)"
"""An amount read whole: $1,499 with its thousands, and never the 1 of 10 or of 1,299 (a
shorter reading would slip past the not-a-price check after it)."""
_EN_RETURNED_PRICE = (
    r"(?:the )?(?:usual |normal |regular |full |old )?(?:price )?(?:of )?"
    + _EN_RETURNED_FIGURE
    + r"(?! ?(?:%|percent|off|minutes?|mins?|hours?|days?|left|units?|pieces?|degrees?|people|"
    r"shipping)\b)"
)
_EN_RESTORE = re.compile(
    r"\b(?:(?:goes|go|going|jumps?|jumping|snaps?|snapping|bounces?|comes?|went|shoots?) "
    r"(?:back (?:up )?|up )to|(?:reverts?|returns?|back(?: up)?) to|(?:brings?|bringing|puts?|putting) "
    r"(?:it|them|the price) back (?:up )?to|go(?:es|ing)? (?:up )?from \$?\d+(?:\.\d+)? to|"
    r"(?:you'?re|you are|you'?ll be|you will be|"
    r"(?:every(?:one|body))(?: else)?(?: is)?) pay(?:ing|s)?) "
    + _EN_RETURNED_PRICE.format(g="n")
    + r"|\b(?:it'?s|it is|they'?re|back at|then) "
    + _EN_RETURNED_FIGURE.format(g="n2")
    + r"(?: (?:dollars|bucks))? (?:again|like (?:every(?:one|body))(?: else)?)\b"
    # "…for the first three people only, after that it's $1,499": the deadline is the lead
    r"|\bafter (?:that|this|tonight|today|midnight|the (?:stream|show|live|drop|wave|first \w+))"
    r",? (?:it'?s|it is|they'?re|they are|the price is|price is|you pay|you'?re paying|"
    r"it goes (?:up |back )?to|it jumps to) "
    + _EN_RETURNED_PRICE.format(g="n3")
    # "the first one's 30, after that it's 20 each", "four hours included, after that it's 50
    # lei per hour": a rate after the first unit or a quota, not a deadline
    + r"(?! ?(?:[a-z]+ )?(?:each|per)\b)",
    re.IGNORECASE,
)
_ZH_RESTORE_DENIED = re.compile(
    r"(?:不|没|别|绝不|并不)(?:会|再|能|要|可能|用)?(?:再|马上|立马|直接)?$"
)
_EN_RESTORE_DENIED = re.compile(
    r"\b(?:not|never|won'?t|isn'?t|doesn'?t|don'?t|no)\b(?: \w+){0,2} ?$", re.IGNORECASE
)
_ZH_RESTORE_BASIS = re.compile(
    r"[^。！？!?]{0,6}(?:就是|也就是|也是)(?:之前|以前|平时|一直|活动前)|"
    # the later price written in the terms the buyer signs or reads (第十三个月开始恢复三十九
    # 合同上写着): stated, not pressed
    r"[^。！？!?]{0,4}(?:合同|协议|详情页|活动页|价目表)(?:上|里)?(?:写着|写的|写了|有写|标着|标的)"
)
_EN_RESTORE_BASIS = re.compile(
    r"[^.!?]{0,12}\bwhich (?:is|was) (?:what|the price) (?:it|they|we|i) "
    r"(?:was|were|cost|charged|sold|had)",
    re.IGNORECASE,
)
_EN_DEADLINE = re.compile(
    r"\b(?:tomorrow|tonight|midnight|before|after (?:that|this|tonight|today|the (?:stream|show|live|first))|"
    r"once|when (?:i|we|the|it)|then|until|till|ends?|only (?:good|live|valid)|sold out|gone|"
    r"from (?:tomorrow|monday|next)|next (?:week|month|round|drop)|by (?:friday|monday|tomorrow|"
    r"the weekend))\b",
    re.IGNORECASE,
)


_ZH_RESTORE_SOUND = re.compile(
    sound_pattern(f"(?:{_ZH_RESTORE_VERBS})(?:原价|日常价|正常价)?" + _ZH_RESTORED_AMOUNT)
)
_ZH_DEADLINE_SOUND = re.compile(sound_pattern(_ZH_DEADLINE.pattern))
_ZH_RESTORE_BASIS_SOUND = re.compile(sound_pattern(_ZH_RESTORE_BASIS.pattern))
"""The basis heard as well as read: a transcript writes 合同上写着 as 和同上写着."""
_ZH_RESTORE_ALPHABET = frozenset(c for c in _ZH_RESTORE.pattern if is_han(c))


def _restore_matches(text: str) -> list[re.Match[str]]:
    """The Chinese returns said as written, and those a recogniser misspelled (涨回 heard as
    找回, 恢复 as 回复) found on the sound form where no real word was said instead."""
    found = list(_ZH_RESTORE.finditer(text))
    taken = {m.start("n") for m in found}
    found += [  # the next price, as written only
        m
        for m in _ZH_NEXT_PRICE.finditer(text)
        if m.start("n") not in taken and (m.group("verb") != "按" or m.group("walk"))
    ]
    st = sound_text(text)
    if st == text:
        return found
    taken |= {m.start("n") for m in found}
    for m in _ZH_RESTORE_SOUND.finditer(st):
        if m.start("n") in taken or not plausible_mishearing(
            text, m.start(), m.end(), _ZH_RESTORE_ALPHABET, frozenset()
        ):
            continue
        found.append(m)
    return found


ZH_CLAUSE_BREAK = re.compile(r"[。！？!?；;，,]")
"""Where a Chinese clause ends (shared with ``claims``)."""
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _next_price_after_deadline(text: str, verb: int) -> bool:
    """A next price (``_ZH_NEXT_PRICE``) counts only right after its deadline: in its own clause
    or the one before, with no figure between (过了腊八，俺这一袋就得涨到三十五). A deadline further
    back governs something else (玩了这个车以后，…数学从七十多分涨到九十多), and so does a figure
    after it, other than a count (算下来一斤六十六块多一点两盒三百七十八一斤就是六十三: 一点 is "a
    bit", and the last sum a unit price). Written only: in sound 便宜点 is a time."""
    breaks = [b.start() for b in ZH_CLAUSE_BREAK.finditer(text, 0, verb)]
    lead_start = breaks[-2] + 1 if len(breaks) >= 2 else 0
    if any(c in "。！？!?；;" for c in text[lead_start:verb]):
        lead_start = max(text.rfind(c, 0, verb) for c in "。！？!?；;") + 1
    deadlines = list(_ZH_DEADLINE.finditer(text, lead_start, verb))
    if not deadlines:
        return False
    last = deadlines[-1]
    return all(
        _ZH_NOT_A_PRICE_AFTER.match(text, f.end()) for f in _DIGITS.finditer(text, last.end(), verb)
    )


def restored_prices(text: str, lang: str) -> list[tuple[int, int, Decimal]]:
    """(start, end, amount) of every amount the price is said to return to after a deadline
    said before it in the same sentence (normalised text); a return that is denied (不会恢复)
    or has no deadline ("复查回到150") is none."""
    zh = lang == "zh"
    deadline = _ZH_DEADLINE if zh else _EN_DEADLINE
    out: list[tuple[int, int, Decimal]] = []
    for m in _restore_matches(text) if zh else list(_EN_RESTORE.finditer(text)):
        group = next(g for g in ("n", "n2", "n3") if m.groupdict().get(g))
        before = text[: m.start()]
        if (_ZH_RESTORE_DENIED if zh else _EN_RESTORE_DENIED).search(before[-8 if zh else -24 :]):
            continue
        if (_ZH_RESTORE_BASIS if zh else _EN_RESTORE_BASIS).match(text, m.end()) or (
            zh and _ZH_RESTORE_BASIS_SOUND.match(sound_text(text), m.end())
        ):
            continue  # "…go back to 28, which is what they were all summer": its basis said
        if zh and "verb" in m.re.groupindex:
            if _next_price_after_deadline(text, m.start()):
                out.append((m.start("n"), m.end("n"), Decimal(m.group("n").replace(",", ""))))
            continue
        cut = max(before.rfind(c) for c in "。！？!?；;")
        lead = before[cut + 1 :] + text[m.start() : m.start(group)]
        # the deadline may also follow the amount ("everyone else pays 40 from tomorrow")
        after = re.split(r"[。！？!?；;]|\.(?!\d)", text[m.end() : m.end() + 30], maxsplit=1)[0]
        if not (
            deadline.search(lead)
            or deadline.search(after)
            or (zh and _ZH_DEADLINE_SOUND.search(sound_text(lead)))
        ):
            continue
        try:
            out.append((m.start(group), m.end(group), Decimal(m.group(group).replace(",", ""))))
        except InvalidOperation:
            continue
    return out


def extract_prices(text: str, lang: str) -> list[PriceMention]:
    """Every amount with its role; works on normalised text (numerals already digits)."""
    roles = _ZH_ROLES if lang == "zh" else _EN_ROLES
    out: list[PriceMention] = []
    for m in _AMOUNT.finditer(text):
        raw = m.group("n1") or m.group("n2")
        if raw is None:
            continue
        try:
            amount = Decimal(raw.replace(",", ""))
        except InvalidOperation:
            continue
        if m.group("jiao"):
            amount += Decimal(m.group("jiao")) / 10
        role = _role(text, m.start(), lang, roles)
        out.append(
            PriceMention(
                amount, _currency(m.group("sym"), m.group("unit")), role, m.start(), m.end()
            )
        )
    if lang == "en":
        taken = [(p.start, p.end) for p in out]
        for b in _EN_BARE.finditer(text):
            s, e = b.start("n"), b.end("n")
            if not any(s < te and ts < e for ts, te in taken):
                out.append(
                    PriceMention(Decimal(b.group("n")), "", _role(text, s, lang, roles), s, e)
                )
                taken.append((s, e))
        for b in _EN_WHERE_AFTER.finditer(text):
            s, e = b.start("n"), b.end("n")
            if not any(s < te and ts < e for ts, te in taken):
                where: PriceRole = "current" if b.group("here") else "reference"
                out.append(PriceMention(Decimal(b.group("n")), "", where, s, e))
        out.sort(key=lambda p: p.start)
    if lang == "zh":
        taken = [(p.start, p.end) for p in out]
        for b in _ZH_BARE.finditer(text):
            s, e = b.start("n"), b.end("n")
            if any(s < te and ts < e for ts, te in taken):
                continue
            role = _role(text, s, lang, roles)
            out.append(PriceMention(Decimal(b.group("n")), "CNY", role, s, e))
        out.sort(key=lambda p: p.start)
    if lang == "zh":
        out = _heard_prices(text, out, roles)
    for s_, e_, amount in restored_prices(text, lang):
        same = [p for p in out if p.start < e_ and s_ < p.end]
        for p in same:
            out.remove(p)
        currency = "CNY" if lang == "zh" else ""
        out.append(PriceMention(amount, currency, "reference", s_, e_, restored=True))
        out.sort(key=lambda p: p.start)
    if len(out) == 1 and out[0].role == "unknown":
        only = out[0]
        out[0] = PriceMention(only.amount, only.currency, "current", only.start, only.end)
    return out


_SOUND_AMOUNT = re.compile(
    sound_pattern(
        r"(?P<n>[\d零〇一二两三四五六七八九十百千万点]+)\s?(?:块钱|块|元)(?P<jiao>[\d一二三四五六七八九])?"
    )
)
_SOUND_BARE = re.compile(sound_pattern(_ZH_CUE_NUMBER))
_ZH_ROLES_SOUND = tuple((role, re.compile(sound_pattern(p.pattern))) for role, p in _ZH_ROLES_HEARD)


_NOT_JIAO = frozenset("就吧把而以已起其")
"""Words that sound like a digit and follow an amount as words (十块就行, 十块吧): never the
jiao of 九块九 heard as 九块酒."""


def _unit_is_a_word(text: str, m: re.Match[str], end: int) -> bool:
    """The unit was heard in sound (not written 块/元) and the number's last character with
    it is a common word as written (一样, 一会): the speaker said that word."""
    unit_end = m.start("jiao") if m.group("jiao") else m.end()
    unit = text[end:unit_end].strip()
    return unit not in ("块钱", "块", "元") and common_word(text[end - 1 : unit_end].strip())


def _heard_jiao(text: str, at: int) -> bool:
    """Whether the character at ``at`` after 块/元 can be a jiao the recogniser misspelled: not a
    function word, not after 块钱 (a whole amount: 十块钱就行), not a one before a measure
    word of goods (89块1支: 89 for one), and not the first digit of a count (48块40支: 48 for
    forty)."""
    after = text[at + 1 : at + 2]
    return (
        text[at] not in _NOT_JIAO
        and text[max(0, at - 2) : at] != "块钱"
        and not (text[at] in "1一" and after in _ONE_OF)
        and not (after.isdigit() or (after != "" and after in "十百千万"))
    )


_HEARD_NOT_A_FORMER = re.compile(
    r"(?:单(?:[个件包瓶盒支只袋罐套]|独)?|一起|(?:一|1)块儿?|打包|合起来|同时)买\s?$|"
    r"(?:多|另|再|额外)[^，。！？,!?\d]{0,3}加\s?$"
)
"""A written 单买 or 一起买 before the amount: the price of one bought alone or of the bundle
today, which a 卖 heard in 买 would otherwise make a former price (三件一起买一千二百八); and a
written 加 after 多 / 另 / 再 / 额外 is an added charge (多一样加一千二), not 价 heard."""
_SPEND_THRESHOLD = re.compile(r"\s?[减解见]\s?\d")
"""An amount followed by 减 and a figure is what must be spent (满1000减100, heard 买1000解100)."""


def _whole_amount(text: str, cue: int, start: int) -> int:
    """Where the amount found at ``start`` really starts. In sound a written 1 is 要 (yāo, as
    numbers are read out digit by digit), so 吊牌价1900 matches 吊牌价 + 要 + 900: a 1 right
    before the amount, after the cue's own words, is the amount's first digit. Any other digit
    before it stays a word the cue cannot have (单买499 is no 卖是99), and the amount is
    dropped below."""
    if start - 1 > cue and text[start - 1] == "1" and not text[start - 2].isdigit():
        return start - 1
    return start


def _heard_prices(
    text: str, found: list[PriceMention], roles: tuple[tuple[PriceRole, re.Pattern[str]], ...]
) -> list[PriceMention]:
    """Amounts a recogniser spelled with sound-alikes (九块酒, 专柜嫁300, 今天这个家399),
    found on the sound form of the text and read with :func:`heard_number`."""
    st = sound_text(text)
    if st == text:
        return found
    out = list(found)
    taken = [(p.start, p.end) for p in out]
    for pattern, group in ((_SOUND_AMOUNT, "n"), (_SOUND_BARE, "n")):
        for m in pattern.finditer(st):
            s, e = _whole_amount(text, m.start(), m.start(group)), m.end(group)
            jiao_said = "jiao" in pattern.groupindex and m.group("jiao")
            same = [p for p in out if p.start == s and p.end <= e + 2]
            if (
                jiao_said
                and same
                and same[0].amount == same[0].amount.to_integral_value()
                and _heard_jiao(text, m.start("jiao"))
            ):
                out.remove(same[0])  # 9块 read as written; 9块酒 is 9块9 heard
                taken.remove((same[0].start, same[0].end))
            elif any(s < te and ts < e for ts, te in taken):
                continue
            if any(c.isdigit() for c in text[m.start() : s]):
                continue  # a digit is never a cue's word (单买499 is no 卖是99)
            if _HEARD_NOT_A_FORMER.search(text[max(0, s - 6) : s]) or _SPEND_THRESHOLD.match(
                text, e
            ):
                continue  # 单包买125: the single price today; 买1000解100: 满1000减100 heard
            if pattern is _SOUND_AMOUNT and _unit_is_a_word(text, m, e):
                continue  # 一样 is "the same", not 一元 heard
            raw = text[s:e]
            real = sum(1 for c in raw if c.isdigit() or c in _NUMERAL_CHARS)
            if not (raw[0].isdigit() or raw[0] in _NUMERAL_CHARS) and real < 2:
                continue  # a number must start as one (是 alone is not 十; 物百八 is 五百八)
            if pattern is _SOUND_BARE and (
                not (any(c.isdigit() for c in raw) or any(c in "十百千万" for c in raw))
                or _ZH_NOT_A_PRICE_AFTER.match(text, e)
            ):
                continue  # a lone numeral after a cue is a word (一直卖); 三天, 10斤 are no price
            amount = heard_number(raw)
            if amount is None or amount <= 0:
                continue
            end = e
            if (
                "jiao" in pattern.groupindex
                and m.group("jiao")
                and _heard_jiao(text, m.start("jiao"))
            ):
                jiao = heard_number(text[m.start("jiao") : m.end("jiao")])
                if jiao is not None and jiao < 10:
                    amount += jiao / 10
                    end = m.end("jiao")
            role = _role(text, s, "zh", roles)
            if role == "unknown":
                role = _role(st, s, "zh", _ZH_ROLES_SOUND)
            out.append(PriceMention(amount, "CNY", role, s, end))
            taken.append((s, end))
    out.sort(key=lambda p: p.start)
    return out


def extract_discounts(text: str, lang: str) -> list[Discount]:
    out: list[Discount] = []
    pattern = _ZH_DISCOUNT if lang == "zh" else _EN_DISCOUNT
    for m in pattern.finditer(text):
        if m.group("half"):
            factor = Decimal("0.5")
        elif lang == "en" and (m.group("frac") or m.group("frac2")):
            count, part = re.split(r"[- ]", (m.group("frac") or m.group("frac2")).lower())
            factor = 1 - _EN_FRACTION_COUNTS.get(count, 1) * _EN_FRACTIONS[part.rstrip("s")]
        elif lang == "zh":
            n = Decimal(m.group("n"))
            if n <= 0 or n >= 100:
                continue
            factor = n / 10 if n < 10 else n / 100
        else:
            pct = Decimal(m.group("pct") or m.group("pct2"))
            if pct <= 0 or pct >= 100:
                continue
            factor = 1 - pct / 100
        out.append(Discount(factor, m.start(), m.end()))
    return out


@dataclass(frozen=True, slots=True)
class DiscountMismatch:
    """A discount claim whose numbers disagree; ``detail`` spells the arithmetic out."""

    start: int
    end: int
    detail: str


BoundKind = Literal["about", "under"]


def _cents_said_whole(said: Decimal, expected: Decimal, lang: str) -> bool:
    """ "Eight thirty-three" is $8.33 as often as 833: an English three-digit whole figure that
    matches ``expected`` once read as dollars and cents is no misstatement."""
    if lang != "en" or not (100 <= said < 1000) or said != said.to_integral_value():
        return False
    return not _off_by(said / 100, expected, "about")


def _off_by(said: Decimal, expected: Decimal, bound: BoundKind) -> bool:
    """``said`` misstates ``expected`` beyond 5 % and one unit. An upper bound ("不到350",
    "under 20") is a promise, not an estimate: it is false once the real figure passes it by
    more than rounding (1 % and one unit), so 1097 for three is not "不到350 a bottle"."""
    if bound == "under":
        return expected - said > max(Decimal(1), expected * Decimal("0.01"))
    return abs(said - expected) > max(Decimal(1), expected * Decimal("0.05"))


def check_discount_arithmetic(text: str, lang: str) -> list[DiscountMismatch]:
    """Reference × discount must be (about) the current price; 5 % and one unit are tolerated."""
    return _discount_verdicts(text, lang)[0] + _instead_verdicts(text, lang)[0]


def _discount_verdicts(text: str, lang: str) -> tuple[list[DiscountMismatch], int]:
    """The discount restatements that do not hold, and how many were checked."""
    prices = extract_prices(text, lang)
    discounts = extract_discounts(text, lang)
    refs = [p for p in prices if p.role == "reference"]
    currents = [p for p in prices if p.role == "current"]
    if not refs or not currents:
        return [], 0
    ref, cur = refs[0], next((c for c in currents if c.start > refs[0].start), currents[-1])
    out: list[DiscountMismatch] = []
    for disc in discounts:
        expected = ref.amount * disc.factor
        if _off_by(cur.amount, expected, "about"):
            real = (cur.amount / ref.amount) if ref.amount else Decimal(0)
            detail = (
                f"{ref.amount} x {disc.factor.quantize(Decimal('0.01')).normalize()} = {expected.quantize(Decimal('0.01'))}, "
                f"but the price said is {cur.amount} (really {real.quantize(Decimal('0.01'))} of the reference)"
            )
            start = min(ref.start, disc.start, cur.start)
            end = max(ref.end, disc.end, cur.end)
            out.append(DiscountMismatch(start, end, detail))
    return out, len(discounts)


# -- bundle arithmetic ------------------------------------------------------------------
# "买二送一，算下来就是五折" (really 6.7折), "3瓶189，算下来1瓶不到50" (63 each), "1件69，
# 2件129，等于第二件打了5折" (the second costs 60, 8.7折): spoken bundle deals restated as a
# discount, a per-unit price or a second-unit saving that the numbers do not bear out.


@dataclass(frozen=True, slots=True)
class _Offer:
    """A bundle deal: pay full for ``paid`` units, get ``extra`` more at ``extra_factor``
    of the price, or at ``extra_amount`` each (第二件9块9)."""

    paid: int
    extra: int
    extra_factor: Decimal
    extra_amount: Decimal | None
    second_unit: bool
    """Said as a second-unit deal (第二件半价, "second one half off"): a 1 + 1 price pair
    can be checked against it."""
    start: int
    end: int

    @property
    def factor(self) -> Decimal:
        """What the whole bundle costs as a fraction of its units at full price."""
        return (self.paid + self.extra * self.extra_factor) / (self.paid + self.extra)


@dataclass(frozen=True, slots=True)
class _Quantity:
    """An amount said for a count of units (3瓶189, "two are 70", 1瓶不到50)."""

    count: int
    unit: str
    amount: Decimal
    bound: BoundKind
    cue: bool
    """Said as a restatement (算下来, 每, "so each"), not as one line of a price list."""
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _BundleWords:
    """The words of bundle talk in one language: the one table to extend."""

    offers: tuple[re.Pattern[str], ...]
    """Groups ``paid`` / ``extra`` (counts), ``free`` / ``half`` / ``pct`` / ``zhe`` (what the
    extra units cost), ``second`` (a second-unit wording)."""
    totals: tuple[re.Pattern[str], ...]
    """A count and its amount: groups ``n``, ``u`` (unit, may be absent), ``t``, ``q``."""
    singles: tuple[re.Pattern[str], ...]
    """One unit's amount: groups ``u``, ``x``, ``q`` (qualifiers), ``per`` (每 / each)."""
    cue: re.Pattern[str]
    """Restatement wording between a bundle and what it is said to amount to."""
    under: re.Pattern[str]
    """Qualifiers that make an amount an upper bound (不到50, "under 20")."""
    loose_after: re.Pattern[str]
    """What after a discount makes it approximate upwards (六折多, 六折出头)."""
    alternative: re.Pattern[str]
    """Wording that makes a one-unit price another offer or another price, not a restatement
    ("or 35 each", "thirty each otherwise", "worth 40 each")."""
    saving: re.Pattern[str]
    """Wording that says buying more saves ("多拿多省", "grab the 3-pack and save")."""
    counts: dict[str, int]


_ZH_COUNT = r"(?:\d+|[一二两三四五六七八九十])"
_ZH_UNITS = alternation(COUNT_UNITS | {ONLY_OR_UNIT, MONEY_OR_UNIT})
_ZH_BUNDLE_UNITS = f"{_ZH_UNITS}|{alternation(USE_UNITS)}"
"""What a bundle total or a per-unit figure counts: goods, or a service's uses."""
_ZH_USE_NOUN = r"(?<=[次节])(?:卡|课)"
"""The package a count of uses names (十次卡, 八节课)."""
_ZH_NOT_MONEY = (
    r"(?![\d.]|\s?(?:折|%|ml|毫升|克|g|斤|公斤|天|分钟|小时|秒|cm|厘米|米|度|岁|号|码|寸|倍|"
    r"次|人|层|抽|颗|枚|根|" + alternation(COUNT_UNITS | {ONLY_OR_UNIT}) + "))"
)
"""What after a number makes it no amount of money: a size, a time, or a count of goods
(3个1组109: the 1 counts groups)."""
_EN_NOT_MONEY = (
    r"(?![\d.]|\s*(?:%|percent|minutes?|mins?|seconds?|hours?|days?|weeks?|months?|years?|"
    r"ml|oz|ounces?|inch(?:es)?|cm|grams?|g\b|kg|lbs?|pounds?|colou?rs?|shades?|sizes?|times?|"
    r"people|pieces?|items?|units?|left|of\b|x\b|pack))"
)
_EN_MONEY = r"(?:a )?[$€£]?(?P<{g}>\d+(?:\.\d+)?)(?:\s*(?:" + _EN_MONEY_WORD + r")(?![a-z]))?"
_EN_N = r"(?P<n>[2-9]|1\d|20|a pair)"
_EN_PER_TIME = r"(?:day|night|week|month|year|hour|minute|session|person|head|cent)s?\b"
"""What a figure per … prices that is no unit of the goods (per month, per person)."""
_ZH_N = r"(?P<n>[2-9]|1\d|20|[两二三四五六七八九十])"
_ZH_MONEY = (
    r"\s?[¥￥]?(?P<{g}>\d+(?:\.\d+)?)"
    r"(?:(?:块钱|块|元)(?P<jiao>\d(?![\d.]))?|(?P<mao>毛钱|毛|角钱)(?P<fen>\d(?![\d.]))?)?"
)
"""An amount in yuan, its jiao said after 块 (九块九), or in jiao and fen (三毛五 is 0.35)."""


# -- "A instead of B" ------------------------------------------------------------------------
# "forty percent off today, so 149 instead of 199", "the second's half price, so two come to
# thirty-six instead of forty-eight", "sixty instead of seventy, so you save ten": English says
# the price now and the price it replaces as one pair, and the saving beside it. The pair with
# a saving that holds is arithmetic (labelled compliant); one that does not is a false discount.
_EN_PAIR_FIGURE = _EN_MONEY + r"(?:\s*pounds)?"
"""A figure of the pair: in "thirty-six pounds instead of forty-eight", pounds are money."""
_EN_INSTEAD = re.compile(
    _EN_PAIR_FIGURE.format(g="now")
    + r"(?P<per> (?:a|per|each) [a-z]+)?,? (?:instead of|rather than)(?: an?)? "
    + _EN_PAIR_FIGURE.format(g="was")
    + r"|(?:instead of|rather than)(?: an?)? "
    + _EN_PAIR_FIGURE.format(g="was2")
    + r",? (?:it'?s|you pay|you'?re paying|you get it for|it'?s just|it'?s only|only) "
    + _EN_PAIR_FIGURE.format(g="now2"),
    re.IGNORECASE,
)
_EN_INSTEAD_BEFORE = re.compile(r"\b(?:instead of|rather than)(?: an?)?\s*\$?$", re.IGNORECASE)
"""Where a reference is named only as the price it replaces."""


def explained_instead(text: str, ref_start: int, lang: str) -> bool:
    """Whether the reference price at ``ref_start`` is only the price the one now replaces, and
    the line explains the pair: a unit price of a bundle set against one bought alone ("that's
    4.50 a tray instead of 5"), or a saving said that holds ("second's half price, so two come to
    36 instead of 48"). Then it is arithmetic, not a compared price."""
    if lang != "en" or not _EN_INSTEAD_BEFORE.search(text, max(0, ref_start - 20), ref_start):
        return False
    for m in _EN_INSTEAD.finditer(text):
        if m.group("per") and 0 <= m.start("was") - ref_start <= 2:
            return not extract_discounts(text, lang)
    return arithmetic_holds(text, lang)


_EN_SAVING_SAID = re.compile(
    r"\b(?:save|saves|saving)(?: you| yourself)?(?: about| like| nearly| almost| over)? "
    r"\$?(?P<s>\d+(?:\.\d+)?)(?!\s*(?:%|percent|per cent))\b|"
    # "that's" a saving only with off / saved / less after it ("that's 3 pairs" is a count)
    r"\$?(?P<s2>\d+(?:\.\d+)?)(?:\s*(?:dollars?|bucks|euros?|quid|pounds))? (?:off|saved|less)\b",
    re.IGNORECASE,
)
_EN_SAVE_PERCENT = re.compile(
    r"\bsav(?:e|es|ing)(?: you| yourself)? (?:about |nearly |almost |over )?(?P<p>\d+(?:\.\d+)?) ?(?:%|(?:percent|per cent)\b)",
    re.IGNORECASE,
)
"""A saving said as a share ("you save forty percent, that's thirty-two instead of forty")."""
_EN_SECOND = re.compile(r"\bsecond(?:'s| one| unit| item| [a-z]+)?(?: is)?\s*$", re.IGNORECASE)
"""A discount on the second unit only: of a pair it takes off half as much."""


def _instead_verdicts(text: str, lang: str) -> tuple[list[DiscountMismatch], int]:
    """The "A instead of B" pairs checked against a discount or a saving said in the line: one
    that holds is arithmetic, one that does not a mismatch. A pair with no saving said is left
    to the reference-price rule."""
    if lang != "en":
        return [], 0
    # the share of the old price paid, by every discount said in the line
    factors = [
        (1 + d.factor) / 2 if _EN_SECOND.search(text, max(0, d.start - 24), d.start) else d.factor
        for d in extract_discounts(text, lang)
    ]
    shares = (Decimal(pc.group("p")) for pc in _EN_SAVE_PERCENT.finditer(text))
    factors += [1 - share / 100 for share in shares if 0 < share < 100]
    out: list[DiscountMismatch] = []
    checked = 0
    for m in _EN_INSTEAD.finditer(text):
        now = Decimal(m.group("now") or m.group("now2"))
        was = Decimal(m.group("was") or m.group("was2"))
        expected = [was * f for f in factors]
        # a saving said of a pair priced per unit is for the count bought ("19.50 a pound instead
        # of 19.99, you save about five bucks" on ten pounds): only a discount checks it
        for sv in () if m.group("per") else _EN_SAVING_SAID.finditer(text):
            figure = "s" if sv.group("s") else "s2"
            if m.start() <= sv.start(figure) < m.end():
                continue  # a figure of the pair itself ("that's 4.50 a tray instead of 5")
            expected.append(was - Decimal(sv.group(figure)))
        if not expected:
            continue
        checked += 1
        if any(_off_by(now, e, "about") for e in expected):  # every saving said must hold
            detail = (
                f"{now} instead of {was} is {(now / was).quantize(Decimal('0.01')) if was else 0} "
                f"of it, but the saving said gives {min(expected, key=lambda e: abs(e - now)).quantize(Decimal('0.01'))}"
            )
            out.append(DiscountMismatch(m.start(), m.end(), detail))
    return out, checked


def _money_amount(groups: dict[str, str | None], key: str) -> Decimal:
    """The yuan a ``_ZH_MONEY`` (or ``_EN_MONEY``) match names under ``key``: a figure said in
    毛 is tenths, not yuan, so 一套三毛五 is never read as 3 a set."""
    value = Decimal(groups[key] or 0)
    if groups.get("mao"):
        return value / 10 + Decimal(groups.get("fen") or 0) / 100
    return value + Decimal(groups.get("jiao") or 0) / 10


_EN_UNDER = r"under|less than|below|not even|barely|no more than|not more than"
_EN_ABOUT = r"just|only|about|around|roughly|basically|like"
"""Qualifiers of a per-unit figure: an upper bound ("under 20") or about the amount."""
_EN_BOUGHT_ALONE = r"alone|separately|individually|on (?:its|their) own|otherwise|normally|usually"
"""A one-unit price named as the price bought alone or as usual: before it ("or", "singles
are") or right after it ("thirty each otherwise"), it is no split of the bundle."""
_EN_NOUN = (
    r"(?:bottle|jar|tube|tub|pot|pouch|tin|pack|box|set|pair|piece|item|unit|bar|can|bag|cup)"
)

_BUNDLE_WORDS: dict[str, _BundleWords] = {
    "zh": _BundleWords(
        offers=(
            re.compile(
                rf"买(?P<paid>{_ZH_COUNT})(?:{_ZH_UNITS})?(?:送|赠|得)(?P<extra>{_ZH_COUNT})(?P<free>)"
            ),
            re.compile(
                rf"第(?P<second>二|2)(?:{_ZH_UNITS}|单)?(?:也|就|只要|是|算|直接)?(?:打了?个?)?"
                r"(?:(?P<zhe>\d+(?:\.\d+)?)折|(?P<half>半价)|(?P<free>免费|0元|白送))"
            ),
            re.compile(
                rf"第(?P<second>二|2)(?:{_ZH_UNITS}|单)?(?:只要|只需|才|就|是|只卖|卖|算)?"
                + _ZH_MONEY.format(g="amt")
                + _ZH_NOT_MONEY
            ),
        ),
        totals=(
            re.compile(  # not 4块8: 块 before a digit is money (4.8 yuan), not a count
                # a digit before a Chinese numeral ends the amount before it (280两饼550)
                rf"(?:(?<![\d.第])(?=\d)|(?<!第)(?=[两二三四五六七八九十])){_ZH_N}(?P<u>{_ZH_BUNDLE_UNITS})(?<!块(?=\d))(?:装|[1一](?:组|套|盒|包|箱|份|提)|{_ZH_USE_NOUN})?"
                r"(?P<q>(?:一共|总共|共|合计|加起来|一起拍|一起买|一块拍|一块买|一起|打包|才|只要|只需|就|是|卖|要|到手)*)"
                + _ZH_MONEY.format(g="t")
                + _ZH_NOT_MONEY
            ),
        ),
        singles=(
            re.compile(
                rf"(?:(?P<per>每)|(?<![\d.第])1|(?<![第统唯万专同之独\d])一)(?P<u>{_ZH_BUNDLE_UNITS})"
                r"(?P<q>(?:算下来|算起来|平均|均摊|折合|合|相当于|也就是|也就|就是|就|才|只要|只需|是|"
                r"大概|差不多|约|不到|不超过|还不到|都不到|低于|不足|要|卖|单价)*)"
                + _ZH_MONEY.format(g="x")
                + _ZH_NOT_MONEY
            ),
            re.compile(  # 89一支, 30块1斤 said price first: so much for one
                r"(?<![\d.第])(?P<x>\d+(?:\.\d+)?)(?:块钱|块|元)?(?P<jiao>)\s?[1一](?P<u>"
                + _ZH_UNITS
                + r")(?P<q>)(?![\d.])"
            ),
            re.compile(  # 单买499, 单拍一瓶是五十九: buying one alone
                rf"(?:单买|单拍|单件|单独买|单个买)(?:[1一](?:{_ZH_UNITS}))?(?P<u>)"
                r"(?P<q>(?:的话|是|要|就|卖|也|都)*)"
                + _ZH_MONEY.format(g="x")
                + _ZH_NOT_MONEY
                + rf"(?!\s?(?:{_ZH_UNITS}))"
            ),
        ),
        cue=re.compile(
            r"算下来|算起来|平均|均摊|折合|合(?!计)|相当于|等于|也就|不到|不超过|低于|不足"
        ),
        under=re.compile(r"不到|不超过|低于|不足"),
        loose_after=re.compile(r"多|出头"),
        alternative=re.compile(r"或者|或|单买|单拍|单件|单独|零买|散装|如果只"),
        saving=re.compile(r"划算|省|便宜|实惠|优惠|值|赚|合适"),
        counts={**dict(zip("一二三四五六七八九十", range(1, 11), strict=True)), "两": 2},
    ),
    "en": _BundleWords(
        offers=(
            re.compile(
                r"\bbuy (?P<paid>\d+|one|a),? (?:and )?(?:get|take) (?P<extra>\d+|one|a|another)"
                r"(?: \w+)?,? (?:(?P<free>(?:for )?free|on us|on the house)|(?P<half>half[- ](?:off|price))|"
                r"(?:at )?(?P<pct>\d+(?:\.\d+)?)% off)",
                re.IGNORECASE,
            ),
            re.compile(r"\bbogo\b(?P<free>)", re.IGNORECASE),
            re.compile(  # "buy three and (get) the fourth one free": one more unit, the last one free
                r"\bbuy (?P<paid>\d+|one|a)(?: \w+)?,? (?:and )?(?:get )?(?:the|your) (?P<nth>next|second|third|fourth|"
                r"fifth|sixth|2nd|3rd|4th|5th|6th)(?: one| \w+)?(?:'s| is| comes| goes)? (?:(?:for )?(?P<free>free|"
                r"on us|on the house)|(?P<half>half[- ](?:off|price)))(?P<extra>)",
                re.IGNORECASE,
            ),
            re.compile(  # "buy three pints of the dip and I'll throw the fourth one in": thrown in is free
                r"\bbuy (?P<paid>\d+|one|a)(?: [\w']+){0,4}?,? (?:and )?(?:i'?ll|we'?ll|i will|we will) "
                r"(?:throw|chuck|toss|bung) (?:in )?(?:the|your) (?P<nth>next|second|third|fourth|fifth|sixth|"
                r"2nd|3rd|4th|5th|6th)(?: one| \w+)?(?: in)?\b(?P<free>)(?P<extra>)",
                re.IGNORECASE,
            ),
            re.compile(
                rf"\b(?P<second>second|2nd)(?: one| {_EN_NOUN})?(?:'s| is| at| for| goes for| comes in at)"
                r"(?: just| only)? " + _EN_MONEY.format(g="amt") + _EN_NOT_MONEY,
                re.IGNORECASE,
            ),
            re.compile(
                rf"\b(?P<second>second|2nd)(?: one| {_EN_NOUN})?(?:'s| is| at| for| goes for| comes)?"
                r"(?: in at| at)?(?: just| only| basically| practically| effectively)? (?:(?P<half>half[- ](?:off|price))|(?P<pct>\d+(?:\.\d+)?)% off|(?P<free>free))",
                re.IGNORECASE,
            ),
        ),
        totals=(
            re.compile(
                rf"\b{_EN_N}(?: (?P<u>{_EN_NOUN}s|boxes|ones|of (?:them|these|those)|[a-z]{{3,}}s))?"
                r"(?P<q> (?:(?:together )?(?:i|we)(?:'ll| will)? (?:give|do|make|sell|let you have)(?: (?:them|'em|it|you))?(?: for)?|"
                r"for|are|is|cost|come to|comes to|run|will be|would be|total|together are|together)"
                r"(?: just| only| a total of| about)?) " + _EN_MONEY.format(g="t") + _EN_NOT_MONEY,
                re.IGNORECASE,
            ),
            re.compile(
                _EN_MONEY.format(g="t") + rf"(?P<q> for (?:all )?){_EN_N}(?P<u>)\b" + _EN_NOT_MONEY,
                re.IGNORECASE,
            ),
            re.compile(  # "the 3-pack is 65", "a two pack for 45"
                rf"\b{_EN_N}[- ]?(?P<u>pack|pk|set|bundle)\b(?P<q>(?:'s| is| for| at| costs?| runs?)"
                r"(?: just| only| about)?) " + _EN_MONEY.format(g="t") + _EN_NOT_MONEY,
                re.IGNORECASE,
            ),
        ),
        singles=(
            re.compile(
                rf"\b(?:(?P<per>each(?: one| {_EN_NOUN})?|per (?:one|{_EN_NOUN})|apiece)|"
                rf"(?<!second )(?<!2nd )(?:a single one|a single|single one|singles?|just one|one|1)(?: {_EN_NOUN})?)"
                r"(?P<q>(?:'s| is| costs?| comes? (?:to|out (?:to|at))| works? out (?:to|at)| ends? up(?: at| being)?|"
                r" runs?| will be| would be| for| at| alone is)?"
                rf"(?: (?:{_EN_UNDER}|{_EN_ABOUT}))*) " + _EN_MONEY.format(g="x") + _EN_NOT_MONEY,
                re.IGNORECASE,
            ),
            re.compile(
                rf"(?P<q>(?:(?:{_EN_UNDER}|{_EN_ABOUT}) )*)"
                + _EN_MONEY.format(g="x")
                + r"(?: (?:dollars|bucks|euros?|quid))?"
                + rf" (?P<per>each|apiece|a piece|per (?:one|{_EN_NOUN}|(?!{_EN_PER_TIME})[a-z]{{3,}}))\b(?P<u>)",
                re.IGNORECASE,
            ),
        ),
        cue=re.compile(
            r"\b(?:so|that'?s|that is|which is|which means|means|meaning|works? out|comes? out|"
            r"basically|effectively|equals?|in other words|making)\b",
            re.IGNORECASE,
        ),
        under=re.compile(rf"\b(?:{_EN_UNDER})\b", re.IGNORECASE),
        loose_after=re.compile(r"(?!)"),
        alternative=re.compile(
            rf"\b(?:or|singles?|by itself|worth|was|were|regular(?:ly)?|retails?|{_EN_BOUGHT_ALONE})\b",
            re.IGNORECASE,
        ),
        saving=re.compile(
            r"\b(?:save[sd]?|saving|savings|deal|better value|cheaper|worth it|bargain|steal)\b",
            re.IGNORECASE,
        ),
        counts={"one": 1, "a": 1, "another": 1, "a pair": 2},
    ),
}
_OFFER_DISCOUNT_TOLERANCE = Decimal("0.05")
"""How far a restated discount may stray from the bundle's real one (买二送一 is 6.7折: 6.5折 and
7折 pass, 6折 and 5折 do not)."""
_RESTATEMENT_GAP = {"zh": 16, "en": 48}
"""Characters at most between a bundle and the discount or per-unit figure it is said to be."""


def _count(raw: str, words: _BundleWords) -> int | None:
    if raw.isdigit():
        return int(raw)
    return words.counts.get(raw.lower())


_EN_ORDINALS = {
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "6th": 6,
}
"""The unit an English offer names by its place: one more than those paid for is the extra one."""


def _offers(text: str, words: _BundleWords) -> list[_Offer]:
    out: list[_Offer] = []
    for pattern in words.offers:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            second = bool(groups.get("second"))
            if second or "paid" not in groups:
                paid, extra = 1, 1
            else:
                p = _count(m.group("paid"), words)
                e = 1 if m.group("extra") == "" else _count(m.group("extra"), words)
                nth = (groups.get("nth") or "").lower()
                if nth and p is not None and nth != "next" and _EN_ORDINALS.get(nth) != p + 1:
                    continue  # "buy two and the second is half price": the second of the two
                if p is None or e is None or not (0 < p <= 20 and 0 < e <= 20):
                    continue
                paid, extra = p, e
            if groups.get("half"):
                f = Decimal("0.5")
            elif groups.get("zhe"):
                n = Decimal(groups["zhe"])
                if not 0 < n < 100:
                    continue
                f = n / 10 if n < 10 else n / 100
            elif groups.get("pct"):
                pct = Decimal(groups["pct"])
                if not 0 < pct <= 100:
                    continue
                f = 1 - pct / 100
            else:
                f = Decimal(0)
            amount = _money_amount(groups, "amt") if groups.get("amt") else None
            out.append(_Offer(paid, extra, f, amount, second, m.start(), m.end()))
    return sorted(out, key=lambda o: o.start)


def _quantities(text: str, words: _BundleWords) -> list[_Quantity]:
    out: list[_Quantity] = []
    for pattern, single in [(p, False) for p in words.totals] + [(p, True) for p in words.singles]:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            amount = _money_amount(groups, "x" if single else "t")  # 九十九块九, 三毛五
            count = 1 if single else _count(m.group("n"), words)
            q = groups.get("q") or ""
            if (
                count is None
                or amount <= 0
                or any(prev.start < m.end() and m.start() < prev.end for prev in out)
            ):
                continue
            out.append(
                _Quantity(
                    count,
                    (groups.get("u") or "").lower(),
                    amount,
                    "under" if words.under.search(q) else "about",
                    single and (bool(groups.get("per")) or bool(words.cue.search(q))),
                    m.start(),
                    m.end(),
                )
            )
    return sorted(out, key=lambda q: q.start)


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


def check_bundle_arithmetic(text: str, lang: str) -> list[DiscountMismatch]:
    """Bundle deals restated as a discount, a per-unit price or a second-unit saving must
    add up; works on normalised text (numerals already digits). Five shapes:

    * a bundle deal said to amount to a discount (买二送一 is 6.7折, not 五折);
    * a bundle total said to come to a per-unit figure (3瓶189 is 63 a bottle, not 不到50);
    * a single price and a two-unit price said to be a second-unit saving (69 and 129 make
      the second one 60, 8.7折, not 半价);
    * a multi-unit price said to save, at or above that many single units (one jar 20, the
      3-pack 65);
    * a discount said after a single and a pack price that neither reading of them bears out
      (一包109，两包199，这就是打了五折: the pack pays 0.91, its second unit 0.83).

    A price list ("2件129，1件69") claims nothing: a per-unit figure counts only when said as
    a restatement (算下来, 每, "so each"). 5 % and one unit are tolerated, as for discounts."""
    return _bundle_verdicts(text, lang)[0]


def _product_verdicts(text: str, lang: str) -> tuple[list[DiscountMismatch], int]:
    """A price for one unit, then a count's total that is that many times it ("十块钱一个，六个
    就是六十", "$9.50 a skein, so 6 skeins are $57"). Only ``arithmetic_holds`` reads it: a
    total above or below the product is a bundle deal or a slip, not a restatement to check."""
    zh = lang == "zh"
    key = "zh" if zh else "en"
    words = _BUNDLE_WORDS[key]
    if _says_saving(text, lang, _PRODUCT_SAVING[key]):
        return [], 0  # "three jars are 72, so you're getting one free": no saving is honest
    gap = _RESTATEMENT_GAP[key]
    quantities = _quantities(text, words)
    last_figure = max((m.start() for m, *_ in _said_figures(text, zh, 0)), default=-1)
    checked = 0
    for total in (q for q in quantities if q.count >= 2):
        ones = [
            q
            for q in quantities
            if q.count == 1 and q.end <= total.start and len(text[q.end : total.start]) <= gap
        ]
        if (
            ones
            and abs(total.amount - total.count * ones[-1].amount) <= _SUM_TOLERANCE
            and last_figure < total.end  # no price here after a product said of elsewhere
        ):
            checked += 1
    return [], checked


_PRODUCT_SAVING = {
    "zh": re.compile(_BUNDLE_WORDS["zh"].saving.pattern + r"|送|赠|免费"),
    "en": re.compile(
        _BUNDLE_WORDS["en"].saving.pattern
        + r"|\b(?:free|off)\b(?! (?:shipping|delivery|returns?))",
        re.IGNORECASE,
    ),
}
"""What makes a count's total a claimed saving rather than a product: buying more saves, or
one comes free."""


def arithmetic_holds(text: str, lang: str) -> bool:
    """Whether the line restates a price as arithmetic (a bundle as a discount or a per-unit
    figure, a second-unit saving, a reference times a discount, a price less a coupon or plus
    a fee as the total paid, a count's total as so many unit prices) and every such restatement
    adds up: the honest twin of what ``check_bundle_arithmetic`` and
    ``check_discount_arithmetic`` flag ("买二送一，算下来六七折", "3 for 60, so 20 each")."""
    checked = 0
    for verdicts in (
        _bundle_verdicts,
        _discount_verdicts,
        _instead_verdicts,
        _coupon_verdicts,
        _sum_verdicts,
        _product_verdicts,
    ):
        wrong, count = verdicts(text, lang)
        if wrong:
            return False
        checked += count
    return checked > 0


# -- coupon and fee arithmetic -------------------------------------------------------------
# "标价一百九十九，领五十块券，实付一百四十九", "一百二十九，再加五块运费，一共一百三十四",
# "three ninety-nine, installation is another eighty": a price, what comes off or on, and the
# total paid. Only ``arithmetic_holds`` reads it: a total that does not add up is no proof of
# honesty, but no rule either (the host may have misspoken a total, not a reference price).
_ZH_OFF_BEFORE = re.compile(r"(?:减|领|用|抵|扣|优惠|立减|补贴|返|券)[^，。！？,!?\d]{0,4}$")
_ZH_OFF_AFTER = re.compile(r"^(?:块钱|块|元)?的?(?:店铺|平台|满减|优惠)?(?:券|红包|补贴)")
_ZH_FEE_BEFORE = re.compile(r"(?:运费|邮费|快递费|安装费|加)[^，。！？,!?\d]{0,4}$")
_ZH_FEE_AFTER = re.compile(r"^(?:块钱|块|元)?的?(?:运费|邮费|快递费|安装费)")
_ZH_TOTAL_BEFORE = re.compile(
    r"(?:到手|实付|一共|合计|总共|总价|算下来|付|共)[^，。！？,!?\d]{0,3}$"
)
_EN_OFF_BEFORE = re.compile(
    r"\b(?:minus|take off|knock(?:s|ed)? off|coupon(?: of| for)?|discount of|rebate of)\s*\$?$",
    re.IGNORECASE,
)
_EN_AFTER_FIGURE = r"^\s*(?:dollars?|bucks)?\s*"
"""What may stand between a figure and the words after it that say what the figure is."""
_EN_OFF_AFTER = re.compile(
    _EN_AFTER_FIGURE + r"(?:(?:store|shop|platform|brand|instant|digital|new[- ]customer) )?"
    r"(?:off|coupon|discount|rebate)\b",
    re.IGNORECASE,
)
_EN_FEE_BEFORE = re.compile(
    r"\b(?:shipping(?: is)?|delivery(?: is)?|installation(?: is)?|plus|another)\s*\$?$",
    re.IGNORECASE,
)
_EN_FEE_AFTER = re.compile(
    _EN_AFTER_FIGURE + r"(?:for )?(?:shipping|delivery|installation|install)\b",
    re.IGNORECASE,
)
_EN_TOTAL_BEFORE = re.compile(
    r"\b(?:you pay|you'?d pay|you'?ll pay|comes? to|came to|total(?:s| is)?|out the door|"
    r"in total|altogether)(?:\s+(?:a|an|just|only))?\s*\$?$",
    re.IGNORECASE,
)
_EN_SO_TOTAL_BEFORE = re.compile(
    r"\b(?:so|making it|which makes it|that makes it|brings? (?:it|you) (?:down )?to)\s*$",
    re.IGNORECASE,
)
"""A total led by "so" only when the figure is said as money ("…the $20 coupon applies, so
$259"): "so two at forty" counts, it does not sum. A bare figure after "so" is the total only
when it is what the price less the coupon makes ("takes 50 off at checkout so 249")."""
_EN_SAID_AS_MONEY = re.compile(r"^\s*(?:a )?\$|(?:dollars|bucks)$", re.IGNORECASE)


# Every figure said as money, spelled as the bundle checks spell it (``_ZH_MONEY`` /
# ``_EN_MONEY``); a full stop after it may end a total, so only a decimal point continues it.
_ZH_FIGURE = re.compile(
    r"(?<![\d.])" + _ZH_MONEY.format(g="v") + _ZH_NOT_MONEY.replace(r"(?![\d.]", r"(?!\d|\.\d", 1)
)
_EN_FIGURE = re.compile(
    r"(?<![\d.])" + _EN_MONEY.format(g="v") + _EN_NOT_MONEY.replace(r"(?![\d.]", r"(?!\d|\.\d", 1),
    re.IGNORECASE,
)


def _said_figures(
    text: str, zh: bool, reach: int
) -> Iterator[tuple[re.Match[str], Decimal, str, str]]:
    """Every figure said as money, its amount, and ``reach`` characters either side of it: what
    the words around a figure make of it (an item, a coupon, a total) is each reader's own."""
    for m in (_ZH_FIGURE if zh else _EN_FIGURE).finditer(text):
        amount = _money_amount(m.groupdict(), "v")
        yield (
            m,
            amount,
            text[max(0, m.start() - reach) : m.start()],
            text[m.end() : m.end() + reach],
        )


_SUM_TOLERANCE = Decimal("0.5")
"""How far a total said may stray from the sum it states (rounding to the yuan or dollar)."""


def _adds_up(bases: Sequence[tuple[int, Decimal]], change: Decimal, total: Decimal) -> bool:
    return any(abs(b + change - total) <= _SUM_TOLERANCE for _, b in bases)


def _coupon_verdicts(text: str, lang: str) -> tuple[list[DiscountMismatch], int]:
    """A price less what comes off and plus what comes on must be the total said; any price
    named before the total may be the one the sum starts from ("spend 100, get 10 off, two
    sets are 110, you'd pay 100")."""
    zh = lang == "zh"
    off_before, off_after = (
        (_ZH_OFF_BEFORE, _ZH_OFF_AFTER) if zh else (_EN_OFF_BEFORE, _EN_OFF_AFTER)
    )
    fee_before, fee_after = (
        (_ZH_FEE_BEFORE, _ZH_FEE_AFTER) if zh else (_EN_FEE_BEFORE, _EN_FEE_AFTER)
    )
    total_before = _ZH_TOTAL_BEFORE if zh else _EN_TOTAL_BEFORE
    reach = 8 if zh else 24
    offs: list[Decimal] = []
    fees: list[Decimal] = []
    bases: list[tuple[int, Decimal]] = []
    totals: list[tuple[int, Decimal]] = []
    for m, amount, before, after in _said_figures(text, zh, reach):
        if off_before.search(before) or off_after.search(after):
            offs.append(amount)
        elif fee_before.search(before) or fee_after.search(after):
            fees.append(amount)
        elif (
            total_before.search(before)
            or (
                not zh
                and _EN_SO_TOTAL_BEFORE.search(before)
                and (
                    _EN_SAID_AS_MONEY.search(m.group(0))
                    or _adds_up(bases, sum(fees, Decimal(0)) - sum(offs, Decimal(0)), amount)
                )
            )
        ) and (offs or fees):
            totals.append((m.end(), amount))
        elif not totals:
            bases.append((m.start(), amount))
    if len(totals) != 1 or not bases:
        return [], 0
    end, total = totals[0]
    change = sum(fees, Decimal(0)) - sum(offs, Decimal(0))
    if _adds_up(bases, change, total):
        return [], 1
    start, base = bases[-1]
    sign = "+" if change >= 0 else "-"
    detail = f"{base} {sign} {abs(change)} = {base + change}, but the total said is {total}"
    return [DiscountMismatch(start, end, detail)], 1


# -- items summed against a price for them together ----------------------------------------
# "129 for the tablet, 49 for the pen, together 165, that's 13 off", "洗脸仪单买199，精华99，
# 一起拍248，省了50": two or more prices of different goods, a price for them together and,
# often, the saving said. Only ``arithmetic_holds`` reads it, as it reads coupons: a saving
# that does not add up is no rule finding (which item price was misheard is unknowable).
_ZH_TOGETHER_BEFORE = re.compile(
    r"(?:一起|一块儿?|合起来|加起来|加一起|合在一起|套装|组合|打包|搭配|两样|三样|一套|合计|"
    r"总共|一共|拢共|统共|共计|总价|套餐)[^，。！？,!?\d]{0,4}$"
)
_ZH_SAVED_BEFORE = re.compile(
    r"(?:省|便宜|少花|少|立减|直降|优惠)了?(?:下来|下)?(?:大概|差不多|整整|足足)?$"
)
_ZH_ITEM_REFERENCE = re.compile(
    r"(?:原价|日常价|专柜|吊牌|门店|商场|市场价|平时|以前|之前|别家|外面|线下|官网|划线)"
    r"[^，。！？,!?\d]{0,6}$"
)
_EN_TOGETHER_BEFORE = re.compile(
    r"\b(?:together|altogether|combined|in total|total|bundle|bundled|combo|set|kit|package|"
    r"both|the two|the pair|all (?:two|three|four|five)|everything|that'?s|that is|comes? to|"
    r"makes?)\b[^,.!?\d]{0,14}\$?$",
    re.IGNORECASE,
)
_EN_EACH_AFTER = re.compile(_EN_AFTER_FIGURE + r"(?:each|apiece|a piece|per)\b", re.IGNORECASE)
"""A figure said per unit ("that's 13.49 each") is no total, whatever came before it."""
_EN_TOGETHER_AFTER = re.compile(
    _EN_AFTER_FIGURE + r"(?:together|altogether|combined|in total|for (?:the )?(?:both|"
    r"set|pair|bundle|combo|kit|lot|two|three|all|everything)|all in)\b",
    re.IGNORECASE,
)
_EN_SAVED_BEFORE = re.compile(
    r"\b(?:save[sd]?|saving|savings of|knocks?|knocking)(?:\s+(?:you|a|an|another|an extra|"
    r"just|only|about|like|yourself))*\s*\$?$",
    re.IGNORECASE,
)
_EN_SAVED_AFTER = re.compile(
    _EN_AFTER_FIGURE + r"(?:off|cheaper|less|saved|in savings|back in your pocket)\b",
    re.IGNORECASE,
)
_EN_ITEM_REFERENCE = re.compile(
    r"\b(?:was|were|originally|normally|usually|regular(?:ly)?|retails?|retail(?:ed|ing)|"
    r"list|msrp|elsewhere|in stores?|at the mall|compare at|valued? at|worth)\b"
    r"[^,.!?\d]{0,16}\$?$",
    re.IGNORECASE,
)


def _sum_verdicts(text: str, lang: str) -> tuple[list[DiscountMismatch], int]:
    """Two or more item prices, then a price for them together: the saving said after it must
    be their sum less that price, and with no saving said the price together must be the sum
    ("129 and 49, 178 together"). Any run of two or more item prices just before the price
    together may be the goods it covers. A higher price said as a reference (原价, "was") is no
    item: that comparison is the reference-price rules' to read."""
    zh = lang == "zh"
    together = _ZH_TOGETHER_BEFORE if zh else _EN_TOGETHER_BEFORE
    reference = _ZH_ITEM_REFERENCE if zh else _EN_ITEM_REFERENCE
    reach = 8 if zh else 24
    items: list[Decimal] = []
    total: tuple[int, Decimal] | None = None
    saving: tuple[int, Decimal] | None = None
    for m, amount, before, after in _said_figures(text, zh, reach):
        if total is None:
            if (
                len(items) >= 2
                and (together.search(before) or (not zh and _EN_TOGETHER_AFTER.search(after)))
                and (zh or not _EN_EACH_AFTER.search(after))
            ):
                total = (m.start(), amount)
            elif not reference.search(before) and not (not zh and _EN_SAVED_AFTER.search(after)):
                items.append(amount)
        elif (
            _ZH_SAVED_BEFORE.search(before)
            if zh
            else _EN_SAVED_BEFORE.search(before) or _EN_SAVED_AFTER.search(after)
        ):
            saving = (m.end(), amount)
            break
    if total is None:
        return [], 0
    start, price = total
    sums = [sum(items[-k:], Decimal(0)) for k in range(2, len(items) + 1)]
    if saving is None:
        holds = any(abs(s - price) <= _SUM_TOLERANCE for s in sums)
        return [], 1 if holds else 0
    end, said = saving
    if any(abs(s - price - said) <= _SUM_TOLERANCE for s in sums):
        return [], 1
    detail = (
        f"{_money(sums[0])} for the items less {_money(price)} together is "
        f"{_money(sums[0] - price)}, not {_money(said)}"
    )
    return [DiscountMismatch(start, end, detail)], 1


def _bundle_verdicts(text: str, lang: str) -> tuple[list[DiscountMismatch], int]:
    """The bundle restatements, pack savings and per-measure prices that do not add up, and
    how many were checked."""
    out, checked = _restatement_verdicts(text, lang)
    more, also = _pack_saving_verdicts(text, lang)
    measured, per = _per_measure_verdicts(text, lang)
    return out + more + measured, checked + also + per


# -- prices per millilitre, gram, jin or day ------------------------------------------------
# "十五块钱三瓶，一瓶五百毫升，算下来一毫升才一分钱", "一袋十斤一百九十九，一斤才十块钱", "一年三百六，
# 算下来一天也就五毛": the price of a quantity or a period restated per measure. Honest when the division holds, a false price
# claim when it does not (199 for ten jin is 19.9 a jin, not 10).
_ZH_MEASURES = {
    "毫升": ("ml", Decimal(1)),
    "ml": ("ml", Decimal(1)),
    "升": ("ml", Decimal(1000)),
    "l": ("ml", Decimal(1000)),
    "克": ("g", Decimal(1)),
    "g": ("g", Decimal(1)),
    "斤": ("g", Decimal(500)),
    "公斤": ("g", Decimal(1000)),
    "千克": ("g", Decimal(1000)),
    "kg": ("g", Decimal(1000)),
    # a price for a period restated per day: "一年三百六，算下来一天也就五毛" (0.99 a day)
    "天": ("day", Decimal(1)),
    "周": ("day", Decimal(7)),
    "个月": ("day", Decimal(30)),
    "年": ("day", Decimal(365)),
}
_ZH_MEASURE = r"(?P<mu>毫升|ml|公斤|千克|kg|克|g|斤|升|l|个月|年|天|周)(?![a-z])"
_ZH_CASH = (
    r"(?P<x>\d+(?:\.\d+)?|[一两二三四五六七八九])(?P<cur>块钱|块|元|毛钱|毛|角|分钱)(?P<jiao>\d(?![\d.]))?"
    r"(?P<loose>多|出头|左右)?"
)
_ZH_GOODS = "(?:" + alternation(COUNT_UNITS | {ONLY_OR_UNIT}).replace("包", "包(?!邮)") + ")"
"""A count's measure word (the goods', and 个 / 只); 包邮 is shipping, not a bag."""
_ZH_PER_MEASURE = (
    re.compile(  # 一毫升才一分钱, 每克0.12元, 100毫升不到8块钱
        r"(?:(?P<per>每)|(?<![\d.])(?P<qty>\d+(?:\.\d+)?)|(?<![\d.])一)"
        + _ZH_MEASURE
        + r"(?P<q>(?:算下来|算起来|平均|均摊|折合|合下来|合|相当于|也就是|也就|就是|就|才|只要|"
        r"只需|是|大概|差不多|约|不到|还不到|都不到|不超过|低于|不足|单价|的价格?|价格?)*)"
        + _ZH_CASH,
        re.IGNORECASE,
    ),
    re.compile(  # 两块多一斤, 五块九一斤 (said price first)
        r"(?<![\d.])" + _ZH_CASH + r"(?:1|一|每)" + _ZH_MEASURE + r"(?P<per>)(?P<qty>)(?P<q>)",
        re.IGNORECASE,
    ),
)
_MEASURE_NOT_MONEY = _ZH_NOT_MONEY.replace("包|", "包(?!邮)|", 1)
_ZH_MEASURED_PRICE = (
    re.compile(  # 十斤五十九, 5斤才29块9, 一共44毫升 429: a price for so much
        r"(?<![\d.])(?P<v>\d+(?:\.\d+)?)" + _ZH_MEASURE + r"(?:装|的)?[,，\s]?"
        r"(?P<q>(?:一共|总共|共|才|只要|只卖|就|是|卖|要|到手|加起来)*)\s?"
        r"(?P<t>\d+(?:\.\d+)?)(?:块钱|块|元)?(?P<jiao>\d(?![\d.]))?" + _MEASURE_NOT_MONEY,
        re.IGNORECASE,
    ),
)
_ZH_GOODS_PRICE = (
    re.compile(  # 15块钱3瓶 (price first)
        r"(?<![\d.])(?P<t>\d+(?:\.\d+)?)(?:块钱|块|元)(?P<jiao>)(?P<n>\d+)" + _ZH_GOODS
    ),
    re.compile(  # 3瓶15块, 两瓶一共七十九
        r"(?<![\d.第])(?P<n>\d+)" + _ZH_GOODS + r"(?:装)?(?:一共|总共|共|才|只要|就|是|卖|要|到手)*"
        r"(?P<t>\d+(?:\.\d+)?)(?:块钱|块|元)?(?P<jiao>\d(?![\d.]))?" + _ZH_NOT_MONEY
    ),
    re.compile(  # 买1送1 79: two for the price
        r"买(?P<paid>\d+|一)送(?P<extra>\d+|一)[，,\s]?(?:只要|才|就|一共|是)?(?P<t>\d+(?:\.\d+)?)"
        r"(?:块钱|块|元)?(?P<jiao>\d(?![\d.]))?" + _ZH_NOT_MONEY
    ),
)
_ZH_GOODS_MEASURE = re.compile(  # 一瓶五百毫升 (each), 两瓶一千毫升 (each or in all)
    r"(?:(?P<each>每|1|一)|(?<![\d.])(?P<n>\d+))"
    + _ZH_GOODS
    + r"(?:是|有|装|都是|一共|共)?(?P<v>\d+(?:\.\d+)?)"
    + _ZH_MEASURE,
    re.IGNORECASE,
)
_ZH_CURRENCY_SCALE = {
    "毛": Decimal("0.1"),
    "毛钱": Decimal("0.1"),
    "角": Decimal("0.1"),
    "分钱": Decimal("0.01"),
}
_RESTATED_QUANTITIES = frozenset(Decimal(n) for n in (1, 10, 100, 1000))
"""What a per-measure figure is said per: one jin or gram, or a round 100 ml."""
_PER_MEASURE_GAP = 24
"""Characters at most between what a quantity costs and the per-measure figure said for it."""


def _amount_with_jiao(m: re.Match[str]) -> Decimal:
    """The amount of group ``t``, with the 角 said after 块 (三十九块九)."""
    jiao = m.group("jiao")
    return Decimal(m.group("t")) + (Decimal(jiao) / 10 if jiao else 0)


def _measure_count(raw: str) -> int:
    return int(raw) if raw.isdigit() else ZH_DIGITS[raw]


def _cash(m: re.Match[str]) -> Decimal:
    scale = _ZH_CURRENCY_SCALE.get(m.group("cur"), Decimal(1))
    x = m.group("x")
    value = (Decimal(x) if x[0].isdigit() else Decimal(ZH_DIGITS[x])) * scale
    if m.group("jiao") and scale in (1, Decimal("0.1")):
        # the unit below the one said: 九块九 is 9.9, 四毛五 is 0.45
        value += Decimal(m.group("jiao")) * scale / 10
    return value


def _price_bases(text: str) -> list[tuple[int, int, Decimal, list[tuple[str, Decimal]]]]:
    """Each price said for a quantity, with every reading of that quantity in base measure
    (ml or g): (start, end, price, [(base, amount)])."""
    out: list[tuple[int, int, Decimal, list[tuple[str, Decimal]]]] = []
    for pattern in _ZH_MEASURED_PRICE:
        for m in pattern.finditer(text):
            base, factor = _ZH_MEASURES[m.group("mu").lower()]
            price = _amount_with_jiao(m)
            out.append((m.start(), m.end(), price, [(base, Decimal(m.group("v")) * factor)]))
    sizes = list(_ZH_GOODS_MEASURE.finditer(text))
    for pattern in _ZH_GOODS_PRICE:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            count = (
                _measure_count(groups["paid"]) + _measure_count(groups["extra"])
                if groups.get("paid")
                else int(m.group("n"))
            )
            price = _amount_with_jiao(m)
            readings: list[tuple[str, Decimal]] = []
            for size in sizes:
                if (
                    abs(size.start() - m.end()) > _PER_MEASURE_GAP
                    and abs(m.start() - size.end()) > _PER_MEASURE_GAP
                ):
                    continue
                base, factor = _ZH_MEASURES[size.group("mu").lower()]
                volume = Decimal(size.group("v")) * factor
                if size.group("each"):
                    readings.append((base, volume * count))
                else:  # 两瓶一千毫升: a thousand in all, or each
                    readings += [(base, volume), (base, volume * int(size.group("n")))]
            if readings and count > 0:
                out.append((m.start(), m.end(), price, readings))
    return out


def _per_measure_verdicts(text: str, lang: str) -> tuple[list[DiscountMismatch], int]:
    """Per-measure prices that do not follow from the price of the quantity said before
    them, and how many were checked. Any reading of the quantity that divides out will do
    (两瓶一千毫升 is a thousand in all or each): only a figure no reading bears out is wrong."""
    if lang != "zh":
        return [], 0
    bases = _price_bases(text)
    if not bases:
        return [], 0
    out: list[DiscountMismatch] = []
    checked = 0
    taken: list[tuple[int, int]] = []
    for pattern in _ZH_PER_MEASURE:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            base, factor = _ZH_MEASURES[m.group("mu").lower()]
            qty = Decimal(m.group("qty")) if m.group("qty") else Decimal(1)
            if qty not in _RESTATED_QUANTITIES:
                continue  # 5斤才29块9 is a price, not a restatement of one
            per = qty * factor
            # a restatement divides a larger quantity's price down: 一斤十五 against 一斤六块
            # is another seller's price, not this one's arithmetic
            before = [
                (start, price, [amount for b, amount in readings if b == base and amount > per])
                for start, end, price, readings in bases
                if end <= m.start() + 1 and m.start() - end <= _PER_MEASURE_GAP
            ]
            before = [b for b in before if b[2]]
            if not before:
                continue
            taken.append(m.span())
            said = _cash(m)
            bound: BoundKind = (
                "under" if _BUNDLE_WORDS["zh"].under.search(m.group("q") or "") else "about"
            )
            loose = m.group("loose") or ""
            checked += 1
            if any(
                _measure_holds(said, price / amount * per, bound, loose)
                for _, price, amounts in before
                for amount in amounts
            ):
                continue
            start, price, amounts = before[-1]
            out.append(
                DiscountMismatch(
                    start,
                    m.end(),
                    f"{_money(price)} for the quantity said is {_money(price / amounts[0] * per)} "
                    f"per {qty.normalize():f}{m.group('mu')}, not {_money(said)}",
                )
            )
    return out, checked


def _measure_holds(said: Decimal, expected: Decimal, bound: BoundKind, loose: str) -> bool:
    """Whether a per-measure figure states ``expected``: an upper bound must not be passed,
    多 / 出头 reach up to the next whole unit, else 5 % (10 % with 左右) or the smallest coin
    said."""
    coin = Decimal("0.01") if said < 1 else Decimal("0.1")
    if bound == "under":
        return expected <= said + coin
    if loose in ("多", "出头"):
        step = Decimal("0.1") if said < 1 else Decimal(1)
        return said - coin <= expected <= said + step
    share = Decimal("0.1") if loose == "左右" else Decimal("0.05")
    return abs(said - expected) <= max(coin, expected * share)


_ZH_SAVING_NEGATED = re.compile(r"(?:没有|没|不|无)[^，。！？,!?]{0,6}$")
_EN_SAVING_NEGATED = re.compile(
    r"\b(?:no|not|isn'?t|aren'?t|without)\b[^,.!?]{0,12}$", re.IGNORECASE
)


def _says_saving(text: str, lang: str, saving: re.Pattern[str]) -> bool:
    """Whether the line says buying this way saves, other than to deny it ("没有额外优惠",
    "there's no bundle discount")."""
    negated = _ZH_SAVING_NEGATED if lang == "zh" else _EN_SAVING_NEGATED
    return any(
        not negated.search(text[max(0, m.start() - 12) : m.start()]) for m in saving.finditer(text)
    )


def _pack_saving_verdicts(text: str, lang: str) -> tuple[list[DiscountMismatch], int]:
    """A multi-unit price said to save ("one jar 20, the 3-pack 65, stock up and save",
    "1瓶30，2瓶65，买2瓶更划算") saves only if it is under that many single units; at or above it,
    the saving is false. A per-unit restatement ("3 for 60, so 20 each") is no single price and
    is left to the restatement check."""
    words = _BUNDLE_WORDS["zh" if lang == "zh" else "en"]
    if not _says_saving(text, lang, words.saving):
        return [], 0
    quantities = _quantities(text, words)
    out: list[DiscountMismatch] = []
    checked = 0
    for pack in (q for q in quantities if q.count >= 2):
        # a per-unit figure said before the pack is the single price ("1500 each, or 2 for
        # 2800"); after it, it restates the pack ("3 for 60, so 20 each")
        singles = [q for q in quantities if q.count == 1 and (not q.cue or q.end <= pack.start)]
        same = [
            q
            for q in singles
            if (not (q.unit and pack.unit) or q.unit == pack.unit)
            and not _restates(pack, q, text, words)
        ]
        if not same:
            continue
        # the dearest single price: a per-unit figure said without a cue is no single price
        one = max(same, key=lambda q: q.amount)
        if pack.amount < one.amount * pack.count and not _saving_said_holds(
            text, lang, one.amount * pack.count - pack.amount, pack.count
        ):
            continue  # saves, but not what is said: no proof of honesty, and no rule's to read
        checked += 1
        if pack.amount >= one.amount * pack.count:
            detail = (
                f"{pack.count} for {_money(pack.amount)} against {_money(one.amount)} for one: "
                f"{pack.count} single units cost {_money(one.amount * pack.count)}, so buying "
                "more saves nothing"
            )
            out.append(DiscountMismatch(min(one.start, pack.start), max(one.end, pack.end), detail))
    return out, checked


def _saving_said_holds(text: str, lang: str, saving: Decimal, count: int) -> bool:
    """Whether every figure said as the saving ("saves you like twenty", "一包省三块五") is the
    saving there is, on the pack or on each unit of it, within a unit or 10 %; true when none
    is said."""
    zh = lang == "zh"
    before = _ZH_SAVED_BEFORE if zh else _EN_SAVED_BEFORE
    after = _EN_SAVED_AFTER if not zh else None
    for _m, amount, ahead, behind in _said_figures(text, zh, 12 if zh else 24):
        said = before.search(ahead) or (after is not None and after.search(behind))
        if said and not any(
            abs(amount - real) <= max(Decimal(1), real * Decimal("0.1"))
            for real in (saving, saving / count)
        ):
            return False
    return True


def _restates(pack: _Quantity, one: _Quantity, text: str, words: _BundleWords) -> bool:
    """A one-unit figure right after a pack that is the pack's price split evenly ("3盒1297，
    1盒432块多一点") restates the pack, unless the line marks it as buying one alone."""
    if one.start < pack.end or words.alternative.search(text):
        return False
    return abs(one.amount * pack.count - pack.amount) <= pack.amount * Decimal("0.05")


_IMPLIED_CUE = re.compile(r"就是|这是|直接|\b(?:so|that'?s|which is|basically)\b", re.IGNORECASE)
"""Wording that makes a discount after two prices their summary ("这就是打了五折")."""


def _implied_discount_verdicts(
    text: str,
    words: _BundleWords,
    offers: Sequence[_Offer],
    quantities: Sequence[_Quantity],
    discounts: Sequence[Discount],
    gap: int,
) -> tuple[list[DiscountMismatch], int]:
    """A discount said to follow from a single price and a multi-unit price, with no bundle
    deal of its own before it ("一包109，两包199，第二包才90，这就是打了五折"): it must be one
    of the two things the numbers can mean, what the pack pays of its units at the single
    price (199 of 218, 9.1折) or what its last unit costs against one (90 of 109, 8.3折)."""
    out: list[DiscountMismatch] = []
    checked = 0
    for disc in discounts:
        if any(o.extra_amount is None and o.end <= disc.start for o in offers):
            continue  # a bundle deal said as a discount: the offer check reads it
        before = [q for q in quantities if q.end <= disc.start]
        ones = [q for q in before if q.count == 1 and q.bound == "about"]
        packs = [q for q in before if q.count >= 2]
        if not ones or not packs:
            continue
        one, pack = ones[0], packs[-1]
        if one.amount <= 0:
            continue
        last = max(one.end, pack.end)
        between = text[last : disc.start]
        if len(between) > gap or not (words.cue.search(between) or _IMPLIED_CUE.search(between)):
            continue
        if pack.start < one.start and _restates(pack, one, text, words):
            continue  # "三瓶三百，一瓶一百，打了五折": the one is the pack split, no single price
        checked += 1
        full = one.amount * pack.count
        readings = [pack.amount / full, (pack.amount - one.amount * (pack.count - 1)) / one.amount]
        low = disc.factor - _OFFER_DISCOUNT_TOLERANCE
        high = disc.factor + _OFFER_DISCOUNT_TOLERANCE
        if words.loose_after.match(text, disc.end):
            high += Decimal("0.1")
        if any(low <= r <= high for r in readings):
            continue
        detail = (
            f"{pack.count} for {_money(pack.amount)} against {_money(one.amount)} for one pays "
            f"{_money(readings[0])} of the full price, and the last unit costs "
            f"{_money(readings[1])} of one: neither is the {disc.factor.normalize():f} said"
        )
        out.append(DiscountMismatch(min(one.start, pack.start), disc.end, detail))
    return out, checked


_ZH_CONTENTS = re.compile(
    rf"(?:(?<![\d.])1|(?<![\d.])一|每)(?P<outer>{_ZH_UNITS})(?:里面|里)?"
    r"(?:有|装|是|共|[^，。！？,!?]{0,8}?(?:能|可以|能够|够)?"
    r"(?:用|贴|吃|喝|泡|冲|敷|洗|煮|做|分|上|穿|戴))?"
    rf"(?P<n>\d+)(?P<inner>{_ZH_BUNDLE_UNITS})"
)
"""One pack said to hold so many smaller units or to last so many uses (1盒14袋, 每箱12瓶,
一盒能贴两次, 一瓶可以用二十次)."""


def _inner_bundles(text: str, bundles: Sequence[_Quantity]) -> list[_Quantity]:
    """A pack, or a bundle of packs, restated in the units a pack holds or the uses it lasts:
    with 1盒14袋 said, 2盒169 is 28 bags for 169, so "算下来一袋六块" splits it, and with
    一盒能贴两次 said, 一盒二十 is two uses for 20 (each pack's own contents are said once)."""
    contents = {
        m.group("outer"): (int(m.group("n")), m.group("inner")) for m in _ZH_CONTENTS.finditer(text)
    }
    out: list[_Quantity] = []
    for b in bundles:
        if b.unit in contents:
            n, inner = contents[b.unit]
            if inner != b.unit and 0 < n <= 1000:
                out.append(_Quantity(b.count * n, inner, b.amount, b.bound, b.cue, b.start, b.end))
    return out


_EN_ALTERNATIVE_AFTER = re.compile(
    rf",?\s*(?:elsewhere|regularly|in stores?|at retail|{_EN_BOUGHT_ALONE})\b", re.IGNORECASE
)
"""Wording right after an English one-unit figure that makes it the price bought alone, not
the bundle split ("two tees for fifty, they're thirty each otherwise"); Chinese says it first
(单买的话…), and a 单拍 right after a figure starts the next clause."""


def _restatement_verdicts(text: str, lang: str) -> tuple[list[DiscountMismatch], int]:
    """The bundle restatements that do not add up, and how many were checked."""
    words = _BUNDLE_WORDS["zh" if lang == "zh" else "en"]
    gap = _RESTATEMENT_GAP["zh" if lang == "zh" else "en"]
    offers = _offers(text, words)
    quantities = _quantities(text, words)
    out: list[DiscountMismatch] = []
    checked = 0
    discounts = [
        d
        for d in extract_discounts(text, lang)
        if not any(o.start <= d.start < o.end for o in offers)
    ]
    for offer in offers:  # 1. a bundle said to be a discount
        if offer.extra_amount is not None:
            continue
        for disc in discounts:
            between = text[offer.end : disc.start]
            if disc.start < offer.end or len(between) > gap or not words.cue.search(between):
                continue
            checked += 1
            real = offer.factor
            loose = bool(words.loose_after.match(text, disc.end))
            low, high = (
                disc.factor - _OFFER_DISCOUNT_TOLERANCE,
                disc.factor + _OFFER_DISCOUNT_TOLERANCE,
            )
            if loose:
                high += Decimal("0.1")
            if low <= real <= high:
                continue
            extra = (
                "free"
                if offer.extra_factor == 0
                else f"at {offer.extra_factor.normalize():f} of the price"
            )
            detail = (
                f"buy {offer.paid} get {offer.extra} {extra} pays {_money(real)} of the full "
                f"price, not the {disc.factor.normalize():f} said"
            )
            out.append(DiscountMismatch(offer.start, disc.end, detail))
    implied, also = _implied_discount_verdicts(text, words, offers, quantities, discounts, gap)
    out += implied
    checked += also
    second = next((o for o in offers if o.second_unit), None)
    singles = [q for q in quantities if q.count == 1]
    pairs = [q for q in quantities if q.count == 2]
    if second is not None and singles and pairs:  # 3. single and pair against the second unit
        one, two = singles[0], pairs[0]
        checked += 1
        if second.extra_amount is not None:
            expected = one.amount + second.extra_amount
            said = _money(second.extra_amount)
        else:
            expected = one.amount * (1 + second.extra_factor)
            said = f"{second.extra_factor.normalize():f} of the price"
        if _off_by(two.amount, expected, "about"):
            real = (two.amount - one.amount) / one.amount
            detail = (
                f"one at {_money(one.amount)} with the second at {said} makes two "
                f"{_money(expected)}, but two are {_money(two.amount)} (the second really "
                f"costs {_money(two.amount - one.amount)}, {_money(real)} of one)"
            )
            spans = (one, two, second)
            out.append(
                DiscountMismatch(min(s.start for s in spans), max(s.end for s in spans), detail)
            )
        return out, checked
    bundles = [q for q in quantities if q.count >= 2]
    if lang == "zh":
        bundles += _inner_bundles(text, [q for q in quantities if not q.cue])
    for each in singles:  # 2. a total said per unit: the nearest bundle before it
        before = [
            b
            for b in bundles
            if b.end <= each.start
            and len(text[b.end : each.start]) <= gap
            and not (lang == "zh" and b.unit and each.unit and each.unit != b.unit)
        ]
        if not before:
            continue
        bundle = max(before, key=lambda b: b.end)
        between = text[bundle.end : each.start]
        if (
            not (each.cue or words.cue.search(between))
            or words.alternative.search(between + text[each.start : each.end])
            or (lang != "zh" and _EN_ALTERNATIVE_AFTER.match(text, each.end) is not None)
        ):
            continue
        checked += 1
        # a figure that splits any bundle said before it evenly is honest ("两件100，三件140，
        # 三件平均下来一件46块多" splits the three); else it is set against the nearest one
        if all(
            _off_by(each.amount, b.amount / b.count, each.bound)
            and not _cents_said_whole(each.amount, b.amount / b.count, lang)
            for b in before
        ):
            expected = bundle.amount / bundle.count
            said = "under " if each.bound == "under" else ""
            detail = (
                f"{bundle.count} for {_money(bundle.amount)} is {_money(expected)} each, "
                f"not {said}{_money(each.amount)}"
            )
            out.append(DiscountMismatch(bundle.start, each.end, detail))
    return out, checked
