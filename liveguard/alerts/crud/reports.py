"""Regulators' reports: filtered case rows, aggregates and rule quality.

Aggregates are computed in SQL where the databases agree (counts, group by) and in Python where
they do not (day buckets, medians), so SQLite and PostgreSQL give the same numbers.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from liveguard.alerts.models import Case, CaseKind, CaseStatus, FindingRecord

Q = TypeVar("Q", bound="Select[*tuple[Any, ...]]")


@dataclass
class ReportFilters:
    since: datetime | None = None
    until: datetime | None = None
    platform_id: str | None = None
    merchant_id: str | None = None
    host_id: str | None = None
    family: str | None = None
    rule_id: str | None = None
    decision: str | None = None
    """A case status: open, confirmed, dismissed, escalated."""

    def apply(self, query: Q) -> Q:
        if self.since is not None:
            query = query.where(Case.last_seen >= self.since)
        if self.until is not None:
            query = query.where(Case.last_seen < self.until)
        for column, value in (
            (Case.platform_id, self.platform_id),
            (Case.merchant_id, self.merchant_id),
            (Case.host_id, self.host_id),
            (Case.family, self.family),
            (Case.rule_id, self.rule_id),
            (Case.status, self.decision),
        ):
            if value is not None:
                query = query.where(column == value)
        return query


EXPORT_COLUMNS = (
    "id",
    "kind",
    "stream_id",
    "platform_id",
    "host_id",
    "merchant_id",
    "rule_id",
    "family",
    "severity",
    "evidence",
    "status",
    "finding_count",
    "first_seen",
    "last_seen",
    "decided_at",
    "decision_reason",
    "rule_pack_version",
    "title",
    "correction_status",
    "corrected_at",
    "correction_delay_s",
)

CORRECTION_COLUMNS = (
    "group",
    "id",
    "findings",
    "corrected",
    "rate",
    "median_delay_s",
    "median_webhook_delay_s",
)
"""One row per host, merchant and rule: how often and how fast findings were corrected."""


def case_rows(
    session: Session, filters: ReportFilters, limit: int = 100_000
) -> Iterator[dict[str, Any]]:
    """Export rows in id order, streamed in batches."""
    last_id = 0
    remaining = limit
    while remaining > 0:
        batch = min(remaining, 2000)
        query = filters.apply(select(Case)).where(Case.id > last_id).order_by(Case.id).limit(batch)
        rows = session.execute(query).scalars().all()
        if not rows:
            return
        for row in rows:
            yield {
                name: (v.isoformat() if isinstance(v, datetime) else v)
                for name in EXPORT_COLUMNS
                for v in [getattr(row, name)]
            }
        last_id = rows[-1].id
        remaining -= len(rows)


def _count_by(session: Session, filters: ReportFilters, column: Any, top: int) -> list[Any]:
    query = filters.apply(
        select(column, func.count(Case.id).label("n")).where(column != "").group_by(column)
    )
    rows = session.execute(query.order_by(func.count(Case.id).desc(), column).limit(top)).all()
    return [{"id": key, "cases": n} for key, n in rows]


def summary(session: Session, filters: ReportFilters, top: int = 10) -> dict[str, Any]:
    totals = dict(
        session.execute(
            filters.apply(select(Case.status, func.count(Case.id)).group_by(Case.status))
        ).all()
    )
    by_family_day: dict[str, Counter[str]] = defaultdict(Counter)
    for family, seen, count in session.execute(
        filters.apply(
            select(Case.family, func.date(Case.last_seen), func.count(Case.id)).group_by(
                Case.family, func.date(Case.last_seen)
            )
        )
    ).all():
        by_family_day[str(seen)][family or "blacklist"] += int(count)
    top_rules = [
        {"rule_id": rule, "cases": n, "confirmed": int(c or 0)}
        for rule, n, c in session.execute(
            filters.apply(
                select(
                    Case.rule_id,
                    func.count(Case.id),
                    func.sum(case((Case.status == CaseStatus.CONFIRMED.value, 1), else_=0)),
                )
                .group_by(Case.rule_id)
                .order_by(func.count(Case.id).desc(), Case.rule_id)
                .limit(top)
            )
        ).all()
    ]
    review_s = [
        (decided - first).total_seconds()
        for first, decided in session.execute(
            filters.apply(select(Case.first_seen, Case.decided_at)).where(
                Case.decided_at.is_not(None)
            )
        ).all()
        if decided is not None
    ]
    return {
        "totals": {str(k): int(v) for k, v in totals.items()},
        "cases": int(sum(totals.values())),
        "by_family_day": [
            {"day": day, **dict(sorted(counts.items()))}
            for day, counts in sorted(by_family_day.items())
        ],
        "top_rules": top_rules,
        "top_hosts": _count_by(session, filters, Case.host_id, top),
        "top_merchants": _count_by(session, filters, Case.merchant_id, top),
        "corrections": correction_summary(session, filters, top),
        "time_to_review_s": {
            "decided": len(review_s),
            "mean": statistics.fmean(review_s) if review_s else None,
            "median": statistics.median(review_s) if review_s else None,
            "p90": _quantile(review_s, 0.9),
        },
    }


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def correction_rates(session: Session, filters: ReportFilters) -> list[dict[str, Any]]:
    """Correction rate and median delays by host, merchant and rule (第三十一条).

    Counted per finding (one case may hold a corrected and an uncorrected finding); the delay
    is from the finding to the correction, the webhook delay from the delivered webhook.
    """
    query = filters.apply(
        select(
            Case.host_id,
            Case.merchant_id,
            FindingRecord.rule_id,
            FindingRecord.corrected_at,
            FindingRecord.correction_delay_s,
            FindingRecord.webhook_delay_s,
        )
        .join(FindingRecord, FindingRecord.case_id == Case.id)
        .where(Case.kind == CaseKind.FINDING.value)
    )
    groups: dict[tuple[str, str], list[tuple[bool, float | None, float | None]]] = defaultdict(list)
    for host, merchant, rule, corrected_at, delay, hook in session.execute(query).all():
        fact = (corrected_at is not None, delay, hook)
        for group, key in (("host", host), ("merchant", merchant), ("rule", rule)):
            if key:
                groups[(group, key)].append(fact)
    order = {"host": 0, "merchant": 1, "rule": 2}
    rows: list[dict[str, Any]] = []
    for (group, key), facts in groups.items():
        done = [f for f in facts if f[0]]
        rows.append(
            {
                "group": group,
                "id": key,
                "findings": len(facts),
                "corrected": len(done),
                "rate": len(done) / len(facts),
                "median_delay_s": _median([d for _, d, _ in done if d is not None]),
                "median_webhook_delay_s": _median([h for _, _, h in done if h is not None]),
            }
        )
    rows.sort(key=lambda r: (order[r["group"]], -r["findings"], r["id"]))
    return rows


def correction_summary(session: Session, filters: ReportFilters, top: int) -> dict[str, Any]:
    rows = correction_rates(session, filters)
    findings = sum(r["findings"] for r in rows if r["group"] == "rule")
    corrected = sum(r["corrected"] for r in rows if r["group"] == "rule")
    delays = [
        d
        for (d,) in session.execute(
            filters.apply(
                select(FindingRecord.correction_delay_s)
                .join(Case, FindingRecord.case_id == Case.id)
                .where(FindingRecord.correction_delay_s.is_not(None))
            )
        ).all()
    ]
    return {
        "findings": findings,
        "corrected": corrected,
        "rate": corrected / findings if findings else None,
        "median_delay_s": _median([float(d) for d in delays if d is not None]),
        **{
            f"by_{group}": [r for r in rows if r["group"] == group][:top]
            for group in ("host", "merchant", "rule")
        },
    }


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def rule_quality(session: Session, filters: ReportFilters | None = None) -> list[dict[str, Any]]:
    """Confirm / dismiss rates per rule and rule-pack version: rules that waste reviewers' time
    show a high dismiss rate."""

    def n(status: CaseStatus) -> Any:
        return func.sum(case((Case.status == status.value, 1), else_=0))

    query = (
        select(
            Case.rule_id,
            Case.rule_pack_version,
            func.count(Case.id),
            n(CaseStatus.CONFIRMED),
            n(CaseStatus.DISMISSED),
            n(CaseStatus.ESCALATED),
            n(CaseStatus.OPEN),
        )
        .where(Case.kind == "finding")
        .group_by(Case.rule_id, Case.rule_pack_version)
        .order_by(Case.rule_id, Case.rule_pack_version)
    )
    query = (filters or ReportFilters()).apply(query)
    out = []
    for rule, version, total, confirmed, dismissed, escalated, open_ in session.execute(
        query
    ).all():
        confirmed, dismissed = int(confirmed or 0), int(dismissed or 0)
        decided = confirmed + dismissed
        out.append(
            {
                "rule_id": rule,
                "rule_pack_version": version,
                "cases": int(total),
                "confirmed": confirmed,
                "dismissed": dismissed,
                "escalated": int(escalated or 0),
                "open": int(open_ or 0),
                "confirm_rate": confirmed / decided if decided else None,
                "dismiss_rate": dismissed / decided if decided else None,
            }
        )
    return out
