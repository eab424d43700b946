"""The topics LiveGuard uses, with the partitions and retention each one needs.

Partition count bounds how many workers share the audio load (one partition is read by one
worker of the group), so audio gets many; the state topic must have exactly as many as audio
because a stream's checkpoint is written to the partition number its audio came from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from liveguard.errors import TransportError
from liveguard.settings import Settings

logger = logging.getLogger(__name__)

AUDIO = "audio"
SEGMENTS = "segments"
FINDINGS = "findings"
EVENTS = "events"
STATE = "state"
CATALOG = "catalog"
DEADLETTER = "deadletter"

DAY_MS = 24 * 3600 * 1000


@dataclass(frozen=True)
class TopicSpec:
    """One topic to create: unprefixed role name, full name, partitions and broker config."""

    role: str
    name: str
    partitions: int
    config: dict[str, str] = field(default_factory=dict)


def topic_specs(
    settings: Settings,
    *,
    partitions: int = 12,
    audio_retention_hours: float = 24.0,
    event_retention_days: float = 7.0,
) -> list[TopicSpec]:
    """Every topic with its settings.

    Audio is bulky and only needed until a worker has processed it (plus time to recover from an
    outage), so it is kept for hours; events are the hand-over to the alerts service and are
    kept for days so the service can be down for a weekend and catch up. State is compacted:
    only the latest checkpoint per stream matters.
    """
    audio_ms = str(int(audio_retention_hours * 3600 * 1000))
    events_ms = str(int(event_retention_days * DAY_MS))
    max_bytes = str(max(settings.max_message_bytes, 1_048_588))

    def spec(role: str, count: int, config: dict[str, str]) -> TopicSpec:
        return TopicSpec(role, settings.topic(role), count, config)

    return [
        spec(
            AUDIO,
            partitions,
            {"retention.ms": audio_ms, "max.message.bytes": max_bytes, "cleanup.policy": "delete"},
        ),
        spec(SEGMENTS, partitions, {"retention.ms": events_ms}),
        spec(FINDINGS, partitions, {"retention.ms": events_ms}),
        spec(EVENTS, partitions, {"retention.ms": events_ms}),
        spec(
            STATE,
            partitions,
            {
                "cleanup.policy": "compact",
                "min.cleanable.dirty.ratio": "0.1",
                "segment.ms": str(3600 * 1000),
                "delete.retention.ms": str(DAY_MS),
            },
        ),
        spec(CATALOG, max(1, partitions // 4), {"retention.ms": str(30 * DAY_MS)}),
        spec(
            DEADLETTER,
            1,
            {"retention.ms": str(30 * DAY_MS), "max.message.bytes": max_bytes},
        ),
    ]


def create_topics(
    specs: list[TopicSpec],
    *,
    bootstrap: str,
    replication_factor: int = 1,
    timeout_s: float = 30.0,
) -> list[str]:
    """Create the topics that do not exist yet; return the names created (idempotent)."""
    from kafka.admin import KafkaAdminClient
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            client_id="liveguard-admin",
            request_timeout_ms=int(timeout_s * 1000),
        )
    except KafkaError as exc:
        raise TransportError(f"cannot reach Kafka at {bootstrap}: {exc}") from exc
    try:
        existing = set(admin.list_topics())
        wanted = [s for s in specs if s.name not in existing]
        if wanted:
            request: dict[str, Any] = {
                s.name: {
                    "num_partitions": s.partitions,
                    "replication_factor": replication_factor,
                    "configs": dict(s.config),
                }
                for s in wanted
            }
            admin.create_topics(request, timeout_ms=int(timeout_s * 1000))
            admin.wait_for_topics([s.name for s in wanted], timeout_ms=int(timeout_s * 1000))
        for s in wanted:
            logger.info("created topic %s (%d partitions)", s.name, s.partitions)
        return [s.name for s in wanted]
    except KafkaError as exc:
        raise TransportError(f"creating topics on {bootstrap} failed: {exc}") from exc
    finally:
        admin.close()


def ensure_topics(settings: Settings, *, partitions: int = 12) -> list[str]:
    """Create LiveGuard's topics from settings (what ``liveguard topics create`` runs)."""
    return create_topics(
        topic_specs(settings, partitions=partitions), bootstrap=settings.kafka_bootstrap
    )
