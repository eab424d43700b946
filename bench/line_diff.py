"""Line diff of a rule change: which labelled lines gain or lose a finding, by family.

    python bench/line_diff.py dump zh --sealed 48 --out before.json   # before the change
    python bench/line_diff.py dump zh --sealed 48 --out after.json    # after it
    python bench/line_diff.py diff before.json after.json

Every rule change is judged on every labelled line we may read, not on the misses it was written
for: a new pattern must gain lines in their own family and no compliant one. ``dump`` runs the
rules alone (learned detection off, as ``liveguard check --lines --no-learned``) over every
labelled line of ``bench/corpus/<lang>_*.tsv`` and ``training/claims/<lang>_*.tsv`` (the
``*_spoken*`` files hold transcripts and are judged at the speech operating point) and, for
Chinese, every audio-benchmark clip whose transcript is cached (scan's reading, through a fresh
stream checker as ``bench/audio_bench.py`` does). ``--sealed`` names the blind sets not yet
scored (``48``, ``48,49``, or ``none``): their files and clips are never opened.
``bench/rules_golden.py`` is the stricter sibling for speed changes (byte-identical findings).

``diff`` prints each line whose rule ids changed (key, gold labels, families before -> after,
rule ids, text) and a tally: ``gain right`` / ``lose right`` (a family the line is labelled
with), ``gain COMPLIANT`` / ``lose compliant`` (a compliant line), ``gain WRONG-FAMILY`` /
``lose wrong-family``, and ``rule ids only`` (same families, other rules). The "a.json" and
"b.json" of two runs must come from the same sealed list.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # bench/ is a folder of scripts: run from any directory

Entry = dict[str, Any]
"""``{"gold": [families], "text": str, "rules": [[family, rule_id], ...]}``"""


def _sealed(name: str, sealed: frozenset[str]) -> bool:
    found = re.search(r"blind(\d+)", name)
    return found is not None and found.group(1) in sealed


def _labelled(path: Path) -> Iterator[tuple[int, list[str], str]]:
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw or raw.startswith("#") or "\t" not in raw:
            continue
        labels, text = raw.split("\t")[:2]  # a transcript's variant and source follow
        yield number, sorted(x for x in labels.split(",") if x and x != "-"), text


def _families(findings: Any) -> list[list[str]]:
    return sorted([f.family.value, f.rule_id] for f in findings)


def dump(lang: str, sealed: frozenset[str]) -> dict[str, Entry]:
    """Rule findings on every labelled line, transcript and clip outside the sealed sets."""
    from bench import audio_bench as ab
    from liveguard.rules import check_script

    out: dict[str, Entry] = {}
    files = sorted(
        [
            *(REPO / "bench/corpus").glob(f"{lang}_*.tsv"),
            *(REPO / "training/claims").glob(f"{lang}_*.tsv"),
        ]
    )
    for path in files:
        if _sealed(path.name, sealed):
            continue
        options = ab.speech_options() if "spoken" in path.name else ab.rules_options()
        for number, gold, text in _labelled(path):
            found = check_script(text, language=lang, per_line=True, learned=False, options=options)
            key = f"{path.relative_to(REPO)}:{number}"
            out[key] = {"gold": gold, "text": text, "rules": _families(sf.finding for sf in found)}
    if lang == "zh":
        out.update(_clips(sealed))
    return out


def _clips(sealed: frozenset[str]) -> dict[str, Entry]:
    """Every indexed clip with a cached transcript under the shipped options (never transcribes)."""
    from bench import audio_bench as ab
    from liveguard.transcribe.model import BUNDLED_VERSION

    options = ab.shipped_options()
    out: dict[str, Entry] = {}
    for index_path in sorted(ab.CLIPS.glob("*.json")):
        if _sealed(index_path.stem, sealed):
            continue
        index = json.loads(index_path.read_text(encoding="utf-8"))
        audio = ab.CLIPS / index["file"]
        if not ab.cache_path(audio, options, BUNDLED_VERSION).is_file():
            continue
        transcript = ab.transcribe_cached(audio, options, recognizer_for=lambda _o: None)
        for line in ab.index_lines(index_path.stem, "", index["lines"], transcript["segments"]):
            out[f"clip:{index_path.stem}:{line.id}"] = {
                "gold": sorted(line.gold),
                "text": line.heard,
                "rules": _families(ab.audio_findings(line, learned=False)),
            }
    return out


def diff(before: dict[str, Entry], after: dict[str, Entry]) -> tuple[list[str], Counter[str]]:
    """The changed lines, one per row, and the tally by kind (module docstring)."""
    rows: list[str] = []
    tally: Counter[str] = Counter()
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a is None or b is None or a["rules"] == b["rules"]:
            continue
        gold = set(b["gold"])
        fa = {family for family, _ in a["rules"]}
        fb = {family for family, _ in b["rules"]}
        for family in fb - fa:
            kind = "right" if family in gold else ("COMPLIANT" if not gold else "WRONG-FAMILY")
            tally[f"gain {kind}"] += 1
        for family in fa - fb:
            kind = "right" if family in gold else ("compliant" if not gold else "wrong-family")
            tally[f"lose {kind}"] += 1
        if fa == fb:
            tally["rule ids only"] += 1
        rows.append(
            f"{key}\tgold={','.join(sorted(gold)) or '-'}\t{sorted(fa)} -> {sorted(fb)}\t"
            f"{[r for _, r in a['rules']]} -> {[r for _, r in b['rules']]}\t{b['text'][:90]}"
        )
    return rows, tally


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="rule findings on every readable labelled line")
    d.add_argument("lang", choices=("zh", "en"))
    d.add_argument("--sealed", required=True, help="blind sets not yet scored: 48,49 or none")
    d.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("diff", help="what changed between two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        sealed = frozenset() if args.sealed == "none" else frozenset(args.sealed.split(","))
        entries = dump(args.lang, sealed)
        args.out.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        print(f"{len(entries)} lines and clips -> {args.out}")
        return 0
    rows, tally = diff(
        json.loads(args.before.read_text(encoding="utf-8")),
        json.loads(args.after.read_text(encoding="utf-8")),
    )
    print("\n".join(rows))
    print(dict(sorted(tally.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
