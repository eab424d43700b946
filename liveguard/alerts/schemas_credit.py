"""Request and response bodies of the credit API (kept apart from schemas.py: one area)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from liveguard.alerts.credit import Contribution


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


ContributionOut = Contribution


class CreditOut(_Out):
    party_type: str
    party_id: str
    score: float
    band: str
    weights_version: str
    case_count: int
    computed_at: datetime


class CreditHistoryOut(CreditOut):
    cause: str


class CreditDetailOut(BaseModel):
    credit: CreditOut
    contributions: list[ContributionOut]
    """The cases that moved the score; their points add up to ``start − score``."""
    history: list[CreditHistoryOut]


class RecomputeOut(BaseModel):
    parties: int
    weights_version: str
