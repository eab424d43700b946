"""On-the-spot corrections (第三十一条): recognised in both languages and through ASR errors,
never findings themselves, marking the earlier finding corrected; a corrected claim said again
is a stream-level finding."""

from __future__ import annotations

from decimal import Decimal

from liveguard.contracts import Correction, Finding, Segment, StreamMeta
from liveguard.rules import StreamChecker, StreamCheckerState


def _run(lines: list[str], lang: str = "zh") -> tuple[list[list[Finding]], list[Correction]]:
    checker = StreamChecker(lang, stream=StreamMeta(stream_id="s"))
    found: list[list[Finding]] = []
    corrections: list[Correction] = []
    for i, text in enumerate(lines):
        found.append(checker.check(_segment(i, text)))
        corrections.extend(checker.take_corrections())
    return found, corrections


def _segment(i: int, text: str) -> Segment:
    return Segment(
        stream_id="s",
        utterance_id=f"s:{i}",
        seq_start=i,
        seq_end=i,
        text=text,
        t_start=i * 10.0,
        t_end=i * 10.0 + 4,
    )


def _ids(findings: list[Finding]) -> set[str]:
    return {f.rule_id for f in findings}


def test_corrected_price_does_not_fire_the_contradiction_rule() -> None:
    found, corrections = _run(
        [
            "今天到手价只要199元",
            "今天到手价只要259元",
            "不好意思刚才说错了，以页面为准，今天到手价是199元",
        ]
    )
    assert "ZH-PRI-CONTRADICTION" in _ids(found[1])
    assert found[2] == []  # 199 contradicts the misspoken 259, but it is the correction
    (correction,) = corrections
    assert correction.corrected_finding_ids == tuple(f.finding_id for f in found[1])
    assert correction.kind == "corrected_value"
    assert correction.corrected_value == Decimal("199")
    assert correction.utterance_id == "s:2"
    assert correction.delay_s == 10.0


def test_without_the_cue_the_same_price_change_is_a_contradiction() -> None:
    found, corrections = _run(["今天到手价只要199元", "今天到手价只要259元", "今天到手价是199元"])
    assert "ZH-PRI-CONTRADICTION" in _ids(found[2])
    assert corrections == []


def test_cue_garbled_by_speech_recognition_is_still_a_correction() -> None:
    # 更正一下 heard as 跟正一下, 以页面为准 as 一页面为准
    for cue in ("跟正一下", "一页面为准"):
        found, corrections = _run(
            ["今天到手价只要199元", "今天到手价只要259元", f"{cue}，今天到手价是199元"]
        )
        assert found[2] == [], cue
        assert len(corrections) == 1, cue


def test_withdrawn_efficacy_claim_marks_it_corrected() -> None:
    found, corrections = _run(
        ["这个面霜能根治湿疹", "不好意思，刚才说错了，它不能治疗湿疹，只是保湿"]
    )
    assert found[0]
    (correction,) = corrections
    assert correction.kind == "withdrawn"
    assert set(correction.corrected_finding_ids) == {f.finding_id for f in found[0]}


def test_cue_words_without_an_earlier_finding_correct_nothing() -> None:
    found, corrections = _run(["纠正一下坐姿，这个面霜能根治湿疹"])
    assert corrections == []
    assert "ZH-EFF-MEDICAL" in _ids(found[0])  # not a correction, so the claim counts


def test_repeating_a_corrected_claim_is_a_stream_finding() -> None:
    found, _ = _run(
        [
            "今天到手价只要199元",
            "今天到手价只要259元",
            "不好意思刚才说错了，以页面为准，今天到手价是199元",
            "大家放心拍",
            "今天到手价只要259元",
        ]
    )
    repeat = [f for f in found[4] if f.rule_id == "ZH-PRI-CORRECTED-REPEAT"]
    assert len(repeat) == 1
    assert repeat[0].scope.value == "stream"
    assert repeat[0].evidence.value == "verified"
    assert set(repeat[0].related_utterance_ids) == {"s:1", "s:2"}


def test_corrected_claims_survive_a_checkpoint() -> None:
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s"))
    lines = ["这个面霜能根治湿疹", "刚才说错了，它不能治疗湿疹"]
    for i, text in enumerate(lines):
        checker.check(_segment(i, text))
    assert len(checker.take_corrections()) == 1
    state = StreamCheckerState.model_validate_json(checker.snapshot().model_dump_json())
    again = StreamChecker.restore(state).check(_segment(5, "这个面霜能根治湿疹"))
    assert "ZH-EFF-CORRECTED-REPEAT" in _ids(again)


def test_english_correction_does_not_fire_the_contradiction_rule() -> None:
    found, corrections = _run(
        ["Today just $19", "Today just $29", "Sorry, I misspoke, go by the listing, it's $19"],
        lang="en",
    )
    assert "EN-PRI-CONTRADICTION" in _ids(found[1])
    assert found[2] == []
    (correction,) = corrections
    assert correction.corrected_value == Decimal("19")


def test_correction_cut_into_two_utterances_is_one_correction() -> None:
    # speech recognition often cuts "不好意思，刚才说错了，以页面为准，…九十九元" in two
    found, corrections = _run(
        [
            "今天直播间只要99元",
            "我们的面霜已经卖出去十万多瓶了",
            "这款面霜今天只要129元",
            "不好意思，刚才说错了",
            "今天直播间只要99元",
        ]
    )
    assert "ZH-PRI-CONTRADICTION" in _ids(found[2])
    assert found[4] == []  # the corrected price, not a new contradiction
    first, second = corrections
    contradiction = {f.finding_id for f in found[2]}
    assert set(first.corrected_finding_ids) == contradiction
    assert set(second.corrected_finding_ids) == contradiction  # not the sales claim
    assert second.corrected_value == Decimal("99")


def test_not_this_but_that_withdraws_the_claim_it_names() -> None:
    found, corrections = _run(
        ["这个面霜能根治湿疹", "大家看一下质地", "不是根治湿疹，而是缓解皮肤干燥"]
    )
    (correction,) = corrections
    assert correction.kind == "withdrawn"
    assert correction.cue.startswith("不是")
    assert set(correction.corrected_finding_ids) == {f.finding_id for f in found[0]}
    # without the earlier claim, 不是…而是… is plain speech, not a correction
    _, none = _run(["不是贵，而是用料好"])
    assert none == []


def test_an_owned_mistake_or_overstatement_is_a_correction() -> None:
    # blind51 (spent): a host owning a mistake (我搞错了, 我讲多了) or an overstatement said as a
    # clause of its own (…，说多了，…); "that were daft of me" in English
    for cue in ("我搞错了", "我讲多了", "说多了"):
        found, corrections = _run(["这个面霜能根治湿疹", f"刚才说它能根治湿疹，{cue}，它只是保湿"])
        assert found[0], cue
        assert len(corrections) == 1, cue
        assert found[1] == [], cue
    found, corrections = _run(
        [
            "This cream cures eczema.",
            "I did say earlier it cures eczema, and that were daft of me, it only moisturises.",
        ],
        lang="en",
    )
    assert found[0]
    assert len(corrections) == 1


def test_declining_to_say_more_is_no_correction() -> None:
    # "说多了不好" / "说多了你们不信" declines to say more (and often hints at a claim): no cue
    found, corrections = _run(
        ["这个面霜能根治湿疹", "国家那个部门的大楼刷的都是这个，俺不能多说，说多了不好"]
    )
    assert corrections == []
    assert found[1]
