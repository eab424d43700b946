"""The real model on the committed fixtures: text, times, simplified output, no text on non-speech."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from liveguard.contracts import Segment, StreamMeta
from liveguard.ingest.media import read_media
from liveguard.transcribe import (
    PendingUtterance,
    Recognizer,
    TranscribeOptions,
    UtteranceCutter,
)
from liveguard.transcribe.metrics import character_error_rate
from liveguard.transcribe.text import to_simplified

pytestmark = pytest.mark.slow
AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    return Recognizer(options=TranscribeOptions(language="zh"))


def _run(name: str, recognizer: Recognizer, language: str = "zh") -> list[Segment]:
    """One stream, utterance by utterance, as the stream processor feeds the recogniser."""
    options = recognizer.options.with_(language=language)
    cutter = UtteranceCutter(name, options)
    segments: list[Segment] = []
    for chunk in read_media(AUDIO / f"{name}.opus", StreamMeta(stream_id=name)):
        segments += recognizer.transcribe(cutter.feed(chunk))
    return segments + recognizer.transcribe(cutter.flush())


def _truth(name: str) -> list[dict[str, object]]:
    return list(json.loads((AUDIO / f"{name}.json").read_text(encoding="utf-8"))["utterances"])


def test_chinese_clip_is_transcribed_in_simplified_characters(recognizer: Recognizer) -> None:
    segments = _run("zh_violations", recognizer)
    truth = _truth("zh_violations")
    assert len(segments) == len(truth)
    for seg, line in zip(segments, truth, strict=True):
        assert seg.t_start == pytest.approx(line["t_start"], abs=0.5)
        assert seg.t_end == pytest.approx(line["t_end"], abs=0.5)
        assert seg.text == to_simplified(seg.text)
        assert seg.language == "zh"
        assert seg.flags == ()
        assert seg.model_version == recognizer.model_version
        assert seg.utterance_id == f"zh_violations:{seg.seq_start}"
        assert seg.wall_start is not None
        assert 0.3 < (seg.confidence or 0) <= 1
    cer = character_error_rate(
        "".join(str(u["text"]) for u in truth), "".join(s.text for s in segments)
    )
    assert cer < 0.3
    assert "最后三单" in segments[1].text


@pytest.mark.parametrize("name", ["silence", "noise_music"])
def test_non_speech_yields_no_text(recognizer: Recognizer, name: str) -> None:
    assert _run(name, recognizer) == []


def test_english_clip(recognizer: Recognizer) -> None:
    segments = _run("en_violations", recognizer, language="en")
    text = " ".join(s.text for s in segments).lower()
    assert len(segments) == 3
    assert all(s.language == "en" for s in segments)
    for words in (
        "acne",
        "guaranteed",
        "left in stock",
        "before they are gone",
        "today it is just",
    ):
        assert words in text


def test_batch_across_streams_matches_one_by_one(recognizer: Recognizer) -> None:
    pending = []
    for name in ("zh_violations", "zh_clean"):
        cutter = UtteranceCutter(name)
        for chunk in read_media(AUDIO / f"{name}.opus", StreamMeta(stream_id=name)):
            pending += cutter.feed(chunk)
        pending += cutter.flush()
    before = replace(recognizer.stats)
    batched = recognizer.transcribe(pending)
    after = recognizer.stats
    retries = after.window_retries - before.window_retries
    # one call per batch of up to max_batch utterances, one more per retry (bench/asr.py)
    size = recognizer.options.max_batch
    assert after.calls - before.calls == -(-len(pending) // size) + retries
    assert after.utterances - before.utterances == len(pending) + retries
    single = [s for utt in pending for s in recognizer.transcribe([utt])]
    assert [s.utterance_id for s in batched] == [u.utterance_id for u in pending]
    assert {s.stream_id for s in batched} == {"zh_violations", "zh_clean"}
    for a, b in zip(batched, single, strict=True):
        assert character_error_rate(b.text, a.text) < 0.15


def test_condition_on_previous_text_puts_the_last_utterance_in_the_prompt() -> None:
    shared = Recognizer(options=TranscribeOptions(language="zh", condition_on_previous_text=True))
    segments = _run("zh_clean", shared)
    assert len(segments) >= 2
    tok = shared._tokenizer("zh")

    def prompt_text(stream_id: str) -> str:
        utt = cast(PendingUtterance, SimpleNamespace(stream_id=stream_id))
        return str(tok.decode([t for t in shared._prompt_for(utt, "zh") if t < tok.eot]))

    assert segments[-1].text[-6:] in prompt_text("zh_clean")
    assert segments[-1].text[-6:] not in prompt_text("another_stream")


def test_long_hotwords_are_cut_to_the_token_budget_and_said_so(
    recognizer: Recognizer, caplog: pytest.LogCaptureFixture
) -> None:
    from liveguard.rules import hotword_vocabulary
    from liveguard.transcribe.hotwords import hotword_prompt
    from liveguard.transcribe.recognizer import MAX_HOTWORD_TOKENS

    hotwords = hotword_prompt(hotword_vocabulary("zh"), max_chars=1000)
    assert hotwords is not None
    rec = Recognizer(recognizer.model, TranscribeOptions(language="zh", hotwords=hotwords))
    tok = rec._tokenizer("zh")
    full = tok.encode(" " + hotwords)
    with caplog.at_level("INFO", logger="liveguard.transcribe.recognizer"):
        prompt = rec._prompt("zh")
    kept = prompt[1 : 1 + MAX_HOTWORD_TOKENS]
    if len(full) > MAX_HOTWORD_TOKENS:
        assert kept == full[:MAX_HOTWORD_TOKENS]
        assert "hotwords cut" in caplog.text
    else:
        assert "hotwords cut" not in caplog.text
