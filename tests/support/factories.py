"""Contract records for tests and benchmarks, built one way.

Every builder makes a valid record from the few values a test cares about; ids are derived the
way the pipeline derives them (``utterance_id_for``, ``make_finding_id``), so a record built
here is indistinguishable from one the worker publishes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from liveguard.contracts import (
    ClipRef,
    Correction,
    CorrectionEvent,
    Family,
    Finding,
    FindingEvent,
    FoundBy,
    Segment,
    SegmentEvent,
    Severity,
    StreamMeta,
    StreamStarted,
    make_correction_id,
    make_finding_id,
    utterance_id_for,
)

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
"""A fixed wall-clock moment for records whose time does not matter to the test."""


def stream_meta(
    stream_id: str = "s-1",
    host: str = "h-1",
    merchant: str = "m-1",
    *,
    platform: str = "p-1",
    room: str = "r-1",
) -> StreamMeta:
    return StreamMeta(
        stream_id=stream_id, platform_id=platform, room_id=room, host_id=host, merchant_id=merchant
    )


def segment(
    stream_id: str,
    seq: int,
    text: str,
    t_start: float,
    t_end: float,
    *,
    seq_end: int | None = None,
    **extra: Any,
) -> Segment:
    """An utterance that began at chunk ``seq`` (``seq_end`` defaults to the same chunk)."""
    return Segment(
        stream_id=stream_id,
        utterance_id=utterance_id_for(stream_id, seq),
        seq_start=seq,
        seq_end=seq if seq_end is None else seq_end,
        text=text,
        t_start=t_start,
        t_end=t_end,
        **extra,
    )


def finding(
    on: Segment,
    rule_id: str,
    match: str,
    *,
    family: Family = Family.EFFICACY,
    severity: Severity = Severity.HIGH,
    message: str = "medical efficacy claim for a non-drug",
    legal_basis: tuple[str, ...] = ("CN-AD-17",),
    suggestion: str = "",
    t_start: float | None = None,
    t_end: float | None = None,
    version: str = "test",
    **extra: Any,
) -> Finding:
    """A finding on the words ``match`` of segment ``on`` (times default to the segment's)."""
    start = on.text.index(match)
    return Finding(
        finding_id=make_finding_id(on.stream_id, rule_id, on.seq_start, start),
        rule_id=rule_id,
        family=family,
        severity=severity,
        message=message,
        legal_basis=legal_basis,
        suggestion=suggestion,
        matched_text=match,
        start=start,
        end=start + len(match),
        t_start=on.t_start if t_start is None else t_start,
        t_end=on.t_end if t_end is None else t_end,
        stream_id=on.stream_id,
        utterance_id=on.utterance_id,
        rule_pack_version=version,
        **extra,
    )


def finding_event(
    *,
    stream_id: str = "s-1",
    seq: int = 0,
    rule_id: str = "zh.efficacy.cure",
    severity: Severity = Severity.HIGH,
    family: Family = Family.EFFICACY,
    at: datetime = T0,
    text_: str = "这个面霜能治疗湿疹",
    match: str = "治疗",
    host: str = "h-1",
    merchant: str = "m-1",
    clip: str | None = None,
    version: str = "zh-1.0",
    detector: FoundBy = FoundBy.RULES,
) -> FindingEvent:
    """A finding as the worker would publish it: utterance ``seq`` spoken at ``at``, 4 s long,
    utterances 5 s apart, the matched words 1–2 s in. A learned hit gets its id the way the
    learned detector makes it (per family) and a detector version of its own."""
    t = float(seq * 5)
    seg = segment(stream_id, seq, text_, t, t + 4, seq_end=seq + 4, wall_start=at)
    found = finding(
        seg,
        rule_id,
        match,
        family=family,
        severity=severity,
        suggestion="describe the care routine, not a cure",
        t_start=t + 1,
        t_end=t + 2,
        version=version,
        detector=detector,
        detector_version="claims-test" if detector is FoundBy.LEARNED else version,
    )
    if detector is FoundBy.LEARNED:
        found = found.model_copy(
            update={
                "finding_id": make_finding_id(
                    stream_id, f"learned:{family.value}", seq, found.start
                )
            }
        )
    ref = ClipRef(uri=clip, t_start=max(t - 5, 0), t_end=t + 9) if clip else None
    return FindingEvent(
        stream=stream_meta(stream_id, host, merchant), finding=found, segment=seg, clip=ref
    )


def correction_event(
    finding_ids: list[str],
    *,
    stream_id: str = "s-1",
    seq: int = 10,
    at: datetime = T0,
    text_: str = "不好意思刚才说错了，它不能治疗湿疹",
    clip: str | None = None,
    host: str = "h-1",
    merchant: str = "m-1",
) -> CorrectionEvent:
    """The host's correction of ``finding_ids``, said in utterance ``seq`` at ``at`` (timed
    like ``finding_event``)."""
    t = float(seq * 5)
    seg = segment(stream_id, seq, text_, t, t + 4, seq_end=seq + 4, wall_start=at)
    correction = Correction(
        correction_id=make_correction_id(stream_id, seq),
        stream_id=stream_id,
        utterance_id=seg.utterance_id,
        corrected_finding_ids=tuple(finding_ids),
        kind="withdrawn",
        cue="刚才说错了",
        text=text_,
        t_start=t,
        t_end=t + 4,
    )
    ref = ClipRef(uri=clip, t_start=max(t - 5, 0), t_end=t + 9) if clip else None
    return CorrectionEvent(
        stream=stream_meta(stream_id, host, merchant), correction=correction, segment=seg, clip=ref
    )


def segment_event(stream_id: str, seq: int, words: str, at: datetime = T0) -> SegmentEvent:
    """A transcribed utterance as the worker would publish it (timed like ``finding_event``)."""
    t = float(seq * 5)
    return SegmentEvent(
        stream=stream_meta(stream_id),
        segment=segment(stream_id, seq, words, t, t + 4, seq_end=seq + 4, wall_start=at),
    )


def started(stream_id: str, host: str = "h-1", merchant: str = "m-1") -> StreamStarted:
    """Goes live now (blacklist checks use the event's time)."""
    return StreamStarted(stream=stream_meta(stream_id, host, merchant), at=datetime.now(UTC))


def silent_wav(seconds: float, rate: int = 16000) -> bytes:
    """A mono 16-bit WAV file of silence (an upload that is a recording, whatever it says)."""
    import io
    import struct
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(struct.pack("<h", 0) * round(rate * seconds))
    return buffer.getvalue()
