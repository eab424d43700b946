"""Audio wire format and event codec: round trips and clear reasons for poison messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from liveguard.contracts import AudioChunk, StreamMeta, StreamStarted
from liveguard.errors import MessageFormatError
from liveguard.ingest.events import decode_event, encode_event, event_topic, event_topics
from liveguard.ingest.wire import decode_chunk, encode_chunk
from liveguard.settings import get_settings


@dataclass
class Rec:
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]


META = StreamMeta(stream_id="s-1", platform_id="p", room_id="r", host_id="h", merchant_id="m")


def test_round_trip():
    chunk = AudioChunk(
        stream=META, seq=7, pcm=b"\x01\x00" * 800, capture_ms=1700000000123, end_of_stream=True
    )
    key, value, headers = encode_chunk(chunk)
    assert key == b"s-1"
    assert decode_chunk(Rec(key, value, headers)) == chunk


def test_limits_are_inclusive():
    long_id = "直" * 128  # 384 bytes of UTF-8: fits the header limit and the id limit
    headers = [("seq", str(2**53 - 1).encode()), ("capture_ms", b"253402300799999")]
    headers.append(("stream_id", long_id.encode()))
    got = decode_chunk(Rec(long_id.encode(), b"\x00\x00", headers))
    assert got.seq == 2**53 - 1
    assert got.stream.stream_id == long_id


def test_minimal_foreign_producer_message():
    got = decode_chunk(Rec(b"abc", b"\x00\x00" * 10, [("seq", b"3")]))
    assert got.stream.stream_id == "abc"
    assert got.seq == 3
    assert not got.end_of_stream


@pytest.mark.parametrize(
    ("key", "value", "headers", "reason"),
    [
        (b"a", b"\x00\x00", [], "missing header 'seq'"),
        (b"a", b"\x00\x00", [("seq", b"x")], "not a decimal integer"),
        (b"a", b"\x00\x00", [("seq", b"-1")], "negative"),
        (None, b"\x00\x00", [("seq", b"1")], "no stream id"),
        (b"a", b"\x00\x00", [("seq", b"1"), ("stream_id", b"b")], "differs"),
        (b"a", b"\x00", [("seq", b"1")], "odd length"),
        (b"a", b"\x00\x00" * 70000, [("seq", b"1")], "oversized"),
        (b"a", b"\x00\x00", [("seq", b"1"), ("sample_rate", b"44100")], "sample_rate"),
        (b"a", b"\x00\x00", [("seq", b"1"), ("encoding", b"opus")], "encoding"),
        (b"a", b"", [("seq", b"1")], "empty audio"),
        (b"a", b"\x00\x00", [("seq", b"1"), ("eos", b"maybe")], "eos"),
        (b"a", b"\x00\x00", [("seq", b"1"), ("room_id", b"\xff")], "not UTF-8"),
        (b"a", b"\x00\x00", [("seq", b"1"), ("format", b"other/2")], "unknown format"),
        (b"a", b"\x00\x00", [("seq", str(2**53).encode())], "largest allowed"),
        (b"a", b"\x00\x00", [("seq", b"1"), ("capture_ms", b"10" + b"0" * 16)], "capture_ms"),
        (b"a", b"\x00\x00", [("seq", b"1"), ("capture_ms", b"-5")], "capture_ms"),
        (b"a\x00b", b"\x00\x00", [("seq", b"1")], "stream_id"),
        ("直".encode() * 129, b"\x00\x00", [("seq", b"1")], "stream_id"),
        (b"a", b"\x00\x00", [("seq", b"1"), ("merchant_id", b"m" * 129)], "merchant_id"),
    ],
)
def test_poison_messages_say_why(key, value, headers, reason):
    with pytest.raises(MessageFormatError, match=reason):
        decode_chunk(Rec(key, value, headers))


def test_event_codec_and_topics():
    event = StreamStarted(stream=META, at=datetime(2026, 1, 1, tzinfo=UTC))
    assert decode_event(encode_event(event)) == event
    settings = get_settings()
    assert event_topic(event, settings) == "liveguard.events"
    assert event_topics(settings) == [
        "liveguard.segments",
        "liveguard.findings",
        "liveguard.events",
    ]
    with pytest.raises(MessageFormatError, match="not a pipeline event"):
        decode_event(b'{"kind": "nope"}')
