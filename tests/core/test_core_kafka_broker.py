"""The real broker the project starts itself: produce, consume in a group, commit."""

from __future__ import annotations

from typing import Any

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic

from tests.support.kafka import poll_into
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


def test_round_trip_with_group_commit(kafka_broker, fresh_topic: str) -> None:
    admin = KafkaAdminClient(bootstrap_servers=kafka_broker.bootstrap)
    admin.create_topics([NewTopic(fresh_topic, num_partitions=1, replication_factor=1)])
    admin.close()

    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap, acks="all")
    producer.send(fresh_topic, key=b"stream-1", value=b"chunk-0", headers=[("seq", b"0")]).get(30)
    producer.close()

    consumer = KafkaConsumer(
        fresh_topic,
        bootstrap_servers=kafka_broker.bootstrap,
        group_id=f"{fresh_topic}-group",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    records: list[Any] = []
    wait_until(
        lambda: records,
        "the produced record",
        poll=lambda: poll_into(consumer, records),
    )
    assert [(r.key, r.value, r.headers) for r in records] == [
        (b"stream-1", b"chunk-0", [("seq", b"0")])
    ]
    consumer.commit()
    committed = consumer.committed(TopicPartition(fresh_topic, 0))
    consumer.close()
    assert committed == 1
