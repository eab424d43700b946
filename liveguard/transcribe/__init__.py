"""Speech to timed text: VAD utterance cutting per stream, batched Whisper recognition shared
by all streams, hallucination guards. See docs/transcribe.md.

Heavy libraries (faster-whisper, CTranslate2, onnxruntime) load on first use, not on import.
"""

from liveguard.transcribe.cutter import PendingUtterance, UtteranceCutter
from liveguard.transcribe.model import LoadedModel, ModelSpec, assemble_bundled, load_model
from liveguard.transcribe.options import TranscribeOptions
from liveguard.transcribe.recognizer import Recognizer

__all__ = [
    "LoadedModel",
    "ModelSpec",
    "PendingUtterance",
    "Recognizer",
    "TranscribeOptions",
    "UtteranceCutter",
    "assemble_bundled",
    "load_model",
]
