"""``/docs``: Swagger UI served from the installed ``swagger-ui-py`` package, not a CDN.

The review service often runs where the internet is not reachable (or must not be: a page that
pulls scripts from a public CDN hands that CDN the ability to run code next to a moderator's
session). The page's only script besides the bundle is a static file, so the strict content
security policy of :mod:`liveguard.alerts.headers` holds here too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from liveguard.errors import ConfigError

DOCS_ASSETS = "/docs/assets"
INIT_SCRIPT = "/ui/static/docs-init.js"
"""Served with the pages' static files (liveguard/alerts/web/static)."""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} — API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css"></head>
<body><div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{init}"></script>
</body></html>
"""


def swagger_ui_static() -> Path:
    """The Swagger UI 5 files inside ``swagger-ui-py`` (found, not imported: the package's
    ``__init__`` loads its web-framework adapters, which this service does not use)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the swagger-ui-py package is missing (pip install swagger-ui-py)")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def mount(app: FastAPI) -> None:
    """Add ``/docs`` (create the app with ``docs_url=None`` so FastAPI's CDN page is absent)."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_static()), name="docs-assets")
    html = PAGE.format(
        title=app.title, assets=DOCS_ASSETS, openapi=app.openapi_url, init=INIT_SCRIPT
    )

    @app.get("/docs", include_in_schema=False)
    def _docs() -> HTMLResponse:
        return HTMLResponse(html)
