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
import zipfile
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit
from liveguard.alerts.crud import cases as case_crud
from liveguard.alerts.crud.reports import EXPORT_COLUMNS
from liveguard.alerts.models import Case
from liveguard.errors import LiveGuardError
from liveguard.settings import Settings

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""First characters that make a spreadsheet evaluate a cell (full-width forms too: some
spreadsheet programs fold them to ASCII before parsing)."""


def defuse(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _safe_rows(rows: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for row in rows:
        yield {name: defuse(row[name]) for name in EXPORT_COLUMNS}


def to_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EXPORT_COLUMNS))
    writer.writeheader()
    for row in _safe_rows(rows):
        writer.writerow(row)
    # BOM so spreadsheet programs open the Chinese text as UTF-8
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    sheet.append(list(EXPORT_COLUMNS))
    for row in _safe_rows(rows):
        # explicit text cells: openpyxl would otherwise store any "=…" string as a formula
        sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in row.values()])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def to_json(rows: Iterable[dict[str, Any]]) -> bytes:
    return json.dumps({"cases": list(rows)}, ensure_ascii=False).encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def evidence_bundle(session: Session, settings: Settings, case: Case) -> bytes:
    """A zip a regulator can file: clips, transcript, findings and a manifest of sha256 sums."""
    from liveguard.ingest.clipstore import open_clip_store

    files: dict[str, bytes] = {}
    missing: list[str] = []
    store = None
    for finding in case.findings:
        if not finding.clip_uri:
            continue
        try:
            store = store or open_clip_store(settings.resolved_clip_store)
            data = store.get(finding.clip_uri)
        except LiveGuardError:
            missing.append(finding.clip_uri)
            continue
        suffix = finding.clip_uri.rsplit(".", 1)[-1] if "." in finding.clip_uri else "bin"
        files[f"clips/{finding.finding_id}.{suffix}"] = data
    transcript = case_crud.case_transcript(session, case)
    files["transcript.txt"] = "\n".join(
        f"[{s.t_start:9.2f}-{s.t_end:9.2f}] {s.text}" for s in transcript
    ).encode("utf-8")
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
        }
        for f in case.findings
    ]
    files["findings.json"] = json.dumps(findings, ensure_ascii=False, indent=2).encode()
    trail = [
        {"at": e.at.isoformat(), "user": e.username, "action": e.action, "reason": e.reason}
        for e in audit.entries_for(session, "case", case.id)
    ]
    files["audit.json"] = json.dumps(trail, ensure_ascii=False, indent=2).encode()
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
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return buffer.getvalue()
