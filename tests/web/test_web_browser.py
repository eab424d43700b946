"""The pages in a real headless Chromium (Debian's, driven by Playwright; never downloaded).

One server and one browser for the module: the data is seeded once through the alerts ingestion
(synthetic events + a small WAV tone), each test signs in with its own browser context.
Screenshots of every page go to artifacts/screenshots/ (gitignored) for people to look at.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from liveguard.alerts.ingestion import ingest_events
from liveguard.settings import load_settings
from tests.conftest import served
from tests.support.waiting import HANG_GUARD_S
from tests.web.conftest import (
    PASSWORD,
    Seeded,
    build_app,
    correct_first_claim,
    make_events,
    second_span,
    seed,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seeded, Any]]:
    data = tmp_path_factory.mktemp("web-browser")
    settings = load_settings(data_dir=data)
    app = build_app(settings)
    seeded = seed(app)
    with served(app) as base:
        yield base, seeded, app


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _login(browser: Any, base: str, user: str, secret: str, lang: str = "zh") -> Any:
    context = browser.new_context(
        viewport={"width": 1280, "height": 860}, accept_downloads=True, locale="zh-CN"
    )
    context.set_default_timeout(HANG_GUARD_S * 1000)
    page = context.new_page()
    if lang == "en":
        page.goto(f"{base}/ui/lang?to=en&next=/ui/login")
    page.goto(f"{base}/ui/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=secret]", secret)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_moderator_plays_clip_confirms_and_queue_updates(browser, server):
    base, seeded, app = server
    page = _login(browser, base, "mod", PASSWORD)
    assert page.url.endswith("/ui/queue")
    rows = page.locator("tr.case")
    assert rows.count() == len(seeded.case_ids)
    _shot(page, "queue")
    case_id = seeded.case_ids[0]
    page.click(f"tr.case[data-case-id='{case_id}'] a")
    page.wait_for_selector("audio.clip")
    # The player must load the clip and seek to the flagged span (2.0 s into the clip).
    page.wait_for_function(
        "() => { const a = document.querySelector('audio.clip');"
        " return a.readyState >= 1 && a.duration > 0 && Math.abs(a.currentTime - 2.0) < 0.1; }",
        timeout=HANG_GUARD_S * 1000,
    )
    page.evaluate("() => document.querySelector('audio.clip').play()")
    page.wait_for_function(
        "() => document.querySelector('audio.clip').currentTime > 2.2",
        timeout=HANG_GUARD_S * 1000,
    )
    played = page.evaluate("() => document.querySelector('audio.clip').currentTime")
    assert played > 2.2
    page.evaluate("() => document.querySelector('audio.clip').pause()")
    assert page.locator("mark.sev-high").inner_text() == "根治"
    _shot(page, "case")
    page.keyboard.press("c")
    page.wait_for_selector("#case-status[data-status='confirmed']")
    page.goto(f"{base}/ui/queue")
    ids = page.eval_on_selector_all("tr.case", "rs => rs.map(r => r.dataset.caseId)")
    assert str(case_id) not in ids
    assert len(ids) == len(seeded.case_ids) - 1
    # keyboard in the queue: j moves down, d dismisses the selected case in place
    second = ids[1]
    page.keyboard.press("j")
    page.keyboard.press("d")
    page.wait_for_selector(f"tr.case.done[data-case-id='{second}']")
    page.reload()
    ids_after = page.eval_on_selector_all("tr.case", "rs => rs.map(r => r.dataset.caseId)")
    assert second not in ids_after
    # a case created while the queue is open is announced (never silently inserted)
    assert page.locator("#new-cases").is_hidden()
    with app.state.sessionmaker() as session:
        ingest_events(
            session, make_events("room-c-001", "m-acme", "host-7", None), app.state.settings
        )
    page.evaluate("() => LG.pollQueue()")
    page.wait_for_selector("#new-cases:not([hidden])")
    assert page.locator("#new-cases .n").inner_text() == "3"
    page.goto(f"{base}/ui/live/{seeded.stream_id}")
    page.wait_for_function("() => document.querySelectorAll('#live .line').length === 4")
    assert page.locator("#live mark").count() == 3
    _shot(page, "live")
    page.goto(f"{base}/ui/blacklist")
    _shot(page, "blacklist")
    page.context.close()


def test_regulator_exports_csv_with_rows(browser, server):
    base, seeded, app = server
    with app.state.sessionmaker() as session:
        expected = session.execute(text("select count(*) from cases")).scalar_one()
    assert expected >= len(seeded.case_ids)
    page = _login(browser, base, "reg", seeded.tokens["reg"])
    assert page.url.endswith("/ui/dashboard")
    assert page.locator("svg#per-day rect.daybar").count() == 3
    _shot(page, "dashboard")
    with page.expect_download() as info:
        page.click("#export-csv")
    path = info.value.path()
    body = Path(path).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == expected
    assert {r["rule_id"] for r in rows} >= {"ZH-EFF-CURE", "ZH-SCA-LAST", "ZH-PRI-REF"}
    page.context.close()


def test_merchant_precheck_shows_highlights(browser, server):
    base, seeded, _ = server
    page = _login(browser, base, "acme", seeded.tokens["acme"])
    assert page.url.endswith("/ui/precheck")
    page.fill("#script", "这款面霜是全网最好的，用了就能根治痘痘。\n库存只剩最后三件，赶紧下单！")
    page.click("#check")
    page.wait_for_selector("#result")
    marks = page.locator("#result mark.hit")
    assert marks.count() >= 1
    assert int(page.locator("#hit-count").inner_text()) >= marks.count()
    highlighted = " ".join(marks.all_inner_texts())
    assert any(word in highlighted for word in ("最好", "根治", "只剩最后三件"))
    _shot(page, "precheck")
    page.context.close()


def test_merchant_cannot_open_another_merchants_page(browser, server):
    base, seeded, _ = server
    page = _login(browser, base, "acme", seeded.tokens["acme"])
    own = page.goto(f"{base}/ui/merchants/{seeded.merchant_id}")
    assert own is not None
    assert own.status == 200
    _shot(page, "merchant")
    other = page.goto(f"{base}/ui/merchants/{seeded.other_merchant}")
    assert other is not None
    assert other.status == 403
    main = page.locator("main").inner_text()
    assert "无权访问" in main
    assert seeded.other_merchant not in main
    assert "ZH-" not in main
    page.context.close()


def test_sign_in_page_in_english(browser, server):
    base, _, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    page = context.new_page()
    page.goto(f"{base}/ui/lang?to=en&next=/ui/login")
    assert page.locator("h1").inner_text() == "Sign in"
    _shot(page, "login")
    context.close()


def test_moderator_sees_and_hears_the_hosts_correction(browser, server):
    base, _, app = server
    stream = "room-b-001"
    correction_id = correct_first_claim(app, stream)
    with app.state.sessionmaker() as session:
        case_id = session.execute(
            text("select id from cases where stream_id = :s and rule_id = 'ZH-EFF-CURE'"),
            {"s": stream},
        ).scalar_one()
    page = _login(browser, base, "mod", PASSWORD)
    page.goto(f"{base}/ui/cases/{case_id}")
    assert page.locator("#correction-status").get_attribute("data-status") == "corrected"
    mark = page.locator(f".correction-mark[data-correction-id='{correction_id}']")
    assert mark.is_visible()
    assert "已当场更正" in mark.inner_text()
    block = page.locator(f"article.correction[data-correction-id='{correction_id}']")
    assert block.locator("mark.cue").inner_text() == "刚才说错了"
    # the correction's own clip loads and starts at the correction (1.0 s into its clip)
    page.wait_for_function(
        "() => { const a = document.querySelector('audio.correction-clip');"
        " return a.readyState >= 1 && a.duration > 0 && Math.abs(a.currentTime - 1.0) < 0.1; }",
        timeout=10_000,
    )
    _shot(page, "case-corrected")
    page.context.close()


def test_queue_sorted_by_risk_shows_credit_and_explains_it(browser, server):
    base, _, app = server
    page = _login(browser, base, "mod", PASSWORD)
    with app.state.sessionmaker() as session:
        from liveguard.alerts.crud import cases, credit
        from liveguard.alerts.crud import users as user_crud

        moderator = user_crud.get_user(session, "mod")
        assert moderator is not None
        open_case = session.execute(
            text("select min(id) from cases where host_id = 'host-9' and status = 'open'")
        ).scalar_one()
        cases.claim_case(session, open_case, moderator, 60)
        decided = cases.decide_case(session, open_case, moderator, "confirm")
        credit.after_decision(session, app.state.settings, decided)
        session.commit()
    page.goto(f"{base}/ui/queue")
    page.select_option("#sort", "risk")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**sort=risk**")
    risks = page.eval_on_selector_all(
        "td.host-credit", "cs => cs.map(c => parseFloat(c.dataset.risk))"
    )
    assert risks == sorted(risks, reverse=True)
    assert risks[0] > 0
    first = page.locator("tr.case").first.locator("td.host-credit span.credit").inner_text()
    assert float(first) < 100
    _shot(page, "queue-by-risk")
    page.goto(f"{base}/ui/credit/host/host-9")
    rows = page.eval_on_selector_all(
        "#contributions tr[data-case-id]", "rs => rs.map(r => r.dataset.caseId)"
    )
    assert str(open_case) in rows
    _shot(page, "credit")
    page.context.close()


def test_precheck_receipt_names_the_law_and_downloads(browser, server):
    import hashlib
    import json

    base, seeded, _ = server
    page = _login(browser, base, "acme", seeded.tokens["acme"])
    script = "这款面霜能治疗湿疹，全网最低价！"
    page.fill("#script", script)
    page.fill("#host-id", "host-7")
    page.click("#check")
    page.wait_for_selector("#result")
    names = page.locator("ol.hits .basis").all_inner_texts()
    assert names
    assert any("广告法" in n for n in names)
    assert not any(n.startswith("CN-") for n in names)
    page.click("#receipt-link")
    page.wait_for_selector("#receipt")
    digest = hashlib.sha256(script.encode()).hexdigest()
    assert page.locator("#sha256").inner_text() == digest
    _shot(page, "receipt")
    with page.expect_download() as info:
        page.click("#receipt .noprint a")
    doc = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert doc["script_sha256"] == digest
    assert doc["host_id"] == "host-7"
    page.context.close()


def test_two_findings_in_one_utterance_show_once(browser, server):
    base, seeded, app = server
    stream = "room-d-001"
    with app.state.sessionmaker() as session:
        ingest_events(
            session,
            [
                *make_events(stream, seeded.merchant_id, "host-7", None),
                second_span(stream, seeded.merchant_id, "host-7"),
            ],
            app.state.settings,
        )
        case_id = session.execute(
            text("select id from cases where stream_id = :s and rule_id = 'ZH-EFF-CURE'"),
            {"s": stream},
        ).scalar_one()
    page = _login(browser, base, "mod", PASSWORD)
    page.goto(f"{base}/ui/cases/{case_id}")
    assert page.locator("article.utterance").count() == 1
    assert page.locator("p.utterance mark").all_inner_texts() == ["根治", "效果最好"]
    legal = page.locator("ul.legal .basis").all_inner_texts()
    assert legal == ["广告法 第九条第(三)项"]
    _shot(page, "case-two-spans")
    page.context.close()


def test_merchant_case_page_keeps_to_its_own_merchant(browser, server):
    """Issue 16: a host working for two merchants, and a moderator's note on the case."""
    base, seeded, app = server
    from liveguard.alerts.crud import cases, users
    from liveguard.alerts.models import Case

    settings = app.state.settings
    with app.state.sessionmaker() as session:
        # host-7 (acme's host) also works a stream for the other merchant
        ingest_events(
            session, make_events("room-e-001", seeded.other_merchant, "host-7", None), settings
        )
        theirs = [
            c.id for c in session.query(Case).filter_by(stream_id="room-e-001").order_by(Case.id)
        ]
        mine = (
            session.query(Case)
            .filter_by(merchant_id=seeded.merchant_id, status="open", kind="finding")
            .order_by(Case.id)
            .first()
        )
        assert mine is not None
        mod = users.get_user(session, "mod")
        assert mod is not None
        cases.claim_case(session, mine.id, mod, 600)
        cases.decide_case(session, mine.id, mod, "escalate", "note-for-the-second-reviewer")
    page = _login(browser, base, "acme", seeded.tokens["acme"])
    page.goto(f"{base}/ui/cases/{mine.id}")
    aside = page.locator("aside").inner_text()
    links = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in links if h and any(h == f"/ui/cases/{t}" for t in theirs)]
    assert seeded.other_merchant not in page.content()
    assert "note-for-the-second-reviewer" not in aside
    assert "mod " not in aside
    _shot(page, "case-merchant")
    page.context.close()
    page = _login(browser, base, "mod", PASSWORD)
    page.goto(f"{base}/ui/cases/{mine.id}")
    assert "note-for-the-second-reviewer" in page.locator("aside").inner_text()
    page.context.close()


def test_api_docs_render_without_any_other_host(browser, server):
    base, _, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    hosts: list[str] = []
    blocked: list[str] = []
    page.on("request", lambda r: hosts.append(r.url.split("/")[2]))
    page.on(
        "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.goto(f"{base}/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "LiveGuard" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".opblock-tag")
    assert set(hosts) == {base.split("/")[2]}
    assert blocked == []
    _shot(page, "docs")
    context.close()
