"""Report exports (CSV, XLSX, JSON) and the evidence bundle of a case (zip with a manifest).

Regulators open the CSV and XLSX files in spreadsheet programs, and their cells carry text that
producers (stream, host, merchant ids, titles) and moderators (reasons) chose. Every text cell
goes through :func:`defuse` (OWASP's CSV-injection rules): one that a spreadsheet would read
as a formula gets a leading apostrophe, so it shows as text and never runs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit
from liveguard.alerts.crud import cases as case_crud
from liveguard.alerts.crud.reports import EXPORT_COLUMNS
from liveguard.alerts.models import Case
from liveguard.errors import LiveGuardError
from liveguard.settings import Settings

if TYPE_CHECKING:
    from liveguard.ingest.clipstore import ClipStore

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""First characters that make a spreadsheet evaluate a cell (full-width forms too: some
spreadsheet programs fold them to ASCII before parsing)."""


def defuse(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _safe_rows(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterable[list[Any]]:
    for row in rows:
        yield [defuse(row[name]) for name in columns]


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str] = EXPORT_COLUMNS) -> bytes:
    """CSV for spreadsheet users: every text cell defused (OWASP CSV injection)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(columns))
    writer.writerows(_safe_rows(rows, columns))
    # BOM so spreadsheet programs open the Chinese text as UTF-8
    return _utf8("\ufeff" + buffer.getvalue())


def to_xlsx(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str] = EXPORT_COLUMNS,
    sheet_name: str = "cases",
) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name)
    sheet.append(list(columns))
    for row in _safe_rows(rows, columns):
        # explicit text cells: openpyxl would otherwise store any "=…" string as a formula
        sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Every character XML 1.0 cannot hold (its ``Char`` production): the C0 controls openpyxl
checks for, and also lone surrogates and U+FFFE / U+FFFF, which it lets through to fail
deeper, leaving the write-only sheet half-written."""


def _text_cell(sheet: Any, value: str) -> Any:
    """A text cell; the characters XML cannot hold (a producer's id or title may carry them)
    show as U+FFFD, where openpyxl would refuse the whole export half-written."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=_NOT_XML.sub("\ufffd", value))
    cell.data_type = "s"
    return cell


def to_json(rows: Iterable[dict[str, Any]], key: str = "cases") -> bytes:
    return to_json_doc({key: list(rows)})


def to_json_doc(doc: dict[str, Any]) -> bytes:
    return _json_bytes(doc)


def _json_bytes(value: Any, indent: int | None = None) -> bytes:
    """JSON as a file of an export: the Chinese text kept readable, and encoded as ``_utf8``
    encodes."""
    return _utf8(json.dumps(value, ensure_ascii=False, indent=indent))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""A surrogate code point in a Python string is always a lone one (a pair decodes to the
character it encodes); JSON input can carry it ("\\ud800") into a producer's id or title."""


def _utf8(text: str) -> bytes:
    """``text`` as UTF-8, a lone surrogate shown as U+FFFD, as the XLSX export shows it: a
    strict encode would fail the whole export on one bad character."""
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def evidence_bundle(session: Session, settings: Settings, case: Case) -> bytes:
    """A zip a regulator can file: clips, transcript, findings and a manifest of sha256 sums."""
    from liveguard.ingest.clipstore import open_clip_store

    files: dict[str, bytes] = {}
    missing: list[str] = []
    store: ClipStore | None = None

    def add_clip(uri: str | None, name: str) -> None:
        nonlocal store
        if not uri:
            return
        try:
            store = store or open_clip_store(settings)
            data = store.get(uri)
        except LiveGuardError:
            missing.append(uri)
            return
        suffix = uri.rsplit(".", 1)[-1] if "." in uri else "bin"
        files[f"clips/{name}.{suffix}"] = data

    for finding in case.findings:
        add_clip(finding.clip_uri, finding.finding_id)
    transcript = case_crud.case_transcript(session, case)
    files["transcript.txt"] = _utf8(
        "\n".join(f"[{s.t_start:9.2f}-{s.t_end:9.2f}] {s.text}" for s in transcript)
    )
    findings = [
        {
            "finding_id": f.finding_id,
            "rule_id": f.rule_id,
            "severity": f.severity,
            "message": f.message,
            "matched_text": f.matched_text,
            "legal_basis": f.legal_basis,
            "suggestion": f.suggestion,
            "t_start": f.t_start,
            "t_end": f.t_end,
            "utterance_id": f.utterance_id,
            "clip_uri": f.clip_uri,
            "observed_at": f.observed_at.isoformat(),
            "evidence": f.evidence,
            "detail": f.detail,
            "price_basis": f.price_basis,
            "correction_id": f.correction_id,
            "corrected_at": f.corrected_at.isoformat() if f.corrected_at else None,
            "correction_delay_s": f.correction_delay_s,
            "webhook_delay_s": f.webhook_delay_s,
        }
        for f in case.findings
    ]
    files["findings.json"] = _json_bytes(findings, indent=2)
    corrections = case_crud.case_corrections(session, case)
    for corr in corrections:
        add_clip(corr.clip_uri, f"correction-{corr.correction_id}")
    files["corrections.json"] = _json_bytes(
        [
            {
                "correction_id": c.correction_id,
                "kind": c.kind,
                "cue": c.cue,
                "text": c.text,
                "corrected_value": c.corrected_value,
                "corrected_finding_ids": c.corrected_finding_ids,
                "t_start": c.t_start,
                "t_end": c.t_end,
                "observed_at": c.observed_at.isoformat(),
                "clip_uri": c.clip_uri,
            }
            for c in corrections
        ],
        indent=2,
    )
    trail = [
        {"at": e.at.isoformat(), "user": e.username, "action": e.action, "reason": e.reason}
        for e in audit.entries_for(session, "case", case.id)
    ]
    files["audit.json"] = _json_bytes(trail, indent=2)
    manifest = {
        "case_id": case.id,
        "stream_id": case.stream_id,
        "rule_id": case.rule_id,
        "status": case.status,
        "files": [{"path": p, "bytes": len(d), "sha256": _sha256(d)} for p, d in files.items()],
        "missing_clips": missing,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
        archive.writestr("manifest.json", _json_bytes(manifest, indent=2))
    return buffer.getvalue()
