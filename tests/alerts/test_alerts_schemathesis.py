"""Property-based API fuzzing with schemathesis: no input, for any role, may cause a 5xx.

Every operation in the OpenAPI schema gets a few generated requests, each sent once with a
valid token of each role (so both the allowed and the refused paths are exercised).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from liveguard.alerts.ingestion import ingest_events
from liveguard.settings import load_settings

EXAMPLES = 8
ROLES = ("moderator", "regulator", "merchant", "admin")


@pytest.mark.slow
def test_no_server_errors_for_any_role(api, events):
    app = api.client.app
    with app.state.sessionmaker() as s:
        ingest_events(s, [events.finding(seq=i) for i in range(3)], load_settings())
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        if not operation.path.startswith("/api/"):
            continue  # the web pages have their own tests
        operations += 1

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            for role in ROLES:
                response = case.call(headers=api.as_(role))
                if response.status_code >= 500 and response.status_code != 503:
                    failures.append(
                        f"{role} {case.method} {case.formatted_path} {case.query} -> "
                        f"{response.status_code} {response.text[:200]}"
                    )

        run()
    assert operations >= 30
    assert failures == []
