"""The shared recogniser: utterances from many streams in, guarded `Segment`s out.

One Whisper model serves every stream. Two things make that affordable on a small CPU:
utterances are recognised in batches (one CTranslate2 call decodes several streams' utterances
at once), and each batch is padded only to its longest utterance plus a margin (at least
``min_window_s``), not to Whisper's fixed 30 s window that faster-whisper's ``transcribe``
always encodes. An utterance whose result looks broken (a loop, very low confidence) is
recognised again alone in a full 30 s window, the configuration Whisper was trained on.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from liveguard.contracts import SAMPLE_RATE, Segment
from liveguard.transcribe import guards
from liveguard.transcribe.cutter import PendingUtterance
from liveguard.transcribe.model import LoadedModel, load_model
from liveguard.transcribe.options import EN_PROMPT, ZH_PROMPT, TranscribeOptions
from liveguard.transcribe.text import normalise

logger = logging.getLogger(__name__)

FRAMES_PER_SECOND = 100
FULL_WINDOW = 3000
MAX_HOTWORD_TOKENS = 100
"""Hotword tokens kept in the prompt (Chinese takes about 1.3 tokens a character). Session 3's
116-character prompt was 148 tokens, so its last nine words never reached the decoder."""
TAIL_FRAMES = 100
"""Silence after the speech: without it Whisper tends to loop on the last phrase."""


@dataclass
class RecognizerStats:
    """Where the recogniser's time goes (bench/asr.py reads it to explain a latency tail):
    how many model calls, how many utterances they carried, and how many utterances were
    decoded again alone after a broken first result."""

    calls: int = 0
    utterances: int = 0
    window_retries: int = 0
    temperature_retries: int = 0


@dataclass(frozen=True)
class _Decoded:
    text: str
    avg_logprob: float
    no_speech_prob: float
    alternatives: tuple[str, ...] = ()
    """The beam's runner-up readings, best first (``TranscribeOptions.alternatives``)."""


class Recognizer:
    """Transcribes batches of :class:`PendingUtterance` (any mix of streams) into segments.

    Thread-safe: calls are serialised on the model, which uses all its CPU threads per call.
    """

    def __init__(
        self, model: LoadedModel | None = None, options: TranscribeOptions | None = None
    ) -> None:
        self.model = model or load_model()
        self.options = options or TranscribeOptions()
        self._lock = threading.Lock()
        self._prompts: dict[str, list[int]] = {}
        self._tokenizers: dict[str, Any] = {}
        self._suppress: list[int] | None = None
        self._previous: dict[str, str] = {}
        """Last recognised text per stream (for ``condition_on_previous_text``)."""
        self.stats = RecognizerStats()

    @property
    def model_version(self) -> str:
        return self.model.version

    # --- public API ------------------------------------------------------------------------
    def transcribe(self, pending: Sequence[PendingUtterance]) -> list[Segment]:
        """Recognise ``pending``; returns kept segments in the input order (dropped ones —
        silence, music, credits on non-speech — are left out)."""
        results: dict[int, Segment | None] = {}
        by_lang: dict[str, list[int]] = {}
        for i, utt in enumerate(pending):
            by_lang.setdefault(utt.language, []).append(i)
        size = max(1, self.options.max_batch)
        for lang, idx in by_lang.items():
            idx.sort(key=lambda i: pending[i].duration)
            for b in range(0, len(idx), size):
                batch = [pending[i] for i in idx[b : b + size]]
                for i, seg in zip(idx[b : b + size], self._recognise(batch, lang), strict=True):
                    results[i] = seg
        return [s for i in range(len(pending)) if (s := results.get(i)) is not None]

    # --- internals ---------------------------------------------------------------------
    def _tokenizer(self, lang: str) -> Any:
        tok = self._tokenizers.get(lang)
        if tok is None:
            from faster_whisper.tokenizer import Tokenizer

            whisper = self.model.whisper
            tok = Tokenizer(
                whisper.hf_tokenizer,
                whisper.model.is_multilingual,
                task="transcribe",
                language=lang,
            )
            self._tokenizers[lang] = tok
        return tok

    def _prompt(self, lang: str) -> list[int]:
        prompt = self._prompts.get(lang)
        if prompt is None:
            tok = self._tokenizer(lang)
            o = self.options
            same = o.language == lang
            text = o.prompt if same else (ZH_PROMPT if lang == "zh" else EN_PROMPT)
            hotwords = o.hotwords if same else None
            prompt = []
            if text or hotwords:
                prompt.append(tok.sot_prev)
                if hotwords:
                    words = tok.encode(" " + hotwords.strip())
                    if len(words) > MAX_HOTWORD_TOKENS:
                        logger.info(
                            "hotwords cut to %d of %d tokens, left out: %s",
                            MAX_HOTWORD_TOKENS,
                            len(words),
                            tok.decode(words[MAX_HOTWORD_TOKENS:]),
                        )
                    prompt.extend(words[:MAX_HOTWORD_TOKENS])
                if text:
                    prompt.extend(tok.encode(" " + text.strip())[:100])
            prompt.extend(tok.sot_sequence)
            prompt.append(tok.no_timestamps)
            self._prompts[lang] = prompt
        return prompt

    def _suppressed(self, tok: Any) -> list[int]:
        if self._suppress is None:
            from faster_whisper.transcribe import get_suppressed_tokens

            self._suppress = list(get_suppressed_tokens(tok, [-1]) or [])
        return self._suppress

    def _prompt_for(self, utt: PendingUtterance, lang: str) -> list[int]:
        base = self._prompt(lang)
        previous = (
            self._previous.get(utt.stream_id) if self.options.condition_on_previous_text else None
        )
        if not previous:
            return base
        tok = self._tokenizer(lang)
        context = tok.encode(" " + previous[-60:])[-60:]
        if base and base[0] == tok.sot_prev:
            return [base[0], *context, *base[1:]]
        return [tok.sot_prev, *context, *base]

    def _generate(
        self,
        audios: list[np.ndarray],
        lang: str,
        min_frames: int,
        prompts: list[list[int]] | None = None,
        temperature: float = 0.0,
    ) -> list[_Decoded]:
        import ctranslate2

        whisper = self.model.whisper
        tok = self._tokenizer(lang)
        longest = max(a.shape[0] for a in audios) // 160
        frames = min(FULL_WINDOW, max(min_frames, longest + TAIL_FRAMES))
        # Pad the audio with silence (as Whisper does for its 30 s window), then take the mel.
        feats = [
            whisper.feature_extractor(
                np.pad(a[: frames * 160], (0, frames * 160 - min(len(a), frames * 160))), padding=0
            )[:, :frames]
            for a in audios
        ]
        batch = np.ascontiguousarray(np.stack(feats), dtype=np.float32)
        prompts = prompts or [self._prompt(lang)] * len(feats)
        seconds = max(a.shape[0] for a in audios) / SAMPLE_RATE
        # CTranslate2 counts the prompt in max_length; the cap stops a loop early
        max_length = int(min(448, max(map(len, prompts)) + 16 + 15 * seconds))
        sampling: dict[str, Any] = (
            {"sampling_temperature": temperature, "sampling_topk": 0, "beam_size": 1}
            if temperature > 0
            else {
                "beam_size": self.options.beam_size,
                "num_hypotheses": 1 + self.options.alternatives,
            }
        )
        with self._lock:
            self.stats.calls += 1
            self.stats.utterances += len(audios)
            out = whisper.model.generate(
                ctranslate2.StorageView.from_array(batch),
                prompts,
                max_length=max_length,
                return_scores=True,
                return_no_speech_prob=True,
                suppress_blank=True,
                suppress_tokens=self._suppressed(tok),
                repetition_penalty=self.options.repetition_penalty,
                no_repeat_ngram_size=self.options.no_repeat_ngram_size,
                **sampling,
            )
        decoded: list[_Decoded] = []
        for r in out:
            texts = [tok.decode([t for t in seq if t < tok.eot]) for seq in r.sequences_ids]
            n = len(r.sequences_ids[0])
            avg = r.scores[0] * n / (n + 1) if n else -10.0
            decoded.append(
                _Decoded(texts[0], float(avg), float(r.no_speech_prob), tuple(texts[1:]))
            )
        return decoded

    def _recognise(self, batch: list[PendingUtterance], lang: str) -> list[Segment | None]:
        o = self.options
        min_frames = int(o.min_window_s * FRAMES_PER_SECOND)
        retry_frames = min(FULL_WINDOW, int(o.retry_window_s * FRAMES_PER_SECOND))
        prompts = [self._prompt_for(u, lang) for u in batch]
        decoded = self._generate([u.audio for u in batch], lang, min_frames, prompts)
        segments: list[Segment | None] = []
        for utt, dec, prompt in zip(batch, decoded, prompts, strict=True):
            verdict = self._judge(utt, dec, lang)
            if self._broken(verdict, dec) and min_frames < retry_frames:
                self.stats.window_retries += 1
                retry = self._generate([utt.audio], lang, retry_frames, [prompt])[0]
                if retry.avg_logprob > dec.avg_logprob:
                    dec, verdict = retry, self._judge(utt, retry, lang)
            for temperature in o.temperatures:
                if not self._broken(verdict, dec):
                    break
                self.stats.temperature_retries += 1
                retry = self._generate(
                    [utt.audio], lang, max(min_frames, retry_frames), [prompt], temperature
                )[0]
                if retry.avg_logprob > dec.avg_logprob:
                    dec, verdict = retry, self._judge(utt, retry, lang)
            if o.collapse_loops and guards.LOOP in verdict.flags:
                verdict = self._collapsed(utt, dec, verdict, lang)
            segments.append(self._segment(utt, dec, verdict) if verdict.keep else None)
            if verdict.keep and o.condition_on_previous_text:
                if len(self._previous) > 10_000:
                    self._previous.clear()  # streams come and go; keep the memory bounded
                self._previous[utt.stream_id] = verdict.text
        return segments

    def _broken(self, verdict: guards.Verdict, dec: _Decoded) -> bool:
        return guards.LOOP in verdict.flags or (
            verdict.keep and dec.avg_logprob < self.options.log_prob_threshold
        )

    def _collapsed(
        self, utt: PendingUtterance, dec: _Decoded, verdict: guards.Verdict, lang: str
    ) -> guards.Verdict:
        """The loop cut back to one copy, judged again; kept as it was if that still fails."""
        again = self._judge(utt, dec, lang, guards.collapse_repeats(verdict.text))
        if guards.SUSPECT in again.flags or not again.keep:
            return verdict
        return guards.Verdict(again.text, keep=True, flags=(*again.flags, guards.COLLAPSED))

    def _judge(
        self, utt: PendingUtterance, dec: _Decoded, lang: str, text: str | None = None
    ) -> guards.Verdict:
        o = self.options
        return guards.judge(
            normalise(dec.text, lang) if text is None else text,
            no_speech_prob=dec.no_speech_prob,
            avg_logprob=dec.avg_logprob,
            speech_ratio=utt.speech_ratio,
            no_speech_threshold=o.no_speech_threshold,
            log_prob_threshold=o.log_prob_threshold,
            compression_ratio_threshold=o.compression_ratio_threshold,
        )

    def _segment(self, utt: PendingUtterance, dec: _Decoded, verdict: guards.Verdict) -> Segment:
        return Segment(
            stream_id=utt.stream_id,
            utterance_id=utt.utterance_id,
            seq_start=utt.seq_start,
            seq_end=utt.seq_end,
            text=verdict.text,
            t_start=round(utt.t_start, 3),
            t_end=round(utt.t_end, 3),
            language=utt.language,
            confidence=round(min(1.0, max(0.0, math.exp(dec.avg_logprob))), 4),
            wall_start=utt.wall_start,
            model_version=self.model.version,
            flags=verdict.flags,
            alternatives=self._alternatives(dec, verdict.text, utt.language),
        )

    def _alternatives(self, dec: _Decoded, text: str, lang: str) -> tuple[str, ...]:
        """The runner-up readings worth a second look: cleaned up as the first reading is, and
        neither empty, nor the first reading again, nor a loop (a runner-up of a beam often
        differs from the best only by repeating its tail)."""
        out: list[str] = []
        for raw in dec.alternatives:
            alt = normalise(raw, lang)
            if not alt or alt == text or alt in out:
                continue
            if guards.compression_ratio(alt) > self.options.compression_ratio_threshold:
                continue
            out.append(alt)
        return tuple(out)
