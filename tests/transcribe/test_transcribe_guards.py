"""Hallucination guards: non-speech dropped, credits and loops flagged, speech kept."""

from __future__ import annotations

import pytest

from liveguard.transcribe import guards
from liveguard.transcribe.text import normalise


@pytest.mark.parametrize("text", ["", "  ", "(音乐)", "[Music]", "♪♪♪", "【掌声】", "..."])
def test_non_speech_text_is_dropped(text: str) -> None:
    assert not guards.judge(text).keep


@pytest.mark.parametrize(
    "text",
    [
        "字幕由Amara.org社区提供",
        "请不吝点赞 订阅 转发 打赏支持明镜与点点栏目",
        "Thanks for watching!",
    ],
)
def test_subtitle_credits_on_weak_speech_are_dropped(text: str) -> None:
    verdict = guards.judge(text, speech_ratio=0.2)
    assert not verdict.keep
    assert guards.CREDITS in verdict.flags


def test_credit_inside_real_speech_is_kept_but_flagged() -> None:
    verdict = guards.judge(
        "好的今天直播就到这里，感谢大家观看，我们明天同一时间再见", speech_ratio=0.9
    )
    assert verdict.keep
    assert guards.SUSPECT in verdict.flags


def test_repetition_loop_is_flagged() -> None:
    verdict = guards.judge("用了马上去皱纹," * 8)
    assert verdict.keep
    assert guards.LOOP in verdict.flags


def test_confident_no_speech_is_dropped() -> None:
    assert not guards.judge("嗯", no_speech_prob=0.9, avg_logprob=-1.5).keep


def test_ordinary_speech_passes_untouched() -> None:
    text = "最后三单了，卖完就没有了，大家抓紧时间下单。"
    verdict = guards.judge(text, no_speech_prob=0.01, avg_logprob=-0.2, speech_ratio=0.9)
    assert verdict == guards.Verdict(text, keep=True, flags=())


def test_normalise_makes_chinese_simplified_and_compact() -> None:
    assert normalise("原價 三百 九十九，這款面霜", "zh") == "原价三百九十九，这款面霜"
    assert normalise("  It was  $99. ", "en") == "It was $99."


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("能不能期等４说实话不能", "能不能期等，说实话不能"),
        ("直播间399Ｇ我当时都进来了", "直播间399，我当时都进来了"),
        ("就得再等半年０", "就得再等半年，"),
        ("剩这一个货柜ＧＧ卖完我也不知道", "剩这一个货柜，卖完我也不知道"),
        # digits and letters Whisper writes as they are stay: they are numbers and words
        ("今天39块9，两盒79块8", "今天39块9，两盒79块8"),
        ("这款SPF50的防晒", "这款SPF50的防晒"),
    ],
)
def test_full_width_letters_and_digits_are_the_recognisers_pauses(heard: str, written: str) -> None:
    """Whisper base writes a full-width letter or digit in Chinese only where a pause belongs;
    read as a character it would become a figure (４ is 4) or a sound (4 is si, like 是)."""
    assert normalise(heard, "zh") == written
    assert normalise(written, "zh") == written


@pytest.mark.parametrize(
    ("looped", "collapsed"),
    [
        ("酱鸭价价价价价价价价价价", "酱鸭价"),
        ("九点整准时下架酒店正均均均均均均", "九点整准时下架酒店正均"),
        ("这个面霜这个面霜这个面霜这个面霜这个面霜真的好用", "这个面霜真的好用"),
    ],
)
def test_collapse_cuts_each_run_of_repeats_to_one_copy(looped: str, collapsed: str) -> None:
    assert guards.LOOP in guards.judge(looped).flags
    assert guards.collapse_repeats(looped) == collapsed
    assert guards.judge(collapsed).flags == ()


@pytest.mark.parametrize(
    "text",
    [
        "买买买，家人们家人们，三二一上链接",
        "来来来来库存不多了手慢无赶紧拍",  # four copies: still speech
        "限量编号的仅供9999套，已经卖到800多号了",  # a number, not a loop
    ],
)
def test_ordinary_repeats_are_neither_loops_nor_collapsed(text: str) -> None:
    assert guards.collapse_repeats(text) == text
    assert guards.LOOP not in guards.judge(text).flags
