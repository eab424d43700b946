"""Credit of hosts and merchants, and suppressions (the allow-list grown up).

A score row holds the current value, the weights version it was computed with and the cases
that moved it; every recomputation also appends a history row, so an export can show how a
party's credit got where it is. The queue shows credit without a join: each case carries a
copy of its host's and merchant's credit (refreshed whenever either is recomputed).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liveguard.alerts.models.base import Base, JSONList, UTCDateTime, utcnow


class _ScoreColumns:
    """What a score and each of its history rows record."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_type: Mapped[str] = mapped_column(String(20))
    party_id: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(10))
    weights_version: Mapped[str] = mapped_column(String(50))
    case_count: Mapped[int] = mapped_column(Integer, default=0)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CreditScore(_ScoreColumns, Base):
    __tablename__ = "credit_scores"
    __table_args__ = (UniqueConstraint("party_type", "party_id", name="uq_credit_scores_party"),)

    contributions: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    """One entry per counted case: its facts, the factors applied and the points it took."""


class CreditHistory(_ScoreColumns, Base):
    """Every recomputation, kept: the score over time is part of the record."""

    __tablename__ = "credit_history"
    __table_args__ = (Index("ix_credit_history_party", "party_type", "party_id", "id"),)

    cause: Mapped[str] = mapped_column(String(200), default="")


class SuppressionScope(StrEnum):
    GLOBAL = "global"
    MERCHANT = "merchant"
    HOST = "host"


class Suppression(Base):
    """A reviewer's decision that a rule (optionally only on one phrase) should stay quiet.

    Read at every ingestion and pre-check, so it takes effect without a restart; it always
    expires, and creating or lifting one is written to the audit log.
    """

    __tablename__ = "suppressions"
    __table_args__ = (Index("ix_suppressions_rule", "rule_id", "lifted_at", "expires_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    scope_id: Mapped[str] = mapped_column(String(200), default="")
    """Merchant or host id; empty for ``global``."""
    merchant_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    """The merchant who may read it (merchant scope only)."""
    rule_id: Mapped[str] = mapped_column(String(100))
    term: Mapped[str] = mapped_column(String(200), default="")
    """Only findings whose matched text contains this; empty = every finding of the rule."""
    reason: Mapped[str] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(Integer, default=None)
    """The dismissed case that prompted it, if any (not a foreign key: cases are purged)."""
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    lift_reason: Mapped[str] = mapped_column(Text, default="")
    hits: Mapped[int] = mapped_column(Integer, default=0)
    last_hit_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
