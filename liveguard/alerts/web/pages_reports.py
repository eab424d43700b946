"""Regulator dashboard: the report aggregates as charts, plus the API's export links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from liveguard.alerts.crud import credit, receipts, reports
from liveguard.alerts.deps import SessionDep, merchant_scope
from liveguard.alerts.web.auth import Reporter, to_web
from liveguard.alerts.web.credit_views import credit_view
from liveguard.alerts.web.render import page
from liveguard.alerts.web.views import Report

router = APIRouter()

FAMILIES = ("efficacy", "scarcity", "price")
CHART_W, CHART_H, PAD = 760, 180, 20


@dataclass(frozen=True)
class Bar:
    family: str
    x: float
    y: float
    width: float
    height: float
    count: int


@dataclass(frozen=True)
class DayChart:
    width: int
    height: int
    ymax: int
    bars: tuple[Bar, ...]
    xlabels: tuple[tuple[float, str], ...]
    totals: tuple[tuple[str, int], ...]


def day_chart(per_day: list[dict[str, Any]]) -> DayChart:
    """Daily counts stacked by family, as SVG rectangles (no chart library, no external host)."""
    days = [str(d["day"]) for d in per_day]
    ymax = max([sum(int(d.get(f, 0)) for f in FAMILIES) for d in per_day] + [1])
    slot = (CHART_W - 2 * PAD) / max(len(days), 1)
    width = min(48.0, slot * 0.7)
    scale = (CHART_H - 2 * PAD) / ymax
    bars: list[Bar] = []
    for i, d in enumerate(per_day):
        x = PAD + i * slot + (slot - width) / 2
        base = float(CHART_H - PAD)
        for f in FAMILIES:
            n = int(d.get(f, 0))
            if n:
                h = n * scale
                base -= h
                bars.append(Bar(f, round(x, 1), round(base, 1), round(width, 1), round(h, 1), n))
    every = max(1, len(days) // 10)
    labels = tuple(
        (PAD + i * slot + slot / 2 - 14, day[5:]) for i, day in enumerate(days) if i % every == 0
    )
    totals = tuple((f, sum(int(d.get(f, 0)) for d in per_day)) for f in FAMILIES)
    return DayChart(CHART_W, CHART_H, ymax, tuple(bars), labels, totals)


def to_report(summary: dict[str, Any], quality: list[dict[str, Any]]) -> Report:
    per_day = tuple(
        (str(d["day"]), f, int(d.get(f, 0))) for d in summary["by_family_day"] for f in FAMILIES
    )
    dismissal: dict[str, list[int]] = {}
    for q in quality:
        acc = dismissal.setdefault(str(q["rule_id"]), [0, 0])
        acc[0] += int(q["dismissed"])
        acc[1] += int(q["confirmed"]) + int(q["dismissed"])
    ttr = summary["time_to_review_s"]
    return Report(
        per_day=per_day,
        top_rules=tuple((str(r["rule_id"]), int(r["cases"])) for r in summary["top_rules"]),
        top_hosts=tuple((str(r["id"]), int(r["cases"])) for r in summary["top_hosts"]),
        top_merchants=tuple((str(r["id"]), int(r["cases"])) for r in summary["top_merchants"]),
        review_median_s=ttr["median"],
        review_p90_s=ttr["p90"],
        dismissal=tuple(
            sorted(
                ((rule, d, n) for rule, (d, n) in dismissal.items()),
                key=lambda r: (-(r[1] / r[2]) if r[2] else 0.0, r[0]),
            )
        ),
        corrections=tuple(
            (group, str(r["id"]), int(r["findings"]), int(r["corrected"]), r["median_delay_s"])
            for group in ("host", "merchant", "rule")
            for r in summary["corrections"][f"by_{group}"]
        ),
    )


def _day(value: str, end: bool = False) -> datetime | None:
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return None
    start = datetime.combine(d, time.min, tzinfo=UTC)
    return start + timedelta(days=1) if end else start


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    user: Reporter,
    since: str = "",
    until: str = "",
    family: str = "",
    merchant_id: str = "",
    host_id: str = "",
) -> HTMLResponse:
    start, stop = _day(since), _day(until, end=True)
    filters = reports.ReportFilters(
        since=start,
        until=stop,
        family=family if family in FAMILIES else None,
        merchant_id=merchant_id or None,
        host_id=host_id or None,
    )
    summary = reports.summary(session, filters)
    report = to_report(summary, reports.rule_quality(session, filters))
    api_query: dict[str, str] = {}
    if start:
        api_query["since"] = start.isoformat()
    if stop:
        api_query["until"] = stop.isoformat()
    for key, value in (
        ("family", filters.family),
        ("merchant_id", merchant_id),
        ("host_id", host_id),
    ):
        if value:
            api_query[key] = value

    def export_url(fmt: str, report: str = "export") -> str:
        return f"/api/reports/{report}?" + urlencode({**api_query, "format": fmt})

    return page(
        request,
        "dashboard.html",
        to_web(user),
        report=report,
        chart=day_chart(summary["by_family_day"]),
        credits=[
            credit_view(r.party_type, r.party_id, r)
            for r in credit.list_scores(session, merchant_scope=merchant_scope(user), limit=500)
            if (not merchant_id or (r.party_type, r.party_id) == ("merchant", merchant_id))
            and (not host_id or (r.party_type, r.party_id) == ("host", host_id))
        ][:10],
        streams=receipts.latest_started(
            session,
            merchant_scope(user),
            limit=15,
            merchant_id=merchant_id or None,
            host_id=host_id or None,
        ),
        export_url=export_url,
        q={
            "since": since,
            "until": until,
            "family": family,
            "merchant_id": merchant_id,
            "host_id": host_id,
        },
    )
