"""The JSON API under ``/api``; one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from liveguard.alerts.routes import admin, blacklist, cases, merchants, precheck, reports, session

api_router = APIRouter(prefix="/api")
for module in (session, cases, blacklist, reports, precheck, merchants, admin):
    api_router.include_router(module.router)

__all__ = ["api_router"]
