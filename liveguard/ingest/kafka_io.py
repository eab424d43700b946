"""Kafka-backed sink, state store and dead-letter writer used by the worker.

They share one producer (``acks=all``, idempotent), so ``flush`` on any of them means every
event, checkpoint and dead letter sent so far is on the broker: the worker commits offsets only
after that.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from liveguard.contracts import PipelineEvent
from liveguard.errors import TransportError
from liveguard.ingest.events import encode_event, event_key, event_topic_name
from liveguard.settings import Settings

logger = logging.getLogger(__name__)

DLQ_VALUE_LIMIT = 1_000_000


class KafkaEventSink:
    """Pipeline events onto the segments / findings / events topics, keyed by stream."""

    def __init__(self, producer: Any, settings: Settings) -> None:
        self._producer = producer
        self._settings = settings
        self.sent = 0

    def emit(self, event: PipelineEvent) -> None:
        topic = self._settings.topic(event_topic_name(event))
        self._producer.send(topic, key=event_key(event), value=encode_event(event))
        self.sent += 1

    def flush(self) -> None:
        self._producer.flush()


class KafkaStateStore:
    """Checkpoints on the compacted state topic, in the partition the stream's audio uses."""

    def __init__(self, producer: Any, settings: Settings, topic: str) -> None:
        self._producer = producer
        self._settings = settings
        self.topic = topic

    def save(self, partition: int, stream_id: str, state: Mapping[str, Any] | None) -> None:
        value = None if state is None else json.dumps(state, ensure_ascii=False).encode("utf-8")
        self._producer.send(
            self.topic, key=stream_id.encode("utf-8"), value=value, partition=partition
        )

    def flush(self) -> None:
        self._producer.flush()

    def load(self, partition: int) -> dict[str, dict[str, Any]]:
        """Latest checkpoint per stream in one partition (reads it to its end).

        Raises ``TransportError`` when the end cannot be reached (broker away): a partial read
        would restore a stream from an older checkpoint than the committed offset relies on.
        """
        from kafka import KafkaConsumer, TopicPartition
        from kafka.errors import KafkaError

        tp = TopicPartition(self.topic, partition)
        consumer = KafkaConsumer(
            bootstrap_servers=self._settings.kafka_bootstrap,
            enable_auto_commit=False,
            group_id=None,
            client_id="liveguard-state-restore",
        )
        states: dict[str, dict[str, Any]] = {}
        try:
            consumer.assign([tp])
            consumer.seek_to_beginning(tp)
            end = consumer.end_offsets([tp])[tp]
            deadline = time.monotonic() + 60
            while consumer.position(tp) < end:
                if time.monotonic() > deadline:
                    raise TransportError(
                        f"checkpoints of {self.topic}[{partition}] not read to offset {end} "
                        "within 60 s"
                    )
                for record in consumer.poll(timeout_ms=500).get(tp, []):
                    if record.key is None:
                        continue
                    key = record.key.decode("utf-8")
                    if record.value is None:
                        states.pop(key, None)
                    else:
                        try:
                            states[key] = json.loads(record.value)
                        except ValueError:
                            logger.warning(
                                "unreadable checkpoint for %s at offset %d", key, record.offset
                            )
        except KafkaError as exc:
            raise TransportError(
                f"cannot read checkpoints of {self.topic}[{partition}]: {exc}"
            ) from exc
        finally:
            consumer.close()
        return states


class DeadLetters:
    """Poison messages with why and where from, so an operator can fix the producer."""

    def __init__(self, producer: Any, topic: str) -> None:
        self._producer = producer
        self.topic = topic
        self.count = 0

    def send(self, record: Any, reason: str) -> None:
        headers = [(k, v) for k, v in (record.headers or []) if not k.startswith("dlq_")]
        headers += [
            ("dlq_reason", reason.encode("utf-8")[:1000]),
            ("dlq_topic", str(record.topic).encode()),
            ("dlq_partition", str(record.partition).encode()),
            ("dlq_offset", str(record.offset).encode()),
            ("dlq_at_ms", str(int(time.time() * 1000)).encode()),
        ]
        value = record.value[:DLQ_VALUE_LIMIT] if record.value is not None else None
        self._producer.send(self.topic, key=record.key, value=value, headers=headers)
        self.count += 1
        logger.warning(
            "dead letter from %s[%d]@%d: %s", record.topic, record.partition, record.offset, reason
        )


def subscribe_when_known(consumer: Any, topics: list[str], listener: Any = None) -> None:
    """Subscribe only once the topics' partitions are in the client's metadata.

    A group formed while the leader does not know a topic's partitions yet hands out nothing
    ("No partition metadata for topic …"), and kafka-python 3 did not rejoin when the
    metadata arrived: seen in tests and in the fault run right after topics were created.
    """
    for topic in topics:
        consumer.partitions_for_topic(topic)
    if listener is None:
        consumer.subscribe(topics)
    else:
        consumer.subscribe(topics, listener=listener)


def subscribe_afresh(consumer: Any, topics: list[str], listener: Any = None) -> None:
    """Leave and subscribe again (``MembershipWatch``'s fresh start for a join that never
    completes): unsubscribing drops the member id and generation the stuck join retried with."""
    leave_while_joining(consumer)
    consumer.unsubscribe()
    subscribe_when_known(consumer, topics, listener)


def leave_while_joining(consumer: Any) -> None:
    """Send the leave of a member whose join is still in flight, waiting a session timeout at
    most for the answer, so that the unsubscribe or close after it sends none.

    A broker answers one request per connection at a time, and holds a JoinGroup until every
    member has rejoined (up to the rebalance timeout): a LeaveGroup queued behind it is not
    read before then, and kafka-python's unsubscribe and close waited a whole request timeout
    (30 s) for its answer, twice on the membership watchdog's way out. Waiting longer cannot
    get the leave read any sooner; the request stays queued as long as the connection lives.
    A member with no join in flight leaves as before, waiting for the answer: a leave cut short
    there can leave a dead member that stalls the group's next rebalance for its rebalance
    timeout (300 s, seen when every close was bounded; BENCHMARKS.md, session 11)."""
    from kafka.structs import MemberState

    coordinator = getattr(consumer, "_coordinator", None)  # kafka-python internals
    if coordinator is None or coordinator.state is not MemberState.REBALANCING:
        return
    coordinator.maybe_leave_group(timeout_ms=consumer.config["session_timeout_ms"])


class MembershipError(TransportError):
    """A consumer-group member held no partition for too long: its process should restart."""


class MembershipWatch:
    """Turns "in the group but holding nothing" into an error after ``limit_s``.

    kafka-python 3 retries failed joins forever and logs them at DEBUG, and a group formed
    before a new topic's metadata reached the leader hands out nothing (docs/kafka.md, "A worker
    that never joins"): without this, a worker or the alerts consumer can sit idle for good.
    Time during which the group coordinator is unreachable does not count: a broker outage is
    not cured by restarting every client at once.

    Halfway to the limit a member that has never joined gets one fresh start in-process
    (``rejoin``, typically ``subscribe_afresh``) before the process is given up; a member that joined and got
    nothing is not made to rejoin, which would rebalance every other member for nothing.
    """

    def __init__(
        self,
        consumer: Any,
        limit_s: float,
        who: str,
        rejoin: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._consumer = consumer
        self.limit_s = limit_s
        self.who = who
        self._rejoin = rejoin
        self._clock = clock
        self._since = clock()
        self.rejoins = 0
        self._rejoined = False

    def check(self, holding: bool, why: str = "", joined: bool = False) -> None:
        coordinator = getattr(self._consumer, "_coordinator", None)  # kafka-python internals
        if holding or (coordinator is not None and coordinator.coordinator_unknown()):
            self._since = self._clock()
            self._rejoined = False
            return
        waited = self._clock() - self._since
        if waited >= self.limit_s:
            message = (
                f"{self.who} has held no partition for {waited:.0f} s ({self.limit_s:.0f} s "
                f"allowed){': ' + why if why else ''}. Exiting so a supervisor restarts it"
            )
            logger.error(message)
            raise MembershipError(message)
        if waited >= self.limit_s / 2 and not joined and not self._rejoined and self._rejoin:
            logger.warning(
                "%s has not joined its group in %.0f s: subscribing afresh", self.who, waited
            )
            self._rejoined = True
            self.rejoins += 1
            self._rejoin()
