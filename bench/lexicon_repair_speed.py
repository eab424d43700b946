"""What the lexicon repair of transcripts costs per utterance (rules/lexicon_repair.py).

    .venv/bin/python bench/lexicon_repair_speed.py [--rounds 5]

Real Whisper transcripts (training/claims/zh_spoken*.tsv), each repaired as the learned
detector repairs speech; the baseline, run in the same process over the same texts, is
``claim_signals`` of the normalised text (a step the detector already runs on every window;
``normalize`` alone is cached, so it would time a dictionary lookup). Prints CPU µs per utterance,
the ratio to the baseline, the one-off cost of building the index, and how many utterances
the repair changed. Interleaved rounds, so the machine's load hits both alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from liveguard.rules.claim_signals import claim_signals  # noqa: E402
from liveguard.rules.lexicon_repair import repair_index, repair_transcript  # noqa: E402
from liveguard.rules.normalize import normalize  # noqa: E402


def transcripts() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "training" / "claims").glob("zh_spoken*.tsv")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            cols = raw.split("\t")
            if len(cols) > 1 and not raw.startswith("#") and cols[1].strip():
                out.append(cols[1].strip())
    return out


def cpu_us(fn: Callable[[str], object], texts: list[str]) -> float:
    start = time.process_time()
    for text in texts:
        fn(text)
    return (time.process_time() - start) / len(texts) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = transcripts()
    start = time.process_time()
    repair_index("zh")
    build_ms = (time.process_time() - start) * 1000

    def repair(text: str) -> str:
        return repair_transcript(text, "zh")

    def signals(text: str) -> object:
        return claim_signals(normalize(text).text, "zh")

    repair(texts[0])  # every character's syllable is cached on first sight: warm both alike
    for text in texts:
        repair(text)
        signals(text)
    figures: dict[str, list[float]] = {"claim signals (baseline)": [], "lexicon repair": []}
    for _ in range(args.rounds):
        figures["claim signals (baseline)"].append(cpu_us(signals, texts))
        figures["lexicon repair"].append(cpu_us(repair, texts))
    base = statistics.median(figures["claim signals (baseline)"])
    changed = sum(1 for t in texts if repair(t) != t)
    mean_chars = sum(map(len, texts)) / len(texts)
    print(
        f"{len(texts)} transcripts, {mean_chars:.1f} characters on average; "
        f"{changed} changed by the repair; index built in {build_ms:.0f} ms CPU (once)"
    )
    print("| step | CPU µs / utterance (median of rounds) | ratio to baseline |")
    print("|---|---|---|")
    for name, values in figures.items():
        med = statistics.median(values)
        print(f"| {name} | {med:.1f} | {med / base:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
