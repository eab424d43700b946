"""Fixtures for the page tests: the real alerts app on a temporary SQLite, seeded through the
alerts ingestion with synthetic pipeline events and a small synthesised WAV clip (no Whisper)."""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from liveguard.contracts import (
    ClipRef,
    Correction,
    CorrectionEvent,
    Family,
    Finding,
    FindingEvent,
    Segment,
    SegmentEvent,
    Severity,
    StreamEnded,
    StreamMeta,
    StreamStarted,
    make_correction_id,
    make_finding_id,
)
from liveguard.settings import Settings, get_settings
from tests.support.factories import finding, segment, stream_meta

PASSWORD = "pa55-word-for-tests"


def tone_wav_pcm(seconds: float, rate: int = 16000) -> bytes:
    """A 440 Hz tone: a real, playable clip the browser can decode."""
    n = int(seconds * rate)
    return b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(n)
    )


@dataclass
class Seeded:
    tokens: dict[str, str] = field(default_factory=dict)
    case_ids: list[int] = field(default_factory=list)
    stream_id: str = "room-a-001"
    merchant_id: str = "m-acme"
    other_merchant: str = "m-other"


def build_app(settings: Settings | None = None) -> FastAPI:
    from liveguard.alerts.app import create_app

    return create_app(settings or get_settings())


LINES = [
    ("欢迎来到直播间，今天给大家带来一款面霜。", None),
    (
        "这款面霜用了七天就能根治痘痘，效果最好。",
        ("ZH-EFF-CURE", Family.EFFICACY, Severity.HIGH, "根治"),
    ),
    (
        "库存只剩最后十件了，赶紧下单。",
        ("ZH-SCA-LAST", Family.SCARCITY, Severity.MEDIUM, "只剩最后十件"),
    ),
    ("原价九百九，今天只要九十九。", ("ZH-PRI-REF", Family.PRICE, Severity.LOW, "原价九百九")),
]


def make_events(
    stream_id: str, merchant_id: str, host_id: str, clip_key: str | None, t0: float = 0.0
) -> list[Any]:
    meta = stream_meta(stream_id, host_id, merchant_id, platform="douyin", room="r1")
    start = datetime.now(UTC) - timedelta(minutes=5)
    events: list[Any] = [StreamStarted(stream=meta, at=start)]
    for i, (text, rule) in enumerate(LINES):
        t = t0 + i * 4.0
        seg = segment(stream_id, i * 4, text, t, t + 3.5, seq_end=i * 4 + 3, confidence=0.9)
        events.append(SegmentEvent(stream=meta, segment=seg))
        if rule is None:
            continue
        rule_id, family, severity, word = rule
        found = finding(
            seg,
            rule_id,
            word,
            family=family,
            severity=severity,
            message=f"{word}: 违规宣传",
            legal_basis=("CN-AD-9-3",),
            suggestion="请改为客观描述，如“有助于改善肌肤状态”",
            t_start=t + 1.0,
            t_end=t + 2.0,
            version="test-1",
        )
        clip = (
            ClipRef(uri=clip_key, t_start=max(0.0, t - 1.0), t_end=t + 4.5)
            if clip_key is not None
            else None
        )
        events.append(FindingEvent(stream=meta, finding=found, segment=seg, clip=clip))
    events.append(StreamEnded(stream=meta, at=start + timedelta(seconds=20)))
    return events


CORRECTION_TEXT = "不好意思刚才说错了，这款面霜不能根治痘痘，只是保湿。"


def correct_first_claim(app: FastAPI, stream_id: str, seconds_later: float = 9.0) -> str:
    """Ingest the host's correction of the efficacy claim of ``make_events`` (with a clip)."""
    from liveguard.alerts.ingestion import ingest_events
    from liveguard.ingest.clipstore import clip_folder

    word = "根治"
    text, _ = LINES[1]
    finding_id = make_finding_id(stream_id, "ZH-EFF-CURE", 4, text.index(word))
    t = 4.0 + 1.0 + seconds_later
    meta = StreamMeta(stream_id=stream_id, platform_id="douyin", room_id="r1")
    seg = Segment(
        stream_id=stream_id,
        utterance_id=f"{stream_id}:40",
        seq_start=40,
        seq_end=43,
        text=CORRECTION_TEXT,
        t_start=t,
        t_end=t + 3.5,
        confidence=0.9,
    )
    correction = Correction(
        correction_id=make_correction_id(stream_id, 40),
        stream_id=stream_id,
        utterance_id=seg.utterance_id,
        corrected_finding_ids=(finding_id,),
        kind="withdrawn",
        cue="刚才说错了",
        text=CORRECTION_TEXT,
        t_start=t,
        t_end=t + 3.5,
    )
    clip = ClipRef(
        uri=f"{clip_folder(stream_id)}/clip.wav", t_start=max(0.0, t - 1.0), t_end=t + 4.5
    )
    event = CorrectionEvent(stream=meta, correction=correction, segment=seg, clip=clip)
    with app.state.sessionmaker() as session:
        ingest_events(session, [event], app.state.settings)
    return correction.correction_id


def seed(app: FastAPI) -> Seeded:
    from liveguard.alerts.crud import users
    from liveguard.alerts.ingestion import ingest_events
    from liveguard.ingest.clipstore import clip_folder, open_clip_store, pcm16_to_wav

    out = Seeded()
    settings = app.state.settings
    store = open_clip_store(settings)
    key_a = f"{clip_folder(out.stream_id)}/clip.wav"
    store.put(key_a, pcm16_to_wav(tone_wav_pcm(5.5)))
    key_b = f"{clip_folder('room-b-001')}/clip.wav"
    store.put(key_b, pcm16_to_wav(tone_wav_pcm(5.5)))
    factory = app.state.sessionmaker
    with factory() as session:
        for name, role, merchant in (
            ("mod", "moderator", None),
            ("reg", "regulator", None),
            ("acme", "merchant", out.merchant_id),
            ("other", "merchant", out.other_merchant),
            ("root", "admin", None),
        ):
            user = users.create_user(session, name, role, merchant_id=merchant, password=PASSWORD)
            _, clear = users.create_token(session, user, "test")
            out.tokens[name] = clear
        session.commit()
        events_a = make_events(out.stream_id, out.merchant_id, "host-7", key_a)
        events_b = make_events("room-b-001", out.other_merchant, "host-9", key_b)
        ingest_events(session, events_a, settings)
        ingest_events(session, events_b, settings)
        from liveguard.alerts.models import Case

        out.case_ids = [c.id for c in session.query(Case).order_by(Case.id)]
    return out


@pytest.fixture
def web_app(tmp_path: Path) -> FastAPI:
    return build_app()


@pytest.fixture
def seeded(web_app: FastAPI) -> Seeded:
    return seed(web_app)


@pytest.fixture
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app) as c:
        yield c


def sign_in(client: TestClient, user: str, secret: str) -> None:
    page = client.get("/ui/login")
    token = client.cookies.get("lg_csrf")
    assert token, page.text
    resp = client.post(
        "/ui/login",
        data={"username": user, "secret": secret, "csrf_token": token},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text


def second_span(stream_id: str, merchant_id: str, host_id: str) -> FindingEvent:
    """A second ZH-EFF-CURE finding in the utterance that already holds "根治" (LINES[1])."""
    text, _ = LINES[1]
    word = "效果最好"
    pos = text.index(word)
    finding = Finding(
        finding_id=make_finding_id(stream_id, "ZH-EFF-CURE", 4, pos),
        rule_id="ZH-EFF-CURE",
        family=Family.EFFICACY,
        severity=Severity.HIGH,
        message=f"{word}: 违规宣传",
        legal_basis=("CN-AD-9-3",),
        matched_text=word,
        start=pos,
        end=pos + len(word),
        t_start=5.5,
        t_end=6.0,
        stream_id=stream_id,
        utterance_id=f"{stream_id}:4",
        rule_pack_version="test-1",
    )
    meta = StreamMeta(stream_id=stream_id, host_id=host_id, merchant_id=merchant_id)
    return FindingEvent(stream=meta, finding=finding)
