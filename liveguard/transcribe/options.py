"""The typed knobs of the transcriber, in faster-whisper's words, read once at the boundary.

Everything below the boundary takes a :class:`TranscribeOptions` instead of reading settings,
so a test or a benchmark can run two configurations side by side in one process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from liveguard.settings import Settings

ZH_PROMPT = "以下是普通话直播带货的句子，使用简体中文。"
"""Steers Whisper to simplified characters (it tends to write traditional ones for zh)."""
EN_PROMPT = "A live-stream host is selling products."


@dataclass(frozen=True)
class TranscribeOptions:
    """How audio is cut into utterances and how each is recognised."""

    language: str = "zh"
    beam_size: int = 1
    alternatives: int = 0
    """Runner-up readings of each utterance kept from the beam (at most ``beam_size - 1``),
    handed on with the segment so the rules can check what the first reading may have
    misheard (``Segment.alternatives``)."""
    initial_prompt: str | None = None
    """``None`` picks the language's default prompt (simplified Chinese for zh)."""
    hotwords: str | None = None
    """Words Whisper should prefer; shares the ~220-token prompt budget, so keep it short."""
    vad_threshold: float = 0.5
    vad_neg_threshold: float = 0.35
    min_silence_ms: int = 500
    speech_pad_ms: int = 400
    """Audio kept around the VAD's speech; 400 ms beat 100 and 200 on the decoding sweep."""
    min_utterance_s: float = 0.3
    max_utterance_s: float = 15.0
    min_window_s: float = 10.0
    """Each utterance is padded to at least this much audio before encoding. Whisper pads
    to 30 s, which wastes most of the encoder on short utterances; 10 s keeps its accuracy
    (shorter windows make it loop) at about a third of the cost."""
    retry_window_s: float = 30.0
    """The window a broken utterance (a loop, very low confidence) is decoded again in.
    Whisper's own 30 s is the most accurate, and a recording (``liveguard scan``) keeps it; live
    it is the slowest call there is (session 20: one retry made a 5.6 s call at two streams
    where plain calls took at most 1.2 s), so the worker's comes from ``retry_window_s`` in the
    settings. At or below ``min_window_s``: no retry, the loop is collapsed instead."""
    max_batch: int = 4
    """Utterances (from any streams) recognised together in one batched model call."""
    temperatures: tuple[float, ...] = ()
    """Sampling temperatures tried, in order, for an utterance still broken (a loop, very low
    confidence) after the window retry; empty: no temperature fallback."""
    condition_on_previous_text: bool = False
    """Put the stream's previous utterance in the prompt (Whisper's long-form default)."""
    repetition_penalty: float = 1.1
    """Decoder penalty on tokens already generated (CTranslate2's; 1.0 = none). 1.1 left no loop
    on the tuning audio, raised finding F1 a little, and on a quiet machine kept the live path's
    latency where a looping utterance's retries pushed it past 3 s at two streams without it
    (docs/transcribe.md, session 4)."""
    no_repeat_ngram_size: int = 0
    """Forbid the decoder to repeat any token n-gram of this size (0 = allowed)."""
    collapse_loops: bool = True
    """A segment still looping after the retries has each run of repeats cut to one copy and
    goes to the rules (flag ``repetition_collapsed``) instead of being held back as suspect."""
    no_speech_threshold: float = 0.6
    log_prob_threshold: float = -1.0
    compression_ratio_threshold: float = 2.4

    def __post_init__(self) -> None:
        if not 0 <= self.alternatives < self.beam_size:
            raise ValueError(
                f"a beam of {self.beam_size} holds at most {self.beam_size - 1} runner-up "
                f"readings (asked {self.alternatives})"
            )

    @property
    def prompt(self) -> str | None:
        if self.initial_prompt is not None:
            return self.initial_prompt or None
        return ZH_PROMPT if self.language == "zh" else EN_PROMPT

    def with_(self, **changes: Any) -> TranscribeOptions:
        return replace(self, **changes)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        language: str | None = None,
        vocabulary: Sequence[str] = (),
        **overrides: Any,
    ) -> TranscribeOptions:
        """Options from settings; ``vocabulary`` (the rules' hotword list, passed in by the
        pipeline) is used only when ``LIVEGUARD_HOTWORDS`` is on; ``language`` overrides the
        setting (a request's or a command's own)."""
        s = settings
        hotwords = None
        if s.hotwords and vocabulary:
            from liveguard.transcribe.hotwords import hotword_prompt

            hotwords = hotword_prompt(vocabulary)
        base = cls(
            language=language or s.language,
            beam_size=s.beam_size,
            hotwords=hotwords,
            min_silence_ms=s.vad_min_silence_ms,
            max_utterance_s=s.max_utterance_s,
            retry_window_s=s.retry_window_s,
            min_window_s=s.min_window_s,
            alternatives=s.alternatives,
        )
        return replace(base, **overrides)
