"""Hot-spot ingest benchmark: documents/s as one place and day fill the store (run by hand).

    .venv/bin/python benchmarks/hot_spot.py [--variant hot|mixed] [--n 100000] [--db PATH] [--json]

Every document holds one small report, built directly as an Event (no NLP),
and goes through ``open_store(path).add_document`` on a real SQLite file, one
document at a time in publication order. Figures go in notes, never in test
asserts; the goal (issue 11) is a flat per-document cost: documents/s over the
last 10% at least 0.8 x the first 10%.

**Variants.**

- ``hot``: every report tells of the same kind of incident (shelling, now and
  then an air strike) at one town of the invented country Veloria, on one of
  three neighbouring days, with the same few actors and a sentence drawn from a
  small vocabulary: the worst case for blocking, where every report shares its
  keys with all earlier ones and most pairs score above the threshold.
- ``mixed``: four such hot spots take 60% of the reports; the rest are
  scattered incidents (a random place of Veloria's neighbours, a random day of
  two years), each told by one to three documents.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from eventwire import Document, Event, Evidence, Range, open_store
from eventwire.taxonomy import disorder_type_of, event_type_of


@dataclass(frozen=True)
class Spot:
    town: str
    latitude: float
    longitude: float
    day: date


SPOTS = [
    Spot("Kessa", 12.31, 41.72, date(2024, 5, 14)),
    Spot("Varnholm", 13.05, 42.60, date(2024, 6, 2)),
    Spot("Osk Dar", 11.48, 40.91, date(2024, 6, 20)),
    Spot("Tirelle", 12.77, 43.35, date(2024, 7, 9)),
]
SUBS = ["Shelling/artillery/missile attack"] * 5 + ["Air/drone strike"]
ACTORS = ["Northern Legion", "Veloria Armed Forces", "Coast Brigades", None]
TARGETS = "market quay bridge depot school clinic mill station barracks harbour".split()
WORDS = "smoke sirens rubble windows families shops roads crowds debris ambulances".split()
START = datetime(2024, 1, 1, 6, 0)


def _event(
    rng: random.Random, doc_id: str, sub: str, place: tuple[str, float, float], day: date, killed: int | None
) -> Event:
    town, lat, lon = place
    actor = rng.choice(ACTORS)
    target = rng.choice(TARGETS)
    filler = " and ".join(rng.sample(WORDS, 2))
    toll = f", leaving {killed} dead" if killed else ""
    sentence = f"{actor or 'Gunners'} shelled the {target} of {town}{toll}; {filler} were seen."
    return Event(
        event_id=f"{doc_id}#e1",
        event_type=event_type_of(sub),
        sub_event_type=sub,
        disorder_type=disorder_type_of(sub),
        event_date=day.isoformat(),
        date_start=day.isoformat(),
        date_end=day.isoformat(),
        time_precision=1,
        actor1=actor,
        actor2="Civilians (Veloria)",
        country="Veloria",
        iso3="VLR",
        admin1="Coast",
        location=town,
        latitude=round(lat + rng.uniform(-0.01, 0.01), 4),
        longitude=round(lon + rng.uniform(-0.01, 0.01), 4),
        geo_precision=1,
        location_type="city",
        location_as_written=town,
        weapon="artillery" if sub.startswith("Shelling") else "drone",
        fatalities=Range(killed, killed, killed) if killed is not None else Range(),
        confidence=0.7,
        sources=[Evidence(doc_id, "Veloria Wire", None, None, sentence, 0, len(sentence))],
    )


def hot_report(rng: random.Random, doc_id: str, spot: Spot) -> Event:
    """A report of the hot spot: its town, one of three neighbouring days, a similar shelling."""
    day = spot.day + timedelta(days=rng.choice((-1, 0, 0, 0, 1)))
    killed = rng.choice((None, 2, 3, 3, 4))
    return _event(rng, doc_id, rng.choice(SUBS), (spot.town, spot.latitude, spot.longitude), day, killed)


def scattered_report(rng: random.Random, doc_id: str, incident: int) -> Event:
    """A report of a scattered incident: place and day drawn from the incident number."""
    inc = random.Random(incident)
    lat, lon = inc.uniform(-30, 50), inc.uniform(-20, 120)
    day = date(2023, 1, 1) + timedelta(days=inc.randrange(730))
    return _event(
        rng, doc_id, inc.choice(SUBS), (f"Place {incident}", lat, lon), day, inc.choice((None, 1, 5))
    )


def documents(n: int, variant: str, seed: int = 11) -> list[tuple[Document, Event]]:
    """``n`` one-report documents of ``variant`` (see the module docstring), in publication order."""
    rng = random.Random(seed)
    out: list[tuple[Document, Event]] = []
    incident, left = 0, 0
    for i in range(n):
        doc_id = f"hs{i:07d}"
        if variant == "hot":
            event = hot_report(rng, doc_id, SPOTS[0])
        elif rng.random() < 0.6:
            event = hot_report(rng, doc_id, rng.choice(SPOTS))
        else:
            if left == 0:
                incident, left = incident + 1, rng.randint(1, 3)
            left -= 1
            event = scattered_report(rng, doc_id, incident)
        published = (START + timedelta(seconds=30 * i)).isoformat(timespec="minutes")
        event.sources[0].published = published
        text = event.sources[0].sentence
        out.append(
            (Document(doc_id, text, title=text[:40], published=published, outlet="Veloria Wire"), event)
        )
    return out


def run(n: int, variant: str, db: Path | None) -> dict[str, Any]:
    """Ingest ``n`` documents one at a time; documents/s over the first and last 10%."""
    docs = documents(n, variant)
    tenth = max(1, n // 10)
    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "hot_spot.db"
        stamps: list[float] = []
        with open_store(path) as store:
            t0 = time.perf_counter()
            for doc, event in docs:
                store.add_document(doc, [event])
                stamps.append(time.perf_counter())
            events = store.count_events()
        with sqlite3.connect(path) as raw:  # event sizes from the reports (merge notes are capped)
            sizes = [
                n
                for (n,) in raw.execute("SELECT count(*) AS n FROM reports GROUP BY event_id ORDER BY n DESC")
            ]
        first = tenth / (stamps[tenth - 1] - t0)
        last = tenth / (stamps[-1] - stamps[-tenth - 1]) if n > tenth else first
        return {
            "variant": variant,
            "n_documents": n,
            "seconds": round(stamps[-1] - t0, 1),
            "docs_per_s_first_10pct": round(first, 1),
            "docs_per_s_last_10pct": round(last, 1),
            "ratio_last_first": round(last / first, 3),
            "events": events,
            "largest_events": sizes[:5],
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--variant", choices=("hot", "mixed"), default="hot")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="the SQLite file (default a temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    f = run(args.n, args.variant, args.db)
    if args.json:
        print(json.dumps(f, indent=2))
    else:
        print(
            f"{f['variant']}: {f['n_documents']:,} documents in {f['seconds']:.1f} s; "
            f"first 10% {f['docs_per_s_first_10pct']:.0f}/s, last 10% {f['docs_per_s_last_10pct']:.0f}/s "
            f"(ratio {f['ratio_last_first']:.2f}); {f['events']:,} events, largest {f['largest_events']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
