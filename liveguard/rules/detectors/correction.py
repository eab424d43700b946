"""``correction``: the host's on-the-spot correction of earlier findings (第三十一条), and a
corrected claim said again later in the same stream.

Runs after every other detector, so it sees all of this segment's findings
(``ctx.emitted``). When the utterance corrects earlier findings it sets ``ctx.correction``
and the checker drops the utterance's own findings: "刚才说错了，是九十九元" must not be read as
a price contradicting the misspoken one. Otherwise it remembers the segment's findings, and
reports (with this kind's rule of the same family) any that repeats a corrected claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pydantic import BaseModel, Field

from liveguard.contracts import Correction, EvidenceLevel, Finding, Scope, make_correction_id
from liveguard.rules.corrections import FindingMemo, recognise, repeats
from liveguard.rules.detectors.registry import MEMORY_SECONDS, SegmentContext, register
from liveguard.rules.normalize import normalize
from liveguard.rules.prices import extract_prices
from liveguard.rules.schema import Rule
from liveguard.rules.signals import claimed_count

MAX_OPEN = 50
MAX_CORRECTED = 20


class CorrectionState(BaseModel):
    open: list[FindingMemo] = Field(default_factory=list)
    """Findings not (yet) corrected, oldest first."""
    corrected: list[FindingMemo] = Field(default_factory=list)
    """Corrected claims, watched for being said again."""


def _amount(finding: Finding, lang: str) -> Decimal | None:
    """The price or stock figure a finding states (what a corrected value replaces)."""
    text = normalize(finding.matched_text).text
    if finding.family.value == "price":
        prices = extract_prices(text, lang)
        return prices[0].amount if prices else finding.claim_value
    if finding.family.value == "scarcity":
        n = claimed_count(text, lang)
        return Decimal(n) if n is not None else None
    return None


def _memo(finding: Finding, t: float, lang: str) -> FindingMemo:
    return FindingMemo(
        finding_id=finding.finding_id,
        rule_id=finding.rule_id,
        family=finding.family.value,
        utterance_id=finding.utterance_id or "",
        t=t,
        text=normalize(finding.matched_text).text,
        amount=_amount(finding, lang),
    )


@register("correction", CorrectionState)
def correction(ctx: SegmentContext, rules: Sequence[Rule], state: CorrectionState) -> list[Finding]:
    t, lang = ctx.t, ctx.language
    state.open = [m for m in state.open if t - m.t <= MEMORY_SECONDS][-MAX_OPEN:]
    state.corrected = [m for m in state.corrected if t - m.t <= MEMORY_SECONDS][-MAX_CORRECTED:]
    ntext = ctx.analysis.normalized.text
    currents = [p for p in ctx.analysis.prices if p.role == "current"] or ctx.analysis.prices
    price = currents[-1].amount if currents else None
    count = ctx.stock_claims[0][1] if ctx.stock_claims else None
    found = recognise(ntext, lang, t, [*state.open, *state.corrected], price=price, count=count)
    if found is not None:
        seg = ctx.segment
        # targets still open are corrected now; a continuation names already corrected ones
        ids = {m.finding_id for m in found.targets if not m.corrected_by}
        state.corrected.extend(
            m.model_copy(update={"corrected_by": seg.utterance_id, "corrected_t": t})
            for m in state.open
            if m.finding_id in ids
        )
        state.open = [m for m in state.open if m.finding_id not in ids]
        _, _, cue = ctx.original_span(found.cue.start, found.cue.end)
        ctx.correction = Correction(
            correction_id=make_correction_id(ctx.stream_id, seg.seq_start),
            stream_id=ctx.stream_id,
            utterance_id=seg.utterance_id,
            corrected_finding_ids=tuple(m.finding_id for m in found.targets),
            kind=found.kind,
            cue=cue,
            text=seg.text,
            corrected_value=found.value,
            t_start=seg.t_start,
            t_end=seg.t_end,
            delay_s=round(max(0.0, t - min(m.t for m in found.targets)), 3),
            language=lang,
            rule_pack_version=ctx.pack_version,
        )
        return []
    out: list[Finding] = []
    for finding in ctx.emitted:
        memo = _memo(finding, t, lang)
        again = next(
            (
                c
                for c in reversed(state.corrected)
                if repeats(c, memo.family, memo.text, memo.amount, lang)
            ),
            None,
        )
        rule = next((r for r in rules if r.family == finding.family), None)
        if again is not None and rule is not None:
            detail = (
                f"repeats a claim corrected at {again.corrected_t or 0:.0f} s "
                f"(said at {again.t:.0f} s)"
            )
            related = (again.utterance_id, again.corrected_by)
            out.append(
                ctx.finding(
                    rule,
                    finding.start,
                    finding.end,
                    finding.matched_text,
                    EvidenceLevel.VERIFIED,
                    detail,
                    Scope.STREAM,
                    related,
                )
            )
        state.open.append(memo)
    return out
