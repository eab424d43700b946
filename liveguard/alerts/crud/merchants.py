"""Merchant-owned records: allow-list entries and pre-check submissions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liveguard.alerts.crud import audit
from liveguard.alerts.models import AllowListEntry, PrecheckSubmission, User
from liveguard.contracts import AllowEntry
from liveguard.errors import InputError


def list_allow(session: Session, merchant_id: str | None) -> Sequence[AllowListEntry]:
    query = select(AllowListEntry).order_by(AllowListEntry.id)
    if merchant_id is not None:
        query = query.where(AllowListEntry.merchant_id == merchant_id)
    return session.execute(query.limit(5000)).scalars().all()


def allow_entries(session: Session, merchant_id: str) -> list[AllowEntry]:
    """The merchant's allow-list as the rule engine takes it."""
    return [
        AllowEntry(merchant_id=e.merchant_id, term=e.term, kind=e.kind, proof_ref=e.proof_ref)
        for e in list_allow(session, merchant_id)
    ]


def add_allow(
    session: Session, user: User, merchant_id: str, term: str, kind: str, proof_ref: str
) -> AllowListEntry:
    AllowEntry(merchant_id=merchant_id, term=term, kind=kind, proof_ref=proof_ref)
    exists = session.execute(
        select(AllowListEntry.id).where(
            AllowListEntry.merchant_id == merchant_id, AllowListEntry.term == term
        )
    ).first()
    if exists:
        raise InputError(f"{term!r} is already on the allow-list")
    entry = AllowListEntry(merchant_id=merchant_id, term=term, kind=kind, proof_ref=proof_ref)
    session.add(entry)
    session.flush()
    audit.record(session, user, "allow_list", entry.id, "add", term=term, merchant=merchant_id)
    return entry


def remove_allow(session: Session, user: User, entry_id: int, merchant_scope: str | None) -> None:
    entry = session.get(AllowListEntry, entry_id)
    if entry is None or (merchant_scope is not None and entry.merchant_id != merchant_scope):
        raise InputError(f"no allow-list entry {entry_id}")
    audit.record(session, user, "allow_list", entry.id, "remove", term=entry.term)
    session.delete(entry)


def save_submission(
    session: Session,
    user: User,
    merchant_id: str,
    source: str,
    filename: str,
    text: str,
    findings: list[dict[str, Any]],
    *,
    host_id: str = "",
    script_sha256: str = "",
    language: str = "",
    rule_pack_version: str = "",
    detector_versions: Sequence[str] = (),
) -> PrecheckSubmission:
    """Store the pre-check with its receipt fields (what judged it, and the text's hash)."""
    submission = PrecheckSubmission(
        merchant_id=merchant_id,
        user_id=user.id,
        source=source,
        filename=filename,
        text=text,
        findings=findings,
        host_id=host_id,
        script_sha256=script_sha256,
        language=language,
        rule_pack_version=rule_pack_version,
        detector_versions=list(detector_versions),
    )
    session.add(submission)
    session.flush()
    return submission


def list_submissions(
    session: Session, merchant_scope: str | None, limit: int = 100
) -> Sequence[PrecheckSubmission]:
    query = select(PrecheckSubmission).order_by(PrecheckSubmission.id.desc()).limit(limit)
    if merchant_scope is not None:
        query = query.where(PrecheckSubmission.merchant_id == merchant_scope)
    return session.execute(query).scalars().all()


def get_submission(
    session: Session, submission_id: int, merchant_scope: str | None
) -> PrecheckSubmission | None:
    found = session.get(PrecheckSubmission, submission_id)
    if found is None or (merchant_scope is not None and found.merchant_id != merchant_scope):
        return None
    return found
