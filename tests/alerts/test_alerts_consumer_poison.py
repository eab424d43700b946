"""The alerts consumer keeps serving every stream when one event is poison (issue #11).

Each test sends a bad event and a good one through the real broker; the good one being stored
proves the consumer went on; the bad one must be on the dead-letter topic with a reason.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from kafka import KafkaConsumer, KafkaProducer
from sqlalchemy import select

from liveguard.alerts.consumer import consume
from liveguard.alerts.db import open_database
from liveguard.alerts.models import AuditEntry, Case, FindingRecord, Stream
from liveguard.contracts import PipelineEvent
from liveguard.ingest.events import encode_event, event_key, event_topic
from liveguard.ingest.topics import ensure_topics
from liveguard.settings import Settings
from tests.pipeline.pipeline_kafka import dead_letters

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


def send(settings: Settings, items: list[PipelineEvent | tuple[PipelineEvent, bytes]]) -> None:
    """Events in order; a ``(event, raw)`` pair sends ``raw`` on that event's topic instead."""
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap)
    for item in items:
        event, raw = item if isinstance(item, tuple) else (item, encode_event(item))
        producer.send(event_topic(event, settings), key=event_key(event), value=raw)
    producer.flush()
    producer.close()


def dead_reasons(settings: Settings) -> list[str]:
    return [dict(r.headers)["dlq_reason"].decode() for r in dead_letters(settings)]


@pytest.fixture
def kafka_settings(db_url, settings_for, kafka_broker, fresh_topic) -> Settings:
    settings: Settings = settings_for(
        db_url, kafka_bootstrap=kafka_broker.bootstrap, topic_prefix=f"{fresh_topic}."
    )
    ensure_topics(settings, partitions=1)
    return settings


def run_consumer(settings: Settings) -> Any:
    engine, factory = open_database(settings.resolved_database_url)
    try:
        total = consume(factory, settings, group_id="alerts", idle_batches=3)
        return total, factory, engine
    except BaseException:
        engine.dispose()
        raise


def test_seq_beyond_the_database_range_is_dead_lettered(kafka_settings, events):
    far = events.segment("far-1", 1, "你好")
    raw = encode_event(far).replace(b'"seq_start":1', b'"seq_start":9223372036854775808')
    send(kafka_settings, [(far, raw), events.finding(stream_id="s-ok", seq=3)])
    total, factory, engine = run_consumer(kafka_settings)
    try:
        assert total.findings_new == 1
        with factory() as s:
            assert s.get(Stream, "far-1") is None
    finally:
        engine.dispose()
    assert any("seq_start" in r for r in dead_reasons(kafka_settings))


def test_owner_from_the_registry_beats_the_producers_claim(kafka_settings, events, make_module_api):
    api = make_module_api(kafka_settings)
    response = api.client.put(
        "/api/admin/streams/shop-1/owner", json={"merchant_id": "m-1"}, headers=api.as_("admin")
    )
    assert response.status_code == 200, response.text
    send(
        kafka_settings,
        [
            events.started("shop-1", merchant="m-2"),
            events.finding(stream_id="shop-1", merchant="m-2"),
        ],
    )
    run_consumer(kafka_settings)[2].dispose()
    mine = api.client.get("/api/cases", headers=api.as_("merchant")).json()["items"]
    theirs = api.client.get("/api/cases", headers=api.as_("merchant2")).json()["items"]
    assert [c["stream_id"] for c in mine] == ["shop-1"]
    assert theirs == []


def test_a_later_owner_claim_is_dead_lettered_audited_and_shown(
    kafka_settings, events, make_module_api
):
    send(
        kafka_settings,
        [
            events.started("shop-2", merchant="m-1"),
            events.finding(stream_id="shop-2", seq=0, merchant="m-1"),
            events.finding(stream_id="shop-2", seq=1, merchant="m-2"),
            events.finding(stream_id="shop-ok", seq=2),
        ],
    )
    _, factory, engine = run_consumer(kafka_settings)
    try:
        with factory() as s:
            stored = set(s.scalars(select(FindingRecord.stream_id)))
            assert stored == {"shop-2", "shop-ok"}
            assert len(list(s.scalars(select(FindingRecord.finding_id)))) == 2
            case = s.scalars(select(Case).where(Case.stream_id == "shop-2")).one()
            case_id = case.id
            assert case.merchant_id == "m-1"
            actions = {e.action for e in s.scalars(select(AuditEntry))}
            assert "owner_disputed" in actions
    finally:
        engine.dispose()
    assert any("owner" in r for r in dead_reasons(kafka_settings))
    api = make_module_api(kafka_settings)
    detail = api.client.get(f"/api/cases/{case_id}", headers=api.as_("moderator")).json()
    assert detail["case"]["owner_disputed"] is True
    api.client.get("/ui/login")
    login = api.client.post(
        "/ui/login",
        data={
            "username": "admin",
            "secret": "pw-admin",
            "csrf_token": api.client.cookies["lg_csrf"],
        },
        follow_redirects=False,
    )
    assert login.status_code == 303, login.text
    page = api.client.get(f"/ui/cases/{case_id}")
    assert page.status_code == 200
    assert "owner disputed" in page.text.lower() or "归属存疑" in page.text
    api.client.cookies.clear()


def test_clip_is_served_only_for_findings_of_its_own_stream(
    kafka_settings, events, make_module_api, tmp_path
):
    from liveguard.ingest.clipstore import clip_key, open_clip_store, pcm16_to_wav

    store = open_clip_store(kafka_settings)
    victim_key = clip_key("victim", 0)
    store.put(victim_key, pcm16_to_wav(b"\x01\x00" * 1600))
    send(kafka_settings, [events.finding(stream_id="thief", seq=0, clip=victim_key)])
    run_consumer(kafka_settings)[2].dispose()
    api = make_module_api(kafka_settings)
    cases = api.client.get("/api/cases", headers=api.as_("moderator")).json()["items"]
    assert cases
    detail = api.client.get(f"/api/cases/{cases[0]['id']}", headers=api.as_("moderator")).json()
    finding_id = detail["findings"][0]["finding_id"]
    clip = api.client.get(
        f"/api/cases/{cases[0]['id']}/findings/{finding_id}/clip", headers=api.as_("moderator")
    )
    assert clip.status_code == 404
    assert json.loads(clip.text)["detail"]


def test_consumer_that_gets_no_partition_exits_with_an_error(
    sqlite_url, settings_for, kafka_broker, fresh_topic, caplog
):
    """The fault run saw the consumer join a group formed before the event topics' metadata
    arrived: it got nothing and sat idle. It must say so and stop (a supervisor restarts it).
    The database plays no part here, so this runs once, on SQLite."""
    from liveguard.errors import TransportError

    kafka_settings = settings_for(
        sqlite_url, kafka_bootstrap=kafka_broker.bootstrap, topic_prefix=f"{fresh_topic}."
    )
    ensure_topics(kafka_settings, partitions=1)

    holder = KafkaConsumer(
        *(kafka_settings.topic(t) for t in ("segments", "findings", "events")),
        bootstrap_servers=kafka_settings.kafka_bootstrap,
        group_id="alerts",
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
        max_poll_interval_ms=300_000,
    )
    try:
        while not holder.assignment():
            holder.poll(timeout_ms=500)
        engine, factory = open_database(kafka_settings.resolved_database_url)
        try:
            with pytest.raises(TransportError, match="no partition"):
                consume(
                    factory, kafka_settings, group_id="alerts", idle_batches=90, join_timeout_s=5.0
                )
        finally:
            engine.dispose()
    finally:
        holder.close()
    assert any(r.levelname == "ERROR" and "partition" in r.getMessage() for r in caplog.records)
