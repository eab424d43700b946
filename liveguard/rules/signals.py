"""Numbers and states that stream-level reasoning compares over time.

Utterance rules decide *whether* a sentence makes a scarcity or deadline claim; these
extractors read *what* it claims (how many units, how many seconds, sold out, restocked).
"""

from __future__ import annotations

import re

from liveguard.rules.prices import heard_number

_NUMBER = r"[\d零〇一二两三四五六七八九十百千万]+"
_TIME_UNITS = "秒分钟小时天周月年点号岁度"
_ZH_COUNT = re.compile(rf"({_NUMBER})\s?(?![{_TIME_UNITS}元块毛角%])[\u4e00-\u9fff]")
"""A number and the character after it: in a stock claim that is its unit of count, whatever
it is (箱, 件, 斤, 床…) and however it was heard (三箱 as 三项, 两件 as 两届)."""
_EN_COUNT = re.compile(r"\b(\d+)\b")
_ZH_ONE = re.compile(r"最后(?:一|1)(?:波|批|轮)|最后的(?:库存|机会|名额)")

_ZH_SECONDS = re.compile(rf"({_NUMBER}(?:\.\d+)?)\s?(秒|分钟|分|小时)")
_ZH_MERGED_SHI = re.compile(
    r"[倒到道]计?(?:[\u4e00-\u9fff]?(?<![时是])1([1-9])|[\u4e00-\u9fff]?时\s?1(3))\s?(秒|分钟|分|小时)"
)
"""倒计时三分钟 heard as 倒计13分钟 or 倒替13分钟: the 时 of 倒计时 and the 三 merge into 十三; and
as 到即时 13 分钟, the 时 written as well (a longer utterance, measured on the spent sessions).
倒计时三分钟 and 倒计时十三分钟 sound the same (shí sān): with 时 written only 13 is read as 3,
the countdown hosts say; 倒计时15分钟 stays fifteen minutes."""
_EN_SECONDS = re.compile(
    r"(\d+(?:\.\d+)?)\s?(seconds?|secs?|minutes?|mins?|hours?|hrs?)\b", re.IGNORECASE
)
_UNIT_SECONDS = {"秒": 1, "分钟": 60, "分": 60, "小时": 3600}

SOLD_OUT = {
    "zh": re.compile(
        r"(?:已经|都|全部|全都|刚刚)?(?:卖完|售罄|抢光|抢完|卖光|清空|秒空|没货|卖断货|断货)了"
    ),
    "en": re.compile(r"\b(sold out|all gone|out of stock|none left)\b", re.IGNORECASE),
}
RESTOCK = {
    "zh": re.compile(
        r"(?:再|又|加|补|追加|多)(?:上|放|加|补|开)?了?\s?\d+\s?(?:单|件|份|套|个库存)|补货|(?:又|再|刚刚|刚)补了(?:一点|一些|点|些|一批)?(?:货|库存)|加库存|加了库存|追加库存|返场|又有货|又上了|再上一波|再放一波|再开一波|又放了"
    ),
    "en": re.compile(
        r"\b(just )?(added|adding|restocked|restocking|released|dropping) (another )?\d+ (more|units|pieces|sets|bottles)\b|\bjust (restocked|added more)\b|\bback in stock\b",
        re.IGNORECASE,
    ),
}
TIME_LIMIT = {
    "zh": re.compile(r"限时|倒计时|秒杀|恢复原价|马上涨价|活动(?:马上|即将)结束"),
    "en": re.compile(
        r"\blimited[- ]time\b|\btoday only\b|\bends in\b|\bcountdown\b|\bflash sale\b",
        re.IGNORECASE,
    ),
}


def claimed_count(matched: str, lang: str) -> int | None:
    """The quantity a stock claim states ("最后5单" → 5, "最后一波" → 1)."""
    if lang == "zh":
        for m in _ZH_COUNT.finditer(matched):
            value = heard_number(m.group(1))
            if value is not None and value == value.to_integral_value() and value > 0:
                return int(value)
        return 1 if _ZH_ONE.search(matched) else None
    m2 = _EN_COUNT.search(matched)
    return int(m2.group(1)) if m2 else None


def claimed_seconds(matched: str, lang: str) -> float | None:
    """The time left a deadline claim states, in seconds."""
    if lang == "zh":
        merged = _ZH_MERGED_SHI.search(matched)
        if merged:
            return float(merged.group(1) or merged.group(2)) * _UNIT_SECONDS[merged.group(3)]
        m = _ZH_SECONDS.search(matched)
        value = heard_number(m.group(1)) if m else None
        return float(value) * _UNIT_SECONDS[m.group(2)] if m and value is not None else None
    m2 = _EN_SECONDS.search(matched)
    if not m2:
        return None
    unit = m2.group(2).lower()
    factor = 1 if unit.startswith("s") else 60 if unit.startswith("m") else 3600
    return float(m2.group(1)) * factor
