"""Merchant script pre-check: text, a .txt/.docx file or a rehearsal recording."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from liveguard.alerts import precheck
from liveguard.alerts.crud import merchants, receipts
from liveguard.alerts.deps import DbId, MerchantOrAdmin, SessionDep, SettingsDep, merchant_scope
from liveguard.alerts.limits import RateLimiter
from liveguard.alerts.models import PrecheckSubmission, User
from liveguard.alerts.problems import Problem
from liveguard.alerts.schemas import PrecheckFindingOut, PrecheckIn, PrecheckOut
from liveguard.contracts import ProductContext
from liveguard.errors import InputError
from liveguard.rules.options import RulesOptions
from liveguard.settings import Settings

router = APIRouter(prefix="/precheck", tags=["pre-check"])


def _rate_limit(request: Request, user: User) -> None:
    limiter: RateLimiter = request.app.state.precheck_limiter
    allowed, wait = limiter.allow(f"user:{user.id}")
    if not allowed:
        raise Problem(429, f"pre-check limit reached; try again in {int(wait) + 1} s")


def _out(sub: PrecheckSubmission, checked_by: str = "") -> PrecheckOut:
    return PrecheckOut(
        id=sub.id,
        source=sub.source,
        filename=sub.filename,
        characters=len(sub.text),
        findings=[PrecheckFindingOut(**f) for f in sub.findings],
        created_at=sub.created_at,
        merchant_id=sub.merchant_id,
        host_id=sub.host_id,
        checked_by=checked_by,
        script_sha256=sub.script_sha256,
        language=sub.language,
        rule_pack_version=sub.rule_pack_version,
        detector_versions=[str(v) for v in sub.detector_versions],
    )


async def _check_and_store(
    session: SessionDep,
    user: User,
    text: str,
    *,
    source: str,
    filename: str,
    language: str,
    category: str | None,
    options: RulesOptions,
    products: Sequence[ProductContext] = (),
    host_id: str = "",
) -> PrecheckOut:
    try:
        sub = await run_in_threadpool(
            partial(
                receipts.check_and_store,
                session,
                user,
                text,
                source=source,
                filename=filename,
                language=language,
                category=category,
                products=products,
                host_id=host_id,
                options=options,
            )
        )
    except InputError as exc:
        raise Problem(400, str(exc)) from exc
    session.commit()
    return _out(sub, user.username)


@router.post("", response_model=PrecheckOut, status_code=201)
async def check_text(
    body: PrecheckIn,
    request: Request,
    user: MerchantOrAdmin,
    session: SessionDep,
    settings: SettingsDep,
) -> PrecheckOut:
    """Check script text; findings carry the line, a highlight and a suggested rewrite."""
    _rate_limit(request, user)
    return await _check_and_store(
        session,
        user,
        body.text,
        source="text",
        filename="",
        language=body.language,
        category=body.category,
        options=RulesOptions.from_settings(settings),
        products=body.products,
        host_id=body.host_id.strip(),
    )


@router.post("/upload", response_model=PrecheckOut, status_code=201)
async def check_upload(
    request: Request,
    user: MerchantOrAdmin,
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description=".txt, .docx or an audio recording")],
    language: Annotated[str, Form(pattern="^(auto|zh|en)$")] = "auto",
    category: Annotated[str | None, Form(max_length=40)] = None,
    host_id: Annotated[str, Form(max_length=200)] = "",
) -> PrecheckOut:
    _rate_limit(request, user)
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise Problem(413, f"the file exceeds {settings.max_upload_bytes} bytes")
    if not data:
        raise Problem(400, "the file is empty")
    filename = Path(file.filename or "").name[:300]
    try:
        kind = precheck.upload_kind(filename, data[:64])
        if kind == "text":
            text = precheck.decode_text(data)
        elif kind == "docx":
            text = await run_in_threadpool(
                precheck.docx_text, data, settings.precheck_max_unzipped_bytes
            )
        else:
            transcribe: precheck.RecordingText | None = request.app.state.recording_text
            if transcribe is None:
                raise Problem(503, "this service was built without the speech pipeline")
            suffix = Path(filename).suffix or ".wav"
            text = await _transcribe(data, suffix, language, settings, transcribe)
        precheck.check_length(text)
    except precheck.UploadTooLargeError as exc:
        raise Problem(413, str(exc)) from exc
    except precheck.UploadInvalidError as exc:
        raise Problem(422, str(exc)) from exc
    except InputError as exc:
        raise Problem(415 if "upload a" in str(exc) else 400, str(exc)) from exc
    if not text.strip():
        raise Problem(400, "no script text found in the file")
    return await _check_and_store(
        session,
        user,
        text,
        source=kind,
        filename=filename,
        language=language,
        category=category,
        # a recording's text is a transcript: the learned heads' speech operating point
        options=RulesOptions.from_settings(settings, speech=kind == "audio"),
        host_id=host_id.strip(),
    )


async def _transcribe(
    data: bytes,
    suffix: str,
    language: str,
    settings: Settings,
    transcribe: precheck.RecordingText,
) -> str:
    """A recording's text; refused (before any recognition) when its stated length is over
    ``precheck_max_audio_s``, and cut off at that length when it states none."""
    limit = settings.precheck_max_audio_s
    seconds = await run_in_threadpool(precheck.recording_seconds, data, suffix)
    if seconds is not None and seconds > limit:
        raise precheck.UploadTooLargeError(precheck.too_long(seconds, limit))
    return await run_in_threadpool(
        partial(precheck.audio_text, language=language, settings=settings, transcribe=transcribe),
        data,
        suffix,
    )


@router.get("", response_model=list[PrecheckOut])
def submissions(user: MerchantOrAdmin, session: SessionDep) -> list[PrecheckOut]:
    """Earlier submissions (kept as the wording-review record); a merchant sees its own."""
    return [_out(s) for s in merchants.list_submissions(session, merchant_scope(user))]


@router.get("/{submission_id}", response_model=PrecheckOut)
def submission(submission_id: DbId, user: MerchantOrAdmin, session: SessionDep) -> PrecheckOut:
    found = merchants.get_submission(session, submission_id, merchant_scope(user))
    if found is None:
        raise Problem(404, f"no submission {submission_id}")
    return _out(found, receipts.checked_by(session, found))
