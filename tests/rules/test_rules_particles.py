"""A clause-final 了 the recogniser wrote as a fuller syllable (冷, 轮, 能, 门 …) is put back
before the rules and the heads read a transcript: that 了 is where a scarcity claim ends. Words
said as such (上门, 技能, 四楼) and an answer "能，" stay; typed text is read as written."""

from __future__ import annotations

import pytest

from liveguard.rules.lexicon_repair import repair_transcript
from liveguard.rules.particles import HEARD_AS_LE, restore_final_le
from tests.support.rules import stream_rule_ids


@pytest.mark.parametrize(
    ("heard", "restored"),
    [
        # blind49's transcripts
        ("下一波再来我这儿都没地而做冷。", "下一波再来我这儿都没地而做了。"),
        ("往后可真旧见不着门。", "往后可真旧见不着了。"),
        ("这种样式的车以后可能就不让卖领", "这种样式的车以后可能就不让卖了"),
        ("还剩几个位置轮,反正", "还剩几个位置了,反正"),
    ],
)
def test_a_clause_final_le_heard_as_a_fuller_syllable_is_restored(
    heard: str, restored: str
) -> None:
    assert restore_final_le(heard) == restored


@pytest.mark.parametrize(
    "said",
    [
        "48小时内上门。",  # a word: 上门
        "腿法儿更有技能。",
        "现在剩一楼和四楼。",  # a floor after a numeral
        "能不能自己装? 能,",  # an answer, after no Chinese character
        "这个冷库门口挂的",  # not at a clause end
    ],
)
def test_words_said_as_such_are_left_alone(said: str) -> None:
    assert restore_final_le(said) == said


def test_the_restoration_keeps_the_length_and_touches_only_its_characters() -> None:
    heard = "卖完冷，明天没轮。上门"
    restored = restore_final_le(heard)
    assert len(restored) == len(heard)
    changed = [(a, b) for a, b in zip(heard, restored, strict=True) if a != b]
    assert changed
    assert all(a in HEARD_AS_LE and b == "了" for a, b in changed)


def test_a_transcript_whose_claim_ends_in_a_misheard_le_is_found() -> None:
    heard = "这个价抢不到就没轮。"
    assert "ZH-SCA-LIMITED" in stream_rule_ids(heard, speech=True)
    assert "ZH-SCA-LIMITED" not in stream_rule_ids(heard, speech=False)  # typed: read as written


def test_the_heads_read_the_restored_transcript() -> None:
    assert repair_transcript("往后可真就见不着门。", "zh") == "往后可真就见不着了。"
    assert repair_transcript("nothing left, men", "en") == "nothing left, men"
