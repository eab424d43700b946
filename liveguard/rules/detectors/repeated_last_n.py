"""``repeated_last_n``: "only N left" said again later with the same or a higher N."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from liveguard.contracts import Finding, Scope
from liveguard.rules.detectors.registry import MEMORY_SECONDS, ClaimMemo, SegmentContext, register
from liveguard.rules.schema import Rule

REPEAT_MIN_GAP_S = 30.0
"""The same "last N" repeated after at least this long is a repeated claim, not emphasis."""
MAX_CLAIMS = 20


class RepeatState(BaseModel):
    claims: list[ClaimMemo] = Field(default_factory=list)
    """Stock claims since the last restock, oldest first (at most ``MAX_CLAIMS``)."""


@register("repeated_last_n", RepeatState)
def repeated_last_n(
    ctx: SegmentContext, rules: Sequence[Rule], state: RepeatState
) -> list[Finding]:
    t = ctx.t
    state.claims = [c for c in state.claims if t - c.t <= MEMORY_SECONDS][-MAX_CLAIMS:]
    if ctx.restock is not None:
        state.claims = []  # new stock: earlier counts no longer bind (restock_after_claim)
    out: list[Finding] = []
    for m, n in ctx.stock_claims:
        rose = [c for c in state.claims if c.value < n]
        same = [c for c in state.claims if c.value == n and t - c.t >= REPEAT_MIN_GAP_S]
        if rose or same:
            prev = (rose or same)[-1]
            detail = (
                f"claimed {int(prev.value)} left earlier, now {n}"
                if rose
                else f"the same 'last {n}' claim was made {int(t - prev.t)} s earlier"
            )
            out += ctx.findings(
                rules,
                m.start,
                m.end,
                m.text,
                detail,
                scope=Scope.STREAM,
                related=(prev.utterance_id,),
            )
        state.claims.append(ClaimMemo(value=n, t=t, utterance_id=ctx.segment.utterance_id))
    return out
