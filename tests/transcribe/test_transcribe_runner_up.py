"""Runner-up readings: asked for only where the beam holds them, cleaned up like the first
reading, and carried on the segment by the real model."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from liveguard.contracts import StreamMeta
from liveguard.errors import ConfigError
from liveguard.ingest.media import read_media
from liveguard.pipeline.scan import recording_settings
from liveguard.settings import load_settings
from liveguard.transcribe import Recognizer, TranscribeOptions, UtteranceCutter
from liveguard.transcribe.recognizer import _Decoded

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"


def test_a_beam_holds_at_most_its_width_less_one_runner_ups() -> None:
    assert TranscribeOptions(beam_size=5, alternatives=4).alternatives == 4
    with pytest.raises(ValueError, match="at most 0 runner-up"):
        TranscribeOptions(beam_size=1, alternatives=1)


def test_settings_refuse_runner_ups_the_beam_cannot_hold() -> None:
    with pytest.raises(ConfigError, match="ALTERNATIVES"):
        load_settings(alternatives=1)
    with pytest.raises(ConfigError, match="SCAN_ALTERNATIVES"):
        load_settings(scan_alternatives=3, scan_beam_size=2)
    assert load_settings(alternatives=1, beam_size=2).alternatives == 1


def test_live_reads_greedily_and_a_recording_keeps_a_runner_up() -> None:
    settings = load_settings()
    live = TranscribeOptions.from_settings(recording_settings(settings, realtime=True))
    scan = TranscribeOptions.from_settings(recording_settings(settings, realtime=False))
    assert (live.beam_size, live.alternatives) == (1, 0)
    assert (scan.beam_size, scan.alternatives) == (5, 1)


def test_runner_ups_are_cleaned_and_never_the_first_reading_or_a_loop() -> None:
    fake = SimpleNamespace(options=TranscribeOptions(beam_size=5, alternatives=4))
    dec = _Decoded(
        "今天只要九十九",
        -0.2,
        0.0,
        ("今天只要九十九", "今天只要九十酒", "", "哈" * 60, "今天只要九十酒"),
    )
    assert Recognizer._alternatives(fake, dec, "今天只要九十九", "zh") == ("今天只要九十酒",)  # type: ignore[arg-type]


@pytest.mark.slow
def test_the_real_model_hands_on_runner_ups_with_the_segment() -> None:
    rec = Recognizer(options=TranscribeOptions(language="zh", beam_size=5, alternatives=1))
    cutter = UtteranceCutter("zh_violations", rec.options)
    segments = []
    for chunk in read_media(AUDIO / "zh_violations.opus", StreamMeta(stream_id="zh_violations")):
        segments += rec.transcribe(cutter.feed(chunk))
    segments += rec.transcribe(cutter.flush())
    assert segments
    assert all(len(s.alternatives) <= 1 for s in segments)
    assert all(s.text not in s.alternatives for s in segments)
    assert any(s.alternatives for s in segments)
