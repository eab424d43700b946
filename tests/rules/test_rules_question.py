"""A question read out asserts nothing; what the host says after it is the host's own."""

from __future__ import annotations

import pytest

from liveguard.rules.engine import RuleEngine
from liveguard.rules.exemptions import question
from liveguard.rules.normalize import normalize


@pytest.mark.parametrize(
    ("text", "claim", "exempt"),
    [
        # the claim is inside the question read out
        ("Someone asked if it cures eczema, no it does not", "cures eczema", True),
        ("Somebody in chat asked is this the best on the market", "best on", True),
        ("Kim asks, what's the best serum on the market", "best serum", True),
        # sending viewers off to check is a dare about the claim, not a question read out
        ("Ask any mechanic in town, this is the best oil on the market", "best oil", False),
        ("ask around, I'm the number one safe guy in Baltimore", "number one", False),
        ("Can I ask something, is this the best oil on the market?", "best oil", True),
        # asking after / for it is demand told, not a question read out
        ("Loads of folk asking after the June one, so don't hang about", "don't hang about", False),
        ("Someone's asking if the June one is the last one", "last one", True),
        # asked to do something is a request told, not a question read out
        (
            "Two stores already asked to buy everything we've got, I held these back for you",
            "held these back",
            False,
        ),
        # the question ends at its clause break; the claim after it is the host's answer
        (
            "Every skater at this park has asked me where I got these, they're straight up "
            "the best wheels on the market right now.",
            "best wheels",
            False,
        ),
        ("Ben asked does it cure acne, and honestly it clears it in a week", "clears it", False),
        # an answer that starts by saying no denies what was asked
        (
            "a viewer asked if this prevents the flu, no, nothing I'm selling prevents the flu",
            "selling prevents the flu",
            True,
        ),
        # a second question read out after the first is still a question
        ("Ana asked where it's made, Jo asked if it's the best one", "best one", True),
    ],
)
def test_a_question_read_out_ends_where_the_host_answers(
    text: str, claim: str, exempt: bool
) -> None:
    said = normalize(text).text
    start = said.index(claim)
    assert question(said, start, start + len(claim), "en") is exempt


@pytest.mark.parametrize(
    ("text", "claim", "exempt"),
    [
        # the host sends viewers off to ask elsewhere: a challenge, not a question read out
        ("这条街上的店您挨家去问，能问出比六十八还低的，我白送您一面", "白送", False),
        ("你随便去问，问到比我们便宜的我白送", "白送", False),
        # pointing viewers at the comments as proof of demand reads nothing out
        ("你看评论区，一直有人在报，我看了一下后台，剩下的位置不多了哈", "位置不多了", False),
        ("大家看弹幕，都在抢，库存不多了", "库存不多了", False),
        ("评论区有人问是不是全网最低价", "全网最低", True),
        ("我看看弹幕，主播这个是不是全网最低价", "全网最低", True),
        # "which one of them does not…" asks to be agreed with: every one does
        ("哪个大卖兜兜转转最后不是回到我们这里的？", "回到我们这里", False),
        # a viewer's question read out stays exempt
        ("有人问这个是不是全网最低价", "全网最低", True),
        ("您问的是能不能白送一个，不能", "白送", True),
        # a bare 问， reads out its next clause and any further one worded as a question; the
        # host talks on after that ("people are asking" is demand told, not the claim asked)
        ("好多人在问，后台单子来得太快了，打包都打不赢，再等一下真的没得了", "再等一下", False),
        ("有人问，这个是不是最后一批了", "最后1批", True),
        ("有人问，今天能不能发，能不能包邮到新疆", "包邮", True),
        ("有人问，这个是最后一批吗", "最后1批", True),
        # sending viewers to leaf through the comments reads nothing out
        ("你翻翻评论区，几万条好评1条差评都没有", "几万条好评", False),
        # whether it is still there later, then no promise: a statement, not a question
        ("过了元旦还能不能给你们出箱子，我也不敢打包票", "还能不能", False),
        ("过了元旦还能不能给你们出箱子", "还能不能", True),
    ],
)
def test_asking_around_is_no_question_read_out(text: str, claim: str, exempt: bool) -> None:
    said = normalize(text).text
    start = said.index(claim)
    assert question(said, start, start + len(claim), "zh") is exempt


@pytest.mark.parametrize(
    ("text", "lang", "claim", "exempt"),
    [
        # the question mark asks only its own clause: a claim said before it is asserted
        ("商场专柜同款标两千多，到我这儿四百六，您说这差哪儿了？", "zh", "专柜同款标2000多", False),
        ("已经卖出去三百万台了，你说它好不好用？", "zh", "卖出去3000000台", False),
        (
            "Twenty-four dollars for something that was going for sixty last week, are you "
            "kidding me?",
            "en",
            "was going for 60",
            False,
        ),
        # the words before the break ask too, or the claim is in the asking clause
        ("能不能治湿疹，大家想知道吧？", "zh", "治湿疹", True),
        ("这个能根治湿疹吗？", "zh", "根治湿疹", True),
        ("Does it cure eczema, or is that just hype?", "en", "cure eczema", True),
    ],
)
def test_a_question_asks_only_the_clause_it_ends(
    text: str, lang: str, claim: str, exempt: bool
) -> None:
    said = normalize(text).text
    start = said.index(claim)
    assert question(said, start, start + len(claim), lang) is exempt


@pytest.mark.parametrize(
    ("text", "muted"),
    [
        # a host's rhetorical question may still be a claim: the learned heads judge it
        ("这个能治湿疹吗？", False),
        # a negation sets the match aside, and the heads stay silent there
        ("这个不能治湿疹", True),
        # a viewer's question answered with a denial is still set aside
        ("有人问能不能治湿疹？不能，它就是保湿的", True),
        # a pack exception mutes them: 最后一步 is a step, not stock, and the heads would read
        # the very claim word the exception set aside
        ("最后一步把乳液抹匀就行", True),
        # so does an exception about the claim's clause (airing a smell out)
        ("新买的被子有点味道，开窗通风两三天就没了", True),
    ],
)
def test_how_a_match_is_set_aside_decides_whether_the_heads_judge_it(
    zh_engine: RuleEngine, text: str, muted: bool
) -> None:
    analysis = zh_engine.analyse(text)
    assert not analysis.matches
    assert bool(analysis.set_aside) is muted


@pytest.mark.parametrize(
    ("text", "muted"),
    [
        # a negative question asked to be agreed with asserts: it is no negation, and the
        # question test leaves it to the heads
        ("Is that not the last two sets of clubs I've got, who's taking them home?", False),
        ("Isn't this the last two sets I've got?", False),
        # a plain negation still mutes them
        ("This is not the last two sets, we have plenty in the back", True),
    ],
)
def test_a_negative_question_is_no_negation(en_engine: RuleEngine, text: str, muted: bool) -> None:
    # not muted: the rules flag it (a rhetorical question) or leave it to the heads
    analysis = en_engine.analyse(text)
    assert bool(analysis.set_aside) is muted
    assert not (muted and analysis.matches)


@pytest.mark.parametrize(
    ("lang", "text", "claim", "exempt"),
    [
        # a viewer's words read out, then the host's yes: the claim is the host's
        (
            "zh",
            "评论里有人说眼镜店一副配下来要一千五，对，在我们这儿同样的镜片三百八",
            "眼镜店",
            False,
        ),
        ("zh", "有宝宝说喝了血压就降了，对，就是这个效果", "血压就降", False),
        (
            "en",
            "Somebody says cartridges are expensive, yeah, at the drugstore it's four bucks",
            "drugstore",
            False,
        ),
        (
            "en",
            "Marion in the chat says her migraines stopped; that's consistent with what I see",
            "migraines stopped",
            False,
        ),
        (
            "en",
            "Someone says her headaches stopped, that's the coating working",
            "headaches stopped",
            False,
        ),
        # a yes turned round at once, or no yes at all, leaves the words the viewer's
        ("zh", "有人说这个能治失眠，对，但是我们不能这么讲", "治失眠", True),
        ("zh", "评论里有人说眼镜店一副配下来要一千五，在我们这儿同样的镜片三百八", "眼镜店", True),
        ("en", "Someone says it cures eczema, yeah, no, it doesn't", "cures eczema", True),
        # after a question read out, a bare yes is the host taking the floor, not agreeing
        ("zh", "有宝宝问能不能治湿疹，对，这个问题我统一回答一下", "治湿疹", True),
        ("en", "Someone asks if it cures eczema, yeah, let me answer that", "cures eczema", True),
    ],
)
def test_a_report_the_host_endorses_is_the_hosts_claim(
    lang: str, text: str, claim: str, exempt: bool
) -> None:
    said = normalize(text).text
    start = said.index(normalize(claim).text)
    assert question(said, start, start + len(normalize(claim).text), lang) is exempt
