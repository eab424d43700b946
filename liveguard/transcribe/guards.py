"""Guards against Whisper's known failure modes, applied before a segment reaches the rules.

Whisper was trained on subtitled video, so on silence, music or noise it likes to write the
credits of a subtitle group or "thanks for watching", and on hard audio it can loop on one
phrase. Such text must never be checked as if the host had said it: pure non-speech is
dropped, doubtful text is kept for the record but flagged (the stream processor keeps it from the rules).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from liveguard.contracts import SUSPECT_HALLUCINATION

SUSPECT = SUSPECT_HALLUCINATION
CREDITS = "subtitle_credit"
LOOP = "repetition_loop"
LOW_SPEECH = "low_speech_evidence"
COLLAPSED = "repetition_collapsed"
"""A loop was cut back to one copy of the repeated text and the rest kept for the rules."""

_CREDIT_PATTERNS = [
    r"字幕(由|提供|制作|组|志愿者|by)",
    r"(由|by)\s*amara\.?org",
    r"amara\.org",
    r"请不吝点赞",
    r"(点赞|订阅|转发|打赏).{0,6}(订阅|转发|打赏|支持)",
    r"明镜与点点",
    r"优优独播剧场",
    r"yoyo television",
    r"(谢谢|感谢)(大家)?(收看|观看)",
    r"thanks? (you )?for watching",
    r"please subscribe",
    r"subtitles? by",
    r"中文字幕",
]
_CREDIT_RE = re.compile("|".join(f"(?:{p})" for p in _CREDIT_PATTERNS), re.IGNORECASE)
_NON_SPEECH_RE = re.compile(
    r"^[\s\W_]*(?:[\(\[（【]?\s*(?:音乐|音樂|掌声|笑声|music|applause|laughter|silence|noise)"
    r"\s*[\)\]）】]?[\s\W_]*)*$|^[\s♪♫♬🎵🎶.,，。…!?！？、-]*$",
    re.IGNORECASE,
)
_REPEAT_RE = re.compile(r"(.{1,12}?)\1{4,}", re.DOTALL)
"""Five or more copies back to back. Four are still speech often enough (来来来来, 买买买买);
Whisper's loops run on for a dozen copies or more."""


def _is_loop(run: re.Match[str]) -> bool:
    """A run of digits is a number (9999 套, 8888 元), not a loop."""
    return not run.group(1).isdigit()


@dataclass(frozen=True)
class Verdict:
    """What to do with a recognised text: ``keep`` False drops it; ``flags`` mark it."""

    text: str
    keep: bool
    flags: tuple[str, ...] = ()


def collapse_repeats(text: str) -> str:
    """``text`` with every run of a repeated piece (5+ copies back to back: 价价价价价…,
    均均均均, a phrase said over and over) cut to one copy.

    Whisper's loops are an artefact of decoding, not speech: the text before and after the
    loop is usually right, and flagging the whole segment would hide it from the rules.
    """
    return _REPEAT_RE.sub(lambda m: m.group(1) if _is_loop(m) else m.group(0), text)


def compression_ratio(text: str) -> float:
    raw = text.encode("utf-8")
    return len(raw) / max(1, len(zlib.compress(raw)))


def judge(
    text: str,
    *,
    no_speech_prob: float = 0.0,
    avg_logprob: float = 0.0,
    speech_ratio: float = 1.0,
    no_speech_threshold: float = 0.6,
    log_prob_threshold: float = -1.0,
    compression_ratio_threshold: float = 2.4,
) -> Verdict:
    """Decide about one utterance's text.

    ``speech_ratio`` is the VAD's mean speech probability over the utterance: music that
    tripped the VAD scores low, which makes a credit line or a confident no-speech verdict
    decisive.
    """
    stripped = text.strip()
    if not stripped or _NON_SPEECH_RE.match(stripped):
        return Verdict("", keep=False, flags=(SUSPECT,))
    if no_speech_prob > no_speech_threshold and avg_logprob < log_prob_threshold:
        return Verdict(stripped, keep=False, flags=(SUSPECT,))
    flags: list[str] = []
    if _CREDIT_RE.search(stripped):
        # A whole line of credits is a hallucination; drop it unless the audio was clearly speech
        # (a host may really say 感谢观看), in which case keep it flagged for the record.
        if speech_ratio < 0.5 or len(_CREDIT_RE.sub("", stripped)) < 4:
            return Verdict(stripped, keep=False, flags=(SUSPECT, CREDITS))
        flags += [SUSPECT, CREDITS]
    looping = any(_is_loop(m) for m in _REPEAT_RE.finditer(stripped))
    if looping or compression_ratio(stripped) > compression_ratio_threshold:
        flags += [SUSPECT, LOOP] if SUSPECT not in flags else [LOOP]
    if speech_ratio < 0.3 and SUSPECT not in flags:
        flags += [SUSPECT, LOW_SPEECH]
    return Verdict(stripped, keep=True, flags=tuple(flags))
