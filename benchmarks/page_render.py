"""How the desk behaves with many events, in headless chromium (run by hand; never asserted).

    .venv/bin/python benchmarks/page_render.py /tmp/bench50k.db --events 50000

Fills the store with synthetic events when it holds fewer than ``--events``,
starts ``eventwire serve`` on 127.0.0.1, then with Debian's chromium
(/usr/bin/chromium) measures: the first load right after the server started
(its event index still cold) and a second load (warm): time until the map's
clusters are drawn and the timeline is ready; a filter change (one event
type); a timeline brush; and zooming in. Prints the times in seconds and the
size of the map's payload.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import sync_playwright

from eventwire import open_store

sys.path.insert(0, str(Path(__file__).parent))
from api_latency import HOST, free_port, start_server  # noqa: E402
from synthetic import fill  # noqa: E402


def load(page: Any, url: str) -> tuple[float, float]:
    """Seconds until the first cluster is drawn, and until the desk says it is ready."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".marker-cluster", timeout=120_000)
    clusters = time.perf_counter() - started
    page.wait_for_selector('#desk[data-ready="1"]', state="attached", timeout=120_000)
    return clusters, time.perf_counter() - started


def timed(page: Any, action: Any) -> float:
    started = time.perf_counter()
    action()
    page.wait_for_selector('#desk[data-ready="1"]', state="attached", timeout=120_000)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--events", type=int, default=50_000)
    args = parser.parse_args()
    db = str(args.db)
    stored = 0
    if args.db.exists():
        with open_store(db) as store:
            stored = store.count_events()
    if stored < args.events * 0.99:
        stored = fill(db, args.events)
    port = free_port()
    proc = start_server(db, port)
    url = f"http://{HOST}:{port}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            cold = load(page, url)
            warm = load(page, url)
            points = int(page.evaluate("document.getElementById('desk').dataset.points"))

            def filter_type() -> None:
                page.select_option("#f-type", "Battles")
                page.click("#apply")

            filtered = timed(page, filter_type)
            box = page.locator("#timeline-svg").bounding_box()
            y = box["y"] + box["height"] / 2

            def brush() -> None:
                page.mouse.move(box["x"] + box["width"] * 0.2, y)
                page.mouse.down()
                page.mouse.move(box["x"] + box["width"] * 0.4, y, steps=4)
                page.mouse.up()

            brushed = timed(page, brush)
            started = time.perf_counter()
            page.click(".leaflet-control-zoom-in")
            page.wait_for_selector(".leaflet-zoom-anim", state="detached", timeout=30_000)
            page.wait_for_timeout(50)
            zoomed = time.perf_counter() - started
            browser.close()
        size = len(httpx.get(url + "map/points", timeout=60).content)
    finally:
        proc.terminate()
        proc.wait(10)
    sys.stdout.write(
        f"desk with {stored} events ({points} on the map; /map/points is {size / 1e6:.1f} MB), headless chromium:\n"
        f"  first load, cold index: clusters drawn {cold[0]:.2f} s, ready {cold[1]:.2f} s\n"
        f"  second load, warm:      clusters drawn {warm[0]:.2f} s, ready {warm[1]:.2f} s\n"
        f"  filter by one type: {filtered:.2f} s; brush the timeline: {brushed:.2f} s; zoom in: {zoomed:.2f} s\n"
    )


if __name__ == "__main__":
    main()
