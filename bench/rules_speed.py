"""Rule engine speed and memory: per-utterance latency, batch throughput, pack load time, and
the peak memory of checking a 10 MB script — beside spaCy tokenisation alone in the same run.

Usage: ``python bench/rules_speed.py [--out FILE]``. Figures are for one core.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from liveguard.rules import RuleEngine, check_lines
from liveguard.rules.nlp import blank_pipeline

CORPUS = Path(__file__).resolve().parent / "corpus"


def utterances(name: str) -> list[str]:
    out = []
    for raw in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if raw and not raw.startswith("#"):
            out.append(raw.split("\t", 1)[1])
    return out


def latency(fn, texts: list[str], rounds: int) -> tuple[float, float, float, float]:
    """Wall-clock p50/p99 per call, p99 of the call's own CPU time (free of scheduling noise
    on a shared machine), and throughput from process CPU time (one core)."""
    samples = []
    cpu_samples = []
    cpu_start = time.process_time()
    for _ in range(rounds):
        for t in texts:
            c = time.thread_time()
            s = time.perf_counter()
            fn(t)
            samples.append(time.perf_counter() - s)
            cpu_samples.append(time.thread_time() - c)
    cpu = time.process_time() - cpu_start
    samples.sort()
    cpu_samples.sort()
    p50 = statistics.median(samples) * 1000
    p99 = samples[int(len(samples) * 0.99) - 1] * 1000
    cpu_p99 = cpu_samples[int(len(cpu_samples) * 0.99) - 1] * 1000
    return p50, p99, cpu_p99, len(samples) / cpu


def write_script(path: Path, texts: list[str], megabytes: float) -> None:
    with path.open("w", encoding="utf-8") as fh:
        size = 0
        i = 0
        while size < megabytes * 1024 * 1024:
            line = texts[i % len(texts)] + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            i += 1


def run_file(path: Path, trace: bool) -> tuple[float, float, float, int]:
    """(peak traced MiB or 0, wall s, cpu s, findings) for checking one file as one stream."""
    if trace:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    count = 0
    with path.open(encoding="utf-8") as fh:
        for _ in check_lines(fh, language="zh", source=str(path), learned=False):
            count += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = 0.0
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return peak, wall, cpu, count


def memory_report(texts: list[str]) -> list[str]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (0.5, 2.0):
            path = Path(tmp) / f"s{mb}.txt"
            write_script(path, texts, mb)
            peak, _, _, count = run_file(path, trace=True)
            out.append(
                f"- {mb} MB script under tracemalloc: peak Python heap {peak:.1f} MiB ({count:,} findings)"
            )
        path = Path(tmp) / "big.txt"
        write_script(path, texts, 10)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        _, wall, cpu, count = run_file(path, trace=False)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out.append(
            f"- 10 MB script: {wall:.1f} s wall, {cpu:.1f} s CPU, {count:,} findings; peak RSS "
            f"{rss_before:.0f} MiB before → {rss_after:.0f} MiB after (growth {rss_after - rss_before:.0f} MiB)"
        )
    return out


def learned_rows(lang: str, engine: RuleEngine, texts: list[str]) -> list[str]:
    """Learned detection, cold (the encoder's cache cleared before every utterance), one
    utterance at a time, and batched as the worker does across streams (32 at a time)."""
    from liveguard.rules.learned import load_learned

    detector = load_learned(lang, engine.rules, engine.pack_version)
    if detector is None:
        return []
    detector.detect(texts[0])  # encoder load and the rules' exemplars, once

    def cold(text: str) -> None:
        detector.encoder.clear()
        detector.detect(text)

    p50, p99, c99, tp = latency(cold, texts, 1)
    detector.encoder.clear()
    wall = time.perf_counter()
    for i in range(0, len(texts), 32):
        detector.prepare(texts[i : i + 32])
        for text in texts[i : i + 32]:
            detector.detect(text)
    per = (time.perf_counter() - wall) / len(texts) * 1000
    return [
        f"| learned detection alone, one utterance at a time (cold) | {p50:.3f} | {p99:.3f} | {c99:.3f} | {tp:,.0f} |",
        f"| learned detection alone, batched 32 (worker) | {per:.3f} (mean) | | | {1000 / per:,.0f} |",
    ]


class _EveryPattern:
    """Stands in for a prefilter that lets every pattern through: the engine as it ran before
    rules/prefilter.py, for a same-process baseline."""

    def __init__(self, items: list[Any]) -> None:
        self._items = items

    def candidates(self, text: str) -> list[Any]:
        return self._items


def without_prefilter(lang: str) -> RuleEngine:
    engine = RuleEngine(lang)
    component = engine._component
    component._regex_filter = _EveryPattern(component._regex_filter._items)  # type: ignore[assignment]
    component._sound_filter = _EveryPattern(component._sound_filter._items)  # type: ignore[assignment]
    return engine


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency-only", action="store_true", help="skip the memory runs")
    args = parser.parse_args()
    lines = ["## Rule engine speed (bench/rules_speed.py)", ""]
    for lang, corpus in (("zh", "zh.tsv"), ("en", "en.tsv")):
        texts = utterances(corpus)
        started = time.perf_counter()
        engine = RuleEngine(lang)
        load_s = time.perf_counter() - started
        tok = blank_pipeline(lang)
        tok.make_doc(texts[0])
        engine.match(texts[0])
        b50, b99, bc99, btp = latency(tok.make_doc, texts, args.rounds)
        p50, p99, c99, tp = latency(engine.match, texts, args.rounds)
        plain = RuleEngine(lang, homophones=False)
        plain.match(texts[0])
        h50, h99, hc99, htp = latency(plain.match, texts, args.rounds)
        every = without_prefilter(lang)
        every.match(texts[0])
        e50, e99, ec99, etp = latency(every.match, texts, args.rounds)
        lines += [
            f"**{lang}** ({len(texts)} utterances x {args.rounds} rounds; pack load {load_s:.2f} s incl. spaCy/jieba init)",
            "",
            "| | p50 ms (wall) | p99 ms (wall) | p99 ms (CPU) | utterances/s per core (CPU time) |",
            "|---|---|---|---|---|",
            f"| spaCy tokenisation alone | {b50:.3f} | {b99:.3f} | {bc99:.3f} | {btp:,.0f} |",
            f"| LiveGuard match without sound matching (LIVEGUARD_HOMOPHONES=false) | {h50:.3f} | {h99:.3f} | {hc99:.3f} | {htp:,.0f} |",
            f"| LiveGuard match (all normalisation, homophones, matching in sound) | {p50:.3f} | {p99:.3f} | {c99:.3f} | {tp:,.0f} |",
            f"| baseline in this run: LiveGuard match running every pattern (no prefilter) | {e50:.3f} | {e99:.3f} | {ec99:.3f} | {etp:,.0f} |",
            f"| ratio match / every pattern | {p50 / e50:.2f}x | {p99 / e99:.2f}x | {c99 / ec99:.2f}x | {tp / etp:.2f}x |",
            f"| ratio match / tokenisation | {p50 / b50:.1f}x | {p99 / b99:.1f}x | {c99 / bc99:.1f}x | |",
            *learned_rows(lang, engine, texts),
            "",
        ]
    if not args.latency_only:
        lines.append("Memory: Chinese scripts through `check_lines` (lines streamed, one stream):")
        lines += memory_report(utterances("zh.tsv"))
    lines.append(
        f"\n_Machine: {os.cpu_count()} cores shared with other work, load average {os.getloadavg()[0]:.1f} at the end of the run._\n"
    )
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
