"""Catalog verdicts on the engine's pattern matches: which wording findings the platform's
facts confirm, upgrade or refute. Not a registered detector: it judges other rules' matches
instead of running rules of its own kind, and runs before the registered detectors.

Sales, rating and honour claims (第三十四条) are judged here too: the merchant's allow-list
entries with proof references confirm awards, the catalog's declared figures confirm or refute
sales and ratings; a claim nothing on file decides stays ``evidence_required``. A reference
price with a stated basis (第三十二条) is checked against the basis it names.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from liveguard.contracts import EvidenceLevel, Finding, Jurisdiction, ProductContext
from liveguard.rules.claims import (
    check_price_basis,
    classify_sales_claim,
    describe_basis,
    judge_sales_claim,
)
from liveguard.rules.detectors.registry import SegmentContext
from liveguard.rules.exemptions import sentence_bounds

if TYPE_CHECKING:
    from liveguard.rules.engine import RuleMatch


def window_low(product: ProductContext) -> tuple[Decimal | None, int]:
    """The lowest price of the legal look-back window (7 days in CN, 30 elsewhere)."""
    days = 7 if product.jurisdiction == Jurisdiction.CN else 30
    if not product.price_history:
        return None, days
    now = product.updated_at or max(p.at for p in product.price_history)
    since = now - timedelta(days=days)
    window = [p.price for p in product.price_history if since <= p.at <= now]
    if not window:  # no sales in the window: the last transaction price counts
        window = [max(product.price_history, key=lambda p: p.at).price]
    return min(window), days


def refuted_stock_claims(ctx: SegmentContext) -> list[tuple[RuleMatch, int]]:
    """Stock claims ("only 3 left") the product's inventory shows to be false."""
    stock = ctx.product.stock if ctx.product else None
    if stock is None:
        return []
    return [(m, n) for m, n in ctx.stock_claims if stock > n]


def judge_matches(ctx: SegmentContext) -> list[Finding]:
    """Findings for the engine's matches, in order, after the catalog had its say."""
    product = ctx.product
    claimed = {id(m): n for m, n in ctx.stock_claims}
    # a refuted claim is reported by the stock_claim detector (with the inventory figure)
    verified_elsewhere = bool(ctx.rules_for("stock_claim"))
    out: list[Finding] = []
    for m in ctx.analysis.matches:
        rule, evidence, detail = m.rule, m.evidence, m.detail
        claim_value: Decimal | None = m.amount
        if rule.claim == "sales_honour":
            verdict = _sales_claim(ctx, m)
            if verdict is None:
                continue  # proof on file: the claim is true
            evidence, detail, claim_value = verdict
        if product is not None:
            if m.rule.detector == "price_reference" and m.amount is not None:
                low, days = window_low(product)
                if low is not None:
                    if m.amount <= low:
                        continue  # the reference price is the real recent low: no finding
                    evidence = EvidenceLevel.VERIFIED
                    detail = f"reference {m.amount} above the {days}-day low {low}"
                    if m.price_basis is not None:
                        detail += f"; {describe_basis(m.price_basis)}"
            if m.rule.detector == "price_reference_basis" and m.amount is not None:
                assert m.price_basis is not None
                verdict_b, fact = check_price_basis(m.price_basis, m.amount, product)
                if verdict_b == "confirmed":
                    continue  # the stated basis is borne out by the catalog
                if verdict_b == "contradicted":
                    # a false stated basis is no milder than none: the plain reference rule
                    plain = ctx.rules_for("price_reference")
                    rule = plain[0] if plain else rule
                    evidence = EvidenceLevel.VERIFIED
                detail = f"{m.detail}; {fact}"
            n = claimed.get(id(m))
            if product.stock is not None and n is not None:
                if product.stock <= n:
                    continue  # true: the platform shows that little stock
                if verified_elsewhere:
                    continue
            if m.rule.claim == "deadline" and product.promotion.active:
                continue  # a real promotion is running; its end time is on the listing
        out.append(
            ctx.finding(
                rule,
                m.start,
                m.end,
                m.text,
                evidence,
                detail,
                price_basis=m.price_basis,
                claim_value=claim_value,
            )
        )
    return out


def _sales_claim(
    ctx: SegmentContext, m: RuleMatch
) -> tuple[EvidenceLevel, str, Decimal | None] | None:
    """Evidence level, detail and figure of a sales / rating / honour claim; None if proved."""
    text = ctx.segment.text
    lo, hi = sentence_bounds(text, m.start, m.end, ctx.language)
    claim = classify_sales_claim(m.text, ctx.language)
    verdict, fact = judge_sales_claim(claim, text[lo:hi], ctx.language, ctx.product, ctx.allow_list)
    if verdict == "confirmed":
        return None
    level = EvidenceLevel.VERIFIED if verdict == "contradicted" else EvidenceLevel.EVIDENCE_REQUIRED
    return level, fact, claim.value
