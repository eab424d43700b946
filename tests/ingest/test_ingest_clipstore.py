"""The folder clip store: atomic writes, ranges, safe keys, WAV round trip."""

from __future__ import annotations

import pytest

from liveguard.errors import InputError, StorageError
from liveguard.ingest.clipstore import (
    FolderClipStore,
    clip_belongs,
    clip_key,
    open_clip_store,
    pcm16_to_wav,
    wav_to_pcm16,
)
from liveguard.settings import get_settings


def test_default_store_is_the_data_folder():
    store = open_clip_store(get_settings())
    assert isinstance(store, FolderClipStore)
    assert store.root == (get_settings().data_dir / "clips").resolve()


def test_put_get_range_delete(tmp_path):
    store = open_clip_store(str(tmp_path / "c"))
    key = clip_key("room/7:stream", 42)
    assert key.startswith("room_7_stream-")
    assert key.endswith("/0000000042.wav")
    pcm = bytes(range(256)) * 10
    store.put(key, pcm16_to_wav(pcm), "audio/wav")
    data = store.get(key)
    assert wav_to_pcm16(data) == (pcm, 16000)
    assert store.size(key) == len(data)
    assert store.open_range(key, 44, 47) == pcm[:4]
    local = store.path(key)
    assert local is not None
    assert local == tmp_path / "c" / key
    assert not [p for p in local.parent.iterdir() if p.name.startswith(".tmp-")]
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # idempotent
    with pytest.raises(StorageError):
        store.get(key)


@pytest.mark.parametrize("key", ["../x.wav", "/etc/passwd", "a/../../b", "", "a//b"])
def test_keys_cannot_escape(tmp_path, key):
    with pytest.raises(InputError):
        FolderClipStore(tmp_path).put(key, b"x")


def test_odd_pcm_refused():
    with pytest.raises(InputError):
        pcm16_to_wav(b"abc")


def test_clip_keys_are_injective_bounded_and_owned():
    lookalikes = ["col:1", "col_1", "col/1", "col 1", "COL_1"]
    keys = {clip_key(s, 7) for s in lookalikes}
    assert len(keys) == len(lookalikes)
    long_id = "直播间" * 42 + "一二"  # 128 characters, 384 bytes of UTF-8
    key = clip_key(long_id, 2**53 - 1)
    assert max(len(part.encode()) for part in key.split("/")) <= 100
    assert clip_belongs(key, long_id)
    assert not clip_belongs(clip_key("col:1", 7), "col_1")
