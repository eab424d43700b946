"""``stock_claim``: a spoken "only N left" that the platform's inventory contradicts."""

from __future__ import annotations

from collections.abc import Sequence

from liveguard.contracts import Finding
from liveguard.rules.detectors.catalog import refuted_stock_claims
from liveguard.rules.detectors.registry import NoState, SegmentContext, register
from liveguard.rules.schema import Rule


@register("stock_claim", NoState, needs_catalog=True)
def stock_claim(ctx: SegmentContext, rules: Sequence[Rule], state: NoState) -> list[Finding]:
    stock = ctx.product.stock if ctx.product else None
    out: list[Finding] = []
    for m, n in refuted_stock_claims(ctx):
        out += ctx.findings(rules, m.start, m.end, m.text, f"claimed {n}, inventory {stock}")
    return out
