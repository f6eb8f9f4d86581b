"""The desk in a real browser: Debian's chromium, headless, driven by Playwright.

A uvicorn server runs in a thread on 127.0.0.1 (a free port) over a small store
written here. The page is loaded once for the module; each test starts from the
filters' Reset. The tests check that the map fits the events and refits on
filters, that clusters stay neutral, that place labels appear as the map zooms
in, that the timeline folds outlying dates, that the event panel groups its
sources by article, that the tallies follow the filters, and that hostile
article text stays inert. A screenshot of the desk is saved under
build/screenshots/ (git-ignored) for the record.
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
from eventwire.taxonomy import EVENT_TYPES
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
    "Troops later raided a camp in the eastern hills. "
    "Shells fell on the camp's depot the next morning. "
    "Fighting in the province has gone on since 2011."
)
RADIO = "Radio Nadir said gunmen stormed the police post before dawn."
HOSTILE = (
    "<script>window.__owned = 1; alert('x')</script> Protesters marched in Velda on Friday. "
    '<img src=x onerror="window.__owned = 2"> Organisers shared <a href="javascript:alert(1)">a link</a>.'
)
#: where the located events lie (latitude, longitude)
PLACES = {
    "ev-attack": (10.0, 20.0),
    "ev-raid": (45.0, 70.0),
    "ev-shelling": (45.1, 70.1),  # beside the raid: the two cluster
    "ev-protest": (-20.0, 120.0),
}


def evidence(
    doc: str, text: str, sentence: str, url: str | None = None, speaker: str | None = None
) -> Evidence:
    start = text.index(sentence)
    return Evidence(doc, "Harbour Wire", url, "2024-03-05", sentence, start, start + len(sentence), speaker)


def event(
    event_id: str, event_type: str, sub_type: str, day: str, *sources: Evidence, **fields: Any
) -> Event:
    lat, lon = PLACES.get(event_id, (None, None))
    return Event(
        event_id,
        event_type,
        sub_type,
        event_date=day,
        latitude=lat,
        longitude=lon,
        sources=list(sources),
        **fields,
    )


def fill(db: str) -> None:
    killed = "Two officers were killed, the provincial governor said."
    start = REPORT.index(killed)
    claim = Claim(
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
    attack = event(
        "ev-attack",
        "Violence against civilians",
        "Attack",
        "2024-03-04",
        evidence("doc-report", REPORT, killed),
        evidence("doc-radio", RADIO, RADIO),
        evidence("doc-report", REPORT, "Gunmen attacked a police post in Port Nadir on Monday."),
        actor1="Unidentified Armed Group",
        actor2="Police Forces of Testland",
        country="Testland",
        location="Port Nadir",
        fatalities=Range(2, 2, 2),
        claims=[claim],
    )
    raid = event(
        "ev-raid",
        "Battles",
        "Armed clash",
        "2024-03-20",
        evidence("doc-report", REPORT, "Troops later raided a camp in the eastern hills."),
        actor1="Military Forces of Testland",
        country="Testland",
        location="Eastern Hills",
        responds_to="ev-attack",
    )
    shelling = event(
        "ev-shelling",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "2024-03-21",
        evidence("doc-report", REPORT, "Shells fell on the camp's depot the next morning."),
        country="Testland",
        location="Eastern Hills",
    )
    since = event(  # a coarse background date, far from the rest, and no point on the map
        "ev-since",
        "Battles",
        "Armed clash",
        "2011-01-01",
        evidence("doc-report", REPORT, "Fighting in the province has gone on since 2011."),
        country="Testland",
        reported_as="background",
    )
    protest = event(
        "ev-protest",
        "Protests",
        "Peaceful protest",
        "2024-04-12",
        evidence(
            "doc-hostile",
            HOSTILE,
            "Protesters marched in Velda on Friday.",
            url="javascript:alert(document.cookie)",
        ),
        actor1="Protesters (Otherland)",
        country="Otherland",
        location="Velda",
    )
    attacks = Tally(
        "tl-attacks",
        "attacks",
        None,
        Range(5, 5, 5),
        "about",
        "2024-03-01",
        "2024-03-31",
        document_id="doc-report",
        sentence="Gunmen have attacked posts about five times this month.",
    )
    marches = Tally(
        "tl-marches",
        "protests",
        None,
        Range(3, 3, 3),
        None,
        "2024-04-01",
        "2024-04-30",
        document_id="doc-hostile",
        sentence="It was the third march in Velda this month.",
    )
    with open_store(db) as store:
        store.add_document(
            Document(
                "doc-report", REPORT, title="Police post attacked", published="2024-03-05", tallies=[attacks]
            ),
            [attack, raid, shelling, since],
        )
        store.add_document(Document("doc-radio", RADIO, title="Radio Nadir bulletin"), [])
        store.add_document(
            Document(
                "doc-hostile",
                HOSTILE,
                title='<img src=x onerror="window.__owned = 3">March <b>today</b>',
                tallies=[marches],
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


class Desk:
    """The desk, loaded once: its page, the problems it raised and every URL it asked for."""

    def __init__(self, page: Any, server: str) -> None:
        self.page = page
        self.server = server
        self.problems: list[str] = []
        self.requests: list[str] = []

    def ready(self) -> None:
        self.page.wait_for_selector('#desk[data-ready="1"]', timeout=15000)

    def reset(self) -> None:
        """Back to no filters, dense timeline, event tab."""
        if self.page.is_checked("#t-all"):
            self.page.uncheck("#t-all")
        self.page.click("#tab-event")
        self.page.click("#reset")
        self.ready()

    def apply(self, **fields: str) -> None:
        """Reset, then set the filters ``fields`` (element ids without ``f-``) and apply them."""
        self.reset()
        for name, value in fields.items():
            selector = "#f-" + name.replace("_", "-")
            if self.page.locator(selector).evaluate("n => n.tagName") == "SELECT":
                self.page.select_option(selector, value)
            else:
                self.page.fill(selector, value)
        self.page.click("#apply")
        self.ready()

    def view(self) -> tuple[float, float, float, float]:
        """The map's view: west, south, east, north."""
        w, s, e, n = (float(v) for v in self.page.locator("#desk").get_attribute("data-view").split(","))
        return w, s, e, n

    def shows(self, event_id: str) -> bool:
        """Whether the map's view holds the event's point."""
        lat, lon = PLACES[event_id]
        w, s, e, n = self.view()
        return s <= lat <= n and w <= lon <= e

    def markers(self) -> list[str]:
        return sorted(m.get_attribute("data-event-id") for m in self.page.locator("path.event-marker").all())

    def zoom_to(self, lat: float, lon: float, zoom: int) -> None:
        self.page.evaluate(
            "([lat, lon, zoom]) => window.eventwireDesk.map.setView([lat, lon], zoom, { animate: false })",
            [lat, lon, zoom],
        )
        self.page.wait_for_selector(f'#desk[data-labels-zoom="{zoom}"]', timeout=15000)


@pytest.fixture(scope="module")
def desk(browser: Any, server: str) -> Iterator[Desk]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    d = Desk(page, server)
    page.on(
        "console", lambda m: d.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: d.problems.append(f"page error: {e}"))
    page.on("request", lambda r: d.requests.append(r.url))

    def dialog(dlg: Any) -> None:
        d.problems.append(f"dialog: {dlg.message}")
        dlg.dismiss()

    page.on("dialog", dialog)
    page.goto(server + "/")
    d.ready()
    yield d
    page.close()


def test_the_map_fits_the_events_and_refits_when_the_filters_change(desk: Desk) -> None:
    page = desk.page
    assert (
        page.locator("#status")
        .inner_text()
        .startswith("5 event(s) match; 4 on the map, 1 without coordinates")
    )
    assert all(desk.shows(e) for e in PLACES)  # the first view holds every point...
    w, s, e, n = desk.view()
    assert e - w < 200 and n - s < 120  # ...and no more than it must
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # the bundled country outlines
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desk.png"))
    desk.apply(type="Protests")
    assert page.locator("#status").inner_text().startswith("1 event(s) match")
    assert desk.markers() == ["ev-protest"]
    assert desk.shows("ev-protest") and not desk.shows("ev-attack")  # refitted to the one protest
    assert page.locator("#desk").get_attribute("data-zoom") == "7"  # a lone point: not zoomed to the street
    desk.apply(country="Testland", to="2024-03-10")
    assert desk.markers() == ["ev-attack"]
    assert desk.shows("ev-attack") and not desk.shows("ev-protest")
    desk.reset()
    assert all(desk.shows(e) for e in PLACES)
    assert desk.problems == []  # no script errors, no blocked inline code


def test_clusters_are_neutral_and_ringed_by_the_types_they_hold(desk: Desk) -> None:
    page = desk.page
    desk.reset()
    cluster = page.locator(".event-cluster")
    cluster.wait_for()
    assert cluster.count() == 1 and cluster.get_attribute("data-count") == "2"  # the raid and the shelling
    battles, explosions = EVENT_TYPES.index("Battles"), EVENT_TYPES.index("Explosions/Remote violence")
    assert cluster.get_attribute("data-types") == f"{battles}:1 {explosions}:1"
    assert desk.markers() == ["ev-attack", "ev-protest"]  # the others stand alone
    swatches = page.locator("#legend .swatch").evaluate_all(
        "nodes => nodes.map(n => getComputedStyle(n).backgroundColor)"
    )
    disc = page.locator(".event-cluster .cluster-count").evaluate("n => getComputedStyle(n).backgroundColor")
    assert disc not in swatches and disc == "rgb(255, 255, 255)"  # no cluster reads as an event type
    ring = cluster.evaluate("n => getComputedStyle(n).backgroundImage")
    assert ring.startswith("conic-gradient(")
    assert [c for c in swatches if c in ring] == [swatches[battles], swatches[explosions]]
    assert desk.problems == []


def test_place_labels_appear_as_the_map_zooms_in(desk: Desk) -> None:
    page = desk.page
    desk.reset()
    desk.zoom_to(5.0, 20.0, 2)
    assert page.locator(".place-label").count() == 0  # the world: outlines only
    desk.zoom_to(0.0, 25.0, 4)
    assert page.locator(".place-label.capital", has_text="Kinshasa").count() == 1
    assert page.locator('.place-label[data-name="Goma"]').count() == 0
    desk.zoom_to(-1.7, 29.0, 7)  # eastern Congo, where Lake Kivu meets the hills
    for town in ("Goma", "Bukavu"):
        label = page.locator(f'.place-label[data-name="{town}"]')
        assert label.count() == 1 and label.locator(".name").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "desk-labels.png"))
    assert 0 < page.locator(".place-label").count() <= 60  # bounded
    assert page.locator('.place-label.capital[data-name="Kigali"]').count() == 1
    outside = [u for u in desk.requests if not u.startswith(desk.server) and not u.startswith("data:")]
    assert outside == []  # no tile server, no CDN
    desk.reset()
    assert desk.problems == []


def test_the_timeline_folds_outlying_dates_and_shows_them_all_on_request(desk: Desk) -> None:
    page = desk.page
    desk.reset()
    svg = page.locator("#timeline-svg")
    assert svg.get_attribute("data-mode") == "dense"
    assert svg.locator("rect.bar").count() == 4  # March and April 2024
    assert svg.locator(".collapsed-before text").text_content() == "1 earlier"  # the 2011 background date
    assert svg.locator(".collapsed-after").count() == 0
    assert svg.locator(".axis text").first.text_content() == "2024-03-04"
    page.check("#t-all")
    assert svg.get_attribute("data-mode") == "all"
    assert svg.locator("rect.bar").count() == 5
    assert svg.locator(".axis text").first.text_content() == "2011-01-01"
    page.uncheck("#t-all")
    svg.locator(".collapsed-before").click()  # a folded end opens onto all dates too
    assert svg.get_attribute("data-mode") == "all" and page.is_checked("#t-all")
    assert desk.problems == []


def test_brushing_the_timeline_filters_the_map_by_date(desk: Desk) -> None:
    page = desk.page
    desk.reset()
    box = page.locator("#timeline-svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 80, y)  # from the first dense day (the attack), past the folded end...
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)  # ...to before the raid
    page.mouse.up()
    desk.ready()
    assert "between 2024-03-04 and" in page.locator("#status").inner_text()
    assert desk.markers() == ["ev-attack"]
    assert desk.shows("ev-attack") and not desk.shows("ev-raid")  # the map fits what the brush kept
    page.mouse.click(box["x"] + 120, y)  # a click clears the brush
    desk.ready()
    assert page.locator("#status").inner_text().startswith("5 event(s) match")
    assert desk.problems == []


def test_an_event_opens_with_its_sources_by_article_speakers_and_links(desk: Desk) -> None:
    page = desk.page
    desk.reset()
    page.locator('path.event-marker[data-event-id="ev-attack"]').click()
    panel = page.locator("#event-panel")
    page.wait_for_selector('#event-panel[data-event-id="ev-attack"]')
    assert panel.locator("h2.event-title").inner_text() == "Attack"
    assert "Police Forces of Testland" in panel.inner_text()
    assert "Sources (2 articles)" in panel.inner_text()
    articles = panel.locator("article.source")
    assert [a.get_attribute("data-document-id") for a in articles.all()] == ["doc-report", "doc-radio"]
    report = articles.nth(0)
    assert report.locator(".doc-link").inner_text() == "Police post attacked"
    assert "2 evidence sentences" in report.locator(".meta").inner_text()
    assert [m.inner_text() for m in report.locator("mark").all()] == [  # in reading order, once each
        "Gunmen attacked a police post in Port Nadir on Monday.",
        "Two officers were killed, the provincial governor said.",
    ]
    assert articles.nth(1).locator("mark").inner_text() == RADIO
    assert "provincial governor" in panel.locator(".speakers").inner_text()
    panel.locator('.linked a[data-event-id="ev-raid"]').click()
    page.wait_for_selector('#event-panel[data-event-id="ev-raid"]')
    assert panel.locator("h2.event-title").inner_text() == "Armed clash"
    assert "Responds to" in panel.locator(".linked").inner_text()
    panel.locator(".doc-link").click()
    panel.locator(".document-text").wait_for()
    assert panel.locator(".document-text mark").count() == 5  # every evidence sentence of the report
    assert desk.problems == []


def test_the_tallies_follow_the_filters_and_reconcile(desk: Desk) -> None:
    page = desk.page
    desk.reset()
    panel = page.locator("#tallies-panel")

    def tallies() -> list[str]:
        page.wait_for_selector('#tallies-panel[data-ready="1"]')
        return [t.get_attribute("data-tally-id") for t in panel.locator("li[data-tally-id]").all()]

    page.click("#tab-tallies")
    assert tallies() == ["tl-attacks", "tl-marches"]
    desk.apply(country="Otherland")  # the protest's article states the marches
    page.click("#tab-tallies")
    assert tallies() == ["tl-marches"] and "1 tally matches the filters" in panel.inner_text()
    page.select_option("#f-type", "Battles")  # the tab stays open while the filters change
    page.fill("#f-country", "")
    page.click("#apply")
    desk.ready()
    assert tallies() == ["tl-attacks"]
    page.fill("#f-from", "2024-04-05")  # dates keep the tallies whose period overlaps them
    page.select_option("#f-type", "")
    page.click("#apply")
    desk.ready()
    assert tallies() == ["tl-marches"]
    desk.reset()
    page.click("#tab-tallies")
    panel.locator('li[data-tally-id="tl-attacks"] button.reconcile').click()
    page.locator("#reconciliation .difference").wait_for()
    # 5 said; the attack, the raid and the shelling are stored for March
    assert page.locator("#reconciliation .difference").inner_text() == "2"
    assert page.locator("#reconciliation a.event-link").count() == 3
    assert desk.problems == []


def test_hostile_article_text_stays_inert(desk: Desk, browser: Any) -> None:
    page = desk.page
    desk.reset()
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
    assert page.evaluate("window.__owned === undefined")
    plain = browser.new_page()  # the document's own page, beside the desk
    plain.goto(desk.server + "/documents/doc-hostile?format=html")
    assert "<script>window.__owned = 1" in plain.locator(".document-text").inner_text()
    assert plain.evaluate("window.__owned === undefined")
    plain.close()
    assert desk.problems == []
