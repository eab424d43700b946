"""Featurisation cost of each n-gram kind of the learned part (``learned.NGRAM_KINDS``) against
the character n-grams (``text``, every head before session 7), in the same process.

Each round hashes every line once per kind, kinds in rotated order; the per-character pinyin
caches are warmed by one pass first (a worker keeps them for its lifetime), and one cold pass
is reported separately. ``featurize`` (n-grams plus the claim signals) is timed for ``text``
and the chosen kind too, since that is what a window costs before the encoder. CPU time per
line (the machine is shared).

Usage: ``python bench/ngram_kinds.py [--rounds N] [--kind KIND] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.audio_bench import emit
from liveguard.rules import homophone, soundform
from liveguard.rules.encoder import DIM
from liveguard.rules.learned import NGRAM_KINDS, featurize, ngram_vector
from liveguard.rules.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "training" / "claims" / "zh_written7.tsv"


def lines() -> list[str]:
    out = []
    for raw in SOURCE.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or "\t" not in raw:
            continue
        out.append(normalize(raw.split("\t", 1)[1]).text)
    return out


def per_line_us(texts: list[str], kind: str) -> float:
    start = time.process_time()
    for t in texts:
        ngram_vector(t, "zh", kind)
    return (time.process_time() - start) / len(texts) * 1e6


def featurize_us(texts: list[str], kind: str) -> float:
    emb = np.zeros((1, DIM), np.float32)
    start = time.process_time()
    for t in texts:
        featurize([t], emb, "zh", 2.0, kind)
    return (time.process_time() - start) / len(texts) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kind", default="text+folded", choices=NGRAM_KINDS)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    texts = lines()
    homophone.syllable.cache_clear()
    soundform.folded_syllable.cache_clear()
    cold = {k: per_line_us(texts, k) for k in ("folded", "syllables")}
    times: dict[str, list[float]] = {k: [] for k in NGRAM_KINDS}
    for r in range(args.rounds):
        for k in NGRAM_KINDS[r % len(NGRAM_KINDS) :] + NGRAM_KINDS[: r % len(NGRAM_KINDS)]:
            times[k].append(per_line_us(texts, k))
    feat = {
        k: statistics.median(featurize_us(texts, k) for _ in range(3)) for k in ("text", args.kind)
    }
    base = statistics.median(times["text"])
    avg = sum(map(len, texts)) / len(texts)
    out = [
        f"## n-gram featurisation per line ({len(texts)} lines of {SOURCE.name}, "
        f"{avg:.0f} characters on average; CPU µs, median of {args.rounds} rounds)",
        "",
        "| kind | ngram_vector µs/line | × text |",
        "|---|---|---|",
    ]
    for k in NGRAM_KINDS:
        med = statistics.median(times[k])
        out.append(f"| {k} | {med:.1f} | {med / base:.2f} |")
    out += [
        "",
        f"First pass with cold pinyin caches: folded {cold['folded']:.1f} µs/line, then "
        f"syllables {cold['syllables']:.1f} µs/line.",
        "",
        "| featurize (n-grams + claim signals) | µs/line | × text |",
        "|---|---|---|",
    ]
    for k, v in feat.items():
        out.append(f"| {k} | {v:.1f} | {v / feat['text']:.2f} |")
    emit("\n".join(out) + "\n", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
