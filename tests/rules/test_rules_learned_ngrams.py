"""The learned part's n-grams in sound (#13 session 7): a Chinese head can read the toneless
pinyin syllables of a sentence (optionally confusion-folded), so a transcript that respells a
word with characters of the same sound keeps that word's n-grams; a head without the field
reads characters, exactly as before."""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from liveguard.rules import learned
from liveguard.rules.claim_signals import SIGNAL_NAMES
from liveguard.rules.encoder import DIM
from liveguard.rules.learned import (
    NGRAM_DIM,
    NGRAM_KINDS,
    LearnedDetector,
    featurize,
    heads_from_bytes,
    ngram_vector,
)

SOUND_KINDS = ("syllables", "folded")

TYPED = "医生都说这个药能把血压降下来"
HEARD = "一声都说这个要能把学压降下来"
"""The line respelled with confusions measured in Whisper base's transcripts (医生 → 一声,
药 → 要, 血压 → 学压: docs/learned.md)."""
OTHER = "医生都说这个饭能把血压降下来"
"""One word changed to a word of another sound (药 yao → 饭 fan)."""


def _cos(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> float:
    return float(a @ b)


@pytest.mark.parametrize("kind", SOUND_KINDS)
def test_a_homophone_respelling_keeps_the_sound_ngrams(kind: str) -> None:
    typed, heard = ngram_vector(TYPED, "zh", kind), ngram_vector(HEARD, "zh", kind)
    assert np.array_equal(typed, heard)
    assert float(np.linalg.norm(typed)) == pytest.approx(1.0, abs=1e-5)
    # characters alone lose most of it
    assert _cos(ngram_vector(TYPED, "zh"), ngram_vector(HEARD, "zh")) < 0.6


@pytest.mark.parametrize("kind", SOUND_KINDS)
def test_a_different_word_changes_the_sound_ngrams(kind: str) -> None:
    typed, other = ngram_vector(TYPED, "zh", kind), ngram_vector(OTHER, "zh", kind)
    assert not np.array_equal(typed, other)
    assert _cos(typed, other) < 0.95


def test_only_the_folded_kind_merges_a_confusion_of_the_table() -> None:
    # 是 shi / 四 si: sh/s is one of the folds (rules/sound_zh.yaml), not the same syllable
    a, b = "这个是正品", "这个四正品"
    assert np.array_equal(ngram_vector(a, "zh", "folded"), ngram_vector(b, "zh", "folded"))
    assert not np.array_equal(
        ngram_vector(a, "zh", "syllables"), ngram_vector(b, "zh", "syllables")
    )


@pytest.mark.parametrize("kind", ["text+syllables", "text+folded"])
def test_the_side_by_side_kinds_keep_characters_and_sound(kind: str) -> None:
    both = _cos(ngram_vector(TYPED, "zh", kind), ngram_vector(HEARD, "zh", kind))
    chars = _cos(ngram_vector(TYPED, "zh"), ngram_vector(HEARD, "zh"))
    assert chars < both < 1.0  # closer than characters alone, yet the spelling still counts


def test_english_reads_words_whatever_the_kind() -> None:
    text = "this cream cures eczema in a week"
    for kind in NGRAM_KINDS:
        assert np.array_equal(ngram_vector(text, "en", kind), ngram_vector(text, "en"))


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="n-gram kind"):
        ngram_vector(TYPED, "zh", "phonemes")


def _legacy_ngrams(text: str) -> np.ndarray[Any, Any]:
    """Character 1-3-grams hashed as every head before session 7 was trained on them."""
    s = "".join(c for c in text.lower() if c.isalnum())
    vec = np.zeros(NGRAM_DIM, np.float32)
    for n in (1, 2, 3):
        for i in range(len(s) - n + 1):
            h = zlib.crc32(s[i : i + n].encode("utf-8"))
            vec[h % NGRAM_DIM] += 1.0 if (h >> 20) & 1 else -1.0
    return vec / np.linalg.norm(vec)


def _heads_npz(kind: str | None) -> bytes:
    meta: dict[str, Any] = {
        "version": "claims-test",
        "encoder": "usem3-test",
        "thresholds": {"efficacy": 0.6, "scarcity": 0.6, "price": 0.6},
        "ngram_scale": 2.0,
    }
    if kind is not None:
        meta["ngram_kind"] = kind
    buf = io.BytesIO()
    np.savez(
        buf,
        weights=np.zeros((DIM + NGRAM_DIM + len(SIGNAL_NAMES), 3), np.float32),
        bias=np.zeros(3, np.float32),
        meta=np.asarray(json.dumps(meta)),
    )
    return buf.getvalue()


def test_a_head_without_the_field_featurises_characters_as_before() -> None:
    heads = heads_from_bytes("zh", _heads_npz(None))
    assert heads.ngram_kind == "text"
    rows = featurize([HEARD], np.zeros((1, DIM), np.float32), "zh", 2.0, heads.ngram_kind)
    assert np.allclose(rows[0, DIM : DIM + NGRAM_DIM], _legacy_ngrams(HEARD) * 2.0, atol=1e-6)


class _ZeroEncoder:
    def encode(self, texts: Sequence[str]) -> np.ndarray[Any, Any]:
        return np.zeros((len(texts), DIM), np.float32)


@pytest.mark.parametrize("kind", [None, "folded", "text+syllables"])
def test_the_detector_featurises_with_its_heads_own_kind(
    kind: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    heads = heads_from_bytes("zh", _heads_npz(kind))
    assert heads.ngram_kind == (kind or "text")
    seen: list[str] = []
    real = learned.featurize

    def spy(*args: Any) -> Any:
        seen.append(args[4])
        return real(*args)

    monkeypatch.setattr(learned, "featurize", spy)
    detector = LearnedDetector(heads, [], encoder=_ZeroEncoder())  # type: ignore[arg-type]
    assert detector.detect(HEARD, speech=True) == []  # zero weights: nothing reaches 0.6
    assert seen == [kind or "text"]
