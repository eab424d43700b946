"""SQLAlchemy models of the alerts service (one module per area)."""

from __future__ import annotations

from liveguard.alerts.models.audit import AuditEntry
from liveguard.alerts.models.base import Base, utcnow
from liveguard.alerts.models.blacklist import (
    Appeal,
    AppealStatus,
    BlacklistEntry,
    Notice,
    PartyType,
)
from liveguard.alerts.models.cases import (
    Case,
    CaseKind,
    CaseStatus,
    CorrectionRecord,
    CorrectionStatus,
    FindingRecord,
    SegmentRecord,
    Stream,
)
from liveguard.alerts.models.credit import (
    CreditHistory,
    CreditScore,
    Suppression,
    SuppressionScope,
)
from liveguard.alerts.models.merchants import AllowListEntry, PrecheckSubmission
from liveguard.alerts.models.users import ApiToken, Role, User, WebSession
from liveguard.alerts.models.webhooks import WebhookDelivery

__all__ = [
    "AllowListEntry",
    "ApiToken",
    "Appeal",
    "AppealStatus",
    "AuditEntry",
    "Base",
    "BlacklistEntry",
    "Case",
    "CaseKind",
    "CaseStatus",
    "CorrectionRecord",
    "CorrectionStatus",
    "CreditHistory",
    "CreditScore",
    "FindingRecord",
    "Notice",
    "PartyType",
    "PrecheckSubmission",
    "Role",
    "SegmentRecord",
    "Stream",
    "Suppression",
    "SuppressionScope",
    "User",
    "WebSession",
    "WebhookDelivery",
    "utcnow",
]
