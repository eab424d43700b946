"""Silero voice activity detection, run incrementally so a stream's state stays tiny.

faster-whisper ships the Silero ONNX model and runs it over a whole file at once; a live
stream arrives a chunk at a time, so this keeps the model's recurrent state (two 128-float
vectors), the 64-sample context and the < 512 samples not yet scored between calls. The
ONNX session itself is shared by every stream.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

WINDOW = 512
"""Samples per VAD decision at 16 kHz (32 ms)."""
CONTEXT = 64


@lru_cache(maxsize=1)
def _session() -> Any:
    from faster_whisper.vad import get_vad_model

    return get_vad_model().session


class StreamingVad:
    """Speech probability per 32 ms window for one stream's audio, fed in any piece sizes."""

    __slots__ = ("_c", "_context", "_h", "_rest")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._rest = np.zeros(0, dtype=np.float32)

    def __call__(self, audio: np.ndarray) -> np.ndarray:
        """Probabilities for every complete window now available (float32 audio in [-1, 1])."""
        audio = np.concatenate([self._rest, audio.astype(np.float32, copy=False)])
        n = len(audio) // WINDOW
        self._rest = audio[n * WINDOW :].copy()
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        windows = audio[: n * WINDOW].reshape(n, WINDOW)
        contexts = np.empty((n, CONTEXT), dtype=np.float32)
        contexts[0] = self._context
        if n > 1:
            contexts[1:] = windows[:-1, -CONTEXT:]
        self._context = windows[-1, -CONTEXT:].copy()
        batch = np.concatenate([contexts, windows], axis=1)
        out, self._h, self._c = _session().run(None, {"input": batch, "h": self._h, "c": self._c})
        return np.asarray(out, dtype=np.float32).reshape(-1)
