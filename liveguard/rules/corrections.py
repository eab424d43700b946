"""Recognising a host's on-the-spot correction (第三十一条) and what it corrects.

A correction is a cue ("更正一下", "刚才说错了", "以页面为准", "I misspoke", "go by the listing",
"不是…而是…") plus a target: an earlier, uncorrected finding of the same stream that the
utterance takes back, negates or replaces with a corrected price or stock figure. Cue words
alone correct nothing ("纠正一下坐姿" is not a correction), so the target is required.

Speech recognition garbles cue words as it garbles claims (更正 → 跟正, 以页面为准 → 一页面为准),
so Chinese cues are also found by their toneless pinyin, and a target is matched on the
syllables of its words rather than on characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict

from liveguard.rules.han import is_han
from liveguard.rules.homophone import syllable
from liveguard.rules.normalize import normalize
from liveguard.rules.soundalike import fuzzy_syllable

CorrectionKind = Literal["explicit", "corrected_value", "withdrawn"]

FALLBACK_S = 120.0
"""With a cue but no word in common, the correction is taken to mean the latest finding, if
it is at most this old (a host corrects what was just said)."""
MATCH_WINDOW_S = 1800.0
"""A correction that names the claim's own words may come this long after it."""
SIMILAR = 0.5
"""Share of a claim's syllable pairs a later utterance must repeat to be "the same claim"."""
CONTINUATION_S = 20.0
"""A corrected price or figure this soon after a correction of that kind of claim finishes
the correction ("刚才说错了" … "以页面为准，是九十九元" cut into two utterances)."""

_ZH_CUE_PHRASES = (
    "刚才说错了",
    "刚刚说错了",
    "我说错了",
    "说错了",
    "讲错了",
    "口误",
    "更正一下",
    "更正",
    "纠正一下",
    "纠正",
    "以页面为准",
    "以详情页为准",
    "以商品页为准",
    "以链接为准",
    "以页面价格为准",
    "收回刚才",
    "刚才那句不对",
    "刚才说的不对",
    "不对不对",
    "哦不对",
    "不该这么说",
    "不应该这么说",
    "不该那么说",
    "不应该那么说",
    "说得不对",
    "说法不对",
    # an own mistake or an overstatement owned (刚才说是头茬的，我搞错了; 我讲多了)
    "我搞错了",
    "我弄错了",
    "我记错了",
    "我说多了",
    "我讲多了",
    "说夸张了",
    "说过头了",
)
_ZH_CUE = re.compile(
    "|".join(sorted(map(re.escape, _ZH_CUE_PHRASES), key=len, reverse=True))
    + r"|不是[^，。,!！？?]{1,15}[，,]?\s?而是"
    # 说多了 as a clause of its own (上一场我说一根能烧一个小时，说多了，…), not "说多了你们不信" or
    # "俺不能多说，说多了不好", where it declines to say more
    + r"|(?:^|(?<=[，,\s]))(?:说|讲)多了(?=[，,。\s]|$)"
)
_ZH_SOUND_CUES = tuple(
    (p, tuple(fuzzy_syllable(syllable(c)) for c in p)) for p in _ZH_CUE_PHRASES if len(p) >= 3
)
"""Cue phrases of three or more syllables, as blurred pinyin (更正一下 ≈ 跟正一下)."""
_ZH_SOUND_CUES_BY_FIRST: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
"""The same, by first syllable (in their order), so a text is scanned once, not once per cue."""
for _cue in _ZH_SOUND_CUES:
    _ZH_SOUND_CUES_BY_FIRST.setdefault(_cue[1][0], []).append(_cue)
_EN_CUE = re.compile(
    r"\b(?:correction|correcting myself|let me correct (?:that|myself)|i mis-?spoke|"
    r"i made a mistake|my mistake|my bad|sorry,? i meant|i meant to say|scratch that|"
    r"(?:i|we) (?:want to |have to |need to |'?ll |'?m going to )?walk (?:that|it) back|"
    r"(?:i|we) can'?t (?:back (?:that|it) up|(?:support|substantiate|prove) (?:that|it))|"
    r"that was wrong|that'?s wrong|i was wrong|i take (?:that|it) back|"
    r"(?:that|it) (?:was|were) (?:daft|silly|stupid|careless|sloppy) of me|i got (?:that|it) wrong|"
    r"i (?:overstated|exaggerated|oversold|overdid) (?:it|that|things)|that was an exaggeration|"
    r"i (?:shouldn'?t|should not) have(?: said (?:that|it))?|(?:that|it) (?:was|is)n'?t (?:true|right|accurate)|"
    r"go by the (?:listing|product page|page|price on the page)|"
    r"the (?:listing|page) (?:price )?is (?:right|correct)|not [a-z$0-9 ]{1,20}, but)\b",
    re.IGNORECASE,
)
_ZH_NEG = re.compile(r"不能|不是|不会|没有|并不|不可以|不具有|无法")
_EN_NEG = re.compile(r"\b(?:not|no|never|doesn'?t|does not|isn'?t|can'?t|cannot|won'?t)\b", re.I)


@dataclass(frozen=True, slots=True)
class Cue:
    """Where a correction cue sits in the normalised text, and the words."""

    start: int
    end: int
    text: str


def find_cue(ntext: str, lang: str) -> Cue | None:
    """The first correction cue in normalised text, exact or (Chinese) by pinyin."""
    pattern = _ZH_CUE if lang == "zh" else _EN_CUE
    m = pattern.search(ntext)
    if m:
        return Cue(m.start(), m.end(), m.group(0))
    if lang == "zh":
        return _sounds_like_cue(ntext)
    return None


def _sounds_like_cue(ntext: str) -> Cue | None:
    """A cue phrase heard wrongly: same blurred syllables, at least one character in place."""
    sylls = [_blurred(c) for c in ntext]
    for i, first in enumerate(sylls):
        for phrase, key in _ZH_SOUND_CUES_BY_FIRST.get(first, ()):
            n = len(key)
            if tuple(sylls[i : i + n]) != key:
                continue
            heard = ntext[i : i + n]
            if any(a == b for a, b in zip(heard, phrase, strict=True)):
                return Cue(i, i + n, heard)
    return None


@lru_cache(maxsize=65536)
def _blurred(ch: str) -> str:
    return fuzzy_syllable(syllable(ch))


class FindingMemo(BaseModel):
    """An earlier finding the correction detector remembers (JSON in the stream checkpoint)."""

    model_config = ConfigDict(frozen=True)

    finding_id: str
    rule_id: str
    family: str
    utterance_id: str
    t: float
    text: str
    """The finding's matched words, normalised."""
    amount: Decimal | None = None
    """For price findings: the price said; for stock findings: the count said."""
    corrected_by: str = ""
    """Utterance id of the correction, once corrected."""
    corrected_t: float | None = None


def _keys(text: str, lang: str) -> set[str]:
    """Syllable pairs (Chinese) or content words (English): what "the same words" compares.

    Figures are left out: prices and counts are compared as numbers, and digits shared by
    chance ("399元" and "99元") would make unrelated claims look alike."""
    norm = normalize(text).text
    if lang == "zh":
        sylls = [syllable(c) for c in norm if is_han(c)]
        return {f"{a} {b}" for a, b in pairwise(sylls)}
    words = re.findall(r"[a-z]+", norm.lower())
    return {w for w in words if len(w) > 3}


def similarity(claim: str, later: str, lang: str) -> float:
    """Share of the claim's keys the later utterance repeats (0 when the claim has none)."""
    keys = _keys(claim, lang)
    if not keys:
        return 0.0
    return len(keys & _keys(later, lang)) / len(keys)


@dataclass(frozen=True, slots=True)
class Recognised:
    """A correction: what kind, the cue, and which remembered findings it corrects."""

    kind: CorrectionKind
    cue: Cue
    targets: tuple[FindingMemo, ...]
    value: Decimal | None = None


def recognise(
    ntext: str,
    lang: str,
    t: float,
    memos: Sequence[FindingMemo],
    *,
    price: Decimal | None = None,
    count: int | None = None,
) -> Recognised | None:
    """Is this utterance (normalised) a correction of one of ``memos``? ``price``/``count``
    are the current price and stock figure the utterance states, if any."""
    open_ = [m for m in memos if not m.corrected_by and t - m.t <= MATCH_WINDOW_S]
    just_fixed = [
        m
        for m in memos
        if m.corrected_by and m.corrected_t is not None and 0 <= t - m.corrected_t <= CONTINUATION_S
    ]
    if not open_ and not just_fixed:
        return None  # nothing to correct: no need to look for cue words
    cue = find_cue(ntext, lang)
    if not open_ or (cue is None and just_fixed):
        return _continuation(just_fixed, cue, price, count)
    if cue is None:
        return None
    value: Decimal | None = None
    kind: CorrectionKind = "explicit"
    target: FindingMemo | None = None
    scored = sorted(
        ((similarity(m.text, ntext, lang), m.t, m) for m in open_),
        key=lambda x: (x[0], x[1]),
        reverse=True,
    )
    if scored and scored[0][0] >= SIMILAR:
        target = scored[0][2]
    if target is None and just_fixed:
        # the corrected figure right after "刚才说错了" belongs to that correction
        follow = _continuation(just_fixed, cue, price, count)
        if follow is not None:
            return follow
    if target is None and price is not None:
        priced = [m for m in open_ if m.family == "price" and m.amount is not None]
        if priced:
            target, kind, value = priced[-1], "corrected_value", price
    if target is None and count is not None:
        counted = [m for m in open_ if m.family == "scarcity"]
        if counted:
            target, kind, value = counted[-1], "corrected_value", Decimal(count)
    if target is None and not cue.text.startswith(("不是", "not ")):
        recent = [m for m in open_ if t - m.t <= FALLBACK_S]
        if recent:
            target = recent[-1]
    if target is None:
        return None
    # a correction takes back the misstatement: every finding of that utterance and family
    same = tuple(
        m for m in open_ if m.utterance_id == target.utterance_id and m.family == target.family
    )
    if price is not None and target.family == "price":
        kind, value = "corrected_value", price
    elif value is None and (_ZH_NEG if lang == "zh" else _EN_NEG).search(ntext):
        kind = "withdrawn"
    return Recognised(kind, cue, same or (target,), value)


def _continuation(
    just_fixed: Sequence[FindingMemo], cue: Cue | None, price: Decimal | None, count: int | None
) -> Recognised | None:
    """The corrected figure of a correction that has just been started in the utterance before."""
    for family, value in (("price", price), ("scarcity", count)):
        if value is None:
            continue
        # saying the misspoken figure again is a repeat, not the corrected figure
        fixed = [m for m in just_fixed if m.family == family and m.amount != Decimal(value)]
        if fixed:
            last = fixed[-1]
            same = tuple(m for m in fixed if m.corrected_by == last.corrected_by)
            return Recognised("corrected_value", cue or Cue(0, 0, ""), same, Decimal(value))
    return None


def repeats(memo: FindingMemo, family: str, text: str, amount: Decimal | None, lang: str) -> bool:
    """Does a new finding say again what ``memo`` (a corrected claim) said?"""
    if memo.family != family:
        return False
    if amount is not None and memo.amount is not None:
        return amount == memo.amount
    return similarity(memo.text, text, lang) >= SIMILAR
