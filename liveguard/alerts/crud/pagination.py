"""Opaque keyset cursors: the last row's sort values, so page 500 costs what page 1 costs."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from liveguard.errors import InputError

MAX_CURSOR_INT = 2**31 - 1
"""Cursor numbers are row ids and ranks (32-bit columns); anything larger is a forged cursor
that would overflow SQLite's integer binding instead of matching nothing."""


def encode_cursor(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: tuple[type, ...]) -> list[Any]:
    """The values inside ``cursor``, checked against the expected ``kinds``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError("wrong length")
        out: list[Any] = []
        for value, kind in zip(values, kinds, strict=True):
            if kind is datetime:
                out.append(datetime.fromisoformat(value))
            elif (
                kind is int
                and isinstance(value, int)
                and not isinstance(value, bool)
                and abs(value) <= MAX_CURSOR_INT
            ):
                out.append(value)
            elif kind is float and isinstance(value, int | float) and not isinstance(value, bool):
                out.append(float(value))
            else:
                raise ValueError("wrong type")
        return out
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InputError("invalid cursor") from exc
