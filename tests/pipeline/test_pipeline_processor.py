"""StreamProcessor without Kafka: order, duplicates, gaps, late chunks, clips, checkpoints."""

from __future__ import annotations

import time
from typing import Any

from liveguard.contracts import (
    SUSPECT_HALLUCINATION,
    Correction,
    CorrectionEvent,
    Finding,
    FindingEvent,
    Segment,
    SegmentEvent,
    StreamEnded,
    StreamMeta,
    StreamStarted,
    make_correction_id,
)
from liveguard.ingest.clipstore import FolderClipStore, wav_to_pcm16
from liveguard.ingest.events import event_topic_name
from liveguard.pipeline.local import MemorySink, drive, scan_items
from liveguard.pipeline.processor import StreamProcessor
from tests.pipeline.pipeline_fakes import (
    FakeChecker,
    FakeCheckers,
    FakeRecognizer,
    FakeSpeech,
    script_chunks,
)

META = StreamMeta(stream_id="s1", room_id="r1", host_id="h1", merchant_id="m1")
SCRIPT = [
    "欢迎",
    None,
    "价格",
    "九十九",
    None,
    None,
    "最好",
    "效果",
    None,
    "原价",
    "一百九十九",
    None,
]


def make(tmp_path, recognizer: Any = None, checkers: Any = None) -> StreamProcessor:
    """The processor on the fakes; ``tmp_path`` None: no clip store (as scan runs it)."""
    return StreamProcessor(
        speech_factory=FakeSpeech,
        recognizer=recognizer or FakeRecognizer(),
        checkers=checkers or FakeCheckers(),
        clip_store=FolderClipStore(tmp_path / "clips") if tmp_path is not None else None,
        clip_context_s=1.0,
    )


def run(proc: StreamProcessor, chunks, batch: int = 3) -> list[Any]:
    events: list[Any] = []
    for i in range(0, len(chunks), batch):
        events += proc.process([(c, c.seq) for c in chunks[i : i + batch]])
    return events


def test_events_in_order_with_clips(tmp_path):
    proc = make(tmp_path)
    events = run(proc, script_chunks(META, SCRIPT))
    kinds = [e.kind for e in events]
    assert kinds[0] == "stream_started"
    assert kinds[-1] == "stream_ended"
    segments = [e.segment for e in events if isinstance(e, SegmentEvent)]
    assert [s.text for s in segments] == ["欢迎", "价格九十九", "最好效果", "原价一百九十九"]
    assert segments[2].t_start == 3.0
    assert segments[2].t_end == 4.0
    findings = [e for e in events if isinstance(e, FindingEvent)]
    assert [f.finding.rule_id for f in findings] == ["fake-absolute", "fake-fake-reference-price"]
    clip = findings[0].clip
    assert clip is not None
    assert clip.t_start == 2.0
    assert clip.t_end == 5.0
    pcm, rate = wav_to_pcm16(FolderClipStore(tmp_path / "clips").get(clip.uri))
    assert rate == 16000
    # 1 s before + 1 s utterance + 1 s after, rewritten once the after-context arrived.
    assert len(pcm) == 3 * 16000 * 2
    assert isinstance(events[-1], StreamEnded)
    assert events[-1].gaps == ()


def test_duplicates_dropped_gaps_recorded_late_chunks_tolerated(tmp_path):
    chunks = script_chunks(META, SCRIPT)
    shuffled = [*chunks[:4], chunks[2], chunks[3], *chunks[6:9], chunks[5], *chunks[9:]]
    proc = make(tmp_path)
    events = run(proc, shuffled, batch=2)
    assert proc.stats.duplicates == 2
    assert proc.stats.late == 1
    ended = events[-1]
    assert isinstance(ended, StreamEnded)
    # chunk 4 never came; chunk 5 came late and is no longer counted missing
    assert ended.gaps == ((4, 4),)
    texts = [e.segment.text for e in events if isinstance(e, SegmentEvent)]
    # both pauses (4 missing, 5 late) are gone, so the fake cutter joins the two utterances:
    # what matters is that no utterance appears twice and nothing crashed
    assert texts == ["欢迎", "价格九十九最好效果", "原价一百九十九"]
    assert sum(isinstance(e, StreamStarted) for e in events) == 1


def test_checkpoint_restore_keeps_stream_state_and_ids(tmp_path):
    chunks = script_chunks(META, SCRIPT)
    whole = run(make(tmp_path / "a"), chunks)
    want = {e.finding.finding_id for e in whole if isinstance(e, FindingEvent)}

    first = make(tmp_path / "b")
    events = first.process([(c, c.seq) for c in chunks[:8]])  # stops inside "最好效果"
    cp = first.checkpoint("s1")
    assert cp is not None
    assert cp["resume_seq"] == 6
    # one second (two chunks) of clip context before the open utterance is still needed
    assert first.low_positions()["s1"] == 4
    second = make(tmp_path / "b")
    second.restore("s1", cp, partition=0)
    # the new owner re-reads from the committed position (4) on
    events += run(second, chunks[4:])
    got = [e.finding.finding_id for e in events if isinstance(e, FindingEvent)]
    assert sorted(got) == sorted(want)
    assert any(
        e.finding.rule_id == "fake-fake-reference-price"
        for e in events
        if isinstance(e, FindingEvent)
    )
    assert second.stats.skipped_replay == 2


def test_recognition_is_batched_across_streams(tmp_path):
    rec = FakeRecognizer()
    proc = make(tmp_path, rec)
    a = script_chunks(META, ["最好", None])
    b = script_chunks(StreamMeta(stream_id="s2"), ["价格", None])
    proc.process([(a[0], 0), (b[0], 0), (a[1], 1), (b[1], 1)])
    assert rec.batches == [2]


def test_idle_stream_is_brought_to_an_utterance_boundary(tmp_path):
    proc = make(tmp_path)
    chunks = script_chunks(META, ["价格", "九十九", "最好"])
    events = proc.process([(c, c.seq) for c in chunks[:3]])  # no pause, no end-of-stream
    assert not any(isinstance(e, SegmentEvent) for e in events)
    assert proc.low_positions()["s1"] == 0
    assert proc.expire(60.0) == []  # not idle yet
    expired = proc.expire(60.0, now=time.monotonic() + 61)
    assert [e.segment.text for e in expired if isinstance(e, SegmentEvent)] == ["价格九十九最好"]
    finding = next(e for e in expired if isinstance(e, FindingEvent))
    assert finding.clip is not None
    assert proc.low_positions()["s1"] is None  # nothing pins the committed offset any more
    later = proc.process([(c.model_copy(update={"seq": 3}), 3) for c in chunks[:1]])
    assert not any(isinstance(e, StreamStarted) for e in later)


def _failing_processor(tmp_path, max_age_s: float = 600.0) -> tuple[StreamProcessor, Any]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    blocker = tmp_path / "full"
    blocker.write_text("the clip store refuses every write")
    proc = StreamProcessor(
        speech_factory=FakeSpeech,
        recognizer=FakeRecognizer(),
        checkers=FakeCheckers(),
        clip_store=FolderClipStore(blocker / "clips"),
        clip_context_s=1.0,
        clip_spool_max_age_s=max_age_s,
    )
    return proc, blocker


def test_spooled_clip_of_a_dead_worker_is_rebuilt_and_announced_by_its_successor(tmp_path):
    dead, _ = _failing_processor(tmp_path / "dead")
    chunks = script_chunks(META, ["最好", None, None, None, None])
    first = dead.process([(c, c.seq) for c in chunks[:2]])
    spooled = [e for e in first if isinstance(e, FindingEvent)]
    assert [e.clip.status for e in spooled if e.clip] == ["spooled"]
    checkpoint = dead.checkpoint("s1")
    assert checkpoint is not None
    assert "spooled_findings" in checkpoint  # the audio is not in it, the finding is

    successor = make(tmp_path)
    successor.restore("s1", checkpoint, 0)
    again = successor.process([(c, c.seq) for c in chunks])  # re-read from the committed offset
    announced = [e for e in again if isinstance(e, FindingEvent)]
    assert [e.finding.finding_id for e in announced] == [spooled[0].finding.finding_id]
    assert [e.clip.status for e in announced if e.clip] == ["stored"]
    clip = announced[0].clip
    assert clip is not None
    pcm, _ = wav_to_pcm16(FolderClipStore(tmp_path / "clips").get(clip.uri))
    assert pcm


class _CorrectingChecker(FakeChecker):
    """The fake checker, plus: an utterance "抢完了" corrects every finding made before it."""

    def __init__(self, stream: StreamMeta) -> None:
        super().__init__(stream)
        self.seen: list[str] = []
        self.pending: list[Correction] = []

    def check(self, segment: Segment) -> list[Finding]:
        if segment.text == "抢完了" and self.seen:
            self.pending.append(
                Correction(
                    correction_id=make_correction_id(segment.stream_id, segment.seq_start),
                    stream_id=segment.stream_id,
                    utterance_id=segment.utterance_id,
                    corrected_finding_ids=tuple(self.seen),
                    kind="explicit",
                    text=segment.text,
                    t_start=segment.t_start,
                    t_end=segment.t_end,
                )
            )
            return []
        found = super().check(segment)
        self.seen.extend(f.finding_id for f in found)
        return found

    def take_corrections(self) -> list[Correction]:
        out, self.pending = self.pending, []
        return out


class _CorrectingCheckers(FakeCheckers):
    def new(self, stream: StreamMeta) -> FakeChecker:
        return _CorrectingChecker(stream)


def test_corrections_follow_the_findings_they_correct_with_their_own_clip(tmp_path):
    proc = StreamProcessor(
        speech_factory=FakeSpeech,
        recognizer=FakeRecognizer(),
        checkers=_CorrectingCheckers(),
        clip_store=FolderClipStore(tmp_path / "clips"),
        clip_context_s=1.0,
    )
    events = run(proc, script_chunks(META, ["最好", "效果", None, "抢", "完了", None]))
    kinds = [e.kind for e in events]
    assert kinds.index("finding") < kinds.index("correction")
    (finding,) = [e for e in events if isinstance(e, FindingEvent)]
    (fix,) = [e for e in events if isinstance(e, CorrectionEvent)]
    assert fix.correction.corrected_finding_ids == (finding.finding.finding_id,)
    assert fix.segment is not None
    assert fix.segment.text == "抢完了"
    assert fix.clip is not None
    assert FolderClipStore(tmp_path / "clips").exists(fix.clip.uri)
    assert event_topic_name(fix) == event_topic_name(finding) == "findings"
    assert proc.stats.corrections == 1


class PreparingCheckers(FakeCheckers):
    """A checker factory that, like the rules' ``RulesStreamCheckers``, wants each batch first."""

    def __init__(self) -> None:
        self.prepared: list[list[str]] = []

    def prepare(self, segments: Any) -> None:
        self.prepared.append(sorted(s.stream_id for s in segments))


def test_learned_detection_gets_one_batch_across_streams(tmp_path):
    checkers = PreparingCheckers()
    proc = make(tmp_path, checkers=checkers)
    a = script_chunks(META, ["最好", None])
    b = script_chunks(StreamMeta(stream_id="s2"), ["价格", None])
    proc.process([(a[0], 0), (b[0], 0), (a[1], 1), (b[1], 1)])
    assert checkers.prepared == [[META.stream_id, "s2"]]


class _SuspectRecognizer(FakeRecognizer):
    """Marks every utterance with ``效果`` as a suspected hallucination, as the guards do."""

    def transcribe(self, pending: Any) -> list[Segment]:
        return [
            s.model_copy(update={"flags": (SUSPECT_HALLUCINATION,)}) if "效果" in s.text else s
            for s in super().transcribe(pending)
        ]


def test_suspected_hallucinations_are_recorded_but_never_checked_nor_prepared(tmp_path):
    checkers = PreparingCheckers()
    proc = make(None, _SuspectRecognizer(), checkers)
    events = run(proc, script_chunks(META, ["最好", "效果", None, "最好", None]))
    segments = [e.segment for e in events if isinstance(e, SegmentEvent)]
    assert [s.text for s in segments] == ["最好效果", "最好"]
    findings = [e for e in events if isinstance(e, FindingEvent)]
    assert [f.segment.text for f in findings if f.segment] == ["最好"]
    assert [len(batch) for batch in checkers.prepared] == [1]


def test_without_a_clip_store_findings_go_out_without_clips():
    proc = make(None)
    sink = MemorySink()
    batches = list(drive(proc, script_chunks(META, SCRIPT), sink))
    events = sink.take()
    assert sum(batches) == len(events)
    findings = [e for e in events if isinstance(e, FindingEvent)]
    assert findings
    assert all(f.clip is None for f in findings)
    assert isinstance(events[0], StreamStarted)
    assert isinstance(events[-1], StreamEnded)
    assert [kind for kind, _ in scan_items(events)].count("finding") == len(findings)


def test_a_spooled_clip_holds_the_committed_position_until_the_spool_lets_it_go(tmp_path):
    proc, _ = _failing_processor(tmp_path, max_age_s=60.0)
    # the finding's clip (chunks 0-3) is complete long before the stream moves on
    chunks = script_chunks(META, ["最好", None, None, None, "欢迎", None, "欢迎", None, None])
    proc.process([(c, 100 + c.seq) for c in chunks[:-1]])  # not ended
    assert proc.low_positions()["s1"] == 100  # the clip's first chunk, not the context's
    assert proc.release_clips() == []
    assert proc.clips is not None
    proc.clips._clock = lambda: time.monotonic() + 61  # older than the spool keeps a clip
    lost = proc.expire(3600.0)
    assert [e.clip.status for e in lost if isinstance(e, FindingEvent) and e.clip] == ["lost"]
    assert proc.release_clips() == ["s1"]
    healthy = make(tmp_path / "healthy")
    healthy.process([(c, 100 + c.seq) for c in chunks[:-1]])
    # back to where a healthy store leaves it: the clip context before the resume point
    back_to = healthy.low_positions()["s1"]
    assert back_to is not None
    assert back_to > 100
    assert proc.low_positions()["s1"] == back_to


def test_an_ended_stream_stays_while_its_clip_is_spooled(tmp_path):
    proc, blocker = _failing_processor(tmp_path)
    chunks = script_chunks(META, ["最好", None, None, None])
    proc.process([(c, c.seq) for c in chunks])
    assert proc.ended() == []  # its checkpoint keeps the findings; its chunks are still needed
    assert proc.low_positions()["s1"] == 0
    blocker.unlink()
    blocker.mkdir()
    assert proc.clips is not None
    proc.clips._clock = lambda: time.monotonic() + 2  # the first retry is due
    stored = proc.expire(3600.0)
    assert [e.clip.status for e in stored if isinstance(e, FindingEvent) and e.clip] == ["stored"]
    assert proc.release_clips() == ["s1"]
    assert proc.ended() == ["s1"]
    assert proc.last_position("s1") == len(chunks) - 1


def test_a_successor_rebuilds_a_spooled_clip_from_re_read_chunks(tmp_path):
    dead, _ = _failing_processor(tmp_path / "dead")
    chunks = script_chunks(META, ["最好", "效果", None, None, None, "欢迎", None, "欢迎", None])
    dead.process([(c, c.seq) for c in chunks[:-1]])
    checkpoint = dead.checkpoint("s1")
    assert checkpoint is not None
    assert checkpoint["pending_clips"] == []  # its after-context is long past
    assert dead.low_positions()["s1"] == 0

    healthy = make(tmp_path / "healthy")
    want = {e.clip.uri: e for e in run(healthy, chunks) if isinstance(e, FindingEvent) and e.clip}

    successor, blocker = _failing_processor(tmp_path / "successor")
    successor.restore("s1", checkpoint, 0)
    again = successor.process([(c, c.seq) for c in chunks[:-1]])  # re-read from offset 0
    assert not [e for e in again if isinstance(e, (SegmentEvent, FindingEvent))]
    assert successor.clips is not None
    assert successor.clips.held_bytes > 0  # rebuilt, waiting for the store
    blocker.unlink()
    blocker.mkdir()
    successor.clips._clock = lambda: time.monotonic() + 2
    announced = successor.process([(chunks[-1], len(chunks) - 1)])
    stored = [e for e in announced if isinstance(e, FindingEvent)]
    assert [e.clip.status for e in stored if e.clip] == ["stored"]
    assert stored[0].finding == next(iter(want.values())).finding
    key = stored[0].clip.uri  # type: ignore[union-attr]
    got = FolderClipStore(blocker / "clips").get(key)
    assert got == FolderClipStore(tmp_path / "healthy" / "clips").get(key)
