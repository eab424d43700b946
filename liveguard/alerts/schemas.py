"""Request and response bodies of the API (the OpenAPI schema is built from these)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from liveguard.alerts.precheck import MAX_SCRIPT_CHARS
from liveguard.contracts import FindingFields, ProductContext


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class UserOut(_Out):
    id: int
    username: str
    role: str
    merchant_id: str | None


class FindingOut(FindingFields):
    """A stored finding: the contract's fields (``FindingFields``, so a new one appears here
    without an edit) plus where its clip is and what became of it."""

    model_config = ConfigDict(from_attributes=True)

    clip_uri: str | None
    clip_t_start: float | None
    clip_t_end: float | None
    clip_status: str | None = None
    """``stored``, ``spooled`` (the worker is retrying the write) or ``lost``."""
    observed_at: datetime
    correction_id: str | None = None
    corrected_at: datetime | None = None
    correction_delay_s: float | None = None
    """Seconds from this finding to the host's correction."""
    webhook_delay_s: float | None = None
    """Seconds from the delivered correction webhook to the correction (negative: the host
    corrected before the webhook arrived)."""


class CorrectionOut(_Out):
    """The host's on-the-spot correction of some of the case's findings (第三十一条)."""

    correction_id: str
    stream_id: str
    utterance_id: str
    kind: str
    cue: str
    text: str
    corrected_value: str | None
    corrected_finding_ids: list[str]
    t_start: float | None
    t_end: float | None
    delay_s: float | None
    observed_at: datetime
    clip_uri: str | None
    clip_t_start: float | None
    clip_t_end: float | None


class CaseOut(_Out):
    id: int
    kind: str
    stream_id: str
    rule_id: str
    family: str | None
    severity: str
    evidence: str
    detector: str = "rules"
    """``learned`` while all the case's findings are learned (possible) violations."""
    platform_id: str
    host_id: str
    merchant_id: str
    rule_pack_version: str
    title: str
    status: str
    finding_count: int
    first_seen: datetime
    last_seen: datetime
    claimed_by: int | None
    lease_until: datetime | None
    decided_by: int | None
    decided_at: datetime | None
    decision_reason: str
    legal_hold: bool
    owner_disputed: bool = False
    """Events named another merchant than the stream's owner: check the stream's owner."""
    correction_status: str = ""
    """``uncorrected``, ``corrected`` (every finding), ``partly_corrected``; empty for
    blacklist hits."""
    corrected_at: datetime | None = None
    correction_delay_s: float | None = None
    host_credit: float | None = None
    """The host's credit when last recomputed (``None``: no confirmed case ever)."""
    merchant_credit: float | None = None
    risk: float = 0.0
    """Credit points the worse of host and merchant has lost; ``sort=risk`` orders by it."""


class CasePageOut(BaseModel):
    items: list[CaseOut]
    next_cursor: str | None


class SegmentOut(_Out):
    utterance_id: str
    stream_id: str
    text: str
    t_start: float
    t_end: float
    language: str
    confidence: float | None
    flags: list[str]


class CaseDetailOut(BaseModel):
    case: CaseOut
    findings: list[FindingOut]
    transcript: list[SegmentOut]
    clip_urls: dict[str, str]
    """finding id → URL of its evidence clip (range requests supported)."""
    corrections: list[CorrectionOut] = []
    """The host's corrections of these findings, with the correction's own clip."""
    correction_clip_urls: dict[str, str] = {}
    """correction id → URL of the correction's clip."""


class DecisionIn(BaseModel):
    action: Literal["confirm", "dismiss", "escalate"]
    reason: str = Field(default="", max_length=2000)


class HoldIn(BaseModel):
    hold: bool
    reason: str = Field(min_length=1, max_length=2000)


class AuditOut(_Out):
    id: int
    at: datetime
    user_id: int | None
    username: str
    subject_type: str
    subject_id: str
    action: str
    reason: str
    detail: dict[str, Any]


class BlacklistIn(BaseModel):
    party_type: Literal["host", "merchant"]
    party_id: str = Field(min_length=1, max_length=200)
    reasons: str = Field(min_length=1, max_length=4000)
    legal_basis: list[str] = Field(default_factory=list, max_length=20)
    term_days: int = Field(ge=1, le=3650)
    case_ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        default_factory=list, max_length=1000
    )
    merchant_id: str = Field(default="", max_length=200)


class BlacklistOut(_Out):
    id: int
    party_type: str
    party_id: str
    merchant_id: str
    source: str
    reasons: str
    legal_basis: list[str]
    case_ids: list[int]
    appeal_route: str
    starts_at: datetime
    ends_at: datetime
    lifted_at: datetime | None
    lift_reason: str
    active: bool = False


class LookupOut(BaseModel):
    party_type: str
    party_id: str
    listed: bool
    entry: BlacklistOut | None


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class NoticeOut(_Out):
    id: int
    entry_id: int
    party_type: str
    party_id: str
    merchant_id: str
    body: dict[str, Any]
    created_at: datetime


class AppealIn(BaseModel):
    entry_id: int = Field(ge=1, le=2**31 - 1)
    statement: str = Field(min_length=1, max_length=8000)


class AppealDecisionIn(BaseModel):
    uphold: bool
    reason: str = Field(min_length=1, max_length=2000)


class AppealOut(_Out):
    id: int
    entry_id: int
    merchant_id: str
    statement: str
    status: str
    filed_at: datetime
    decided_at: datetime | None
    decision_reason: str


class AllowIn(BaseModel):
    term: str = Field(min_length=1, max_length=100)
    kind: Literal["trademark", "product_name", "award", "standard_grade", "other"] = "trademark"
    proof_ref: str = Field(default="", max_length=1000)


class AllowOut(_Out):
    id: int
    merchant_id: str
    term: str
    kind: str
    proof_ref: str
    created_at: datetime


class PrecheckIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_SCRIPT_CHARS)
    language: Literal["auto", "zh", "en"] = "auto"
    category: str | None = Field(default=None, max_length=40)
    products: list[ProductContext] = Field(default_factory=list, max_length=50)
    """The products the script sells: spoken prices are checked against their listing."""
    host_id: str = Field(default="", max_length=200)
    """The host who will read the script; the receipt then counts for that host too."""


class PrecheckFindingOut(BaseModel):
    line: int
    rule_id: str
    family: str
    severity: str
    message: str
    matched_text: str
    start: int
    end: int
    legal_basis: list[str]
    suggestion: str
    highlighted: str
    """The line with the match wrapped in ⟦ ⟧."""
    evidence: str = "wording"
    """``evidence_required`` for a sales / rating / honour claim with no proof on file (1.3)."""
    detector: str = "rules"
    """``learned``: a possible violation found by the learned claim heads (see ``detail``)."""
    detail: str = ""


class PrecheckOut(BaseModel):
    """A pre-check's result and its receipt (the record CN-LIVE-2026-27 asks to keep)."""

    id: int
    source: str
    filename: str
    characters: int
    findings: list[PrecheckFindingOut]
    created_at: datetime
    merchant_id: str = ""
    host_id: str = ""
    checked_by: str = ""
    script_sha256: str = ""
    """SHA-256 of the checked text (UTF-8): what a live stream's transcript is compared to."""
    language: str = ""
    rule_pack_version: str = ""
    detector_versions: list[str] = Field(default_factory=list)


class DeliveryOut(_Out):
    id: int
    finding_id: str
    case_id: int | None
    url: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    created_at: datetime
    delivered_at: datetime | None


class CorrectionRateOut(BaseModel):
    """Correction rate and delay for one host, merchant or rule (第三十一条)."""

    group: Literal["host", "merchant", "rule"]
    id: str
    findings: int
    corrected: int
    rate: float | None
    median_delay_s: float | None
    median_webhook_delay_s: float | None


class RuleQualityOut(BaseModel):
    rule_id: str
    rule_pack_version: str
    cases: int
    confirmed: int
    dismissed: int
    escalated: int
    open: int
    confirm_rate: float | None
    dismiss_rate: float | None


class PurgeOut(BaseModel):
    cases: int
    findings: int
    segments: int
    clips: int
    submissions: int
    cutoff: datetime
