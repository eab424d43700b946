"""Streams, transcripts, findings and the cases that group them for review."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
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


class CaseStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"


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


class TranscriptSegment(Base):
    """One recognised utterance; kept so a reviewer reads what was said around a finding."""

    __tablename__ = "segments"
    __table_args__ = (Index("ix_segments_stream_t", "stream_id", "t_start"),)

    utterance_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    stream_id: Mapped[str] = mapped_column(String(200))
    seq_start: Mapped[int] = mapped_column(Integer)
    seq_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    t_start: Mapped[float] = mapped_column(Float)
    t_end: Mapped[float] = mapped_column(Float)
    language: Mapped[str] = mapped_column(String(10), default="zh")
    confidence: Mapped[float | None] = mapped_column(Float, default=None)
    wall_start: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    model_version: Mapped[str | None] = mapped_column(String(100), default=None)
    flags: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Case(Base):
    """What a moderator reviews: one host repeating one claim is one case, not fifty."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_queue_time", "status", "last_seen", "id"),
        Index("ix_cases_queue_sev", "status", "severity_rank", "last_seen", "id"),
        Index("ix_cases_time", "last_seen", "id"),
        Index("ix_cases_group", "stream_id", "rule_id", "status"),
        Index("ix_cases_merchant", "merchant_id", "last_seen"),
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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    findings: Mapped[list[FindingRecord]] = relationship(
        back_populates="case", order_by="FindingRecord.observed_at", cascade="all, delete-orphan"
    )


class FindingRecord(Base):
    """A :class:`liveguard.contracts.Finding` as stored, plus where its clip is."""

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
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="findings")
