"""Catalog files (JSON or YAML ``CatalogFile``) and the worker's view of the catalog topic."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from liveguard.contracts import CatalogFile, ProductContext
from liveguard.errors import InputError


def load_catalog_file(path: str | Path) -> CatalogFile:
    """Read a catalog file; :class:`InputError` names the file and the first problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read catalog ({exc})") from exc
    try:
        data: Any = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: not valid JSON/YAML ({exc})") from exc
    if isinstance(data, list):
        data = {"products": data}
    try:
        return CatalogFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{path}: invalid catalog at {where}: {first['msg']}") from exc


class CatalogView:
    """The latest ``ProductContext`` per (room, sku), fed from the catalog topic by a thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._products: dict[tuple[str, str], ProductContext] = {}
        self._listeners: list[Callable[[ProductContext], None]] = []

    def update(self, product: ProductContext) -> None:
        with self._lock:
            self._products[(product.room_id, product.sku)] = product
            listeners = list(self._listeners)
        for listener in listeners:
            listener(product)

    def listen(self, listener: Callable[[ProductContext], None]) -> None:
        """Call ``listener`` (from the catalog thread) on every later update."""
        with self._lock:
            self._listeners.append(listener)

    def for_room(self, room_id: str) -> list[ProductContext]:
        """Products of a room (and room-less ones), the one being presented first."""
        with self._lock:
            products = [p for (room, _), p in self._products.items() if room in (room_id, "")]
        return sorted(products, key=lambda p: not p.presenting)

    def __len__(self) -> int:
        return len(self._products)


def follow_catalog(
    view: CatalogView, bootstrap: str, topic: str, stop: threading.Event
) -> threading.Thread:
    """Read the catalog topic from its start into ``view`` until ``stop`` is set."""

    def run() -> None:
        from kafka import KafkaConsumer

        consumer = KafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            client_id="liveguard-catalog",
        )
        try:
            while not stop.is_set():
                for records in consumer.poll(timeout_ms=500).values():
                    for record in records:
                        try:
                            view.update(ProductContext.model_validate_json(record.value))
                        except (ValidationError, TypeError):
                            continue
        finally:
            consumer.close()

    thread = threading.Thread(target=run, name="liveguard-catalog", daemon=True)
    thread.start()
    return thread
