"""``restock_after_claim``: stock added after the host said "sold out" or "last N units"."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from liveguard.contracts import Finding, Scope
from liveguard.rules.detectors.registry import MEMORY_SECONDS, ClaimMemo, SegmentContext, register
from liveguard.rules.exemptions import negated, question
from liveguard.rules.schema import Rule
from liveguard.rules.signals import SOLD_OUT


class RestockState(BaseModel):
    sold_out: ClaimMemo | None = None
    """The last "sold out" that no restock has answered yet."""
    last_claim: ClaimMemo | None = None
    """The last "only N left" that no restock has answered yet."""


@register("restock_after_claim", RestockState)
def restock_after_claim(
    ctx: SegmentContext, rules: Sequence[Rule], state: RestockState
) -> list[Finding]:
    t = ctx.t
    if state.sold_out and t - state.sold_out.t > MEMORY_SECONDS:
        state.sold_out = None
    if state.last_claim and t - state.last_claim.t > MEMORY_SECONDS:
        state.last_claim = None
    out: list[Finding] = []
    earlier = state.sold_out or state.last_claim
    if ctx.restock is not None and earlier is not None:
        s, e, text = ctx.original_span(*ctx.restock)
        detail = "stock added after an earlier sold-out or last-units claim"
        out = ctx.findings(
            rules, s, e, text, detail, scope=Scope.STREAM, related=(earlier.utterance_id,)
        )
        state.sold_out = state.last_claim = None
    norm = ctx.analysis.normalized.text
    uid = ctx.segment.utterance_id
    sold = SOLD_OUT[ctx.language].search(norm)
    if (
        sold
        and not negated(norm, sold.start(), sold.end(), ctx.language)
        and not question(norm, sold.start(), sold.end(), ctx.language)
    ):
        state.sold_out = ClaimMemo(value=0, t=t, utterance_id=uid)
    for _, n in ctx.stock_claims:
        state.last_claim = ClaimMemo(value=n, t=t, utterance_id=uid)
    return out
