"""What the templates show: small plain records, filled by :mod:`.backend` from the alerts models.

Templates only ever see these, so a renamed column in the alerts service is fixed in one adapter
function instead of in every page. A finding is the exception that proves it: its fields come
from the contract through the API model (``FindingView.finding``), so they are never copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from liveguard.alerts.schemas import FindingOut


@dataclass(frozen=True)
class WebUser:
    id: int | str
    name: str
    role: str
    merchant_id: str | None = None


@dataclass(frozen=True)
class CaseRow:
    id: str
    rule_id: str
    family: str
    severity: str
    status: str
    evidence: str
    platform_id: str
    stream_id: str
    host_id: str
    merchant_id: str
    findings: int
    opened_at: datetime | None
    excerpt: str = ""
    owner_disputed: bool = False
    correction_status: str = ""
    host_credit: float | None = None
    """``None``: the host has no confirmed case (full credit)."""
    merchant_credit: float | None = None
    risk: float = 0.0
    detector: str = "rules"
    """``learned``: every finding is a learned possible violation (shown as such)."""


@dataclass(frozen=True)
class FindingView:
    """A finding on the case page: the stored finding exactly as the API serves it
    (:class:`FindingOut`: every contract field under the contract's name, so a new field needs
    no edit here) plus what the page puts around it."""

    finding: FindingOut
    text: str
    """The whole utterance the match sits in."""
    start: int
    """Where the match is in ``text`` (the finding's own span, re-found if the text differs)."""
    end: int
    clip_url: str | None
    """``None`` when there is no playable clip (see ``finding.clip_status``)."""
    clip_offset: float
    """Seconds into the clip where the flagged span begins (finding.t_start − clip.t_start)."""
    context_before: tuple[str, ...] = ()
    price_basis_words: str = ""
    """The stated basis of a reference price, in words ("厂商建议零售价 (msrp)")."""

    @property
    def id(self) -> str:
        return self.finding.finding_id

    @property
    def utterance_id(self) -> str:
        return self.finding.utterance_id or self.finding.finding_id

    @property
    def before(self) -> str:
        return self.text[: self.start]

    @property
    def span(self) -> str:
        return self.text[self.start : self.end]

    @property
    def after(self) -> str:
        return self.text[self.end :]


@dataclass(frozen=True)
class CorrectionView:
    """The host's correction of a case's findings: its words, the cue marked, its clip."""

    id: str
    kind: str
    text: str
    cue_start: int
    cue_end: int
    t_start: float | None
    t_end: float | None
    clip_url: str | None
    clip_offset: float

    @property
    def before(self) -> str:
        return self.text[: self.cue_start]

    @property
    def span(self) -> str:
        return self.text[self.cue_start : self.cue_end]

    @property
    def after(self) -> str:
        return self.text[self.cue_end :]


@dataclass(frozen=True)
class UtteranceView:
    """One utterance with every finding in it: shown once, all spans highlighted."""

    text: str
    findings: tuple[FindingView, ...]

    @property
    def first(self) -> FindingView:
        return self.findings[0]

    def pieces(self) -> list[tuple[str, bool]]:
        """The text cut into plain and highlighted runs; overlapping spans merge."""
        spans: list[list[int]] = []
        for f in sorted(self.findings, key=lambda f: (f.start, f.end)):
            if f.end <= f.start:
                continue
            if spans and f.start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], f.end)
            else:
                spans.append([f.start, f.end])
        out: list[tuple[str, bool]] = []
        pos = 0
        for start, end in spans:
            if start > pos:
                out.append((self.text[pos:start], False))
            out.append((self.text[start:end], True))
            pos = end
        if pos < len(self.text):
            out.append((self.text[pos:], False))
        return out

    def notes(self) -> list[FindingView]:
        """Each distinct message and rewrite once, in spoken order."""
        seen: set[tuple[str, str]] = set()
        out = []
        for f in self.findings:
            key = (f.finding.message, f.finding.suggestion)
            if key not in seen:
                seen.add(key)
                out.append(f)
        return out


@dataclass(frozen=True)
class CreditView:
    party_type: str
    party_id: str
    score: float | None
    """``None``: no confirmed case, full credit."""
    band: str = ""
    weights_version: str = ""
    case_count: int = 0


@dataclass(frozen=True)
class AuditView:
    at: datetime | None
    user: str
    action: str
    reason: str


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow
    findings: tuple[FindingView, ...]
    legal_basis_text: tuple[tuple[str, str], ...]
    """(id, title) pairs; title may be empty when the service has no description."""
    audit: tuple[AuditView, ...]
    host_history: tuple[CaseRow, ...]
    merchant_history: tuple[CaseRow, ...]
    corrections: tuple[CorrectionView, ...] = ()
    utterances: tuple[UtteranceView, ...] = ()
    credits: tuple[CreditView, ...] = ()


@dataclass(frozen=True)
class LiveLine:
    """One transcript line of a stream, with the findings it produced."""

    utterance_id: str
    t_start: float
    t_end: float
    text: str
    marks: tuple[tuple[int, int, str, str], ...] = ()
    """(start, end, rule id, severity) for highlighted spans."""
    case_id: str | None = None


@dataclass(frozen=True)
class BlacklistEntryView:
    id: str
    party_kind: str
    party_id: str
    reasons: str
    legal_basis: tuple[str, ...]
    starts_at: datetime | None
    ends_at: datetime | None
    active: bool
    case_ids: tuple[str, ...] = ()
    appeal_route: str = ""
    credit: CreditView | None = None


@dataclass(frozen=True)
class NoticeView:
    id: str
    entry_id: str
    party_id: str
    text: str
    created_at: datetime | None


@dataclass(frozen=True)
class AppealView:
    id: str
    entry_id: str
    party_id: str
    text: str
    status: str
    decision: str
    created_at: datetime | None


@dataclass(frozen=True)
class BlacklistPage:
    entries: tuple[BlacklistEntryView, ...]
    notices: tuple[NoticeView, ...]
    appeals: tuple[AppealView, ...]


@dataclass(frozen=True)
class Report:
    per_day: tuple[tuple[str, str, int], ...]
    """(day, family, count)."""
    top_rules: tuple[tuple[str, int], ...]
    top_hosts: tuple[tuple[str, int], ...]
    top_merchants: tuple[tuple[str, int], ...]
    review_median_s: float | None
    review_p90_s: float | None
    dismissal: tuple[tuple[str, int, int], ...]
    """(rule id, dismissed, decided)."""
    corrections: tuple[tuple[str, str, int, int, float | None], ...] = ()
    """(host / merchant / rule, id, findings, corrected, median delay s): 第三十一条."""


@dataclass(frozen=True)
class PrecheckHit:
    start: int
    end: int
    rule_id: str
    severity: str
    message: str
    suggestion: str
    legal_basis: tuple[str, ...]
    detector: str = "rules"
    detail: str = ""


@dataclass(frozen=True)
class PrecheckResult:
    text: str
    hits: tuple[PrecheckHit, ...]

    def pieces(self) -> list[tuple[str, PrecheckHit | None]]:
        """The text cut into plain and highlighted runs (overlaps: the earlier hit wins)."""
        out: list[tuple[str, PrecheckHit | None]] = []
        pos = 0
        for hit in sorted(self.hits, key=lambda h: (h.start, -h.end)):
            if hit.start < pos:
                continue
            if hit.start > pos:
                out.append((self.text[pos : hit.start], None))
            out.append((self.text[hit.start : hit.end], hit))
            pos = hit.end
        if pos < len(self.text):
            out.append((self.text[pos:], None))
        return out


@dataclass(frozen=True)
class AllowView:
    id: str
    term: str
    kind: str
    proof_ref: str


@dataclass
class QueueFilters:
    severity: str = ""
    family: str = ""
    rule_id: str = ""
    status: str = ""
    stream_id: str = ""
    host_id: str = ""
    merchant_id: str = ""
    platform_id: str = ""
    evidence: str = ""
    cursor: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def as_query(self) -> dict[str, str]:
        keys = (
            "severity",
            "family",
            "rule_id",
            "status",
            "stream_id",
            "host_id",
            "merchant_id",
            "platform_id",
            "evidence",
        )
        return {k: getattr(self, k) for k in keys if getattr(self, k)}
