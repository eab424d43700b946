"""Reading pipeline events from Kafka into the database (``liveguard alerts-consume``).

Webhooks queued by a batch are sent by the dispatcher thread (:mod:`liveguard.alerts.webhooks`)
that ``alerts-consume`` and ``serve`` start when a webhook URL is set. Offsets are committed
only after the batch is stored, and storing is idempotent, so a crash between the two replays a
batch harmlessly.

A poison event costs only itself: one that does not decode, breaks a database limit the
contract did not catch, or names another merchant than the stream's owner goes to the
dead-letter topic with the reason, and the rest of its batch is stored. Errors that say the
database itself is away (connection lost) are not the event's fault: they stop the consumer
without committing, and a restart replays the batch. A consumer that holds no partition for five
session timeouts stops with an error too (``MembershipError``), for its supervisor to restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from liveguard.alerts.crud.owners import OwnerDisputeError, record_dispute
from liveguard.alerts.ingestion import IngestResult, ingest_events
from liveguard.contracts import PipelineEvent
from liveguard.errors import MessageFormatError
from liveguard.settings import Settings

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)
"""The database is away or busy: retry the batch later, never blame the event."""


def consume(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    group_id: str = "liveguard-alerts",
    instance_id: str | None = None,
    session_timeout_ms: int = 6000,
    max_batches: int | None = None,
    idle_batches: int | None = None,
    join_timeout_s: float | None = None,
    on_batch: Callable[[IngestResult], None] | None = None,
) -> IngestResult:
    """Consume until stopped (or ``max_batches`` / ``idle_batches`` empty polls, for tests).

    ``instance_id`` turns on Kafka static membership: a consumer restarted under the same id
    (after a crash or a deploy) takes its partitions back without a group rebalance.
    ``join_timeout_s`` (default five session timeouts): how long the consumer may hold no
    partition before it exits with an error so that a supervisor restarts it.
    """
    from kafka import KafkaConsumer

    from liveguard.ingest.events import decode_event, event_topics
    from liveguard.ingest.kafka_io import (
        DeadLetters,
        MembershipWatch,
        leave_while_joining,
        subscribe_afresh,
        subscribe_when_known,
    )
    from liveguard.ingest.publisher import make_producer
    from liveguard.ingest.topics import DEADLETTER

    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=group_id,
        group_instance_id=instance_id or None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=500,
        session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=max(1000, session_timeout_ms // 5),
    )
    subscribe_when_known(consumer, event_topics(settings))

    watch = MembershipWatch(
        consumer,
        join_timeout_s or 5 * session_timeout_ms / 1000,
        f"alerts consumer (group {group_id!r})",
        rejoin=lambda: subscribe_afresh(consumer, event_topics(settings)),
    )
    producer = make_producer(
        settings.kafka_bootstrap,
        max_message_bytes=settings.max_message_bytes,
        client_id="liveguard-alerts",
    )
    dead = DeadLetters(producer, settings.topic(DEADLETTER))
    total = IngestResult()
    batches = idle = 0
    try:
        while max_batches is None or batches < max_batches:
            polled = consumer.poll(timeout_ms=1000)
            watch.check(
                bool(consumer.assignment()),
                "a member may hold the group without polling, or the group formed before the "
                "event topics' metadata arrived",
            )
            if not polled:
                idle += 1
                if idle_batches is not None and idle >= idle_batches:
                    break
                continue
            idle = 0
            items: list[tuple[PipelineEvent, Any]] = []
            for records in polled.values():
                for record in records:
                    try:
                        items.append((decode_event(record.value), record))
                    except MessageFormatError as exc:
                        dead.send(record, str(exc))
            result = _store(factory, settings, items, dead)
            producer.flush()  # dead letters are on the broker before their offsets move on
            consumer.commit()
            batches += 1
            _add(total, result)
            if on_batch:
                on_batch(result)
    finally:
        leave_while_joining(consumer)
        consumer.close()
        producer.close()
    return total


def _store(
    factory: sessionmaker[Session],
    settings: Settings,
    items: list[tuple[PipelineEvent, Any]],
    dead: Any,
) -> IngestResult:
    """The whole batch in one transaction; if that fails, event by event."""
    try:
        with factory() as session:
            return ingest_events(session, [event for event, _ in items], settings)
    except TRANSIENT:
        raise
    except Exception:
        logger.info("batch of %d events failed; storing them one by one", len(items))
    result = IngestResult()
    for event, record in items:
        try:
            with factory() as session:
                _add(result, ingest_events(session, [event], settings))
        except TRANSIENT:
            raise
        except OwnerDisputeError as exc:
            with factory() as session:
                record_dispute(session, exc)
                session.commit()
            dead.send(record, str(exc))
        except Exception as exc:
            dead.send(record, f"not storable: {type(exc).__name__}: {exc}"[:1000])
    return result


def _add(total: IngestResult, result: IngestResult) -> None:
    for name in ("segments", "findings_new", "findings_duplicate", "cases_new"):
        setattr(total, name, getattr(total, name) + getattr(result, name))
    total.blacklist_alerts += result.blacklist_alerts
    total.webhooks.extend(result.webhooks)
