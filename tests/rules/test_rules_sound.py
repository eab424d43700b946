"""Matching in sound: every zh rule still fires when its examples are spelled with other
characters that sound the same, and its counter-examples still do not fire.

Each example is respelled character by character: every Chinese character is replaced by
another character with the same toneless pinyin (the rarest such character in jieba's
dictionary, so the respelling does not form new words by accident). That is what a speech
recogniser does to a claim, at its worst: every character changed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import lru_cache

import jieba
import pytest
from pypinyin import Style, pinyin

from liveguard.rules import RuleEngine, check_script
from liveguard.rules.han import HAN
from liveguard.rules.homophone import syllable
from liveguard.rules.normalize import normalize
from liveguard.rules.packs import load_rules
from liveguard.rules.soundform import (
    MIN_SOUND_CHARS,
    DualPattern,
    gap_spans,
    mark_gaps,
    sound_pattern,
    sound_text,
)

SPELLING_DEPENDENT = {
    # no_match examples that differ from a claim only in spelling: said aloud they sound like
    # the claim, so once respelled nothing tells them apart (跟直播间 sounds like 根治…).
    "跟直播间的姐妹们说一下",
    "他跟治安员聊了一下",
    "这个包又小又轻，出门方便",  # 包又小 sounds like 包有效
    "手腕无力的可以试试这个护腕",  # 手腕无 sounds like 手慢无 heard as 手万无
    "有宝宝问能不能根治，我告诉大家，不能，它只是面霜",  # 只是面 sounds like 治失眠
    "这款外面根本买不到，是我们的独家设计款",  # 这款 sounds like 折款
    # 不 is a one-character cue, not read in sound: respelled whole, 这不是最好的 is 这是最好的
    # with one more syllable (it passed only while the advice exception took 是最好 for 时最好)
    "这不是最好的，但一定是很适合干皮的",
    # a rumour disowned in words (外面传…, 那个数不是我们说的): respelled whole, the words that
    # pass it on and disown it are gone, and the sales figure is all that is left
    "外面传我们卖了几百万单，那个数不是我们说的",
    # 一份 (one copy) sounds like 一分 (one minute): respelled, 还有一份 is 还有一分 left
    "交付的时候除了源文件，还有一份使用手册",
}
EVASION = re.compile(r"[a-zA-Z]")
"""Examples with typed pinyin (第yi, zui好) test evasion of spelling, not of hearing."""


@lru_cache(maxsize=1)
def _homophones() -> dict[str, list[str]]:
    """Toneless syllable → characters with only that reading, rarest first."""
    freq = jieba.dt.FREQ
    by_sound: dict[str, list[str]] = {}
    for code in range(0x4E00, 0x9FA6):
        ch = chr(code)
        readings = set(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])
        if len(readings) == 1 and ch not in readings and normalize(ch).text == ch:
            by_sound.setdefault(readings.pop(), []).append(ch)
    jieba.dt.check_initialized()
    for chars in by_sound.values():
        chars.sort(key=lambda c: (freq.get(c, 0), c))
    return by_sound


def respell(text: str) -> str:
    """Every Chinese character of ``text`` replaced by a rare character of the same sound; a
    replacement that makes a dictionary word with its neighbours is swapped for the next."""
    choice = [0] * len(text)
    out = list(text)
    for _ in range(4):
        for i, ch in enumerate(text):
            if HAN.match(ch):
                alts = [c for c in _homophones().get(syllable(ch), []) if c != ch]
                out[i] = alts[choice[i] % len(alts)] if alts else ch
        pos, clean = 0, True
        for tok in jieba.lcut("".join(out)):
            if len(tok) > 1 and jieba.dt.FREQ.get(tok, 0) and tok not in text:
                clean = False
                for k in range(pos, pos + len(tok)):
                    choice[k] += 1
            pos += len(tok)
        if clean:
            break
    return "".join(out)


_ENGINE = RuleEngine("zh")


def _short_claim(rule_id: str, text: str) -> bool:
    """Every span of the rule in the (unrespelled) example is shorter than a sound match may
    be: two-character claims (顶级, 药妆, 养胃) are matched in sound only when respelled by the
    sound-alike lexicon, since two-character sound-alikes are mostly ordinary words."""
    spans = [m for m in _ENGINE.match(text) if m.rule_id == rule_id]
    return bool(spans) and all(len(m.text) < MIN_SOUND_CHARS for m in spans)


CASES: list[object] = []
SHORT: list[str] = []
for _rule in load_rules("zh")[0]:
    if _rule.detector != "pattern":
        continue
    for _text in _rule.examples.match:
        if EVASION.search(_text):
            continue
        if _short_claim(_rule.id, _text):
            SHORT.append(_text)
            continue
        CASES.append(pytest.param(_rule.id, _text, True, id=f"{_rule.id}-match-{len(CASES)}"))
    for _text in _rule.examples.no_match:
        if _text not in SPELLING_DEPENDENT:
            CASES.append(pytest.param(_rule.id, _text, False, id=f"{_rule.id}-no-{len(CASES)}"))


@pytest.mark.parametrize(("rule_id", "text", "expected"), CASES)
def test_respelled_example(rule_id: str, text: str, expected: bool) -> None:
    heard = respell(text)
    assert heard != text or not HAN.search(text)
    found = {sf.finding.rule_id for sf in check_script(heard, language="zh")}
    assert (rule_id in found) is expected, f"{rule_id} on {heard!r} (said {text!r}): {found}"


def test_few_examples_are_two_character_claims() -> None:
    # the examples left out above; if this grows, sound matching misses more than it should
    assert len(SHORT) <= 10, SHORT


def test_respelling_changes_every_chinese_character() -> None:
    said = "这款面霜根治湿疹"
    heard = respell(said)
    assert all(a != b for a, b in zip(said, heard, strict=True))
    assert [syllable(c) for c in heard] == [syllable(c) for c in said]


def test_sound_form_keeps_length_and_quotes_the_transcript(zh_engine: RuleEngine) -> None:
    heard = "姐妹们这款面双能跟治施疹"
    assert len(sound_text(heard)) == len(heard)
    matches = zh_engine.match(heard)
    medical = [m for m in matches if m.rule_id == "ZH-EFF-MEDICAL"]
    assert medical
    assert medical[0].via == "sound"
    assert medical[0].text in heard
    assert "施疹" in medical[0].text


def test_folds_merge_measured_confusions() -> None:
    # zh/z and an/ang: 手慢无 heard as 手万无 is a w/m confusion; 面霜 as 面双 is the same sound
    assert re.search(sound_pattern("面霜"), sound_text("面双"))
    assert re.search(sound_pattern("湿疹"), sound_text("失真"))
    assert not re.search(sound_pattern("湿疹"), sound_text("时间"))


def test_polyphones_match_every_reading() -> None:
    # 长 is chang and zhang: 长高 misheard as 涨高 must still match
    assert re.search(sound_pattern("长高"), sound_text("涨高"))


def test_digits_match_numerals_heard_as_words() -> None:
    assert re.search(sound_pattern(r"\d+天见效"), sound_text("三天见笑"))


def test_real_words_are_not_respelled(zh_engine: RuleEngine) -> None:
    for text in (
        "大家跟着直播间的节奏一起做",
        "这个面膜的有效期是到明年六月",
        "幼儿园的小朋友可以选这个",
    ):
        assert not zh_engine.match(text), text


def test_a_word_the_rule_writes_elsewhere_still_ends_a_sound_match(zh_engine: RuleEngine) -> None:
    # 已经|有一台 sounds like 仅有一台 and the scarcity rule writes 已经 (库存已经不多了), but the
    # speaker said 已经: a dictionary word crossing the match's edge rules the sound match out
    for text in ("你要是家里已经有一台了，就别再买了", "我已经有两个了"):
        assert not zh_engine.match(text), text
    assert {m.rule.id for m in zh_engine.match("进有三台了")} == {"ZH-SCA-LAST-N"}


def test_a_sound_match_never_splits_a_number(zh_engine: RuleEngine) -> None:
    # 48小时: 8小时 sounds like 疤…消失, but the recogniser wrote forty-eight hours
    assert not zh_engine.match("拍下以后四十八小时内从杭州仓发货")
    assert not zh_engine.match("拍下以后48小时内从杭州仓发货")
    # 3支159平: the unit of three lipsticks, not 只, and 平均 is no 瓶
    assert not zh_engine.match("唇釉三支一百五十九平均一支五十三")
    # 120克1支: the 克 is a weight's unit, not the 可 of 可以治 (克一支 sounds like it)
    assert not zh_engine.match("牙膏是一百二十克一支")
    # 直近4.5厘米: 直近4 sounds like 治近视, but the 4 is the whole of 4.5 (a diameter)
    assert not zh_engine.match("这支发簪直近4.5厘米，簪杆是铜丝做的")
    assert not zh_engine.match("这支发簪直近4,500微米")


def test_a_grade_word_before_a_sum_is_a_deposit_heard(zh_engine: RuleEngine) -> None:
    # 定金 (dingjin) is heard as 顶级 (dingji): a grade qualifies a thing, never a sum
    for heard in ("顶级一百，杀猪前我会视频给你看", "顶级收合同总价的两成，开料以后就不能退了"):
        assert not zh_engine.match(heard), heard
    # a grade before a thing stays a claim, 收藏 included
    for claim in ("这是顶级收藏级的普洱", "顶级的原料，顶级的工艺"):
        assert "ZH-EFF-ABS-GRADE" in {m.rule_id for m in zh_engine.match(claim)}, claim


def test_an_exception_read_in_sound_is_no_run_of_numerals(zh_engine: RuleEngine) -> None:
    # 一次一百 is 1次100: 1次1 sounds like 要吃药 (1 is also said yao), a referral that would
    # exempt the claim, but the number is a hundred, not a syllable
    for claim in ("这个垫子还能治腰疼，理疗店一次一百", "这个垫子还能治腰疼，一次一盒"):
        assert "ZH-EFF-MEDICAL" in {m.rule_id for m in zh_engine.match(claim)}, claim
    # the referral said in words still exempts
    assert not zh_engine.match("这个垫子就是舒服，治腰疼还得去医院")


def test_an_exception_read_in_sound_still_needs_its_shape(zh_engine: RuleEngine) -> None:
    # 是 sounds like 时, but 这是最好的 is a superlative, not advice after a condition (时最好…)
    for claim in ("这是最好的面膜", "效果还是最好的", "这个是最好用的面霜"):
        assert "ZH-EFF-ABS-SUPERLATIVE" in {m.rule_id for m in zh_engine.match(claim)}, claim
    for advice in ("洗澡时最好用温水", "用的时候最好先试一下"):
        assert not zh_engine.match(advice), advice


def test_one_character_cues_are_not_matched_in_sound() -> None:
    negation = DualPattern("不能|不|没")
    assert negation.search(sound_text("步能"))  # 不能 heard as 步能
    assert not negation.search(sound_text("部"))  # 这部手机: a single 不-sound is not a cue


def test_digits_written_for_a_heard_sound_match_the_word() -> None:
    # a recogniser writes 7 for 期/七 and 5 for 无/五 (measured: 期 → 7 nine times)
    assert re.search(sound_pattern("手慢无"), sound_text("手慢5"))
    assert re.search(sound_pattern("限时七天"), sound_text("限时7天"))
    assert re.search(sound_pattern("[期七]"), sound_text("7"))
    assert not re.search(sound_pattern("面霜"), sound_text("面7"))
    assert not re.search(sound_pattern("手慢无"), sound_text("手慢6"))


def test_a_common_word_inside_a_long_sound_match_does_not_veto_it(zh_engine: RuleEngine) -> None:
    # 再不抢就没了 heard as 再不抢救没了: 抢救 is a common word, but 再不…没了 still carries the claim
    heard = [(m.rule_id, m.via) for m in zh_engine.match("再不抢救没了")]
    assert ("ZH-SCA-LIMITED", "sound") in heard
    # a gap in a regex must not let one rule character and a common word pass (炎…没了)
    assert not zh_engine.match("这个颜色太美了")
    # and short matches made mostly of a real word stay what was said
    assert not zh_engine.match("一直用这个")


def test_a_lone_syllable_inside_a_word_running_into_a_gap_was_said(zh_engine: RuleEngine) -> None:
    # 治…风湿 and 病…就没了 are gapped patterns: one syllable, then anything, then the rest. The
    # 直 of 直播间 and the 饼 of 饼干 sound like 治 and 病, but the speaker said those words
    for text in ("今天是给直播间的粉丝开的价", "两分钟饼干这一轮卖完就没了", "这个赠品送完就没了"):
        assert not any(m.rule.family.value == "efficacy" for m in zh_engine.match(text)), text
    # a lone syllable that is no part of a longer word still counts when heard (炎 as 盐)
    heard = [(m.rule_id, m.via) for m in zh_engine.analyse("盐衣膜就好", speech=True).matches]
    assert ("ZH-EFF-MEDICAL", "sound") in heard


@pytest.mark.parametrize("text", ["冷库都快让搬空了手慢真没了", "就剩最后两垄了把完今年就没了"])
def test_a_lone_syllable_before_a_result_complement_was_a_verb(
    zh_engine: RuleEngine, text: str
) -> None:
    # heard, 搬 and 把 sound like 斑 and 疤 of 斑…没了 / 疤…没了, but 搬空 and 把完 are a verb
    # with its result: the speaker said the verb
    heard = zh_engine.analyse(text, speech=True).matches
    assert not any(m.rule.family.value == "efficacy" for m in heard), text


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "地里就剩最后两垄了，拔完今年就没了",
            "efficacy",
        ),  # 拔 is not 疤: one syllable between gaps
        ("盐衣膜就好", "efficacy"),
        # the rule's own characters in another slot: it writes 转 in 好转, not where 症 stands
        ("转起来有点响，油脂还没走匀，转上几圈就好了", "efficacy"),
    ],
)
def test_typed_text_does_not_respell_one_syllable_between_gaps(
    zh_engine: RuleEngine, text: str, family: str
) -> None:
    # a typist hides a claim by respelling a word, not one syllable; a recogniser mishears one
    typed = zh_engine.analyse(text).matches
    assert not any(m.rule.family.value == family and m.via == "sound" for m in typed), text


def test_typed_text_still_matches_a_respelled_word(zh_engine: RuleEngine) -> None:
    found = [m.rule_id for m in zh_engine.match("这款面霜用了七天就能去班")]
    assert found == ["ZH-EFF-GUARANTEE"]


def test_a_lone_syllable_is_the_rule_s_only_if_the_matching_pattern_writes_it(
    zh_engine: RuleEngine,
) -> None:
    # the medical rule writes 颜 (排毒养颜) but not in its disease pattern (…炎…就没了): 颜色
    # said before 就没了 is a colour selling out, not an inflammation gone
    for text in ("这个颜色过两天就没了", "那款的颜色都没了"):
        assert not any(m.rule_id == "ZH-EFF-MEDICAL" for m in zh_engine.match(text)), text


def test_only_the_heard_parts_of_a_gapped_sound_match_sound_like_the_rule(
    zh_engine: RuleEngine,
) -> None:
    # 八 sounds like 疤 and 小时 like 消失, with 到10个 between: three characters heard, two of
    # them a common word, is a usage time, not a scar gone
    for text in ("这个灯一天开八到十个小时就够了", "充一次电能用八到十个小时"):
        assert not any(m.rule.family.value == "efficacy" for m in zh_engine.match(text)), text
    # a misheard claim keeps enough heard outside its common words (不疼了 heard as 不同了)
    heard = [(m.rule_id, m.via) for m in zh_engine.match("我妈风湿腿穿上这个腿就不同了")]
    assert ("ZH-EFF-MEDICAL", "sound") in heard


def test_gaps_are_named_so_a_match_can_tell_them_apart() -> None:
    marked = mark_gaps("(?:病|炎)[^，。]{0,6}(?:就|都)(?:好了|没了)")
    assert marked == "(?:病|炎)(?P<_gap0>[^，。]{0,6})(?:就|都)(?:好了|没了)"
    m = re.search(sound_pattern(marked), sound_text("饼干这一轮卖完就没了"))
    assert m is not None
    assert gap_spans(m) == ((1, 7),)


def test_a_misheard_unit_merged_with_the_next_word_is_still_a_count(zh_engine: RuleEngine) -> None:
    # 最后三箱了 heard over a phone line as 最后三项目: 项目 is a word, but 三项 is a count
    heard = [(m.rule_id, m.text) for m in zh_engine.match("后台只给了最后三项目。")]
    assert ("ZH-SCA-LAST-N", "最后三项") in heard
    # a real word after a count that is not the unit's merge stays what was said
    assert not zh_engine.match("我们做了三个项目")


def test_a_le_after_a_negation_closes_its_clause_without_a_comma(zh_engine: RuleEngine) -> None:
    # a transcript often has no punctuation: 没货了 is said and done before 最后这几单
    assert {m.rule_id for m in zh_engine.match("没货了没货了最后这几单")} == {"ZH-SCA-LAST-N"}
    # a negation still in force is still a negation
    assert not zh_engine.match("不是最后三单了")
    assert not zh_engine.match("这个不能根治湿疹")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("从来没坏过一辈子都用不坏", True),  # 没坏过 is said and done: a new claim follows
        ("我们家没有说过它能治病", False),  # what was not said stays negated
        ("我没说过一辈子都用不坏", False),
    ],
)
def test_a_guo_after_a_negated_verb_closes_its_clause(
    zh_engine: RuleEngine, text: str, flagged: bool
) -> None:
    for speech in (False, True):
        found = zh_engine.analyse(text, speech=speech).matches
        assert any(m.rule.family.value == "efficacy" for m in found) is flagged, (text, speech)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # 不 + a verb, then 就 / 以后: "if not …, then …" asserts what follows
        ("说实在等这个价钱连我的工钱都不够就当交个朋友了", "ZH-PRI-COST-STORY"),
        ("现在不买以后想买都买不到了", "ZH-SCA-LIMITED"),
    ],
)
def test_a_negated_condition_does_not_deny_what_follows_it(
    zh_engine: RuleEngine, text: str, rule: str
) -> None:
    assert rule in {m.rule_id for m in zh_engine.match(text)}


@pytest.mark.parametrize(
    "text",
    [
        # a negated copula or modal still denies the whole conditional after it
        "不是一吃就能治好",
        "不一定用两天就能治好",
        "这个不能根治湿疹",
    ],
)
def test_a_negated_copula_or_modal_still_denies_a_conditional(
    zh_engine: RuleEngine, text: str
) -> None:
    assert not {m.rule_id for m in zh_engine.match(text)} & {
        "ZH-EFF-MEDICAL",
        "ZH-EFF-GUARANTEE",
        "ZH-PRI-COST-STORY",
    }


def test_the_first_sound_check_in_a_process_reads_the_loaded_dictionary() -> None:
    # jieba loads its dictionary on first use and replaces FREQ then: a check that read FREQ
    # before segmenting saw an empty dictionary once per process and let any mishearing pass
    code = (
        "from liveguard.rules.soundform import plausible_mishearing as p\n"
        "a = frozenset('直接回到'); t = '下1波直接汇到130'\n"
        "print(p(t, 3, 7, a, frozenset()), p(t, 3, 7, a, frozenset()))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert out == ["False", "False"]


def test_a_misheard_rejection_still_takes_back_a_claim_heard_right(zh_engine: RuleEngine) -> None:
    # 没有的事 heard as 没有的失, 宣传 as 先传: the claim was heard right, the rejection only in sound
    assert not zh_engine.match("有人在公屏说这个面膜能治湿疹，没有的失")
    assert not zh_engine.match("评论区说吃了能排毒的，那都是个人感受，我们不这么先传")
    # without someone else's claim named before it, a rejection sound-alike takes nothing back
    assert {m.rule_id for m in zh_engine.match("这个面膜能治湿疹，没有的失")} == {"ZH-EFF-MEDICAL"}


def test_a_count_heard_inside_a_typed_word_is_no_claim(zh_engine: RuleEngine) -> None:
    """救生衣 sounds like 就剩一: typed, it is the word written; heard, it may be the claim."""
    typed = "救生衣放船上要放晒不到的地方"
    assert "ZH-SCA-LAST-N" not in [m.rule_id for m in zh_engine.analyse(typed).matches]
    assert "ZH-SCA-LAST-N" in [m.rule_id for m in zh_engine.analyse(typed, speech=True).matches]
    # a count the writer spelled with a sound-alike outside any word is still read
    assert "ZH-SCA-LAST-N" in [m.rule_id for m in zh_engine.analyse("旧剩一件了赶紧拍").matches]


def test_a_range_written_as_characters_admits_every_sound() -> None:
    # a YAML "\u4e00-\u9fff" reaches the compiler as the characters 一-鿿; read as two
    # syllables they made a range between two codes whose order depends on which syllables the
    # process saw first, so a pack exception matched or not by import order
    compiled = sound_pattern("纸[\u4e00-\u9fff]{0,4}包好")
    assert "\\ue000-\\uf8ff" in compiled  # the private-use block, as the escaped range gets
    # 囧 (jiong): a syllable seen, if ever, after the pattern was compiled
    assert re.search(compiled, sound_text("木架子囧囧包好"))
