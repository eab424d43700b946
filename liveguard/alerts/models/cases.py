"""Streams, transcripts, findings and the cases that group them for review."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liveguard.alerts.models.base import Base, JSONList, UTCDateTime, utcnow
from liveguard.contracts import Correction, Finding, Segment


class CaseStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"


class CorrectionStatus(StrEnum):
    """Whether the host corrected a case's findings on the spot (第三十一条)."""

    NONE = ""
    """Not applicable (blacklist hits)."""
    UNCORRECTED = "uncorrected"
    CORRECTED = "corrected"
    """Every finding of the case was corrected."""
    PARTLY = "partly_corrected"


class CaseKind(StrEnum):
    FINDING = "finding"
    """Findings of one rule in one stream within the case window."""
    BLACKLIST_HIT = "blacklist_hit"
    """A listed host or merchant went on air."""


class Stream(Base):
    __tablename__ = "streams"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    platform_id: Mapped[str] = mapped_column(String(200), default="")
    room_id: Mapped[str] = mapped_column(String(200), default="")
    host_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    merchant_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    gaps: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    owner_source: Mapped[str] = mapped_column(String(20), default="")
    """``registry``: the platform set ``merchant_id`` (admin API) and it is authoritative;
    ``first_event``: the first event that named a merchant set it."""
    owner_disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    """A later event named another merchant (without a registry entry to settle it)."""


NOT_STORED = frozenset({"contract_version"})
"""Fields of a contract record (``Finding``, ``Correction``) the tables do not keep (the
message's own version)."""


def contract_columns(record: BaseModel) -> dict[str, Any]:
    """A contract record's fields as column values under their own names: tuples as lists,
    decimals as text (the columns' forms), without :data:`NOT_STORED`."""
    values = record.model_dump(exclude=set(NOT_STORED))
    return {
        name: list(v) if isinstance(v, tuple) else str(v) if isinstance(v, Decimal) else v
        for name, v in values.items()
    }


class SegmentRecord(Base):
    """A contract ``Segment`` (one recognised utterance) as stored, like ``FindingRecord`` and
    ``CorrectionRecord``; kept so a reviewer reads what was said around a finding.

    One column per contract field under the field's own name, written by :meth:`from_segment`;
    tests/alerts/test_alerts_record_shape.py fails if one is missing."""

    __tablename__ = "segments"
    __table_args__ = (Index("ix_segments_stream_t", "stream_id", "t_start"),)

    utterance_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    stream_id: Mapped[str] = mapped_column(String(200))
    seq_start: Mapped[int] = mapped_column(BigInteger)
    seq_end: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    t_start: Mapped[float] = mapped_column(Float)
    t_end: Mapped[float] = mapped_column(Float)
    language: Mapped[str] = mapped_column(String(10), default="zh")
    confidence: Mapped[float | None] = mapped_column(Float, default=None)
    wall_start: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    model_version: Mapped[str | None] = mapped_column(String(100), default=None)
    flags: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    alternatives: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @classmethod
    def from_segment(cls, segment: Segment, **columns: Any) -> SegmentRecord:
        """The row of ``segment``: every contract field, plus the service's own ``columns``."""
        return cls(**{**contract_columns(segment), **columns})


class Case(Base):
    """What a moderator reviews: one host repeating one claim is one case, not fifty."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_queue_time", "status", "last_seen", "id"),
        Index("ix_cases_queue_sev", "status", "severity_rank", "last_seen", "id"),
        Index("ix_cases_time", "last_seen", "id"),
        Index("ix_cases_group", "stream_id", "rule_id", "status"),
        Index("ix_cases_merchant", "merchant_id", "last_seen"),
        Index("ix_cases_queue_risk", "status", "risk", "last_seen", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=CaseKind.FINDING.value)
    stream_id: Mapped[str] = mapped_column(String(200))
    rule_id: Mapped[str] = mapped_column(String(100), index=True)
    family: Mapped[str | None] = mapped_column(String(20), default=None, index=True)
    severity: Mapped[str] = mapped_column(String(10))
    severity_rank: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(String(20), default="wording")
    detector: Mapped[str] = mapped_column(String(20), default="rules", server_default="rules")
    """``learned`` while every finding of the case is a learned (possible) violation; such a
    case never fires a correction webhook nor counts towards a blacklist entry."""
    platform_id: Mapped[str] = mapped_column(String(200), default="")
    host_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    merchant_id: Mapped[str] = mapped_column(String(200), default="")
    rule_pack_version: Mapped[str] = mapped_column(String(50), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.OPEN.value)
    finding_count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    """The stream's merchant is disputed: the case may be shown to the wrong merchant."""
    host_credit: Mapped[float | None] = mapped_column(Float, default=None)
    """Copy of the host's credit score (``None``: no score yet), so the queue needs no join."""
    merchant_credit: Mapped[float | None] = mapped_column(Float, default=None)
    risk: Mapped[float] = mapped_column(Float, default=0.0)
    """Points below full credit of the worse of host and merchant: the queue's risk order."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    correction_status: Mapped[str] = mapped_column(
        String(20), default=CorrectionStatus.NONE.value, index=True
    )
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """When the first correction of the case's findings was said."""
    correction_delay_s: Mapped[float | None] = mapped_column(Float, default=None)
    """Seconds from the first corrected finding to its correction."""

    findings: Mapped[list[FindingRecord]] = relationship(
        back_populates="case", order_by="FindingRecord.observed_at", cascade="all, delete-orphan"
    )


class FindingRecord(Base):
    """A :class:`liveguard.contracts.Finding` as stored, plus where its clip is.

    One column per contract field (``FindingFields``) under the field's own name, written by
    :meth:`from_finding`; tests/alerts/test_alerts_finding_shape.py fails if one is missing."""

    __tablename__ = "findings"

    finding_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    stream_id: Mapped[str | None] = mapped_column(String(200), default=None)
    utterance_id: Mapped[str | None] = mapped_column(String(200), default=None)
    rule_id: Mapped[str] = mapped_column(String(100))
    family: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10))
    scope: Mapped[str] = mapped_column(String(20), default="utterance")
    evidence: Mapped[str] = mapped_column(String(20), default="wording")
    message: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    suggestion: Mapped[str] = mapped_column(Text, default="")
    matched_text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(10), default="zh")
    t_start: Mapped[float | None] = mapped_column(Float, default=None)
    t_end: Mapped[float | None] = mapped_column(Float, default=None)
    rule_pack_version: Mapped[str] = mapped_column(String(50), default="")
    model_version: Mapped[str | None] = mapped_column(String(100), default=None)
    detector: Mapped[str] = mapped_column(String(20), default="rules", server_default="rules")
    detector_version: Mapped[str] = mapped_column(String(100), default="", server_default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    related_utterance_ids: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    clip_uri: Mapped[str | None] = mapped_column(String(500), default=None)
    clip_t_start: Mapped[float | None] = mapped_column(Float, default=None)
    clip_t_end: Mapped[float | None] = mapped_column(Float, default=None)
    clip_content_type: Mapped[str | None] = mapped_column(String(100), default=None)
    clip_status: Mapped[str | None] = mapped_column(String(10), default=None)
    """``stored``, ``spooled`` or ``lost`` (contract ``ClipRef.status``); ``None`` before 1.1."""
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    price_basis: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    """The stated basis of a reference price (contract ``PriceBasis``), if one was said."""
    claim_value: Mapped[str | None] = mapped_column(String(40), default=None)
    """The figure a sales / rating / price claim states (decimal as text)."""
    correction_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    correction_delay_s: Mapped[float | None] = mapped_column(Float, default=None)
    """Seconds from the finding to the host's correction (stream time when both are known)."""
    webhook_delay_s: Mapped[float | None] = mapped_column(Float, default=None)
    """Seconds from the correction webhook's delivery to the correction; negative when the
    host corrected before the webhook arrived; None when no webhook was delivered."""

    case: Mapped[Case] = relationship(back_populates="findings")

    @classmethod
    def from_finding(cls, finding: Finding, **columns: Any) -> FindingRecord:
        """The row of ``finding``: every contract field in its JSON form (enums as values,
        tuples as lists, decimals as text), plus the service's own ``columns`` (case, clip,
        when it was observed), which win over the finding's."""
        return cls(**{**finding.model_dump(mode="json", exclude=set(NOT_STORED)), **columns})


class CorrectionRecord(Base):
    """A host's on-the-spot correction (contract ``Correction``) with its utterance and clip.

    One column per contract field (less :data:`NOT_STORED`) under the field's own name,
    written by :meth:`from_correction`; tests/alerts/test_alerts_record_shape.py fails if one
    is missing."""

    __tablename__ = "corrections"
    __table_args__ = (Index("ix_corrections_stream_t", "stream_id", "t_start"),)

    correction_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    stream_id: Mapped[str] = mapped_column(String(200))
    utterance_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    cue: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    corrected_value: Mapped[str | None] = mapped_column(String(40), default=None)
    corrected_finding_ids: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    t_start: Mapped[float | None] = mapped_column(Float, default=None)
    t_end: Mapped[float | None] = mapped_column(Float, default=None)
    delay_s: Mapped[float | None] = mapped_column(Float, default=None)
    language: Mapped[str] = mapped_column(String(10), default="zh")
    rule_pack_version: Mapped[str] = mapped_column(String(50), default="")
    clip_uri: Mapped[str | None] = mapped_column(String(500), default=None)
    clip_t_start: Mapped[float | None] = mapped_column(Float, default=None)
    clip_t_end: Mapped[float | None] = mapped_column(Float, default=None)
    clip_content_type: Mapped[str | None] = mapped_column(String(100), default=None)
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @classmethod
    def from_correction(cls, correction: Correction, **columns: Any) -> CorrectionRecord:
        """The row of ``correction``: every stored contract field (the corrected value as
        text), plus the service's own ``columns`` (clip, when it was said), which win."""
        return cls(**{**contract_columns(correction), **columns})
