"""Matching in sound: every Chinese pattern, also on a tone-free, confusion-folded form of the text.

Speech recognition writes what it hears, so a claim comes back spelled with other characters
that sound alike (根治 → 跟治, 面霜 → 面双, 手慢无 → 手万无). Rather than list each rule's
mishearings, every Chinese pattern (phrases, regexes, exception regexes, the exemption cues) is
compiled twice: once as written, once over the *sound form*, where each Chinese character
stands for its toneless pinyin syllable folded by the confusion table (rules/sound_zh.yaml:
zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing and the pairs measured on the audio benchmark).

The sound form keeps the text's length: each Chinese character becomes one private-use code
point naming its folded syllable, everything else stays. Offsets found in the sound form are
offsets into the transcript, so a finding still quotes what was transcribed. A pattern's
literal character becomes its usual reading's code, or a class with its reading in the word
(长 alone is chang, in 长高 zhang),
and ``[\\u4e00-\\u9fff]``-style ranges also admit the private-use block, so a new rule gets
sound matching for free, without listing its mishearings.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba
import yaml
from pypinyin import Style, lazy_pinyin

from liveguard.rules.han import HAN
from liveguard.rules.homophone import split_syllable, syllable
from liveguard.rules.segmenter import words
from liveguard.rules.units import COUNT_UNITS, MEASURE_UNITS

CONFUSIONS_FILE = Path(__file__).with_name("sound_zh.yaml")
_PUA = 0xE000
_PUA_RANGE = "\\ue000-\\uf8ff"
_SOUND_CHAR = re.compile("[\ue000-\uf8ff]")
_CJK_RANGE_END = re.compile(r"\\u9fff|\\u9fa5|\\u9FFF|\\u9FA5")


@dataclass(frozen=True)
class Folds:
    """The confusion table: which initials, finals and whole syllables count as one sound."""

    initials: dict[str, str]
    finals: dict[str, str]
    syllables: dict[str, str]

    @classmethod
    def load(cls, path: Path = CONFUSIONS_FILE) -> Folds:
        raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(
            {str(k): str(v) for k, v in (raw.get("initials") or {}).items()},
            {str(k): str(v) for k, v in (raw.get("finals") or {}).items()},
            {str(k): str(v) for k, v in (raw.get("syllables") or {}).items()},
        )

    def fold(self, s: str) -> str:
        s = self.syllables.get(s, s)
        ini, fin = split_syllable(s)
        return self.initials.get(ini, ini) + self.finals.get(fin, fin)


@lru_cache(maxsize=1)
def folds() -> Folds:
    return Folds.load()


_codes: dict[str, str] = {}
_codes_lock = threading.Lock()


def _code(key: str) -> str:
    """The private-use character naming a folded syllable (assigned on first sight; the same
    key always gets the same character within a process, which is all matching needs)."""
    ch = _codes.get(key)
    if ch is None:
        with _codes_lock:
            ch = _codes.get(key) or _codes.setdefault(key, chr(_PUA + len(_codes)))
    return ch


@lru_cache(maxsize=65536)
def folded_syllable(ch: str) -> str:
    """A character's toneless pinyin (its most common reading) folded by the confusion table;
    anything that is not a Chinese character with a reading stays itself. A plain string, the
    same in every process (the learned part hashes it; ``sound_char`` names it by a code)."""
    if not HAN.match(ch):
        return ch
    s = syllable(ch)
    return folds().fold(s) if s != ch else ch


@lru_cache(maxsize=65536)
def sound_char(ch: str) -> str:
    """A transcript character in the sound form (its most common reading)."""
    folded = folded_syllable(ch)
    return _code(folded) if folded != ch else ch


@lru_cache(maxsize=8192)
def _run_codes(run: str) -> tuple[tuple[str, ...], ...]:
    """Codes of each character of a pattern's literal run: its usual reading and its reading
    in this word (长 alone is chang, in 长高 zhang); rare readings (可 as ge) are left out."""
    in_context = lazy_pinyin(run, style=Style.NORMAL)
    out: list[tuple[str, ...]] = []
    for ch, ctx in zip(run, in_context, strict=True):
        codes = [sound_char(ch)]
        if ctx != ch and _code(folds().fold(ctx)) not in codes:
            codes.append(_code(folds().fold(ctx)))
        out.append(tuple(codes))
    return tuple(out)


_NUMERALS = "零一二两三四五六七八九十百千万"
_COUNT_NUMERALS = _NUMERALS.replace("一", "")
"""一 starts too many ordinary words (一直, 一下, 一定) to mark a count."""
_NUMERAL_SYLLABLES = frozenset(syllable(c) for c in _NUMERALS)


@lru_cache(maxsize=1)
def _numeral_codes() -> str:
    return "".join(sorted({sound_char(c) for c in _NUMERALS}))


DIGIT_SOUNDS = {
    "0": ("ling",),
    "1": ("yi", "yao", "you"),
    "2": ("er", "liang"),
    "3": ("san",),
    "4": ("si",),
    "5": ("wu",),
    "6": ("liu",),
    "7": ("qi",),
    "8": ("ba",),
    "9": ("jiu",),
}
"""How each digit is said (1 also as yao, as in phone numbers). A recogniser writes a digit
where it hears one of these sounds: on the project's compliant and session clips 期 came back as
7 nine times, and 有/幼 as 1 (bench/audio_bench.py --confusions)."""


@lru_cache(maxsize=1)
def _digits_by_code() -> dict[str, str]:
    """Sound-form code → the digits said with that sound (七/期/起 → 7; 是 → 4, since shi and
    si fold together)."""
    out: dict[str, str] = {}
    for digit, sounds in DIGIT_SOUNDS.items():
        for s in sounds:
            code = _code(folds().fold(s))
            if digit not in out.get(code, ""):
                out[code] = out.get(code, "") + digit
    return out


def _with_digits(codes: tuple[str, ...]) -> str:
    """A character class (or one code) for a pattern's character: its sound codes, plus the
    digits a recogniser may write for that sound (期 heard as 7, 医 as 1)."""
    digits = "".join(dict.fromkeys(d for c in codes for d in _digits_by_code().get(c, "")))
    chars = "".join(codes) + digits
    return chars if len(chars) == 1 else "[" + chars + "]"


@lru_cache(maxsize=256)
def sound_text(text: str) -> str:
    """``text`` in the sound form (same length, so offsets carry over); remembered for the
    latest texts, since the matcher, the price reader and the claim checks each want it."""
    return "".join(sound_char(c) for c in text)


def is_sound(text: str) -> bool:
    return bool(_SOUND_CHAR.search(text))


def sound_pattern(pattern: str) -> str:
    """The regex ``pattern`` rewritten to run on the sound form of a text.

    Literal Chinese characters become their reading codes (a class when there are several);
    inside a character class each adds its codes; a class range ending at the CJK block's end
    also admits the private-use block. Escapes, groups, quantifiers and look-arounds pass through.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = 0
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            if pattern[i + 1] == "u" and i + 6 <= n:
                esc = pattern[i : i + 6]
                out.append(esc)
                if in_class and _CJK_RANGE_END.fullmatch(esc):
                    out.append(_PUA_RANGE)
                i += 6
                continue
            if pattern[i + 1] == "d":  # a digit may be heard as the numeral's syllable
                out.append(
                    "\\d" + _numeral_codes() if in_class else "[\\d" + _numeral_codes() + "]"
                )
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]" and i > class_start:
                in_class = False
                out.append(c)
            elif (
                i + 2 < n
                and pattern[i + 1] == "-"
                and pattern[i + 2] != "]"
                and (HAN.match(c) or HAN.match(pattern[i + 2]))
            ):
                # a range written as its characters (a YAML "\u4e00-\u9fff" arrives as 一-鿿):
                # kept, and the private-use block admitted, as for the escaped range. Its ends
                # read as syllables made a range between two codes whose order depends on which
                # syllables the process happened to see first.
                out.append(pattern[i : i + 3] + _PUA_RANGE)
                i += 3
                continue
            elif HAN.match(c):
                out.append(_with_digits((sound_char(c),)).strip("[]"))
            else:
                out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            class_start = i  # a "]" right here is a literal
            if i < n and pattern[i] == "]":
                out.append("]")
                i += 1
            continue
        if HAN.match(c):
            j = i
            while j < n and HAN.match(pattern[j]):
                j += 1
            for codes in _run_codes(pattern[i:j]):
                out.append(_with_digits(codes))
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


_GAP = re.compile(r"(?:\[\^(?:\\.|[^\]\\])*\]|\[\\u4e00-\\u9fff\]|\.)(?:\{\d*,\d*\}|[*+])\??")
"""A pattern's gap: any run of characters up to a stop (``[^，。]{0,6}``, ``[\\u4e00-\\u9fff]{0,3}?``),
what lets a rule's words stand apart (炎…好了)."""
GAP_GROUP = "_gap"


def mark_gaps(pattern: str) -> str:
    """``pattern`` with each gap in a named group (``_gap0``, ``_gap1``…), so a match can tell
    the characters heard as the rule's words from the ones the gap let through."""
    count = 0

    def wrap(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"(?P<{GAP_GROUP}{count - 1}>{m.group(0)})"

    return _GAP.sub(wrap, pattern)


def gap_spans(m: re.Match[str]) -> tuple[tuple[int, int], ...]:
    """The non-empty gaps of a match of a ``mark_gaps`` pattern."""
    return tuple(
        m.span(name)
        for name in m.re.groupindex
        if name.startswith(GAP_GROUP) and m.start(name) < m.end(name)
    )


class DualPattern:
    """A Chinese cue pattern that works on either form of a text: the characters as written,
    or the sound form (chosen by looking at the text), so context checks such as negation
    and questions keep working when the words around a claim were misheard too."""

    def __init__(
        self, pattern: str, flags: int = 0, *, single: str = "", shortest: int = 2
    ) -> None:
        self.chars = re.compile(pattern, flags)
        # one-character cues (不, 没, 吗) sound like too many ordinary words (补, 每, 马);
        # ``single`` names any that should be kept all the same (``shortest`` 1 keeps every
        # one). Cues that take a claim back ask for ``shortest`` 3: two-character ones are
        # everywhere in sound (假的 in 到家的, 不实 in 不是)
        words = [
            a
            for a in _top_level_alternatives(pattern)
            if not HAN.search(a) or _min_width(a, flags) >= shortest or a in single
        ]
        self.sound = re.compile(sound_pattern("|".join(words)) if words else "(?!)", flags)
        self.pattern = pattern

    def _for(self, text: str) -> re.Pattern[str]:
        return self.sound if is_sound(text) else self.chars

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        p = self._for(text)
        return p.search(text, pos) if endpos is None else p.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        p = self._for(text)
        return p.finditer(text, pos) if endpos is None else p.finditer(text, pos, endpos)

    def sub(self, repl: str, text: str) -> str:
        return self._for(text).sub(repl, text)

    def match(self, text: str) -> re.Match[str] | None:
        return self._for(text).match(text)


def _min_width(pattern: str, flags: int) -> int:
    """The fewest characters a match of ``pattern`` can have (the regex parser's own count)."""
    import re._parser as sre_parse  # type: ignore[import-not-found]  # stdlib parser, no stub

    return int(sre_parse.parse(pattern, flags).getwidth()[0])


def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at the ``|`` that are outside groups and classes."""
    parts: list[str] = []
    depth, in_class, start, i = 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def dual(pattern: str, flags: int = 0, *, single: str = "", shortest: int = 2) -> DualPattern:
    return DualPattern(pattern, flags, single=single, shortest=shortest)


REAL_WORD_FREQ = 100
"""A dictionary word at least this common inside a match is taken as said, not misheard
(一直 is not 医治); rarer ones are what a recogniser makes up (漫无 in 手漫无)."""
_DIGIT = re.compile(r"\d")
MIN_SOUND_CHARS = 3
"""A match found only in sound spans at least this many characters: two-character sound-alikes
are everywhere (小样/消炎, 最加/最佳, 果原/国宴: 9 of 11 two-character sound matches on the audio
benchmark were false), three-character ones are rare (2 of 28)."""


def common_word(text: str) -> bool:
    """Whether ``text`` is a common dictionary word (jieba frequency ``REAL_WORD_FREQ`` or
    more): written so, the speaker said it, not a sound-alike of something else."""
    jieba.dt.check_initialized()  # the dictionary loads on first segmentation
    return bool(jieba.dt.FREQ.get(text, 0) >= REAL_WORD_FREQ)


OUTSIDE_REAL_WORDS = 3
"""Characters heard as the rule's wording (outside its gaps) and outside the common words
inside it (再不抢救没了: 再不, 没了) needed to read it as the rule's wording all the same. When
the gaps counted too, three were too few (颜色太美了 as 炎…没了) and four let a gap carry the
rest (八到10个小时 as 疤…消失)."""
TYPED_WORD_CHARS = 3
"""How long a dictionary word inside a match in typed text must be to count as written."""


def _hides_a_numeral(word: str) -> bool:
    """A word that writes no numeral but sounds one (救生衣: jiu, yi): in typed text, a count
    heard inside it is the sound-alike matcher's invention, not the writer's."""
    return not any(c in _NUMERALS for c in word) and any(
        syllable(c) in _NUMERAL_SYLLABLES for c in word
    )


def _is_count_unit(span: str) -> bool:
    """Whether ``span`` ends in a count: a numeral or digit, then one character (its unit)."""
    return len(span) >= 2 and (span[-2].isdigit() or span[-2] in _COUNT_NUMERALS)


_QUANTITY_UNITS = COUNT_UNITS | MEASURE_UNITS
"""The units after a number that make it a quantity (3支, 120克)."""


def _in_number(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to the number written around it: a digit, or a point or
    comma with a digit on each side (4.5, 5,200)."""
    if text[i].isdigit():
        return True
    return (
        text[i] in ".,"
        and 0 < i < len(text) - 1
        and text[i - 1].isdigit()
        and text[i + 1].isdigit()
    )


def _splits_number(text: str, start: int, end: int) -> bool:
    """Whether a match starts or ends inside a run of digits, or starts on the unit of a
    count or a measure: a recogniser writes a number whole, so 4|8小时 is forty-eight hours, not
    疤…消失 heard in 8小时, the 支 of 3|支199 is the unit of three lipsticks, not 只, and the 克
    of 120|克1支 is a weight, not the 可 of 可以治. A decimal point or a thousands separator
    between digits is inside the number too (直近4|.5厘米 is a diameter of 4.5, not 治近视)."""
    cut_left = 0 < start < len(text) and text[start].isdigit() and _in_number(text, start - 1)
    cut_right = 0 < end < len(text) and text[end - 1].isdigit() and _in_number(text, end)
    unit = 0 < start < len(text) and text[start - 1].isdigit() and text[start] in _QUANTITY_UNITS
    return cut_left or cut_right or unit


def plausible_mishearing(
    text: str,
    start: int,
    end: int,
    alphabet: frozenset[str],
    vocabulary: frozenset[str],
    gaps: tuple[tuple[int, int], ...] = (),
    *,
    typed: bool = False,
) -> bool:
    """Whether a match found only in sound may be read as the rule's wording.

    The speaker must not have said a real, different word there: no dictionary word of the
    sentence's segmentation may cross the match's edge (跟|直播间), and a common one may lie
    inside it only when the rule itself writes it (一直, 有效期 and 跟着 stay what they are) or
    the rest of the match still sounds like the rule over at least ``OUTSIDE_REAL_WORDS``
    characters (再不抢救没了: 抢救 is a word, 再不…没了 carries the claim). And
    unless a number is involved (最后3套 heard as 最后3透), at least one character must be one
    the rule never writes: when all are the rule's own, two of its words merely sound alike
    (这款 / 折). ``gaps`` (``gap_spans``): a single syllable standing between them that belongs
    to a longer dictionary word was said as that word (直播间 is no 治…). ``typed``: nobody
    misheard the text, so a dictionary word of three characters or more inside the match is
    what was written, however rare (救生衣 in 救生衣放 is no 就剩一): a recogniser writes such
    words for what it misheard, a typist only for what they meant.
    """
    span = text[start:end]
    if len(span) < MIN_SOUND_CHARS:
        return False
    if _splits_number(text, start, end):
        return False
    if not _DIGIT.search(span) and not _respelled(span, alphabet):
        return False
    tokens = words(text)  # first: it loads jieba's dictionary, so FREQ is read after it
    freq = jieba.dt.FREQ
    heard_parts = _heard_parts(start, end, gaps)
    if gaps and any(
        _lone_syllable_said(text, s, tokens, freq, vocabulary) for s, e in heard_parts if e - s == 1
    ):
        return False
    if typed and gaps and _no_respelled_word(text, heard_parts, alphabet):
        return False
    # a gap is whatever the speaker said between the rule's words, so only the heard parts
    # can sound like the rule (八到10个小时 is 疤…消失 over three characters, not seven)
    heard = sum(e - s for s, e in heard_parts)
    pos = 0
    said = 0  # characters heard as the rule's inside common words the rule does not write
    for tok in tokens:
        s, e = pos, pos + len(tok)
        pos = e
        if e <= start:
            continue
        if s >= end:
            break
        if len(tok) < 2 or not freq.get(tok, 0):
            continue
        if s == end - 1 and e > end and _is_count_unit(span):
            continue  # 最后三项|目: a misheard unit merged with what follows (三箱了 heard 三项目)
        if s < start or e > end:
            # even a word the rule writes elsewhere: 已经|有一台 is 已经, not 仅有 (the scarcity
            # rule writes 已经 in 库存已经不多了)
            return False
        if tok in vocabulary:
            continue
        if typed and len(tok) >= TYPED_WORD_CHARS and _hides_a_numeral(tok):
            return False
        if tok[0] in _COUNT_NUMERALS:
            continue  # 三项, 两届: a count whose unit was misheard is still a count
        if common_word(tok):
            inside = sum(max(0, min(e, pe) - max(s, ps)) for ps, pe in heard_parts)
            said += inside
            if inside and heard - said < OUTSIDE_REAL_WORDS:
                return False
    return True


def _no_respelled_word(
    text: str, heard_parts: list[tuple[int, int]], alphabet: frozenset[str]
) -> bool:
    """Whether no stretch of two characters or more between gaps holds a character that differs
    from the rule's writing. A typist who hides a claim respells a word (祛斑 as 去班, 有效 as
    幼校); one syllable between gaps that merely shares a sound with the rule's (拔完今年就没了 for
    疤…没了), or the rule's own characters in another of its slots (转上几圈就好了: the rule writes
    转 in 好转, not where 症 stands), is what the typist meant. A recogniser does mishear one
    syllable, so this holds for typed text only."""
    return all(e - s == 1 for s, e in heard_parts if _respelled(text[s:e], alphabet))


def _respelled(chars: str, alphabet: frozenset[str]) -> bool:
    """Whether ``chars`` hold a Chinese character the rule never writes."""
    return any(c not in alphabet and HAN.match(c) for c in chars)


def _heard_parts(start: int, end: int, gaps: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The stretches of a match outside its gaps: what was heard as the rule's words."""
    parts: list[tuple[int, int]] = []
    pos = start
    for s, e in sorted(gaps):
        if s > pos:
            parts.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        parts.append((pos, end))
    return parts


_RESULT_COMPLEMENTS = frozenset("完空光")
"""Characters that follow a verb to tell its result (卖完, 搬空, 抢光): a lone syllable before one
was said as that verb."""


def _lone_syllable_said(
    text: str, at: int, tokens: Sequence[str], freq: dict[str, int], written: frozenset[str]
) -> bool:
    """Whether the one syllable heard at ``at`` between a pattern's gaps belongs to a
    dictionary word running into the gap: the speaker said that word (直播间 is no 治…, 饼干 no
    病…, 赠品 no 症…). A lone syllable has dozens of characters, so it is evidence only when
    nothing says otherwise; two or more heard in a row are left to the checks above."""
    if not HAN.match(text[at]) or text[at] in written:
        return False
    if text[at + 1 : at + 2] in _RESULT_COMPLEMENTS:
        return True  # 拔完, 搬空: a verb with its result, said as itself (not 疤…, 斑…)
    pos = 0
    for tok in tokens:
        s, e = pos, pos + len(tok)
        pos = e
        if s <= at < e:
            return len(tok) >= 2 and bool(freq.get(tok, 0))
    return False
