"""Sound-alike respelling: misheard claim words are found, ordinary words are left alone."""

from __future__ import annotations

import pytest

from liveguard.rules import check_script
from liveguard.rules.soundalike import default_respeller, fuzzy_syllable


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("它能跟治失省", "它能根治失省"),
        ("百分之百幼校", "百分之百有效"),
        ("库存不多了手万无赶紧拍", "库存不多了手慢无赶紧拍"),
        ("延假399元今天只要99元", "原价399元今天只要99元"),
        ("手慢屋啊", "手慢无啊"),
        ("无效推款", "无效退款"),
    ],
)
def test_misheard_claim_words_are_respelled(heard: str, meant: str) -> None:
    out = default_respeller().respell(heard)
    assert out.text == meant
    assert len(out.text) == len(heard)
    assert out.spans


@pytest.mark.parametrize(
    "text",
    [
        "跟着主播一起做",
        "有效期到明年三月",
        "幼儿园的小朋友也能用",
        "这个包又小又轻",
        "跟直播间的姐妹们说一下",
        "手腕无力的可以试试护腕",
        "盐价3块一包",
        "延期3天发货",
        "百分之百有效",
        "手慢的话也有货",
        "无效的成分我们不加",
    ],
)
def test_ordinary_words_are_not_respelled(text: str) -> None:
    out = default_respeller().respell(text)
    assert out.text == text
    assert out.spans == ()


def test_fuzzy_syllables_fold_only_the_known_confusions() -> None:
    assert fuzzy_syllable("man") == fuzzy_syllable("wan")
    assert fuzzy_syllable("yuan") == fuzzy_syllable("yan")
    assert fuzzy_syllable("zhi") == fuzzy_syllable("zi")
    assert fuzzy_syllable("gen") != fuzzy_syllable("gan")


def test_finding_quotes_what_was_transcribed() -> None:
    found = check_script("我可以告诉大家,它能跟治失省。", language="zh")
    assert [(sf.finding.rule_id, sf.finding.matched_text) for sf in found] == [
        ("ZH-EFF-MEDICAL", "跟治")
    ]
