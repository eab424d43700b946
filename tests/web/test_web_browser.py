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
from tests.support.ports import free_port
from tests.support.waiting import HANG_GUARD_S
from tests.web.conftest import PASSWORD, Seeded, build_app, make_events, seed

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
    from liveguard.pipeline.demo import ApiServer

    data = tmp_path_factory.mktemp("web-browser")
    settings = load_settings(data_dir=data)
    app = build_app(settings)
    seeded = seed(app)
    port = free_port()
    srv = ApiServer(app, "127.0.0.1", port)
    srv.start(timeout=HANG_GUARD_S)
    try:
        yield f"http://127.0.0.1:{port}", seeded, app
    finally:
        srv.stop()


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
