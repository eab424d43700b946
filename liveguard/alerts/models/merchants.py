"""What merchants own: their allow-list and their pre-check submissions (kept as records)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liveguard.alerts.models.base import Base, JSONList, UTCDateTime, utcnow


class AllowListEntry(Base):
    __tablename__ = "allow_list"
    __table_args__ = (UniqueConstraint("merchant_id", "term", name="uq_allow_list_merchant_term"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(200), index=True)
    term: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30), default="trademark")
    proof_ref: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PrecheckSubmission(Base):
    """Kept because room operators must keep records of wording review (CN-LIVE-2026-27)."""

    __tablename__ = "precheck_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    source: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)
    findings: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    host_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    """The host who will read the script, when the merchant names one."""
    script_sha256: Mapped[str] = mapped_column(String(64), default="", index=True)
    language: Mapped[str] = mapped_column(String(10), default="")
    rule_pack_version: Mapped[str] = mapped_column(String(100), default="")
    detector_versions: Mapped[list[Any]] = mapped_column(JSONList, default=list)
    """Versions of every other component that judged the script (engine, learned models)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
