"""Who owns a stream: the platform's registry first, else the first event that named a merchant.

Audio producers are not trusted to say who a stream belongs to: a first chunk naming another
merchant would hand that merchant the stream's cases and blacklist hits. The platform sets the
owner through the admin API (``PUT /api/admin/streams/{id}/owner``); with an entry there, the
events' ``merchant_id`` is ignored. Without one, the first event that names a merchant sets the
owner and a later event naming another one is refused (dead-lettered by the consumer), audited
and the stream's cases are marked "owner disputed" until an admin settles it in the registry.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit
from liveguard.alerts.models import Case, Stream, User
from liveguard.errors import InputError

REGISTRY = "registry"
FIRST_EVENT = "first_event"


class OwnerDisputeError(InputError):
    """An event names another merchant than the stream's owner."""

    def __init__(self, stream_id: str, owner: str, claimed: str) -> None:
        super().__init__(
            f"owner disputed: stream {stream_id!r} belongs to merchant {owner!r}, "
            f"the event names {claimed!r}"
        )
        self.stream_id, self.owner, self.claimed = stream_id, owner, claimed


def set_owner(session: Session, stream_id: str, merchant_id: str, user: User | None) -> Stream:
    """Record the platform's word on a stream's owner; the stream's cases move to it."""
    stream = session.get(Stream, stream_id)
    if stream is None:
        stream = Stream(id=stream_id, gaps=[])
        session.add(stream)
    previous = stream.merchant_id or ""
    stream.merchant_id, stream.owner_source, stream.owner_disputed = merchant_id, REGISTRY, False
    session.execute(
        update(Case)
        .where(Case.stream_id == stream_id)
        .values(merchant_id=merchant_id, owner_disputed=False)
    )
    audit.record(
        session, user, "stream", stream_id, "owner_set", previous=previous, merchant_id=merchant_id
    )
    session.flush()
    return stream


def check_claim(stream: Stream, claimed: str) -> None:
    """Adopt a first claim; refuse one that contradicts the owner (registry claims are moot)."""
    if not claimed or stream.owner_source == REGISTRY:
        return
    if not stream.merchant_id:
        stream.merchant_id, stream.owner_source = claimed, FIRST_EVENT
    elif claimed != stream.merchant_id:
        raise OwnerDisputeError(stream.id, stream.merchant_id, claimed)


def record_dispute(session: Session, exc: OwnerDisputeError) -> None:
    """Audit a refused claim and mark the stream and its cases as disputed."""
    stream = session.get(Stream, exc.stream_id)
    if stream is None or stream.owner_disputed:
        return  # audited once per dispute; later refusals are only dead-lettered
    stream.owner_disputed = True
    session.execute(update(Case).where(Case.stream_id == exc.stream_id).values(owner_disputed=True))
    audit.record(
        session,
        None,
        "stream",
        exc.stream_id,
        "owner_disputed",
        str(exc),
        owner=exc.owner,
        claimed=exc.claimed,
    )
    session.flush()
