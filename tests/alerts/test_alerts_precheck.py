"""Merchant pre-check over HTTP: text, .txt/.docx uploads, recordings, limits and the allow-list."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document

SCRIPT = "这款面霜能治疗湿疹，全网最低价！\n仅剩最后3件，错过再等一年\n欢迎来到直播间"
REPO = Path(__file__).resolve().parents[2]


def _docx(lines: list[str]) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_text_precheck_finds_highlights_and_suggests(sqlite_api):
    c, h = sqlite_api.client, sqlite_api.as_("merchant")
    r = c.post("/api/precheck", json={"text": SCRIPT}, headers=h)
    assert r.status_code == 201, r.text
    body = r.json()
    rules = {(f["line"], f["rule_id"]) for f in body["findings"]}
    assert (1, "ZH-EFF-MEDICAL") in rules
    assert any(line == 2 for line, _ in rules)
    assert not any(line == 3 for line, _ in rules)
    medical = next(f for f in body["findings"] if f["rule_id"] == "ZH-EFF-MEDICAL")
    assert "⟦治疗湿疹⟧" in medical["highlighted"]
    assert medical["suggestion"]
    assert medical["legal_basis"]
    # kept as a record, visible to its merchant only
    assert [s["id"] for s in c.get("/api/precheck", headers=h).json()] == [body["id"]]
    assert c.get("/api/precheck", headers=sqlite_api.as_("merchant2")).json() == []
    assert (
        c.get(f"/api/precheck/{body['id']}", headers=sqlite_api.as_("merchant2")).status_code == 404
    )


def test_spoken_price_is_checked_against_the_products(sqlite_api):
    c, h = sqlite_api.client, sqlite_api.as_("merchant")
    text = "这款玻尿酸保湿面霜今天只要199元"
    plain = c.post("/api/precheck", json={"text": text}, headers=h).json()["findings"]
    product = {"sku": "A1", "title": "玻尿酸保湿面霜", "listing_price": "259"}
    priced = c.post("/api/precheck", json={"text": text, "products": [product]}, headers=h)
    assert priced.status_code == 201, priced.text
    rules = [f["rule_id"] for f in priced.json()["findings"]]
    assert "ZH-PRI-LISTING" in rules
    assert "ZH-PRI-LISTING" not in [f["rule_id"] for f in plain]


def test_uploads_are_checked_by_content(sqlite_api):
    c, h = sqlite_api.client, sqlite_api.as_("merchant")
    txt = c.post(
        "/api/precheck/upload", files={"file": ("s.txt", SCRIPT.encode("gb18030"))}, headers=h
    )
    assert txt.status_code == 201
    assert txt.json()["source"] == "text"
    assert any(f["rule_id"] == "ZH-EFF-MEDICAL" for f in txt.json()["findings"])
    docx = c.post(
        "/api/precheck/upload",
        files={"file": ("script.docx", _docx(SCRIPT.splitlines()))},
        headers=h,
    )
    assert docx.status_code == 201
    assert docx.json()["source"] == "docx"
    assert {f["rule_id"] for f in docx.json()["findings"]} == {
        f["rule_id"] for f in txt.json()["findings"]
    }
    fake = c.post("/api/precheck/upload", files={"file": ("x.docx", b"not a zip")}, headers=h)
    assert fake.status_code == 400
    exe = c.post("/api/precheck/upload", files={"file": ("x.exe", b"MZ\x90\x00")}, headers=h)
    assert exe.status_code == 415
    assert exe.headers["content-type"].startswith("application/problem+json")


def test_size_and_rate_limits(sqlite_url, settings_for, make_module_api):
    api = make_module_api(settings_for(sqlite_url, max_upload_bytes=2000, precheck_per_minute=3))
    c, h = api.client, api.as_("merchant")
    big = c.post("/api/precheck/upload", files={"file": ("big.txt", b"a" * 5000)}, headers=h)
    assert big.status_code == 413
    assert big.headers["content-type"].startswith("application/problem+json")
    codes = [
        c.post("/api/precheck", json={"text": "欢迎"}, headers=h).status_code for _ in range(4)
    ]
    assert codes == [201, 201, 201, 429]
    other = c.post("/api/precheck", json={"text": "欢迎"}, headers=api.as_("merchant2"))
    assert other.status_code == 201


def test_allow_list_suppresses_and_is_scoped(sqlite_api):
    c, h = sqlite_api.client, sqlite_api.as_("merchant")
    text = {"text": "第一名牌护手霜今天上新"}
    before = {
        f["rule_id"] for f in c.post("/api/precheck", json=text, headers=h).json()["findings"]
    }
    added = c.post(
        "/api/allow-list",
        json={"term": "第一名牌", "kind": "trademark", "proof_ref": "TM 12345678"},
        headers=h,
    )
    assert added.status_code == 201
    assert c.post("/api/allow-list", json={"term": "第一名牌"}, headers=h).status_code == 409
    after = {f["rule_id"] for f in c.post("/api/precheck", json=text, headers=h).json()["findings"]}
    assert "ZH-EFF-ABS-RANKING" in before
    assert "ZH-EFF-ABS-RANKING" not in after
    assert c.get("/api/allow-list", headers=sqlite_api.as_("merchant2")).json() == []
    entry_id = added.json()["id"]
    assert (
        c.delete(f"/api/allow-list/{entry_id}", headers=sqlite_api.as_("merchant2")).status_code
        == 404
    )
    assert c.delete(f"/api/allow-list/{entry_id}", headers=h).status_code == 204
    assert c.get("/api/allow-list", headers=h).json() == []


def test_award_needs_evidence_until_the_allow_list_proves_it(sqlite_api):
    c, h = sqlite_api.client, sqlite_api.as_("merchant")
    text = {"text": "这款面霜荣获二零二四年国际美妆大赏金奖"}

    def honour() -> list[dict[str, str]]:
        found = c.post("/api/precheck", json=text, headers=h).json()["findings"]
        return [f for f in found if f["rule_id"] == "ZH-EFF-SALES-HONOUR"]

    (before,) = honour()
    assert before["evidence"] == "evidence_required"
    award = {"term": "国际美妆大赏金奖", "kind": "award"}
    no_proof = c.post("/api/allow-list", json=award, headers=h)
    assert no_proof.status_code == 201
    (still,) = honour()
    assert "no proof reference" in still["detail"]
    c.delete(f"/api/allow-list/{no_proof.json()['id']}", headers=h)
    proved = {**award, "proof_ref": "certificate 2024-BA-117"}
    assert c.post("/api/allow-list", json=proved, headers=h).status_code == 201
    assert honour() == []


@pytest.mark.slow
def test_rehearsal_recording_is_transcribed_and_checked(sqlite_api):
    audio = (REPO / "tests/fixtures/audio/zh_violations.opus").read_bytes()
    r = sqlite_api.client.post(
        "/api/precheck/upload",
        files={"file": ("rehearsal.opus", audio)},
        headers=sqlite_api.as_("merchant"),
    )
    assert r.status_code == 201, r.text
    assert r.json()["source"] == "audio"
    assert r.json()["findings"], "the recording's violations were not found"


@pytest.mark.slow
def test_rehearsal_recording_is_transcribed_in_the_requested_language(sqlite_api):
    """An English rehearsal named as English is heard as English and checked by the en packs
    (it used to be transcribed as Chinese with default options whatever the request said)."""
    audio = (REPO / "tests/fixtures/audio/en_violations.opus").read_bytes()
    r = sqlite_api.client.post(
        "/api/precheck/upload",
        files={"file": ("rehearsal.opus", audio)},
        data={"language": "en"},
        headers=sqlite_api.as_("merchant"),
    )
    assert r.status_code == 201, r.text
    rules = {f["rule_id"] for f in r.json()["findings"]}
    assert any(rule.startswith("EN-") for rule in rules), rules
    assert not any(rule.startswith("ZH-") for rule in rules), rules


def test_recording_text_is_judged_at_the_speech_thresholds_and_scripts_are_not(
    sqlite_api, monkeypatch
):
    """A rehearsal recording's text is a transcript: the learned heads read it at their
    stricter speech operating point; the same words typed in a script are not."""
    from liveguard.alerts import precheck
    from liveguard.rules.learned import LearnedDetector

    line = "我妈膝盖疼了好几年，贴了两个礼拜，现在爬楼梯都不喘了"
    seen: list[bool] = []
    real = LearnedDetector.detect

    def spy(self: LearnedDetector, *args: Any, **kwargs: Any) -> Any:
        # passes everything through, so the spy follows ``detect``'s signature as it grows
        seen.append(bool(kwargs.get("speech", False)))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(LearnedDetector, "detect", spy)
    monkeypatch.setattr(precheck, "audio_text", lambda *_a, **_k: line)
    c, h = sqlite_api.client, sqlite_api.as_("merchant")
    from tests.support.factories import silent_wav

    r = c.post("/api/precheck/upload", files={"file": ("r.wav", silent_wav(1.0))}, headers=h)
    assert r.status_code == 201, r.text
    assert seen == [True]
    seen.clear()
    r = c.post("/api/precheck", json={"text": line}, headers=h)
    assert r.status_code == 201, r.text
    r = c.post("/api/precheck/upload", files={"file": ("s.txt", line.encode())}, headers=h)
    assert r.status_code == 201, r.text
    assert seen == [False, False]
