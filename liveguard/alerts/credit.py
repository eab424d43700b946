"""Credit of a host or merchant: a pure function of its confirmed cases and the weights file.

Kept free of the database so that a score can be recomputed by anyone from the cases its
explanation lists (tests do exactly that), and so the weights are data: ``credit_weights.yaml``
(package data) holds every number, and its ``version`` is stored beside each score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from liveguard.errors import ConfigError

WEIGHTS_FILE = "credit_weights.yaml"
CORRECTED = "corrected"
PARTLY_CORRECTED = "partly_corrected"
"""Values of ``Case.correction_status`` (the correction detector) that lighten a case."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Recency(_Strict):
    half_life_days: float = Field(gt=0)
    horizon_days: float = Field(gt=0)


class Repetition(_Strict):
    step: float = Field(ge=0)
    max_factor: float = Field(ge=1)


class Correction(_Strict):
    factor: float = Field(ge=0, le=1)
    """For a case whose every finding the host corrected on air."""
    partly_factor: float = Field(ge=0, le=1)
    """For a case the host corrected in part."""

    def of(self, status: str) -> float:
        return {CORRECTED: self.factor, PARTLY_CORRECTED: self.partly_factor}.get(status, 1.0)


class Band(_Strict):
    name: str
    min: float


class BlacklistUse(_Strict):
    list_below: float | None = None
    """The blacklist policy lists a party whose credit falls below this (``None``: never)."""


class CreditWeights(_Strict):
    version: str = Field(min_length=1, max_length=50)
    start: float = Field(gt=0)
    floor: float = 0.0
    severity_points: dict[str, float]
    recency: Recency
    repetition: Repetition
    correction: Correction
    bands: tuple[Band, ...] = Field(min_length=1)
    blacklist: BlacklistUse = BlacklistUse()

    def band(self, score: float) -> str:
        for band in self.bands:
            if score >= band.min:
                return band.name
        return self.bands[-1].name


def load_weights(path: Path | None = None) -> CreditWeights:
    """The packaged weights, or another file with the same fields."""
    raw_text = (
        path.read_text(encoding="utf-8")
        if path is not None
        else resources.files("liveguard.alerts").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    )
    try:
        return CreditWeights.model_validate(yaml.safe_load(raw_text))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path or WEIGHTS_FILE}: {exc}") from exc


@lru_cache(maxsize=1)
def default_weights() -> CreditWeights:
    return load_weights()


@dataclass(frozen=True)
class CaseFacts:
    """What the score reads of one case."""

    case_id: int
    rule_id: str
    severity: str
    status: str
    at: datetime
    """When the violation was confirmed (the decision time; else when it was last seen)."""
    correction_status: str = ""
    """``corrected``, ``partly_corrected`` or anything else (not corrected)."""


class Contribution(_Strict):
    """One confirmed case and how many points it took (stored, and served as is)."""

    case_id: int
    rule_id: str
    severity: str
    at: datetime
    age_days: float
    base_points: float
    recency: float
    repetition: float
    correction: float
    points: float

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


@dataclass(frozen=True)
class CreditResult:
    score: float
    band: str
    weights_version: str
    start: float
    contributions: tuple[Contribution, ...] = field(default_factory=tuple)

    @property
    def risk(self) -> float:
        """Points lost, the queue's sort key (0 = full credit)."""
        return round(self.start - self.score, 2)


def compute(
    cases: Iterable[CaseFacts], now: datetime, weights: CreditWeights | None = None
) -> CreditResult:
    """Start from full credit and take points for every confirmed case still in the horizon.

    Each case takes ``severity_points × recency × repetition × correction``: recency halves
    every ``half_life_days``; the n-th confirmed case of the same rule counts
    ``1 + step·(n−1)`` times (capped); a case corrected on air counts ``correction.factor``
    (``partly_factor`` if corrected in part).
    Dismissed, open and escalated cases take nothing.
    """
    w = weights or default_weights()
    counted = sorted((c for c in cases if c.status == "confirmed"), key=lambda c: (c.at, c.case_id))
    seen_rules: dict[str, int] = {}
    out: list[Contribution] = []
    for case in counted:
        age = max(0.0, (now - case.at).total_seconds() / 86400)
        if age > w.recency.horizon_days:
            continue
        base = w.severity_points.get(case.severity, 0.0)
        if base <= 0:
            continue
        n = seen_rules.get(case.rule_id, 0)
        seen_rules[case.rule_id] = n + 1
        repetition = min(1.0 + w.repetition.step * n, w.repetition.max_factor)
        recency = 0.5 ** (age / w.recency.half_life_days)
        correction = w.correction.of(case.correction_status)
        points = round(base * recency * repetition * correction, 2)
        out.append(
            Contribution(
                case_id=case.case_id,
                rule_id=case.rule_id,
                severity=case.severity,
                at=case.at,
                age_days=round(age, 3),
                base_points=base,
                recency=round(recency, 4),
                repetition=repetition,
                correction=correction,
                points=points,
            )
        )
    lost = sum(c.points for c in out)
    score = round(max(w.floor, w.start - lost), 2)
    return CreditResult(score, w.band(score), w.version, w.start, tuple(out))
