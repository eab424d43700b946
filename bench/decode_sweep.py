"""Decoding options measured before they are chosen: CER, finding F1 and CPU cost per option.

    .venv/bin/python bench/decode_sweep.py [--lines 40] [--out bench/results/decode_sweep.md]

The sweep runs on the first ``--lines`` lines of the audio benchmark (bench/audio_bench.py),
half of them clean and half in the telephone-band variant, cut out of the committed clips into
bench/audio/sweep/ once. Each configuration changes one thing against the defaults
(TranscribeOptions.from_settings): beam 1 vs 5, temperature fallback, VAD padding and minimum
silence, the domain prompt, hotwords on/off and their vocabulary size, conditioning on the
previous text, and the no-speech threshold. Transcripts are cached like the audio benchmark's
(audio hash + options), so a re-run only decodes new configurations; the CPU seconds are the
ones the first decoding took (process CPU time, both cores counted).
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
SOURCES = (("lines_zh", "clean"), ("lines_zh", "phone"))


def sweep_clips(n_lines: int) -> list[tuple[Path, dict[str, Any]]]:
    """The sweep's audio: the first lines of each source file, cut without re-encoding."""
    SWEEP.mkdir(parents=True, exist_ok=True)
    out = []
    per_source = max(1, n_lines // len(SOURCES))
    for name, variant in SOURCES:
        index = json.loads((ab.CLIPS / f"{name}_{variant}.json").read_text(encoding="utf-8"))
        keep = index["lines"][:per_source]
        cut = keep[-1]["t_end"] + 0.8
        target = SWEEP / f"{name}_{variant}_{per_source}.opus"
        if not target.is_file():
            subprocess.run(
                ["ffmpeg", "-loglevel", "error", "-y", "-i", str(ab.CLIPS / index["file"]),
                 "-t", f"{cut:.2f}", "-c", "copy", str(target)],
                check=True,
            )  # fmt: skip
        out.append((target, {**index, "file": target.name, "lines": keep}))
    return out


def configurations(base: Any) -> list[tuple[str, Any]]:
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
        ("hotwords on (60 chars)", base.with_(hotwords=hotword_prompt(vocab, 60))),
        ("hotwords on (30 chars)", base.with_(hotwords=hotword_prompt(vocab, 30))),
        ("hotwords on (120 chars)", base.with_(hotwords=hotword_prompt(vocab, 120))),
        ("condition on previous text", base.with_(condition_on_previous_text=True)),
        ("no-speech threshold 0.4", base.with_(no_speech_threshold=0.4)),
        ("no-speech threshold 0.8", base.with_(no_speech_threshold=0.8)),
        (
            "combined: beam 5, hotwords 120, pad 400 ms",
            base.with_(beam_size=5, hotwords=hotword_prompt(vocab, 120), speech_pad_ms=400),
        ),
        (
            "hotwords 120, pad 400 ms (beam 1)",
            base.with_(hotwords=hotword_prompt(vocab, 120), speech_pad_ms=400),
        ),
        (
            "combined, no prompt",
            base.with_(
                beam_size=5,
                hotwords=hotword_prompt(vocab, 120),
                speech_pad_ms=400,
                initial_prompt="",
            ),
        ),
    ]


def run(n_lines: int) -> str:
    from liveguard.settings import get_settings
    from liveguard.transcribe import TranscribeOptions

    clips = sweep_clips(n_lines)
    recognizers = ab.Recognizers()
    rows = [
        "| configuration | CER | macro-F1 | compliant flagged | CPU s per audio s | wall s |",
        "|---|---|---|---|---|---|",
    ]
    # the defaults before the sweep chose (beam 1, VAD pad 200 ms, no hotwords), held fixed
    # so the table stays comparable (and cached) after the defaults changed
    before = TranscribeOptions.from_settings(get_settings(), language="zh").with_(
        hotwords=None, speech_pad_ms=200, beam_size=1
    )
    for title, options in configurations(before):
        lines: list[ab.Line] = []
        cpu = wall = audio = 0.0
        for path, index in clips:
            tr = ab.transcribe_cached(path, options, recognizer_for=recognizers)
            cpu += tr["cpu_s"]
            wall += tr["wall_s"]
            audio += index["lines"][-1]["t_end"]
            for item, segs in zip(
                index["lines"], ab.assign(index["lines"], tr["segments"]), strict=True
            ):
                lines.append(
                    ab.Line(
                        set="sweep",
                        variant=index["variant"],
                        id=int(item["id"]),
                        text=item["text"],
                        gold=frozenset(item["families"]),
                        part=item.get("part", ""),
                        notes=(),
                        t_start=item["t_start"],
                        t_end=item["t_end"],
                        segments=tuple(segs),
                    )
                )
        scores = ab.prf([(ln.gold, ab.audio_families(ln)) for ln in lines])
        rows.append(
            f"| {title} | {ab.cer(lines):.3f} | {scores['macro_f1']:.3f} | "
            f"{scores['clean_flagged']} of {scores['clean_total']} | {cpu / audio:.3f} | {wall:.0f} |"
        )
        print(rows[-1], flush=True)
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    text = run(args.lines) + f"\n_{time.perf_counter() - started:.0f} s for the sweep._\n"
    ab.emit(text, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
