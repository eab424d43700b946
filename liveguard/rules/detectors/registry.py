"""The stream-detector registry: one entry per computed detector kind a pack rule may name.

A detector is a function ``(ctx, rules, state) -> findings`` plus the pydantic model of the
state it keeps between segments. ``StreamChecker`` owns one state per registered kind, calls
every detector for every segment (even with no rules of its kind: memories such as "sold out
was said" are kept regardless, as before the registry existed), and snapshots the states as
JSON. Detectors never share state; when two need the same fact of a segment (a restock, the
stock claims) they read it from :class:`SegmentContext`, which computes it once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from liveguard.contracts import (
    AllowEntry,
    Correction,
    EvidenceLevel,
    Finding,
    FoundBy,
    PriceBasis,
    ProductContext,
    Scope,
    Segment,
    make_finding_id,
)
from liveguard.rules.exemptions import negated
from liveguard.rules.normalize import normalize
from liveguard.rules.schema import Rule
from liveguard.rules.signals import RESTOCK, claimed_count, claimed_seconds

if TYPE_CHECKING:
    from liveguard.rules.engine import Analysis, RuleMatch

MEMORY_SECONDS = 3 * 3600.0
"""Claims older than this are forgotten (a stream's products change within hours)."""

ENGINE_DETECTORS = frozenset(
    {
        "pattern",
        "price_reference",
        "price_reference_basis",
        "discount_arithmetic",
        "bundle_arithmetic",
    }
)
"""Detector names the stateless ``RuleEngine`` computes itself; not in this registry."""


class ClaimMemo(BaseModel):
    """One remembered claim: its value (units, or the stream time a countdown ends), when, where."""

    model_config = ConfigDict(frozen=True)

    value: float
    t: float
    utterance_id: str


class NoState(BaseModel):
    """The state of a detector that remembers nothing (catalog checks)."""

    model_config = ConfigDict(extra="forbid")


S = TypeVar("S", bound=BaseModel)


class SegmentContext:
    """One segment as every detector sees it, and the one place findings are built.

    Facts several detectors read (restock mention, stock and deadline claims) are cached
    properties so they are computed once per segment however many detectors use them.
    """

    def __init__(
        self,
        *,
        segment: Segment,
        analysis: Analysis,
        product: ProductContext | None,
        language: str,
        stream_id: str,
        pack_version: str,
        model_version: str | None,
        rules_for: Callable[[str], Sequence[Rule]],
        allow_list: Sequence[AllowEntry] = (),
    ) -> None:
        self.segment = segment
        self.analysis = analysis
        self.product = product
        self.language = language
        self.stream_id = stream_id
        self.pack_version = pack_version
        self.model_version = model_version
        self.rules_for = rules_for
        self.allow_list = allow_list
        self.t = segment.t_start
        self.emitted: list[Finding] = []
        """Findings of this segment so far, in dispatch order (the checker appends each
        detector's output before the next runs), for detectors that reason about findings."""
        self.correction: Correction | None = None
        """Set by the ``correction`` detector: this utterance corrects earlier findings, so
        it yields no findings of its own (第三十一条)."""

    @cached_property
    def restock(self) -> tuple[int, int] | None:
        """The span (normalised text) of a non-negated "restocked" mention, if any."""
        text = self.analysis.normalized.text
        m = RESTOCK[self.language].search(text)
        if m and not negated(text, m.start(), m.end(), self.language):
            return m.start(), m.end()
        return None

    @cached_property
    def stock_claims(self) -> list[tuple[RuleMatch, int]]:
        """Every ``claim: stock`` match with the quantity it states."""
        out: list[tuple[RuleMatch, int]] = []
        for m in self.analysis.matches:
            if m.rule.claim == "stock":
                n = claimed_count(normalize(m.text).text, self.language)
                if n is not None:
                    out.append((m, n))
        return out

    @cached_property
    def deadline_claims(self) -> list[tuple[RuleMatch, float]]:
        """Every ``claim: deadline`` match with the seconds it says are left."""
        out: list[tuple[RuleMatch, float]] = []
        for m in self.analysis.matches:
            if m.rule.claim == "deadline":
                secs = claimed_seconds(normalize(m.text).text, self.language)
                if secs is not None:
                    out.append((m, secs))
        return out

    def original_span(self, start: int, end: int) -> tuple[int, int, str]:
        """A span of the normalised text as offsets into, and the text of, the original."""
        norm = self.analysis.normalized
        s, e = norm.to_original(start, end)
        return s, e, norm.original[s:e]

    def findings(
        self,
        rules: Sequence[Rule],
        start: int,
        end: int,
        text: str,
        detail: str,
        *,
        evidence: EvidenceLevel = EvidenceLevel.VERIFIED,
        scope: Scope = Scope.UTTERANCE,
        related: tuple[str, ...] = (),
    ) -> list[Finding]:
        """One finding per rule for the same hit: every rule of a detector's kind reports it."""
        return [
            self.finding(rule, start, end, text, evidence, detail, scope, related) for rule in rules
        ]

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int,
        text: str,
        evidence: EvidenceLevel,
        detail: str,
        scope: Scope = Scope.UTTERANCE,
        related: tuple[str, ...] = (),
        *,
        price_basis: PriceBasis | None = None,
        claim_value: Decimal | None = None,
    ) -> Finding:
        """The one way a finding is built (ids and times derive from the segment)."""
        segment = self.segment
        n = max(len(segment.text), 1)
        span = segment.t_end - segment.t_start
        return Finding(
            finding_id=make_finding_id(self.stream_id, rule.id, segment.seq_start, start),
            rule_id=rule.id,
            family=rule.family,
            severity=rule.severity,
            scope=scope,
            evidence=evidence,
            message=rule.message,
            legal_basis=tuple(rule.legal_basis),
            suggestion=rule.suggestion,
            matched_text=text,
            start=start,
            end=end,
            language=self.language,
            t_start=round(segment.t_start + span * start / n, 3),
            t_end=round(segment.t_start + span * end / n, 3),
            stream_id=self.stream_id,
            utterance_id=segment.utterance_id,
            rule_pack_version=self.pack_version,
            model_version=segment.model_version or self.model_version,
            detector=FoundBy.RULES,
            detector_version=self.pack_version,
            detail=detail,
            related_utterance_ids=tuple(r for r in related if r != segment.utterance_id),
            price_basis=price_basis,
            claim_value=claim_value,
        )


Check = Callable[[SegmentContext, Sequence[Rule], S], list[Finding]]


@dataclass(frozen=True)
class DetectorKind(Generic[S]):
    """A registered detector: its pack name, its state model and its check."""

    name: str
    state: type[S]
    check: Check[S]
    needs_catalog: bool = False
    """Its findings depend on catalog facts, so pack examples (plain text) cannot show it."""

    def new_state(self) -> S:
        return self.state()

    def run(self, ctx: SegmentContext, state: BaseModel) -> list[Finding]:
        assert isinstance(state, self.state)
        return self.check(ctx, ctx.rules_for(self.name), state)


DETECTORS: dict[str, DetectorKind[Any]] = {}
"""Registered detectors by pack name, in registration (= dispatch) order."""


def register(
    name: str, state: type[S], *, needs_catalog: bool = False
) -> Callable[[Check[S]], Check[S]]:
    """Decorator: make ``check`` the detector for pack rules with ``detector: <name>``."""

    def add(check: Check[S]) -> Check[S]:
        if name in DETECTORS or name in ENGINE_DETECTORS:
            raise ValueError(f"detector {name!r} is already registered")
        DETECTORS[name] = DetectorKind(name, state, check, needs_catalog)
        return check

    return add


def known_detectors() -> frozenset[str]:
    """Every name a pack rule may use as ``detector``."""
    return ENGINE_DETECTORS | DETECTORS.keys()
