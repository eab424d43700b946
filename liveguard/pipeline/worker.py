"""The Kafka worker: a consumer-group member that runs ingest → transcribe → rules.

Delivery contract (docs/kafka.md): at least once, with idempotent ids, so in effect once.
A commit cycle runs every ``checkpoint_every_s`` seconds, on every rebalance and on shutdown:

1. flush the producer: every event and dead letter produced so far is on the broker
   (clips were already written synchronously by the processor);
2. write a checkpoint per touched stream to the compacted state topic and flush again;
3. commit, per partition, the earliest offset any of its streams still needs (the first chunk
   of the utterance in progress, minus the clip context, i.e. an utterance boundary; or the
   first chunk of a clip the store refused and the spool still holds, so that a successor can
   rebuild it: the spool is bounded by size and age, and the hold goes with the clip).

A worker killed anywhere in between leaves either the old checkpoint and old offset (its
successor redoes the work and produces the same ids) or the new checkpoint with the old offset
(its successor skips what the checkpoint says is done).

Rebalances are applied by the main thread. kafka-python 3 calls the rebalance listener on its
own IO thread, concurrently with the loop; the listener therefore only queues what changed, and
the loop applies it between batches (before handling records and before committing). A stream
given away is dropped without a new checkpoint: its new owner resumes from the last commit
cycle's pair (checkpoint, committed offset), which is consistent by construction, and redoes at
most one cycle of work with the same ids. Every partition gained is restored from its
checkpoints and then *seeked to its committed offset*: kafka-python 3 keeps the fetch position
of a partition that is revoked and assigned back to the same member (a broker restart does
that), so without the seek the chunks between the commit and the old position were never
re-read and their findings were lost.

Stopping (SIGTERM) hands spooled clips over the same way instead of giving them up: the last
commit keeps the hold and the checkpoints list them, so whoever takes the partitions next
rebuilds and writes them. Partitions gained while stopping are not restored (nothing would be
read from them).

Long recognition calls do not cost group membership: kafka-python heartbeats from a
background thread, polls are small (``max_poll_records``) and ``max_poll_interval_ms`` is
generous, so the time between polls stays far below it.

A worker that is not in the group (never joined, or stuck re-joining) for ``join_timeout``
(default five session timeouts) logs an error and raises ``MembershipError``, so the command
exits non-zero and a supervisor restarts it: kafka-python 3 retries a failed join forever, with
no log line above DEBUG (docs/kafka.md, "A worker that never joins").
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kafka import ConsumerRebalanceListener

from liveguard.errors import LiveGuardError, MessageFormatError, TransportError
from liveguard.ingest.kafka_io import (
    DeadLetters,
    KafkaEventSink,
    KafkaStateStore,
    MembershipWatch,
    leave_while_joining,
    subscribe_afresh,
    subscribe_when_known,
)
from liveguard.ingest.topics import AUDIO, DEADLETTER, STATE
from liveguard.ingest.wire import decode_chunk
from liveguard.pipeline.processor import StreamProcessor
from liveguard.pipeline.worker_metrics import WorkerMetrics
from liveguard.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class WorkerOptions:
    max_poll_records: int = 64
    poll_timeout_ms: int = 200
    session_timeout_ms: int = 10_000
    heartbeat_interval_ms: int = 2_000
    max_poll_interval_ms: int = 600_000
    commit_every_s: float | None = None
    """Default: ``settings.checkpoint_every_s``."""
    max_messages: int | None = None
    """Stop after this many audio messages (benchmarks); ``None`` runs until stopped."""
    idle_exit_s: float | None = None
    """Stop after this long without any message while holding partitions (tests, batch jobs);
    the time spent joining the group does not count."""
    stream_idle_s: float = 120.0
    """A stream with no chunk for this long is brought to an utterance boundary (see
    ``StreamProcessor.expire``)."""
    instance_id: str | None = None
    """Kafka static membership (``group.instance.id``): a worker restarted under the same id
    takes its partitions back at once, without a rebalance of the whole group."""
    join_timeout_s: float | None = None
    """Give up when not in the group for this long; default five session timeouts."""


class Worker:
    def __init__(
        self,
        processor: StreamProcessor,
        *,
        settings: Settings,
        options: WorkerOptions | None = None,
        worker_id: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``clock``: the monotonic seconds the commit cycle and ``idle_exit_s`` are timed by
        (a test's fake clock; the membership watch keeps real time)."""
        self.settings = settings
        self.options = options or WorkerOptions()
        self.processor = processor
        self.worker_id = worker_id
        self.metrics = WorkerMetrics()
        self._stop = threading.Event()
        self._touched: dict[str, int] = {}
        self._positions: dict[int, int] = {}
        self._assigned: set[int] = set()
        self._to_restore: set[int] = set()
        self.revocations = 0
        """How many times partitions in hand were taken away (rebalances that cost work)."""
        self._closing = False
        self._joined = False
        self._moving: dict[str, int] = {}
        """Streams given away in a rebalance, until the new assignment shows where they went."""
        self._membership: queue.SimpleQueue[tuple[str, set[int]]] = queue.SimpleQueue()
        """Rebalance notices from the consumer's IO thread, applied by the loop in order."""
        self._clock = clock
        self._last_commit = clock()
        self.messages = 0
        s = self.settings
        self.audio_topic = s.topic(AUDIO)
        self.producer = self._producer()
        self.sink = KafkaEventSink(self.producer, s)
        self.state = KafkaStateStore(self.producer, s, s.topic(STATE))
        self.dead = DeadLetters(self.producer, s.topic(DEADLETTER))
        self.consumer = self._consumer()
        o = self.options
        self._watch = MembershipWatch(
            self.consumer,
            o.join_timeout_s or 5 * o.session_timeout_ms / 1000,
            f"worker {worker_id or '-'} (group {s.consumer_group!r}, topic {self.audio_topic})",
            rejoin=self._subscribe_afresh,
        )

    def _producer(self) -> Any:
        from liveguard.ingest.publisher import make_producer

        return make_producer(
            self.settings.kafka_bootstrap,
            max_message_bytes=self.settings.max_message_bytes,
            linger_ms=2,
            client_id=f"liveguard-worker{self.worker_id}",
        )

    def _consumer(self) -> Any:
        from kafka import KafkaConsumer
        from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
        from kafka.errors import KafkaError

        o = self.options
        try:
            consumer = KafkaConsumer(
                bootstrap_servers=self.settings.kafka_bootstrap,
                group_id=self.settings.consumer_group,
                client_id=f"liveguard-worker{self.worker_id}",
                enable_auto_commit=False,
                auto_offset_reset="earliest",
                max_poll_records=o.max_poll_records,
                max_poll_interval_ms=o.max_poll_interval_ms,
                session_timeout_ms=o.session_timeout_ms,
                heartbeat_interval_ms=o.heartbeat_interval_ms,
                group_instance_id=o.instance_id or None,
                partition_assignment_strategy=[RoundRobinPartitionAssignor],
                fetch_max_bytes=16 * 1024 * 1024,
            )
        except KafkaError as exc:
            raise TransportError(
                f"cannot reach Kafka at {self.settings.kafka_bootstrap}: {exc}"
            ) from exc
        subscribe_when_known(consumer, [self.audio_topic], _Rebalance(self))
        return consumer

    def _subscribe_afresh(self) -> None:
        subscribe_afresh(self.consumer, [self.audio_topic], _Rebalance(self))

    # --- life cycle -----------------------------------------------------------------------
    def stop(self, *_: object) -> None:
        """Ask the loop to finish the batch in hand, commit and leave (SIGTERM, SIGINT)."""
        self._stop.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self) -> None:
        o = self.options
        every = (
            o.commit_every_s if o.commit_every_s is not None else self.settings.checkpoint_every_s
        )
        idle_since = self._clock()
        logger.info(
            "worker %s consuming %s as %s",
            self.worker_id,
            self.audio_topic,
            self.settings.consumer_group,
        )
        try:
            while not self._stop.is_set():
                batches = self.consumer.poll(timeout_ms=o.poll_timeout_ms)
                if batches or not self._assigned:
                    # joining the group is not idleness: on a busy machine the join can take
                    # longer than the idle limit, and the worker would leave before reading
                    idle_since = self._clock()
                self._apply_membership()
                # records of a partition restored just now came from its old fetch position;
                # the restore seeked it back to the committed offset, so they come again.
                # Stopping: a partition gained now is restored by whoever reads it next.
                fresh = self._restore_pending() if not self._stop.is_set() else set()
                for tp, records in batches.items():
                    if self._ready(tp.partition) and tp.partition not in fresh:
                        self._handle(tp.partition, records)
                if self._clock() - self._last_commit >= every:
                    self.commit()
                self._update_metrics()
                self._check_membership()
                if o.max_messages is not None and self.messages >= o.max_messages:
                    break
                if o.idle_exit_s is not None and self._clock() - idle_since >= o.idle_exit_s:
                    break
            # Partitions still pending a restore stay so: restoring them now would read their
            # checkpoints for nothing. Spooled clips are not given up: the commit holds the
            # offset for them and the next owner rebuilds them (module docstring).
            self.commit()
        finally:
            self.close()

    def _check_membership(self) -> None:
        why = (
            "it joined but was given no partition: more workers than audio partitions, or the "
            "topic's metadata was missing when the group formed"
            if self._joined
            else "it has not joined: a member may hold the group without polling, or the group "
            "keeps rebalancing"
        )
        self._watch.check(bool(self._assigned), why, joined=self._joined)

    def close(self) -> None:
        self._closing = True
        try:
            leave_while_joining(self.consumer)
            self.consumer.close(autocommit=False)
        finally:
            self.producer.flush()
            self.producer.close()

    # --- processing -----------------------------------------------------------------------
    def _handle(self, partition: int, records: list[Any]) -> None:
        items = []
        for record in records:
            self.messages += 1
            try:
                chunk = decode_chunk(record)
            except MessageFormatError as exc:
                self.dead.send(record, str(exc))
                continue
            items.append((chunk, record.offset))
            self._touched[chunk.stream.stream_id] = partition
        if items:
            for event in self.processor.process(items, partition=partition):
                self.sink.emit(event)
            by_offset = {r.offset: r for r in records}
            for position, reason in self.processor.rejected:
                if position in by_offset:
                    self.dead.send(by_offset[position], reason)
            self.processor.rejected.clear()
        self._positions[partition] = records[-1].offset + 1

    def commit(self) -> None:
        """One commit cycle (see module docstring)."""
        from kafka import TopicPartition
        from kafka.errors import CommitFailedError, KafkaError
        from kafka.structs import OffsetAndMetadata

        self._apply_membership()
        for event in self.processor.expire(self.options.stream_idle_s):
            self.sink.emit(event)
            self._touched[event.stream.stream_id] = (
                self.processor.partition_of(event.stream.stream_id) or 0
            )
        # clips written or given up since the last cycle release their hold: the checkpoint
        # must say so before the offset moves past their chunks
        for sid in self.processor.release_clips():
            self._touched[sid] = self.processor.partition_of(sid) or 0
        self.sink.flush()
        for sid, partition in self._touched.items():
            checkpoint = self.processor.checkpoint(sid)
            if checkpoint is not None:
                self.state.save(partition, sid, checkpoint)
        self.state.flush()
        self._touched.clear()
        lows: dict[int, int] = defaultdict(lambda: 1 << 62)
        for sid, low in self.processor.low_positions().items():
            owner = self.processor.partition_of(sid)
            if low is not None and owner is not None:
                lows[owner] = min(lows[owner], low)
        offsets = {}
        for partition, position in self._positions.items():
            if self._ready(partition):
                offset = min(position, lows.get(partition, position))
                offsets[TopicPartition(self.audio_topic, partition)] = OffsetAndMetadata(
                    offset, "", -1
                )
        committed = True
        if offsets:
            try:
                self.consumer.commit(offsets)
            except (CommitFailedError, KafkaError) as exc:
                # The group moved on (we were too slow or are being fenced) or the broker is
                # away: the next cycle or the new owner starts from the checkpoints just written.
                committed = False
                logger.warning("commit failed; will be retried or re-read: %s", exc)
        if committed:
            # Ended streams whose last chunk is behind the committed offset: nothing can
            # redeliver their chunks, so their state can go (a tombstone lets compaction remove
            # it). One still ahead of it (another stream holds the offset back) keeps its state,
            # or a re-read would process it afresh and send its findings again.
            done = {tp.partition: meta.offset for tp, meta in offsets.items()}
            ended = []
            for sid in self.processor.ended():
                owner = self.processor.partition_of(sid)
                last = self.processor.last_position(sid)
                if owner is None or owner not in done:
                    continue
                if last is None or last < done[owner]:
                    ended.append(sid)
                    self.state.save(owner, sid, None)
            self.processor.drop(ended)
        self._last_commit = self._clock()
        self.metrics.committed()

    def _update_metrics(self) -> None:
        self.metrics.update(
            self.processor.stats,
            self.dead.count,
            len(self.processor.stream_ids),
            self.processor.clips,
            len(self._assigned),
        )
        from kafka import TopicPartition

        for partition in self._assigned:
            tp = TopicPartition(self.audio_topic, partition)
            high = self.consumer.highwater(tp)
            if high is not None and partition in self._positions:
                self.metrics.lag.labels(str(partition)).set(
                    max(0, high - self._positions[partition])
                )

    # --- rebalances -----------------------------------------------------------------------
    # The listener runs on kafka-python's IO thread: it only queues the notice (see the module
    # docstring). It must not block either: heartbeats run on that thread.
    def revoked(self, partitions: set[int]) -> None:
        if not self._closing:
            self._membership.put(("revoked", set(partitions)))

    def assigned(self, partitions: set[int]) -> None:
        if not self._closing:
            self._membership.put(("assigned", set(partitions)))

    def _ready(self, partition: int) -> bool:
        """Assigned and restored: its records may be handled and its offset committed."""
        return partition in self._assigned and partition not in self._to_restore

    def _apply_membership(self) -> None:
        while True:
            try:
                kind, partitions = self._membership.get_nowait()
            except queue.Empty:
                return
            if kind == "revoked":
                self._give_away(partitions)
            else:
                self._take(partitions)

    def _give_away(self, partitions: set[int]) -> None:
        self._joined = False
        if not partitions:
            return
        logger.info("worker %s: partitions revoked %s", self.worker_id, sorted(partitions))
        self.revocations += 1
        given = {
            sid: partition
            for sid in self.processor.stream_ids
            if (partition := self.processor.partition_of(sid)) in partitions
        }
        self.processor.drop(given)
        for sid in given:
            self._touched.pop(sid, None)
        self._moving.update(given)
        for partition in partitions:
            self._positions.pop(partition, None)
        self._assigned -= partitions
        self._to_restore -= partitions

    def _take(self, partitions: set[int]) -> None:
        logger.info("worker %s: partitions assigned %s", self.worker_id, sorted(partitions))
        self._joined = True
        for sid, partition in self._moving.items():
            if partition not in partitions and self.processor.clips is not None:
                # Moved to another worker, which adopts its spooled clips from the checkpoint;
                # streams that came back keep theirs, audio included.
                self.processor.clips.forget(sid)
        self._moving.clear()
        gained = partitions - self._assigned
        self._assigned |= partitions
        self._to_restore |= gained

    def _restore_pending(self) -> set[int]:
        """Restore gained partitions: committed offset first, then checkpoints, then seek.

        The offset is read before the checkpoints: a checkpoint is always written before the
        offset that relies on it is committed, so checkpoints read afterwards are at least as
        new. A partition whose restore fails (broker away) stays pending and is retried; its
        records are not handled meanwhile. Returns the partitions restored in this call.
        """
        from kafka import TopicPartition
        from kafka.errors import KafkaError

        restored: set[int] = set()
        for partition in sorted(self._to_restore):
            tp = TopicPartition(self.audio_topic, partition)
            try:
                committed = self.consumer.committed(tp)
                states = self.state.load(partition)
                if committed is None:
                    self.consumer.seek_to_beginning(tp)
                else:
                    self.consumer.seek(tp, committed)
            except (KafkaError, LiveGuardError) as exc:
                logger.warning("partition %d: restore failed, will retry: %s", partition, exc)
                continue
            self._to_restore.discard(partition)
            restored.add(partition)
            for sid, checkpoint in states.items():
                if sid in self.processor.stream_ids:
                    continue
                try:
                    self.processor.restore(sid, checkpoint, partition)
                except (KeyError, ValueError, TypeError) as exc:
                    logger.warning("checkpoint of %s unusable, starting it afresh: %s", sid, exc)
            logger.info(
                "partition %d: restored %d stream checkpoints, resuming at offset %s",
                partition,
                len(states),
                committed,
            )
        return restored


class _Rebalance(ConsumerRebalanceListener):  # type: ignore[misc]
    """kafka-python's rebalance listener, forwarding to the worker."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def on_partitions_revoked(self, revoked: Any) -> None:
        self.worker.revoked({tp.partition for tp in revoked})

    def on_partitions_assigned(self, assigned: Any) -> None:
        self.worker.assigned({tp.partition for tp in assigned})
