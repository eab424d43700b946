"""A loop that survives the retries: held back from the rules, or collapsed and checked."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pytest

from liveguard.contracts import SUSPECT_HALLUCINATION
from liveguard.transcribe import PendingUtterance, Recognizer, TranscribeOptions, guards
from liveguard.transcribe.model import LoadedModel
from liveguard.transcribe.recognizer import _Decoded


class _FakeModel:
    version = "fake-whisper"


def _recognizer(
    text: str, windows: list[int] | None = None, **options: Any
) -> tuple[Recognizer, list[int]]:
    """A recogniser whose decoder always hears ``text``; the list counts decoder calls, and
    ``windows`` (when given) collects the window of each call, in frames."""
    rec = Recognizer(
        model=cast(LoadedModel, _FakeModel()), options=TranscribeOptions(language="zh", **options)
    )
    calls: list[int] = []

    def generate(
        audios: list[np.ndarray], lang: str, min_frames: int, *_: Any, **__: Any
    ) -> list[_Decoded]:
        calls.append(len(audios))
        if windows is not None:
            windows.append(min_frames)
        return [_Decoded(text, avg_logprob=-0.3, no_speech_prob=0.01) for _ in audios]

    rec._generate = generate  # type: ignore[method-assign]
    rec._prompt_for = lambda utt, lang: []  # type: ignore[method-assign]
    return rec, calls


def _utterance() -> PendingUtterance:
    return PendingUtterance(
        stream_id="room",
        seq_start=0,
        seq_end=2,
        start_sample=0,
        end_sample=32000,
        audio=np.zeros(32000, dtype=np.float32),
        language="zh",
        speech_ratio=0.9,
    )


LOOPED = "今天的酱鸭价价价价价价价价价价价价价价"


def test_a_loop_is_held_back_when_collapsing_is_off() -> None:
    rec, calls = _recognizer(LOOPED, collapse_loops=False)
    (seg,) = rec.transcribe([_utterance()])
    assert calls == [1, 1]  # the window retry ran
    assert rec.stats.window_retries == 1  # and bench/asr.py can see that it did
    assert SUSPECT_HALLUCINATION in seg.flags
    assert guards.LOOP in seg.flags
    assert seg.text == LOOPED


def test_a_loop_is_collapsed_and_goes_to_the_rules_by_default() -> None:
    rec, calls = _recognizer(LOOPED)
    (seg,) = rec.transcribe([_utterance()])
    assert calls == [1, 1]
    assert seg.text == "今天的酱鸭价"
    assert seg.flags == (guards.COLLAPSED,)


@pytest.mark.parametrize("text", ["最后三单最后三单最后三单最后三单", "今天价格真的很便宜"])
def test_collapse_touches_nothing_else(text: str) -> None:
    rec, _ = _recognizer(text, collapse_loops=True)
    (seg,) = rec.transcribe([_utterance()])
    looped = guards.LOOP in guards.judge(text).flags
    assert seg.flags == ((guards.COLLAPSED,) if looped else ())
    assert seg.text == (guards.collapse_repeats(text) if looped else text)


def test_temperature_retries_are_counted_apart_from_the_window_one() -> None:
    rec, calls = _recognizer(LOOPED, temperatures=(0.4, 0.8))
    rec.transcribe([_utterance()])
    assert calls == [1, 1, 1, 1]
    assert (rec.stats.window_retries, rec.stats.temperature_retries) == (1, 2)
    clean, _ = _recognizer("今天价格真的很便宜", temperatures=(0.4,))
    clean.transcribe([_utterance()])
    assert (clean.stats.window_retries, clean.stats.temperature_retries) == (0, 0)


def test_a_broken_result_is_decoded_again_in_the_retry_window() -> None:
    # a recording keeps Whisper's 30 s; the live path bounds its slowest call with a shorter one
    for retry_s, expected in ((30.0, [1000, 3000]), (15.0, [1000, 1500])):
        windows: list[int] = []
        rec, _ = _recognizer(LOOPED, windows, retry_window_s=retry_s)
        rec.transcribe([_utterance()])
        assert windows == expected
        assert rec.stats.window_retries == 1


def test_no_retry_when_the_retry_window_is_no_wider() -> None:
    windows: list[int] = []
    rec, calls = _recognizer(LOOPED, windows, retry_window_s=10.0)
    (seg,) = rec.transcribe([_utterance()])
    assert calls == [1]
    assert rec.stats.window_retries == 0
    assert seg.flags == (guards.COLLAPSED,)  # the loop still reaches the rules, cut to one copy


def test_the_shortest_window_is_an_option_and_bounds_the_retry() -> None:
    # an operator trading CER for streams pads to 5 s; a retry must then be wider than 5 s
    windows: list[int] = []
    rec, _ = _recognizer("今天价格真的很便宜", windows, min_window_s=5.0)
    rec.transcribe([_utterance()])
    assert windows == [500]  # a 2 s utterance padded to the 5 s floor, not to 10 s
    windows.clear()
    looped, _ = _recognizer(LOOPED, windows, min_window_s=5.0, retry_window_s=10.0)
    looped.transcribe([_utterance()])
    assert windows == [500, 1000]  # 10 s is wider than the 5 s window: the retry runs
    assert looped.stats.window_retries == 1
