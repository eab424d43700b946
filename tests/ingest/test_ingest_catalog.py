"""Catalog files and the catalog topic: publish with the CLI, follow into a view."""

from __future__ import annotations

import threading

import pytest
from typer.testing import CliRunner

from liveguard.cli import build_app
from liveguard.ingest.catalog import CatalogView, follow_catalog, load_catalog_file
from tests.support.waiting import join, wait_until

CATALOG = """
products:
  - sku: cream-1
    room_id: room42
    title: 面霜
    category: cosmetics
    listing_price: "99.00"
    presenting: false
  - sku: cream-2
    room_id: room42
    title: 精华
    listing_price: "199.00"
    stock: 3
    presenting: true
  - sku: other
    room_id: room7
"""


def test_bad_catalog_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("products:\n  - title: no sku\n", encoding="utf-8")
    result = CliRunner().invoke(
        build_app(), ["catalog", "publish", str(bad), "--bootstrap", "127.0.0.1:1"]
    )
    assert result.exit_code == 2
    assert "sku" in result.output


@pytest.mark.kafka
def test_catalog_publish_and_follow(kafka_broker, fresh_topic, tmp_path, monkeypatch):
    path = tmp_path / "catalog.yaml"
    path.write_text(CATALOG, encoding="utf-8")
    assert len(load_catalog_file(path).products) == 3
    monkeypatch.setenv("LIVEGUARD_KAFKA_BOOTSTRAP", kafka_broker.bootstrap)
    monkeypatch.setenv("LIVEGUARD_TOPIC_PREFIX", f"{fresh_topic}.")
    result = CliRunner().invoke(build_app(), ["catalog", "publish", str(path)])
    assert result.exit_code == 0, result.output
    assert f"published 3 products to {fresh_topic}.catalog" in result.output

    view = CatalogView()
    seen: list[str] = []
    view.listen(lambda p: seen.append(p.sku))
    stop = threading.Event()
    thread = follow_catalog(view, kafka_broker.bootstrap, f"{fresh_topic}.catalog", stop)
    wait_until(lambda: len(view) >= 3, "three products in the followed view")
    stop.set()
    join(thread, "the catalog follower")
    room = view.for_room("room42")
    assert [p.sku for p in room] == ["cream-2", "cream-1"]  # the one on screen first
    assert room[0].updated_at is not None
    assert sorted(seen) == ["cream-1", "cream-2", "other"]
