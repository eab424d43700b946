"""Request and response bodies of suppressions, the false-positive report and receipts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class SuppressionIn(BaseModel):
    scope: Literal["global", "merchant", "host"]
    scope_id: str = Field(default="", max_length=200)
    """The merchant or host id (ignored for ``global``)."""
    rule_id: str = Field(min_length=1, max_length=100)
    """A rule id, or ``*`` with a ``term`` for every rule."""
    term: str = Field(default="", max_length=200)
    reason: str = Field(min_length=1, max_length=2000)
    days: int = Field(ge=1, le=365)
    case_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class SuppressionOut(_Out):
    id: int
    scope: str
    scope_id: str
    rule_id: str
    term: str
    reason: str
    case_id: int | None
    created_by: int | None
    created_at: datetime
    expires_at: datetime
    lifted_at: datetime | None
    lift_reason: str
    hits: int
    last_hit_at: datetime | None
    active: bool = False


class RuleFeedbackOut(BaseModel):
    rule_id: str
    confirmed: int
    dismissed: int
    decided: int
    false_positive_rate: float | None
    reasons: dict[str, int]
    """Dismissal reason code → cases."""
    active_suppressions: int
    suppressed_hits: int


class ReceiptSummaryOut(BaseModel):
    id: int
    merchant_id: str
    host_id: str
    created_at: datetime
    script_sha256: str
    rule_pack_version: str
    findings: int


class LiveComparisonOut(BaseModel):
    rule_id: str
    matched_text: str
    finding_id: str
    case_id: int
    verdict: Literal["flagged_in_precheck", "in_script_not_flagged", "not_in_script"]


class StreamPrecheckOut(BaseModel):
    stream_id: str
    merchant_id: str
    host_id: str
    started_at: datetime | None
    prechecked: bool
    """A receipt of the stream's merchant (or naming its host) predates going live."""
    receipts: list[ReceiptSummaryOut]
    compared_with: int | None
    """The receipt the live findings are compared with (the latest before going live)."""
    live: list[LiveComparisonOut]
    counts: dict[str, int]
    precheck_only: list[dict[str, Any]]
    """Findings of that pre-check never heard live."""
