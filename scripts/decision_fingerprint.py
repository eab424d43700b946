"""Record what the learned heads' signals and decision gates give on fixed labelled lines.

    python scripts/decision_fingerprint.py          # rewrite tests/rules/data/decision_fingerprint.json
    python scripts/decision_fingerprint.py --check  # exit 1 if the recorded fingerprint is stale

The heads are read with signals and gates that change between trainings; ``DECISION_VERSION``
(rules/claim_signals.py) names them in every learned finding's ``detector_version``. The
fingerprint is the sha256 of every signal and every family's ``plausible`` answer on the first
labelled files (training/claims/zh_written.tsv, zh_spoken.tsv, en_written.tsv), which never
change; a change
to a signal or a gate changes it, and tests/rules/test_rules_decision_version.py fails until the
version is bumped and this script rerun.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from liveguard.rules.claim_signals import DECISION_VERSION, claim_signals, plausible  # noqa: E402
from liveguard.rules.normalize import normalize  # noqa: E402

PROBES = (
    ("zh", REPO / "training" / "claims" / "zh_written.tsv"),
    ("zh", REPO / "training" / "claims" / "zh_spoken.tsv"),
    ("en", REPO / "training" / "claims" / "en_written.tsv"),
)
"""The first written files of each language and the first transcripts (signals that read the
sound form show on misheard text)."""
FAMILIES = ("efficacy", "scarcity", "price")
RECORD = REPO / "tests" / "rules" / "data" / "decision_fingerprint.json"


def fingerprint() -> str:
    """sha256 over each probe line's signals and each family's gate answer."""
    digest = hashlib.sha256()
    for lang, path in PROBES:
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw or raw.startswith("#") or "\t" not in raw:
                continue
            text = normalize(raw.split("\t")[1]).text
            signals = claim_signals(text, lang)
            gates = "".join("1" if plausible(f, signals, text, lang) else "0" for f in FAMILIES)
            digest.update(f"{lang}\t{[round(float(v), 3) for v in signals]}\t{gates}\n".encode())
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    now = {"version": DECISION_VERSION, "sha256": fingerprint()}
    if args.check:
        recorded = json.loads(RECORD.read_text(encoding="utf-8"))
        print(json.dumps({"recorded": recorded, "now": now}, indent=2))
        return 0 if recorded == now else 1
    RECORD.write_text(json.dumps(now, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RECORD.relative_to(REPO)}: {now}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
