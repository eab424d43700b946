"""On-the-spot correction webhooks against a real local HTTP server: signed, retried, logged."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from liveguard.alerts import webhooks
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import WebhookDelivery, utcnow
from tests.support.waiting import join, wait_until


class Receiver:
    def __init__(self) -> None:
        self.statuses: list[int] = []
        """Status to answer for each request in turn (then 200)."""
        self.requests: list[tuple[dict[str, str], bytes]] = []


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append((dict(self.headers), body))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _verify(headers: dict[str, str], body: bytes, secret: str) -> bool:
    stamp = headers["X-LiveGuard-Timestamp"]
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-LiveGuard-Signature"], "sha256=" + expected)


def test_high_severity_finding_is_signed_and_retried(
    session, settings_for, db_url, receiver, events
):
    state, url = receiver
    settings = settings_for(db_url, webhook_url=url)
    state.statuses = [500, 503]
    result = ingest_events(
        session,
        [events.finding(seq=0), events.finding(seq=1, severity="low"), events.finding(seq=0)],
        settings,
    )
    assert len(result.webhooks) == 1  # only the new high-severity finding
    assert webhooks.deliver_due(session, settings) == 1
    delivery = session.get(WebhookDelivery, result.webhooks[0])
    assert delivery is not None
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert webhooks.deliver_due(session, settings) == 0  # backing off
    later = utcnow() + timedelta(seconds=webhooks.BACKOFF_S[0] + 1)
    assert webhooks.deliver_due(session, settings, now=later) == 1
    later += timedelta(seconds=webhooks.BACKOFF_S[1] + 1)
    assert webhooks.deliver_due(session, settings, now=later) == 1
    session.refresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    assert len(state.requests) == 3
    headers, body = state.requests[-1]
    assert _verify(headers, body, "hook-secret")
    assert not _verify(headers, body, "wrong-secret")
    payload = json.loads(body)
    assert payload["finding"]["severity"] == "high"
    assert payload["case_id"] == 1
    assert payload["finding"]["suggestion"]


def test_unreachable_endpoint_gives_up_and_is_logged(api, sqlite_url, settings_for, events):
    settings = settings_for(sqlite_url, webhook_url="http://127.0.0.1:9/nothing")
    factory = api.client.app.state.sessionmaker
    with factory() as s:
        ingest_events(s, [events.finding()], settings)
        now = utcnow()
        for _ in range(len(webhooks.BACKOFF_S) + 1):
            webhooks.deliver_due(s, settings, now=now)
            now += timedelta(seconds=max(webhooks.BACKOFF_S) + 1)
    log = api.client.get("/api/webhooks/deliveries", headers=api.as_("moderator")).json()
    assert len(log) == 1
    assert log[0]["status"] == "failed"
    assert log[0]["attempts"] == len(webhooks.BACKOFF_S) + 1
    assert "ConnectError" in log[0]["last_error"]


def test_service_sends_within_seconds(sqlite_url, settings_for, receiver, events, make_module_api):
    state, url = receiver
    api = make_module_api(settings_for(sqlite_url, webhook_url=url))
    with api.client.app.state.sessionmaker() as s:
        ingest_events(s, [events.finding()], api.client.app.state.settings)
    wait_until(lambda: state.requests, "the service's dispatcher to send the webhook")
    assert len(state.requests) == 1
    headers, body = state.requests[0]
    assert _verify(headers, body, "hook-secret")


def test_two_dispatchers_never_send_twice(factory, settings_for, db_url, receiver, events):
    state, url = receiver
    settings = settings_for(db_url, webhook_url=url)
    with factory() as s:
        ingest_events(s, [events.finding(seq=i) for i in range(4)], settings)
    barrier = threading.Barrier(2)

    def dispatch() -> None:
        with factory() as s:
            barrier.wait()
            webhooks.deliver_due(s, settings)

    threads = [threading.Thread(target=dispatch) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        join(t, "a webhook dispatcher")
    ids = sorted(int(headers["X-LiveGuard-Delivery"]) for headers, _ in state.requests)
    assert ids == [1, 2, 3, 4]
