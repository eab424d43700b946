"""Pack load time with the prefilter's case-fold table built in one pass over Unicode, against
the former table (``re`` searched over all of Unicode once per cased character) in the same
process.

Each round builds each pack's engine cold (every case-fold cache cleared) once per table, in
alternating order; spaCy and jieba are warmed up first so that both sides pay only the build.
CPU time is reported beside wall time (the machine is shared).

Usage: ``python bench/prefilter_fold.py [--rounds N] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from unittest.mock import patch

from liveguard.rules import prefilter
from liveguard.rules.engine import RuleEngine

ONE_PASS = prefilter._caseless_char


def search_table() -> Callable[[str], frozenset[str]]:
    """The former ``_caseless_char``, with caches as cold as a fresh process."""

    @cache
    def all_chars() -> str:
        return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)

    @cache
    def caseless_char(ch: str) -> frozenset[str]:
        return frozenset(re.findall(re.escape(ch), all_chars(), re.IGNORECASE)) | {ch}

    return caseless_char


def one_pass_table() -> Callable[[str], frozenset[str]]:
    ONE_PASS.cache_clear()
    prefilter._lower_groups.cache_clear()
    return ONE_PASS


def load(language: str, table: Callable[[str], frozenset[str]]) -> tuple[float, float]:
    with patch.object(prefilter, "_caseless_char", table):
        wall, cpu = time.perf_counter(), time.process_time()
        RuleEngine(language, homophones=language == "zh")
        return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description="pack load: one-pass case-fold table vs search")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    for language in ("zh", "en"):
        RuleEngine(language, homophones=language == "zh")  # spaCy, jieba, pack files: warm
    started = time.perf_counter()
    prefilter._lower_groups.cache_clear()
    prefilter._lower_groups()
    groups_s = time.perf_counter() - started
    rows = [
        "| pack | table | load wall p50 (s) | load CPU p50 (s) | CPU min (s) |",
        "|---|---|---|---|---|",
    ]
    ratios = []
    for language in ("en", "zh"):
        runs: dict[str, list[tuple[float, float]]] = {"search": [], "one pass": []}
        for i in range(args.rounds):
            order = [("search", search_table), ("one pass", one_pass_table)]
            for name, table in order if i % 2 == 0 else order[::-1]:
                runs[name].append(load(language, table()))
        p50 = {}
        for name, samples in runs.items():
            walls, cpus = zip(*samples, strict=True)
            p50[name] = statistics.median(cpus)
            rows.append(
                f"| {language} | {name} | {statistics.median(walls):.3f} | {p50[name]:.3f} "
                f"| {min(cpus):.3f} |"
            )
        ratios.append(
            f"{language} one pass / search, CPU p50: {p50['one pass'] / p50['search']:.2f}"
        )
    report = "\n".join(
        [
            f"Pack load, {args.rounds} rounds per table, cold case-fold caches "
            f"(`bench/prefilter_fold.py`)",
            "",
            *rows,
            "",
            *(f"- {r}" for r in ratios),
            f"- the one-pass table alone: {groups_s:.3f} s wall",
            f"- load average at the end: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)",
        ]
    )
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
