"""Pre-check receipts, and whether a stream was pre-checked before it went live.

A receipt is the stored pre-check submission: script hash, the rule-pack and detector versions
that judged it, the findings, who and when. A regulator asks of a stream: did its merchant or
host pre-check a script before going live, and did the live findings come from that script
(flagged and aired anyway), from script text the check passed, or from words not in it?
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liveguard import __version__
from liveguard.alerts import precheck
from liveguard.alerts.crud import merchants, suppressions
from liveguard.alerts.models import FindingRecord, PrecheckSubmission, Stream, User
from liveguard.contracts import ProductContext
from liveguard.errors import InputError
from liveguard.rules.options import RulesOptions

RECEIPT_FORMAT = "liveguard-precheck-receipt/1"


def script_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def engine_versions(
    language: str,
    text: str,
    model_versions: Sequence[str | None],
    options: RulesOptions | None = None,
) -> tuple[str, str, list[str]]:
    """(language, rule-pack version, detector versions) of the engine that checks ``text``
    with ``options`` (extra packs change the pack version)."""
    from liveguard.rules import detect_language, load_engine

    lang = language if language in ("zh", "en") else detect_language(text)
    pack = load_engine(lang, options).pack_version
    detectors = sorted({f"liveguard-rules {__version__}", *(m for m in model_versions if m)})
    return lang, pack, detectors


def check_and_store(
    session: Session,
    user: User,
    text: str,
    *,
    source: str,
    filename: str = "",
    language: str = "auto",
    category: str | None = None,
    products: Sequence[ProductContext] = (),
    host_id: str = "",
    options: RulesOptions | None = None,
) -> PrecheckSubmission:
    """Run the pre-check as the monitor would (allow-list and suppressions included) and store
    it with its receipt. Raises the pre-check's ``InputError``/``EngineUnavailableError``.

    ``options``: how the rules run (the app's, from its settings; default: the documented
    defaults)."""
    merchant_id = user.merchant_id or ""
    allow = merchants.allow_entries(session, merchant_id) if merchant_id else []
    active = suppressions.active_for(session, merchant_id=merchant_id, host_id=host_id)
    hits = [
        hit
        for hit in precheck.run_check(
            text,
            language=language,
            category=category,
            allow_list=allow,
            products=products,
            source=filename or source,
            options=options,
        )
        if suppressions.covering(active, hit.finding.rule_id, hit.finding.matched_text) is None
    ]
    try:
        lang, pack, detectors = engine_versions(
            language, text, [h.finding.model_version for h in hits], options
        )
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    return merchants.save_submission(
        session,
        user,
        merchant_id,
        source,
        filename,
        text,
        [precheck.finding_record(h) for h in hits],
        host_id=host_id,
        script_sha256=script_sha256(text),
        language=lang,
        rule_pack_version=pack,
        detector_versions=detectors,
    )


def receipt_doc(sub: PrecheckSubmission, checked_by: str) -> dict[str, Any]:
    """The receipt as the merchant downloads it (JSON)."""
    return {
        "format": RECEIPT_FORMAT,
        "id": sub.id,
        "merchant_id": sub.merchant_id,
        "host_id": sub.host_id,
        "checked_by": checked_by,
        "checked_at": sub.created_at.isoformat(),
        "source": sub.source,
        "filename": sub.filename,
        "characters": len(sub.text),
        "script_sha256": sub.script_sha256,
        "language": sub.language,
        "rule_pack_version": sub.rule_pack_version,
        "detector_versions": list(sub.detector_versions),
        "findings": list(sub.findings),
        "script": sub.text,
    }


def checked_by(session: Session, sub: PrecheckSubmission) -> str:
    user = session.get(User, sub.user_id) if sub.user_id is not None else None
    return user.username if user is not None else ""


def receipts_before(
    session: Session, stream: Stream, limit: int = 20, merchant_scope: str | None = None
) -> Sequence[PrecheckSubmission]:
    """Receipts of the stream's merchant, or naming its host, made before it went live.

    Under a merchant scope only that merchant's own receipts count (another merchant's
    pre-check naming the same host is not theirs to see)."""
    parties = []
    if stream.merchant_id:
        parties.append(PrecheckSubmission.merchant_id == stream.merchant_id)
    if stream.host_id:
        parties.append(PrecheckSubmission.host_id == stream.host_id)
    if not parties:
        return []
    query = (
        select(PrecheckSubmission)
        .where(or_(*parties))
        .order_by(PrecheckSubmission.created_at.desc(), PrecheckSubmission.id.desc())
        .limit(limit)
    )
    if stream.started_at is not None:
        query = query.where(PrecheckSubmission.created_at <= stream.started_at)
    if merchant_scope is not None:
        query = query.where(PrecheckSubmission.merchant_id == merchant_scope)
    return session.execute(query).scalars().all()


@dataclass(frozen=True)
class LiveComparison:
    rule_id: str
    matched_text: str
    finding_id: str
    case_id: int
    verdict: str
    """``flagged_in_precheck`` (the check warned, it was said anyway), ``in_script_not_flagged``
    or ``not_in_script`` (improvised)."""


@dataclass
class StreamPrecheck:
    stream: Stream
    receipts: list[PrecheckSubmission] = field(default_factory=list)
    compared_with: PrecheckSubmission | None = None
    live: list[LiveComparison] = field(default_factory=list)
    precheck_only: list[dict[str, Any]] = field(default_factory=list)
    """Pre-check findings never heard live (fixed or left out)."""

    @property
    def prechecked(self) -> bool:
        return bool(self.receipts)

    def counts(self) -> dict[str, int]:
        out = {"flagged_in_precheck": 0, "in_script_not_flagged": 0, "not_in_script": 0}
        for item in self.live:
            out[item.verdict] += 1
        return out


def stream_precheck(
    session: Session, stream_id: str, merchant_scope: str | None = None
) -> StreamPrecheck | None:
    stream = session.get(Stream, stream_id)
    if stream is None or (merchant_scope is not None and stream.merchant_id != merchant_scope):
        return None
    out = StreamPrecheck(
        stream=stream,
        receipts=list(receipts_before(session, stream, merchant_scope=merchant_scope)),
    )
    if not out.receipts:
        out.live = [
            LiveComparison(f.rule_id, f.matched_text, f.finding_id, f.case_id, "not_in_script")
            for f in _live_findings(session, stream_id)
        ]
        return out
    latest = out.receipts[0]
    out.compared_with = latest
    flagged = {(str(f["rule_id"]), str(f["matched_text"])) for f in latest.findings}
    flagged_rules = {rule for rule, _ in flagged}
    heard: set[str] = set()
    for f in _live_findings(session, stream_id):
        if (f.rule_id, f.matched_text) in flagged or (
            f.rule_id in flagged_rules and f.matched_text in latest.text
        ):
            verdict = "flagged_in_precheck"
            heard.add(f.rule_id)
        elif f.matched_text and f.matched_text in latest.text:
            verdict = "in_script_not_flagged"
        else:
            verdict = "not_in_script"
        out.live.append(LiveComparison(f.rule_id, f.matched_text, f.finding_id, f.case_id, verdict))
    out.precheck_only = [f for f in latest.findings if str(f["rule_id"]) not in heard]
    return out


def _live_findings(session: Session, stream_id: str) -> Sequence[FindingRecord]:
    return (
        session.execute(
            select(FindingRecord)
            .where(FindingRecord.stream_id == stream_id)
            .order_by(FindingRecord.observed_at)
            .limit(2000)
        )
        .scalars()
        .all()
    )


def latest_started(
    session: Session,
    merchant_scope: str | None = None,
    limit: int = 20,
    *,
    merchant_id: str | None = None,
    host_id: str | None = None,
) -> list[StreamPrecheck]:
    """The most recent streams and whether each was pre-checked (the regulator's overview)."""
    query = select(Stream).order_by(Stream.started_at.desc().nulls_last(), Stream.id).limit(limit)
    if merchant_scope is not None:
        query = query.where(Stream.merchant_id == merchant_scope)
    if merchant_id:
        query = query.where(Stream.merchant_id == merchant_id)
    if host_id:
        query = query.where(Stream.host_id == host_id)
    return [
        StreamPrecheck(stream=s, receipts=list(receipts_before(session, s, 1, merchant_scope)))
        for s in session.execute(query).scalars()
    ]
