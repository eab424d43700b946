"""A host taking back their own earlier claim, declining to make one, and a viewer's question
reported with "wants to know": none is a new claim. The same words without the lead, the cue or
inside another clause still are."""

from __future__ import annotations

import pytest

from liveguard.rules import check_script
from liveguard.rules.exemptions import question, rejects, retracted


def _span(text: str, claim: str) -> tuple[int, int]:
    start = text.index(claim)
    return start, start + len(claim)


@pytest.mark.parametrize(
    ("lang", "text", "claim", "expected"),
    [
        (
            "en",
            "Earlier I said this was clinically proven. That was wrong.",
            "clinically proven",
            True,
        ),
        ("en", "I said before it was FDA approved, I misspoke, it is not.", "FDA approved", True),
        # no correction cue after: the host repeats the claim
        ("en", "Earlier I said it was clinically proven and it is.", "clinically proven", False),
        # a cue with no earlier-words lead: a fresh claim with a correction tacked on
        ("en", "It is clinically proven, I take that back.", "clinically proven", False),
        ("zh", "刚才我说这个能根治失眠，说错了，大家别这么理解", "根治", True),
        ("zh", "之前讲的三天见效，更正一下，效果因人而异", "三天见效", True),
        ("zh", "刚才我说这个能根治失眠，真的能", "根治", False),
        ("zh", "这个能根治失眠，说错了", "根治", False),
        (
            "en",
            "Earlier I said it clears acne, I shouldn't have, it's a cleanser",
            "clears acne",
            True,
        ),
        ("zh", "刚才我说能根治失眠，不该这么说，它就是助眠", "根治", True),
    ],
)
def test_retraction_needs_the_hosts_earlier_words_and_a_correction_cue(
    lang: str, text: str, claim: str, expected: bool
) -> None:
    start, end = _span(text, claim)
    assert retracted(text, start, end, lang) is expected


def test_a_retracted_claim_gives_no_finding_and_a_repeated_one_does() -> None:
    taken_back = "Correction, earlier I said this was clinically proven. That was wrong, it isn't."
    repeated = "Earlier I said this was clinically proven, and it really is clinically proven."
    assert not check_script(taken_back, language="en", learned=False)
    assert {f.finding.rule_id for f in check_script(repeated, language="en", learned=False)} == {
        "EN-EFF-AUTHORITY"
    }


@pytest.mark.parametrize(
    ("lang", "text", "claim", "expected"),
    [
        ("en", "Someone wants to know if it's the cheapest online.", "cheapest online", True),
        (
            "en",
            "Curious whether it's the cheapest online? Honestly no idea.",
            "cheapest online",
            True,
        ),
        ("en", "It's the cheapest online, everyone wants to know why.", "cheapest online", False),
        ("zh", "有家人想知道是不是全网最低价", "全网最低价", True),
        # a question the host follows with a push to buy is the host's own claim
        ("en", "Are we honestly down to the last 3 in sage? Grab it.", "last 3", False),
        ("en", "Are we honestly down to the last 3 in sage? Let me check.", "last 3", True),
        ("zh", "咱们这个颜色只剩最后两件了吗？赶紧拍", "只剩最后两件", False),
    ],
)
def test_a_reported_question_is_exempt_as_a_question(
    lang: str, text: str, claim: str, expected: bool
) -> None:
    start, end = _span(text, claim)
    assert question(text, start, end, lang) is expected


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("I'm not going to stand here and tell you it's the best pan ever made.", False),
        ("I won't promise it's the best pan ever made, cook in it and decide.", False),
        # an intensifier, not a refusal
        ("I'm not going to lie, this is the best pan ever made.", True),
        # the refusal ends at its clause: the claim after the comma is made
        ("I won't tell you it's the best pan, it is the best pan ever made.", True),
    ],
)
def test_a_declined_claim_is_no_claim_but_only_within_its_clause(text: str, flagged: bool) -> None:
    rules = {f.finding.rule_id for f in check_script(text, language="en", learned=False)}
    assert ("EN-EFF-SUPERLATIVE" in rules) is flagged


def test_a_percentage_is_never_read_as_a_bare_price() -> None:
    from liveguard.rules.normalize import normalize
    from liveguard.rules.prices import extract_prices

    text = normalize("The old version was 0.2 percent, the new one is 0.3 percent.").text
    assert extract_prices(text, "en") == []
    assert [str(p.amount) for p in extract_prices("It was 40 dollars, now 30.", "en")] == [
        "40",
        "30",
    ]


@pytest.mark.parametrize(
    ("text", "rule", "flagged"),
    [
        ("我们不会跟大家说喝了能治高血压，它就是个饮料", "ZH-EFF-MEDICAL", False),
        ("我们不承诺用了年轻十岁，护肤要坚持", "ZH-EFF-GUARANTEE", False),
        # an idiom and an intensifier, not a refusal: the claim after them is made
        ("我不说别的，这个茶能治高血压", "ZH-EFF-MEDICAL", True),
        ("我不说假话，这个茶能治高血压", "ZH-EFF-MEDICAL", True),
        # declining to say one thing, then going on to say another: the other is said
        ("进价多少我不能说，反正今天这个数我们一分钱都没赚", "ZH-PRI-COST-STORY", True),
        ("我不能说它能治高血压，反正你们自己试", "ZH-EFF-MEDICAL", False),
        # a disclaimer turned round by a "but" no longer covers what follows it
        (
            "我们这个不是药，不能代替药物，但是我爸吃了三个月，降压药都减了一半",
            "ZH-EFF-MEDICAL",
            True,
        ),
        ("我爸吃了三个月降压药都减了一半，我们这个不是药，不能代替药物", "ZH-EFF-MEDICAL", False),
    ],
)
def test_a_chinese_host_declining_a_claim_makes_none(text: str, rule: str, flagged: bool) -> None:
    rules = {f.finding.rule_id for f in check_script(text, language="zh", learned=False)}
    assert (rule in rules) is flagged


@pytest.mark.parametrize(
    ("text", "findings"),
    [
        # someone else's claim, named by who said it and rejected after it
        ("Whoever told you this cream cures eczema, that wasn't us, it's a moisturizer", set()),
        ("If another seller tells you it's the last batch, ask to see their inventory", set()),
        ("I've seen people online saying this tea lowers blood sugar, we don't claim that", set()),
        # the host's own claim with a rejection word after it still counts
        ("This cream cures eczema, that wasn't us who made it up", {"EN-EFF-CURE"}),
        # not claiming otherwise affirms
        ("People say it cures eczema and we don't claim otherwise", {"EN-EFF-CURE"}),
    ],
)
def test_a_claim_others_made_and_the_host_rejects_gives_no_finding(
    text: str, findings: set[str]
) -> None:
    found = {f.finding.rule_id for f in check_script(text, language="en", learned=False)}
    assert found == findings


@pytest.mark.parametrize(
    ("lang", "text", "flagged"),
    [
        # a claim quoted, then rejected as someone else's
        ("en", 'The "doctor recommended" badge is from another brand, not ours', False),
        ("zh", '网上那张"医生推荐"的海报是别家的，跟我们没关系', False),
        # a rejection said negated affirms the quoted claim
        ("en", 'It is "doctor recommended", not a lie', True),
        ("zh", '这款是"医生推荐"的，不是假的', True),
    ],
)
def test_a_quoted_claim_rejected_after_it_is_exempt(lang: str, text: str, flagged: bool) -> None:
    assert bool(check_script(text, language=lang, learned=False)) is flagged


def test_words_refused_then_made_all_the_same_reject_nothing() -> None:
    # "这话我不敢说，但是…" names the claim to make it through a story
    assert not rejects("有人说这茶能降压，这话我不敢说，但是我舅舅喝了半年血压就稳了", "zh")
    assert rejects("有人说这茶能降压，这话我不敢说，它就是茶", "zh")


@pytest.mark.parametrize(
    ("lang", "text", "flagged"),
    [
        # a claim others made, rejected in words the host actually uses
        ("zh", "有人在直播间说这个枕头能治颈椎病，这个说法不对，就是个乳胶枕", False),
        ("zh", "网上说喝了能降血糖，没有的事，大家别传", False),
        ("en", "Someone keeps saying this is the last batch, that's not us, there's lots", False),
        # rejected as hot air or nonsense, in Cantonese too; "not hot air" affirms
        ("zh", "说它能治关节炎那都是吹的，它就是个护膝", False),
        ("zh", "有人讲食咗能治咳嗽，呢个是乱讲的，佢系食品", False),
        ("zh", "说它能治关节炎，那不是吹的", True),
        ("zh", "我可不会跟你们说吃了这个能治失眠，那都是瞎扯，它就是一盒坚果", False),
        # the claim just quoted, refused as words the host will not say, or as not theirs to
        # advertise
        ("zh", "有人说这眼霜能去皱纹，这话我不敢说，它就是保湿滋润", False),
        ("zh", "有人在评论里说吃了能软化血管，那是错的，我们不这么宣传", False),
        ("zh", "有人说这个护膝能治关节炎，它跟治疗不沾边，就是保暖", False),
        # the question tag "对不对" rejects nothing
        ("zh", "这个枕头能治颈椎病，对不对？", True),
    ],
)
def test_everyday_rejection_words_reject_a_claim_others_made(
    lang: str, text: str, flagged: bool
) -> None:
    assert bool(check_script(text, language=lang, learned=False)) is flagged
    assert rejects(text, lang) is not flagged


@pytest.mark.parametrize(
    ("lang", "text", "flagged"),
    [
        # others' claims introduced in more ways: a viewer by name, "those who say…", a
        # chat message, another host; rejected in everyday words
        ("zh", "说这款鞋垫能治扁平足的，都是瞎说，它就是双软鞋垫", False),
        ("zh", "那位宝宝说她喝了血糖降了，谢谢分享，但我们不能这么宣传，这是饮料", False),
        ("zh", "评论里有人一直说这是皮肤科医生推荐的，没有的事，别传", False),
        ("zh", "哪个主播跟你说是最后一批，你让他拿库存截图", False),
        (
            "en",
            "Somebody in chat called this clinically proven. I've never heard of that, so I won't repeat it.",
            False,
        ),
        ("en", "Last week someone thought I said it cures acne. I didn't, and it doesn't.", False),
        # the cue first, then the slip quoted, then what is true
        ("zh", "不好意思我说错了，我说只剩五件，其实库存还有两百多件", False),
        (
            "en",
            "I misspoke a minute ago, I said it heals eczema, it doesn't, it's a lotion.",
            False,
        ),
        # the corrected claim itself, and a cue with nothing taken back, still count
        ("zh", "说错了，我说的是只剩最后三件，赶紧拍", True),
        # a bare 说 after a cue is a manner of speaking, not the slip quoted
        ("zh", "纠正一下，说真的它能治失眠，不是吹的", True),
        ("en", "My mistake, I said 20 left but it's only 3 left, grab it", True),
        # the slip quoted after a cue, then "there's no…" takes it back
        (
            "en",
            "Small correction, I said it's dermatologist recommended, there's no such endorsement.",
            False,
        ),
        # the claim denied of everything (blind29's spent English false positive)
        ("en", "People say cedar lasts forever, nothing lasts forever, go by the warranty.", False),
        ("en", "This cedar lasts forever, nothing else comes close.", True),
        ("en", "I'm not going to call it the cheapest anywhere, I haven't checked", False),
        # a co-host's or colleague's earlier words taken back; "walk that back", "can't back it up"
        ("zh", "刚才我们助理说这个茶能降血糖，我更正一下，它就是普通的花草茶", False),
        (
            "en",
            "A minute ago my co-host said this clears eczema, we have to walk that back.",
            False,
        ),
        ("en", "Earlier I said it's the best blender on the market, I can't back that up.", False),
        ("en", "My co-host said it clears eczema and it really does, grab one", True),
        # the co-host corrected to their face, and a claim flatly denied in the next clause;
        # "it doesn't just…" goes on to claim more
        (
            "en",
            "Hold on Jen, you just said it kills ninety-nine percent of germs, it doesn't, "
            "it's a descaler",
            False,
        ),
        ("en", "Earlier I said it clears acne, it doesn't, it's a moisturiser", False),
        ("en", "You just said it kills ninety-nine percent of germs, and it does", True),
        ("en", "Earlier I said it kills germs, it doesn't just kill germs, it clears acne", True),
        # session 19: who said it (a review elsewhere, a commenter, a video, many people,
        # another live room) and how it is rejected (false, 违法宣传, 没有依据, denied of the
        # product or its kind)
        ("en", "A review on some other shop said this serum cured rosacea, that's false.", False),
        ("en", "Someone commented it healed her eczema, moisturisers don't treat eczema.", False),
        ("en", "I saw a video saying it regrows hair, that's not something we're claiming.", False),
        ("en", "some people say these cure migraines they don't cure anything", False),
        ("en", "A customer said it cured her arthritis, and honestly it cures mine too", True),
        ("zh", "很多人说这个茶能降血糖，这个说法没有依据", False),
        ("zh", "别的直播间说吃这个能治失眠，那是违法宣传", False),
        ("zh", "有人说穿这个能治老寒腿，别扯了，那是衣服", False),
        ("zh", "很多人说这个茶能降血糖，我妈喝了确实降了", True),
        # a disclaimer list headed by "nothing … is meant to"
        (
            "en",
            "Reminder, this is a supplement, and nothing here is meant to diagnose, treat, cure "
            "or prevent any disease.",
            False,
        ),
    ],
)
def test_more_ways_of_naming_a_claim_to_take_it_back(lang: str, text: str, flagged: bool) -> None:
    assert bool(check_script(text, language=lang, learned=False)) is flagged


@pytest.mark.parametrize(
    "text",
    [
        "有人讲腐乳能降血压，冇得这回事，它盐重，血压高的反而要少吃。",
        "有人说这个能降血压，没得这回事。",
        "网上说喝这个能治痛风，冇这回事。",
    ],
)
def test_no_such_thing_in_dialect_rejects_a_claim_others_made(text: str) -> None:
    assert rejects(text, "zh")
