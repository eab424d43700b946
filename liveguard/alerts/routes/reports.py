"""Regulators' reports, exports, evidence bundles and rule quality."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from liveguard.alerts import exports
from liveguard.alerts.crud import audit, reports
from liveguard.alerts.crud import cases as case_crud
from liveguard.alerts.crud.reports import CORRECTION_COLUMNS
from liveguard.alerts.deps import DbId, Reader, Reporter, SessionDep, SettingsDep
from liveguard.alerts.problems import Problem
from liveguard.alerts.schemas import CorrectionRateOut, RuleQualityOut

router = APIRouter(tags=["reports"])


def report_filters(
    since: datetime | None = None,
    until: datetime | None = None,
    platform_id: str | None = None,
    merchant_id: str | None = None,
    host_id: str | None = None,
    family: Literal["efficacy", "scarcity", "price"] | None = None,
    rule_id: str | None = None,
    decision: Literal["open", "confirmed", "dismissed", "escalated"] | None = None,
) -> reports.ReportFilters:
    return reports.ReportFilters(
        since=since,
        until=until,
        platform_id=platform_id,
        merchant_id=merchant_id,
        host_id=host_id,
        family=family,
        rule_id=rule_id,
        decision=decision,
    )


Filters = Annotated[reports.ReportFilters, Depends(report_filters)]

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@router.get("/reports/summary")
def summary(user: Reporter, session: SessionDep, filters: Filters) -> dict[str, Any]:
    """Totals, cases by family and day, top rules and offenders, time to review."""
    return reports.summary(session, filters)


@router.get("/reports/export")
def export(
    user: Reporter,
    session: SessionDep,
    filters: Filters,
    format: Literal["csv", "xlsx", "json"] = "csv",
) -> Response:
    rows = reports.case_rows(session, filters)
    data = {"csv": exports.to_csv, "xlsx": exports.to_xlsx, "json": exports.to_json}[format](rows)
    return _download(session, user, data, format, "cases")


def _download(session: SessionDep, user: Reporter, data: bytes, fmt: str, what: str) -> Response:
    """An exported file, with the export written to the audit log."""
    audit.record(
        session, user, "report", "export" if what == "cases" else what, "export", format=fmt
    )
    session.commit()
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="liveguard-{what}.{fmt}"'},
    )


@router.get("/reports/corrections", response_model=None)
def corrections(
    user: Reporter,
    session: SessionDep,
    filters: Filters,
    format: Literal["json", "csv", "xlsx"] = "json",
) -> list[CorrectionRateOut] | Response:
    """On-the-spot corrections (第三十一条): rate and median delay by host, merchant and rule.

    ``format=json`` answers with the rows; ``csv`` and ``xlsx`` download them.
    """
    rows = reports.correction_rates(session, filters)
    if format == "json":
        return [CorrectionRateOut(**row) for row in rows]
    data = (
        exports.to_csv(rows, CORRECTION_COLUMNS)
        if format == "csv"
        else exports.to_xlsx(rows, CORRECTION_COLUMNS, "corrections")
    )
    return _download(session, user, data, format, "corrections")


@router.get("/cases/{case_id}/bundle", tags=["cases"])
def bundle(case_id: DbId, user: Reporter, session: SessionDep, settings: SettingsDep) -> Response:
    """The evidence bundle: clips, transcript, findings, audit trail and a sha256 manifest."""
    case = case_crud.get_case(session, case_id)
    if case is None:
        raise Problem(404, f"no case {case_id}")
    data = exports.evidence_bundle(session, settings, case)
    audit.record(session, user, "case", case_id, "export_bundle")
    session.commit()
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="case-{case_id}.zip"'},
    )


@router.get("/rules/quality", response_model=list[RuleQualityOut])
def rule_quality(user: Reader, session: SessionDep, filters: Filters) -> list[RuleQualityOut]:
    return [RuleQualityOut(**row) for row in reports.rule_quality(session, filters)]
