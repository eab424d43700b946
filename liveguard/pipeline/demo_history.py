"""What the demo seeds before its stream plays, so credit and receipts have something to show.

A room has a past: the demo host's earlier stream (20 days ago) whose violations a moderator
confirmed, which gives the host and merchant a credit score below full; and the merchant's
pre-check of the script shortly before going live, which the regulator's page compares with what
is then said on air. Everything goes through the alerts service's own functions (ingestion,
decisions, credit, pre-check), with findings from the real rule engine; nothing is written to the
tables directly. Seeded once per database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any

from liveguard.contracts import FindingEvent, Segment, SegmentEvent, StreamMeta, StreamStarted
from liveguard.rules.options import RulesOptions

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from liveguard.settings import Settings

EARLIER_STREAM = "demo-earlier"
EARLIER_DAYS = 20
PRECHECKED_LINES = 8
"""The merchant pre-checks the first lines of the demo script (the rest is said unchecked)."""


@dataclass(frozen=True)
class SeededHistory:
    confirmed: int
    receipt_id: int | None
    host_credit: float | None
    merchant_credit: float | None


def demo_script_lines() -> list[str]:
    """The demo stream's spoken lines, from its bundled ground truth."""
    truth = resources.files("liveguard.pipeline") / "data" / "demo_stream_zh.json"
    data: dict[str, Any] = json.loads(truth.read_text(encoding="utf-8"))
    return [str(u["text"]) for u in data["utterances"]]


def earlier_events(
    meta: StreamMeta, lines: list[str], at: datetime, options: RulesOptions | None = None
) -> list[Any]:
    """The earlier stream as the worker would have published it: segments and rule findings."""
    from liveguard.rules import check_script

    events: list[Any] = [StreamStarted(stream=meta, at=at)]
    for number, text in enumerate(lines, start=1):
        t = (number - 1) * 6.0
        segment = Segment(
            stream_id=meta.stream_id,
            utterance_id=f"{meta.stream_id}:{number}",
            seq_start=number,
            seq_end=number,
            text=text,
            t_start=t,
            t_end=t + 5.0,
            wall_start=at + timedelta(seconds=t),
        )
        events.append(SegmentEvent(stream=meta, segment=segment))
        for found in check_script(text, language="zh", source=meta.stream_id, options=options):
            finding = found.finding.model_copy(
                update={
                    "stream_id": meta.stream_id,
                    "utterance_id": segment.utterance_id,
                    "t_start": t,
                    "t_end": t + 5.0,
                }
            )
            events.append(FindingEvent(stream=meta, finding=finding, segment=segment))
    return events


def seed_history(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    host_id: str,
    merchant_id: str,
    moderator: str,
    merchant_user: str,
    now: datetime,
) -> SeededHistory | None:
    """Seed the earlier reviewed stream and the pre-check receipt; ``None`` if already seeded."""
    from liveguard.alerts.crud import cases, credit, receipts, users
    from liveguard.alerts.ingestion import ingest_events
    from liveguard.alerts.models import Case, Stream

    lines = demo_script_lines()
    with factory() as session:
        if session.get(Stream, EARLIER_STREAM) is not None:
            return None
        meta = StreamMeta(
            stream_id=EARLIER_STREAM,
            platform_id="demo",
            room_id="room-1",
            host_id=host_id,
            merchant_id=merchant_id,
        )
        options = RulesOptions.from_settings(settings)
        events = earlier_events(meta, lines, now - timedelta(days=EARLIER_DAYS), options)
        ingest_events(session, events, settings)
        reviewer = users.get_user(session, moderator)
        shop = users.get_user(session, merchant_user)
        if reviewer is None or shop is None:
            raise LookupError("demo users are missing")
        earlier = session.query(Case).filter(Case.stream_id == EARLIER_STREAM).order_by(Case.id)
        confirmed = 0
        for case in list(earlier):
            cases.claim_case(session, case.id, reviewer, settings.claim_lease_s)
            decided = cases.decide_case(
                session, case.id, reviewer, "confirm", "demo: reviewed after the earlier stream"
            )
            credit.after_decision(session, settings, decided)
            session.commit()
            confirmed += 1
        receipt = receipts.check_and_store(
            session,
            shop,
            "\n".join(lines[:PRECHECKED_LINES]),
            source="text",
            filename="demo-script.txt",
            host_id=host_id,
            options=options,
        )
        session.commit()
        host = credit.get_score(session, "host", host_id)
        shop_score = credit.get_score(session, "merchant", merchant_id)
        return SeededHistory(
            confirmed=confirmed,
            receipt_id=receipt.id,
            host_credit=host.score if host else None,
            merchant_credit=shop_score.score if shop_score else None,
        )
