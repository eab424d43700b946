"""Pre-check receipts (download) and whether a stream was pre-checked before going live."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from liveguard.alerts.crud import merchants, receipts
from liveguard.alerts.deps import AnyRole, DbId, SessionDep, merchant_scope
from liveguard.alerts.problems import Problem
from liveguard.alerts.schemas_feedback import (
    LiveComparisonOut,
    ReceiptSummaryOut,
    StreamPrecheckOut,
)

router = APIRouter(tags=["pre-check"])


@router.get("/precheck/{submission_id}/receipt")
def receipt(submission_id: DbId, user: AnyRole, session: SessionDep) -> Response:
    """The receipt as a JSON file: hash, versions, findings, who and when, and the script."""
    found = merchants.get_submission(session, submission_id, merchant_scope(user))
    if found is None:
        raise Problem(404, f"no submission {submission_id}")
    doc = receipts.receipt_doc(found, receipts.checked_by(session, found))
    return Response(
        json.dumps(doc, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="precheck-receipt-{found.id}.json"'},
    )


@router.get("/streams/{stream_id}/precheck", response_model=StreamPrecheckOut)
def stream_precheck(
    stream_id: Annotated[str, Path(max_length=200)], user: AnyRole, session: SessionDep
) -> StreamPrecheckOut:
    """Did the stream's merchant or host pre-check before going live, and how do the live
    findings compare with the pre-checked script?"""
    found = receipts.stream_precheck(session, stream_id, merchant_scope(user))
    if found is None:
        raise Problem(404, f"no stream {stream_id}")
    s = found.stream
    return StreamPrecheckOut(
        stream_id=s.id,
        merchant_id=s.merchant_id,
        host_id=s.host_id,
        started_at=s.started_at,
        prechecked=found.prechecked,
        receipts=[
            ReceiptSummaryOut(
                id=r.id,
                merchant_id=r.merchant_id,
                host_id=r.host_id,
                created_at=r.created_at,
                script_sha256=r.script_sha256,
                rule_pack_version=r.rule_pack_version,
                findings=len(r.findings),
            )
            for r in found.receipts
        ],
        compared_with=found.compared_with.id if found.compared_with else None,
        live=[
            LiveComparisonOut(
                rule_id=c.rule_id,
                matched_text=c.matched_text,
                finding_id=c.finding_id,
                case_id=c.case_id,
                verdict=c.verdict,
            )
            for c in found.live
        ],
        counts=found.counts(),
        precheck_only=found.precheck_only,
    )
