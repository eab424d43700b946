"""The reviewer's feedback loop: why findings were dismissed, per rule, and labelled lines.

Dismissal reasons start with a code (``asr_error: 面霜 heard as 面双``); the report counts codes
per rule so the rule owner sees *why* a rule wastes reviewers' time, not only how often.
Decided findings export as ``LABELS<TAB>TEXT`` lines (docs/labelling.md), the format
bench/quality.py reads, so real review work becomes test and training data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liveguard.alerts.models import (
    Case,
    CaseKind,
    CaseStatus,
    FindingRecord,
    SegmentRecord,
    Suppression,
    utcnow,
)

DISMISS_REASONS = (
    "false_positive",
    "asr_error",
    "negated_or_quoted",
    "allowed_term",
    "true_fact",
    "duplicate",
    "other",
)
"""Codes a dismissal reason may start with; anything else counts as ``other``."""
FAMILIES = ("efficacy", "scarcity", "price")


def reason_code(reason: str) -> str:
    head = reason.strip().split(":", 1)[0].split(None, 1)
    code = head[0].strip().lower() if head else ""
    return code if code in DISMISS_REASONS else "other"


@dataclass
class RuleFeedback:
    rule_id: str
    confirmed: int = 0
    dismissed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    active_suppressions: int = 0
    suppressed_hits: int = 0

    @property
    def decided(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def false_positive_rate(self) -> float | None:
        return self.dismissed / self.decided if self.decided else None


def false_positive_report(
    session: Session, since: datetime | None = None, until: datetime | None = None
) -> list[RuleFeedback]:
    """Per rule: confirmed, dismissed, the dismissal reasons, and what suppressions absorb.

    Worst false-positive rate first; rules never decided come last.
    """
    query = select(Case.rule_id, Case.status, Case.decision_reason).where(
        Case.kind == CaseKind.FINDING.value,
        Case.status.in_([CaseStatus.CONFIRMED.value, CaseStatus.DISMISSED.value]),
    )
    if since is not None:
        query = query.where(Case.decided_at >= since)
    if until is not None:
        query = query.where(Case.decided_at < until)
    rules: dict[str, RuleFeedback] = {}
    for rule_id, status, reason in session.execute(query):
        row = rules.setdefault(rule_id, RuleFeedback(rule_id))
        if status == CaseStatus.CONFIRMED.value:
            row.confirmed += 1
        else:
            row.dismissed += 1
            code = reason_code(reason or "")
            row.reasons[code] = row.reasons.get(code, 0) + 1
    now = utcnow()
    for rule_id, active, hits in session.execute(
        select(
            Suppression.rule_id,
            func.count(Suppression.id),
            func.coalesce(func.sum(Suppression.hits), 0),
        )
        .where(Suppression.lifted_at.is_(None), Suppression.expires_at > now)
        .group_by(Suppression.rule_id)
    ):
        row = rules.setdefault(rule_id, RuleFeedback(rule_id))
        row.active_suppressions, row.suppressed_hits = int(active), int(hits)
    return sorted(
        rules.values(),
        key=lambda r: (
            r.false_positive_rate is None,
            -(r.false_positive_rate or 0.0),
            -r.decided,
            r.rule_id,
        ),
    )


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def labelled_lines(
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    language: str | None = None,
) -> Iterator[str]:
    """One ``LABELS<TAB>TEXT`` line per decided utterance, in decision order.

    An utterance's labels are the families of its confirmed findings; one whose findings were
    all dismissed is ``-`` (a hard negative: the rules fired and a reviewer said no).
    """
    query = (
        select(FindingRecord, Case.status, Case.family)
        .join(Case, Case.id == FindingRecord.case_id)
        .where(
            Case.kind == CaseKind.FINDING.value,
            Case.status.in_([CaseStatus.CONFIRMED.value, CaseStatus.DISMISSED.value]),
        )
        .order_by(Case.decided_at, Case.id, FindingRecord.observed_at)
    )
    if since is not None:
        query = query.where(Case.decided_at >= since)
    if until is not None:
        query = query.where(Case.decided_at < until)
    if language is not None:
        query = query.where(FindingRecord.language == language)
    order: list[str] = []
    labels: dict[str, set[str]] = {}
    texts: dict[str, str] = {}
    for rec, status, family in session.execute(query):
        key = rec.utterance_id or rec.finding_id
        if key not in labels:
            order.append(key)
            labels[key] = set()
            texts[key] = rec.matched_text
        if status == CaseStatus.CONFIRMED.value and (family or rec.family) in FAMILIES:
            labels[key].add(family or rec.family)
    utterances = [k for k in order if k in labels]
    for start in range(0, len(utterances), 500):
        chunk = utterances[start : start + 500]
        for seg in session.execute(
            select(SegmentRecord).where(SegmentRecord.utterance_id.in_(chunk))
        ).scalars():
            texts[seg.utterance_id] = seg.text
    for key in utterances:
        text = _clean(texts[key])
        if not text:
            continue
        tags = ",".join(f for f in FAMILIES if f in labels[key]) or "-"
        yield f"{tags}\t{text}"
