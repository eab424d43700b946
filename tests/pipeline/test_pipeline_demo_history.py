"""The demo's seeded history: an earlier reviewed stream lowers credit, the merchant's
pre-check leaves a receipt; seeded once, through the alerts service's own functions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from liveguard.alerts.crud import credit, receipts, users
from liveguard.alerts.db import open_database
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import Case
from liveguard.contracts import StreamMeta, StreamStarted
from liveguard.pipeline.demo_history import PRECHECKED_LINES, demo_script_lines, seed_history
from liveguard.settings import load_settings


def test_seeded_history_gives_credit_and_a_receipt_the_live_stream_is_compared_with(
    tmp_path: Path,
):
    settings = load_settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'd.db'}")
    engine, factory = open_database(settings.resolved_database_url)
    with factory() as s:
        users.create_user(s, "mod", "moderator")
        users.create_user(s, "shop", "merchant", merchant_id="m-demo")
        s.commit()
    now = datetime.now(UTC)
    kwargs = {
        "host_id": "host-demo",
        "merchant_id": "m-demo",
        "moderator": "mod",
        "merchant_user": "shop",
        "now": now,
    }
    seeded = seed_history(factory, settings, **kwargs)  # type: ignore[arg-type]
    assert seeded is not None
    assert seeded.confirmed >= 3
    assert seeded.host_credit is not None
    assert seeded.host_credit < 100
    assert seed_history(factory, settings, **kwargs) is None  # type: ignore[arg-type]
    with factory() as s:
        score = credit.get_score(s, "host", "host-demo")
        assert score is not None
        # every confirmed case counts except the learned ones: a learned hit alone never
        # feeds the blacklist policy (crud/credit.py), though a moderator may confirm it
        confirmed = s.query(Case).filter(Case.stream_id != "demo-now").all()
        assert len(confirmed) == seeded.confirmed
        assert len(score.contributions) == sum(c.detector != "learned" for c in confirmed)
        meta = StreamMeta(stream_id="demo-now", host_id="host-demo", merchant_id="m-demo")
        ingest_events(s, [StreamStarted(stream=meta, at=datetime.now(UTC))], settings)
        compared = receipts.stream_precheck(s, "demo-now")
        assert compared is not None
        assert compared.prechecked
        assert compared.compared_with is not None
        assert compared.compared_with.id == seeded.receipt_id
        assert compared.compared_with.text == "\n".join(demo_script_lines()[:PRECHECKED_LINES])
    engine.dispose()
