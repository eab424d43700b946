"""The JSON API under ``/api``; one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from liveguard.alerts.routes import (
    admin,
    blacklist,
    cases,
    credit,
    feedback,
    merchants,
    precheck,
    receipts,
    reports,
    session,
)

api_router = APIRouter(prefix="/api")
for module in (
    session,
    cases,
    blacklist,
    reports,
    receipts,
    precheck,
    merchants,
    admin,
    credit,
    feedback,
):
    api_router.include_router(module.router)

__all__ = ["api_router"]
