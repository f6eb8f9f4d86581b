"""The desk in a real browser: Debian's chromium, headless, driven by Playwright.

A uvicorn server runs in a thread on 127.0.0.1 (a free port) over a small store
written here; the tests load the page, filter, brush the timeline, open events,
read the tallies, and check that hostile article text stays inert. A screenshot
of the desk is saved under build/screenshots/ (git-ignored) for the record.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire import Document, Event, Evidence, Range, Settings, Tally, open_store
from eventwire.model import Claim
from eventwire.web import create_app

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
if CHROMIUM is None:
    if os.environ.get("CI"):  # CI must run the browser tests, never skip them
        raise RuntimeError("Debian's chromium is not installed: `make test` should have installed it")
    pytest.skip("Debian's chromium is not installed (make setup installs it)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"

REPORT = (
    "Gunmen attacked a police post in Port Nadir on Monday. "
    "Two officers were killed, the provincial governor said. "
    "Troops later raided a camp in the eastern hills."
)
HOSTILE = (
    "<script>window.__owned = 1; alert('x')</script> Protesters marched in Velda on Friday. "
    '<img src=x onerror="window.__owned = 2"> Organisers shared <a href="javascript:alert(1)">a link</a>.'
)


def evidence(
    doc: str, text: str, sentence: str, url: str | None = None, speaker: str | None = None
) -> Evidence:
    start = text.index(sentence)
    return Evidence(doc, "Harbour Wire", url, "2024-03-05", sentence, start, start + len(sentence), speaker)


def fill(db: str) -> None:
    killed = "Two officers were killed, the provincial governor said."
    start = REPORT.index(killed)
    attack = Event(
        "ev-attack",
        "Violence against civilians",
        "Attack",
        event_date="2024-03-04",
        actor1="Unidentified Armed Group",
        actor2="Police Forces of Testland",
        country="Testland",
        location="Port Nadir",
        latitude=10.0,
        longitude=20.0,
        fatalities=Range(2, 2, 2),
        sources=[evidence("doc-report", REPORT, "Gunmen attacked a police post in Port Nadir on Monday.")],
        claims=[
            Claim(
                "figure",
                "doc-report",
                killed,
                start,
                start + len(killed),
                metric="killed",
                value=Range(2, 2, 2),
                speaker_title="provincial governor",
                organisation="Province of Nadir",
            )
        ],
    )
    raid = Event(
        "ev-raid",
        "Battles",
        "Armed clash",
        event_date="2024-03-20",
        actor1="Military Forces of Testland",
        country="Testland",
        location="Eastern Hills",
        latitude=45.0,
        longitude=70.0,
        responds_to="ev-attack",
        sources=[evidence("doc-report", REPORT, "Troops later raided a camp in the eastern hills.")],
    )
    protest = Event(
        "ev-protest",
        "Protests",
        "Peaceful protest",
        event_date="2024-04-12",
        actor1="Protesters (Otherland)",
        country="Otherland",
        location="Velda",
        latitude=-20.0,
        longitude=120.0,
        sources=[
            evidence(
                "doc-hostile",
                HOSTILE,
                "Protesters marched in Velda on Friday.",
                url="javascript:alert(document.cookie)",
            )
        ],
    )
    tally = Tally(
        "tl-1",
        "attacks",
        None,
        Range(5, 5, 5),
        "about",
        "2024-03-01",
        "2024-03-31",
        document_id="doc-report",
        sentence="Gunmen have attacked posts about five times this month.",
    )
    with open_store(db) as store:
        store.add_document(
            Document(
                "doc-report", REPORT, title="Police post attacked", published="2024-03-05", tallies=[tally]
            ),
            [attack, raid],
        )
        store.add_document(
            Document(
                "doc-hostile", HOSTILE, title='<img src=x onerror="window.__owned = 3">March <b>today</b>'
            ),
            [protest],
        )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    db = str(tmp_path_factory.mktemp("browser") / "desk.db")
    fill(db)
    app = create_app(Settings(db=db))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=lambda: asyncio.run(srv.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def desk(browser: Any, server: str) -> Iterator[tuple[Any, list[str]]]:
    """The desk, loaded; with the console errors and dialogs it raised."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def dialog(d: Any) -> None:
        problems.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(server + "/")
    page.wait_for_selector('#desk[data-ready="1"]', timeout=15000)
    yield page, problems
    page.close()


def ready(page: Any) -> None:
    page.wait_for_selector('#desk[data-ready="1"]', timeout=15000)


def test_the_desk_shows_every_event_on_the_map_and_the_timeline(desk: tuple[Any, list[str]]) -> None:
    page, problems = desk
    assert page.locator("#status").inner_text().startswith("3 event(s) match; 3 on the map")
    assert page.locator("path.event-marker").count() == 3
    assert page.locator("#timeline-svg rect.bar").count() == 3
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # the bundled country outlines
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desk.png"))
    assert problems == []  # no script errors, no blocked inline code


def test_filters_narrow_the_map(desk: tuple[Any, list[str]]) -> None:
    page, problems = desk
    page.select_option("#f-type", "Protests")
    page.click("#apply")
    ready(page)
    assert page.locator("#status").inner_text().startswith("1 event(s) match")
    assert [m.get_attribute("data-event-id") for m in page.locator("path.event-marker").all()] == [
        "ev-protest"
    ]
    page.click("#reset")
    page.fill("#f-country", "Testland")
    page.fill("#f-to", "2024-03-10")
    page.click("#apply")
    ready(page)
    assert [m.get_attribute("data-event-id") for m in page.locator("path.event-marker").all()] == [
        "ev-attack"
    ]
    assert problems == []


def test_brushing_the_timeline_filters_the_map_by_date(desk: tuple[Any, list[str]]) -> None:
    page, problems = desk
    box = page.locator("#timeline-svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 10, y)  # from the first day (the attack)...
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)  # ...to before the raid
    page.mouse.up()
    ready(page)
    assert "between 2024-03-04 and" in page.locator("#status").inner_text()
    assert [m.get_attribute("data-event-id") for m in page.locator("path.event-marker").all()] == [
        "ev-attack"
    ]
    page.mouse.click(box["x"] + 40, y)  # a click clears the brush
    ready(page)
    assert page.locator("path.event-marker").count() == 3
    assert problems == []


def test_an_event_opens_with_its_evidence_speakers_and_links(desk: tuple[Any, list[str]]) -> None:
    page, problems = desk
    page.locator('path.event-marker[data-event-id="ev-attack"]').click()
    panel = page.locator("#event-panel")
    panel.locator("h2.event-title").wait_for()
    assert panel.locator("h2.event-title").inner_text() == "Attack"
    assert "Police Forces of Testland" in panel.inner_text()
    assert (
        panel.locator(".source mark").inner_text() == "Gunmen attacked a police post in Port Nadir on Monday."
    )
    assert "Two officers were killed" in panel.locator(".source .context").inner_text()  # the text around it
    assert "provincial governor" in panel.locator(".speakers").inner_text()
    panel.locator('.linked a[data-event-id="ev-raid"]').click()
    page.wait_for_selector('#event-panel[data-event-id="ev-raid"]')
    assert panel.locator("h2.event-title").inner_text() == "Armed clash"
    assert "Responds to" in panel.locator(".linked").inner_text()
    panel.locator(".doc-link").click()
    panel.locator(".document-text").wait_for()
    assert panel.locator(".document-text mark").count() == 2  # both evidence sentences of the report
    assert problems == []


def test_hostile_article_text_stays_inert(desk: tuple[Any, list[str]], server: str) -> None:
    page, problems = desk
    page.locator('path.event-marker[data-event-id="ev-protest"]').click()
    page.wait_for_selector('#event-panel[data-event-id="ev-protest"]')
    panel = page.locator("#event-panel")
    assert (
        panel.locator(".doc-link").inner_text()
        == '<img src=x onerror="window.__owned = 3">March <b>today</b>'
    )
    assert "<script>window.__owned = 1" in panel.locator(".context").inner_text()
    assert page.locator('a[href^="javascript:"]').count() == 0  # the evidence's javascript: URL is not a link
    panel.locator(".doc-link").click()
    panel.locator(".document-text").wait_for()
    assert page.locator("#event-panel img, #event-panel script, #event-panel b").count() == 0
    page.goto(server + "/documents/doc-hostile?format=html")
    assert "<script>window.__owned = 1" in page.locator(".document-text").inner_text()
    assert page.evaluate("window.__owned === undefined")
    assert problems == []


def test_a_tally_is_reconciled_on_the_desk(desk: tuple[Any, list[str]]) -> None:
    page, problems = desk
    page.click("#tab-tallies")
    page.locator("button.reconcile").click()
    page.locator("#reconciliation .difference").wait_for()
    assert page.locator("#reconciliation .difference").inner_text() == "3"  # 5 said, 2 stored
    assert page.locator("#reconciliation a.event-link").count() == 2
    assert problems == []
