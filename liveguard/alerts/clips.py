"""Serving evidence clips from the clip store with HTTP range requests (seekable players)."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi.responses import Response

from liveguard.alerts.problems import Problem
from liveguard.errors import InputError, StorageError
from liveguard.settings import Settings

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
MAX_CHUNK = 4 * 1024 * 1024


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """Inclusive (start, end) for one ``bytes=`` range; ``None`` when unsatisfiable."""
    match = _RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:
        length = int(last)
        if length == 0:
            return None
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or end < start:
        return None
    return start, min(end, size - 1, start + MAX_CHUNK - 1)


def clip_path(case_id: int, finding_id: str) -> str:
    """The API path of a finding's evidence clip (the pages and the API link the same one)."""
    return f"/api/cases/{case_id}/findings/{quote(finding_id, safe='')}/clip"


def correction_clip_path(case_id: int, correction_id: str) -> str:
    """The API path of the audio of a host's correction of a case's findings."""
    return f"/api/cases/{case_id}/corrections/{quote(correction_id, safe='')}/clip"


def clip_response(
    settings: Settings, uri: str, content_type: str, range_header: str | None
) -> Response:
    """The clip (200) or the requested byte range (206); 416 for a range past the end."""
    from liveguard.ingest.clipstore import open_clip_store

    try:
        store = open_clip_store(settings)
        if not store.exists(uri):
            raise Problem(404, "the evidence clip is not in the clip store (purged or not written)")
        size = store.size(uri)
        headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, max-age=300"}
        if range_header:
            span = _parse_range(range_header, size)
            if span is None:
                headers["Content-Range"] = f"bytes */{size}"
                return Response(status_code=416, headers=headers)
            start, end = span
            data = store.open_range(uri, start, end)
            headers["Content-Range"] = f"bytes {start}-{start + len(data) - 1}/{size}"
            return Response(data, status_code=206, media_type=content_type, headers=headers)
        return Response(store.get(uri), media_type=content_type, headers=headers)
    except InputError as exc:
        raise Problem(404, f"invalid clip reference: {exc}") from exc
    except StorageError as exc:
        raise Problem(503, "the clip store could not be read") from exc
