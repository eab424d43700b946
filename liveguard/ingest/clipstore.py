"""Evidence clip storage: a folder by default, an S3-compatible bucket as an option.

The worker writes the audio of each flagged utterance here and the alerts service reads it back,
possibly on another machine; both open the store from the same URL (``LIVEGUARD_CLIP_STORE``),
so a shared folder or a bucket makes workers anywhere interchangeable. Writes are atomic: a
reader never sees half a clip, and a worker that is killed mid-write leaves no torn file behind
(re-processing after a crash simply writes the same key again).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import wave
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from liveguard.contracts import SAMPLE_RATE
from liveguard.errors import InputError, StorageError
from liveguard.settings import Settings


def _check_key(key: str) -> str:
    """Keys are relative POSIX paths; anything that could escape the store is refused."""
    if not key or key.startswith("/") or "\\" in key or "\x00" in key:
        raise InputError(f"invalid clip key {key!r}")
    parts = key.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise InputError(f"invalid clip key {key!r}")
    return key


class ClipStore(ABC):
    """The few operations the worker and the alerts service need; keys look like ``stream/utt.wav``."""

    url: str

    @abstractmethod
    def put(self, key: str, data: bytes, content_type: str = "audio/wav") -> None:
        """Store ``data`` under ``key`` atomically (replacing any earlier version)."""

    @abstractmethod
    def get(self, key: str) -> bytes:
        """The whole object; :class:`StorageError` if it is missing."""

    @abstractmethod
    def size(self, key: str) -> int: ...

    @abstractmethod
    def open_range(self, key: str, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end`` inclusive (HTTP Range semantics), for seeking players."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the object; deleting a missing key is not an error (retention purges retry)."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    def path(self, key: str) -> Path | None:
        """A local file for ``key`` when the store is a folder (lets a web server stream it)."""
        return None


class FolderClipStore(ClipStore):
    """Clips as files under one root folder (shared via NFS or similar across machines)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).expanduser().resolve()
        self.url = str(self.root)

    def _file(self, key: str) -> Path:
        return self.root / _check_key(key)

    def put(self, key: str, data: bytes, content_type: str = "audio/wav") -> None:
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StorageError(f"cannot write clip {key!r} to {self.root}: {exc}") from exc

    def get(self, key: str) -> bytes:
        try:
            return self._file(key).read_bytes()
        except OSError as exc:
            raise StorageError(f"cannot read clip {key!r} from {self.root}: {exc}") from exc

    def size(self, key: str) -> int:
        try:
            return self._file(key).stat().st_size
        except OSError as exc:
            raise StorageError(f"cannot stat clip {key!r} in {self.root}: {exc}") from exc

    def open_range(self, key: str, start: int, end: int) -> bytes:
        if start < 0 or end < start:
            raise InputError(f"invalid byte range {start}-{end}")
        try:
            with self._file(key).open("rb") as handle:
                handle.seek(start)
                return handle.read(end - start + 1)
        except OSError as exc:
            raise StorageError(f"cannot read clip {key!r} from {self.root}: {exc}") from exc

    def delete(self, key: str) -> None:
        try:
            self._file(key).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot delete clip {key!r} in {self.root}: {exc}") from exc

    def exists(self, key: str) -> bool:
        return self._file(key).is_file()

    def path(self, key: str) -> Path | None:
        return self._file(key)


class S3ClipStore(ClipStore):
    """Clips in an S3-compatible bucket (AWS, MinIO, Ceph); needs the ``s3`` extra (boto3).

    A PUT of one object is atomic in S3, so no temporary key is needed.
    """

    def __init__(self, url: str, endpoint_url: str = "") -> None:
        try:
            import boto3
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise StorageError(
                "an s3:// clip store needs boto3: pip install 'liveguard[s3]'"
            ) from exc
        rest = url.removeprefix("s3://")
        bucket, _, prefix = rest.partition("/")
        if not bucket:
            raise InputError(f"clip store URL {url!r} names no bucket")
        self.url = url
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._client: Any = boto3.client("s3", endpoint_url=endpoint_url or None)

    def _key(self, key: str) -> str:
        key = _check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, what: str, key: str, **kwargs: Any) -> Any:
        try:
            return getattr(self._client, what)(Bucket=self.bucket, Key=self._key(key), **kwargs)
        except Exception as exc:  # botocore raises many unrelated types
            raise StorageError(f"clip store {self.url}: {what} {key!r} failed: {exc}") from exc

    def put(self, key: str, data: bytes, content_type: str = "audio/wav") -> None:
        self._call("put_object", key, Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes:
        return bytes(self._call("get_object", key)["Body"].read())

    def size(self, key: str) -> int:
        return int(self._call("head_object", key)["ContentLength"])

    def open_range(self, key: str, start: int, end: int) -> bytes:
        if start < 0 or end < start:
            raise InputError(f"invalid byte range {start}-{end}")
        return bytes(self._call("get_object", key, Range=f"bytes={start}-{end}")["Body"].read())

    def delete(self, key: str) -> None:
        self._call("delete_object", key)

    def exists(self, key: str) -> bool:
        try:
            self._call("head_object", key)
        except StorageError:
            return False
        return True


def open_clip_store(where: str | Settings) -> ClipStore:
    """The clip store at a URL or folder, or the one the settings name (with their S3
    endpoint)."""
    if isinstance(where, Settings):
        url, endpoint = where.resolved_clip_store, where.s3_endpoint_url
    else:
        url, endpoint = where, ""
    if url.startswith("s3://"):
        return S3ClipStore(url, endpoint_url=endpoint)
    return FolderClipStore(url.removeprefix("file://"))


def pcm16_to_wav(pcm: bytes, sample_rate: int = SAMPLE_RATE) -> bytes:
    """Wrap mono PCM16LE in a WAV container: every browser and media player can play it."""
    if len(pcm) % 2:
        raise InputError("PCM16 data has an odd number of bytes")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm)
    return buffer.getvalue()


def wav_to_pcm16(data: bytes) -> tuple[bytes, int]:
    """The reverse of :func:`pcm16_to_wav`: ``(pcm, sample_rate)``; used by tests and reports."""
    try:
        with wave.open(io.BytesIO(data), "rb") as src:
            if src.getnchannels() != 1 or src.getsampwidth() != 2:
                raise InputError("clip is not mono 16-bit PCM")
            return src.readframes(src.getnframes()), src.getframerate()
    except (wave.Error, EOFError) as exc:
        raise InputError(f"not a WAV clip: {exc}") from exc


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def clip_folder(stream_id: str) -> str:
    """The stream's folder in the store: readable, bounded and injective.

    A readable ASCII prefix (at most 40 characters) helps an operator browsing the store; the
    digest of the whole id is what tells streams apart, so ``col:1`` and ``col_1`` never share
    a file, and a 128-character Chinese id still makes a short name every file system takes.
    """
    digest = hashlib.sha256(stream_id.encode("utf-8")).hexdigest()[:24]
    readable = _UNSAFE.sub("_", stream_id)[:40].strip("_")
    return f"{readable}-{digest}" if readable else digest


def clip_key(stream_id: str, utterance_seq: int) -> str:
    """Where the clip of one utterance lives: stable across redelivery, so a rewrite replaces it."""
    return f"{clip_folder(stream_id)}/{utterance_seq:010d}.wav"


def clip_belongs(key: str, stream_id: str) -> bool:
    """Whether ``key`` lies in ``stream_id``'s folder (a finding may only show its own audio)."""
    return key.startswith(clip_folder(stream_id) + "/")
