"""Blacklist entries, the notices sent to listed parties, and their appeals."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from liveguard.alerts.models.base import Base, JSONList, UTCDateTime, utcnow


class PartyType(StrEnum):
    HOST = "host"
    MERCHANT = "merchant"


class AppealStatus(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    """The appeal succeeded: the entry is lifted."""
    REJECTED = "rejected"


class BlacklistEntry(Base):
    __tablename__ = "blacklist_entries"
    __table_args__ = (Index("ix_blacklist_party", "party_type", "party_id", "ends_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_type: Mapped[str] = mapped_column(String(20))
    party_id: Mapped[str] = mapped_column(String(200))
    merchant_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    """The merchant who may read this entry's notice and appeal it."""
    source: Mapped[str] = mapped_column(String(20), default="manual")
    """``policy`` (N confirmed high-severity cases), ``credit`` (credit below the line) or
    ``manual``."""
    reasons: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    case_ids: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    appeal_route: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    lift_reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notice(Base):
    """What the listed party is told: exactly the facts, reasons, basis, term and appeal route."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("blacklist_entries.id"), index=True)
    party_type: Mapped[str] = mapped_column(String(20))
    party_id: Mapped[str] = mapped_column(String(200))
    merchant_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Appeal(Base):
    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("blacklist_entries.id"), index=True)
    merchant_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    filed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    statement: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=AppealStatus.PENDING.value)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
