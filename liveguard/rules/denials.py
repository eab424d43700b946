"""A claim denied of everything at once: "没有哪个产品能让你一周瘦十斤", "任何面霜都不能祛斑",
"Nothing in this bottle is going to detox you", "No supplement can replace your medicine", "no
collar keeps every flea off".

The negation sits on the subject, not beside the claim word, so a look-back of a few
characters from the claim (``exemptions.negated``) misses it, and the line reads to a
word-level model like the claim it refuses. The same quantifier with a comparison is the
opposite, an absolute claim ("没有哪款比它更便宜", "nothing works better", "no one else has
this price"); the pressure idiom "nothing is going to stop this selling out" is pressure; and
harm denied of everything ("nothing in here could ever hurt you", "任何人吃都不会有副作用",
"nothing will ever stick") is itself a safety or durability claim. All three are left alone.
"""

from __future__ import annotations

import re

from liveguard.rules.soundform import dual

_ZH_NO_SUCH = dual(
    r"(?:没有|没|并没有|不存在)(?:哪|任何|一)[个款种样瓶支盒位家]?[^，。！？,!?；;]{0,10}?"
    r"(?:能够|能|可以|会|敢|可能)|"
    r"哪有(?:什么)?[^，。！？,!?；;]{0,8}?(?:能够|能|可以|会)|"
    r"任何[^，。！？,!?；;]{0,10}?都(?:不|没|没有|无法)(?:能|可以|会|可能)?|"
    r"不可能有[^，。！？,!?；;]{0,8}?(?:能够|能|可以|会)"
)
_ZH_COMPARED = dual(
    r"比|更|还要|超过|赶得上|比得上|赶上|一样好|这么便宜|这么低|这个价|低于|便宜|划算|性价比|"
    r"之一|第二|替代|代替|挡得住|拦得住|抢得过|"
    r"副作用|伤害|危害|伤到|伤身|问题|风险|不良|过敏|刺激|坏|添加|激素|依赖"
)
_EN_NO_SUCH = re.compile(
    r"\b(?:nothing|no (?:\w+ ){0,2}?(?:product|products|cream|creams|serum|serums|pill|pills|"
    r"supplement|supplements|tea|teas|device|gadget|food|drink|bottle|formula|lotion|diet|"
    r"brand|one|oil|patch|mask|vitamin|vitamins)|none of (?:these|them|this|those|our \w+)|"
    r"no amount of \w+)\b[^.,;!?]{0,40}?\b(?:is going to|are going to|is gonna|are gonna|will|"
    r"can|could|does|do|should|is (?:meant|intended|designed) to)\b(?= +[a-z])|"
    # the same denial in the present tense: "no collar keeps every flea off", "nothing
    # erases a scar"; "no doubt it works" and "no wonder it sells" affirm
    r"\b(?:nothing|no (?!(?:doubt|wonder|question|joke|kidding|lie|cap|way|matter)\b)\w+)"
    r"(?: \w+){0,3}? (?:(?:really|ever|actually|truly|fully|completely|magically) )?"
    r"(?:keeps|stops|cures|fixes|works|removes|erases|melts|prevents|kills|blocks|repels|heals|"
    r"reverses|replaces|protects|clears|burns|guarantees|treats|regrows|eliminates|shrinks|"
    r"lifts|whitens|detoxes|boosts|gets rid of|takes away|makes)\b(?= +[a-z])",
    re.IGNORECASE,
)
_EN_COMPARED = re.compile(
    r"\b(?:else|other|better|beats?|compares?|comes? close|match(?:es)?|touch(?:es)?|cheaper|"
    r"like (?:this|it|ours)|as good|more|stop|stand in the way|"
    r"hurt|harm|wrong|happen|upset|stick|affect|damage|side effects?|irritat\w*|break|leak|"
    r"fade|risk|bad|react|burn|sting)\b",
    re.IGNORECASE,
)


def general_denial(text: str, lang: str, pos: int = 0, endpos: int | None = None) -> bool:
    """Whether ``text[pos:endpos]`` (one clause) denies a claim of every product or thing at
    once, with no comparison that turns the quantifier into an absolute claim."""
    end = len(text) if endpos is None else endpos
    pattern, compared = (_ZH_NO_SUCH, _ZH_COMPARED) if lang == "zh" else (_EN_NO_SUCH, _EN_COMPARED)
    m = pattern.search(text, pos, end)
    return m is not None and compared.search(text, m.start(), end) is None
