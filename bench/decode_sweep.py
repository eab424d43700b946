"""Decoding options measured before they are chosen: CER, finding F1 and CPU cost per option.

    .venv/bin/python bench/decode_sweep.py [--configs repetition|decoding|window|retry|runner-up]
        [--only TEXT]
        [--out bench/results/decode_sweep_repetition.md]

``--configs repetition`` (session 4, the default) measures what stops Whisper's loops and the
characters the hotword prompt makes it insert (价): CTranslate2's ``repetition_penalty`` and
``no_repeat_ngram_size``, a lower compression-ratio threshold (loops retried in the full window),
collapsing a loop that survives the retries, and capping how often one character may appear in
the hotword prompt, each against session 3's shipped configuration. It runs on tuning audio only
(``TUNING_SOURCES``: the spoken rule examples and the spoken training lines) and reports CER,
价 inserted, segments held back as loops or collapsed, macro-F1 and compliant lines flagged by the
rules alone and combined with learned detection, and CPU seconds per second of audio.

``--configs window`` (session 20) measures the shortest window an utterance is padded to
(``min_window_s``) on the worker's live configuration; ``--configs retry`` (session 21) the
window a broken live utterance is decoded again in (``retry_window_s``), on the same base.

``--configs runner-up`` (session 30) measures a recording read with a beam of 5 whose runner-up
readings the rules check too (``scan_alternatives``), against the greedy reading before it.

``--configs decoding`` is session 3's sweep (beam, temperature fallback, VAD padding and minimum
silence, prompt, hotwords and their size, previous-text conditioning, no-speech threshold), which
then ran on the first 20 lines of the audio benchmark's clean and telephone-band files; that
benchmark is held out since, so it now runs on the same tuning audio. Each configuration changes
one thing against its base. Transcripts are cached like the
audio benchmark's (audio hash + options), so a re-run only decodes new configurations; the CPU
seconds are the ones the first decoding took (process CPU time, both cores counted).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import audio_bench as ab

SWEEP = ab.AUDIO / "sweep"
TUNING_SOURCES: tuple[tuple[str, str, int | None], ...] = (
    ("dev_examples_zh", "phone", None),
    ("dev_examples_zh", "music", None),
    ("spoken_training_zh", "phone", None),
    ("spoken_training_zh", "music", None),
)
"""Tuning audio only (``None``: the whole file): the spoken rule examples and the spoken
training lines (bench/spoken_training.py) on a telephone band and under a music bed, where
Whisper loops most; about 1,700 s of audio."""


def sweep_clips(
    sources: tuple[tuple[str, str, int | None], ...],
) -> list[tuple[str, Path, dict[str, Any]]]:
    """The sweep's audio: each source's first lines, cut without re-encoding, or whole."""
    SWEEP.mkdir(parents=True, exist_ok=True)
    out = []
    for name, variant, n_lines in sources:
        index = json.loads((ab.CLIPS / f"{name}_{variant}.json").read_text(encoding="utf-8"))
        if n_lines is None:
            out.append((name, ab.CLIPS / index["file"], index))
            continue
        keep = index["lines"][:n_lines]
        cut = keep[-1]["t_end"] + 0.8
        target = SWEEP / f"{name}_{variant}_{n_lines}.opus"
        if not target.is_file():
            subprocess.run(
                ["ffmpeg", "-loglevel", "error", "-y", "-i", str(ab.CLIPS / index["file"]),
                 "-t", f"{cut:.2f}", "-c", "copy", str(target)],
                check=True,
            )  # fmt: skip
        out.append((name, target, {**index, "file": target.name, "lines": keep}))
    return out


def decoding_configurations(base: Any) -> list[tuple[str, Any]]:
    from liveguard.rules import hotword_vocabulary
    from liveguard.transcribe.hotwords import hotword_prompt

    vocab = hotword_vocabulary("zh")
    return [
        ("before (beam 1, pad 200 ms, prompt, no hotwords)", base),
        ("beam 5", base.with_(beam_size=5)),
        ("temperature fallback 0.2, 0.4", base.with_(temperatures=(0.2, 0.4))),
        ("VAD speech pad 100 ms", base.with_(speech_pad_ms=100)),
        ("VAD speech pad 400 ms", base.with_(speech_pad_ms=400)),
        ("VAD min silence 300 ms", base.with_(min_silence_ms=300)),
        ("VAD min silence 800 ms", base.with_(min_silence_ms=800)),
        ("no prompt", base.with_(initial_prompt="")),
        (
            "domain prompt with claim words",
            base.with_(
                initial_prompt="以下是普通话直播带货的句子，使用简体中文。原价，到手价，库存，倒计时，功效。"
            ),
        ),
        ("hotwords on (60 chars)", base.with_(hotwords=hotword_prompt(vocab, 60, None))),
        ("hotwords on (30 chars)", base.with_(hotwords=hotword_prompt(vocab, 30, None))),
        ("hotwords on (120 chars)", base.with_(hotwords=hotword_prompt(vocab, 120, None))),
        ("condition on previous text", base.with_(condition_on_previous_text=True)),
        ("no-speech threshold 0.4", base.with_(no_speech_threshold=0.4)),
        ("no-speech threshold 0.8", base.with_(no_speech_threshold=0.8)),
        (
            "combined: beam 5, hotwords 120, pad 400 ms",
            base.with_(beam_size=5, hotwords=hotword_prompt(vocab, 120, None), speech_pad_ms=400),
        ),
        (
            "hotwords 120, pad 400 ms (beam 1)",
            base.with_(hotwords=hotword_prompt(vocab, 120, None), speech_pad_ms=400),
        ),
        (
            "combined, no prompt",
            base.with_(
                beam_size=5,
                hotwords=hotword_prompt(vocab, 120, None),
                speech_pad_ms=400,
                initial_prompt="",
            ),
        ),
    ]


def repetition_configurations(base: Any) -> list[tuple[str, Any]]:
    """Session 4 (#13): Whisper's loops and the characters the hotword prompt makes it insert.
    ``base`` is the shipped configuration of session 3 (hotwords 120 characters, uncapped)."""
    from liveguard.rules import hotword_vocabulary
    from liveguard.transcribe.hotwords import hotword_prompt

    vocab = hotword_vocabulary("zh")
    return [
        ("session 3 default (hotwords 120 chars, uncapped)", base),
        ("collapse loops", base.with_(collapse_loops=True)),
        ("hotwords: a character at most twice", base.with_(hotwords=hotword_prompt(vocab, 120, 2))),
        ("hotwords: a character at most once", base.with_(hotwords=hotword_prompt(vocab, 120, 1))),
        ("repetition_penalty 1.1", base.with_(repetition_penalty=1.1)),
        ("hotwords 60 chars", base.with_(hotwords=hotword_prompt(vocab, 60, None))),
        ("hotwords off", base.with_(hotwords=None)),
        ("no_repeat_ngram_size 4", base.with_(no_repeat_ngram_size=4)),
        ("repetition_penalty 1.3", base.with_(repetition_penalty=1.3)),
    ]


def window_configurations(base: Any) -> list[tuple[str, Any]]:
    """Session 20 (#13): the shortest window an utterance is padded to before encoding. The
    encoder's cost grows with the window, and most live utterances are 2-5 s, so 10 s pays
    for mostly silence; shorter windows made Whisper base loop in session 3, before the
    repetition penalty and loop collapsing. ``base`` is the worker's configuration of session 20."""
    return [
        ("live default (min window 10 s)", base),
        ("min window 7 s", base.with_(min_window_s=7.0)),
        ("min window 5 s", base.with_(min_window_s=5.0)),
        ("min window 3 s", base.with_(min_window_s=3.0)),
    ]


def retry_configurations(base: Any) -> list[tuple[str, Any]]:
    """Session 21 (#13): the window a broken live utterance is decoded again in. Session 20's
    capacity run found one such retry in Whisper's full 30 s window made the p95 at two
    streams; a narrower window, or none (the loop collapsed instead), bounds that call."""
    return [
        ("retry in 30 s (session 20's live path)", base),
        ("retry in 20 s", base.with_(retry_window_s=20.0)),
        ("retry in 15 s", base.with_(retry_window_s=15.0)),
        ("no retry (loops collapsed)", base.with_(retry_window_s=0.0)),
    ]


def runner_up_configurations(base: Any) -> list[tuple[str, Any]]:
    """Session 30 (#13): the beam's runner-up readings, checked by the rules for a family the
    first reading lacks (``Segment.alternatives``). ``base`` is ``liveguard scan``'s reading of
    a recording before it: greedy, no runner-up."""
    return [
        ("scan before session 30 (greedy)", base),
        ("beam 5, no runner-up", base.with_(beam_size=5)),
        ("beam 5, one runner-up (scan default)", base.with_(beam_size=5, alternatives=1)),
        ("beam 5, two runner-ups", base.with_(beam_size=5, alternatives=2)),
    ]


CONFIGURATIONS = {
    "decoding": decoding_configurations,
    "repetition": repetition_configurations,
    "window": window_configurations,
    "retry": retry_configurations,
    "runner-up": runner_up_configurations,
}


def inserted(lines: list[ab.Line], char: str = "价") -> tuple[int, int]:
    """``char`` heard where nothing was said, and where another character was said."""
    from rapidfuzz.distance import Levenshtein

    from liveguard.transcribe.metrics import cn_digits, comparable

    ins = sub = 0
    for line in lines:
        ref, hyp = comparable(cn_digits(line.text)), comparable(cn_digits(line.heard))
        for op in Levenshtein.editops(ref, hyp):
            if op.tag == "insert" and hyp[op.dest_pos] == char:
                ins += 1
            elif op.tag == "replace" and hyp[op.dest_pos] == char:
                sub += 1
    return ins, sub


def base_options(kind: str) -> Any:
    from liveguard.settings import get_settings
    from liveguard.transcribe import TranscribeOptions
    from liveguard.transcribe.hotwords import hotword_prompt

    if kind == "decoding":
        # the defaults before session 3's sweep chose (beam 1, VAD pad 200 ms, no hotwords),
        # held fixed so the table stays comparable (and cached) after the defaults changed
        return TranscribeOptions.from_settings(get_settings(), language="zh").with_(
            hotwords=None, speech_pad_ms=200, beam_size=1
        )
    from liveguard.rules import hotword_vocabulary

    if kind in ("window", "retry"):
        # what the worker ran live in session 20 (the settings' 500 ms silence, not a
        # recording's 800 ms; a broken result retried in 30 s), held fixed like the others
        return TranscribeOptions.from_settings(
            get_settings(), language="zh", vocabulary=hotword_vocabulary("zh")
        ).with_(retry_window_s=30.0)
    if kind == "runner-up":
        return ab.shipped_options().with_(beam_size=1, alternatives=0)
    # session 3's shipped configuration, held fixed for the same reason
    return ab.shipped_options().with_(
        hotwords=hotword_prompt(hotword_vocabulary("zh"), 120, None),
        collapse_loops=False,
        repetition_penalty=1.0,
        no_repeat_ngram_size=0,
    )


def run(kind: str, only: str | None = None) -> str:
    from liveguard.transcribe import guards

    clips = sweep_clips(TUNING_SOURCES)
    recognizers = ab.Recognizers()
    rows = [
        "| configuration | CER | 价 inserted / for another | loops held back / collapsed | "
        "macro-F1 rules / combined | compliant flagged rules / combined | CPU s per audio s |",
        "|---|---|---|---|---|---|---|",
    ]
    for title, options in CONFIGURATIONS[kind](base_options(kind)):
        if only and only not in title:
            continue
        lines: list[ab.Line] = []
        cpu = audio = 0.0
        for name, path, index in clips:
            tr = ab.transcribe_cached(path, options, recognizer_for=recognizers)
            cpu += tr["cpu_s"]
            audio += index["lines"][-1]["t_end"]
            lines.extend(ab.index_lines(name, index["variant"], index["lines"], tr["segments"]))
        found = [ab.audio_found(ln) for ln in lines]
        rules = ab.prf([(ln.gold, f.rules) for ln, f in zip(lines, found, strict=True)])
        both = ab.prf([(ln.gold, f.combined) for ln, f in zip(lines, found, strict=True)])
        segs = [s for ln in lines for s in ln.segments]
        held = sum(1 for s in segs if guards.LOOP in s["flags"])
        collapsed = sum(1 for s in segs if guards.COLLAPSED in s["flags"])
        ins, sub = inserted(lines)
        rows.append(
            f"| {title} | {ab.cer(lines):.3f} | {ins} / {sub} | {held} / {collapsed} | "
            f"{rules['macro_f1']:.3f} / {both['macro_f1']:.3f} | "
            f"{rules['clean_flagged']} / {both['clean_flagged']} of {rules['clean_total']} | "
            f"{cpu / audio:.3f} |"
        )
        print(rows[-1], flush=True)
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--configs", choices=sorted(CONFIGURATIONS), default="repetition")
    parser.add_argument("--only", help="run only the configurations whose title contains this")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    text = run(args.configs, args.only)
    text += f"\n_{time.perf_counter() - started:.0f} s for the sweep._\n"
    ab.emit(text, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
