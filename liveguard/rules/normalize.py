"""Text normalisation before matching, keeping a map back to the original characters.

Speech transcripts and merchant scripts arrive in every shape: full-width digits, traditional
characters, Chinese numerals ("最后五单"), and noise inserted on purpose to slip past word
filters ("最*好", "最 好"). Rules are written once against one canonical form; every match is
mapped back so the reviewer sees the span in the text that was actually said or written.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import cn2an
import opencc

from liveguard.rules.han import HAN_EXTENDED
from liveguard.rules.prices import heard_numbers, hundreds_shorthand, numeral_readings
from liveguard.rules.soundform import sound_pattern, sound_text
from liveguard.rules.units import (
    COUNT_UNITS,
    MEASURE_UNITS,
    MONEY_OR_UNIT,
    ONLY_OR_UNIT,
    alternation,
)

NOISE_CHARS = frozenset(" \t\u3000*＊#_~～·•-—/\\|^`@&+=<>….'" + "\u200b\u200c\u200d\ufeff")
"""Characters that carry no meaning between two Chinese characters (evasion noise)."""
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\ufeff")

_NUMERAL_RUN = re.compile(
    r"[零〇一二两三四五六七八九十百千万亿](?:[零〇一二两三四五六七八九十百千万亿]|点(?=[零〇一二三四五六七八九]))*"
)
_UNIT_AFTER = re.compile(
    r"(?:个月|个小时|小时|分钟|天|日|周|月|年|折|单|件|份|个|瓶|盒|套|元|块|毛|角|秒|斤|公斤|克|次|成|位|箱|包|支|只|袋|人|倍|遍|片|粒|罐|台|双|条|款|波|批|组|支|%|号|杯|斤|毫升|ml|度|岁|期|厘米|公分|米|公里|寸|英寸)"
)
_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿")
"""Chinese numerals: a pause between two of them ends one number ("买十送十 二十罐"), so the
space is kept, though any other noise between Chinese characters is dropped."""
_NOT_BEFORE_ONE = frozenset("第唯统万专同单之独")
"""``一`` after these is part of a word (第一, 唯一, 统一, 独一份…), never a quantity."""


@dataclass(frozen=True, slots=True)
class Normalized:
    """The canonical text plus, per canonical character, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a canonical span [start, end) to the original text."""
        if not self.text:
            return 0, 0
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """Full width to half width and traditional to simplified, one character at a time so
    offsets never move (phrase-level conversions are not needed for matching)."""
    code = ord(ch)
    if code == 0x3000:
        return " "
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if HAN_EXTENDED.match(ch):
        out = _t2s().convert(ch)
        return out if len(out) == 1 else ch
    if code > 0x7F and unicodedata.category(ch) == "Nd":
        return str(unicodedata.digit(ch, 0))
    if 0xFE10 <= code <= 0xFE6F:
        # small and vertical punctuation forms (﹐ ﹔ ︒): Whisper writes them now and then, and
        # a clause boundary the exemptions cannot see lets 没货了 negate 最后这几单
        out = unicodedata.normalize("NFKC", ch)
        return out if len(out) == 1 else ch
    return ch


def _is_cjk(ch: str) -> bool:
    return bool(HAN_EXTENDED.match(ch))


def _is_noise(ch: str) -> bool:
    """Punctuation-like filler and emoji/symbols (最🔥好) carry no words."""
    return ch in NOISE_CHARS or unicodedata.category(ch) in ("So", "Sk", "Cf")


_PINYIN_EVASION = re.compile(
    r"(?<![a-z])zui(?=\s?[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s?zui(?![a-z])|(?<=[第唯])\s?yi(?![a-z])",
    re.IGNORECASE,
)
"""Pinyin typed to dodge filters: "zui好" → 最好, "第yi" → 第一."""


def _pinyin_evasion(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    text = "".join(c[0] for c in chars)
    if not re.search(r"(?i)zui|yi", text):
        return chars
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in _PINYIN_EVASION.finditer(text):
        out.extend(chars[pos : m.start()])
        word = m.group(0).strip().lower()
        out.append(("最" if word == "zui" else "一", chars[m.start()][1], chars[m.end() - 1][2]))
        pos = m.end()
    out.extend(chars[pos:])
    return out


_PAUSED_UNITS = COUNT_UNITS | MEASURE_UNITS | {MONEY_OR_UNIT, ONLY_OR_UNIT, "元"}


def _counted(out: list[tuple[str, int, int]]) -> bool:
    """Whether what came before a spoken pause ends in a number or a counted amount (二十九,
    二十九一支): a pause then a number starts another figure ("二十九一支 三支八十" is two
    offers, not 一支三支), so the pause stays for the price readers."""
    last = out[-1][0]
    if last in _NUMERALS:
        return True
    return last in _PAUSED_UNITS and len(out) > 1 and (out[-2][0] in _NUMERALS)


def _drop_noise(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    n = len(chars)
    i = 0
    while i < n:
        ch = chars[i][0]
        if ch in _ZERO_WIDTH:
            i += 1
            continue
        if _is_noise(ch) and out and _is_cjk(out[-1][0]):
            j = i
            while j < n and _is_noise(chars[j][0]):
                j += 1
            pause = all(c[0].isspace() for c in chars[i:j])
            if (
                j < n
                and _is_cjk(chars[j][0])
                and j - i <= 3
                and not (pause and chars[j][0] in _NUMERALS and _counted(out))
            ):
                i = j
                continue
        out.append(chars[i])
        i += 1
    return out


@lru_cache(maxsize=4096)
def _numeral_value(run: str) -> str | None:
    if (shorthand := hundreds_shorthand(run)) is not None:
        return str(shorthand)
    try:
        value = cn2an.cn2an(run, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _positional(run: str) -> bool:
    return len(run) >= 2 and any(c in "十百千万亿点" for c in run)


_ONE_ENDS_A_NUMBER_BEFORE = frozenset("块元的了啊吧呢呀哈嘛")
"""After 两百九一, these leave the 一 its place as the ones digit; before anything else Chinese
it starts a word or a count (三百八一样, 三百八一盒)."""


_COUNTED_BY = COUNT_UNITS | {ONLY_OR_UNIT}
"""Measure words (with 只: 两只 is always two of them): 两 just before one counts them, so after 一百 it starts a count
(一件一百两件一百五 is 100 then 2 for 150, not 120件), the way speech without commas runs a price
into the next count; 两 is not said for the tens digit (一百二 is 120)."""


def _longest_number(run: str, after: str) -> tuple[str, str] | None:
    """The longest start of a positional run that is a number, with its value: 三百八一样 runs
    on into the 一 of 一样, and 三百八 is the amount ("一盒就三百八一样的东西"); 一百两件 runs on
    into a count (``_COUNTED_BY``)."""
    for end in range(len(run), 1, -1):
        head = run[:end]
        nxt = run[end] if end < len(run) else after
        if (
            head[-1] == "一"
            and hundreds_shorthand(head) is not None
            and _is_cjk(nxt or " ")
            and nxt not in _ONE_ENDS_A_NUMBER_BEFORE
        ):
            continue
        if head[-1] == "两" and head[-2:-1] in ("百", "千", "万") and nxt in _COUNTED_BY:
            continue
        if _positional(head) and (value := _numeral_value(head)) is not None:
            return head, value
    return None


_MIXED_PLACE = re.compile(
    r"(?<![\d.零〇一二两三四五六七八九十百千万亿])(?P<h>[1-9]\d{0,2}(?:\.\d)?|[一二两三四五六七八九])"
    r"(?P<p>[百千万])(?P<t>[1-9])?(?![\d.%零〇二两三四五六七八九十百千万亿分]|一(?![件瓶盒套箱支袋罐台双条片份桶提个块只]))"
)
"""A number written half in figures, as Whisper often writes a spoken one: 3千8 (三千八), 两千8,
1万2, 2百9, 5千. The digit after the place is the next place down, the way prices are said
(三千八 is 3800); 两千 alone is left to the Chinese reading, 200万 alone stays (the sales and
stock rules read 万 as written), and 百分 is a percentage. A 一 after it starts a count
(1万2一台) or goes on with the number (2万5一千 is no price)."""
_PLACE = {"百": 100, "千": 1000, "万": 10000}


def _mixed_place_value(run: str) -> str | None:
    m = _MIXED_PLACE.fullmatch(run)
    if m is None:
        return None
    head, tail = m.group("h"), m.group("t")
    if tail is None and (not head[0].isdigit() or m.group("p") == "万"):
        return None  # 两千 is read as Chinese; 200万 stays as the sales and stock rules write it
    place = _PLACE[m.group("p")]
    value = Decimal(head if head[0].isdigit() else (_numeral_value(head) or "0")) * place
    if tail:
        if "." in head:
            return None  # 1.5万2 is no way to say a number
        value += int(tail) * place // 10
    return f"{value.normalize():f}"


def _convert_numerals(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    text = "".join(c[0] for c in chars)
    out: list[tuple[str, int, int]] = []
    pos = 0  # chars before this are in ``out``
    at = 0  # where to look for the next run
    while m := _NUMERAL_RUN.search(text, at):
        run = m.group(0)
        at = m.end()
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end() : m.end() + 3]
        positional = _positional(run)
        if len(run) >= 2 and not positional:
            continue
        if not (_UNIT_AFTER.match(after) or positional or (before and before in "块元毛")):
            continue
        if run == "一" and before in _NOT_BEFORE_ONE:
            continue
        if before == "第" or (before == "几" and run[0] in "十百千万"):
            continue  # an ordinal, or a vague magnitude (几十万 is no 几100000)
        found = _longest_number(run, after[:1]) if positional else None
        if found is None and positional and run[0] == "一" and len(run) > 2:
            # 买一送一七十九: the count's 一 runs into the price, which starts after it
            at = m.start() + 1
            continue
        if found is None:
            value = _numeral_value(run)
            if value is None:
                continue
            found = run, value
        head, value = found
        end = m.start() + len(head)
        at = end  # what is left of the run (一 of 一样, 一 of 一盒) is looked at again
        out.extend(chars[pos : m.start()])
        o_start, o_end = chars[m.start()][1], chars[end - 1][2]
        if out and out[-1][0].isdigit():  # 三百八|一盒: two numbers, not 3801
            out.append((" ", o_start, o_end))
        out.extend((d, o_start, o_end) for d in value)
        pos = end
    out.extend(chars[pos:])
    return out


_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_ONES = frozenset(w for w, v in _EN_UNITS.items() if v < 10)
_EN_TENS = frozenset(w for w, v in _EN_UNITS.items() if v >= 20 and v % 10 == 0)
_EN_WORD = "|".join(sorted(_EN_UNITS, key=len, reverse=True)) + "|hundred|thousand"
_EN_NUMBER_RUN = re.compile(
    rf"\b(?:{_EN_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_EN_WORD}))*\b", re.IGNORECASE
)
_EN_DIGIT_WORD = "|".join(w for w, v in _EN_UNITS.items() if 0 < v < 10)
"""One to nine as words: the digit of "one oh nine", of "twenty-five" and of "twenty oh five"."""
_EN_OH_RUN = re.compile(
    r"\b(?:"
    + _EN_DIGIT_WORD
    + r")[\s-]+(?:oh|o)[\s-]+(?:"
    + "|".join(w for w, v in _EN_UNITS.items() if v < 10)
    + r")\b",
    re.IGNORECASE,
)
""""two-oh-eight", "one oh nine": a price read digit by digit with its zero said as "oh"
(208, 109). Only a single digit either side: "twenty oh five" is a year, not a price."""
_EN_TEENS = "|".join(w for w, v in _EN_UNITS.items() if 10 <= v < 20)
_EN_YEAR = re.compile(
    r"\b(?:since|until|till|til|by|in|circa|year)\s+"
    r"(?P<year>(?:eighteen|nineteen|twenty)[\s-]+(?:(?:"
    + "|".join(sorted(_EN_TENS))
    + r")(?:[\s-]+(?:"
    + _EN_DIGIT_WORD
    + r"))?|"
    + _EN_TEENS
    + r"|(?:oh|o)[\s-]+(?:"
    + _EN_DIGIT_WORD
    + r")))\b(?![\s-]+(?:"
    + _EN_DIGIT_WORD
    + r")\b)(?!\s*(?:dollars?|bucks|quid|euros?|pounds|cents?)\b)",
    re.IGNORECASE,
)
"""A year said in two groups after a word of time ("since nineteen seventy-nine", "until twenty
twenty-nine", "in twenty oh five"): 1979, not the price 19.79 two groups otherwise read as."""


def _year_value(run: str) -> str:
    head, *tail = (w for w in re.split(r"[\s-]+", run.lower()) if w not in ("oh", "o"))
    return str(_EN_UNITS[head] * 100 + sum(_EN_UNITS[w] for w in tail))


_EN_G_DROPPED = re.compile(r"\b[a-z]{2,}in['’](?![a-z])", re.IGNORECASE)
"""A dropped g as transcripts of many accents write it ("wantin'", "nothin'", "mornin'"):
restored, so "wantin' to take the whole lot" reads as every pattern written for "wanting"."""
_EN_FILLER = re.compile(r"\b(?:um+|uh+|erm)\b,?\s*|\blike\s+(?=\$?\d)", re.IGNORECASE)


def _small_value(words: list[str]) -> int | None:
    """1-99 said as one group: "four", "nineteen", "ninety nine"."""
    if len(words) == 1:
        value = _EN_UNITS.get(words[0])
        return value if value else None
    if len(words) == 2 and words[0] in _EN_TENS and 0 < _EN_UNITS.get(words[1], 0) < 10:
        return _EN_UNITS[words[0]] + _EN_UNITS[words[1]]
    return None


def _spoken_price(words: list[str], near: tuple[float, ...] = ()) -> str | None:
    """Two groups said back to back are one price, not a sum (adding them made "four
    ninety-nine" 103): a one-word digit before them names hundreds ("one twenty" 120, "four
    ninety-nine" 499), a teen or tens group names dollars before cents ("nineteen ninety-nine"
    19.99, "twelve fifty" 12.50) — the way prices are read out, where "nineteen ninety-nine"
    for 1,999 would be said "nineteen hundred ninety-nine" or "one nine nine nine". The
    magnitudes said in one text agree: ``near`` holds the prices it read as dollars and cents,
    and a digit's group takes the reading nearer to them ("was twelve ninety-nine, now six
    forty-nine" is 12.99 and 6.49; "the stores have it at one forty-nine; we're at
    seventy-nine ninety-nine" keeps 149)."""
    for i in range(1, len(words)):
        head, tail = _small_value(words[:i]), _small_value(words[i:])
        if head is None or tail is None or tail < 10 or words[i] in _EN_ONES:
            continue
        dollars = f"{head}.{tail:02d}"
        if head >= 10:
            return dollars
        hundreds = head * 100 + tail
        if near and _log_gap(float(dollars), near) < _log_gap(hundreds, near):
            return dollars
        return str(hundreds)
    return None


def _log_gap(value: float, others: tuple[float, ...]) -> float:
    """How many times apart ``value`` is from the nearest of ``others`` (on a log scale)."""
    return min(abs(math.log(value / other)) for other in others)


def _oh_value(run: str) -> str:
    head, _oh, tail = re.split(r"[\s-]+", run.lower())
    return str(_EN_UNITS[head] * 100 + _EN_UNITS[tail])


def _english_value(run: str, near: tuple[float, ...] = ()) -> int | str | None:
    words = re.split(r"[\s-]+", run.lower())
    if not {"and", "hundred", "thousand"} & set(words):
        price = _spoken_price(words, near)
        if price is not None:
            return price
    total, current = 0, 0
    numbers: list[int] = []
    for word in words:
        if word == "and":
            continue
        if word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif word in _EN_UNITS:
            value, below_100 = _EN_UNITS[word], current % 100
            ones_taken = below_100 % 10 or below_100 < 20  # 29, 15: no ones word may follow
            if below_100 and ((value < 10 and ones_taken) or value >= 10):
                # "twenty-nine nine", "twenty-one three-bedroom": a word no number can follow
                # with starts the next number; adding it (38, 24) says what nobody said
                numbers.append(total + current)
                total, current = 0, 0
            current += value
        else:
            return None
    if numbers:
        return " ".join(str(n) for n in (*numbers, total + current))
    return total + current


_EN_GRAND = re.compile(r"\b\d{1,3}(?:\.\d)? ?grand\b", re.IGNORECASE)
""""four grand" is 4000 dollars; "grand" alone ("grand opening") is no number."""


def _grand_value(run: str) -> str:
    figure = Decimal(re.sub(r"(?i) ?grand", "", run)) * 1000
    return f"{figure.normalize():f}"


def _replace_runs(
    chars: list[tuple[str, int, int]],
    pattern: re.Pattern[str],
    value: Callable[[str], str | None],
    group: int | str = 0,
) -> list[tuple[str, int, int]]:
    """Replace ``group`` of every match of ``pattern`` (the whole match by default; a group
    when the words around it only decide whether it is one) by ``value(group)``, each new
    character mapped to the whole original span it replaces."""
    text = "".join(c[0] for c in chars)
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in pattern.finditer(text):
        start, end = m.span(group)
        new = value(m.group(group))
        if new is None or end == start:
            continue
        out.extend(chars[pos:start])
        if new:
            o_start, o_end = chars[start][1], chars[end - 1][2]
            out.extend((ch, o_start, o_end) for ch in new)
        pos = end
    out.extend(chars[pos:])
    return out


_EN_NOT_A_PRICE_AFTER = r"(?!\s*(?:off|cheaper|less|more|back|saving|discount)\b)"
_EN_MONEY_AFTER = re.compile(
    r"\s?(?:quid|dollars?|bucks|euros?|pounds)\b" + _EN_NOT_A_PRICE_AFTER, re.IGNORECASE
)
_EN_MONEY_FIGURE = re.compile(
    r"(?:[$£€]\s?(?P<a>\d+(?:\.\d+)?)|(?<![\d.])(?P<b>\d+(?:\.\d+)?)\s?(?:quid|dollars?|bucks|euros?)\b)"
    + _EN_NOT_A_PRICE_AFTER,
    re.IGNORECASE,
)
_EN_SAVING_BEFORE = re.compile(r"\b(?:save[sd]?|saving)(?: you| yourself)?\s*$", re.IGNORECASE)
"""A saving is no price: "thirteen bucks off", "saves you fourteen quid" set no scale."""


def _said_as_money(text: str) -> Iterator[float]:
    """The amounts whose reading is not in doubt: dollars and cents said in two groups, and
    any amount said with its currency in one group or in figures."""
    for m in _EN_NUMBER_RUN.finditer(text):
        read = str(_english_value(m.group()))
        if "." in read or (
            read.isdigit()
            and int(read) > 0
            and _EN_MONEY_AFTER.match(text, m.end())
            and not _EN_SAVING_BEFORE.search(text, 0, m.start())
            and _spoken_price(re.split(r"[\s-]+", m.group().lower())) is None
        ):
            yield float(read)
    for m in _EN_MONEY_FIGURE.finditer(text):
        value = float(m.group("a") or m.group("b"))
        if value > 0 and not _EN_SAVING_BEFORE.search(text, 0, m.start()):
            yield value


def _english(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Spoken English numbers become digits ("ninety nine" → 99) and fillers go."""
    if not _LATIN.search("".join(c[0] for c in chars)):
        return chars
    chars = _replace_runs(chars, _EN_YEAR, _year_value, "year")
    text = "".join(c[0] for c in chars)

    # the prices read as dollars and cents ("nineteen ninety-nine") and the whole amounts said
    # as money ("twenty-five quid", "$25"), which the other prices said in two groups are read
    # beside ("they're twenty-five quid, ours is eight ninety-nine" is 8.99, not 899)
    near = tuple(_said_as_money(text))

    def number(run: str) -> str | None:
        if run.lower() in ("one", "a"):
            return None  # "the next one", "one of these": a pronoun far more often than a count
        value = _english_value(run, near)
        return None if value is None else str(value)

    chars = _replace_runs(chars, _EN_G_DROPPED, lambda run: run[:-1] + "g")
    chars = _replace_runs(chars, _EN_OH_RUN, _oh_value)
    chars = _replace_runs(chars, _EN_NUMBER_RUN, number)
    return _replace_runs(chars, _EN_FILLER, lambda _m: "")


_LATIN = re.compile(r"[A-Za-z]{3}")


_PERCENT = re.compile(
    r"百分之(?P<n>百|[零〇一二两三四五六七八九十]+|\d+(?:\.\d+)?)|(?P<en>\d+(?:\.\d+)?)\s?percent\b",
    re.IGNORECASE,
)


def _percent_value(run: str) -> str | None:
    """ "百分之九十九" and "99 percent" become "99%"."""
    m = _PERCENT.fullmatch(run)
    if m is None:
        return None
    if m.group("en"):
        return m.group("en") + "%"
    n = m.group("n")
    if n == "百":
        return "100%"
    value = n if n[0].isdigit() else _numeral_value(n)
    return None if value is None else value + "%"


_HEARD_HUNDREDS = re.compile(
    r"(?<![\d.])(?P<h>[1-9])00(?:[ ·]?(?P<t>[1-9])|\s?(?P<nine>[酒久救旧]))"
    r"(?![\d.%])(?!\s?(?:年|月|号|-|款|型|系|铝|钢))"
)
"""三百九 as Whisper base writes it: the hundreds and the tens as two figures (300 9, 3009,
400·8) or 九 heard as a sound-alike (300酒). Of 406 X百Y said in the spoken training lines
only 69 came back as the figure; these two shapes were 68 more (35 + 33) against 10 where
nothing of the kind was said (7001 aluminium, 2002 for 二零二五, 300就是)."""


def _heard_hundreds(run: str) -> str | None:
    m = _HEARD_HUNDREDS.fullmatch(run)
    if m is None:
        return None
    tens = 9 if m.group("nine") else int(m.group("t"))
    return str(int(m.group("h")) * 100 + tens * 10)


_HEARD_TAIL_DIGITS = {
    "八": 8,
    "二": 2,
    "案": 2,
    "岸": 2,
    "九": 9,
    "七": 7,
    "气": 7,
    "五": 5,
    "六": 6,
    "三": 3,
}
"""The last figure of a shorthand price as Whisper base writes it apart from the round part:
the numeral itself or a sound-alike (八, 案 for 二, 气 for 七). Not 吧: 三百吧 is as often the
host rounding off ("我这三百吧", seven times in the labelled lines) as 三百八 misheard."""
_HEARD_TAIL_NOT_AFTER = (
    r"(?![\d.%百千万亿零一二两三四五六七八九十手])"
    r"(?!\s?(?:[天号年月日岁点分秒]|" + alternation(COUNT_UNITS | MEASURE_UNITS) + "))"
)
"""A tail followed by a unit counts something (一千七天, 三百八件 stay as they are); 二手 is
second-hand, not a 2."""
_HEARD_ROUND_TAIL = re.compile(
    r"(?<![\d.])(?P<h>[1-9])(?P<z>0{1,4})[ ·]?(?P<t>["
    + "".join(_HEARD_TAIL_DIGITS)
    + "])"
    + _HEARD_TAIL_NOT_AFTER
)
_HEARD_TENS_TAIL = re.compile(
    r"(?<![\d.])(?P<n>\d*[1-9]\d*[1-9]0)[ ·]?(?P<t>[八九])" + _HEARD_TAIL_NOT_AFTER
)
"""三百八 as 300八 or 1000 二 as Whisper base writes them (the round part in figures, the next
place apart), and 一百二十八 as 120八: on the 7,074 spent audio lines of blind18–30 these
repaired 30 numbers and broke none (session 25; docs/transcribe.md)."""


def _heard_tail(run: str) -> str | None:
    m = _HEARD_ROUND_TAIL.fullmatch(run)
    if m is not None:
        zeros = len(m.group("z"))
        tail = _HEARD_TAIL_DIGITS[m.group("t")] * 10 ** (zeros - 1)
        return str(int(m.group("h")) * 10**zeros + tail)
    m = _HEARD_TENS_TAIL.fullmatch(run)
    return None if m is None else str(int(m.group("n")) + _HEARD_TAIL_DIGITS[m.group("t")])


_HEARD_SEVEN_DAYS = re.compile(
    r"(?<!\d)[期其骑漆齐奇起气七](?=天(?:无理|无条件|内|以内|之内|包退|退|试))"
)
"""七天无理由 / 七天内 heard as 其天, 期天, 气天: the seven of the returns window (25 repaired,
none broken on blind18–30's audio)."""


@lru_cache(maxsize=1)
def _heard_percent() -> re.Pattern[str]:
    # 百 is also written as a hundred's digits before 分之 (百分之六十 heard as 600分之60)
    return re.compile("(?:" + sound_pattern("百") + r"|(?<!\d)\d?00)" + sound_pattern("分之"))


def _heard_percents(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """百分之九十九 as a recogniser may spell it (挀兝値丩乨丩: every character a sound-alike;
    600分之60 for 百分之六十, as Whisper base wrote it on the spoken rule examples) becomes a
    percentage too: 百分之 found in sound, the figure read as heard (rules/prices.py)."""
    text = "".join(c[0] for c in chars)
    if not HAN_EXTENDED.search(text):
        return chars
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in _heard_percent().finditer(sound_text(text)):
        if m.start() < pos:
            continue
        figures = heard_numbers(text[m.end() : m.end() + 8])
        if figures and figures[0][0] == 0 and 0 < figures[0][2] <= 100:
            end, value = m.end() + figures[0][1], figures[0][2]
        elif m.end() < len(text) and "百" in numeral_readings(text[m.end()]):
            end, value = m.end() + 1, Decimal(100)  # 百分之百
        else:
            continue
        out.extend(chars[pos : m.start()])
        o_start, o_end = chars[m.start()][1], chars[end - 1][2]
        out.extend((ch, o_start, o_end) for ch in f"{value.normalize():f}%")
        pos = end
    out.extend(chars[pos:])
    return out


CACHED_CHARS = 64
"""Texts up to this long are normalised once per process: a finding's matched words are
normalised again by every stream check that remembers or compares it."""


def normalize(text: str, *, numerals: bool = True, heard: bool = False) -> Normalized:
    """Canonical form of ``text``; see the module docstring for the steps. ``heard`` also
    reads percentages spelled with sound-alikes (speech transcripts, matching in sound on)."""
    if len(text) <= CACHED_CHARS:
        return _normalize_short(text, numerals, heard)
    return _normalize(text, numerals, heard)


@lru_cache(maxsize=8192)
def _normalize_short(text: str, numerals: bool, heard: bool) -> Normalized:
    return _normalize(text, numerals, heard)


_ZH_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)")
"""A whole amount with thousands commas, folded in Chinese text so every check reads Whisper's
8,800 as one amount, never as 8 and 800. Only the ASCII comma a recogniser writes (matched
before width folding: a full-width ，between digits is a pause in a list). English keeps its
own: its price readers take 1,299 whole."""


def _normalize(text: str, numerals: bool, heard: bool) -> Normalized:
    chars = [(ch, i, i + 1) for i, ch in enumerate(text)]
    if numerals and HAN_EXTENDED.search(text):
        chars = _replace_runs(chars, _ZH_THOUSANDS, lambda run: run.replace(",", ""))
    chars = [(_fold_char(ch), s, e) for ch, s, e in chars]
    chars = _drop_noise(_pinyin_evasion(chars))
    if numerals:
        chars = _replace_runs(chars, _PERCENT, _percent_value)
        if heard:
            chars = _heard_percents(chars)
        chars = _english(_convert_numerals(_replace_runs(chars, _MIXED_PLACE, _mixed_place_value)))
        chars = _replace_runs(chars, _EN_GRAND, _grand_value)
        if heard:
            chars = _replace_runs(chars, _HEARD_HUNDREDS, _heard_hundreds)
            chars = _replace_runs(chars, _HEARD_ROUND_TAIL, _heard_tail)
            chars = _replace_runs(chars, _HEARD_TENS_TAIL, _heard_tail)
            chars = _replace_runs(chars, _HEARD_SEVEN_DAYS, lambda _run: "7")
    return Normalized(
        original=text,
        text="".join(c[0] for c in chars),
        starts=tuple(c[1] for c in chars),
        ends=tuple(c[2] for c in chars),
    )
