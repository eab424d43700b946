"""On-the-spot correction webhooks (CN-LIVE-2026-31): signed, retried, every attempt logged.

The receiver verifies ``X-LiveGuard-Signature: sha256=<hex>``, an HMAC-SHA256 with the shared
``webhook_secret`` over ``"<X-LiveGuard-Timestamp>.<body>"``, and rejects old timestamps.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from liveguard.alerts.models import WebhookDelivery, utcnow
from liveguard.alerts.security import sign_payload
from liveguard.settings import Settings

logger = logging.getLogger(__name__)

BACKOFF_S = (1, 3, 10, 30, 120, 600)
"""Wait before attempt 2, 3, …; after the last the delivery is marked failed."""
TIMEOUT_S = 5.0


def _attempt(client: httpx.Client, settings: Settings, delivery: WebhookDelivery) -> None:
    body = delivery.payload.encode("utf-8")
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "X-LiveGuard-Timestamp": str(stamp),
        "X-LiveGuard-Signature": sign_payload(
            body, settings.webhook_secret.get_secret_value(), stamp
        ),
        "X-LiveGuard-Delivery": str(delivery.id),
    }
    delivery.attempts += 1
    try:
        response = client.post(delivery.url, content=body, headers=headers)
        delivery.last_status_code = response.status_code
        ok = 200 <= response.status_code < 300
        delivery.last_error = "" if ok else f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        ok = False
        delivery.last_status_code = None
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:500]
    if ok:
        delivery.status = "delivered"
        delivery.delivered_at = utcnow()
    elif delivery.attempts > len(BACKOFF_S):
        delivery.status = "failed"
        logger.warning("webhook %s failed after %s attempts", delivery.id, delivery.attempts)
    else:
        delivery.next_attempt_at = utcnow() + timedelta(seconds=BACKOFF_S[delivery.attempts - 1])


def deliver_due(
    session: Session,
    settings: Settings,
    client: httpx.Client | None = None,
    limit: int = 50,
    now: datetime | None = None,
) -> int:
    """Send every delivery that is due (at ``now``); returns how many were attempted."""
    now = now or utcnow()
    due = (
        session.execute(
            select(WebhookDelivery)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
            .order_by(WebhookDelivery.id)
            .limit(limit)
        )
        .scalars()
        .all()
    )
    if not due:
        return 0
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT_S)
    sent = 0
    try:
        for delivery in due:
            if not _take(session, delivery, now):
                continue  # another dispatcher is sending it
            _attempt(client, settings, delivery)
            session.commit()
            sent += 1
    finally:
        if own:
            client.close()
    return sent


def _take(session: Session, delivery: WebhookDelivery, now: datetime) -> bool:
    """Lease one attempt with a conditional UPDATE, so two dispatchers never both send it."""
    result = session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery.id,
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + timedelta(seconds=TIMEOUT_S * 4))
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.refresh(delivery)
    return True


def list_deliveries(
    session: Session, status: str | None = None, limit: int = 100
) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
    if status:
        query = query.where(WebhookDelivery.status == status)
    return list(session.execute(query).scalars())


def run_dispatcher(
    factory: sessionmaker[Session],
    settings: Settings,
    stop: threading.Event,
    poll_s: float = 0.5,
) -> None:
    """Deliver until ``stop`` is set (a thread beside the consumer or the service)."""
    with httpx.Client(timeout=TIMEOUT_S) as client:
        while not stop.is_set():
            try:
                with factory() as session:
                    sent = deliver_due(session, settings, client)
            except Exception:  # keep the thread alive through database hiccups
                logger.exception("webhook dispatcher error")
                sent = 0
            if not sent:
                stop.wait(poll_s)


def start_dispatcher(
    factory: sessionmaker[Session], settings: Settings
) -> tuple[threading.Thread, threading.Event]:
    """Start :func:`run_dispatcher` in a daemon thread; set the event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_dispatcher, args=(factory, settings, stop), daemon=True, name="webhooks"
    )
    thread.start()
    return thread, stop
