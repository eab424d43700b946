"""``countdown_restart``: a countdown that ends later than the one announced before it."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from liveguard.contracts import Finding, Scope
from liveguard.rules.detectors.registry import ClaimMemo, SegmentContext, register
from liveguard.rules.schema import Rule

COUNTDOWN_SLACK_S = 10.0


class CountdownState(BaseModel):
    deadline: ClaimMemo | None = None
    """``value`` is the stream time the last countdown said the offer ends."""


@register("countdown_restart", CountdownState)
def countdown_restart(
    ctx: SegmentContext, rules: Sequence[Rule], state: CountdownState
) -> list[Finding]:
    out: list[Finding] = []
    for m, secs in ctx.deadline_claims:
        new_deadline = ctx.t + secs
        prev = state.deadline
        found: list[Finding] = []
        if prev is not None and new_deadline > prev.value + COUNTDOWN_SLACK_S:
            detail = (
                f"earlier countdown ended at {prev.value:.0f} s, "
                f"new one ends at {new_deadline:.0f} s"
            )
            found = ctx.findings(
                rules,
                m.start,
                m.end,
                m.text,
                detail,
                scope=Scope.STREAM,
                related=(prev.utterance_id,),
            )
        # an extension nobody reported is not adopted: the earlier, binding end stays
        if prev is None or new_deadline < prev.value or found:
            state.deadline = ClaimMemo(
                value=new_deadline, t=ctx.t, utterance_id=ctx.segment.utterance_id
            )
        out.extend(found)
    return out
