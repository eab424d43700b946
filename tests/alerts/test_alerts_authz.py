"""Role × endpoint authorisation matrix: every API operation, every role, plus no credentials.

The table is checked against the OpenAPI schema, so a new endpoint without a row fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from liveguard.alerts.ingestion import ingest_events
from liveguard.settings import load_settings

MOD, REG, MER, ADM = "moderator", "regulator", "merchant", "admin"
ALL = {MOD, REG, MER, ADM}
READ = {MOD, REG, ADM}

# (method, path, json body, roles allowed)
MATRIX: list[tuple[str, str, Any, set[str]]] = [
    ("GET", "/api/me", None, ALL),
    ("GET", "/api/cases", None, ALL),
    ("GET", "/api/cases/1", None, ALL),
    ("GET", "/api/cases/1/findings/f/clip", None, ALL),
    ("GET", "/api/cases/1/corrections/c/clip", None, ALL),
    ("GET", "/api/cases/1/audit", None, READ),
    ("POST", "/api/cases/1/claim", None, {MOD, ADM}),
    ("POST", "/api/cases/1/release", None, {MOD, ADM}),
    ("POST", "/api/cases/1/decision", {"action": "escalate", "reason": "r"}, {MOD, ADM}),
    ("POST", "/api/cases/1/hold", {"hold": True, "reason": "court order"}, {ADM}),
    ("GET", "/api/cases/1/bundle", None, {REG, ADM}),
    ("GET", "/api/blacklist", None, ALL),
    (
        "POST",
        "/api/blacklist",
        {"party_type": "host", "party_id": "hx", "reasons": "r", "term_days": 5},
        {MOD, ADM},
    ),
    ("GET", "/api/blacklist/lookup?party_type=host&party_id=h-1", None, READ),
    ("GET", "/api/blacklist/1", None, ALL),
    ("GET", "/api/blacklist/1/audit", None, READ),
    ("POST", "/api/blacklist/1/lift", {"reason": "r"}, {ADM}),
    ("GET", "/api/notices", None, ALL),
    ("GET", "/api/notices/1", None, ALL),
    ("POST", "/api/appeals", {"entry_id": 1, "statement": "s"}, {MER}),
    ("GET", "/api/appeals", None, ALL),
    ("POST", "/api/appeals/1/decision", {"uphold": False, "reason": "r"}, {ADM}),
    ("GET", "/api/reports/summary", None, {REG, ADM}),
    ("GET", "/api/reports/export?format=json", None, {REG, ADM}),
    ("GET", "/api/reports/corrections", None, {REG, ADM}),
    ("GET", "/api/rules/quality", None, READ),
    ("POST", "/api/precheck", {"text": "hello"}, {MER, ADM}),
    ("POST", "/api/precheck/upload", None, {MER, ADM}),
    ("GET", "/api/precheck", None, {MER, ADM}),
    ("GET", "/api/precheck/1", None, {MER, ADM}),
    ("GET", "/api/allow-list", None, ALL),
    ("POST", "/api/allow-list", {"term": "第一坊", "proof_ref": "TM 123"}, {MER}),
    ("DELETE", "/api/allow-list/1", None, {MER}),
    ("POST", "/api/admin/retention/purge", None, {ADM}),
    ("PUT", "/api/admin/streams/s-1/owner", {"merchant_id": "m-1"}, {ADM}),
    ("GET", "/api/webhooks/deliveries", None, {MOD, ADM}),
    ("GET", "/api/audit", None, READ),
    ("GET", "/api/credit", None, ALL),
    ("GET", "/api/credit/host/h-1", None, ALL),
    ("GET", "/api/credit/export?format=json", None, ALL),
    ("POST", "/api/credit/recompute", None, {ADM}),
    ("GET", "/api/suppressions", None, ALL),
    (
        "POST",
        "/api/suppressions",
        {"scope": "global", "rule_id": "r-x", "reason": "r", "days": 1},
        {MOD, ADM},
    ),
    ("POST", "/api/suppressions/1/lift", {"reason": "r"}, {MOD, ADM}),
    ("GET", "/api/feedback/false-positives", None, READ),
    ("GET", "/api/feedback/labelled", None, READ),
    ("GET", "/api/precheck/1/receipt", None, ALL),
    ("GET", "/api/streams/s-1/precheck", None, ALL),
]
PUBLIC = {("GET", "/api/health")}


def _template(path: str) -> str:
    return path.split("?")[0]


@pytest.fixture(scope="module")
def matrix_api(tmp_path_factory, make_module_api):
    """One service for the whole matrix (each cell only reads or fails early)."""
    root = tmp_path_factory.mktemp("authz")
    settings = load_settings(
        data_dir=root, database_url=f"sqlite:///{root / 'a.db'}", clip_store=str(root / "clips")
    )
    return make_module_api(settings)


def test_matrix_covers_every_operation(matrix_api):
    schema = matrix_api.client.app.openapi()
    operations = {
        (method.upper(), path)
        for path, ops in schema["paths"].items()
        if path.startswith("/api/")
        for method in ops
    }
    covered = set(PUBLIC)
    for method, path, _, _ in MATRIX:
        parts = _template(path).split("/")
        for op_method, op_path in operations:
            op_parts = op_path.split("/")
            if (
                op_method == method
                and len(op_parts) == len(parts)
                and all(a == b or b.startswith("{") for a, b in zip(parts, op_parts, strict=True))
            ):
                covered.add((op_method, op_path))
    assert operations - covered == set()


def _call(client: Any, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    if path == "/api/precheck/upload":
        return client.post(path, files={"file": ("s.txt", b"hello")}, headers=headers)
    return client.request(method, path, json=body, headers=headers)


def _param_id(value: object) -> str:
    """Ids that are the same in every process (a set's order depends on the hash seed, and
    pytest-xdist requires its workers to collect identical ids)."""
    if isinstance(value, set | frozenset):
        return "+".join(sorted(map(str, value)))
    return str(value)[:40]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), MATRIX, ids=_param_id)
def test_role_matrix(matrix_api, events, method, path, body, allowed):
    api = matrix_api
    with api.client.app.state.sessionmaker() as s:
        ingest_events(s, [events.finding()], load_settings())
    for role in ("moderator", "regulator", "merchant", "admin"):
        r = _call(api.client, method, path, body, api.as_(role))
        if role in allowed:
            assert r.status_code not in (401, 403), (role, r.status_code, r.text)
            assert r.status_code != 500, (role, r.status_code, r.text)
        else:
            assert r.status_code == 403, (role, r.status_code, r.text)
            assert r.headers["content-type"].startswith("application/problem+json")
    anonymous = _call(api.client, method, path, body, {})
    assert anonymous.status_code == 401
    bad = _call(api.client, method, path, body, {"Authorization": "Bearer lg_forged"})
    assert bad.status_code == 401
