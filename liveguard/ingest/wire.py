"""The audio topic's wire format (docs/message-format.md): what any producer writes, what the
worker accepts.

A message is one short chunk of raw PCM16LE mono audio; everything else travels in headers as
UTF-8 text (decimal numbers for integers), so a producer in any language, or ``kcat -H``, can
write it without a LiveGuard library. The record key is the stream id, which keeps a stream on
one partition and therefore in order.

A message that breaks the format is a *poison* message: :func:`decode_chunk` raises
:class:`MessageFormatError` with a reason a producer's developer can act on, and the worker
moves it to the dead-letter topic instead of stopping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from pydantic import ValidationError

from liveguard.contracts import MAX_SEQ, SAMPLE_RATE, AudioChunk, StreamMeta
from liveguard.errors import MessageFormatError

FORMAT = "liveguard-audio/1"
"""Value of the optional ``format`` header; a future incompatible format bumps the number."""

H_FORMAT = "format"
H_STREAM = "stream_id"
H_PLATFORM = "platform_id"
H_ROOM = "room_id"
H_HOST = "host_id"
H_MERCHANT = "merchant_id"
H_SEQ = "seq"
H_RATE = "sample_rate"
H_ENCODING = "encoding"
H_CAPTURE = "capture_ms"
H_EOS = "eos"

ENCODING = "pcm_s16le"
MAX_CHUNK_SECONDS = 4.0
"""Chunks should be 0.5–2 s; anything longer than this is refused as oversized."""
MAX_HEADER_BYTES = 512
"""Room for a 128-character id in any script (UTF-8 needs up to 4 bytes a character); the
contract's own limits (``MAX_ID_CHARS``, ``MAX_SEQ``, ``MAX_CAPTURE_MS``) are checked after."""

Headers = Sequence[tuple[str, bytes]]


class RecordLike(Protocol):
    """What :func:`decode_chunk` reads: kafka-python's ``ConsumerRecord`` fits, so does a test double."""

    @property
    def key(self) -> bytes | None: ...

    @property
    def value(self) -> bytes | None: ...

    @property
    def headers(self) -> Headers | None: ...


def encode_chunk(chunk: AudioChunk) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """``(key, value, headers)`` for one chunk, ready for ``KafkaProducer.send``."""
    meta = chunk.stream
    headers: list[tuple[str, bytes]] = [
        (H_FORMAT, FORMAT.encode()),
        (H_STREAM, meta.stream_id.encode()),
        (H_SEQ, str(chunk.seq).encode()),
        (H_RATE, str(chunk.sample_rate).encode()),
        (H_ENCODING, chunk.encoding.encode()),
    ]
    for name, value in (
        (H_PLATFORM, meta.platform_id),
        (H_ROOM, meta.room_id),
        (H_HOST, meta.host_id),
        (H_MERCHANT, meta.merchant_id),
    ):
        if value:
            headers.append((name, value.encode()))
    if chunk.capture_ms is not None:
        headers.append((H_CAPTURE, str(chunk.capture_ms).encode()))
    if chunk.end_of_stream:
        headers.append((H_EOS, b"1"))
    return meta.stream_id.encode(), chunk.pcm, headers


def _headers(raw: Headers | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in raw or ():
        if value is None:
            continue
        if len(value) > MAX_HEADER_BYTES:
            raise MessageFormatError(f"header {name!r} is longer than {MAX_HEADER_BYTES} bytes")
        try:
            out[name] = bytes(value).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MessageFormatError(f"header {name!r} is not UTF-8") from exc
    return out


def _int(headers: Mapping[str, str], name: str, default: int | None = None) -> int | None:
    text = headers.get(name)
    if text is None or text == "":
        return default
    try:
        return int(text.strip())
    except ValueError as exc:
        raise MessageFormatError(f"header {name!r} is not a decimal integer: {text!r}") from exc


def _flag(headers: Mapping[str, str], name: str) -> bool:
    text = headers.get(name, "").strip().lower()
    if text in ("", "0", "false", "no"):
        return False
    if text in ("1", "true", "yes"):
        return True
    raise MessageFormatError(f"header {name!r} must be 1 or 0, got {text!r}")


def decode_chunk(record: RecordLike) -> AudioChunk:
    """The :class:`AudioChunk` a record carries, or :class:`MessageFormatError` saying why not."""
    headers = _headers(record.headers)
    fmt = headers.get(H_FORMAT)
    if fmt is not None and fmt != FORMAT:
        raise MessageFormatError(f"unknown format {fmt!r} (this worker reads {FORMAT!r})")
    key = record.key.decode("utf-8", "replace") if record.key else ""
    stream_id = headers.get(H_STREAM) or key
    if not stream_id:
        raise MessageFormatError("no stream id: set the record key or the 'stream_id' header")
    if key and key != stream_id:
        raise MessageFormatError(
            f"record key {key!r} differs from header stream_id {stream_id!r}; "
            "the key must be the stream id so the stream stays on one partition"
        )
    seq = _int(headers, H_SEQ)
    if seq is None:
        raise MessageFormatError("missing header 'seq' (chunk sequence number)")
    if seq < 0:
        raise MessageFormatError(f"header 'seq' is negative: {seq}")
    if seq > MAX_SEQ:
        raise MessageFormatError(f"header 'seq' is {seq}, more than the largest allowed {MAX_SEQ}")
    rate = _int(headers, H_RATE, SAMPLE_RATE)
    if rate != SAMPLE_RATE:
        raise MessageFormatError(
            f"sample_rate {rate} is not supported (send {SAMPLE_RATE} Hz mono)"
        )
    encoding = headers.get(H_ENCODING, ENCODING)
    if encoding != ENCODING:
        raise MessageFormatError(f"encoding {encoding!r} is not supported (send {ENCODING!r})")
    pcm = bytes(record.value or b"")
    if len(pcm) % 2:
        raise MessageFormatError(f"audio value has an odd length ({len(pcm)} bytes) for PCM16")
    limit = int(MAX_CHUNK_SECONDS * SAMPLE_RATE * 2)
    if len(pcm) > limit:
        raise MessageFormatError(
            f"oversized chunk: {len(pcm)} bytes is more than {MAX_CHUNK_SECONDS:g} s of audio"
        )
    eos = _flag(headers, H_EOS)
    if not pcm and not eos:
        raise MessageFormatError("empty audio value on a chunk that is not end-of-stream")
    try:
        meta = StreamMeta(
            stream_id=stream_id,
            platform_id=headers.get(H_PLATFORM, ""),
            room_id=headers.get(H_ROOM, ""),
            host_id=headers.get(H_HOST, ""),
            merchant_id=headers.get(H_MERCHANT, ""),
        )
        return AudioChunk(
            stream=meta,
            seq=seq,
            pcm=pcm,
            sample_rate=SAMPLE_RATE,
            capture_ms=_int(headers, H_CAPTURE),
            end_of_stream=eos,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][-1]) if first["loc"] else "chunk"
        raise MessageFormatError(f"invalid header {field!r}: {first['msg']}") from exc
