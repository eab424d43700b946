"""``no_promotion``: time-limit talk ("限时秒杀", "flash sale") while no promotion is running."""

from __future__ import annotations

from collections.abc import Sequence

from liveguard.contracts import Finding
from liveguard.rules.detectors.registry import NoState, SegmentContext, register
from liveguard.rules.exemptions import negated
from liveguard.rules.schema import Rule
from liveguard.rules.signals import TIME_LIMIT


@register("no_promotion", NoState, needs_catalog=True)
def no_promotion(ctx: SegmentContext, rules: Sequence[Rule], state: NoState) -> list[Finding]:
    product = ctx.product
    if not rules or product is None or product.promotion.active:
        return []
    text = ctx.analysis.normalized.text
    m = TIME_LIMIT[ctx.language].search(text)
    if not m or negated(text, m.start(), m.end(), ctx.language):
        return []
    s, e, quoted = ctx.original_span(m.start(), m.end())
    detail = "no promotion is running for this product"
    return ctx.findings(rules, s, e, quoted, detail)
