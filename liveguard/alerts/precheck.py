"""Merchant pre-check: get the script text out of what was uploaded and run the rule engine.

The engine is the same ``liveguard.rules.check_script`` that ``liveguard check`` uses, so a
merchant sees exactly what the monitor would flag on air. Uploads are checked by content
(magic bytes, decodability), not only by file name.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liveguard.contracts import AllowEntry, Finding, ProductCategory, ProductContext
from liveguard.errors import InputError
from liveguard.settings import Settings

TEXT_SUFFIXES = {".txt"}
DOCX_SUFFIXES = {".docx"}
AUDIO_SUFFIXES = {".wav", ".flac", ".mp3", ".m4a", ".ogg", ".opus", ".webm"}
AUDIO_MAGIC = (b"RIFF", b"fLaC", b"OggS", b"ID3", b"\xff\xfb", b"\xff\xf3", b"\x1a\x45\xdf\xa3")


@dataclass
class PrecheckHit:
    line: int
    finding: Finding
    highlighted: str


def upload_kind(filename: str, head: bytes) -> str:
    """``text``, ``docx`` or ``audio``; :class:`InputError` for anything else."""
    suffix = Path(filename or "").suffix.lower()
    if suffix in TEXT_SUFFIXES:
        if b"\x00" in head[:4096]:
            raise InputError("a .txt upload must be plain text")
        return "text"
    if suffix in DOCX_SUFFIXES:
        if not head.startswith(b"PK\x03\x04"):
            raise InputError("this .docx file is not a Word document")
        return "docx"
    if suffix in AUDIO_SUFFIXES or head[4:8] == b"ftyp":
        if not (head.startswith(AUDIO_MAGIC) or head[4:8] == b"ftyp"):
            raise InputError("this recording is not in a known audio format")
        return "audio"
    raise InputError("upload a .txt or .docx script, or an audio recording (.wav .flac .mp3 …)")


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("the text file is neither UTF-8 nor GB18030")


def docx_text(data: bytes) -> str:
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError("the .docx file could not be read") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def audio_text(data: bytes, suffix: str, *, language: str, settings: Settings) -> str:
    """Transcribe a rehearsal recording with the same decoder and options as the monitor.

    ``language`` is the request's (``auto`` means the deployment's language: a rehearsal is
    one language, and Whisper's own guess on a short clip is less reliable than the setting).
    """
    import tempfile

    from liveguard.contracts import StreamMeta
    from liveguard.ingest.media import read_media
    from liveguard.transcribe import StreamTranscriber, TranscribeOptions

    lang = settings.language if language == "auto" else language
    options = TranscribeOptions.from_settings(lang, settings=settings)
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        stream = StreamMeta(stream_id="precheck")
        segments = StreamTranscriber(stream, options=options).run(read_media(handle.name, stream))
        return "\n".join(s.text for s in segments if not s.flags)


def highlight(line_text: str, finding: Finding) -> str:
    start, end = finding.start, finding.end
    if line_text[start:end] != finding.matched_text:
        found = line_text.find(finding.matched_text)
        if found < 0:
            return line_text
        start, end = found, found + len(finding.matched_text)
    return f"{line_text[:start]}⟦{line_text[start:end]}⟧{line_text[end:]}"


def run_check(
    text: str,
    *,
    language: str = "auto",
    category: str | None = None,
    allow_list: Sequence[AllowEntry] = (),
    products: Sequence[ProductContext] = (),
    source: str = "precheck",
    learned: bool | None = None,
) -> list[PrecheckHit]:
    """``learned``: also report the learned heads' possible violations (default: setting)."""
    from liveguard.rules import check_script

    kwargs: dict[str, Any] = {
        "language": language,
        "allow_list": list(allow_list),
        "products": list(products),
        "per_line": False,
        "source": source,
        "learned": learned,
    }
    if category:
        try:
            kwargs["category"] = ProductCategory(category)
        except ValueError as exc:
            raise InputError(f"unknown product category {category!r}") from exc
    results = check_script(text, **kwargs)
    lines = text.splitlines() or [text]
    hits = []
    for result in results:
        line_no = int(getattr(result, "line", 0) or 0)
        finding: Finding = result.finding
        line_text = lines[line_no - 1] if 1 <= line_no <= len(lines) else text
        hits.append(PrecheckHit(line_no, finding, highlight(line_text, finding)))
    return hits
