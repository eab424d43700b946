"""Context that turns a suspicious word into an ordinary one.

Word-list filters flag every 最 and every 第一; the SAMR 2023 guide (CN-ABS-2023) and plain
reading say that negated claims ("不能治疗"), talk about the rules ("广告法不让说最好"),
questions read out from viewers, comparisons within one's own range, usage tips, trademarks
and awards are not violations. Each exemption is a small function of the normalised text and
the match span, so it generalises to phrasings no example shows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from liveguard.rules.corrections import find_cue
from liveguard.rules.denials import general_denial
from liveguard.rules.soundform import MIN_SOUND_CHARS, DualPattern, dual, is_sound, sound_char
from liveguard.rules.units import COUNT_UNITS, MEASURE_UNITS, USE_UNITS

SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[。！？!?；;\n，,、：:]")
_EN_CLAUSE_END = re.compile(r"[.!?;\n,:]|\bbut\b|\bhowever\b", re.IGNORECASE)
_EN_SENTENCE_END = re.compile(r"[.!?;\n]")


CONTEXT_CHARS = 160
"""Context never reaches further than this from a match, so long inputs stay linear."""


def _bounds(text: str, start: int, end: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    left = max(0, start - CONTEXT_CHARS)
    for m in pattern.finditer(text, left, start):
        left = m.end()
    m2 = pattern.search(text, end, end + CONTEXT_CHARS)
    right = m2.start() if m2 else min(len(text), end + CONTEXT_CHARS)
    return left, right


def clause_bounds(text: str, start: int, end: int, lang: str) -> tuple[int, int]:
    return _bounds(text, start, end, CLAUSE_END if lang == "zh" else _EN_CLAUSE_END)


def sentence_bounds(text: str, start: int, end: int, lang: str) -> tuple[int, int]:
    bounds = _bounds(text, start, end, SENTENCE_END if lang == "zh" else _EN_SENTENCE_END)
    # a question mark ends the sentence it belongs to, so include it
    return bounds[0], min(len(text), bounds[1] + 1)


# --- negation ----------------------------------------------------------------------------
_ZH_NOT_NEGATION = dual(
    r"不管|不论|无论|不仅|不只|不光|不但|不用|不需要|无需|不再|不怕|非常|无数|没多久|不久|"
    r"不错|不少|不断|不停|无比|毫无疑问|不得不|不一样|没想到|不可思议|不然|要不|不过|"
    r"并非只|不止|没有之一|买不到|找不到|抢不到|看不到|想不到|比不了|比不过|少不了|"
    r"不上头|不油腻|不腻|不黏|不粘|不贵|不闷|不卡粉|不脱妆|不起球|不掉色|差不多|不多了?|不够了|"
    r"是不是|能不能|会不会|有没有|要不要|可不可以|对不对|行不行|好不好|难道不|"
    r"(?:还)?不到(?=\s?[\d一二三四五六七八九十两几半百千万])|不是(?=[^，。！？,!?]{1,8}[吗嘛])|"
    # 别 inside a word is no "don't" (别墅区十户里头有八户装的是我们家的 was read as denied)
    r"别墅|特别|区别|分别|差别|个别|别致|告别|级别|类别|性别|识别|鉴别|辨别|别针|别名|别处|别人|别家|别的|别样|"
    # 你别看 / 别瞧 opens a concession ("don't go by…"), it denies nothing (你别看外面租金写三千五，…四千五都不止)
    r"别看|别瞧"
)
_ZH_NEGATION = dual(
    r"不能|不可以|不可|不会|不得|不是|并非|并不|不具有|不具备|不具|没有|没|无法|不|非|未|别|勿|禁止|严禁|杜绝"
)
_ZH_NEGATED_CONDITION = dual(
    r"(?:不|没有?)(?![是能会可得要一敢必保])[^，。！？,!?\s]{1,4}?(?:就|才|以后|到时候)"
)
"""A plain 不 / 没 before a verb and then 就 / 才 / 以后: the negation is a condition or a time
("不够就当交个朋友", "现在不买以后想买都买不到", "没吃几天就好了"), and what follows it is said, not
denied. A transcript seldom has the comma that would part the two clauses. A negated copula or
modal (不是 / 不能 / 不会 / 不一定 / 不敢保证 … 就) still denies everything after it."""
_ZH_WITH = dual(r"(?:跟|和|与|同)[^，。！？,!?]{0,2}$")
_ZH_UNRELATED = dual(
    r"[^，。！？,!?了不也都没无]{0,3}?(?:的?事)?(?:都|也|完全|根本|一点)?"
    r"(?:不沾边|没关系|没有关系|无关|不搭边|扯不上|不相干|没什么关系)"
)
"""What the product has nothing to do with, named right before: the matched words, or them
and their object (跟治腿没关系, 与治疗疾病无关)."""
_EN_NEGATION = re.compile(
    r"\b(not|no|never|cannot|can't|don't|doesn't|isn't|won't|aren't|wasn't|without|nor)\b|n't\b|"
    r"\bnothing(?: \w+){0,2} is (?:meant|intended|designed) to\b",
    re.IGNORECASE,
)
_EN_NOT_NEGATION = re.compile(
    r"\bnot only\b|\bno wonder\b|\bno doubt\b|\bno more\b|"
    r"\b(isn'?t|aren'?t|doesn'?t|don'?t|wouldn'?t|didn'?t|won'?t) (this|that|it|these|those|you)\b|"
    r"\b(is|are|does|do|would|did|will|was) (this|that|it|these|those|you) not\b",
    re.IGNORECASE,
)
"""Negation words that assert: "not only", "no doubt", and a negative question asked to be
agreed with ("isn't this the last one?", "is that not the last two sets?")."""


_CLOSERS = "了过"
"""Aspect particles that end a negated verb's clause: 没货了, 从来没坏过 (a transcript often has no
comma after them, so what follows is a new claim, not the negation's)."""
_CLOSERS_SOUND = "".join(sound_char(c) for c in _CLOSERS)
_ZH_SAID_BEFORE = dual(r"(?:说|讲|提|承诺|宣传|保证|写|夸|吹|打包票)过")
"""A saying verb with 过 (没说过它能治病): what follows is what was not said, so that 过 closes
nothing."""
_ZH_WITH_SOUNDS = frozenset(sound_char(c) for c in "跟和与同")
"""A recogniser that runs 跟 into the word after it writes 根治 for 跟治: a match that begins
with the sound of "with" and is followed by "has nothing to do with" names what is unrelated."""


def _masked(pattern: DualPattern, text: str) -> str:
    """``text`` with every match of ``pattern`` blanked out, its length kept."""
    out = list(text)
    for m in pattern.finditer(text):
        out[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(out)


def _closed(after_negation: str, closers: str) -> bool:
    """Whether an aspect particle ends the negated clause before the match."""
    return any(c in after_negation for c in closers)


def negated(text: str, start: int, end: int, lang: str) -> bool:
    """A negation word shortly before the match, in the same clause, or a clause that denies
    the claim of everything at once (没有哪个产品能…, "nothing … is going to"); in Chinese also
    the match named as what the product has nothing to do with (跟治疗不沾边, 和药没关系)."""
    left, right = clause_bounds(text, start, end, lang)
    if general_denial(text, lang, left, right):
        return True
    if lang == "zh":
        if (
            _ZH_WITH.search(text[max(left, start - 3) : start])
            or sound_char(text[start]) in _ZH_WITH_SOUNDS
        ) and _ZH_UNRELATED.match(text[end:right].lstrip()):
            return True
        # masked with the rest of the clause in view: a word the match completes or the clause
        # closes (是不|是最好的 is 是不是; 不到|五百 is "under 500"; 这不是|白捡|吗 asks to agree)
        # negates nothing
        begin = max(left, start - 8)
        before = _masked(_ZH_NOT_NEGATION, text[begin:right])[: start - begin]
        # a 了 or 过 after the negation closes its clause even when no comma was heard
        # (没货了没货了最后这几单, 从来没坏过一辈子都用不坏: a transcript often has no punctuation)
        closers = _CLOSERS_SOUND if is_sound(before) else _CLOSERS
        after = text[start : start + 3]
        return any(
            not _closed(_ZH_SAID_BEFORE.sub("", before[m.end() :]), closers)
            and not _ZH_NEGATED_CONDITION.match(before[m.start() :] + after)
            for m in _ZH_NEGATION.finditer(before)
        )
    head = _en_list_head(text, start)
    if head is None:
        words = text[max(left, start - 40) : start].split()[-5:]
    else:  # the head clause's last words govern every item after them
        words = _head_window(text[head:start])
    window = " ".join(words)
    window = _EN_NOT_NEGATION.sub(" ", window)
    return bool(_EN_NEGATION.search(window))


_LIST_JOINS = frozenset({"", "or", "and", "nor"})
"""What may stand between a list's last comma and the item matched."""
_LIST_ITEM_WORDS = 2
"""Words a comma-separated piece may have and still be one item of a list."""


def _en_list_head(text: str, start: int) -> int | None:
    """Where the clause that heads a list begins, when the match is an item of that list: a
    negation before a list scopes over every item ("isn't meant to diagnose, treat, cure or
    prevent any disease"), though the commas cut the items into clauses of their own. The items
    are bare verbs or nouns of one or two words with no third-person "-s" ("soothes, heals" are
    claims of their own), and the head must be a real clause (more than an item's words), so a
    list of short items ("not greasy, smooth, cures acne") never lends its first "not" to the
    last. None when the match is no list item."""
    pieces = text[:start].split(",")
    if len(pieces) < 3 or pieces[-1].strip().lower() not in _LIST_JOINS:
        return None
    i = len(pieces) - 2
    while i > 0 and _list_item(pieces[i]):
        i -= 1
    if i == len(pieces) - 2 or len(pieces[i].split()) <= _LIST_ITEM_WORDS:
        return None
    return len(",".join(pieces[:i])) + (1 if i else 0)


def _list_item(piece: str) -> bool:
    words = piece.split()
    return (
        1 <= len(words) <= _LIST_ITEM_WORDS
        and not _EN_NEGATION.search(piece)  # "no sugar" is an item that negates only itself
        and not any(w.lower().endswith("s") and not w.lower().endswith("ss") for w in words)
    )


def _head_window(before: str) -> list[str]:
    """The head clause's last six words: its negation is the one that governs the list
    ("nothing here is meant to diagnose, treat, cure or prevent")."""
    return before.partition(",")[0].split()[-6:]


# --- talk about the rules, quotes of what not to say ---------------------------------------
_ZH_DISBELIEVE = r"别信|不要信|唔好信|咪信|莫信"
"""Telling viewers not to believe a claim, in Mandarin and dialect: one list for the talk about
the rules (``_ZH_META``) and the rejections (``_ZH_REJECTION``)."""
_ZH_META = dual(
    r"不能说|不让说|不可以说|不许说|不准说|不能讲|不让讲|不能用|不能叫|不能再说|不敢说|别说|不要说|"
    r"违禁词|极限词|敏感词|禁用词|广告法|绝对化用语|不能这么说|不能这样说|不能跟大家说|不允许说|屏蔽词|"
    r"说什么|骗人|忽悠|"
    + _ZH_DISBELIEVE
    + r"|不要相信|别相信|都是假的|那是假的|是假的|虚假宣传|话术|"
    r"的说法|这种说法|这种话|这些话|这个说法|是不可能的|是不存在的|"
    r"(?:我|我们|咱|咱们)(?:不会|可不会|不|从来不|从不|绝不|可不)(?:跟|给|和|对)?(?:你们?|大家|家人们)?(?:说|讲|吹|承诺|保证)"
    r"(?!别的|其他|其它|了|废话|虚的|假话|谎|大话|瞎话|实话|一句)"
)
_ZH_NOT_OURS = re.compile(r"不是(?:我|我们|咱|咱们|俺们?)(?:说|讲|报|发|统计)的")
# "not true?" closing a sentence asks to be agreed with ("…so basically half, not true?")
_EN_META = re.compile(
    r"\b(can't|cannot|can not|not allowed to|won't|we don't|never) (say|claim|call)\b(?! otherwise| the opposite)|"
    r"\b(i'?m|we'?re|i am|we are) not (saying|claiming|gonna (say|claim|repeat)|going to (say|claim|repeat))\b|"
    r"\b(correct|correcting) (that|this|it)\b|\b(we|i) (don'?t|do not|never) claim\b(?! otherwise| the opposite)|"
    r"\bbanned words?\b|\bnot allowed to say\b|\bwe're not allowed\b|\bregulations?\b|\bFTC\b|"
    r"\b(don'?t|do not|never) (trust|believe|fall for)\b|\b(ads|adverts|sellers|brands) (that|who) (promise|claim|say)\b|"
    r"\bbeware of\b|\bfalse advertising\b|\b(a|total|complete) (lie|scam)\b|\bnot true\b(?!\s*\?)|\bnonsense\b",
    re.IGNORECASE,
)
_ADVERSATIVE = dual(r"但是|但|可是|不过|然而|\bbut\b|\bhowever\b", re.IGNORECASE)
_GOES_ON = dual(r"反正|总之|我就说|我只说|只能说|我就这么说|我这么说吧|\banyway\b", re.IGNORECASE)
"""After declining to say one thing, the host goes on to say another ("进价多少我不能说，反正今天
这个数我们一分钱都没赚", "我不说它是最好的，我就说一句，用过的人没有一个回来退的"): what
follows is asserted, as after a "but". Only for talk before the claim: after it, these words
do not turn a rejection round."""
_NAMING_WORD = re.compile(r"说|讲|词|字|叫|say|word|call")
_QUOTED = re.compile(r"[“\"「『‘'《]([^”\"」』’'》]{1,20})[”\"」』’'》]")


_ZH_REPORTED_BEFORE = dual(r"(?:说的|讲的|提到的|写的|喊的|所谓的?)\s*[“\"「『]?$")
_ZH_EXPLAINED_AFTER = dual(
    r"^[”\"」』]?\s*[，,]?\s*(?:其实|只|就|主要)?(?:是指|指的是|的意思是|意思是|是说|说的是)"
)
_EN_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|say|mentioned|meant by|called it|calls it)\s*[\"'“]?$", re.IGNORECASE
)
_EN_EXPLAINED_AFTER = re.compile(
    r"^[^.!?;]{0,30}?\b(?:(?:she|he|they|i|we|it) (?:meant|means)|(?:that )?(?:means|refers? to|referring to|is about))\b",
    re.IGNORECASE,
)

_ZH_EXPLANATION_BEFORE = dual(
    r"(?:说的|讲的|提到的|所谓的?)[^。！？!?]{0,24}(?:是指|指的是|的意思是|意思是)"
)
_EN_EXPLANATION_BEFORE = re.compile(
    r"\b(?:said|say|says|mentioned)\b[^.!?]{0,40}\b(?:(?:she|he|they|i|we) meant|means|refers? to)\b",
    re.IGNORECASE,
)


def reported_claim(text: str, start: int, end: int, lang: str) -> bool:
    """A claim named in order to explain it ("主播说的最后三单是指…", "she said X, she meant Y").

    Both ends are required: someone's words are introduced right before the span AND an
    explanation of what they meant follows it, so a host simply saying "我说最后三单" still counts.
    """
    left, right = sentence_bounds(text, start, end, lang)
    before = text[max(left, start - 12) : start]
    after = text[end:right]
    if lang == "zh":
        if _ZH_EXPLANATION_BEFORE.search(text, left, start):
            return True  # the span is inside the explanation itself
        return bool(_ZH_REPORTED_BEFORE.search(before) and _ZH_EXPLAINED_AFTER.search(after))
    if _EN_EXPLANATION_BEFORE.search(text, left, start):
        return True
    return bool(_EN_REPORTED_BEFORE.search(before) and _EN_EXPLAINED_AFTER.search(after))


# Someone else's words introduced before the span: only then can talk *after* it reject it.
_ZH_OTHERS_SAY = re.compile(
    r"有人说|有人讲|别人说|人家说|别家说|网上说|外面说|他们说|有的(?:主播|商家|人)说|有些(?:主播|商家|人)说|"
    r"听说|号称|所谓|说什么|宣传说|吹|那些|这种|这些|什么|"
    # a rumour passed on (外面传我们卖了几百万单，那个数不是我们说的)
    r"(?:外面|外头|网上|圈里|同行|有人|都在)传|传言|传闻"
)
_EN_OTHERS_SAY = re.compile(
    r"\b(someone|somebody|people|folks|they|others|other (sellers|brands|hosts|streamers)|some "
    r"(sellers|brands|hosts|streamers|ads|people)|ads|you'?ll hear|i'?ve heard|claims? (that|like)|"
    r"(a |some |the )?(reviews?|comments?) (saying|says|said|that say))\b",
    re.IGNORECASE,
)
# A disclaimer tacked on after a claim ("…百分之百有效，符合广告法", "…不是忽悠大家",
# "…绝不是虚假宣传", "…真的不是话术", "…and that's FTC compliant") never cancels it.
_ZH_DISCLAIMER = re.compile(
    r"(?:不是|并不是|绝不是|绝对不是|可不是|真的不是|决不是|没有|没在|不算|不属于|不存在|不违反|符合|遵守|"
    r"合规|按照|根据|没违反|不违规|不怕|不|没)[^，。！？,!?]{0,4}$"
)
_EN_DISCLAIMER = re.compile(
    r"\b(not|no|never|isn'?t|ain'?t|compliant|complies|complying|within|per|follows?|approved by)"
    r"\b[^.!?]{0,14}$",
    re.IGNORECASE,
)


def turns_round(text: str, start: int, end: int) -> bool:
    """Whether a "but" (但是, 不过, however…) stands in ``text[start:end]``: what was said before
    it no longer governs what comes after."""
    return _ADVERSATIVE.search(text, start, end) is not None


def _rejects_after(text: str, left: int, start: int, end: int, m: re.Match[str], lang: str) -> bool:
    """Meta talk after the span rejects it only when it is someone else's claim being quoted
    ("有人说能治病，那是虚假宣传") or a word named as a word ("最后三单的话术"), and never when
    it is a disclaimer the host adds to their own claim."""
    if turns_round(text, end, m.start()):
        return False
    lead = text[max(end, m.start() - 16) : m.start()]
    if (_ZH_DISCLAIMER if lang == "zh" else _EN_DISCLAIMER).search(lead):
        return False
    others = _ZH_OTHERS_SAY if lang == "zh" else _EN_OTHERS_SAY
    if others.search(text, left, start):
        return True
    # the span named as a word: "最后三单的话术", "'best ever' claims"
    if lang == "zh":
        return bool(re.fullmatch(r"[”\"」』'\s]*的?", text[end : m.start()]))
    return bool(re.match(r"[\"'”\s]*(claims?|words?|lines?|talk)\b", text[end:], re.IGNORECASE))


# The host's own earlier words, named right before the span ("刚才我说的能治失眠", "earlier I
# said this was clinically proven"); a correction cue after it takes them back (第三十一条).
_ZH_OWN_EARLIER_LEAD = (
    r"(?:刚才|刚刚|之前|前面|上回|上次|上一场|早上|昨天)(?:我|主播|我们)?的?(?:同事|助理|小助理|搭档|副播|场控)?"
    r"(?:说|讲|提到|介绍)(?:过|了)?(?:的|说)?"
)
_EN_OWN_EARLIER_LEAD = (
    r"\b(?:(?:earlier|before|just now|a (?:minute|second|moment|while) ago|last (?:night|week|show|"
    r"time|stream)|yesterday)[, ]+(?:i|we|my co-?host|my (?:colleague|partner|assistant|producer)|(?:the|our) "
    r"(?:other host|co-?host|assistant|producer)) (?:said|told you|mentioned|called it|claimed)|(?:i|we) "
    r"(?:said|told you|mentioned|claimed|did (?:say|tell you|mention|claim)) (?:earlier|before)|"
    # the co-host corrected to their face: "hold on Jen, you just said it kills 99 % of germs"
    r"(?:you|she|he) just (?:said|told (?:them|everyone|people|us)|called it|claimed))\b"
)
_ZH_OWN_EARLIER = dual(_ZH_OWN_EARLIER_LEAD + r"[^，。！？,!?]{0,8}$")
_EN_OWN_EARLIER = re.compile(_EN_OWN_EARLIER_LEAD + r"[^.!?]{0,16}$", re.IGNORECASE)
_ZH_OWN_EARLIER_ANYWHERE = re.compile(_ZH_OWN_EARLIER_LEAD)
_EN_OWN_EARLIER_ANYWHERE = re.compile(_EN_OWN_EARLIER_LEAD, re.IGNORECASE)
RETRACTION_REACH = 40
"""Characters before the span within which the earlier-words lead must start, and after it
within which the correction cue must come."""


def retracted(text: str, start: int, end: int, lang: str) -> bool:
    """The host quotes their own earlier claim in order to take it back ("earlier I said this
    was clinically proven. That was wrong"): a correction, not a new claim. The same claim
    with no earlier-words lead ("clinically proven, I take that back") still counts."""
    left = max(0, start - RETRACTION_REACH)
    own = _ZH_OWN_EARLIER if lang == "zh" else _EN_OWN_EARLIER
    if not own.search(text[left:start]):
        return False
    return find_cue(text[end : end + RETRACTION_REACH], lang) is not None


VIEWER_BY_NAME = r"(?:老铁|朋友|粉丝|家人|姐妹|宝宝|网友|那位|这位)们?"
"""A viewer named by how a host addresses them (那位宝宝, 老铁们): with a speech verb after it,
someone else's words (here and in the learned heads' ``ctx_reported``)."""

# Someone else's claim named by who said it, for reading a whole line (``withdrawn``): narrower
# than ``_ZH_OTHERS_SAY`` / ``_EN_OTHERS_SAY``, which only look just before a rule's span.
_ZH_SAID_BY_OTHERS = dual(
    r"有人[^，。！？,!?]{0,4}?(?:说|讲|问)|别人说|人家说|别家说|网上说|外面说|他们说|有的(?:主播|商家|人|店)说|"
    r"(?:很多|好多|不少)人说|别的(?:直播间|主播|商家|店|家)(?:都|也)?说|"
    r"有些(?:主播|商家|人|店)说|听说|评论(?:区|里)?(?:有人)?说|谁(?:跟你|和你)?说|"
    + VIEWER_BY_NAME
    + r"[^，。！？,!?]{0,3}?(?:说|讲)|"
    r"哪(?:个|家|位)(?:主播|商家|店|人)?[^，。！？,!?]{0,3}?(?:跟你|和你|给你)?(?:说|讲)|"
    # no subject: "说这个枕头能治颈椎病的，都是瞎说" (those who say it), "说它一辈子不粘那都是
    # 吹的" (what is said, then "that is")
    r"(?:^|(?<=[，,。！？!?\s]))说(?=[^，。！？,!?]{2,20}(?:的[，,]?\s?(?:都是|那都|全是|那是|都)|"
    r"(?:那|这|呢个)(?:都|也|全)?(?:是|系)))",
    shortest=MIN_SOUND_CHARS,
)
_EN_SAID_BY_OTHERS = re.compile(
    r"\b(?:someone|somebody|people|others|other (?:sellers|brands|hosts|streamers|shops)|"
    r"some (?:sellers|brands|hosts|streamers|ads|people|reviews?|comments?)|(?:a |the )?(?:reviews?|"
    r"comments?) (?:saying|says|said|that say)|whoever (?:told|tells|said|says)|if (?:anyone|someone|"
    r"somebody|another [a-z]+|some other [a-z]+|other [a-z]+) (?:tells?|told|says?|said)|"
    r"(?:i'?ve|you'?ve|you may have|you might have) (?:heard|read|seen)|"
    # a review, post or video elsewhere, a named kind of person, a comment
    r"(?:a |the |some )?(?:reviews?|comments?|posts?|videos?|ads?)(?: (?:on|from) [\w' ]{1,25}?)? "
    r"(?:saying|says|said|that says?|claiming|claimed)|"
    r"(?:a |some )(?:reviewer|customer|viewer|commenter|follower)s? (?:called|calls|said|says|wrote|"
    r"writes|commented|posted|claimed)|(?:someone|somebody|people) (?:commented|posted|messaged)|"
    r"(?:saw|seen|watched) (?:a|the|some) (?:video|post|ad|tiktok|reel|clip)s? (?:saying|that says|"
    r"that said|claiming)|"
    r"(?:someone|somebody|a viewer|people)(?: in (?:the )?(?:chat|comments))? (?:called|calls|thought|"
    r"typed|types|wrote|keeps (?:typing|saying)|(?:is|are) saying)|anyone telling you)\b",
    re.IGNORECASE,
)
_ZH_REJECTION = dual(
    r"虚假宣传|骗人|忽悠|"
    + _ZH_DISBELIEVE
    + r"|是假的|假的|不是真的|不是我们|不是咱们|跟我们(?:没|无)关|是别家的|智商税|"
    r"不靠谱|不可能|(?:没|冇)(?:有|得)?(?:呢|这|那)回事|(?:没有|冇得|没得)的事|瞎说|乱说|乱讲|瞎讲|胡说|胡扯|瞎扯|乱扯|扯淡|(?:都|全)是吹的|"
    r"吹牛|瞎吹|乱吹|[治做办]不了|做不到|没(?:有)?这个?(?:功效|作用|效果)|"
    # "说法是不对的", not the question tag "对不对"
    r"(?<!对)不对(?!劲)|别传|别乱传|不实|纠正一下|更正一下|保证不了|打不了包票|不能这么(?:宣传|说|讲)|"
    r"不能这样(?:宣传|说|讲)|违法宣传|违规宣传|(?:那|这)(?:是|就是|都是|属于)违(?:法|规)|没有(?:科学)?依据|别扯|"
    r"(?:不|没|从不|从来不|从没)(?:这么|这样)宣传|不沾边|沾不上边|"
    # "这种话我不会说" / "这话我不敢讲": the claim just quoted, refused; "这话我不敢说，但是我舅舅
    # 喝了半年…" goes on to make it
    r"(?:这种|这个|这|那种|那)话[^，。！？,!?]{0,4}(?:不会|不敢|不能|没)(?:说|讲)"
    r"(?![^。！？!?]{0,4}(?:但|不过|可是|可))|(?:拿|看|要)[^，。！？,!?]{0,4}截图|是(?:灯光|滤镜|美颜)",
    shortest=MIN_SOUND_CHARS,
)
_EN_REJECTION = re.compile(
    r"\b(?:not true(?!\s*\?)|untrue|nonsense|false advertising|a (?:lie|scam|myth)|(?:don'?t|do not|never|"
    r"shouldn'?t|should not) (?:believe|trust|fall for)|(?:that|it|this) (?:wasn'?t|was not|isn'?t|is not|didn'?t come from|"
    r"did not come from) (?:us|me|from us|true|right|our)|ask (?:to see|for) (?:the|our|their) (?:inventory|proof|"
    r"receipts?|numbers|stock)|"
    r"(?:is|was|'s) from (?:another|a different|some other) (?:brand|seller|shop|store|company)|"
    r"(?:that|it|this)(?:'s| is| was) (?:false|wrong|misleading|made up|incorrect)|"
    r"not something (?:i|we)(?:'m| am|'re| are) (?:saying|claiming)|(?:we|i)(?:'ve| have) never (?:said|claimed)|"
    # the claim named, then denied of the product or its kind: "they don't cure anything",
    # "cleaning products don't treat asthma", "moisturisers don't treat eczema"
    r"(?:it|they|that|this|these|those|[a-z]+s) (?:doesn'?t|don'?t|does not|do not|can'?t|"
    r"cannot|won'?t|will not) (?:cure|treat|heal|fix|prevent|clear|regrow|reverse)\b|"
    r"(?:isn'?t|not) ours|(?:that|it|this)'s not (?:us|true|right|ours|from us)|no such thing|"
    r"(?:don'?t|do not) (?:share|spread|pass on|repeat) (?:it|that|this)|"
    r"(?:we|i) (?:never|don'?t|do not|didn'?t|did not) (?:say|said|claim|post|write)"
    r"(?! otherwise| different| anything else| the opposite)|"
    r"(?:not going to|not gonna|won'?t|will not) repeat (?:that|it|this|those)|"
    r"(?:i'?ve|we'?ve) never heard of (?:that|it|this|them)|(?:i|we) (?:didn'?t|did not)(?=[,.;!?]| and)|"
    # the claim denied of everything ("people say teak lasts forever, nothing lasts forever")
    r"nothing (?:lasts|stays|works|cures|fixes|is) (?:forever|for ever|overnight|perfect|100 ?(?:%|percent))|"
    r"nothing does(?=[,.;!?]| that\b))\b",
    re.IGNORECASE,
)


_ZH_REJECTION_NEGATED = dual(r"(?:不|没|绝不|可不|并不|唔|冇)(?:是|算|系)?$", shortest=1)
"""Kept whole in sound: 不 before 是骗人的 is what turns the rejection round."""
_EN_REJECTION_NEGATED = re.compile(r"\b(?:not|no|never|isn'?t|ain'?t|wasn'?t)\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=512)
def withdrawn(text: str, lang: str) -> tuple[int, int] | None:
    """Where a line names a claim only to take it back: the host's own earlier claim followed
    by a correction ("earlier I said it clears acne, I shouldn't have", "刚才我说三天祛斑，说错了"),
    or someone else's followed by a rejection ("whoever told you it regrows hair, that wasn't
    us", "有人说能治病，那是虚假宣传"). Returns (where the named claim starts, where the
    taking-back words end): a rule span inside the first part is exempt (``meta_talk``), and the
    learned detector, which has no span, checks that nothing after the second claims again
    (``ctx_disavowal``). A rejection said negated ("it's not a lie", "不是骗人的") affirms.
    Cached: ``meta_talk`` asks once for every rule span of the same line."""
    zh = lang == "zh"
    for m in (_ZH_OWN_EARLIER_ANYWHERE if zh else _EN_OWN_EARLIER_ANYWHERE).finditer(text):
        cue = find_cue(text[m.end() : m.end() + 2 * RETRACTION_REACH], lang)
        if cue is not None:
            return m.end(), m.end() + cue.end
        close = _CLAUSE_END.search(text, m.end() + 1)
        denial = None if zh or close is None else _EN_FLAT_DENIAL.match(text, close.end())
        if denial is not None:
            return m.end(), denial.end()
    cued = _cued_own_words(text, lang)
    if cued is not None:
        return cued
    said = (_ZH_SAID_BY_OTHERS if zh else _EN_SAID_BY_OTHERS).search(text)
    if said is None:
        return None
    rejection = rejected(text, said.end(), len(text), lang)
    return (said.end(), rejection) if rejection is not None else None


# The correction cue first, then the words it takes back ("I misspoke a second ago, I said it
# treats eczema, it doesn't", "抱歉刚才我说错了，我说只剩十件，其实后台还有一百多件"): "I said" /
# 我说 / 说成 after a cue quotes the slip; "I meant" / 我说的是 says the corrected claim and is no
# quote, and a bare 说 ("更正一下，说真的…") is a manner of speaking.
_ZH_SAID_AFTER_CUE = re.compile(
    r"(?:(?:我|主播)(?:刚才|刚刚)?|刚才|刚刚)(?:说|讲)(?:成了?|的|了)?(?!的?是)|(?:说|讲)成了?"
)
_EN_SAID_AFTER_CUE = re.compile(r"\b(?:i|we) (?:said|told you|called it|claimed)\b", re.IGNORECASE)
_ZH_CONTRADICTS = re.compile(r"其实|实际上|实际|不是|没有|不能|不会|并不|只是|就是")
_EN_CONTRADICTS = re.compile(
    r"\b(?:actually|really|in fact|not|no|doesn'?t|isn'?t|wasn'?t|don'?t|didn'?t|won'?t|can'?t|"
    r"never|only|just|wrong|false|incorrect|a mistake)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[，。！？,.!?;；]")
_EN_FLAT_DENIAL = re.compile(
    r"\s*(?:no,?\s*|but\s*)?(?:it|they|that|this|he|she) (?:doesn'?t|does not|don'?t|do not|won'?t|"
    r"will not|can'?t|cannot|isn'?t|is not|aren'?t|wasn'?t|hasn'?t|never did)\b(?=\s*[,.;!?]|\s*$)",
    re.IGNORECASE,
)
"""The quoted words flatly denied in the next clause ("you just said it kills 99 % of germs,
it doesn't, it's a descaler"): a denial that stops there, not "it doesn't just clean, it…"."""
CUE_TO_QUOTE = {"zh": 12, "en": 30}
"""Characters between a correction cue and the "I said" / 我说 that quotes the slip."""


def _cued_own_words(text: str, lang: str) -> tuple[int, int] | None:
    """(start, end) of the host's own slip quoted after a correction cue, when the words after
    it contradict it; the quote runs to the end of its clause."""
    zh = lang == "zh"
    cue = find_cue(text, lang)
    if cue is None:
        return None
    lead = (_ZH_SAID_AFTER_CUE if zh else _EN_SAID_AFTER_CUE).search(
        text, cue.end, cue.end + CUE_TO_QUOTE[lang]
    )
    if lead is None or lead.end() == len(text):
        return None
    close = _CLAUSE_END.search(text, lead.end() + 1)
    end = close.start() if close else len(text)
    after = text[end : end + 2 * RETRACTION_REACH]
    if not (_ZH_CONTRADICTS if zh else _EN_CONTRADICTS).search(after):
        return None
    return lead.end(), end + 1


def rejects(text: str, lang: str) -> bool:
    """Whether the line rejects a claim anywhere (``rejected`` over the whole line): the
    learned detector's ``ctx_reject`` and the rules' exemptions read the same words."""
    return rejected(text, 0, len(text), lang) is not None


def rejected(text: str, start: int, end: int, lang: str) -> int | None:
    """Where the first rejection of a claim in ``text[start:end]`` ends ("that's not true",
    "that wasn't us", 那是瞎说, 是别家的); one said negated ("it's not a lie", 不是骗人的)
    affirms and is passed over."""
    zh = lang == "zh"
    negated = _ZH_REJECTION_NEGATED if zh else _EN_REJECTION_NEGATED
    for m in (_ZH_REJECTION if zh else _EN_REJECTION).finditer(text, start, end):
        if not negated.search(text[max(0, m.start() - 8) : m.start()]):
            return m.end()
    return None


# Who said it: another's words reported (a viewer's question, what people say) and talk of the
# law beside a claim; with ``rejects`` (one list of rejection words for the rules and the heads)
# they make the heads' ``ctx_reject`` and tell the rules a question is read out, not asked.
ZH_REPORTED = re.compile(
    r"有人问|有宝宝问|有家人问|(?<![你们家侬]看)(?<![你们家侬]看看)(?:弹幕|评论区)|有人说|网上说|别人说|问我|问能不能|"
    r"(?:有|一个|好多|很多)(?:宝宝|家人|粉丝|姐妹|朋友|观众|顾客|买家)们?(?:留言|私信|评论|反馈)?[说问]|"
    r"(?:留言|私信)[说问]|" + VIEWER_BY_NAME + r"(?:在)?(?:说|问)"
)
EN_REPORTED = re.compile(
    r"\b(someone|somebody|people|viewers?|chat|comments?)(?:'s|'re| is| are)? (asked|asks|asking|says?|"
    r"said|saying|wants? to know)\b|"
    r"\b(question|asked)\b",
    re.IGNORECASE,
)
_ZH_LAW_TALK = re.compile(r"违法|违规|广告法")
_EN_LAW_TALK = re.compile(r"\b(illegal|scam|lying|be careful)\b", re.IGNORECASE)


def rejects_or_law_talk(text: str, lang: str) -> bool:
    """A rejection of a claim (``rejects``) or talk of the law beside one."""
    law = _ZH_LAW_TALK if lang == "zh" else _EN_LAW_TALK
    return rejects(text, lang) or bool(law.search(text))


def attributed(text: str, lang: str) -> bool:
    """Whether a line reports someone else's words or rejects a claim ("有人说能治病，那是虚假
    宣传", "someone asked if it's the last one"): a clause of it read alone would lose that."""
    reported = ZH_REPORTED if lang == "zh" else EN_REPORTED
    return bool(reported.search(text)) or rejects_or_law_talk(text, lang)


# A declined speech act ("I'm not going to stand here and tell you it's the best pan"): the
# claim is named only to be refused, in the same clause; "not going to lie" is an intensifier.
_EN_DECLINED = re.compile(
    r"\b(not going to|not gonna|won'?t|will not|wouldn'?t|can'?t|cannot|never) (stand here and |"
    r"sit here and )?(say|claim|tell you|promise|guarantee|pretend|call (?:it|this|that))\b[^.,;:!?]*$",
    re.IGNORECASE,
)


def taken_back(text: str, start: int, end: int, lang: str) -> bool:
    """The span lies in a claim the line names only to take back (``withdrawn``). On a
    transcript the engine also asks this of the sound form for every match: the rejection
    is often what was misheard (没有的事 as 没有的失, 治不了 as 汁不了) while the claim was
    heard right, and a claim quoted to be rejected is no claim however it was spelled."""
    span = withdrawn(text, lang)
    return span is not None and span[0] <= start and end <= span[1]


def meta_talk(text: str, start: int, end: int, lang: str) -> bool:
    """The host talks about what may not be said, quotes a word as a word, explains a claim,
    declines to make it, or takes back a claim of their own."""
    if reported_claim(text, start, end, lang) or retracted(text, start, end, lang):
        return True
    if taken_back(text, start, end, lang):
        return True
    if lang == "en" and _EN_DECLINED.search(text[max(0, start - 80) : start]):
        return True
    left, right = sentence_bounds(text, start, end, lang)
    pattern = _ZH_META if lang == "zh" else _EN_META
    disclaimer = _ZH_DISCLAIMER if lang == "zh" else _EN_DISCLAIMER
    for m in pattern.finditer(text, left, right):
        if m.end() <= start:
            # "我不忽悠大家，…" / "符合广告法的，…" is a disclaimer, not talk about the rules
            if disclaimer.search(text[max(left, m.start() - 8) : m.start()]):
                continue
            if not (turns_round(text, m.end(), start) or _GOES_ON.search(text, m.end(), start)):
                return True
        elif m.start() >= end and _rejects_after(text, left, start, end, m, lang):
            return True
    if lang == "zh":
        # disowned after someone else's words (外面传卖了几百万单，那个数不是我们说的); before the
        # claim, 这不是我说的 lends it to an authority instead
        for m in _ZH_NOT_OURS.finditer(text, end, right):
            if _rejects_after(text, left, start, end, m, lang):
                return True
    for q in _QUOTED.finditer(text, left, right):
        if q.start() <= start and end <= q.end():
            tail = text[q.end() : q.end() + 6]
            head = text[max(left, q.start() - 6) : q.start()]
            # named as a word, or quoted and then rejected ('the "doctor recommended" image is
            # from another brand', 那张"医生推荐"的图是别家的)
            if _NAMING_WORD.search(head + tail) or rejected(text, q.end(), right, lang) is not None:
                return True
    return False


# --- a viewer's words the host makes their own --------------------------------------------
# "Kayla says it fixed her tinnitus, there you go", "有宝宝说喝了血压就降了，对，就是这个效果":
# a report read out is no claim until the host endorses it, and then it is the host's. Owned
# here for the question exemption (which yields to it) and read by the learned heads' signals.
EN_ENDORSE = re.compile(
    r"\b(that'?s (exactly )?what (it|this|they|these|that|\w+) (does|do)|"
    r"that'?s (the |all the )?proof|(is|are) (the )?proof|proof (is there|it works)|"
    r"(she|he|they)'?(s|re)? (is |are )?(right|not wrong|spot on)|(she|he|they) would know|"
    r"knows? (his|her|their) stuff|i'?m not surprised|(system|method|course|program) working|"
    r"see,? (it|this) (is )?working|that'?s what happens|"
    r"consistent with what i see|what i keep saying|love to hear|exactly (right|it))\b",
    re.IGNORECASE,
)
ZH_ENDORSE = re.compile(
    r"就是这个效果|没错|说得对|说的对|就是这么(?:好|神|管用|有效|厉害)|这就是(?:效果|证明|实力)|"
    r"我就说吧|我没骗(?:你们|大家|人)|(?:真的|确实)(?:是)?(?:有效|管用)|效果(?:就是|就)?这么(?:好|明显)|"
    r"这就是我们(?:的|家)?(?:产品|东西)|大家看到了吧|看到没有?"
)
_ZH_SAYS_YES = re.compile(
    r"(?:^|(?<=[，,。！!\s]))(?:对|对的|对啊|对呀|是的|没毛病)(?=[，,。！!])"
    r"(?![，,。！!]\s*(?:但|不过|可是|不|没))"
)
_EN_SAYS_YES = re.compile(
    r"(?:^|(?<=[,.!;]\s))(?:yep|yes|yeah|exactly|true|correct|that'?s right)(?=[,.!;])"
    r"(?![,.!;]\s*(?:no|nope|nah|but|not)\b)|"
    r"\bthat'?s (?:the |your )?\w+ working\b|\bthere you go\b",
    re.IGNORECASE,
)
"""The host's bare yes to what was read out (评论里有人说眼镜店配一副要一千五，对，在我们这儿…;
"somebody says cartridges are expensive, yeah, at the drugstore…"), not one turned round at
once (对，但是…; "yeah, no"): a question exemption only, the heads' signal reads ``*_ENDORSE``."""


_ASKING = re.compile(r"问|想知道|好奇|\bask|question|wondering|wan(?:ts? to|na) know|curious", re.I)
"""A cue that reads out a question, not a statement: a bare yes after it (有宝宝问能不能治湿疹，
对，这个问题我统一回答…) is the host taking the floor, not agreeing."""


def endorsed(text: str, cue: re.Match[str], right: int, lang: str) -> bool:
    """Whether the host endorses what was read out after ``cue``: in the same sentence or the
    next ("Marion says her migraines stopped; that's consistent with what I see")."""
    stop = (SENTENCE_END if lang == "zh" else _EN_SENTENCE_END).search(text, right + 1)
    reach = stop.start() if stop else min(len(text), right + CONTEXT_CHARS)
    endorse, says_yes = (ZH_ENDORSE, _ZH_SAYS_YES) if lang == "zh" else (EN_ENDORSE, _EN_SAYS_YES)
    if endorse.search(text, cue.end(), reach):
        return True
    return not _ASKING.search(cue.group()) and bool(says_yes.search(text, cue.end(), reach))


# --- questions --------------------------------------------------------------------------
_ZH_QUESTION = dual(
    r"(吗|么|嘛)\s*[?？]?$|[?？]$|是不是|能不能|会不会|有没有|可不可以|行不行|对不对|真的假的"
)
# The words that make a Chinese clause a question wherever they stand, for tests that cannot
# rely on the clause's end (unpunctuated speech): 么 counts only as a particle, not inside
# 什么 / 怎么 / 这么 / 那么 / 多么 / 要么, which are question words at most and often not
# ("下一批什么时候到说不好", "这么好用").
_ZH_ME_PARTICLE = r"(?<![什怎这那多要])么"
ZH_QUESTION_WORDS = re.compile(r"[?？]|是不是|是否|吗|" + _ZH_ME_PARTICLE)
_ZH_ASKED = dual(
    r"(?<!去)(?<!挨家)(?<!挨个)(?<!一家)(?<!一个)(?<!随便)(?<!到处)(?<!去[^，。！？,!?])(?<!去[^，。！？,!?]{2})(?<!去[^，。！？,!?]{3})(?<!我)(?<!俺)(?<!我刚)(?<!我就)(?<!我也)(?<!我们)(?<!我刚刚)(?<!我专门)(?<!我特意)(?<!我特地)(?<!我都)(?<!我去)问(?![出到遍问题])(?!(?:我|我们|俺)(?:要|拿|买|订)(?!不))|(?<![你们家侬]看)(?<![你们家侬]看看)(?<!翻)(?<!翻翻)(?:弹幕|评论区|留言)|有人说|有宝宝说|"
    r"网友说|想知道|好奇"
)
"""Who asked (问题 is a problem, not a question: 它测出来的心脏问题比医院做的心电图还准): not the
host sending viewers off to ask elsewhere (您挨家去问，能问出比68还低的… is a challenge about the
price, not a question read out; so is 你去城里问问, with 去 up to three characters before and
问问 read once), nor the host calling round (一家一家问过去) or asking
for themselves (我问了一下品牌，开学之前就这一批货了; 我刚问了助理…就剩十九瓶: what the host learned is
the host's claim), nor asking the host for the goods (好几家店的老板都问我要这个, 茶楼老板问我拿货:
demand told; 问我要不要… still asks), nor pointing
them at the comments as proof (你看评论区，一直有人在报…剩下的位置不多了; 你翻翻评论区，几万条好评…: nothing
is read out); the host looking at them (我看看弹幕，"…能降血脂吗") is about to read one out."""
# An answer that follows a read-out question asserts again ("有宝宝问能不能治湿疹，我告诉大家，
# 它能根治湿疹"): the question exemption stops at the answer.
_ZH_ANSWER = dual(
    r"告诉(?:大家|你们|你|各位|宝宝们?|姐妹们?|家人们)|答案是|(?:我的)?回答是|"
    r"当然(?:能|可以|会|是|有)|肯定(?:能|可以|会|是|有)(?![吗么])"
)
# A question read out with a question word and no particle ends at its first clause break:
# "有人问为什么这么便宜，今天是品牌方自己贴钱在卖" / "有老铁问这台能用多久，我们家卖出去的…".
_ZH_WH_ASKED_END = re.compile(
    r"(?:为什么|为啥|什么|啥|怎么|怎样|多久|多少|多大|多长|几[个天次年岁号点件盒瓶]|哪|区别|"
    r"(.)[不没]\1)[^，,。.！!?？；;]*[，,]"
)
_ZH_QUESTION_END = re.compile(
    r"(?:(?:吗|"
    + _ZH_ME_PARTICLE
    + r"|嘛|呢)\s*[?？]?|[?？])\s*(?=[，,。.！!]|[?？]|$)[，,。.！!?？]*"
)
"""Where a question read out ends: its particle or question mark before a clause break."""
_EN_QUESTION = re.compile(r"\?\s*$")
_EN_TO_DO = r"(?!(?: (?:me|us|him|her|them))? to (?!know\b)[a-z])"
"""Not followed by "to" and a verb (asks me to hold one, asked to buy everything): a request
told, not a question; "asked to know" still asks."""
_EN_ASKS_A_PRICE = (
    r"(?!\s+(?:you |me |us )?(?:about |around |like |almost |nearly |over |a )?(?:\$|£|€)?\d)"
)
"""Not asking a price ("in the shops they ask ninety-five euro for this box", "they're asking 40
for it"): a seller's price told, no question read out."""
_EN_ASKED = re.compile(
    # not the host sending viewers off to check ("ask any raw bar in Richmond, there ain't an
    # oyster on the coast that eats like ours"): a dare about the claim, no question read out
    r"\b(asks" + _EN_TO_DO + _EN_ASKS_A_PRICE + "|"
    r"ask(?! (?:any|anyone|anybody|around|every|everyone|everybody)\b)" + _EN_ASKS_A_PRICE + "|"
    # asked to do something is a request told ("two stores already asked to buy everything we've
    # got"), no question read out
    r"asked" + _EN_TO_DO + "|"
    # asking after / for it is demand told ("a lot of folk asking after the June one"), no
    # question read out
    r"asking(?! (?:after|for (?:it|this|that|them|these|those|one|more))\b)"
    + _EN_ASKS_A_PRICE
    + "|"
    r"question|wondering|comments?|in the chat|chat says|wants? to know|"
    r"wanna know|curious (whether|if))\b|"
    r"\b(someone|somebody|viewers?|a viewer) (in the (chat|comments) )?(says?|said|saying)\b",
    re.IGNORECASE,
)

# A question read out in the asker's words, indirect or direct, ends at its first clause break:
# "every sponsored skater has asked me where I got these, they're the best wheels on the
# market" — what follows is the host's own claim, as in Chinese (``_ZH_WH_ASKED_END``).
_EN_ASKED_END = re.compile(
    r"\s*(?:(?:me|us|him|her|them|you|again|too|earlier|already)\b\s*)*[,:]?\s*[\"'“‘]?"
    r"(?:where|what|why|how|when|which|who|whether|if|will|does|do|did|can|could|would|is|are|"
    r"should|has|have)\b[^,.;!?…—]*[,.;!?…—]",
    re.IGNORECASE,
)
_EN_ANSWER_NO = re.compile(
    r"\s*(?:well,?\s*|honestly,?\s*|so,?\s*)?(?:no|nope|nah|not|nothing|never)\b", re.I
)
"""An answer that starts by saying no denies what was asked: "someone asked if it prevents
the flu, no, nothing I sell prevents the flu" stays a question answered, not a claim."""

# A viewer's question read out after their name, with no question mark: "Ben says will it clear
# up my acne, honestly, I can't promise that". The inverted auxiliary marks the question; it runs
# to the next clause break or the host's answer ("no", "honestly"), and only a match inside it
# is the viewer's (what the host says after is the host's own).
_EN_SAYS_QUESTION = re.compile(
    r"\b(?:says|said|writes|wrote|typed|types|goes)\s*[,:]?\s*[\"'“‘]?"
    r"(?:will|does|do|did|can|could|would|is|are|should|has|have)\s+"
    r"(?:it|this|that|these|those|they|i|my|you|the|we|there|he|she)\b"
    r"(?:(?!\s(?:no|nope|yes|yeah|honestly|well)\b)[^,.;!?…—\"”’])*",
    re.IGNORECASE,
)

# A host's rhetorical question is a claim in question form ("是不是只剩最后三件了？",
# "难道不是全网最低吗", "isn't this the best price you've ever seen?").
_ZH_RHETORICAL = re.compile(
    r"是不是[^，。！？,?]{0,20}了|对不对|是吧|是不是啊|难道|谁不|哪里还|哪儿还|上哪|去哪(?:里|儿)?找|"
    r"还等什么|还犹豫什么|还不[^，。！？,?]{0,8}(?:吗|么|嘛)|不是[^，。！？,?]{0,16}吗|能不[^，。！？,?]{0,8}吗|"
    # which one of them does not… (哪个大卖最后不是回到我们这里的？): every one does
    r"(?:哪个|哪家|哪一家|谁)[^，。！？,?]{0,14}不是[^，。！？,?]{0,16}的"
)
_ZH_EMBEDDED = dual(
    r"还(?:能不能|有没有|在不在|是不是|来不来)[^。！？!?]*?(?:不敢(?:跟[^，。！？,!?]{1,4})?(?:保证|打包票)|"
    r"(?:讲|说)不准|真讲不好)"
)
"""A question only embedded, then no promise (过了元旦还能不能给你们出箱子，我也不敢打包票): a
statement that supply may end, not a question. A cue pattern, so it holds in sound too."""
_EN_RHETORICAL = re.compile(
    r"^\W*(isn'?t|aren'?t|doesn'?t|don'?t|wouldn'?t|won'?t|didn'?t|can you believe|who (else|wouldn'?t)|"
    r"where else|what are you waiting for|how (crazy|amazing|insane))\b|,\s*(right|isn'?t it|no|huh)\s*\?\s*$",
    re.IGNORECASE,
)


# A push to buy right after a question makes it the host's own, rhetorical one ("did we just
# sell out the large? grab it", "是不是快没了？赶紧拍").
_ZH_PUSH = re.compile(
    r"赶紧|赶快|快[拍抢下冲去买]|抓紧|冲[啊鸭呀]?(?:$|[，。！!,])|拍它|上车|手慢无"
)
_EN_PUSH = re.compile(
    r"\b(?:grab (?:it|one|yours|them)|hurry|get (?:it|yours|in there)|add (?:it )?to (?:your )?cart|"
    r"check ?out now|don'?t wait|go go|move fast)\b",
    re.IGNORECASE,
)


# The question mark asks only the clause it ends: a claim said in an earlier clause of the same
# sentence is asserted ("商场专柜同款标两千多，到我这儿四百六，您说这差哪儿了？", "in London it's
# 110 pounds, here 45, where's the catch?"), unless the words before it ask too.
# Only commas and semicolons part the clauses here, not ``CLAUSE_END``'s 、 and ：, which list
# what one question asks about ("能治湿疹、牛皮癣吗？" asks of both).
_ZH_CLAUSE_BREAK = re.compile(r"[，,；;]")
_ZH_ASKS = re.compile(ZH_QUESTION_WORDS.pattern + r"|(.)[不没]\1|多少|什么|为什么|为啥|怎么|哪")
_EN_CLAUSE_BREAK = re.compile(r"[,;:]")
_EN_ASKS = re.compile(
    r"(?:^|[,;:])\s*(?:do|does|did|is|are|was|were|will|would|can|could|should|has|have|"
    r"what|why|how|where|when|which|who|whether)\b|\bor not\b",
    re.IGNORECASE,
)


_ZH_ASKED_CLAUSE_END = re.compile(r"[，,；;。！!？?]")
"""Where a clause read out after a bare 问， ends: not ``CLAUSE_END``'s 、 and ：, which list what
one question asks, nor ``_CLAUSE_END``'s ".", a decimal point in 9.9元."""
_ZH_BARE_ASK = re.compile(r"\s*[，,：:]")


def _bare_asked_end(text: str, cue_end: int, right: int) -> int:
    """Where what a bare "问，" asks ends. "好多人在问，后台单子来得太快了，…再等一下真的没得了" says
    people are asking and talks on: the question read out after a bare 问 is its next clause and
    any further clause worded as a question (有人问，能不能治湿疹，能不能去痘); a claim past them is
    the host's own. A cue with its question in the same clause (有人问能不能…) asks to ``right``."""
    bare = _ZH_BARE_ASK.match(text, cue_end)
    if bare is None:
        return right
    pos = bare.end()
    first = True
    while pos < right:
        brk = _ZH_ASKED_CLAUSE_END.search(text, pos, right)
        clause_end = brk.end() if brk else right
        clause = text[pos:clause_end]
        if not first and not (
            _ZH_ASKS.search(clause) or _ZH_QUESTION.search(clause.rstrip("，,；;"))
        ):
            return pos
        first = False
        pos = clause_end
    return right


def _asserted_before_question(text: str, left: int, end: int, right: int, lang: str) -> bool:
    """Whether the match ends a clause that the sentence's question does not ask: another
    clause follows it in the sentence and nothing from the sentence start to that clause's end
    is worded as a question."""
    brk = (_ZH_CLAUSE_BREAK if lang == "zh" else _EN_CLAUSE_BREAK).search(text, end, right)
    if brk is None or not text[brk.end() : right].strip(" ,，;；:?？"):
        return False
    head = text[left : brk.start()]
    asks = _ZH_ASKS if lang == "zh" else _EN_ASKS
    return not asks.search(head)


def question(text: str, start: int, end: int, lang: str) -> bool:
    """A question (often a viewer's, read out) asserts nothing; a host's rhetorical one does,
    and so does one the host follows with a push to buy."""
    left, right = sentence_bounds(text, start, end, lang)
    if (_ZH_PUSH if lang == "zh" else _EN_PUSH).search(text, right):
        return False
    if lang == "zh":
        for answer in _ZH_ANSWER.finditer(text, left, start):
            left = answer.end()
        # the question read out ends at its particle: what follows is the host's answer
        # ("大熊问明天还是这个价吗，明天肯定不是了，今晚十二点一过就恢复399")
        for asked_end in _ZH_QUESTION_END.finditer(text, left, start):
            left = asked_end.end()
        cue = _ZH_ASKED.search(text, left, start)
        if cue is not None:
            asked = _ZH_WH_ASKED_END.search(text, cue.end(), start)
            if asked is not None:  # the question ends before the match: is there another?
                left = asked.end()
                cue = _ZH_ASKED.search(text, left, start)
        while cue is not None and (said_to := _bare_asked_end(text, cue.end(), right)) <= start:
            left = said_to  # 好多人在问，…: the host talks on after what was asked
            cue = _ZH_ASKED.search(text, left, start)
        if cue is not None:
            return not endorsed(text, cue, right, lang)
        sentence = text[left:right].strip()
        return (
            bool(_ZH_QUESTION.search(sentence))
            and not _ZH_RHETORICAL.search(sentence)
            and not _ZH_EMBEDDED.search(sentence)
            and not _asserted_before_question(text, left, end, right, lang)
        )
    cue = _EN_ASKED.search(text, left, start)
    while cue is not None:
        asked = _EN_ASKED_END.match(text, cue.end(), start)
        if asked is None or _EN_ANSWER_NO.match(text, asked.end()):
            return not endorsed(text, cue, right, lang)
        left = asked.end()  # the host speaks after the question: is another read out?
        cue = _EN_ASKED.search(text, left, start)
    sentence = text[left:right].strip()
    if any(
        q.start() <= start and end <= q.end() for q in _EN_SAYS_QUESTION.finditer(text, left, right)
    ):
        return True
    return (
        bool(_EN_QUESTION.search(sentence))
        and not _EN_RHETORICAL.search(sentence)
        and not _asserted_before_question(text, left, end, right, lang)
    )


# --- self-comparison ------------------------------------------------------------------------
_ZH_SELF = dual(
    r"我们家|我家|咱家|咱们家|本店|店里|自家|我们店|我们品牌|我们这个系列|这个系列|全系列|"
    r"这几款|这几个|几款里|几个里|系列里|所有款|色号里|颜色里|直播间里|今天这几|这么多款|"
    r"我们直播间|本直播间|这个直播间|今天直播间"
)
"""The host's own range, named before the comparison it bounds (我们家卖得最好的一款); after the
claim, 我家 is mostly an object (哪个饭店的大厨不晓得我家)."""
_ZH_SELF_SHOP = frozenset({"我们家", "我家", "咱家", "咱们家", "本店", "店里", "自家", "我们店"})
"""Own-range words that, followed by 的, name whose goods are meant (咱家的蜂蜜是最纯的): a
verdict on the goods against the market, unless the sentence picks among the host's own goods
(``_ZH_AMONG``)."""
_ZH_SELF_SHOP_SOUND = frozenset("".join(sound_char(c) for c in w) for w in _ZH_SELF_SHOP)
_ZH_AMONG = dual(
    r"里|当中|之中|其中|一款|哪款|哪个|几款|这款|所有|系列|卖得|销量|款式|产品中", single="里"
)
"""A choice among the host's own goods: 我们家的产品里这款最好用, 我家的几款卖得最好的是…"""
_ZH_SELF_VERSION = dual(r"比上一代|比老款|比旧款|比之前|比以前|比原来|上一代|老款|升级")
"""An earlier version of the goods themselves, before or after the claim (续航最强，比上一代…)."""
_ZH_WIDE = dual(
    r"全网|全国|全球|世界|行业|业内|业界|圈内|市面上|同类|天下|中国|国内|史上|所有品牌|别家|其他品牌|"
    r"全(?:城|市|省|县|镇|村|乡|区|州)|满城|方圆[^，。！？,!?]{0,4}里|这一带|"
    r"(?:都|全都|个个|人人|谁都)(?:说|讲|夸|认)|公认|出了名"
)
"""Beyond the host's own range: the market, or a town or region named as the field (老武汉都说是
全城最香的), or the public's verdict (妈妈们都讲我们家拍得最有灵气): the host's goods are then
measured against everyone else's."""
_EN_SELF = re.compile(
    r"\b(in|of|from|at|across|among|within) (all )?(our|my|this|the) (own )?(store|shop|stall|"
    r"range|line|collection|lineup|products|catalog(ue)?|menu|channel|selection|shades|"
    r"colou?rs|flavou?rs|scents|sizes|models|items|blends)\b|"
    r"\b(our|my|this) (own )?(store|shop|stall|channel)'s\b|\b(our|my) (own )?(range|line|collection|lineup)\b|"
    r"\bwe've ever\b|\bwe have ever\b|\bprevious (version|model|formula)\b|\bthan (our|the) (old|last|previous|original)\b",
    re.IGNORECASE,
)
"""The host's own range named as one (in our shop, of my range, our lineup) or an earlier
version. A bare "our" is no range: "our tea is the number one" names whose tea is ranked."""
_EN_WIDE = re.compile(
    r"\b(world|anywhere|market|industry|in america|on the planet|any brand|other brands?|"
    r"(in|of) (the )?(whole|all) of (?!(our|my|this|these|those|it|them)\b)|(the )?(whole|entire) (country|city|town|state|province|"
    r"region|island|county|district|nation|area)|nationwide|countrywide|statewide|citywide)\b",
    re.IGNORECASE,
)


_ZH_TRACK_RECORD = dual(
    r"(?<![\d.])(?:\d{1,2}|[一二两三四五六七八九十几]{1,3})多?年(?![级份货前后底初])|多年|"
    r"(?:\d|[一二两三四五几])代(?!言|购|替|理|表)|一辈子|老字号"
)
"""Years in the trade (我们店卖了十几年空调, 我家做了三代): a clause that tells them names the
host's standing, not a range, so a claim in a later clause is the host's verdict on the market.
A calendar year (我们家2024年的新款里) is a date, not years."""


def _names_whose_goods(text: str, own: re.Match[str], scope: str) -> bool:
    """Whether an own-range word is a possessive of the goods (咱家的蜂蜜) rather than a range."""
    sound = is_sound(text)
    shop = _ZH_SELF_SHOP_SOUND if sound else _ZH_SELF_SHOP
    de = sound_char("的") if sound else "的"
    return (
        own.group() in shop
        and text[own.end() : own.end() + 1] == de
        and not _ZH_AMONG.search(scope)
    )


def self_comparison(text: str, start: int, end: int, lang: str) -> bool:
    """Comparing with one's own range or older versions is allowed (CN-ABS-2023)."""
    left, right = sentence_bounds(text, start, end, lang)
    scope = text[left:right]
    if lang == "zh":
        claim_clause = clause_bounds(text, start, end, lang)[0]
        own = any(
            (
                m.end() > claim_clause
                or not _ZH_TRACK_RECORD.search(text, *clause_bounds(text, m.start(), m.end(), lang))
            )
            and not _names_whose_goods(text, m, scope)
            for m in _ZH_SELF.finditer(text, left, end)
        )
        own = own or bool(_ZH_SELF_VERSION.search(scope))
        return own and not _ZH_WIDE.search(scope)
    return bool(_EN_SELF.search(scope)) and not _EN_WIDE.search(scope)


# --- trademarks, awards, verifiable facts ----------------------------------------------------
_ZH_TRADEMARK_AFTER = dual(
    r"^[\u4e00-\u9fff]{0,3}(?<!品)(?<!的)牌(?!子)|^[^，。！？,.!?]{0,6}[®™]|^[^，。]{0,4}(?<!的)(商标|牌子)"
)
"""A name follows: 最好牌, 第一商标; not a brand the claim describes (医生都在用的牌子, 央视都报道过
的牌子, 最好的牌子), where 的 makes the claim a clause about it."""
_ZH_TRADEMARK_BEFORE = dual(
    r"(品牌名|牌子叫|店名|商标|名字叫|叫做|名叫|品名|产品名)[^，。！？,.!?]{0,8}$"
)
_EN_TRADEMARK_AFTER = re.compile(r"^[^,.!?]{0,12}[®™]|^\s*(brand|®|™)\b", re.IGNORECASE)
_EN_TRADEMARK_BEFORE = re.compile(
    r"(brand name|trademark|called|named)\s+[\w\s\"']{0,15}$", re.IGNORECASE
)


def trademark(text: str, start: int, end: int, lang: str) -> bool:
    """The word is part of a name (…牌, ®, 商标叫…), not a claim about the product."""
    after = text[end : end + 12]
    before = text[max(0, start - 16) : start]
    if lang == "zh":
        return bool(_ZH_TRADEMARK_AFTER.search(after) or _ZH_TRADEMARK_BEFORE.search(before))
    return bool(_EN_TRADEMARK_AFTER.search(after) or _EN_TRADEMARK_BEFORE.search(before))


_ZH_AWARD = dual(r"荣获|获得|获评|获颁|被评为|评为|授予|颁发|入选|当选|荣膺|获奖")
_EN_AWARD = re.compile(r"\b(awarded|won|winner of|named|voted)\b", re.IGNORECASE)


_EN_VOTED_BY_BUYERS = re.compile(
    r"\bby (?:pretty much |basically |just about |nearly |almost |literally )?"
    r"(?:every(?:one|body)?|all (?:of )?(?:our|my|the|them)|(?:our|my|the) (?:customers|clients|"
    r"buyers|guests|viewers|followers|regulars|brides|people|locals))\b",
    re.IGNORECASE,
)
"""A "vote" cast by the seller's own buyers ("voted number one by pretty much every bride"): an
unverifiable tally told as a title, not an award anyone can look up."""


def award(text: str, start: int, end: int, lang: str) -> bool:
    """An official award or title, named as such (proof in the allow-list or on screen)."""
    left, _ = clause_bounds(text, start, end, lang)
    pattern = _ZH_AWARD if lang == "zh" else _EN_AWARD
    if not pattern.search(text, max(0, left - 12), start):
        return False
    if lang == "en":
        _, right = sentence_bounds(text, start, end, lang)
        return not _EN_VOTED_BY_BUYERS.search(text, end, right)
    return True


_ZH_FACT_TIME = dual(
    r"(19|20)\d\d年|\d+月|第[一二三四1-4]季度|上半年|下半年|双11|双十一|618|年货节|本周|上周|昨天|今年"
)
_ZH_FACT_SOURCE = dual(r"天猫|京东|抖音|快手|拼多多|淘宝|据|数据|榜单|来源|统计|报告|类目|品类|榜")
_EN_FACT_TIME = re.compile(
    r"\b(19|20)\d\d\b|\b(last|this) (week|month|quarter|year)\b", re.IGNORECASE
)
_EN_FACT_SOURCE = re.compile(
    r"\b(according to|amazon|data|category|ranking|chart|nielsen|source)\b", re.IGNORECASE
)


def verified_fact(text: str, start: int, end: int, lang: str) -> bool:
    """A time- and place-limited sales ranking with a named source (CN-ABS-2023)."""
    left, right = sentence_bounds(text, start, end, lang)
    scope = text[left:right]
    if lang == "zh":
        return bool(_ZH_FACT_TIME.search(scope) and _ZH_FACT_SOURCE.search(scope))
    return bool(_EN_FACT_TIME.search(scope) and _EN_FACT_SOURCE.search(scope))


# The figure is pointed at where the viewer can read it: the platform's own sales counter under
# the listing ("数字就在已售那里，大家自己看", "that counter under the listing is live, you can
# see it yourself"). A claim anyone can check against the platform's data is no unverifiable one.
_ZH_ON_SCREEN = dual(
    r"(?:已售|销量|月销|数字|数据)[^。！？!?]{0,8}(?:(?:就在|都在)[^。！？!?，,]{0,6}"
    r"(?:下面|底下|那里|页面|链接|商品|左下角|右下角|左上角|右上角|上面)|显示|写着|"
    r"(?:自己)?(?:看得到|看得见|能看到|可以看到))|"
    r"(?:页面|链接|商品|详情页|屏幕|左上角|右上角|左下角|右下角)(?:下面|底下|上面|里)?[^。！？!?]{0,6}"
    r"(?:显示|写着|看得到|看得见|能看到)"
)
_EN_ON_SCREEN = re.compile(
    r"\b(counter|sold count|number|figure|reviews?|ratings?)\b[^.!?]{0,40}\b(under|on|below|in) "
    r"(the |this |our )?(listing|screen|product page|page|link|site|website)\b|"
    r"\b(reviews?|ratings?)\b[^.!?]{0,60}\bscroll down\b",
    re.IGNORECASE,
)


def on_screen(text: str, start: int, end: int, lang: str) -> bool:
    """A sales figure or a rating the host points at where the platform shows it (the sold
    counter, the listing's reviews) for the viewer to read."""
    left, right = sentence_bounds(text, start, end, lang)
    return bool((_ZH_ON_SCREEN if lang == "zh" else _EN_ON_SCREEN).search(text, left, right))


_ZH_COUNT_AFTER = (
    "".join(sorted(COUNT_UNITS | MEASURE_UNITS | USE_UNITS)) + "只人位天年月周岁号度寸"
)
"""After a figure, a count or a size (一斤, 十斤, 一条龙, 两年): not an amount of money."""
_ZH_UNCLEAR_AFTER = "毛角分十百千万亿几多来余到至"
"""After a figure, a sub-unit (一块八, 九毛), a scale or a floor (十几万, 两千多) or a range
(三到五): the figure alone is not an amount that can be set against another."""
_ZH_OUR_WORDS = "我咱俺"
_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
"""A figure as digits; a thousands comma is part of it ("9,000 cedis")."""
_EN_COUNT_AFTER = re.compile(
    r"\s?(?:%|percent|days?|weeks?|months?|years?|hours?|minutes?|people|pieces?|items?|kg|kilos?|"
    r"grams?|g|ml|cm|mm|inch\w*|jars?|bottles?|bags?|boxes|packs?|units?|sets?|pairs?|lessons?|"
    r"classes|sessions?|x)\b",
    re.IGNORECASE,
)
_EN_UNCLEAR_AFTER = re.compile(
    r"\s?(?:grand|k\b|thousand|million|billion|hundred|lakh|crore|or\b|to\b|-\s?\d|point\b|\.\d)",
    re.IGNORECASE,
)
_EN_OURS = re.compile(r"\b(?:ours|mine|we|we'?re|us|me|here|i|i'?m)\b", re.IGNORECASE)


@functools.cache
def _zh_sets() -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    """The count words and the unclear-followers after a figure, as written and in the sound
    form (a match found in sound is checked on the sound text, where 斤 and 我 are syllable
    codes), and the host's own side."""

    def both(words: str) -> frozenset[str]:
        return frozenset(words) | frozenset(sound_char(c) for c in words)

    ours = "".join(sorted(both(_ZH_OUR_WORDS)))
    days = ("今天", "今儿", "直播间")
    heard = tuple("".join(sound_char(c) for c in w) for w in days)
    own = "|".join([f"[{re.escape(ours)}]", *map(re.escape, days + heard)])
    return both(_ZH_COUNT_AFTER), both(_ZH_UNCLEAR_AFTER), re.compile(own)


def _figure_kind(text: str, m: re.Match[str], lang: str) -> str:
    """``amount``, ``count`` (一斤, 一个本, "3 jars") or ``unclear`` (a scale, a range, a
    sub-unit: 十几万, 三到五, 一块八, "8 or 9 grand")."""
    if lang == "zh":
        count_after, unclear_after, _ = _zh_sets()
        after = text[m.end() : m.end() + 2].lstrip()
        nxt = after[:1]
        if nxt in unclear_after or (nxt in "块元" and after[1:2].isdigit()):
            return "unclear"
        return "count" if nxt in count_after else "amount"
    if _EN_UNCLEAR_AFTER.match(text, m.end()):
        return "unclear"
    return "count" if _EN_COUNT_AFTER.match(text, m.end()) else "amount"


def _sides(text: str, start: int, right: int, lang: str) -> tuple[float, float] | None:
    """The other seller's amount (the first from ``start``) and ours (the first after the
    host's own side), or None when the figures up to ours are not plain: an unclear one, a
    count above one (两瓶, "3 jars": the sides may price different quantities), or a third
    amount between the two. Counts of one (一斤, 一个本) are passed over."""
    side = _zh_sets()[2] if lang == "zh" else _EN_OURS
    theirs: tuple[int, float] | None = None
    for m in _FIGURE.finditer(text, start):
        if m.start() >= right:
            break
        value = float(m.group().replace(",", ""))
        kind = _figure_kind(text, m, lang)
        if kind == "unclear" or (kind == "count" and value > 1):
            return None
        if kind == "count":
            continue
        if theirs is None:
            theirs = (m.end(), value)
        elif side.search(text, theirs[0], m.start()):
            if _more_than_one_after(text, m.end(), right, lang):
                return None  # 今天在我这一百二拿两包: ours buys two
            return theirs[1], value
        else:
            return None
    return None


def _more_than_one_after(text: str, pos: int, right: int, lang: str) -> bool:
    """A count above one said within a few characters after our figure (一百二拿两包):
    our figure prices another quantity than theirs. English puts "for two jars" further off and
    is not read here yet."""
    nxt = _FIGURE.search(text, pos, min(right, pos + 5))
    return (
        nxt is not None
        and _figure_kind(text, nxt, lang) == "count"
        and float(nxt.group().replace(",", "")) > 1
    )


NO_SAVING_RATIO = 2.0
"""Ours at most this many times theirs: an honest dearer price is a little dearer. A figure many
times the other is a misheard number (别的厂挂的都是1566，我们…9800 for 15,660), a price in
another currency or for another quantity, and the comparison stays a claim."""


def no_saving(text: str, start: int, end: int, lang: str) -> bool:
    """A comparison whose figures put the price here at or above the other seller's
    (别家收三百，我这边收三百五; 外面驾校都收五千，我们收五千二; "the chains charge 90, ours is 110"):
    the match says another seller's figure first, then the host's own side and ours; with ours
    no lower, nothing is claimed about a saving. Only the plain case is read (``_sides``,
    ``NO_SAVING_RATIO``): 外面一斤八块，我们十斤三十九 stays a claim."""
    _, right = sentence_bounds(text, start, end, lang)
    sides = _sides(text, start, right, lang)
    return sides is not None and sides[0] <= sides[1] <= NO_SAVING_RATIO * sides[0]


ContextCheck = Callable[[str, int, int, str], bool]

BUILTIN: dict[str, ContextCheck] = {
    "negation": negated,
    "meta_talk": meta_talk,
    "question": question,
    "self_comparison": self_comparison,
    "trademark": trademark,
    "award": award,
    "verified_fact": verified_fact,
    "on_screen": on_screen,
    "no_saving": no_saving,
}
"""``allow_list`` is handled by the engine (it needs the merchant's registered terms)."""

DENIALS: tuple[str, ...] = ("negation", "meta_talk")
"""The built-in exemptions by which a line denies, declines or reports a claim, rather than
using its words in an allowed sense (``engine.Analysis.denied``)."""
