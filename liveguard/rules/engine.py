"""The rule engine: normalise, match with spaCy, judge each hit in its context.

``RuleEngine.match`` is pure (same text, same answer, no state), so the worker, the CLI and the
pre-check API share it; what a stream said earlier is the StreamChecker's business.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc

from liveguard.contracts import (
    AllowEntry,
    EvidenceLevel,
    Family,
    PriceBasis,
    ProductCategory,
    Severity,
)
from liveguard.rules.claims import describe_basis, find_price_basis
from liveguard.rules.exemptions import (
    BUILTIN,
    DENIALS,
    attributed,
    clause_bounds,
    sentence_bounds,
    taken_back,
    turns_round,
)
from liveguard.rules.nlp import COMPONENT, Hit, RuleMatcherComponent, blank_pipeline
from liveguard.rules.normalize import Normalized, normalize
from liveguard.rules.options import RulesOptions
from liveguard.rules.particles import restore_final_le
from liveguard.rules.prices import (
    Discount,
    PriceMention,
    check_bundle_arithmetic,
    check_discount_arithmetic,
    explained_instead,
    extract_discounts,
    extract_prices,
    lower_before,
    prices_the_sending,
)
from liveguard.rules.schema import ExceptionPattern, Rule
from liveguard.rules.soundalike import default_respeller
from liveguard.rules.soundform import plausible_mishearing

logger = logging.getLogger(__name__)

_STRONG_REFERENCE = re.compile(
    r"(原价|专柜价?|划线价|市场价|吊牌价?|日常价|官方价|官网价|零售价|建议零售价|指导价|门店价|成交价)\S{0,4}$"
    r"|\b(was|compare at|compared at|regular(ly)? (price|priced)?|originally|msrp|rrp|list price|valued at|retails? (for|at)?|suggested (retail )?price)\W{0,3}\S{0,3}$",
    re.IGNORECASE,
)

_GIFT_ALONE = re.compile(
    r"(?:送|赠|附赠|加送)[^。！？!?]{1,16}单(?:买|拍|独买|独拍|卖)[^，。！？,!?\d]{0,3}$"
)
"""A gift, then its price bought alone (送一个保护套，套子单买是79): what the gift is worth, not a
reference the offer is set against, when it is below every price said for the offer."""
_GIFT_REACH = 24
_PRICE_ROSE = {
    "zh": re.compile(r"涨|上调|贵了|提价|调高"),
    "en": re.compile(
        r"\b(?:went up|gone up|goes up|go up|rose|risen|rises|increased|increases|raised|"
        r"more expensive|price rise|price increase|higher now)\b",
        re.IGNORECASE,
    ),
}
"""Words that tell a price went up. An earlier price below every price said now (or with none
read as one), in a sentence that says the price rose ("last winter it was one-thirty, it's one
forty-five now because fuel went up"), tells the rise honestly: no saving is claimed against it.
A price the host says it will go back up to (涨回三百五) is no earlier price: that stays a claim."""


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
    price_basis: PriceBasis | None = None
    """For reference prices: the basis the host stated for it (第三十二条)."""

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
    second-guess it there ("这不是亏本卖" is a negation, not a cost-price claim) — except where
    only the question test set it aside (``Exemption`` ``heads``)."""
    denied: list[tuple[Family, int, int]] = field(default_factory=list)
    """Those of ``set_aside`` the line denies, declines or reports (a negation, meta talk, a
    viewer's words read out): they excuse only their own clause, so the learned heads still
    judge the rest of the sentence (``LearnedDetector.detect(excused=…)``). A word read in an
    allowed sense (an exception, an award, a product category) excuses its whole window."""


Exemption = Literal["mute", "heads"]
"""How the context set a match aside. ``mute``: it judged the wording (a negation, a rejection,
a pack exception, the allow list), so the learned heads stay silent on the span. ``heads``: only
the question test (``HEADS_JUDGE_QUESTIONS``) set it aside, which says nothing of whether the
host claims it, so the heads judge it (unless the line reads out another's words,
``exemptions.attributed``). A pack exception that covers the match itself (a word sense: 主治医生
is a job, not 治) mutes too: leaving those to the heads (session 28) gained one right hit on
blind36 but flagged 国家级非遗传承人 and 最后一步涂上面霜 on the textbook corpus, the very words the
exceptions tell apart."""

HEADS_JUDGE_QUESTIONS: frozenset[str] = frozenset({"question"})
"""Exemptions that leave a match to the learned heads instead of silencing them. The question
test is a scope test (a question mark, a question word in the clause) and a host's rhetorical
question is still a claim; the heads read questions from labelled lines both ways
(``ctx_question``). A line that reads out another's words (``exemptions.attributed``:
有宝宝问是不是只剩最后三件了) stays set aside: a viewer's question is no claim, however the heads
score it. Over spent blind sets 20–35 and the textbook corpora a match set aside by the question
test alone had muted 7 right Chinese learned hits and no wrong one (docs/learned.md)."""


_Candidate = tuple[Rule, int, int, str, str, Decimal | None, PriceBasis | None]
"""(rule, start, end, via, detail, amount, price basis) in normalised-text offsets."""

_HEARD_STOP = re.compile(r"。(?=.)")
"""A full stop a recogniser wrote inside one utterance: where it heard a pause, not where the
speaker's sentence ended (有人跟我说吃了就不疼了。我跟你说，疼得去医院 is one answer to a quoted
claim). In a transcript it is read as a clause break, so an exemption that needs the rest of
the sentence still sees it; the finding still quotes what was transcribed."""


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
        speech: bool = False,
    ) -> Analysis:
        """``speech``: the text is one utterance of a transcript (``RulesOptions.speech``)."""
        norm = normalize(text, heard=self._respeller is not None)
        if not norm.text.strip():
            return Analysis(norm, [])
        ntext = _HEARD_STOP.sub("，", norm.text) if speech else norm.text
        if speech and self.language == "zh":
            ntext = restore_final_le(ntext)  # same length: offsets stay the transcript's
        respelled: tuple[tuple[int, int], ...] = ()
        if self._respeller is not None:
            # Same length as norm.text, so offsets (and quoted evidence) stay the original's.
            rs = self._respeller.respell(ntext)
            ntext, respelled = rs.text, rs.spans
        # Chinese patterns all run on characters: segmenting with jieba here was a third of
        # the engine's time for nothing, so the text goes in as one token
        doc = self.nlp(
            ntext
            if self._component.needs_tokens
            else Doc(self.nlp.vocab, words=[ntext], spaces=[False])
        )
        hits: list[Hit] = doc._.lg_hits or []
        stext: str | None = doc._.lg_sound
        allowed = self._allowed_spans(ntext, allow_list)
        candidates: list[_Candidate] = []
        set_aside: list[tuple[Family, int, int]] = []
        denied: list[tuple[Family, int, int]] = []
        reports = functools.cache(lambda: attributed(ntext, self.language))  # once per line
        for hit in hits:
            rule = self.rules[hit.rule_index]
            span = norm.to_original(hit.start, hit.end)
            if not rule.applies_to(category):
                set_aside.append((rule.family, *span))
                continue
            why = self._exemption(rule, ntext, hit.start, hit.end, allowed)
            if why is None and stext is not None:
                why = self._exemption_in_sound(
                    hit.rule_index, stext, hit.start, hit.end, builtin=hit.via == "sound"
                )
            if why is not None:
                reported = reports()
                if why == "mute" or reported:
                    set_aside.append((rule.family, *span))
                    if reported or self._denies(rule, ntext, hit.start, hit.end):
                        denied.append((rule.family, *span))
                continue
            if hit.via == "sound" and not plausible_mishearing(
                ntext,
                hit.start,
                hit.end,
                self._component.alphabet.get(hit.rule_index, frozenset()),
                self._component.vocabulary.get((hit.rule_index, hit.part), frozenset()),
                hit.gaps,
                typed=not speech,
            ):
                continue
            via = hit.via
            if any(s < hit.end and hit.start < e for s, e in respelled):
                via = "pinyin"
            candidates.append((rule, hit.start, hit.end, via, "", None, None))
        prices = extract_prices(ntext, self.language)
        discounts = extract_discounts(ntext, self.language)
        candidates.extend(self._price_candidates(ntext, prices, discounts, category, allowed))
        matches = [self._to_match(norm, cand) for cand in self._dedupe(candidates)]
        matches.sort(key=lambda m: (m.start, m.rule.id))
        return Analysis(norm, matches, prices, discounts, set_aside, denied)

    def _denies(self, rule: Rule, ntext: str, start: int, end: int) -> bool:
        """Whether the line denies or declines the match (with a line that reports another's
        words: ``Analysis.denied``)."""
        return any(
            name in rule.exemptions and BUILTIN[name](ntext, start, end, self.language)
            for name in DENIALS
        )

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
        return self._exemption(rule, ntext, start, end, allowed) is not None

    def _exemption(
        self, rule: Rule, ntext: str, start: int, end: int, allowed: list[tuple[int, int]]
    ) -> Exemption | None:
        """Whether (and how) the context sets the match aside: ``Exemption``."""
        if "allow_list" in rule.exemptions and any(s < end and start < e for s, e in allowed):
            return "mute"
        found = self._builtin_exemption(rule, ntext, start, end)
        if found == "mute":
            return found
        flags = re.IGNORECASE if self.language == "en" else 0
        if any(
            self._exception_covers(exc, re.compile(exc.regex, flags), ntext, start, end)
            for exc in rule.exceptions
        ):
            return "mute"
        return found

    def _exemption_in_sound(
        self, rule_index: int, stext: str, start: int, end: int, *, builtin: bool
    ) -> Exemption | None:
        """The rule's exceptions on the sound form (a misheard 使用 in 最佳使用时间 still exempts
        最佳), and the built-in context checks: all of them for a match found only in sound; for
        one heard as written, only whether the line takes the claim back (``taken_back``)."""
        rule = self.rules[rule_index]
        found: Exemption | None = None
        if builtin:
            found = self._builtin_exemption(rule, stext, start, end)
            if found == "mute":
                return found
        elif "meta_talk" in rule.exemptions and taken_back(stext, start, end, self.language):
            return "mute"  # the rejection misheard, the claim heard right (没有的事 as 没有的失)
        if any(
            self._exception_covers(exc, pattern, stext, start, end, sound=True)
            for exc, pattern in self._component.sound_exceptions.get(rule_index, ())
        ):
            return "mute"
        return found

    def _builtin_exemption(self, rule: Rule, text: str, start: int, end: int) -> Exemption | None:
        found: Exemption | None = None
        for name in rule.exemptions:
            check = BUILTIN.get(name)
            if check is not None and check(text, start, end, self.language):
                if name not in HEADS_JUDGE_QUESTIONS:
                    return "mute"
                found = "heads"
        return found

    def _exception_covers(
        self,
        exc: ExceptionPattern,
        pattern: re.Pattern[str],
        text: str,
        start: int,
        end: int,
        *,
        sound: bool = False,
    ) -> bool:
        """``pattern`` (the exception, as written or in sound) matches in the exception's
        scope and, for ``overlap``, covers the match. In sound, when the exception writes no
        number itself, a match holding two digits or more is none: a recogniser writes a digit
        for one syllable it heard (使用期 as 使用7), but a run of numerals is a number (一次一百,
        1次100, holds no 要吃药). An exception said before the match and turned round by a "but"
        between them ("results vary, but most people see it in three days") covers nothing."""
        if exc.scope == "overlap":
            lo, hi = max(0, start - 12), min(len(text), end + 12)
        elif exc.scope == "clause":
            lo, hi = clause_bounds(text, start, end, self.language)
        else:
            lo, hi = sentence_bounds(text, start, end, self.language)
        numeral_run_is_none = sound and "\\d" not in exc.regex
        for m in pattern.finditer(text[lo:hi]):
            ms, me = m.start() + lo, m.end() + lo
            if numeral_run_is_none and sum(ch.isdigit() for ch in text[ms:me]) >= 2:
                continue
            if me <= start and turns_round(text, me, start):
                continue  # 不能代替药物，但是我爸…降压药都减了一半: the "but" claims anyway
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
    ) -> list[_Candidate]:
        out: list[_Candidate] = []
        refs = [p for p in prices if p.role == "reference"]
        others = [p for p in prices if p.role != "reference"]
        for ref in refs:
            strong = ref.restored or bool(
                _STRONG_REFERENCE.search(ntext[max(0, ref.start - 14) : ref.start])
            )
            if not (strong or others or discounts):
                continue
            basis = find_price_basis(ntext, ref.start, ref.end, self.language)
            # a stated, plausible basis (MSRP, the seller's own price history) is its own,
            # milder rule; another shop's price is no basis the platform can check
            plausible = basis is not None and basis.kind != "outside"
            kind = "price_reference_basis" if plausible else "price_reference"
            rules = self.rules_for(kind) or self.rules_for("price_reference")
            detail = f"reference price {ref.amount}"
            if basis is not None:
                detail += f"; {describe_basis(basis)}"
            for rule in rules:
                if not rule.applies_to(category):
                    continue
                if others and not discounts and all(o.amount == ref.amount for o in others):
                    continue  # 原价99, 今天也是99: the same price, no comparison claimed
                if (
                    prices_the_sending(ntext, ref, self.language)
                    or lower_before(ntext, ref, others, self.language)
                    or explained_instead(ntext, ref.start, self.language)
                ):
                    continue  # a fee, history told, or arithmetic: no compared price
                if (
                    others
                    and all(o.amount > ref.amount for o in others)
                    and _GIFT_ALONE.search(ntext, max(0, ref.start - _GIFT_REACH), ref.start)
                ):
                    continue  # 送一个保护套，套子单买是79: the gift's own price, below the offer's
                if (
                    not ref.restored
                    and not discounts
                    and all(o.amount > ref.amount for o in others)
                    and _PRICE_ROSE[self.language].search(
                        # with no price said now, the rise may be told a sentence before
                        # ("feed went up because of the cedi; last year the bag was 380")
                        ntext,
                        *(
                            sentence_bounds(ntext, ref.start, ref.end, self.language)
                            if others
                            else (0, len(ntext))
                        ),
                    )
                ):
                    continue  # the price went up, and the host says so: no saving claimed
                if self._exempt(rule, ntext, ref.start, ref.end, allowed):
                    continue
                out.append((rule, ref.start, ref.end, "price", detail, ref.amount, basis))
            break
        for kind, check in (
            ("discount_arithmetic", check_discount_arithmetic),
            ("bundle_arithmetic", check_bundle_arithmetic),
        ):
            for rule in self.rules_for(kind):
                if not rule.applies_to(category):
                    continue
                for err in check(ntext, self.language):
                    if self._exempt(rule, ntext, err.start, err.end, allowed):
                        continue
                    out.append((rule, err.start, err.end, "price", err.detail, None, None))
        return out

    @staticmethod
    def _dedupe(candidates: list[_Candidate]) -> list[_Candidate]:
        """One finding per rule per overlapping span; within a family, the stronger rule wins."""
        ordered = sorted(candidates, key=lambda c: (-c[0].severity.rank, -(c[2] - c[1]), c[1]))
        kept: list[_Candidate] = []
        for cand in ordered:
            rule, s, e = cand[0], cand[1], cand[2]
            if any(k[0].family == rule.family and k[1] < e and s < k[2] for k in kept):
                continue
            kept.append(cand)
        return kept

    @staticmethod
    def _to_match(norm: Normalized, cand: _Candidate) -> RuleMatch:
        rule, s, e, via, detail, amount, basis = cand
        os_, oe = norm.to_original(s, e)
        # a sales / rating / honour claim is lawful only with proof: until a catalog or an
        # allow-list entry is checked, what it needs is evidence (第三十四条)
        evidence = (
            EvidenceLevel.EVIDENCE_REQUIRED
            if rule.claim == "sales_honour"
            else EvidenceLevel.WORDING
        )
        return RuleMatch(
            rule,
            os_,
            oe,
            norm.original[os_:oe],
            evidence=evidence,
            detail=detail,
            via=via,
            amount=amount,
            price_basis=basis,
        )


_ENGINES: dict[tuple[str, bool, tuple[Path, ...]], RuleEngine] = {}
_LOCK = threading.Lock()


def load_engine(language: str, options: RulesOptions | None = None) -> RuleEngine:
    """The engine for a language and options, built once per process (building costs seconds).

    ``options``: sound matching and extra packs (default: the documented defaults, never the
    environment; entry points pass ``RulesOptions.from_settings``)."""
    opts = options or RulesOptions()
    key = (language, *opts.engine_key)
    with _LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = RuleEngine(
                language, homophones=opts.homophones, extra_dirs=list(opts.extra_dirs)
            )
            _ENGINES[key] = engine
        return engine
