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
    FindingRecord,
    Stream,
    TranscriptSegment,
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
    "FindingRecord",
    "Notice",
    "PartyType",
    "PrecheckSubmission",
    "Role",
    "Stream",
    "TranscriptSegment",
    "User",
    "WebSession",
    "WebhookDelivery",
    "utcnow",
]
