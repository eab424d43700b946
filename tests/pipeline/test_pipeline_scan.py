"""`liveguard scan` end to end: real audio, real model, real rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from liveguard.cli import build_app
from liveguard.contracts import Correction, Finding, Scope, Segment
from liveguard.pipeline.demo import find_demo_stream
from liveguard.pipeline.processor import StreamProcessor
from liveguard.pipeline.scan import scan_file
from liveguard.pipeline.worker_components import build_processor, real_components
from liveguard.settings import get_settings

pytestmark = pytest.mark.slow
AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"


@pytest.fixture(scope="module")
def processor() -> StreamProcessor:
    """What ``liveguard scan`` runs: the real components, the one processor, no clip store."""
    settings = get_settings().model_copy(update={"language": "zh"})
    return build_processor(real_components(settings), settings, keep_clips=False)


def _scan_all(
    name: str, processor: StreamProcessor
) -> tuple[list[Segment], list[Finding], list[Correction]]:
    segments: list[Segment] = []
    findings: list[Finding] = []
    corrections: list[Correction] = []
    demo = find_demo_stream()
    source = demo if name == demo.stem else AUDIO / f"{name}.opus"
    for kind, item in scan_file(str(source), processor):
        if kind == "segment":
            assert isinstance(item, Segment)
            segments.append(item)
        elif kind == "correction":
            assert isinstance(item, Correction)
            corrections.append(item)
        else:
            assert isinstance(item, Finding)
            findings.append(item)
    return segments, findings, corrections


def _scan(name: str, processor: StreamProcessor) -> tuple[list[Segment], list[Finding]]:
    segments, findings, _ = _scan_all(name, processor)
    return segments, findings


def _truth(name: str) -> list[dict[str, object]]:
    return list(json.loads((AUDIO / f"{name}.json").read_text(encoding="utf-8"))["utterances"])


def test_chinese_clip_yields_each_family_at_the_right_time(processor: StreamProcessor) -> None:
    segments, findings = _scan("zh_violations", processor)
    by_id = {s.utterance_id: s for s in segments}
    truth = _truth("zh_violations")

    def distance(t: float, line: dict[str, object]) -> float:
        t0, t1 = float(line["t_start"]), float(line["t_end"])  # type: ignore[arg-type]
        return max(0.0, t0 - t, t - t1)

    got: list[set[str]] = [set() for _ in truth]
    for f in findings:
        assert f.t_start is not None
        nearest = min(range(len(truth)), key=lambda i: distance(f.t_start or 0.0, truth[i]))
        assert distance(f.t_start, truth[nearest]) <= 1.0, f
        got[nearest].add(str(f.family))
    assert got == [set(line["families"]) for line in truth]  # type: ignore[call-overload]
    for f in findings:
        seg = by_id[f.utterance_id or ""]
        assert seg.text[f.start : f.end] == f.matched_text
        assert f.stream_id == "zh_violations"
        assert f.model_version == seg.model_version


def test_clean_clip_has_no_findings(processor: StreamProcessor) -> None:
    segments, findings = _scan("zh_clean", processor)
    assert len(segments) == 3
    assert findings == []


def test_long_stream_gives_a_stream_level_finding(processor: StreamProcessor) -> None:
    segments, findings, corrections = _scan_all("demo_stream_zh", processor)
    # the demo's three 2026 duties (scripts/fixtures/demo_stream_zh.txt): a stated price basis,
    # a sales claim without proof, and the host's correction of the contradicted price
    basis = [f for f in findings if f.rule_id == "ZH-PRI-REFERENCE-BASIS"]
    assert basis, [f.rule_id for f in findings]
    assert basis[0].price_basis is not None
    assert basis[0].price_basis.kind == "msrp"
    sales = [f for f in findings if f.rule_id == "ZH-EFF-SALES-HONOUR"]
    assert [f.evidence.value for f in sales] == ["evidence_required"]
    contradiction = [f.finding_id for f in findings if f.rule_id == "ZH-PRI-CONTRADICTION"]
    assert len(contradiction) == 1  # the corrected price 九十九 is not a second contradiction
    assert corrections
    assert all(c.corrected_finding_ids == tuple(contradiction) for c in corrections)
    assert len(segments) >= 18
    stream_level = [f for f in findings if f.scope == Scope.STREAM]
    assert stream_level, [f.rule_id for f in findings]
    repeat = [f for f in stream_level if f.family == "scarcity"]
    assert repeat, "the repeated 最后三单 was not noticed"
    # the second claim comes about 105 s after the first (see scripts/fixtures/demo_stream_zh.txt)
    assert repeat[0].t_start is not None
    assert repeat[0].t_start > 120
    assert repeat[0].related_utterance_ids


def test_cli_scans_other_files_after_a_corrupt_one() -> None:
    result = CliRunner().invoke(
        build_app(),
        [
            "scan",
            "--format",
            "jsonl",
            str(AUDIO / "corrupt.opus"),
            str(AUDIO / "zh_violations.opus"),
            str(AUDIO / "silence.opus"),
        ],
    )
    assert result.exit_code == 2
    assert "corrupt.opus" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    sources = {Path(r["source"]).name for r in records}
    assert sources == {"zh_violations.opus"}
    kinds = [r["type"] for r in records]
    assert kinds.count("segment") == 4
    finding = next(r for r in records if r["type"] == "finding")
    for key in ("t_start", "t_end", "start", "end", "scope", "rule_id", "legal_basis"):
        assert key in finding


def test_cli_text_output_and_exit_status() -> None:
    app = build_app()
    clean = CliRunner().invoke(app, ["scan", str(AUDIO / "silence.opus")])
    assert clean.exit_code == 0, clean.output
    found = CliRunner().invoke(app, ["scan", str(AUDIO / "zh_violations.opus")])
    assert found.exit_code == 1
    # the second line starts at 6.1 s; segments begin up to the VAD padding earlier
    assert re.search(r"\[00:0(5\.[6-9]|6\.[01])–", found.stdout), found.stdout
    assert "最后三单" in found.stdout
    assert "scarcity/" in found.stdout


def test_a_recording_is_cut_at_the_longer_silence_and_a_live_feed_is_not() -> None:
    # a recording has no live deadline: a sentence said with half-second pauses is one
    # utterance; fed at real speed the file is judged as a live stream would be
    from pydantic import ValidationError

    from liveguard.pipeline.scan import recording_settings
    from liveguard.settings import Settings

    settings = Settings(vad_min_silence_ms=500, scan_vad_min_silence_ms=800)
    assert recording_settings(settings, realtime=False).vad_min_silence_ms == 800
    assert recording_settings(settings, realtime=True).vad_min_silence_ms == 500
    # a silence too short to end anything, or no number at all, is refused when read
    for bad in (50, "eight hundred"):
        with pytest.raises(ValidationError, match="scan_vad_min_silence_ms"):
            Settings(scan_vad_min_silence_ms=bad)


def test_a_recording_retries_a_broken_utterance_in_the_full_window_and_live_does_not() -> None:
    # live, the retry is the slowest call there is; a recording has no deadline to keep
    from pydantic import ValidationError

    from liveguard.pipeline.scan import recording_settings
    from liveguard.settings import Settings
    from liveguard.transcribe import TranscribeOptions

    settings = Settings()
    live = TranscribeOptions.from_settings(recording_settings(settings, realtime=True))
    recording = TranscribeOptions.from_settings(recording_settings(settings, realtime=False))
    assert live.retry_window_s <= live.min_window_s  # no retry: a loop is collapsed instead
    assert recording.retry_window_s == 30.0
    with pytest.raises(ValidationError, match="retry_window_s"):
        Settings(retry_window_s=31)


def test_the_shortest_window_is_a_setting_live_and_for_a_recording() -> None:
    # the window is the recogniser's main cost: an operator sets it per path, both from Settings
    from pydantic import ValidationError

    from liveguard.pipeline.scan import recording_settings
    from liveguard.settings import Settings
    from liveguard.transcribe import TranscribeOptions

    settings = Settings(min_window_s=5.0, scan_min_window_s=12.0)
    live = TranscribeOptions.from_settings(recording_settings(settings, realtime=True))
    recording = TranscribeOptions.from_settings(recording_settings(settings, realtime=False))
    assert (live.min_window_s, recording.min_window_s) == (5.0, 12.0)
    default = TranscribeOptions.from_settings(Settings())
    assert default.min_window_s == 10.0
    for bad in (0.5, 31):
        with pytest.raises(ValidationError, match="min_window_s"):
            Settings(min_window_s=bad)
