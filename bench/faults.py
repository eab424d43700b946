"""Scripted fault run: poison, disk full, kill -9 of a worker and of the alerts consumer, a
broker restart; reports lost and duplicated findings and the manual steps that were needed.

    PYTHONPATH=. .venv/bin/python -m bench.faults [--streams 6] [--rounds 10] [--out FILE]

What runs: a private broker (scripts/kafka.sh), two ``liveguard worker`` processes with the
tone-code speech and rule stand-ins of the tests (Whisper is far too slow on two shared cores to
replay this many faults, and the point here is the plumbing), and ``liveguard alerts-consume``
into SQLite. A small supervisor loop restarts any process that exits, as systemd or Kubernetes
would; a process that exits more than ``CRASH_LOOP`` times counts as a manual step, as does a
stream that never completes. The clip store is a 512 KiB tmpfs (mounted when run as root;
otherwise a folder blocked by a file), so clip writes fail with "no space left" until the run
frees it.

Findings are counted by (stream, utterance sequence range, rule): the same key twice in the
database is a duplicate, an expected key missing is a loss. Expected keys come from replaying
the same good chunks through a fault-free processor in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.pipeline import settings_for
from liveguard.alerts.db import open_database
from liveguard.alerts.models import FindingRecord, SegmentRecord, Stream
from liveguard.contracts import AudioChunk, FindingEvent, StreamMeta
from liveguard.ingest.clipstore import open_clip_store
from liveguard.ingest.publisher import make_producer, publish_chunks
from liveguard.ingest.topics import create_topics, topic_specs
from liveguard.ingest.wire import encode_chunk
from liveguard.pipeline.processor import StreamProcessor
from liveguard.settings import Settings
from tests.pipeline.pipeline_fakes import FakeCheckers, FakeRecognizer, FakeSpeech, tone_chunk
from tests.support.kafka import KafkaBroker

REPO = Path(__file__).resolve().parent.parent
CRASH_LOOP = 3
SCRIPT = ["欢迎", None, "价格", "九十九", None, "最好", "效果", None, "原价", "一百九十九", None]
Key = tuple[str, int, int, str]


class Supervised:
    """One command kept running like a service manager would (restart on exit)."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], logs: Path) -> None:
        self.name, self.args, self.env, self.logs = name, args, env, logs
        self.exits: list[int] = []
        self.proc = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{self.name}.log").open("ab")
        cmd = [sys.executable, "-c", "from liveguard.cli import main; main()", *self.args]
        return subprocess.Popen(cmd, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def check(self, expected_kill: bool = False) -> None:
        code = self.proc.poll()
        if code is not None:
            if not expected_kill:
                self.exits.append(code)
            self.proc = self._start()

    def kill9(self, restart_with: list[str] | None = None) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)
        if restart_with is not None:
            self.args = restart_with
        self.check(expected_kill=True)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)


def stream_chunks(meta: StreamMeta, rounds: int) -> list[AudioChunk]:
    words = [w for _ in range(rounds) for w in SCRIPT]
    chunks = [tone_chunk(meta, i, w) for i, w in enumerate(words)]
    return [*chunks, AudioChunk(stream=meta, seq=len(chunks), pcm=b"", end_of_stream=True)]


def expected_keys(streams: dict[str, list[AudioChunk]], tmp: Path) -> set[Key]:
    proc = StreamProcessor(
        speech_factory=FakeSpeech,
        recognizer=FakeRecognizer(),
        checkers=FakeCheckers(),
        clip_store=open_clip_store(str(tmp / "expected-clips")),
        clip_context_s=1.0,
    )
    keys: set[Key] = set()
    for chunks in streams.values():
        for chunk in chunks:
            for event in proc.process([(chunk, chunk.seq)]):
                if isinstance(event, FindingEvent) and event.segment is not None:
                    s = event.segment
                    keys.add((s.stream_id, s.seq_start, s.seq_end, event.finding.rule_id))
    return keys


def poison(settings: Settings, live: StreamMeta) -> int:
    """Messages that stopped the pipeline before issue #11, all on live streams' partitions."""
    base = tone_chunk(live, 0, "最好")
    key, value, headers = encode_chunk(base)
    wild: list[tuple[bytes | None, bytes, dict[str, bytes]]] = [
        (key, value, {"capture_ms": b"100000000000000000"}),
        (key, value, {"seq": b"9223372036854775808"}),
        (key, value, {"seq": str(10**12).encode()}),
        (key, value, {"merchant_id": b"\xff\xfe"}),
        (key, value, {"stream_id": "直播".encode() * 100}),
        (key, value[:-1], {}),
        (None, value, {"stream_id": b"a\x00b"}),
    ]
    producer = make_producer(settings.kafka_bootstrap)
    for record_key, record_value, override in wild:
        merged = {**dict(headers), **override}
        producer.send(
            settings.topic("audio"),
            key=record_key if "stream_id" not in override else None,
            value=record_value,
            headers=list(merged.items()),
        )
    producer.flush()
    producer.close()
    return len(wild)


def db_state(url: str) -> tuple[list[Key], dict[str, int], set[str]]:
    engine, factory = open_database(url)
    try:
        with factory() as s:
            rows = s.execute(
                select(
                    FindingRecord.stream_id,
                    SegmentRecord.seq_start,
                    SegmentRecord.seq_end,
                    FindingRecord.rule_id,
                    FindingRecord.clip_status,
                ).join(
                    SegmentRecord,
                    SegmentRecord.utterance_id == FindingRecord.utterance_id,
                    isouter=True,
                )
            ).all()
            ended = set(s.scalars(select(Stream.id).where(Stream.ended_at.is_not(None))))
    finally:
        engine.dispose()
    keys = [(r[0] or "", r[1] or -1, r[2] or -1, r[3]) for r in rows]
    return keys, Counter(str(r[4]) for r in rows), ended


def wait_for(
    what: str, done: Callable[[], bool], timeout: float, tick: Callable[[], None]
) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        tick()
        if done():
            return time.monotonic() - started
        time.sleep(0.5)
    print(f"  timed out waiting for {what}", flush=True)
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--streams", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=10, help="script repetitions per stream")
    parser.add_argument("--out", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lg-faults-"))
    clips = tmp / "clips"
    clips.mkdir()
    mounted = os.geteuid() == 0 and (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(clips)]).returncode
        == 0
    )
    if not mounted:
        clips.rmdir()
        clips.write_text("blocks the clip folder: every write fails until the run frees it")
    broker = KafkaBroker.on_free_port(tmp / "kafka")
    broker.start()
    settings = settings_for(
        broker,
        "faults",
        tmp / "data",
        clip_store=str(clips),
        clip_context_s=1.0,
        checkpoint_every_s=1.0,
        clip_spool_max_age_s=900.0,
        database_url=f"sqlite:///{tmp / 'alerts.db'}",
    )
    create_topics(topic_specs(settings, partitions=4), bootstrap=settings.kafka_bootstrap)
    open_database(settings.resolved_database_url)[0].dispose()  # migrate once, before the services
    env = dict(
        os.environ,
        PYTHONPATH=str(REPO),
        LIVEGUARD_KAFKA_BOOTSTRAP=settings.kafka_bootstrap,
        LIVEGUARD_TOPIC_PREFIX=settings.topic_prefix,
        LIVEGUARD_CONSUMER_GROUP=settings.consumer_group,
        LIVEGUARD_DATA_DIR=str(settings.data_dir),
        LIVEGUARD_CLIP_STORE=str(clips),
        LIVEGUARD_CLIP_CONTEXT_S="1.0",
        LIVEGUARD_CHECKPOINT_EVERY_S="1.0",
        LIVEGUARD_CLIP_SPOOL_MAX_AGE_S="900",
        LIVEGUARD_DATABASE_URL=settings.resolved_database_url,
    )
    worker_args = ["--components", "tests.pipeline.pipeline_fakes:components"]
    workers = [
        Supervised(
            f"w{i}",
            [
                "worker",
                "--id",
                f"w{i}",
                "--instance-id",
                f"w{i}",
                "--session-timeout-ms",
                "6000",
                *worker_args,
            ],
            env,
            tmp,
        )
        for i in range(2)
    ]
    consumer = Supervised("alerts", ["alerts-consume", "--instance-id", "a0"], env, tmp)
    procs = [*workers, consumer]

    def tick() -> None:
        for p in procs:
            p.check()

    ids = [f"shop-{i}" for i in range(args.streams - 3)] + ["直播间" * 33 + "一", "col:1", "col_1"]
    streams = {
        sid: stream_chunks(StreamMeta(stream_id=sid, merchant_id="m-1"), args.rounds) for sid in ids
    }
    want = expected_keys(streams, tmp)
    per_round = len(SCRIPT)
    figures: dict[str, Any] = {"clip_store": "tmpfs 512 KiB" if mounted else "blocked folder"}
    producer = make_producer(settings.kafka_bootstrap)

    def publish_round(r: int) -> None:
        batch = [
            c for chunks in streams.values() for c in chunks[r * per_round : (r + 1) * per_round]
        ]
        publish_chunks(batch, producer=producer, topic=settings.topic("audio"))
        producer.flush()

    def stored_keys() -> set[Key]:
        return set(db_state(settings.resolved_database_url)[0])

    def round_done(r: int) -> Callable[[], bool]:
        goal = {k for k in want if k[2] < (r + 1) * per_round}
        return lambda: goal <= stored_keys()

    try:
        live = StreamMeta(stream_id=ids[0], merchant_id="m-1")
        faults: list[tuple[str, Callable[[], Any]]] = [
            ("clip store full from the start", lambda: None),
            ("poison messages", lambda: figures.__setitem__("poison_sent", poison(settings, live))),
            ("kill -9 worker w0", workers[0].kill9),
            ("kill -9 alerts consumer (static membership)", consumer.kill9),
            ("broker restart", lambda: _restart(broker)),
            (
                "kill -9 alerts consumer; restarted as a dynamic member, 10 s session",
                lambda: consumer.kill9(["alerts-consume", "--session-timeout-ms", "10000"]),
            ),
            (
                "kill -9 alerts consumer (dynamic, 10 s session: as before #11)",
                lambda: consumer.kill9(["alerts-consume"]),
            ),
            ("kill -9 alerts consumer (dynamic, 6 s session)", consumer.kill9),
            ("free the clip store", lambda: _free(clips, mounted)),
        ]
        for r in range(args.rounds):
            name, fault = faults[r] if r < len(faults) else ("none", lambda: None)
            print(f"round {r}: {name}", flush=True)
            fault()
            publish_round(r)
            took = wait_for(f"round {r} findings", round_done(r), 300, tick)
            figures[f"round {r} ({name}): s to all findings stored"] = round(took, 1)
            print(f"  {took:.1f} s since the fault", flush=True)
        for chunks in streams.values():
            publish_chunks(
                chunks[args.rounds * per_round :], producer=producer, topic=settings.topic("audio")
            )
        producer.flush()
        wait_for(
            "every stream ended",
            lambda: set(ids) <= db_state(settings.resolved_database_url)[2],
            300,
            tick,
        )
        wait_for(
            "no clip left spooled",
            lambda: db_state(settings.resolved_database_url)[1].get("spooled", 0) == 0,
            120,
            tick,
        )
    finally:
        producer.close()
        for p in procs:
            p.stop()
        broker.stop()
        keys, clip_statuses, ended = db_state(settings.resolved_database_url)
        if mounted:
            subprocess.run(["umount", str(clips)], check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    counts = Counter(keys)
    lost = sorted(want - set(keys))
    duplicated = {k: n for k, n in counts.items() if n > 1}
    crash_loops = [p.name for p in procs if len(p.exits) >= CRASH_LOOP]
    unfinished = sorted(set(ids) - ended)
    figures.update(
        expected_findings=len(want),
        stored_findings=len(keys),
        lost_findings=len(lost),
        duplicated_findings=sum(n - 1 for n in duplicated.values()),
        unexpected_findings=len(set(keys) - want),
        manual_steps=len(crash_loops) + len(unfinished),
        unplanned_exits={p.name: p.exits for p in procs},
        clip_status=dict(clip_statuses),
        unfinished_streams=unfinished,
    )
    report = "\n".join(f"- {k}: {v}" for k, v in figures.items())
    print(report)
    if lost:
        print("lost:", lost[:10])
    if args.out:
        args.out.write_text(
            f"# Fault run (bench/faults.py, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})"
            f"\n\n{report}\n"
        )
    print(
        json.dumps(
            {k: figures[k] for k in ("lost_findings", "duplicated_findings", "manual_steps")}
        )
    )


def _restart(broker: KafkaBroker) -> None:
    broker.restart()


def _free(clips: Path, mounted: bool) -> None:
    if mounted:
        subprocess.run(["mount", "-o", "remount,size=64m", str(clips)], check=True)
    else:
        clips.unlink()
        clips.mkdir()


if __name__ == "__main__":
    main()
