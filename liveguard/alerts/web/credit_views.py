"""Credit, receipts and feedback records → the plain view records templates show.

Every read goes through the alerts crud layer with the signed-in user's merchant scope, so a
merchant's page can never show another party's credit.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from liveguard.alerts.crud import credit
from liveguard.alerts.models import CreditScore
from liveguard.alerts.web.views import CreditView


def credit_view(party_type: str, party_id: str, row: CreditScore | None) -> CreditView:
    if row is None:
        return CreditView(party_type, party_id, None)
    return CreditView(
        party_type=row.party_type,
        party_id=row.party_id,
        score=row.score,
        band=row.band,
        weights_version=row.weights_version,
        case_count=row.case_count,
    )


def visible(party_type: str, party_id: str, merchant_scope: str | None) -> bool:
    """A merchant sees only its own merchant credit; other roles see every party."""
    if not party_id:
        return False
    return merchant_scope is None or (party_type == "merchant" and party_id == merchant_scope)


def party_credits(
    session: Session, parties: Iterable[tuple[str, str]], merchant_scope: str | None
) -> tuple[CreditView, ...]:
    out = []
    for party_type, party_id in parties:
        if visible(party_type, party_id, merchant_scope):
            row = credit.get_score(session, party_type, party_id, merchant_scope=merchant_scope)
            out.append(credit_view(party_type, party_id, row))
    return tuple(out)
