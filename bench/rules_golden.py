"""Golden output of the rule engine (learned detection off), to prove a speed change kept its
semantics: every finding on every labelled line we may read, written as canonical JSON.

Usage: ``python bench/rules_golden.py --out before.json`` before a change, then
``python bench/rules_golden.py --out after.json --compare before.json`` after it: the two files
must be identical byte for byte.

Inputs (both languages): bench/corpus/{zh,en}.tsv, training/claims/*.tsv, every pack rule's
``examples`` (match and no_match), bench/audio/dev_examples_zh.tsv, the demo scripts, and long
pre-check scripts made by joining those lines (so stream detectors and corrections see
history). Held-out sets (bench/corpus/*blind*, bench/audio/lines_zh.tsv, bench/audio/blind*) are
never read: their findings would quote them.

Per line it records the engine's analysis (matches with rule id, span, text, via, evidence,
detail, amount, price basis; the spans set aside; prices and discounts), each line checked as
its own script (``per_line``), and the whole findings of the joined scripts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from liveguard.rules import check_script
from liveguard.rules.engine import Analysis, load_engine
from liveguard.rules.options import RulesOptions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
SCRIPT_CHARS = 2000


def _tsv_lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or "\t" not in raw:
            continue
        out.append(raw.split("\t", 1)[1])
    return out


def sources(language: str) -> dict[str, list[str]]:
    """Named lists of lines for a language (never a held-out set)."""
    out: dict[str, list[str]] = {}
    out[f"corpus/{language}.tsv"] = _tsv_lines(CORPUS / f"{language}.tsv")
    for path in sorted((ROOT / "training" / "claims").glob(f"{language}_*.tsv")):
        out[f"training/{path.name}"] = _tsv_lines(path)
    if language == "zh":
        out["audio/dev_examples_zh.tsv"] = _tsv_lines(ROOT / "bench/audio/dev_examples_zh.tsv")
    engine = load_engine(language, RulesOptions(learned=False))
    examples: list[str] = []
    for rule in engine.rules:
        examples += list(rule.examples.match) + list(rule.examples.no_match)
    out["pack-examples"] = examples
    demo = ROOT / "liveguard" / "rules" / "samples" / f"demo_script_{language}.txt"
    out["demo-script"] = [line for line in demo.read_text(encoding="utf-8").splitlines() if line]
    return out


def _analysis(a: Analysis) -> dict[str, Any]:
    return {
        "normalized": a.normalized.text,
        "matches": [
            {
                "rule": m.rule.id,
                "family": m.rule.family.value,
                "severity": m.rule.severity.value,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "evidence": m.evidence.value,
                "detail": m.detail,
                "via": m.via,
                "amount": str(m.amount) if m.amount is not None else None,
                "basis": m.price_basis.model_dump(mode="json") if m.price_basis else None,
            }
            for m in a.matches
        ],
        "set_aside": [[f.value, s, e] for f, s, e in a.set_aside],
        "prices": [repr(p) for p in a.prices],
        "discounts": [repr(d) for d in a.discounts],
    }


def _scripts(lines: list[str]) -> list[str]:
    """The lines joined into scripts of about SCRIPT_CHARS characters, one line per line."""
    out: list[str] = []
    cur: list[str] = []
    size = 0
    for line in lines:
        cur.append(line)
        size += len(line) + 1
        if size >= SCRIPT_CHARS:
            out.append("\n".join(cur))
            cur, size = [], 0
    if cur:
        out.append("\n".join(cur))
    return out


def golden(language: str) -> dict[str, Any]:
    opts = RulesOptions(learned=False)
    engine = load_engine(language, opts)
    result: dict[str, Any] = {}
    for name, lines in sources(language).items():
        per_line = []
        for line in lines:
            findings = check_script(line, language=language, learned=False, options=opts)
            per_line.append(
                {
                    "analysis": _analysis(engine.analyse(line)),
                    "findings": [f.model_dump(mode="json") for f in findings],
                }
            )
        scripts = []
        for script in _scripts(lines):
            findings = check_script(script, language=language, learned=False, options=opts)
            scripts.append([f.model_dump(mode="json") for f in findings])
        # one long line (chunked by the script checker), as a pasted script without breaks
        joined = "".join(lines[:200])
        chunked = check_script(joined, language=language, learned=False, options=opts)
        result[name] = {
            "lines": per_line,
            "scripts": scripts,
            "one_line": [f.model_dump(mode="json") for f in chunked],
        }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path, default=None, help="an earlier --out file")
    parser.add_argument("--language", choices=("zh", "en", "both"), default="both")
    args = parser.parse_args()
    langs = ("zh", "en") if args.language == "both" else (args.language,)
    start = time.process_time()
    data = {lang: golden(lang) for lang in langs}
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    args.out.write_bytes(blob)
    counts = {
        lang: sum(len(d["findings"]) for src in data[lang].values() for d in src["lines"])
        for lang in langs
    }
    print(
        f"wrote {args.out} ({len(blob):,} bytes, sha256 {hashlib.sha256(blob).hexdigest()[:16]}); "
        f"per-line findings {counts}; CPU {time.process_time() - start:.1f} s"
    )
    if args.compare is not None:
        if args.compare.read_bytes() == blob:
            print(f"IDENTICAL to {args.compare}")
            return 0
        print(f"DIFFERENT from {args.compare}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
