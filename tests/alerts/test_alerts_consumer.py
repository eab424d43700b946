"""The Kafka consumer against the real broker: events in, cases out, redelivery harmless."""

from __future__ import annotations

import pytest
from kafka import KafkaProducer
from sqlalchemy import func, select

from liveguard.alerts.consumer import consume
from liveguard.alerts.db import open_database
from liveguard.alerts.models import Case, FindingRecord, SegmentRecord
from liveguard.ingest.events import encode_event, event_key, event_topic
from liveguard.ingest.topics import ensure_topics


@pytest.mark.kafka
@pytest.mark.slow
def test_consumer_ingests_topics_idempotently(
    kafka_broker, fresh_topic, sqlite_url, settings_for, events
):
    settings = settings_for(
        sqlite_url, kafka_bootstrap=kafka_broker.bootstrap, topic_prefix=f"{fresh_topic}."
    )
    ensure_topics(settings, partitions=2)
    batch = [
        events.started("s-1"),
        events.segment("s-1", 0, "大家好"),
        events.finding(seq=1),
        events.finding(seq=2),
    ]
    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap)
    for event in batch + batch[2:]:  # the findings twice: at-least-once delivery
        producer.send(event_topic(event, settings), key=event_key(event), value=encode_event(event))
    producer.send(event_topic(batch[0], settings), key=b"s-1", value=b"{not an event")
    producer.flush()
    producer.close()

    engine, factory = open_database(settings.resolved_database_url)
    try:
        total = consume(factory, settings, group_id=f"g-{fresh_topic}", idle_batches=3)
        assert total.findings_new == 2
        assert total.findings_duplicate == 2
        with factory() as s:
            assert s.scalar(select(func.count()).select_from(FindingRecord)) == 2
            assert s.scalar(select(func.count()).select_from(Case)) == 1
            assert s.scalar(select(func.count()).select_from(SegmentRecord)) == 3
        again = consume(factory, settings, group_id=f"g-{fresh_topic}", idle_batches=2)
        assert again.findings_new == 0  # offsets were committed
    finally:
        engine.dispose()
