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
