"""``price_contradiction``: a current price that contradicts one said earlier in the stream."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from liveguard.contracts import Finding, Scope
from liveguard.rules.detectors.registry import MEMORY_SECONDS, SegmentContext, register
from liveguard.rules.schema import Rule

PRICE_TOLERANCE = Decimal("0.02")


class PriceMemo(BaseModel):
    model_config = ConfigDict(frozen=True)

    amount: Decimal
    t: float
    utterance_id: str


class PriceState(BaseModel):
    prices: dict[str, PriceMemo] = Field(default_factory=dict)
    """Last current price per product key (SKU or ``-``)."""


@register("price_contradiction", PriceState)
def price_contradiction(
    ctx: SegmentContext, rules: Sequence[Rule], state: PriceState
) -> list[Finding]:
    analysis = ctx.analysis
    currents = [p for p in analysis.prices if p.role == "current"]
    if len(currents) != 1 or analysis.discounts or len(analysis.prices) > 2:
        return []  # several or discounted prices: no single "the price is" to compare
    key = ctx.product.sku if ctx.product else "-"
    spoken = currents[0]
    prev = state.prices.get(key)
    out: list[Finding] = []
    if prev is not None and ctx.t - prev.t <= MEMORY_SECONDS:
        tolerance = max(Decimal("0.5"), prev.amount * PRICE_TOLERANCE)
        if abs(spoken.amount - prev.amount) > tolerance:
            s, e, text = ctx.original_span(spoken.start, spoken.end)
            detail = f"earlier {prev.amount}, now {spoken.amount}"
            out = ctx.findings(
                rules, s, e, text, detail, scope=Scope.STREAM, related=(prev.utterance_id,)
            )
    state.prices[key] = PriceMemo(
        amount=spoken.amount, t=ctx.t, utterance_id=ctx.segment.utterance_id
    )
    return out
