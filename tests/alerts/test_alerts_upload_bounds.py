"""Pre-check uploads are bounded before any expensive work: decompressed size, XML well-formed
and without DTDs, characters and recording length per request, each refused with 413 or 422
and a message that says which limit was hit."""

from __future__ import annotations

import io
import struct
import wave
import zipfile
from collections.abc import Iterator

import pytest

from liveguard.alerts import precheck
from tests.alerts.conftest import Api, make_api
from tests.support.factories import silent_wav

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def _paragraphs(*lines: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    return f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


@pytest.fixture
def bounded_api(db_url, settings_for) -> Iterator[Api]:
    settings = settings_for(db_url, precheck_max_audio_s=5.0, precheck_per_minute=1000)
    yield from make_api(settings)


def _upload(api: Api, name: str, data: bytes) -> tuple[int, str]:
    r = api.client.post(
        "/api/precheck/upload", files={"file": (name, data)}, headers=api.as_("merchant")
    )
    return r.status_code, r.text


def test_docx_that_inflates_past_the_limit_is_refused(bounded_api):
    # ~30 MB of XML that deflates to a few tens of kilobytes
    bomb = _paragraphs("广告" * 15_000_000)
    data = _docx(bomb)
    assert len(data) < 200_000
    status, text = _upload(bounded_api, "bomb.docx", data)
    assert status == 413, text
    assert "decompress" in text


def test_malformed_docx_xml_is_a_clear_422(bounded_api):
    status, text = _upload(bounded_api, "broken.docx", _docx(b"<w:document><w:body><w:p>"))
    assert status == 422, text
    assert "XML" in text


def test_docx_with_a_dtd_is_refused(bounded_api):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>&lol2;</w:t>'
        b"</w:r></w:p></w:body></w:document>"
    )
    status, text = _upload(bounded_api, "laughs.docx", _docx(laughs))
    assert status == 422, text
    assert "DTD" in text


def test_docx_text_keeps_paragraphs_and_tables_in_order():
    xml = (
        f'<w:document xmlns:w="{W}"><w:body>'
        "<w:p><w:r><w:t>第一段</w:t></w:r><w:r><w:t>接着</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格里</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>最后</w:t></w:r></w:p>"
        "</w:body></w:document>"
    ).encode()
    assert precheck.docx_text(_docx(xml)) == "第一段接着\n表格里\n最后"


def test_text_upload_over_the_character_limit_is_refused(bounded_api):
    data = ("好" * (precheck.MAX_SCRIPT_CHARS + 1)).encode("utf-8")
    status, text = _upload(bounded_api, "long.txt", data)
    assert status == 422, text
    assert str(precheck.MAX_SCRIPT_CHARS) in text


def test_recording_over_the_length_limit_is_refused_before_transcribing(bounded_api, monkeypatch):
    def never(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("the recording was transcribed despite its length")

    monkeypatch.setattr(precheck, "audio_text", never)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(struct.pack("<h", 0) * 8000 * 12)  # 12 s > the 5 s limit
    status, text = _upload(bounded_api, "rehearsal.wav", buffer.getvalue())
    assert status == 413, text
    assert "seconds" in text


def test_a_service_built_without_the_speech_pipeline_says_so_for_recordings(db_url, settings_for):
    made = make_api(settings_for(db_url, precheck_per_minute=1000), speech=False)
    try:
        status, text = _upload(next(made), "rehearsal.wav", silent_wav(1.0))
    finally:
        made.close()
    assert status == 503, text
    assert "speech pipeline" in text
