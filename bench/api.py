"""Alerts API latency: the moderators' queue with 100,000 cases, and the merchant pre-check.

    .venv/bin/python bench/api.py [--cases 100000] [--runs 200] [--postgres URL|auto] [--out FILE]

For each database (SQLite, and PostgreSQL when ``--postgres`` is given or ``auto`` starts the
project's server), it loads N cases, then measures p50/p95 of ``GET /api/cases`` through the
real FastAPI app (HTTP handling included) for filtered listings on page 1 and on page 500
(keyset cursor), including the queue sorted by host/merchant credit risk with credit shown. The
baseline, in the same process, is the same page fetched with
OFFSET pagination, which is what keyset pagination replaces; for the risk order a second
baseline joins the credit table at query time instead of reading the copies on each case. Before
measuring, credit is computed for every host and merchant (timed). Pre-check: p95 of
``POST /api/precheck`` with a 2,000-character script (rules/samples/demo_script_zh.txt
repeated), against calling the rule engine directly: rules only, learned on, rules only again
(the ratio of the two rules-only rows says whether learned requests leave the process slower),
and rules only with the start-up heap handed back to the garbage collector (the baseline for
the service freezing it), with the full collections and the longest GC pause seen in each row.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from fastapi.testclient import TestClient
from sqlalchemy import and_, create_engine, func, insert, select, text
from sqlalchemy import case as sql_case
from sqlalchemy.orm import aliased

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/support, run as a script

from liveguard.alerts.app import create_app
from liveguard.alerts.crud import credit as credit_crud
from liveguard.alerts.crud import users
from liveguard.alerts.models import Case, CreditScore
from liveguard.settings import load_settings
from tests.support import postgres

REPO = Path(__file__).resolve().parent.parent
FAMILIES = ("efficacy", "scarcity", "price")
SEVERITIES = (("low", 1), ("medium", 2), ("high", 3))
STATUSES = ("open",) * 7 + ("confirmed", "dismissed", "escalated")
SCENARIOS: dict[str, dict[str, Any]] = {
    "open, high+medium, newest, 50/page": {
        "status": "open",
        "severity": ["high", "medium"],
        "sort": "newest",
        "limit": 50,
    },
    "open, family=price, by severity, 20/page": {
        "status": "open",
        "family": "price",
        "sort": "severity",
        "limit": 20,
    },
    "open, by credit risk, 50/page (credit shown)": {
        "status": "open",
        "sort": "risk",
        "limit": 50,
    },
}
SAMPLE_SCRIPT = REPO / "rules" / "samples" / "demo_script_zh.txt"
"""The project's sample sales script (clean lines mixed with violations), repeated to size."""


NOTES: list[str] = []
"""Extra figures printed under the tables (credit computation, the join baseline)."""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


CPU: dict[int, list[float]] = {}
"""CPU milliseconds per call of the last :func:`timed` runs, keyed by id of the wall list."""


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    """Wall milliseconds per call; the CPU time of each call lands in :data:`CPU`.

    On a shared machine wall time includes waiting for a core; process CPU time does not,
    so both are reported.
    """
    fn()  # warm
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    CPU[id(wall)] = cpu
    return wall


def cpu_p50(wall: list[float]) -> float:
    return statistics.median(CPU[id(wall)])


def cpu_p95(wall: list[float]) -> float:
    return percentile(CPU[id(wall)], 0.95)


def load_cases(url: str, n: int) -> None:
    rng = random.Random(7)
    engine = create_engine(url)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        severity, rank = rng.choice(SEVERITIES)
        status = rng.choice(STATUSES)
        seen = t0 + timedelta(seconds=i * 30 + rng.randint(0, 29))
        rows.append(
            {
                "kind": "finding",
                "stream_id": f"s-{i // 20}",
                "rule_id": f"zh.{rng.choice(FAMILIES)}.r{rng.randint(1, 40)}",
                "family": rng.choice(FAMILIES),
                "severity": severity,
                "severity_rank": rank,
                "evidence": rng.choice(("wording", "verified")),
                "platform_id": f"p-{rng.randint(1, 3)}",
                "host_id": f"h-{rng.randint(1, 2000)}",
                "merchant_id": f"m-{rng.randint(1, 500)}",
                "rule_pack_version": "zh-1.0",
                "title": "claim",
                "status": status,
                "finding_count": rng.randint(1, 5),
                "first_seen": seen.replace(tzinfo=None),
                "last_seen": seen.replace(tzinfo=None),
                "decision_reason": "",
                "legal_hold": False,
                "created_at": seen.replace(tzinfo=None),
                "decided_at": (
                    None if status == "open" else (seen + timedelta(hours=1)).replace(tzinfo=None)
                ),
            }
        )
    with engine.begin() as conn:
        for start in range(0, n, 5000):
            conn.execute(insert(Case), rows[start : start + 5000])
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE cases"))
        else:
            conn.execute(text("ANALYZE"))
    engine.dispose()


def offset_page(client: TestClient, headers: dict[str, str], params: dict[str, Any], page: int):
    """Baseline: the same page by OFFSET (what keyset pagination avoids)."""
    app = client.app
    limit = params["limit"]
    query = select(Case).where(Case.status == params["status"])
    if "severity" in params:
        query = query.where(Case.severity.in_(params["severity"]))
    if "family" in params:
        query = query.where(Case.family == params["family"])
    if params["sort"] == "severity":
        query = query.order_by(Case.severity_rank.desc(), Case.last_seen.desc(), Case.id.desc())
    elif params["sort"] == "risk":
        query = query.order_by(Case.risk.desc(), Case.last_seen.desc(), Case.id.desc())
    else:
        query = query.order_by(Case.last_seen.desc(), Case.id.desc())
    query = query.offset((page - 1) * limit).limit(limit)

    def run() -> None:
        with app.state.sessionmaker() as s:  # type: ignore[attr-defined]
            rows = s.execute(query).scalars().all()
            assert len(rows) == limit

    return run


def join_risk_page(client: TestClient, limit: int):
    """Baseline for the risk order: join the credit table at query time and sort by the worse
    of host and merchant credit (what the copies on each case avoid)."""
    app = client.app
    hs, ms = aliased(CreditScore), aliased(CreditScore)
    host = func.coalesce(hs.score, 100.0)
    merchant = func.coalesce(ms.score, 100.0)
    worse = sql_case((host < merchant, host), else_=merchant)
    query = (
        select(Case, hs.score, ms.score)
        .outerjoin(hs, and_(hs.party_type == "host", hs.party_id == Case.host_id))
        .outerjoin(ms, and_(ms.party_type == "merchant", ms.party_id == Case.merchant_id))
        .where(Case.status == "open")
        .order_by(worse.asc(), Case.last_seen.desc(), Case.id.desc())
        .limit(limit)
    )

    def run() -> None:
        with app.state.sessionmaker() as s:  # type: ignore[attr-defined]
            assert len(s.execute(query).all()) == limit

    return run


def compute_credit(app: Any, label: str) -> str:
    """Credit of every host and merchant from the loaded cases, as the service computes it."""
    start = time.perf_counter()
    with app.state.sessionmaker() as s:
        parties = credit_crud.recompute_all(s, cause="bench")
        s.commit()
    took = time.perf_counter() - start
    line = f"[{label}] computed credit of {parties} parties in {took:.1f} s"
    print(line, flush=True)
    return line


def bench_queue(url: str, n: int, runs: int, label: str) -> list[str]:
    root = Path(tempfile.mkdtemp(prefix="lg-bench-"))
    settings = load_settings(
        data_dir=root, database_url=url, clip_store=str(root / "clips"), precheck_per_minute=10**6
    )
    app = create_app(settings)
    load_start = time.perf_counter()
    load_cases(url, n)
    print(f"[{label}] loaded {n} cases in {time.perf_counter() - load_start:.1f} s", flush=True)
    NOTES.append(compute_credit(app, label))
    with app.state.sessionmaker() as s:
        user = users.create_user(s, "bench", "moderator")
        _, token = users.create_token(s, user)
        s.commit()
    headers = {"Authorization": f"Bearer {token}"}
    lines = []
    with TestClient(app) as client:
        for name, params in SCENARIOS.items():
            cursor = None
            for _ in range(499):
                page = client.get(
                    "/api/cases",
                    params={**params, **({"cursor": cursor} if cursor else {})},
                    headers=headers,
                ).json()
                cursor = page["next_cursor"]
                assert cursor, "not enough matching cases for page 500"

            def first(params: dict[str, Any] = params) -> None:
                r = client.get("/api/cases", params=params, headers=headers)
                assert r.status_code == 200
                assert len(r.json()["items"]) == params["limit"]

            def deep(params: dict[str, Any] = params, cursor: str | None = cursor) -> None:
                r = client.get("/api/cases", params={**params, "cursor": cursor}, headers=headers)
                assert r.status_code == 200
                assert len(r.json()["items"]) == params["limit"]

            p1 = timed(first, runs)
            p500 = timed(deep, runs)
            base = timed(offset_page(client, headers, params, 500), max(runs // 4, 20))
            if params["sort"] == "risk":
                shown = client.get("/api/cases", params=params, headers=headers).json()["items"]
                assert any(item["host_credit"] is not None for item in shown)
                joined = timed(join_risk_page(client, params["limit"]), max(runs // 20, 5))
                NOTES.append(
                    f"[{label}] risk order by joining credit at query time, page 1 (query "
                    f"only): p95 {percentile(joined, 0.95):.1f} ms vs {percentile(p1, 0.95):.1f}"
                    f" ms through the API with the copies on each case "
                    f"({percentile(joined, 0.95) / percentile(p1, 0.95):.1f}×)"
                )
                print(NOTES[-1], flush=True)
            lines.append(
                f"| {label} | {name} | {statistics.median(p1):.1f} | {percentile(p1, 0.95):.1f} "
                f"| {cpu_p50(p1):.1f} | {statistics.median(p500):.1f} "
                f"| {percentile(p500, 0.95):.1f} | {cpu_p50(p500):.1f} "
                f"| {percentile(base, 0.95):.1f} | {percentile(base, 0.95) / percentile(p500, 0.95):.1f}× |"
            )
            print(lines[-1], flush=True)
    app.state.engine.dispose()
    return lines


class GcPauses:
    """Garbage-collector pauses during a block, from ``gc.callbacks``: how many full (oldest
    generation) passes ran and the longest pause of any pass, in ms."""

    def __init__(self) -> None:
        self.full = 0
        self.longest = 0.0
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
            return
        self.longest = max(self.longest, (time.perf_counter() - self._start) * 1000)
        self.full += info["generation"] == 2

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self)


def full_collection_ms() -> float:
    """CPU ms of one full collection (the pause a request pays when one falls inside it)."""
    start = time.process_time()
    gc.collect()
    return (time.process_time() - start) * 1000


def bench_precheck(runs: int, rules_only: bool = False) -> list[str]:
    """Rules only, then learned detection on (the default), then rules only again in the same
    process: the two rules-only rows and their ratio show whether the learned requests leave
    the process slower (session 7 saw 88.8 ms p95 alone against 114.5 ms after learned
    requests, in different runs). The encoder's cache is cleared before every learned request,
    so each one pays for encoding the whole script as a new script would.
    ``rules_only``: the rules-only rows alone (a quick run for rule-engine speed work)."""
    from liveguard.rules import check_script
    from liveguard.rules.encoder import load_e5, load_encoder

    sample = SAMPLE_SCRIPT.read_text(encoding="utf-8")
    script = ""
    while len(script) < 2000:
        script += sample
    script = script[:2000]
    before = _precheck_rows(script, runs, learned=False, when="" if rules_only else ", before")
    rows = [before.row]
    if rules_only:
        timings = timed(lambda: check_script(script, learned=False), runs)
        return [
            *rows,
            f"| baseline: check_script() direct, rules only | {statistics.median(timings):.1f} "
            f"| {percentile(timings, 0.95):.1f} | {cpu_p50(timings):.1f} | {cpu_p95(timings):.1f} "
            "| | |",
        ]
    rows.append(_precheck_rows(script, runs, learned=True).row)
    after = _precheck_rows(script, runs, learned=False, when=", after learned requests")
    rows.append(after.row)
    unfrozen = _precheck_rows(
        script,
        runs,
        learned=False,
        when=", heap not frozen (the code before session 8)",
        frozen=False,
    )
    rows.append(unfrozen.row)
    NOTES.append(
        "rules-only pre-check after the learned requests vs before them, same process: "
        f"p95 {after.p95:.1f} vs {before.p95:.1f} ms ({after.p95 / before.p95:.2f}×), "
        f"CPU p95 {after.cpu_p95:.1f} vs {before.cpu_p95:.1f} ms "
        f"({after.cpu_p95 / before.cpu_p95:.2f}×)"
    )
    print(NOTES[-1], flush=True)
    gc.collect()
    unfrozen_ms = full_collection_ms()
    gc.freeze()
    frozen_ms = full_collection_ms()
    gc.unfreeze()
    NOTES.append(
        f"one full garbage collection in this process ({len(gc.get_objects()):,} tracked "
        f"objects): {unfrozen_ms:.1f} ms CPU as it is, {frozen_ms:.1f} ms with the objects "
        "alive now frozen (what the service does at start-up)"
    )
    print(NOTES[-1], flush=True)
    encoder, e5 = load_encoder(), load_e5()

    def direct() -> None:
        encoder.clear()
        e5.clear()
        check_script(script)

    timings = timed(direct, runs)
    rows.append(
        f"| baseline: check_script() direct, learned on | {statistics.median(timings):.1f} "
        f"| {percentile(timings, 0.95):.1f} | {cpu_p50(timings):.1f} | {cpu_p95(timings):.1f} "
        "| | |"
    )
    timings = timed(lambda: check_script(script, learned=False), runs)
    rows.append(
        f"| baseline: check_script() direct, rules only | {statistics.median(timings):.1f} "
        f"| {percentile(timings, 0.95):.1f} | {cpu_p50(timings):.1f} | {cpu_p95(timings):.1f} "
        "| | |"
    )
    return rows


class PrecheckRun(NamedTuple):
    row: str
    p95: float
    cpu_p95: float


def _precheck_rows(
    script: str, runs: int, learned: bool, when: str = "", frozen: bool = True
) -> PrecheckRun:
    """``frozen=False``: the start-up heap is handed back to the collector once the service
    is up, as it was before the service froze it (the baseline for that change)."""
    from liveguard.rules.encoder import load_e5, load_encoder

    encoder, e5 = load_encoder(), load_e5()
    root = Path(tempfile.mkdtemp(prefix="lg-bench-"))
    settings = load_settings(
        data_dir=root,
        database_url=f"sqlite:///{root / 'p.db'}",
        clip_store=str(root / "clips"),
        precheck_per_minute=10**6,
        learned=learned,
    )
    app = create_app(settings)
    with app.state.sessionmaker() as s:
        user = users.create_user(s, "shop", "merchant", merchant_id="m-1")
        _, token = users.create_token(s, user)
        s.commit()
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        if not frozen:
            gc.unfreeze()
        found: list[int] = []

        def api() -> None:
            encoder.clear()
            e5.clear()  # the cascade's second encoder (claims-2026.12.6) caches too
            r = client.post("/api/precheck", json={"text": script}, headers=headers)
            assert r.status_code == 201
            found.append(len(r.json()["findings"]))

        with GcPauses() as pauses:
            through_api = timed(api, runs)
    app.state.engine.dispose()
    what = "learned on (default)" if learned else f"rules only{when}"
    p95, cpu = percentile(through_api, 0.95), cpu_p95(through_api)
    row = (
        f"| POST /api/precheck, {len(script)} chars, {what}, {found[-1]} findings | "
        f"{statistics.median(through_api):.1f} | {p95:.1f} "
        f"| {cpu_p50(through_api):.1f} | {cpu:.1f} | {pauses.full} | {pauses.longest:.1f} |"
    )
    print(row, flush=True)
    return PrecheckRun(row, p95, cpu)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL, or 'auto'")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--precheck-only",
        action="store_true",
        help="run only the pre-check part (no queue of cases to load)",
    )
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="pre-check with learned detection off only (implies --precheck-only)",
    )
    args = parser.parse_args()
    args.precheck_only = args.precheck_only or args.rules_only

    load_before = load_average()
    queue: list[str] = []
    if not args.precheck_only:
        with tempfile.TemporaryDirectory() as tmp:
            queue += bench_queue(f"sqlite:///{tmp}/bench.db", args.cases, args.runs, "SQLite")
    if args.postgres and not args.precheck_only:
        server = postgres.server_url() if args.postgres == "auto" else args.postgres
        url = postgres.create_database(server, "lg_bench")
        try:
            queue += bench_queue(url, args.cases, args.runs, "PostgreSQL")
        finally:
            postgres.drop_database(server, url)
    pre = bench_precheck(args.runs, rules_only=args.rules_only)
    queue_part = [
        f"Queue listing, {args.cases:,} cases, {args.runs} requests each, through the FastAPI "
        "app (TestClient); times in ms. Goal: p95 ≤ 50 ms on page 1 and page 500.",
        "",
        "| database | filter | page 1 p50 | page 1 p95 | page 1 CPU p50 | page 500 p50 "
        "| page 500 p95 | page 500 CPU p50 | baseline OFFSET page 500 p95 (query only) "
        "| OFFSET / keyset p95 |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *queue,
        "",
    ]
    report = "\n".join(
        [
            f"Machine load when it started: {load_before}; when it ended: {load_average()}.",
            "",
            *([] if args.precheck_only else queue_part),
            f"Pre-check, {args.runs} requests; times in ms. Goals: p95 ≤ 100 ms rules only, "
            "≤ 2,000 ms with learned detection on (both encoders' caches cleared before each request).",
            "",
            "| what | p50 | p95 | CPU p50 | CPU p95 | full GC passes | longest GC pause |",
            "|---|---|---|---|---|---|---|",
            *pre,
            "",
            *[f"- {note}" for note in NOTES],
        ]
    )
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
