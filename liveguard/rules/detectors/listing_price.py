"""``listing_price``: a spoken current price that differs from the product's listing price."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from liveguard.contracts import Finding
from liveguard.rules.detectors.registry import NoState, SegmentContext, register
from liveguard.rules.schema import Rule

TOLERANCE = Decimal("0.01")


@register("listing_price", NoState, needs_catalog=True)
def listing_price(ctx: SegmentContext, rules: Sequence[Rule], state: NoState) -> list[Finding]:
    product = ctx.product
    if not rules or product is None or product.listing_price is None:
        return []
    currents = [p for p in ctx.analysis.prices if p.role == "current"]
    if not currents or ctx.analysis.discounts:
        return []
    spoken = currents[0]
    if abs(spoken.amount - product.listing_price) <= TOLERANCE:
        return []
    s, e, text = ctx.original_span(spoken.start, spoken.end)
    detail = f"spoken {spoken.amount}, listing {product.listing_price} {product.currency}"
    return ctx.findings(rules, s, e, text, detail)
