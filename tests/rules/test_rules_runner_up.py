"""Runner-up readings (contract 1.5): a claim the first reading misheard is checked in the
recogniser's second reading, for families the first lacks and from the utterance's words only."""

from __future__ import annotations

import pytest

from liveguard.contracts import Family, StreamMeta, make_finding_id
from liveguard.rules import StreamChecker
from liveguard.rules.learned import LearnedHit
from liveguard.rules.stream import RUNNER_UP_MARGIN
from tests.support.factories import segment


def _checker() -> StreamChecker:
    return StreamChecker("zh", stream=StreamMeta(stream_id="s1"), learned=False)


def test_a_claim_heard_only_in_the_runner_up_is_found_on_the_whole_utterance() -> None:
    first = "这款面霜用完皮肤很舒服"
    seg = segment("s1", 3, first, 10.0, 13.0, alternatives=("这款面霜三天见效，皮肤很舒服",))
    (f,) = _checker().check(seg)
    assert f.family is Family.EFFICACY
    assert (f.start, f.end) == (0, len(first))
    assert "三天见效" in f.matched_text
    assert "runner-up" in f.detail
    assert "三天见效" in f.detail
    assert f.finding_id == make_finding_id("s1", f"runner-up:{f.rule_id}", 3, 4)


def test_without_runner_ups_the_same_utterance_is_clean() -> None:
    assert _checker().check(segment("s1", 3, "这款面霜用完皮肤很舒服", 10.0, 13.0)) == []


def test_a_family_the_first_reading_found_is_not_reported_again() -> None:
    seg = segment(
        "s1", 4, "这是全网最好的面霜", 0.0, 3.0, alternatives=("这是全网第一的面霜，三天见效",)
    )
    findings = _checker().check(seg)
    assert [f.family for f in findings] == [Family.EFFICACY]
    assert "runner-up" not in findings[0].detail


def test_runner_ups_never_feed_the_stream_memory() -> None:
    """A price said only in a runner-up reading is no earlier "today's price" to contradict."""
    checker = _checker()
    checker.check(
        segment("s1", 1, "今天的价格等会儿说", 0.0, 3.0, alternatives=("今天到手价只要199元",))
    )
    later = checker.check(segment("s1", 9, "今天到手价只要259元", 60.0, 63.0))
    assert not [f for f in later if f.rule_id == "ZH-PRI-CONTRADICTION"]
    # the same two prices, both in first readings, do contradict
    checker = _checker()
    checker.check(segment("s1", 1, "今天到手价只要199元", 0.0, 3.0))
    later = checker.check(segment("s1", 9, "今天到手价只要259元", 60.0, 63.0))
    assert [f for f in later if f.rule_id == "ZH-PRI-CONTRADICTION"]


def test_a_learned_hit_on_a_runner_up_must_clear_the_threshold_by_the_margin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The thresholds are set for one reading; a second draw must score higher to count."""
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s1"))
    assert checker.learned is not None
    floor = checker.learned.heads.threshold("efficacy", checker.options.speech)
    rule = next(r for r in checker.engine.rules if r.family is Family.EFFICACY)
    first, runner_up = "今天讲讲这个杯子", "今天讲讲这个被子"
    seen: list[str] = []
    scores: list[float] = []

    def detect(
        text: str,
        covered: object = (),
        *,
        excused: object = (),
        speech: bool = False,
        margin: float = 0.0,
    ) -> list[LearnedHit]:
        """The detector's contract: a hit only at its threshold plus ``margin``."""
        seen.append(text)
        if text != runner_up or scores[-1] < floor + margin:
            return []
        return [LearnedHit(Family.EFFICACY, scores[-1], 0, len(text), text, rule, "例句", 0.9)]

    monkeypatch.setattr(checker.learned, "detect", detect)
    seg = segment("s1", 5, first, 0.0, 3.0, alternatives=(runner_up,))
    for score, kept in ((floor + RUNNER_UP_MARGIN / 2, False), (floor + RUNNER_UP_MARGIN, True)):
        scores.append(score)
        found = checker.check(seg)
        assert bool(found) is kept
    assert seen == [first, runner_up] * 2


def test_a_claim_the_first_reading_excused_is_not_retried_on_the_runner_up() -> None:
    """不能治病 heard first and 能治病 second: the first reading heard the claim and its
    negation, and a runner-up that lost the 不 does not overrule it."""
    seg = segment(
        "s1", 6, "这个不能治病，只是保湿", 0.0, 3.0, alternatives=("这个能治病，只是保湿",)
    )
    assert _checker().check(seg) == []
    # the same runner-up after a first reading that heard nothing of it is checked
    seg = segment("s1", 7, "这个只是保湿", 0.0, 3.0, alternatives=("这个能治病，只是保湿",))
    assert [f.family for f in _checker().check(seg)] == [Family.EFFICACY]


def test_the_detector_holds_a_hit_to_its_threshold_plus_the_margin() -> None:
    checker = StreamChecker("zh", stream=StreamMeta(stream_id="s1"))
    assert checker.learned is not None
    text = "这个面霜我姐用了一个月，脸上的斑全都没了，医生都说神奇"
    (hit, *_) = [
        h for h in checker.learned.detect(text, speech=True) if h.family is Family.EFFICACY
    ]
    above = hit.score - checker.learned.heads.threshold("efficacy", True)
    assert above > 0

    def efficacy(margin: float) -> list[LearnedHit]:
        found = checker.learned.detect(text, speech=True, margin=margin)  # type: ignore[union-attr]
        return [h for h in found if h.family is Family.EFFICACY]

    def spans(hits: list[LearnedHit]) -> list[tuple[int, int]]:
        return [(h.start, h.end) for h in hits]

    assert (hit.start, hit.end) in spans(efficacy(above / 2))
    stricter = efficacy(above + 0.001)
    assert (hit.start, hit.end) not in spans(stricter)
    assert all(h.score >= hit.score + 0.001 for h in stricter)
