"""Producers: audio chunks and catalog events onto their topics.

The audio producer is idempotent and keeps one request in flight per connection, so a retried
send after a broker hiccup neither duplicates nor reorders a stream's chunks; ``acks=all`` means
a chunk counts as sent only once the broker has it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from liveguard.contracts import AudioChunk, ProductContext
from liveguard.errors import TransportError
from liveguard.ingest.wire import encode_chunk
from liveguard.settings import Settings

logger = logging.getLogger(__name__)


def make_producer(bootstrap: str, *, max_message_bytes: int = 1_048_576, **overrides: Any) -> Any:
    """A kafka-python producer with the settings every LiveGuard writer uses
    (``max_message_bytes``: ``settings.max_message_bytes``; never below Kafka's 1 MiB)."""
    from kafka import KafkaProducer
    from kafka.errors import KafkaError

    config: dict[str, Any] = {
        "bootstrap_servers": bootstrap,
        "acks": "all",
        "enable_idempotence": True,
        "max_in_flight_requests_per_connection": 1,
        "retries": 2**31 - 1,
        "delivery_timeout_ms": 300_000,
        "request_timeout_ms": 30_000,
        "linger_ms": 5,
        "max_request_size": max(max_message_bytes, 1_048_576),
        "client_id": "liveguard",
    }
    config.update(overrides)
    try:
        return KafkaProducer(**config)
    except KafkaError as exc:
        raise TransportError(f"cannot reach Kafka at {config['bootstrap_servers']}: {exc}") from exc


def publish_chunks(
    chunks: Iterable[AudioChunk],
    *,
    producer: Any,
    topic: str,
    flush_every: int = 0,
) -> int:
    """Send chunks in order; the last chunk should carry ``end_of_stream``. Returns the count.

    The caller's producer is flushed at the end, so when this returns every chunk is on the
    broker (or an error was raised).
    """
    from kafka.errors import KafkaError

    sent = 0
    try:
        for chunk in chunks:
            key, value, headers = encode_chunk(chunk)
            producer.send(topic, key=key, value=value, headers=headers)
            sent += 1
            if flush_every and sent % flush_every == 0:
                producer.flush()
        producer.flush()
    except KafkaError as exc:
        raise TransportError(f"publishing to {topic} failed after {sent} chunks: {exc}") from exc
    return sent


def with_end_of_stream(chunks: Iterable[AudioChunk]) -> Iterable[AudioChunk]:
    """Mark the last chunk end-of-stream (or add an empty one), whatever the source produced."""
    last: AudioChunk | None = None
    for chunk in chunks:
        if last is not None:
            yield last
        last = chunk
    if last is None:
        return
    if last.end_of_stream:
        yield last
    else:
        yield last.model_copy(update={"end_of_stream": True})


def publish_catalog(
    products: Iterable[ProductContext],
    *,
    producer: Any,
    settings: Settings,
) -> int:
    """Send catalog events, keyed by room (or sku), stamped with the time they were sent."""
    from datetime import UTC, datetime

    from liveguard.ingest.topics import CATALOG

    topic = settings.topic(CATALOG)
    count = 0
    for product in products:
        if product.updated_at is None:
            product = product.model_copy(update={"updated_at": datetime.now(UTC)})
        key = (product.room_id or product.sku).encode("utf-8")
        producer.send(topic, key=key, value=product.model_dump_json().encode("utf-8"))
        count += 1
    producer.flush()
    logger.info("published %d catalog events to %s", count, topic)
    return count
