"""Kafka pipeline benchmarks: ingest overhead, and live load through the broker.

    .venv/bin/python bench/pipeline.py [--chunks 20000] [--streams 1,2,3,4] [--seconds 60]
                                       [--out bench/results/pipeline.md]

1. Ingest overhead without transcription: chunks/s from the audio topic through the worker
   (decode + validate, order/dedupe/gap bookkeeping, clip ring, events, checkpoints to the
   state topic, offset commits) with do-nothing speech and rule stages, against a bare
   kafka-python consumer reading the same messages in the same run.
2. Live load: N real-time streams (the bundled Chinese demo stream, paced at real speed by
   ``read_media(realtime=True)``) published into Kafka while ``liveguard worker`` processes run
   Whisper + the rule packs; p95 latency from the true end of speech (the fixture's script
   times) to the FindingEvent arriving on the findings topic, for growing N and 1 or 2 workers.

A private broker is started with scripts/kafka.sh on a free port and stopped afterwards.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer, TopicPartition

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/support, run as a script

from liveguard.contracts import AudioChunk, FindingEvent, Segment, StreamMeta, StreamStarted
from liveguard.ingest.clipstore import open_clip_store
from liveguard.ingest.events import decode_event
from liveguard.ingest.media import read_media
from liveguard.ingest.publisher import make_producer, publish_chunks, with_end_of_stream
from liveguard.ingest.topics import create_topics, topic_specs
from liveguard.pipeline.processor import StreamProcessor
from liveguard.pipeline.worker import Worker, WorkerOptions
from liveguard.settings import Settings, load_settings
from tests.support.kafka import KafkaBroker, env_for

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "tests" / "fixtures" / "audio" / "demo_stream_zh.opus"
DEMO_TRUTH = REPO / "tests" / "fixtures" / "audio" / "demo_stream_zh.json"


def settings_for(broker: KafkaBroker, prefix: str, data: Path, **extra: Any) -> Settings:
    return load_settings(
        kafka_bootstrap=broker.bootstrap,
        topic_prefix=f"{prefix}.",
        consumer_group=f"{prefix}-workers",
        data_dir=data,
        **extra,
    )


# --- 1. ingest overhead ---------------------------------------------------------------------
class NullSpeech:
    def __init__(self, meta: StreamMeta, start_seq: int, start_t: float) -> None:
        pass

    def feed(self, chunk: AudioChunk) -> list[Any]:
        return []

    def flush(self) -> list[Any]:
        return []

    def resume_point(self) -> tuple[int, float] | None:
        return None


class NullRecognizer:
    def transcribe(self, pending: Sequence[Any]) -> list[Segment]:
        return []


class NullChecker:
    def check(self, segment: Segment) -> list[Any]:
        return []

    def take_corrections(self) -> list[Any]:
        return []

    def snapshot(self) -> Any:
        return {}


class NullCheckers:
    def new(self, stream: StreamMeta) -> NullChecker:
        return NullChecker()

    def restore(self, stream: StreamMeta, state: Any) -> NullChecker:
        return NullChecker()

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Nothing to share across streams."""


def overhead_round(
    broker: KafkaBroker, work: Path, prefix: str, total: int, streams: int, chunk_s: float
) -> dict[str, float]:
    settings = settings_for(
        broker, prefix, work / prefix, checkpoint_every_s=2.0, clip_context_s=5.0
    )
    create_topics(topic_specs(settings, partitions=4), bootstrap=broker.bootstrap)
    per_stream = total // streams
    pcm = (b"\x10\x00\xf0\xff" * int(chunk_s * 16000))[: int(chunk_s * 16000) * 2]
    metas = [StreamMeta(stream_id=f"bench-{i}", room_id=f"room-{i}") for i in range(streams)]
    chunks = (
        AudioChunk(
            stream=metas[i], seq=seq, pcm=pcm, capture_ms=0, end_of_stream=seq == per_stream - 1
        )
        for seq in range(per_stream)
        for i in range(streams)
    )
    producer = make_producer(broker.bootstrap, linger_ms=20, batch_size=1 << 20)
    started = time.perf_counter()
    sent = publish_chunks(chunks, producer=producer, topic=settings.topic("audio"))
    publish_s = time.perf_counter() - started
    producer.close()

    # baseline: a bare kafka-python consumer reading the same messages
    consumer = KafkaConsumer(
        bootstrap_servers=broker.bootstrap,
        group_id=None,
        enable_auto_commit=False,
        fetch_max_bytes=16 << 20,
    )
    tps = [TopicPartition(settings.topic("audio"), p) for p in range(4)]
    consumer.assign(tps)
    consumer.seek_to_beginning(*tps)
    count = 0
    nbytes = 0
    started = time.perf_counter()
    while count < sent:
        for records in consumer.poll(timeout_ms=500, max_records=500).values():
            for r in records:
                count += 1
                nbytes += len(r.value)
    bare_s = time.perf_counter() - started
    consumer.close()

    processor = StreamProcessor(
        speech_factory=NullSpeech,
        recognizer=NullRecognizer(),
        checkers=NullCheckers(),
        clip_store=open_clip_store(str(work / prefix / "clips")),
        clip_context_s=5.0,
    )
    worker = Worker(
        processor,
        settings=settings,
        options=WorkerOptions(max_messages=sent, max_poll_records=500, commit_every_s=2.0),
    )
    first: list[float] = []
    original = worker._handle

    def timed(partition: int, records: list[Any]) -> None:
        if not first:
            first.append(time.perf_counter())
        original(partition, records)

    worker._handle = timed  # type: ignore[method-assign]
    worker.run()
    worker_s = time.perf_counter() - first[0]
    return {
        "chunks": sent,
        "publish_per_s": sent / publish_s,
        "bare_per_s": count / bare_s,
        "worker_per_s": worker.messages / worker_s,
        "events": worker.sink.sent,
        "mb": nbytes / 1e6,
    }


def overhead(
    broker: KafkaBroker, work: Path, total: int, streams: int, chunk_s: float, rounds: int = 3
) -> dict[str, Any]:
    """Rounds alternate baseline and worker on fresh topics; the machine is shared, so the
    median of each and the ratio within each round are what to read."""
    results = [
        overhead_round(broker, work, f"bench-overhead-{r}", total, streams, chunk_s)
        for r in range(rounds)
    ]
    for r in results:
        print(json.dumps(r))
    med = {
        k: statistics.median(r[k] for r in results)
        for k in ("publish_per_s", "bare_per_s", "worker_per_s")
    }
    return {
        "rounds": results,
        "chunks": results[0]["chunks"],
        "mb": results[0]["mb"],
        "chunk_s": chunk_s,
        "streams": streams,
        "ratios": [r["worker_per_s"] / r["bare_per_s"] for r in results],
        **med,
    }


# --- 2. live load ---------------------------------------------------------------------------
def truth_ends() -> list[tuple[float, float]]:
    data = json.loads(DEMO_TRUTH.read_text(encoding="utf-8"))
    return [(u["t_start"], u["t_end"]) for u in data["utterances"]]


def true_end(segment: Segment, truth: list[tuple[float, float]]) -> float:
    """End of speech of the scripted utterance that overlaps the segment most (fallback: its end)."""
    best, overlap = segment.t_end, 0.0
    for a, b in truth:
        o = min(b, segment.t_end) - max(a, segment.t_start)
        if o > overlap:
            best, overlap = b, o
    return best


def spawn_worker(settings: Settings, wid: str, log: Path) -> subprocess.Popen[bytes]:
    env = env_for(settings)
    cmd = [
        sys.executable,
        "-c",
        "from liveguard.cli import main; main()",
        "-v",
        "worker",
        "--id",
        wid,
        "--idle-exit",
        "90",
    ]
    with log.open("wb") as handle:
        return subprocess.Popen(cmd, env=env, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT)


def live_load(
    broker: KafkaBroker, work: Path, n_streams: int, n_workers: int, seconds: float
) -> dict[str, Any]:
    prefix = f"bench-live-{n_streams}x{n_workers}-{int(time.time())}"
    settings = settings_for(broker, prefix, work / prefix, checkpoint_every_s=5.0)
    create_topics(topic_specs(settings, partitions=8), bootstrap=broker.bootstrap)
    workers = [
        spawn_worker(settings, f"{prefix}-w{i}", work / f"{prefix}-w{i}.log")
        for i in range(n_workers)
    ]
    # model load + group join first, so the clock below measures steady state
    deadline = time.time() + 180
    logs = [work / f"{prefix}-w{i}.log" for i in range(n_workers)]
    while time.time() < deadline and not all(
        "partitions assigned" in log.read_text(errors="replace") for log in logs
    ):
        time.sleep(1)
    time.sleep(3)
    truth = truth_ends()
    received: list[tuple[float, FindingEvent]] = []
    starts: dict[str, float] = {}
    ended: set[str] = set()
    stop = threading.Event()

    def read() -> None:
        consumer = KafkaConsumer(
            settings.topic("findings"),
            settings.topic("events"),
            bootstrap_servers=broker.bootstrap,
            group_id=None,
            auto_offset_reset="earliest",
        )
        while not stop.is_set():
            for records in consumer.poll(timeout_ms=200).values():
                now = time.time()
                for r in records:
                    event = decode_event(r.value)
                    if isinstance(event, FindingEvent):
                        received.append((now, event))
                    elif isinstance(event, StreamStarted):
                        starts[event.stream.stream_id] = event.at.timestamp()
                    else:
                        ended.add(event.stream.stream_id)
        consumer.close()

    def publish_one(i: int) -> None:
        meta = StreamMeta(stream_id=f"{prefix}-s{i}", room_id=f"room-{i}")
        producer = make_producer(broker.bootstrap, linger_ms=0)
        chunks = itertools.islice(
            read_media(DEMO, meta, chunk_seconds=1.0, realtime=True), int(seconds)
        )
        publish_chunks(
            with_end_of_stream(chunks),
            producer=producer,
            topic=settings.topic("audio"),
            flush_every=1,
        )
        producer.close()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    publishers = [threading.Thread(target=publish_one, args=(i,)) for i in range(n_streams)]
    for p in publishers:
        p.start()
        time.sleep(0.37)  # streams don't all start on the same chunk boundary
    for p in publishers:
        p.join()
    deadline = time.time() + 120
    while len(ended) < n_streams and time.time() < deadline:
        time.sleep(0.5)
    time.sleep(2)
    stop.set()
    reader.join()
    for w in workers:
        w.terminate()
    for w in workers:
        w.wait(timeout=60)
    latencies = []
    seen: set[str] = set()
    for now, event in received:
        if event.finding.finding_id in seen or event.segment is None:
            continue
        seen.add(event.finding.finding_id)
        t0 = starts.get(event.stream.stream_id)
        if t0 is None:
            continue
        latencies.append(now - (t0 + true_end(event.segment, truth)))
    latencies.sort()
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)] if latencies else float("nan")
    return {
        "streams": n_streams,
        "workers": n_workers,
        "findings": len(seen),
        "ended": len(ended),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": p95,
        "max": latencies[-1] if latencies else float("nan"),
    }


# --- report ---------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chunks", type=int, default=20000)
    parser.add_argument("--chunk-seconds", type=float, default=0.5)
    parser.add_argument("--rounds", type=int, default=3, help="overhead rounds (baseline, worker)")
    parser.add_argument("--streams", default="1,2,3,4", help="live-load stream counts (1 worker)")
    parser.add_argument("--two-workers", default="", help="stream counts to repeat with 2 workers")
    parser.add_argument("--seconds", type=float, default=60.0, help="audio per live stream")
    parser.add_argument("--skip-live", action="store_true")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "pipeline.md")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lg-bench-pipeline-"))
    broker = KafkaBroker.on_free_port(work / "kafka")
    broker.start()
    lines = ["# Pipeline benchmarks (bench/pipeline.py)", ""]
    lines.append(
        f"Machine: {os.cpu_count()} cores (shared with other work while measured); one local KRaft broker."
    )
    lines.append("")
    try:
        o = overhead(broker, work, args.chunks, 200, args.chunk_seconds, args.rounds)
        lines += [
            "## Ingest overhead without transcription",
            "",
            f"{o['chunks']} chunks of {o['chunk_s']} s PCM ({o['mb']:.0f} MB) in {o['streams']} streams, "
            f"4 partitions, {len(o['rounds'])} rounds on fresh topics.",
            "",
            "| path | chunks/s (median of rounds) | per round |",
            "|---|---:|---|",
            f"| publish (`publish_chunks`, acks=all, idempotent) | {o['publish_per_s']:,.0f} | "
            + ", ".join(f"{r['publish_per_s']:,.0f}" for r in o["rounds"])
            + " |",
            f"| bare kafka-python consumer (baseline) | {o['bare_per_s']:,.0f} | "
            + ", ".join(f"{r['bare_per_s']:,.0f}" for r in o["rounds"])
            + " |",
            f"| `Worker` with null speech/rules (decode, order, ring, events, checkpoints, commits) | {o['worker_per_s']:,.0f} | "
            + ", ".join(f"{r['worker_per_s']:,.0f}" for r in o["rounds"])
            + " |",
            "",
            "Worker / bare consumer, per round: "
            + ", ".join(f"{x:.2f}" for x in o["ratios"])
            + ".",
            "",
            f"Goal ≥ 2,000 chunks/s through the worker: {'met' if o['worker_per_s'] >= 2000 else 'NOT met'}.",
            "",
        ]
        if not args.skip_live:
            rows = []
            plan = [(int(n), 1) for n in args.streams.split(",") if n]
            plan += [(int(n), 2) for n in args.two_workers.split(",") if n]
            for n, w in plan:
                r = live_load(broker, work, n, w, args.seconds)
                print(json.dumps(r))
                rows.append(r)
            lines += [
                "## Live load through Kafka (Whisper base int8 + Chinese rule packs)",
                "",
                f"Each stream: the first {args.seconds:.0f} s of tests/fixtures/audio/demo_stream_zh.opus, "
                "published in 1 s chunks at real speed. Latency: from the scripted end of speech of the "
                "flagged utterance to the FindingEvent arriving on the findings topic.",
                "",
                "| streams | workers | findings | p50 s | p95 s | max s | p95 ≤ 5 s |",
                "|---:|---:|---:|---:|---:|---:|:---:|",
            ]
            for r in rows:
                ok = "yes" if r["p95"] <= 5.0 and r["ended"] == r["streams"] else "no"
                lines.append(
                    f"| {r['streams']} | {r['workers']} | {r['findings']} | {r['p50']:.2f} | {r['p95']:.2f} | {r['max']:.2f} | {ok} |"
                )
            lines.append("")
    finally:
        broker.stop()
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
