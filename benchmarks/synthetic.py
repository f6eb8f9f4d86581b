"""A synthetic store of many events, for the API and page benchmarks (run by hand).

    .venv/bin/python benchmarks/synthetic.py /tmp/bench.db --events 100000

Events are spread over a dozen countries and two years, with distinct places,
actors and dates, so that the store keeps them apart. Every document holds
``--per-document`` events, each with one evidence sentence.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from eventwire import Document, Event, Evidence, Range, open_store

# (country, iso3, latitude, longitude, spread in degrees)
COUNTRIES = [
    ("Iraq", "IRQ", 33.2, 43.7, 2.5),
    ("Syria", "SYR", 35.0, 38.5, 2.0),
    ("Yemen", "YEM", 15.5, 47.5, 2.5),
    ("Sudan", "SDN", 14.0, 30.0, 4.0),
    ("Nigeria", "NGA", 9.5, 8.0, 3.5),
    ("Mali", "MLI", 16.0, -2.0, 4.0),
    ("Somalia", "SOM", 5.0, 46.0, 3.0),
    ("Ukraine", "UKR", 48.5, 33.0, 4.0),
    ("Myanmar", "MMR", 20.0, 96.0, 3.0),
    ("Colombia", "COL", 4.5, -74.0, 3.0),
    ("Mexico", "MEX", 22.0, -101.0, 5.0),
    ("Pakistan", "PAK", 30.0, 69.5, 3.5),
]
TYPES = [
    ("Battles", "Armed clash", 0.25),
    ("Explosions/Remote violence", "Air/drone strike", 0.2),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.1),
    ("Violence against civilians", "Attack", 0.15),
    ("Protests", "Peaceful protest", 0.15),
    ("Riots", "Mob violence", 0.05),
    ("Strategic developments", "Arrests", 0.1),
]
ACTORS = ["Military Forces", "Police Forces", "Rebel Group", "Communal Militia", "Protesters", "Rioters"]
START = date(2023, 1, 1)
DAYS = 730


def make_event(rng: random.Random, document_id: str, n: int) -> Event:
    """One distinct synthetic event of document ``document_id``."""
    country, iso3, lat, lon, spread = rng.choice(COUNTRIES)
    event_type, sub, _ = rng.choices(TYPES, weights=[t[2] for t in TYPES])[0]
    day = (START + timedelta(days=rng.randrange(DAYS))).isoformat()
    place = f"Place {rng.randrange(100000)}"
    killed = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 20, 40])
    sentence = f"Fighting was reported near {place} in {country} on {day}; {killed or 'no'} people died."
    actor1 = f"{rng.choice(ACTORS)} of {country} ({rng.randrange(500)})"
    return Event(
        event_id=f"{document_id}-e{n}",
        event_type=event_type,
        sub_event_type=sub,
        event_date=day,
        time_precision=1,
        actor1=actor1,
        actor2=f"{rng.choice(ACTORS)} ({rng.randrange(500)})",
        country=country,
        iso3=iso3,
        location=place,
        latitude=round(lat + rng.uniform(-spread, spread), 4),
        longitude=round(lon + rng.uniform(-spread, spread), 4),
        geo_precision=1,
        fatalities=Range(killed, killed, killed),
        confidence=0.8,
        sources=[Evidence(document_id, "Synthetic Wire", None, day, sentence, 0, len(sentence))],
    )


def fill(path: str, events: int, per_document: int = 10, seed: int = 7) -> int:
    """Add ``events`` synthetic events to the store at ``path``; returns how many it then holds."""
    with open_store(path) as store:
        for doc, batch in _documents(events, per_document, seed):
            store.add_document(doc, batch)
        return store.count_events()


def _documents(events: int, per_document: int, seed: int) -> Iterator[tuple[Document, list[Event]]]:
    rng = random.Random(seed)
    n_docs = (events + per_document - 1) // per_document
    for d in range(n_docs):
        doc_id = f"synthetic-{seed}-{d}"
        batch = [make_event(rng, doc_id, i) for i in range(min(per_document, events - d * per_document))]
        offset = 0
        for e in batch:  # evidence offsets index into the document text
            ev = e.sources[0]
            ev.char_start, ev.char_end = offset, offset + len(ev.sentence)
            offset = ev.char_end + 1
        text = "\n".join(e.sources[0].sentence for e in batch)
        yield Document(doc_id, text, title=f"Synthetic report {d}"), batch


def bulk_fill_postgres(url: str, events: int, per_document: int = 10, seed: int = 7) -> int:
    """The same synthetic store as :func:`fill`, written to PostgreSQL with COPY in a few
    statements: rows built by the store's own row mapping, each event an incident of its own (as
    ``fill`` stores them: distinct places and actors), so no merging is needed. For read
    benchmarks at a million events, which ``fill`` (one transaction per document) takes hours to
    write. Blocking keys are not written: later documents would not merge with these."""
    import psycopg

    from eventwire.merge import Report, group, merged_event
    from eventwire.store import merging
    from eventwire.store import rows as mapping

    open_store(url).close()  # the schema
    tables = {
        "documents": mapping.DOCUMENT_COLUMNS,
        "reports": mapping.REPORT_COLUMNS,
        "evidence": mapping.EVIDENCE_COLUMNS,
        "events": mapping.EVENT_COLUMNS,
    }

    def rows(table: str) -> Iterator[tuple[object, ...]]:
        for doc, batch in _documents(events, per_document, seed):  # the same documents each time
            if table == "documents":
                meta = doc.metadata()
                yield tuple(meta[c] for c in mapping.DOCUMENT_COLUMNS)
            for i, e in enumerate(batch):
                if table == "reports":
                    yield (
                        e.event_id,
                        doc.document_id,
                        i,
                        e.event_id,
                        e.event_id,
                        doc.published,
                        merging.report_data(e),
                    )
                elif table == "evidence":
                    yield mapping.evidence_row(e.event_id, 0, e.sources[0])
                elif table == "events":
                    yield mapping.event_row(
                        merged_event(group([Report(e, doc.document_id, doc.published)])[0])
                    )

    with psycopg.connect(url) as conn:
        with conn.cursor() as cur:  # one COPY at a time per connection
            for table, columns in tables.items():
                with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows(table):
                        copy.write_row(row)
        conn.commit()
        conn.autocommit = True
        conn.execute("ANALYZE")
    with open_store(url) as store:
        return store.count_events()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-document", type=int, default=10)
    args = parser.parse_args()
    started = time.perf_counter()
    stored = fill(str(args.db), args.events, args.per_document)
    sys.stdout.write(f"{args.db}: {stored} events stored in {time.perf_counter() - started:.1f} s\n")


if __name__ == "__main__":
    main()
