"""The rule engine: normalise, match with spaCy, judge each hit in its context.

``RuleEngine.match`` is pure (same text, same answer, no state), so the worker, the CLI and the
pre-check API share it; what a stream said earlier is the StreamChecker's business.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from liveguard.contracts import AllowEntry, EvidenceLevel, Family, ProductCategory, Severity
from liveguard.rules.exemptions import BUILTIN, clause_bounds, sentence_bounds
from liveguard.rules.nlp import COMPONENT, Hit, RuleMatcherComponent, blank_pipeline
from liveguard.rules.normalize import Normalized, normalize
from liveguard.rules.prices import (
    Discount,
    PriceMention,
    check_discount_arithmetic,
    extract_discounts,
    extract_prices,
)
from liveguard.rules.schema import Rule
from liveguard.rules.soundalike import default_respeller

logger = logging.getLogger(__name__)

_STRONG_REFERENCE = re.compile(
    r"(原价|专柜价?|划线价|市场价|吊牌价?|日常价|官方价|官网价|零售价|建议零售价|指导价|门店价)\S{0,4}$"
    r"|\b(was|compare at|compared at|regular(ly)? (price|priced)?|originally|msrp|list price|valued at|retails? (for|at)?)\W{0,3}\S{0,3}$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """One rule that holds for a span of the text (offsets into the original text)."""

    rule: Rule
    start: int
    end: int
    text: str
    evidence: EvidenceLevel = EvidenceLevel.WORDING
    detail: str = ""
    via: str = "regex"
    amount: Decimal | None = None
    """For price rules: the amount the rule is about (e.g. the spoken reference price)."""

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def severity(self) -> Severity:
        return self.rule.severity


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything one utterance yields: matches plus the facts stream reasoning needs."""

    normalized: Normalized
    matches: list[RuleMatch]
    prices: list[PriceMention] = field(default_factory=list)
    discounts: list[Discount] = field(default_factory=list)
    set_aside: list[tuple[Family, int, int]] = field(default_factory=list)
    """Pattern hits the context set aside (an exemption, another product category): family and
    span in the original text. The rules judged that wording, so learned detection does not
    second-guess it there ("这不是亏本卖" is a negation, not a cost-price claim)."""


class RuleEngine:
    """Holds one language's compiled packs and spaCy pipeline; cheap to call, costly to build."""

    def __init__(
        self, language: str, *, homophones: bool = True, extra_dirs: Sequence[Path] = ()
    ) -> None:
        if language not in ("zh", "en"):
            raise ValueError(f"unsupported language {language!r}")
        self.language = language
        self.nlp = blank_pipeline(language)
        self.nlp.add_pipe(
            COMPONENT,
            config={
                "language": language,
                "homophones": homophones,
                "extra_dirs": [str(d) for d in extra_dirs],
            },
        )
        component = self.nlp.get_pipe(COMPONENT)
        assert isinstance(component, RuleMatcherComponent)
        self._component = component
        self.rules: list[Rule] = component.rules
        self.pack_version: str = component.version
        self.rules_by_id = {r.id: r for r in self.rules}
        self._respeller = default_respeller() if homophones and language == "zh" else None
        self._by_detector: dict[str, list[Rule]] = {}
        for rule in self.rules:
            self._by_detector.setdefault(rule.detector, []).append(rule)

    def rules_for(self, detector: str) -> list[Rule]:
        return self._by_detector.get(detector, [])

    # -- public -------------------------------------------------------------------------
    def match(
        self,
        text: str,
        *,
        category: ProductCategory | None = None,
        allow_list: Sequence[AllowEntry] = (),
    ) -> list[RuleMatch]:
        return self.analyse(text, category=category, allow_list=allow_list).matches

    def analyse(
        self,
        text: str,
        *,
        category: ProductCategory | None = None,
        allow_list: Sequence[AllowEntry] = (),
    ) -> Analysis:
        norm = normalize(text)
        if not norm.text.strip():
            return Analysis(norm, [])
        ntext = norm.text
        respelled: tuple[tuple[int, int], ...] = ()
        if self._respeller is not None:
            # Same length as norm.text, so offsets (and quoted evidence) stay the original's.
            rs = self._respeller.respell(ntext)
            ntext, respelled = rs.text, rs.spans
        doc = self.nlp(ntext)
        hits: list[Hit] = doc._.lg_hits or []
        allowed = self._allowed_spans(ntext, allow_list)
        candidates: list[tuple[Rule, int, int, str, str, Decimal | None]] = []
        set_aside: list[tuple[Family, int, int]] = []
        for hit in hits:
            rule = self.rules[hit.rule_index]
            if not rule.applies_to(category) or self._exempt(
                rule, ntext, hit.start, hit.end, allowed
            ):
                set_aside.append((rule.family, *norm.to_original(hit.start, hit.end)))
                continue
            via = hit.via
            if any(s < hit.end and hit.start < e for s, e in respelled):
                via = "pinyin"
            candidates.append((rule, hit.start, hit.end, via, "", None))
        prices = extract_prices(ntext, self.language)
        discounts = extract_discounts(ntext, self.language)
        candidates.extend(self._price_candidates(ntext, prices, discounts, category, allowed))
        matches = [
            self._to_match(norm, rule, s, e, via, detail, amount)
            for rule, s, e, via, detail, amount in self._dedupe(candidates)
        ]
        matches.sort(key=lambda m: (m.start, m.rule.id))
        return Analysis(norm, matches, prices, discounts, set_aside)

    # -- internals ----------------------------------------------------------------------
    def _allowed_spans(self, ntext: str, allow_list: Sequence[AllowEntry]) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for entry in allow_list:
            term = normalize(entry.term, numerals=False).text
            if not term:
                continue
            flags = re.IGNORECASE if self.language == "en" else 0
            for m in re.finditer(re.escape(term), ntext, flags):
                spans.append((m.start(), m.end()))
        return spans

    def _exempt(
        self, rule: Rule, ntext: str, start: int, end: int, allowed: list[tuple[int, int]]
    ) -> bool:
        if "allow_list" in rule.exemptions and any(s < end and start < e for s, e in allowed):
            return True
        for name in rule.exemptions:
            check = BUILTIN.get(name)
            if check is not None and check(ntext, start, end, self.language):
                return True
        flags = re.IGNORECASE if self.language == "en" else 0
        for exc in rule.exceptions:
            if exc.scope == "overlap":
                lo, hi = max(0, start - 12), min(len(ntext), end + 12)
            elif exc.scope == "clause":
                lo, hi = clause_bounds(ntext, start, end, self.language)
            else:
                lo, hi = sentence_bounds(ntext, start, end, self.language)
            for m in re.finditer(exc.regex, ntext[lo:hi], flags):
                ms, me = m.start() + lo, m.end() + lo
                if exc.scope != "overlap" or (
                    ms <= start < me or ms < end <= me or (start <= ms and me <= end)
                ):
                    return True
        return False

    def _price_candidates(
        self,
        ntext: str,
        prices: list[PriceMention],
        discounts: list[Discount],
        category: ProductCategory | None,
        allowed: list[tuple[int, int]],
    ) -> list[tuple[Rule, int, int, str, str, Decimal | None]]:
        out: list[tuple[Rule, int, int, str, str, Decimal | None]] = []
        refs = [p for p in prices if p.role == "reference"]
        others = [p for p in prices if p.role != "reference"]
        for rule in self.rules_for("price_reference"):
            if not rule.applies_to(category):
                continue
            for ref in refs:
                strong = bool(_STRONG_REFERENCE.search(ntext[max(0, ref.start - 14) : ref.start]))
                if not (strong or others or discounts):
                    continue
                if self._exempt(rule, ntext, ref.start, ref.end, allowed):
                    continue
                out.append(
                    (rule, ref.start, ref.end, "price", f"reference price {ref.amount}", ref.amount)
                )
                break
        for rule in self.rules_for("discount_arithmetic"):
            if not rule.applies_to(category):
                continue
            for err in check_discount_arithmetic(ntext, self.language):
                if self._exempt(rule, ntext, err.start, err.end, allowed):
                    continue
                out.append((rule, err.start, err.end, "price", err.detail, None))
        return out

    @staticmethod
    def _dedupe(
        candidates: list[tuple[Rule, int, int, str, str, Decimal | None]],
    ) -> list[tuple[Rule, int, int, str, str, Decimal | None]]:
        """One finding per rule per overlapping span; within a family, the stronger rule wins."""
        ordered = sorted(candidates, key=lambda c: (-c[0].severity.rank, -(c[2] - c[1]), c[1]))
        kept: list[tuple[Rule, int, int, str, str, Decimal | None]] = []
        for cand in ordered:
            rule, s, e = cand[0], cand[1], cand[2]
            if any(k[0].family == rule.family and k[1] < e and s < k[2] for k in kept):
                continue
            kept.append(cand)
        return kept

    @staticmethod
    def _to_match(
        norm: Normalized, rule: Rule, s: int, e: int, via: str, detail: str, amount: Decimal | None
    ) -> RuleMatch:
        os_, oe = norm.to_original(s, e)
        return RuleMatch(
            rule, os_, oe, norm.original[os_:oe], detail=detail, via=via, amount=amount
        )


_ENGINES: dict[tuple[str, bool, tuple[str, ...]], RuleEngine] = {}
_LOCK = threading.Lock()


def load_engine(language: str) -> RuleEngine:
    """The engine for a language, built once per process (settings: homophones, extra packs)."""
    from liveguard.settings import get_settings

    settings = get_settings()
    extra = (str(settings.rule_packs_dir),) if settings.rule_packs_dir else ()
    key = (language, settings.homophones, extra)
    with _LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = RuleEngine(
                language, homophones=settings.homophones, extra_dirs=[Path(p) for p in extra]
            )
            _ENGINES[key] = engine
        return engine
