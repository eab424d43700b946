"""Per-stream reasoning: what a host says now, checked against what the stream said before and
against the platform's facts (catalog, inventory, promotions).

The state is small and serialisable (``snapshot``/``restore``) so a Kafka worker can checkpoint
it into a compacted topic and pick up a stream on another machine after a rebalance: a price
spoken twenty minutes ago must still be remembered there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from liveguard.contracts import (
    AllowEntry,
    DetectorKind,
    EvidenceLevel,
    Finding,
    Jurisdiction,
    ProductCategory,
    ProductContext,
    Scope,
    Segment,
    StreamMeta,
    make_finding_id,
)
from liveguard.rules.engine import Analysis, RuleEngine, RuleMatch, load_engine
from liveguard.rules.exemptions import negated, question
from liveguard.rules.learned import LearnedDetector, LearnedHit, load_learned
from liveguard.rules.normalize import normalize
from liveguard.rules.schema import Rule
from liveguard.rules.signals import RESTOCK, SOLD_OUT, TIME_LIMIT, claimed_count, claimed_seconds

logger = logging.getLogger(__name__)

STATE_VERSION = 1
MEMORY_SECONDS = 3 * 3600.0
"""Claims older than this are forgotten (a stream's products change within hours)."""
REPEAT_MIN_GAP_S = 30.0
"""The same "last N" repeated after at least this long is a repeated claim, not emphasis."""
COUNTDOWN_SLACK_S = 10.0
PRICE_TOLERANCE = Decimal("0.02")
MAX_CLAIMS = 20


class ClaimMemo(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: float
    t: float
    utterance_id: str


class PriceMemo(BaseModel):
    model_config = ConfigDict(frozen=True)

    amount: Decimal
    t: float
    utterance_id: str


class StreamCheckerState(BaseModel):
    """Everything a StreamChecker remembers; JSON-serialisable and a few hundred bytes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    state_version: int = STATE_VERSION
    language: str
    stream: StreamMeta | None = None
    category: ProductCategory | None = None
    model_version: str | None = None
    pack_version: str = ""
    stock_claims: tuple[ClaimMemo, ...] = ()
    sold_out: ClaimMemo | None = None
    deadline: ClaimMemo | None = None
    """``value`` is the stream time the last countdown said the offer ends."""
    prices: dict[str, PriceMemo] = Field(default_factory=dict)
    """Last current price per product key (SKU or ``-``)."""
    segments_seen: int = 0
    last_t: float = 0.0


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
    ) -> None:
        """``learned``: run the learned claim heads too (default: the ``learned`` setting)."""
        self.engine: RuleEngine = load_engine(language)
        if learned is None:
            from liveguard.settings import get_settings

            learned = get_settings().learned
        self.learned: LearnedDetector | None = (
            load_learned(language, self.engine.rules, self.engine.pack_version) if learned else None
        )
        self.language = language
        self.stream = stream
        self.products: dict[str, ProductContext] = {p.sku: p for p in products}
        self.allow_list = tuple(allow_list)
        self.category = category
        self.model_version = model_version
        self._stock_claims: list[ClaimMemo] = []
        self._sold_out: ClaimMemo | None = None
        self._deadline: ClaimMemo | None = None
        self._prices: dict[str, PriceMemo] = {}
        self._segments_seen = 0
        self._last_t = 0.0

    # -- state ----------------------------------------------------------------------------
    def snapshot(self) -> StreamCheckerState:
        return StreamCheckerState(
            language=self.language,
            stream=self.stream,
            category=self.category,
            model_version=self.model_version,
            pack_version=self.engine.pack_version,
            stock_claims=tuple(self._stock_claims),
            sold_out=self._sold_out,
            deadline=self._deadline,
            prices=dict(self._prices),
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
    ) -> StreamChecker:
        checker = cls(
            state.language,
            stream=state.stream,
            products=products,
            allow_list=allow_list,
            category=state.category,
            model_version=state.model_version,
            learned=learned,
        )
        if state.pack_version and state.pack_version != checker.engine.pack_version:
            logger.info(
                "restoring stream state from pack %s into %s",
                state.pack_version,
                checker.engine.pack_version,
            )
        checker._stock_claims = list(state.stock_claims)
        checker._sold_out = state.sold_out
        checker._deadline = state.deadline
        checker._prices = dict(state.prices)
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
        t = segment.t_start
        self._last_t = max(self._last_t, segment.t_end)
        product = self.current_product()
        category = self.category or (product.category if product else None)
        analysis = self.engine.analyse(segment.text, category=category, allow_list=self.allow_list)
        out: list[Finding] = []
        kept = self._apply_context(analysis, product)
        for match, evidence, detail in kept:
            out.append(
                self._finding(
                    segment, match.rule, match.start, match.end, match.text, evidence, detail
                )
            )
        out.extend(self._stream_findings(segment, analysis, product, t))
        if self.learned is not None:
            covered = [(f.family, f.start, f.end) for f in out]
            for hit in self.learned.detect(segment.text, covered):
                out.append(self._learned_finding(segment, hit))
        return out

    def _learned_finding(self, segment: Segment, hit: LearnedHit) -> Finding:
        """A possible violation, explained by the rule (and example) it resembles most."""
        assert self.learned is not None
        rule = hit.rule
        finding = self._finding(
            segment,
            rule,
            hit.start,
            hit.end,
            hit.text,
            EvidenceLevel.WORDING,
            f"learned {hit.family.value} score {hit.score:.2f}; nearest rule {rule.id}, "
            f"example: {hit.example} (similarity {hit.similarity:.2f})",
        )
        stream_id = finding.stream_id
        return finding.model_copy(
            update={
                "finding_id": make_finding_id(
                    stream_id, f"learned:{hit.family.value}", segment.seq_start, hit.start
                ),
                "detector": DetectorKind.LEARNED,
                "detector_version": self.learned.version,
            }
        )

    # context: catalog, inventory, promotion -------------------------------------------------
    def _apply_context(
        self, analysis: Analysis, product: ProductContext | None
    ) -> list[tuple[RuleMatch, EvidenceLevel, str]]:
        kept: list[tuple[RuleMatch, EvidenceLevel, str]] = []
        for m in analysis.matches:
            evidence, detail = EvidenceLevel.WORDING, m.detail
            if (
                product is not None
                and m.rule.detector == "price_reference"
                and m.amount is not None
            ):
                low, days = self._window_low(product)
                if low is not None:
                    if m.amount <= low:
                        continue  # the reference price is the real recent low: no finding
                    evidence = EvidenceLevel.VERIFIED
                    detail = f"reference {m.amount} above the {days}-day low {low}"
            if product is not None and m.rule.claim == "stock" and product.stock is not None:
                n = claimed_count(normalize(m.text).text, self.language)
                if n is not None:
                    if product.stock <= n:
                        continue  # true: the platform shows that little stock
                    rule = self._rule_for("stock_claim")
                    if rule is not None:
                        kept.append(
                            (
                                RuleMatch(rule, m.start, m.end, m.text),
                                EvidenceLevel.VERIFIED,
                                f"claimed {n}, inventory {product.stock}",
                            )
                        )
                        continue
            if product is not None and m.rule.claim == "deadline" and product.promotion.active:
                continue  # a real promotion is running; its end time is on the listing
            kept.append((m, evidence, detail))
        if product is not None:
            kept.extend(self._listing_checks(analysis, product))
        return kept

    def _window_low(self, product: ProductContext) -> tuple[Decimal | None, int]:
        days = 7 if product.jurisdiction == Jurisdiction.CN else 30
        if not product.price_history:
            return None, days
        now = product.updated_at or max(p.at for p in product.price_history)
        since = now - timedelta(days=days)
        window = [p.price for p in product.price_history if since <= p.at <= now]
        if not window:  # no sales in the window: the last transaction price counts
            window = [max(product.price_history, key=lambda p: p.at).price]
        return min(window), days

    def _listing_checks(
        self, analysis: Analysis, product: ProductContext
    ) -> list[tuple[RuleMatch, EvidenceLevel, str]]:
        out: list[tuple[RuleMatch, EvidenceLevel, str]] = []
        norm = analysis.normalized
        listing_rule = self._rule_for("listing_price")
        if listing_rule is not None and product.listing_price is not None:
            currents = [p for p in analysis.prices if p.role == "current"]
            if currents and not analysis.discounts:
                spoken = currents[0]
                if abs(spoken.amount - product.listing_price) > Decimal("0.01"):
                    s, e = norm.to_original(spoken.start, spoken.end)
                    out.append(
                        (
                            RuleMatch(listing_rule, s, e, norm.original[s:e]),
                            EvidenceLevel.VERIFIED,
                            f"spoken {spoken.amount}, listing {product.listing_price} {product.currency}",
                        )
                    )
        promo_rule = self._rule_for("no_promotion")
        if promo_rule is not None and not product.promotion.active:
            m = TIME_LIMIT[self.language].search(norm.text)
            if m and not negated(norm.text, m.start(), m.end(), self.language):
                s, e = norm.to_original(m.start(), m.end())
                out.append(
                    (
                        RuleMatch(promo_rule, s, e, norm.original[s:e]),
                        EvidenceLevel.VERIFIED,
                        "no promotion is running for this product",
                    )
                )
        return out

    # stream history --------------------------------------------------------------------------
    def _stream_findings(
        self, segment: Segment, analysis: Analysis, product: ProductContext | None, t: float
    ) -> list[Finding]:
        out: list[Finding] = []
        lang = self.language
        norm = analysis.normalized
        uid = segment.utterance_id
        self._forget(t)
        # restock after a sold-out / last-N claim
        restock = RESTOCK[lang].search(norm.text)
        earlier = self._sold_out or (self._stock_claims[-1] if self._stock_claims else None)
        if (
            restock
            and earlier is not None
            and not negated(norm.text, restock.start(), restock.end(), lang)
        ):
            rule = self._rule_for("restock_after_claim")
            if rule is not None:
                s, e = norm.to_original(restock.start(), restock.end())
                out.append(
                    self._finding(
                        segment,
                        rule,
                        s,
                        e,
                        norm.original[s:e],
                        EvidenceLevel.VERIFIED,
                        "stock added after an earlier sold-out or last-units claim",
                        Scope.STREAM,
                        (earlier.utterance_id,),
                    )
                )
            self._sold_out = None
            self._stock_claims.clear()
        sold = SOLD_OUT[lang].search(norm.text)
        if (
            sold
            and not negated(norm.text, sold.start(), sold.end(), lang)
            and not question(norm.text, sold.start(), sold.end(), lang)
        ):
            self._sold_out = ClaimMemo(value=0, t=t, utterance_id=uid)
        for m in analysis.matches:
            if m.rule.claim == "stock":
                n = claimed_count(normalize(m.text).text, lang)
                if n is None:
                    continue
                out.extend(self._check_stock_claim(segment, m, n, t))
            elif m.rule.claim == "deadline":
                secs = claimed_seconds(normalize(m.text).text, lang)
                if secs is None:
                    continue
                out.extend(self._check_deadline(segment, m, secs, t))
        out.extend(self._check_price(segment, analysis, product, t))
        return out

    def _forget(self, t: float) -> None:
        self._stock_claims = [c for c in self._stock_claims if t - c.t <= MEMORY_SECONDS][
            -MAX_CLAIMS:
        ]
        if self._sold_out and t - self._sold_out.t > MEMORY_SECONDS:
            self._sold_out = None

    def _check_stock_claim(self, segment: Segment, m: RuleMatch, n: int, t: float) -> list[Finding]:
        out: list[Finding] = []
        rule = self._rule_for("repeated_last_n")
        rose = [c for c in self._stock_claims if c.value < n]
        same = [c for c in self._stock_claims if c.value == n and t - c.t >= REPEAT_MIN_GAP_S]
        if rule is not None and (rose or same):
            prev = (rose or same)[-1]
            detail = (
                f"claimed {int(prev.value)} left earlier, now {n}"
                if rose
                else f"the same 'last {n}' claim was made {int(t - prev.t)} s earlier"
            )
            out.append(
                self._finding(
                    segment,
                    rule,
                    m.start,
                    m.end,
                    m.text,
                    EvidenceLevel.VERIFIED,
                    detail,
                    Scope.STREAM,
                    (prev.utterance_id,),
                )
            )
        self._stock_claims.append(ClaimMemo(value=n, t=t, utterance_id=segment.utterance_id))
        return out

    def _check_deadline(
        self, segment: Segment, m: RuleMatch, secs: float, t: float
    ) -> list[Finding]:
        out: list[Finding] = []
        new_deadline = t + secs
        prev = self._deadline
        rule = self._rule_for("countdown_restart")
        if rule is not None and prev is not None and new_deadline > prev.value + COUNTDOWN_SLACK_S:
            detail = f"earlier countdown ended at {prev.value:.0f} s, new one ends at {new_deadline:.0f} s"
            out.append(
                self._finding(
                    segment,
                    rule,
                    m.start,
                    m.end,
                    m.text,
                    EvidenceLevel.VERIFIED,
                    detail,
                    Scope.STREAM,
                    (prev.utterance_id,),
                )
            )
        if prev is None or new_deadline < prev.value or out:
            self._deadline = ClaimMemo(value=new_deadline, t=t, utterance_id=segment.utterance_id)
        return out

    def _check_price(
        self, segment: Segment, analysis: Analysis, product: ProductContext | None, t: float
    ) -> list[Finding]:
        currents = [p for p in analysis.prices if p.role == "current"]
        if len(currents) != 1 or analysis.discounts or len(analysis.prices) > 2:
            return []
        key = product.sku if product else "-"
        spoken = currents[0]
        prev = self._prices.get(key)
        out: list[Finding] = []
        if prev is not None and t - prev.t <= MEMORY_SECONDS:
            tolerance = max(Decimal("0.5"), prev.amount * PRICE_TOLERANCE)
            if abs(spoken.amount - prev.amount) > tolerance:
                rule = self._rule_for("price_contradiction")
                if rule is not None:
                    norm = analysis.normalized
                    s, e = norm.to_original(spoken.start, spoken.end)
                    out.append(
                        self._finding(
                            segment,
                            rule,
                            s,
                            e,
                            norm.original[s:e],
                            EvidenceLevel.VERIFIED,
                            f"earlier {prev.amount}, now {spoken.amount}",
                            Scope.STREAM,
                            (prev.utterance_id,),
                        )
                    )
        self._prices[key] = PriceMemo(amount=spoken.amount, t=t, utterance_id=segment.utterance_id)
        return out

    # helpers ----------------------------------------------------------------------------
    def _rule_for(self, detector: str) -> Rule | None:
        rules = self.engine.rules_for(detector)
        return rules[0] if rules else None

    def _finding(
        self,
        segment: Segment,
        rule: Rule,
        start: int,
        end: int,
        text: str,
        evidence: EvidenceLevel,
        detail: str,
        scope: Scope = Scope.UTTERANCE,
        related: tuple[str, ...] = (),
    ) -> Finding:
        n = max(len(segment.text), 1)
        span = segment.t_end - segment.t_start
        stream_id = self.stream.stream_id if self.stream else segment.stream_id
        return Finding(
            finding_id=make_finding_id(stream_id, rule.id, segment.seq_start, start),
            rule_id=rule.id,
            family=rule.family,
            severity=rule.severity,
            scope=scope,
            evidence=evidence,
            message=rule.message,
            legal_basis=tuple(rule.legal_basis),
            suggestion=rule.suggestion,
            matched_text=text,
            start=start,
            end=end,
            language=self.language,
            t_start=round(segment.t_start + span * start / n, 3),
            t_end=round(segment.t_start + span * end / n, 3),
            stream_id=stream_id,
            utterance_id=segment.utterance_id,
            rule_pack_version=self.engine.pack_version,
            model_version=segment.model_version or self.model_version,
            detector=DetectorKind.RULES,
            detector_version=self.engine.pack_version,
            detail=detail,
            related_utterance_ids=tuple(r for r in related if r != segment.utterance_id),
        )
