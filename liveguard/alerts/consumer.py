"""Reading pipeline events from Kafka into the database (``liveguard alerts-consume``).

Webhooks queued by a batch are sent by the dispatcher thread (:mod:`liveguard.alerts.webhooks`)
that ``alerts-consume`` and ``serve`` start when a webhook URL is set. Offsets are committed
only after the batch is stored, and storing is idempotent, so a crash
between the two replays a batch harmlessly. A message that is not a valid event (poison) is
logged and skipped rather than blocking the partition forever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from liveguard.alerts.ingestion import IngestResult, ingest_events
from liveguard.contracts import PipelineEvent
from liveguard.errors import MessageFormatError
from liveguard.settings import Settings

logger = logging.getLogger(__name__)


def consume(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    group_id: str = "liveguard-alerts",
    max_batches: int | None = None,
    idle_batches: int | None = None,
    on_batch: Callable[[IngestResult], None] | None = None,
) -> IngestResult:
    """Consume until stopped (or ``max_batches`` / ``idle_batches`` empty polls, for tests)."""
    from kafka import KafkaConsumer

    from liveguard.ingest.events import decode_event, event_topics

    consumer = KafkaConsumer(
        *event_topics(settings),
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=500,
    )
    for topic in event_topics(settings):  # before the group forms: see Worker._consumer
        consumer.partitions_for_topic(topic)
    total = IngestResult()
    batches = idle = 0
    try:
        while max_batches is None or batches < max_batches:
            polled = consumer.poll(timeout_ms=1000)
            if not polled:
                idle += 1
                if idle_batches is not None and idle >= idle_batches:
                    break
                continue
            idle = 0
            events: list[PipelineEvent] = []
            for records in polled.values():
                for record in records:
                    try:
                        events.append(decode_event(record.value))
                    except MessageFormatError as exc:
                        logger.warning(
                            "skipping poison message %s@%s: %s", record.topic, record.offset, exc
                        )
            with factory() as session:
                result = ingest_events(session, events, settings)
            consumer.commit()
            batches += 1
            for name in ("segments", "findings_new", "findings_duplicate", "cases_new"):
                setattr(total, name, getattr(total, name) + getattr(result, name))
            total.blacklist_alerts += result.blacklist_alerts
            total.webhooks.extend(result.webhooks)
            if on_batch:
                on_batch(result)
    finally:
        consumer.close()
    return total
