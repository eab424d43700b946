"""Merchant pre-check: get the script text out of what was uploaded and run the rule engine.

The engine is the same ``liveguard.rules.check_script`` that ``liveguard check`` uses, so a
merchant sees exactly what the monitor would flag on air. Uploads are checked by content
(magic bytes, decodability), not only by file name.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liveguard.contracts import AllowEntry, Finding, ProductCategory, ProductContext
from liveguard.errors import InputError
from liveguard.rules.options import RulesOptions
from liveguard.settings import Settings

MAX_SCRIPT_CHARS = 100_000
"""Longest script one pre-check request may submit (pasted or extracted from a file): the rule
engine costs about 1.6 s of CPU per 100,000 characters, so this keeps a request within seconds."""

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


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_DOCX_MEMBERS = 2000


class UploadTooLargeError(InputError):
    """The upload is within the byte limit but would grow past a limit once unpacked (413)."""


class UploadInvalidError(InputError):
    """The upload's content cannot be processed: malformed XML, a DTD, too many characters (422)."""


def docx_text(data: bytes, max_unzipped_bytes: int = 20 * 1024 * 1024) -> str:
    """The text of a Word document, one line per paragraph (tables included, in order).

    Reads ``word/document.xml`` itself instead of through python-docx: the archive's declared
    sizes are checked before anything is inflated (:mod:`zipfile` never inflates past them),
    the XML parser resolves no entities and refuses DTDs (Word never writes one), and the walk
    is one linear pass, so a small hostile file cannot cost gigabytes or minutes.
    """
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UploadInvalidError("the .docx file is not a readable zip archive") from exc
    total = sum(m.file_size for m in members)
    if len(members) > MAX_DOCX_MEMBERS or total > max_unzipped_bytes:
        raise UploadTooLargeError(
            f"the .docx file would decompress to {total} bytes in {len(members)} parts; "
            f"the limit is {max_unzipped_bytes} bytes"
        )
    try:
        xml = archive.read("word/document.xml")
    except KeyError as exc:
        raise UploadInvalidError("the .docx file has no word/document.xml") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise UploadInvalidError("the .docx file's document part is damaged") from exc
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise UploadInvalidError(f"the .docx file's XML is malformed: {exc.msg}") from exc
    if root.getroottree().docinfo.doctype:
        raise UploadInvalidError("the .docx file's XML declares a DTD, which Word never writes")
    lines: list[list[str]] = []
    for element in root.iter(f"{W_NS}p", f"{W_NS}t", f"{W_NS}tab", f"{W_NS}br"):
        if element.tag == f"{W_NS}p" or not lines:
            lines.append([])
        if element.tag == f"{W_NS}t":
            lines[-1].append(element.text or "")
        elif element.tag == f"{W_NS}tab":
            lines[-1].append("\t")
        elif element.tag == f"{W_NS}br":
            lines[-1].append("\n")
    return "\n".join("".join(parts) for parts in lines)


def check_length(text: str) -> str:
    """``text`` if a pre-check may take it; :class:`UploadInvalidError` (422) otherwise."""
    if len(text) > MAX_SCRIPT_CHARS:
        raise UploadInvalidError(
            f"the script has {len(text)} characters; one check takes at most "
            f"{MAX_SCRIPT_CHARS}: split it into parts"
        )
    return text


def recording_seconds(data: bytes, suffix: str) -> float | None:
    """The recording's length as its container states it (``None`` if it does not say)."""
    import tempfile

    from liveguard.ingest.media import probe_duration

    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        return probe_duration(handle.name)


RecordingText = Callable[[Path, str, Settings], str]
"""``(recording file, the request's language, settings) -> the text the monitor would check``.

The alerts stage cannot run the speech pipeline itself (stages import only upstream); whoever
builds the app passes the pipeline's ``liveguard.pipeline.recording.recording_text``, which
runs the recording through the same stream processor as a live stream. ``language`` ``auto``
means the deployment's (a rehearsal is one language, and Whisper's own guess on a short clip is
less reliable than the setting). It stops with :class:`UploadTooLargeError` past
``settings.precheck_max_audio_s``, for containers that do not state their length up front."""


def audio_text(
    data: bytes, suffix: str, *, language: str, settings: Settings, transcribe: RecordingText
) -> str:
    """A rehearsal recording's text (see :data:`RecordingText`)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        return transcribe(Path(handle.name), language, settings)


def too_long(seconds: float, limit: float) -> str:
    return f"the recording is longer than {limit:.0f} seconds (at least {seconds:.0f} seconds)"


def highlight(line_text: str, finding: Finding) -> str:
    start, end = finding.start, finding.end
    if line_text[start:end] != finding.matched_text:
        found = line_text.find(finding.matched_text)
        if found < 0:
            return line_text
        start, end = found, found + len(finding.matched_text)
    return f"{line_text[:start]}⟦{line_text[start:end]}⟧{line_text[end:]}"


def finding_record(hit: PrecheckHit) -> dict[str, Any]:
    """A pre-check finding as stored in the submission (and served as ``PrecheckFindingOut``)."""
    f = hit.finding
    return {
        "line": hit.line,
        "rule_id": f.rule_id,
        "family": f.family.value,
        "severity": f.severity.value,
        "message": f.message,
        "matched_text": f.matched_text,
        "start": f.start,
        "end": f.end,
        "legal_basis": list(f.legal_basis),
        "suggestion": f.suggestion,
        "highlighted": hit.highlighted,
        "evidence": f.evidence.value,
        "detail": f.detail,
        "detector": f.detector.value,
    }


def run_check(
    text: str,
    *,
    language: str = "auto",
    category: str | None = None,
    allow_list: Sequence[AllowEntry] = (),
    products: Sequence[ProductContext] = (),
    source: str = "precheck",
    options: RulesOptions | None = None,
) -> list[PrecheckHit]:
    """``options``: how the rules run, learned heads included (the app's, from its settings;
    default: the documented defaults)."""
    from liveguard.rules import check_script

    kwargs: dict[str, Any] = {
        "language": language,
        "allow_list": list(allow_list),
        "products": list(products),
        "per_line": False,
        "source": source,
        "options": options,
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
