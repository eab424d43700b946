"""CPU time of the learned part per utterance: the packaged heads beside an earlier version's,
in the same process, on the same utterances (the textbook corpus lines).

    python bench/learned_heads_speed.py [--baseline-rev REV] [--speech]

Two figures per heads version, both process CPU time (free of the other processes' load):
``detect`` with the sentence embeddings already in the encoder's cache (what the heads,
features and explanation cost on top of encoding; the worker encodes a batch first), and
``detect`` cold (the encoder's cache cleared before every utterance: one utterance alone).
The baseline's .npz is read from git (``git show REV:liveguard/rules/heads/<lang>.npz``);
``--baseline-rev no-clauses`` compares with the packaged heads read without clause reading
(what scoring each clause beside its window costs; an older .npz cannot be read once the
signal list has grown).
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import time
from pathlib import Path

from liveguard.rules.engine import load_engine
from liveguard.rules.learned import ClaimHeads, LearnedDetector, heads_from_bytes, load_heads

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"


def utterances(lang: str) -> list[str]:
    rows = (CORPUS / f"{lang}.tsv").read_text(encoding="utf-8").splitlines()
    return [r.split("\t", 1)[1] for r in rows if r and not r.startswith("#") and "\t" in r]


def old_heads(lang: str, rev: str) -> ClaimHeads:
    raw = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:liveguard/rules/heads/{lang}.npz"],
        capture_output=True,
        check=True,
    ).stdout
    return heads_from_bytes(lang, raw)


def cpu_ms(detector: LearnedDetector, texts: list[str], *, cold: bool, speech: bool) -> float:
    start = time.process_time()
    for text in texts:
        if cold:
            detector.encoder.clear()
        detector.detect(text, speech=speech)
    return (time.process_time() - start) / len(texts) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline-rev", default="HEAD~1")
    parser.add_argument("--speech", action="store_true", help="use the speech thresholds")
    args = parser.parse_args()
    print(
        "| language | heads | warm encoder cache, CPU ms / utterance | cold, CPU ms / utterance |"
    )
    print("|---|---|---|---|")
    for lang in ("zh", "en"):
        engine = load_engine(lang)
        texts = utterances(lang)
        new = load_heads(lang)
        assert new is not None
        base = (
            dataclasses.replace(new, clause_chars=0, max_clauses=0)
            if args.baseline_rev == "no-clauses"
            else old_heads(lang, args.baseline_rev)
        )
        rows = [
            (f"baseline {args.baseline_rev}", base),
            ("packaged", new),
        ]
        detectors = [(name, LearnedDetector(h, engine.rules)) for name, h in rows]
        for _, d in detectors:
            d.prepare(texts, speech=args.speech)  # encoder load, exemplars, a warm cache
            d.detect(texts[0])
        figures = {name: [0.0, 0.0] for name, _ in detectors}
        for _ in range(2):  # interleaved rounds: the machine's load hits both alike
            for name, d in detectors:
                d.prepare(texts, speech=args.speech)
                figures[name][0] += cpu_ms(d, texts, cold=False, speech=args.speech) / 2
                figures[name][1] += cpu_ms(d, texts[:60], cold=True, speech=args.speech) / 2
        for name, _ in detectors:
            warm, cold = figures[name]
            version = dict(rows)[name].version
            print(f"| {lang} | {name} (`{version}`) | {warm:.2f} | {cold:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
