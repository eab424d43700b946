"""Per-stream reasoning: what a host says now, checked against what the stream said before and
against the platform's facts (catalog, inventory, promotions).

``StreamChecker`` owns the stream's state and dispatches each segment: the engine's matches get
the catalog's verdict (``detectors.catalog``), then every registered stream detector
(``liveguard.rules.detectors``) runs with its own state. The state is small and serialisable
(``snapshot``/``restore``) so a Kafka worker can checkpoint it into a compacted topic and pick
up a stream on another machine after a rebalance: a price spoken twenty minutes ago must still
be remembered there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from liveguard.contracts import (
    AllowEntry,
    Correction,
    EvidenceLevel,
    Finding,
    FoundBy,
    ProductCategory,
    ProductContext,
    Segment,
    StreamMeta,
    make_finding_id,
)
from liveguard.rules.detectors import DETECTORS, SegmentContext, judge_matches
from liveguard.rules.engine import RuleEngine, load_engine
from liveguard.rules.learned import LearnedDetector, LearnedHit, load_learned
from liveguard.rules.options import RulesOptions

logger = logging.getLogger(__name__)

STATE_VERSION = 2
"""2: one state per registered detector under ``detectors``; 1 (fixed fields for the four
history detectors) is upgraded on load, so old checkpoints keep restoring."""


RUNNER_UP_MARGIN = 0.05
"""How far above its speech threshold a learned hit on a runner-up reading must score. The
thresholds are calibrated for one reading per utterance; a second draw at the same bar flags
more compliant clips (spent blind40 and the compliant homophone clips, clean and telephone:
17 of 401 at no margin, 15 at 0.05, 14 at 0.10 and without the heads at all, against 14 for
greedy decoding), while the margin keeps about half of the recall it buys (audio macro-F1
0.818 greedy, 0.860 / 0.837 / 0.831; BENCHMARKS.md session 30)."""


class StreamCheckerState(BaseModel):
    """Everything a StreamChecker remembers; JSON-serialisable and a few hundred bytes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    state_version: int = STATE_VERSION
    language: str
    stream: StreamMeta | None = None
    category: ProductCategory | None = None
    model_version: str | None = None
    pack_version: str = ""
    detectors: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Each registered detector's state (``model_dump(mode="json")`` of its state model)."""
    segments_seen: int = 0
    last_t: float = 0.0

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        # a version-1 dump always carries its state_version and never ``detectors``
        if isinstance(data, dict) and data.get("state_version") == 1 and "detectors" not in data:
            return _upgrade_v1(data)
        return data


def _upgrade_v1(data: dict[str, Any]) -> dict[str, Any]:
    """A version-1 snapshot (before the detector registry) in the version-2 shape."""
    old = dict(data)
    claims = list(old.pop("stock_claims", ()) or ())
    sold_out = old.pop("sold_out", None)
    deadline = old.pop("deadline", None)
    prices = old.pop("prices", None) or {}
    old["state_version"] = STATE_VERSION
    old["detectors"] = {
        "restock_after_claim": {"sold_out": sold_out, "last_claim": claims[-1] if claims else None},
        "repeated_last_n": {"claims": claims},
        "countdown_restart": {"deadline": deadline},
        "price_contradiction": {"prices": prices},
    }
    return old


class StreamChecker:
    """Checks one stream's segments in order; not thread-safe (one stream, one consumer)."""

    def __init__(
        self,
        language: str,
        *,
        stream: StreamMeta | None = None,
        products: Sequence[ProductContext] = (),
        allow_list: Sequence[AllowEntry] = (),
        category: ProductCategory | None = None,
        model_version: str | None = None,
        learned: bool | None = None,
        options: RulesOptions | None = None,
    ) -> None:
        """``options``: how the engine is built (default: the documented defaults);
        ``learned``: run the learned claim heads too (default: ``options.learned``)."""
        self.options = options or RulesOptions()
        self.engine: RuleEngine = load_engine(language, self.options)
        if learned is None:
            learned = self.options.learned
        self.learned: LearnedDetector | None = (
            load_learned(language, self.engine.rules, self.engine.pack_version) if learned else None
        )
        self.language = language
        self.stream = stream
        self.products: dict[str, ProductContext] = {p.sku: p for p in products}
        self.allow_list = tuple(allow_list)
        self.category = category
        self.model_version = model_version
        self._states: dict[str, BaseModel] = {
            name: kind.new_state() for name, kind in DETECTORS.items()
        }
        self._segments_seen = 0
        self._last_t = 0.0
        self._corrections: list[Correction] = []

    # -- state ----------------------------------------------------------------------------
    def snapshot(self) -> StreamCheckerState:
        return StreamCheckerState(
            language=self.language,
            stream=self.stream,
            category=self.category,
            model_version=self.model_version,
            pack_version=self.engine.pack_version,
            detectors={name: state.model_dump(mode="json") for name, state in self._states.items()},
            segments_seen=self._segments_seen,
            last_t=self._last_t,
        )

    @classmethod
    def restore(
        cls,
        state: StreamCheckerState,
        *,
        products: Sequence[ProductContext] = (),
        allow_list: Sequence[AllowEntry] = (),
        learned: bool | None = None,
        options: RulesOptions | None = None,
    ) -> StreamChecker:
        checker = cls(
            state.language,
            stream=state.stream,
            products=products,
            allow_list=allow_list,
            category=state.category,
            model_version=state.model_version,
            learned=learned,
            options=options,
        )
        if state.pack_version and state.pack_version != checker.engine.pack_version:
            logger.info(
                "restoring stream state from pack %s into %s",
                state.pack_version,
                checker.engine.pack_version,
            )
        for name, saved in state.detectors.items():
            kind = DETECTORS.get(name)
            if kind is None:
                logger.info("dropping saved state of unknown stream detector %s", name)
                continue
            checker._states[name] = kind.state.model_validate(saved)
        checker._segments_seen = state.segments_seen
        checker._last_t = state.last_t
        return checker

    def update_product(self, ctx: ProductContext) -> None:
        """A catalog update (price, stock, promotion, which product is on screen)."""
        if ctx.presenting:
            for sku, other in list(self.products.items()):
                if sku != ctx.sku and other.presenting:
                    self.products[sku] = other.model_copy(update={"presenting": False})
        self.products[ctx.sku] = ctx

    # -- checking ---------------------------------------------------------------------------
    def current_product(self) -> ProductContext | None:
        presenting = [p for p in self.products.values() if p.presenting]
        if presenting:
            return presenting[-1]
        return next(iter(self.products.values()), None) if len(self.products) == 1 else None

    def check(self, segment: Segment) -> list[Finding]:
        if segment.flags:
            return []
        self._segments_seen += 1
        self._last_t = max(self._last_t, segment.t_end)
        ctx = self._context(segment, segment.text)
        ctx.emitted.extend(judge_matches(ctx))
        for name, kind in DETECTORS.items():
            state = self._states.get(name)
            if state is None:  # registered after this checker was made
                state = self._states[name] = kind.new_state()
            ctx.emitted.extend(kind.run(ctx, state))
        if ctx.correction is not None:
            # a correction is never itself a finding: it marks the earlier ones corrected
            self._corrections.append(ctx.correction)
            return []
        ctx.emitted.extend(self._learned_findings(ctx))
        return ctx.emitted + self._runner_up_findings(ctx)

    def _context(self, segment: Segment, text: str) -> SegmentContext:
        """One reading of ``segment`` analysed, with what the stream knows around it."""
        product = self.current_product()
        category = self.category or (product.category if product else None)
        analysis = self.engine.analyse(
            text, category=category, allow_list=self.allow_list, speech=self.options.speech
        )
        return SegmentContext(
            segment=segment if text == segment.text else segment.model_copy(update={"text": text}),
            analysis=analysis,
            product=product,
            language=self.language,
            stream_id=self.stream.stream_id if self.stream else segment.stream_id,
            pack_version=self.engine.pack_version,
            model_version=self.model_version,
            rules_for=self.engine.rules_for,
            allow_list=self.allow_list,
        )

    def _learned_findings(self, ctx: SegmentContext, margin: float = 0.0) -> list[Finding]:
        if self.learned is None:
            return []
        # where a rule matched, the rules (with the catalog) have the last word, even when
        # the catalog showed the claim true ("仅剩3件", stock 2) or an exemption applied
        analysis = ctx.analysis
        denied = set(analysis.denied)
        covered = [
            *((f.family, f.start, f.end) for f in ctx.emitted),
            *((m.rule.family, m.start, m.end) for m in analysis.matches),
            *(span for span in analysis.set_aside if span not in denied),
        ]
        # a transcript is judged at the stricter speech operating point (options.speech)
        hits = self.learned.detect(
            ctx.segment.text,
            covered,
            excused=analysis.denied,
            speech=self.options.speech,
            margin=margin,
        )
        return [self._learned_finding(ctx, hit) for hit in hits]

    def _runner_up_findings(self, first: SegmentContext) -> list[Finding]:
        """What the recogniser's runner-up readings (``Segment.alternatives``) say that the
        first reading did not: a claim word misheard in the first reading is often right in
        the second. Only a family the first reading neither found nor set aside is added (a
        claim the first reading heard and excused, 不能治病 or a quoted rumour, is not retried
        on a reading that lost the excuse), from the utterance's own words alone (the learned
        heads ``RUNNER_UP_MARGIN`` stricter): the stream's memory (repeats, countdowns, prices
        said before) follows the first reading only, and no runner-up corrects anything."""
        segment = first.segment
        families = {f.family for f in first.emitted}
        families.update(family for family, _, _ in first.analysis.set_aside)
        out: list[Finding] = []
        for alt in segment.alternatives:
            ctx = self._context(segment, alt)
            ctx.emitted.extend(judge_matches(ctx))
            ctx.emitted.extend(self._learned_findings(ctx, RUNNER_UP_MARGIN))
            for f in ctx.emitted:
                if f.family in families:
                    continue
                families.add(f.family)
                out.append(self._runner_up_finding(ctx.stream_id, segment, f, alt))
        return out

    @staticmethod
    def _runner_up_finding(stream_id: str, segment: Segment, f: Finding, alt: str) -> Finding:
        """A finding read from a runner-up reading, placed on the whole utterance (its offsets
        index the runner-up, not the transcript) and saying which reading it came from."""
        read = f"read from the recogniser's runner-up reading 「{alt}」"
        return f.model_copy(
            update={
                "finding_id": make_finding_id(
                    stream_id, f"runner-up:{f.rule_id}", segment.seq_start, f.start
                ),
                "start": 0,
                "end": len(segment.text),
                "detail": f"{read}; {f.detail}" if f.detail else read,
            }
        )

    def take_corrections(self) -> list[Correction]:
        """Corrections recognised since the last call (the pipeline emits them as events)."""
        out, self._corrections = self._corrections, []
        return out

    def _learned_finding(self, ctx: SegmentContext, hit: LearnedHit) -> Finding:
        """A possible violation, explained by the rule (and example) it resembles most."""
        assert self.learned is not None
        rule = hit.rule
        finding = ctx.finding(
            rule,
            hit.start,
            hit.end,
            hit.text,
            EvidenceLevel.WORDING,
            f"learned {hit.family.value} score {hit.score:.2f}; nearest rule {rule.id}, "
            f"example: {hit.example} (similarity {hit.similarity:.2f})",
        )
        return finding.model_copy(
            update={
                "finding_id": make_finding_id(
                    ctx.stream_id, f"learned:{hit.family.value}", ctx.segment.seq_start, hit.start
                ),
                "detector": FoundBy.LEARNED,
                "detector_version": self.learned.version,
            }
        )
