"""Deterministic stand-ins for the speech and rule stages, for testing the Kafka mechanics.

Whisper is far too slow on two shared cores to run through every fault-injection test, so
these tests speak a tiny "tone code": every sample of a speech chunk holds ``1000 + i`` where
``i`` indexes :data:`WORDS`, and a chunk of zeros is silence that ends an utterance. The cutter
and recognizer below decode that code exactly, so any lost, duplicated or reordered chunk shows
up as a wrong or missing segment. The checker keeps real state (prices said earlier) so the
rebalance tests can prove state survives a worker's death. The worker loads them through its
``--components`` hook (``tests.pipeline.pipeline_fakes:components``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from liveguard.contracts import (
    AudioChunk,
    Correction,
    Family,
    Finding,
    Scope,
    Segment,
    Severity,
    StreamMeta,
    make_finding_id,
    utterance_id_for,
)

WORDS = [
    "我们",
    "今天",
    "价格",
    "九十九",
    "最好",
    "效果",
    "原价",
    "一百九十九",
    "抢",
    "完了",
    "欢迎",
]
RATE = 16000


def tone_chunk(
    meta: StreamMeta, seq: int, word: str | None, seconds: float = 0.5, **kw: Any
) -> AudioChunk:
    """One chunk: a word's tone, or silence when ``word`` is None."""
    n = int(seconds * RATE)
    value = 0 if word is None else 1000 + WORDS.index(word)
    pcm = value.to_bytes(2, "little", signed=True) * n
    return AudioChunk(stream=meta, seq=seq, pcm=pcm, **kw)


def script_chunks(
    meta: StreamMeta, script: Sequence[str | None], seconds: float = 0.5
) -> list[AudioChunk]:
    """Chunks for a script of words and pauses; the last one carries end-of-stream."""
    chunks = [tone_chunk(meta, i, w, seconds) for i, w in enumerate(script)]
    chunks.append(AudioChunk(stream=meta, seq=len(chunks), pcm=b"", end_of_stream=True))
    return chunks


def _word(chunk: AudioChunk) -> str | None:
    value = int.from_bytes(chunk.pcm[:2], "little", signed=True)
    return None if value == 0 else WORDS[value - 1000]


@dataclass
class FakePending:
    stream_id: str
    seq_start: int
    seq_end: int
    t_start: float
    t_end: float
    words: list[str] = field(default_factory=list)


class FakeSpeech:
    def __init__(self, meta: StreamMeta, start_seq: int, start_t: float) -> None:
        self.meta = meta
        self.t = start_t
        self.open: FakePending | None = None

    def feed(self, chunk: AudioChunk) -> list[FakePending]:
        word = _word(chunk)
        t0, self.t = self.t, self.t + chunk.duration
        out: list[FakePending] = []
        if word is None:
            if self.open is not None:
                out.append(self.open)
                self.open = None
        else:
            if self.open is None:
                self.open = FakePending(self.meta.stream_id, chunk.seq, chunk.seq, t0, t0)
            self.open.words.append(word)
            self.open.seq_end = chunk.seq
            self.open.t_end = self.t
        return out

    def flush(self) -> list[FakePending]:
        out = [self.open] if self.open else []
        self.open = None
        return out

    def resume_point(self) -> tuple[int, float] | None:
        return (self.open.seq_start, self.open.t_start) if self.open else None


class FakeRecognizer:
    def __init__(self) -> None:
        self.batches: list[int] = []

    def transcribe(self, pending: Sequence[FakePending]) -> list[Segment]:
        self.batches.append(len(pending))
        return [
            Segment(
                stream_id=p.stream_id,
                utterance_id=utterance_id_for(p.stream_id, p.seq_start),
                seq_start=p.seq_start,
                seq_end=p.seq_end,
                text="".join(p.words),
                t_start=p.t_start,
                t_end=p.t_end,
                model_version="fake",
            )
            for p in pending
        ]


class FakeChecker:
    """``最好`` is an utterance finding; ``原价`` after an earlier ``价格`` is a stream finding."""

    def __init__(self, stream: StreamMeta, prices: list[str] | None = None) -> None:
        self.stream = stream
        self.prices: list[str] = prices or []

    def _finding(
        self, segment: Segment, rule: str, scope: Scope, word: str, related: tuple[str, ...] = ()
    ) -> Finding:
        start = segment.text.index(word)
        return Finding(
            finding_id=make_finding_id(segment.stream_id, rule, segment.seq_start, start),
            rule_id=rule,
            family=Family.EFFICACY if rule == "fake-absolute" else Family.PRICE,
            severity=Severity.HIGH,
            scope=scope,
            message="fake",
            legal_basis=("CN-AD-9-3",),
            matched_text=word,
            start=start,
            end=start + len(word),
            t_start=segment.t_start,
            t_end=segment.t_end,
            stream_id=segment.stream_id,
            utterance_id=segment.utterance_id,
            rule_pack_version="test",
            related_utterance_ids=related,
        )

    def check(self, segment: Segment) -> list[Finding]:
        out: list[Finding] = []
        if "最好" in segment.text:
            out.append(self._finding(segment, "fake-absolute", Scope.UTTERANCE, "最好"))
        if "原价" in segment.text and self.prices:
            out.append(
                self._finding(
                    segment, "fake-fake-reference-price", Scope.STREAM, "原价", tuple(self.prices)
                )
            )
        if "价格" in segment.text:
            self.prices.append(segment.utterance_id)
        return out

    def take_corrections(self) -> list[Correction]:
        return []

    def snapshot(self) -> Any:
        return {"prices": list(self.prices)}


class FakeCheckers:
    def new(self, stream: StreamMeta) -> FakeChecker:
        return FakeChecker(stream)

    def restore(self, stream: StreamMeta, state: Any) -> FakeChecker:
        return FakeChecker(stream, list(state["prices"]))

    def prepare(self, segments: Sequence[Segment]) -> None:
        """No shared work: each fake check is a few string tests."""


def components() -> tuple[Any, Any, Any]:
    """The ``--components`` hook: (speech factory, recognizer, checker factory)."""
    return FakeSpeech, FakeRecognizer(), FakeCheckers()
