"""A full stop a recogniser writes inside one utterance is a pause it heard, not the end of the
speaker's sentence: in a transcript the rules read it as a clause break, so an exemption that
needs the rest of the sentence still sees it. Typed text keeps its sentences."""

from __future__ import annotations

import pytest

from liveguard.rules.engine import load_engine
from tests.support.rules import stream_rule_ids

# a quoted claim answered after the recogniser's "。" (blind19's clip, as Whisper wrote it)
HEARD = "有人跟我说吃了这个骨头就不疼了。我跟你说,骨头疼得去医院拍片子,千万别耽误了。"


def test_a_heard_stop_inside_an_utterance_keeps_the_answer_to_a_quoted_claim() -> None:
    assert stream_rule_ids(HEARD, speech=True) == set()
    # typed, the full stop ends the sentence and the quoted claim stands alone
    assert "ZH-EFF-MEDICAL" in stream_rule_ids(HEARD, speech=False)


def test_a_claim_heard_before_a_stop_is_still_found_and_quoted_as_transcribed() -> None:
    engine = load_engine("zh")
    text = "这个茶喝了三天血压就降下来了。今天九十九"
    matches = engine.analyse(text, speech=True).matches
    assert "ZH-EFF-MEDICAL" in {m.rule.id for m in matches}
    assert all(m.text == text[m.start : m.end] for m in matches)  # quoted as transcribed


@pytest.mark.parametrize("speech", [True, False])
def test_a_final_stop_is_left_alone(speech: bool) -> None:
    engine = load_engine("zh")
    assert engine.analyse("最后三单了。", speech=speech).matches
