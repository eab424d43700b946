"""Catalog verdicts on the engine's pattern matches: which wording findings the platform's
facts confirm, upgrade or refute. Not a registered detector: it judges other rules' matches
instead of running rules of its own kind, and runs before the registered detectors.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from liveguard.contracts import EvidenceLevel, Finding, Jurisdiction, ProductContext
from liveguard.rules.detectors.registry import SegmentContext

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
        evidence, detail = EvidenceLevel.WORDING, m.detail
        if product is not None:
            if m.rule.detector == "price_reference" and m.amount is not None:
                low, days = window_low(product)
                if low is not None:
                    if m.amount <= low:
                        continue  # the reference price is the real recent low: no finding
                    evidence = EvidenceLevel.VERIFIED
                    detail = f"reference {m.amount} above the {days}-day low {low}"
            n = claimed.get(id(m))
            if product.stock is not None and n is not None:
                if product.stock <= n:
                    continue  # true: the platform shows that little stock
                if verified_elsewhere:
                    continue
            if m.rule.claim == "deadline" and product.promotion.active:
                continue  # a real promotion is running; its end time is on the listing
        out.append(ctx.finding(m.rule, m.start, m.end, m.text, evidence, detail))
    return out
