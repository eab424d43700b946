"""Compare ways of turning held-out learned scores into decisions (precision of the learned part).

    python scripts/train_claims.py --lang zh --evaluate-only --cache var/cache --oof var/oof/usem3-<lang>.tsv
    python scripts/compare_decisions.py --lang zh --oof var/oof/usem3-zh.tsv [--report out.md]

Reads the out-of-fold scores ``train_claims.py --oof`` writes (every line scored by heads that
never saw its source; the price gate already applied) and scores the typed lines under several
decision rules, each with its thresholds re-chosen on the same held-out scores by
``train_claims.choose_threshold`` (best combined F1 under the precision floor and the
compliant-line cap):

- ``per-family cap`` — today's rule (each family may add ``MAX_COMPLIANT_RATE`` of the
  compliant lines);
- ``joint cap`` — all families together may add that share (the per-family cap is lowered in
  steps of 0.1 % until the union fits), and ``joint cap 0`` — the learned part adds no compliant
  line at all;
- ``veto: …`` — a context guard of the line (``claim_signals``) cancels a learned addition of
  its family at decision time (a guard is a feature of the heads too; the veto makes it a hard
  rule);
- ``stacked`` — per family, a logistic regression over [rule hit, learned logit, guards and
  their products with the logit], fitted out-of-fold by the same source folds; it may also
  drop a rule hit.

Besides the chosen operating point, each rule is read at the *recall of today's rule* (per
family, the threshold with at least that combined recall that flags the fewest compliant
lines): "fewer compliant lines at the same recall".
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import ModuleType

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from liveguard.rules.claim_signals import SIGNAL_NAMES, claim_signals  # noqa: E402
from liveguard.rules.normalize import normalize  # noqa: E402

FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]


def _train_claims() -> ModuleType:
    if "train_claims" in sys.modules:
        return sys.modules["train_claims"]
    spec = importlib.util.spec_from_file_location(
        "train_claims", ROOT / "scripts" / "train_claims.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_claims"] = module
    spec.loader.exec_module(module)
    return module


tc = _train_claims()
FAM: list[str] = tc.FAM


@dataclass
class Held:
    """The typed lines of one language with their held-out scores."""

    sources: list[str]
    texts: list[str]
    gold: list[frozenset[str]]
    scores: FloatArray
    rules: list[frozenset[str]]
    signals: FloatArray
    fold: npt.NDArray[np.int64]


def read_oof(path: Path, lang: str) -> Held:
    sources, texts, gold, rows = [], [], [], []
    for raw in path.read_text(encoding="utf-8").splitlines():
        source, variant, labels, scores, text = raw.split("\t", 4)
        if variant != "typed":
            continue
        sources.append(source)
        texts.append(text)
        gold.append(frozenset() if labels == "-" else frozenset(labels.split(",")))
        rows.append([float(v) for v in scores.split()])
    lines = [tc.Line(g, t, s) for g, t, s in zip(gold, texts, sources, strict=True)]
    rules = tc.rule_predictions(lines, lang)
    signals = np.stack([claim_signals(normalize(t).text, lang) for t in texts])
    folds = tc.fold_of(sources)
    return Held(
        sources,
        texts,
        gold,
        np.asarray(rows, dtype=np.float32),
        rules,
        signals.astype(np.float32),
        np.asarray([folds[s] for s in sources], dtype=np.int64),
    )


def veto_mask(signals: FloatArray, names: Mapping[str, tuple[str, ...]]) -> BoolArray:
    """Lines x families where one of the family's named guards fires."""
    out = np.zeros((len(signals), len(FAM)), dtype=bool)
    for j, fam in enumerate(FAM):
        for name in names.get(fam, ()):
            out[:, j] |= signals[:, SIGNAL_NAMES.index(name)] > 0
    return out


def _logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, 1e-4, 1 - 1e-4)
    out: FloatArray = np.log(q / (1 - q)).astype(np.float32)
    return out


STACK_GUARDS = (
    "ctx_negation",
    "ctx_reported",
    "ctx_reject",
    "ctx_question",
    "ctx_safety_x_efficacy",
    "ctx_reassure_x_scarcity",
)


def stack_features(held: Held, j: int) -> FloatArray:
    """[rule hit, learned logit, guards, guards x logit, family's guard join] for family j."""
    fam = FAM[j]
    rule = np.asarray([fam in r for r in held.rules], dtype=np.float32)[:, None]
    logit = _logit(held.scores[:, j])[:, None] / 4.0
    guards = held.signals[:, [SIGNAL_NAMES.index(n) for n in STACK_GUARDS]]
    join = held.signals[:, [SIGNAL_NAMES.index(f"ctx_guard_x_{fam}")]]
    g = np.hstack([guards, join])
    return np.hstack([rule, logit, g, g * logit, g * rule]).astype(np.float32)


def stacked_scores(held: Held) -> FloatArray:
    """Out-of-fold stacked probabilities: fold k's lines by a stacker fitted on the others."""
    out = np.zeros_like(held.scores)
    y = np.asarray([[f in g for f in FAM] for g in held.gold], dtype=np.float32)
    for j in range(len(FAM)):
        x = stack_features(held, j)
        for k in range(tc.FOLDS):
            train, test = held.fold != k, held.fold == k
            w, b = tc.fit(x[train], y[train][:, [j]], epochs=400, lr=0.05, l2=1e-3)
            out[test, j] = tc.sigmoid(x[test] @ w + b)[:, 0]
    return out


@dataclass
class Decision:
    """A decision rule: scores per family, whether rule hits still count, and a veto."""

    name: str
    scores: FloatArray
    rules_count: bool = True
    veto: BoolArray | None = None


def decide(
    d: Decision, held: Held, thresholds: dict[str, float]
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """(learned predictions, combined predictions) at ``thresholds``."""
    learned, combined = [], []
    for i in range(len(held.texts)):
        fams = {
            f
            for j, f in enumerate(FAM)
            if d.scores[i, j] >= thresholds[f] and not (d.veto is not None and d.veto[i, j])
        }
        learned.append(frozenset(fams))
        combined.append(frozenset(fams | held.rules[i]) if d.rules_count else frozenset(fams))
    return learned, combined


def _family_arrays(
    d: Decision, held: Held, j: int
) -> tuple[FloatArray, list[bool], list[bool], list[bool]]:
    fam = FAM[j]
    s = d.scores[:, j].copy()
    if d.veto is not None:
        s[d.veto[:, j]] = 0.0
    gold = [fam in g for g in held.gold]
    rules = [fam in r for r in held.rules] if d.rules_count else [False] * len(gold)
    return s, gold, rules, [not g for g in held.gold]


def thresholds_for(
    d: Decision, held: Held, min_precision: float, caps: dict[str, float], joint: float | None
) -> dict[str, float]:
    """Per family the chooser's threshold; with ``joint`` the per-family cap is lowered until
    all families together add at most ``joint`` of the compliant lines."""
    per = dict(caps)
    clean = np.asarray([not g for g in held.gold])
    while True:
        chosen = {}
        for j, fam in enumerate(FAM):
            s, gold, rules, compliant = _family_arrays(d, held, j)
            chosen[fam] = tc.choose_threshold(s, gold, rules, min_precision, compliant, per[fam])
        if joint is None:
            return chosen
        learned, _ = decide(d, held, chosen)
        added = np.asarray([bool(lp - r) for lp, r in zip(learned, held.rules, strict=True)])
        if (added & clean).sum() / max(clean.sum(), 1) <= joint or max(per.values()) <= 0:
            return chosen
        per = {f: max(c - 0.001, 0.0) for f, c in per.items()}


def thresholds_at_recall(d: Decision, held: Held, recall: dict[str, float]) -> dict[str, float]:
    """Per family, the threshold whose combined recall reaches ``recall`` and that flags the
    fewest compliant lines (the highest such threshold)."""
    grid = np.concatenate([np.arange(0.30, 0.99, 0.01), np.arange(0.99, 0.9995, 0.001)])
    out = {}
    for j, fam in enumerate(FAM):
        s, gold, rules, _ = _family_arrays(d, held, j)
        g, r = np.asarray(gold), np.asarray(rules)
        best = float(grid[0])
        for t in grid:
            comb = (s >= t) | r
            if (comb & g).sum() / max(g.sum(), 1) >= recall[fam] - 1e-9:
                best = float(t)
        out[fam] = round(best, 3)
    return out


def figures(d: Decision, held: Held, thresholds: dict[str, float]) -> dict[str, object]:
    learned, combined = decide(d, held, thresholds)
    comb = tc.score_sets(held.gold, combined)
    rules_only = tc.score_sets(held.gold, held.rules)
    return {
        "thresholds": thresholds,
        "combined": comb,
        "learned": tc.score_sets(held.gold, learned),
        "rules": rules_only,
    }


def decisions(held: Held, lang: str) -> list[tuple[Decision, float | None]]:
    base = held.scores
    guard_join = {f: (f"ctx_guard_x_{f}",) for f in FAM}
    attributed = {
        "efficacy": ("ctx_reported", "ctx_reject", "ctx_safety_x_efficacy"),
        "scarcity": ("ctx_reported", "ctx_reject", "ctx_reassure_x_scarcity"),
        "price": ("ctx_reported", "ctx_reject"),
    }
    safety = {"efficacy": ("ctx_safety_x_efficacy",), "scarcity": ("ctx_reassure_x_scarcity",)}
    every = {f: guard_join[f] + safety.get(f, ()) for f in FAM}
    cap = tc.MAX_COMPLIANT_RATE[lang]
    return [
        (Decision("per-family cap (today)", base), None),
        (Decision("joint cap", base), cap),
        (Decision("joint cap 0", base), 0.0),
        (Decision("veto: guard x family", base, veto=veto_mask(held.signals, guard_join)), None),
        (
            Decision(
                "veto: reported/reject/safety/reassure",
                base,
                veto=veto_mask(held.signals, attributed),
            ),
            None,
        ),
        (Decision("veto: safety / reassurance", base, veto=veto_mask(held.signals, safety)), None),
        (
            Decision(
                "veto: guard x family + safety / reassurance",
                base,
                veto=veto_mask(held.signals, every),
            ),
            None,
        ),
        (Decision("stacked", stacked_scores(held), rules_count=False), None),
    ]


CASCADE_GATES = (0.3, 0.5, 0.7)


def second_scores(held: Held, path: Path) -> FloatArray:
    """The held-out scores of a second head (another ``--oof`` file of the same lines)."""
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        _, variant, _, scores, text = raw.split("\t", 4)
        if variant == "typed":
            rows.append(([float(v) for v in scores.split()], text))
    assert [t for _, t in rows] == held.texts, "the two --oof files hold different lines"
    return np.asarray([r for r, _ in rows], dtype=np.float32)


def run(
    lang: str, oof: Path, min_precision: float | None = None, second: Path | None = None
) -> str:
    held = read_oof(oof, lang)
    extra: list[tuple[Decision, float | None]] = []
    if second is not None:
        other = second_scores(held, second)
        clean = np.asarray([not g for g in held.gold])
        extra.append((Decision(f"second head alone ({second.name})", other), None))
        extra.append(
            (
                Decision(
                    "mean of both heads (second encoder on every line)",
                    ((held.scores + other) / 2).astype(np.float32),
                ),
                None,
            )
        )
        for gate in CASCADE_GATES:
            for mean in (True, False):
                scores, share = tc.cascade_scores(held.scores, other, gate, mean)
                on_clean = float((held.scores[clean] >= gate).any(axis=1).mean())
                extra.append(
                    (
                        Decision(
                            f"cascade gate {gate}, {'mean of both' if mean else 'second head'} "
                            f"over it (second encoder on {share:.0%} of lines, "
                            f"{on_clean:.0%} of compliant)",
                            scores,
                        ),
                        None,
                    )
                )
    mp = min_precision or tc.MIN_PRECISION[lang]
    caps = {
        f: tc.FAMILY_COMPLIANT_RATE.get(lang, {}).get(f, tc.MAX_COMPLIANT_RATE[lang]) for f in FAM
    }
    rows = [
        f"### {lang}: {len(held.texts)} typed lines held out by source, "
        f"{sum(1 for g in held.gold if not g)} compliant ({oof.name})",
        "",
        "| decision | point | thresholds | macro-F1 | efficacy P / R | scarcity P / R | "
        "price P / R | compliant flagged (rules alone) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    base_recall: dict[str, float] | None = None
    for d, joint in [*decisions(held, lang), *extra]:
        points: list[tuple[str, Callable[[], dict[str, float]]]] = [
            ("chosen", partial(thresholds_for, d, held, mp, caps, joint))
        ]
        if base_recall is not None:
            points.append(("baseline recall", partial(thresholds_at_recall, d, held, base_recall)))
        for point, make in points:
            fig = figures(d, held, make())
            comb = fig["combined"]
            assert isinstance(comb, dict)
            per = comb["per"]
            if base_recall is None:
                base_recall = {f: per[f][1] for f in FAM}
            cells = " | ".join(f"{per[f][0]:.2f} / {per[f][1]:.2f}" for f in FAM)
            rules = fig["rules"]
            assert isinstance(rules, dict)
            rows.append(
                f"| {d.name} | {point} | {fig['thresholds']} | {comb['macro_f1']:.3f} | {cells} | "
                f"{comb['clean_flagged']} of {comb['clean_total']} ({rules['clean_flagged']}) |"
            )
    return "\n".join(rows) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", required=True, choices=["zh", "en"])
    parser.add_argument("--oof", type=Path, required=True)
    parser.add_argument(
        "--second", type=Path, help="--oof file of a second head (e5): cascade and mean rows"
    )
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    _train_claims().print_report(run(args.lang, args.oof, second=args.second), args.report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
