"""The legal-basis table rules cite (rules/legal_basis.yaml), loaded once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from liveguard.errors import RulePackError

LEGAL_BASIS_FILE = Path(__file__).with_name("legal_basis.yaml")


class LegalBasis(BaseModel):
    """One provision: where it is written and what it says, in a line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    law: str
    summary: str


@lru_cache(maxsize=1)
def legal_basis_table() -> dict[str, LegalBasis]:
    """Every known legal-basis id; a rule citing anything else fails to load."""
    raw = yaml.safe_load(LEGAL_BASIS_FILE.read_text(encoding="utf-8"))
    try:
        return {str(k): LegalBasis.model_validate(v) for k, v in raw.items()}
    except ValidationError as exc:
        raise RulePackError(f"{LEGAL_BASIS_FILE.name}: {exc}") from exc
