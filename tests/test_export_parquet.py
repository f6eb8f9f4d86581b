"""Parquet exports read back, typed, by pyarrow and by DuckDB, from a store of each backend;
the export filters select the same events as `eventwire events`."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventwire.api import export
from eventwire.cli import app
from eventwire.export import EVENT_CSV_COLUMNS, export_events
from eventwire.model import Claim, Document, Event, Evidence, Range, Tally
from eventwire.settings import Settings
from eventwire.store import open_store

runner = CliRunner()

STRIKE = "A drone struck a fuel truck near Qarat Zayn on Monday, killing four, the governor said."
PROTEST = "Hundreds marched through Port Vellin on Tuesday against bread prices."
CLASH = "Soldiers fought JNIM fighters outside Dembara on Sunday; two soldiers died."


def strike() -> Event:
    return Event(
        event_id="ev-strike",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        disorder_type="Political violence",
        event_date="2024-03-04",
        date_start="2024-03-04",
        date_end="2024-03-04",
        time_precision=1,
        actor1="Military Forces of Iraq",
        actor2="Civilians (Iraq)",
        assoc_actor_1=["Unit A", "Unit B"],
        country="Iraq",
        iso3="IRQ",
        admin1="Anbar",
        location="Qarat Zayn",
        latitude=34.37,
        longitude=41.09,
        geo_precision=2,
        weapon="drone",
        fatalities=Range(3, 4, 6),
        confidence=0.9,
        sources=[Evidence("doc-strike", "Reuters", "https://www.reuters.com/x", "2024-03-05", STRIKE, 0, 86)],
        claims=[
            Claim(
                "figure",
                "doc-strike",
                STRIKE,
                0,
                86,
                metric="killed",
                value=Range(4, 4, 4),
                speaker_title="governor",
                outlet="Reuters",
                said_on="2024-03-04",
                published="2024-03-05T09:30:00Z",
            )
        ],
    )


def protest() -> Event:
    return Event(
        event_id="ev-protest",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        event_date="2024-03-05",
        actor1="Protesters (Côte d'Ivoire)",
        country="Côte d'Ivoire",
        iso3="CIV",
        reported_as="background",
        sources=[Evidence("doc-protest", "Vellin Daily", None, "2024-03-06", PROTEST, 0, 70)],
    )


def clash() -> Event:
    return Event(
        event_id="ev-clash",
        event_type="Battles",
        sub_event_type="Armed clash",
        disorder_type="Political violence",
        event_date="2024-03-10",
        actor1="Military Forces of Mali",
        actor2="JNIM: Group for Support of Islam and Muslims",
        country="Mali",
        iso3="MLI",
        location="Dembara",
        latitude=14.5,
        longitude=-4.2,
        geo_precision=1,
        fatalities=Range(2, 2, 2),
        sources=[Evidence("doc-clash", "Sahel Wire", None, "2024-03-11", CLASH, 0, 73)],
    )


def tally() -> Tally:
    sentence = "Rebels have hit the port 12 times since March 1, 7 times in Tartus and 5 in Latakia."
    return Tally(
        tally_id="tl-port",
        metric="attacks",
        subject="the port",
        value=Range(12, 12, 12),
        qualifier=None,
        period_start="2024-03-01",
        period_end="2024-03-20",
        breakdown=[
            {"place": "Tartus", "value": 7},
            {"place": "Latakia", "value": {"low": 5, "best": 5, "high": 6}},
        ],
        document_id="doc-strike",
        sentence=sentence,
        char_end=len(sentence),
    )


@pytest.fixture(scope="module")
def db(module_new_db: Any) -> str:
    """A store of each backend with a strike (claims, a tally), a background protest and a clash."""
    url = str(module_new_db("exports.db"))
    with open_store(url) as store:
        store.add_document(
            Document("doc-strike", STRIKE, published="2024-03-05", outlet="Reuters", tallies=[tally()]),
            [strike()],
        )
        store.add_document(Document("doc-protest", PROTEST, published="2024-03-06"), [protest()])
        store.add_document(Document("doc-clash", CLASH, published="2024-03-11"), [clash()])
    return url


def export_file(db: str, tmp_path: Path, *args: str, name: str = "out.parquet") -> Path:
    target = tmp_path / name
    result = runner.invoke(app, ["export", "--format", "parquet", "-o", str(target), "--db", db, *args])
    assert result.exit_code == 0, result.output
    return target


def test_events_read_back_typed_with_pyarrow(db: str, tmp_path: Path) -> None:
    table = pq.read_table(export_file(db, tmp_path, "--reported-as", "all"))
    assert tuple(table.schema.names) == EVENT_CSV_COLUMNS
    types = {f.name: f.type for f in table.schema}
    assert types["event_date"] == pa.date32() and types["date_start"] == pa.date32()
    assert types["fatalities"] == pa.int64() and types["inter1"] == pa.int64() and types["iso"] == pa.int64()
    assert types["latitude"] == pa.float64() and types["confidence"] == pa.float64()
    assert types["assoc_actor_1"] == pa.list_(pa.string()) and types["document_ids"] == pa.list_(pa.string())
    assert types["cameo_code"] == pa.string()  # CAMEO codes keep their leading zero
    rows = {r["event_id"]: r for r in table.to_pylist()}
    assert set(rows) == {"ev-strike", "ev-protest", "ev-clash"}
    s = rows["ev-strike"]
    assert s["event_date"] == dt.date(2024, 3, 4) and s["year"] == 2024
    assert s["assoc_actor_1"] == ["Unit A", "Unit B"] and s["document_ids"] == ["doc-strike"]
    assert (s["fatalities"], s["fatalities_low"], s["fatalities_best"], s["fatalities_high"]) == (4, 3, 4, 6)
    assert (s["inter1"], s["inter2"], s["interaction"], s["civilian_targeting"]) == (
        1,
        7,
        17,
        "Civilian targeting",
    )
    assert (s["iso"], s["region"], s["source_scale"]) == (368, "Middle East", "International")
    assert (s["plover_type"], s["plover_mode"], s["cameo_code"]) == ("ASSAULT", "heavy-weapons", "195")
    assert (s["latitude"], s["longitude"]) == (34.37, 41.09)
    p = rows["ev-protest"]
    assert (p["fatalities"], p["fatalities_best"], p["latitude"], p["assoc_actor_2"]) == (0, None, None, [])
    c = rows["ev-clash"]
    assert (c["inter1"], c["inter2"], c["interaction"], c["region"]) == (1, 2, 12, "Western Africa")


def test_events_read_back_with_duckdb(db: str, tmp_path: Path) -> None:
    path = str(export_file(db, tmp_path, "--reported-as", "all"))
    con = duckdb.connect()
    assert con.execute("SELECT count(*), sum(fatalities) FROM read_parquet(?)", [path]).fetchone() == (3, 6)
    assert con.execute(
        "SELECT event_id FROM read_parquet(?) WHERE event_date BETWEEN DATE '2024-03-05' AND DATE '2024-03-31' "
        "ORDER BY event_date",
        [path],
    ).fetchall() == [("ev-protest",), ("ev-clash",)]
    actors = con.execute("SELECT unnest(assoc_actor_1) FROM read_parquet(?) ORDER BY 1", [path]).fetchall()
    assert actors == [("Unit A",), ("Unit B",)]
    assert con.execute(
        "SELECT typeof(event_date), typeof(fatalities), typeof(latitude), typeof(document_ids) "
        "FROM read_parquet(?) LIMIT 1",
        [path],
    ).fetchone() == ("DATE", "BIGINT", "DOUBLE", "VARCHAR[]")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], {"ev-strike", "ev-clash"}),  # new events only, by default
        (["--reported-as", "all"], {"ev-strike", "ev-protest", "ev-clash"}),
        (["--reported-as", "background"], {"ev-protest"}),
        (["--country", "IRQ"], {"ev-strike"}),
        (["--country", "mali"], {"ev-clash"}),
        (["--type", "Battles"], {"ev-clash"}),
        (["--sub-type", "Air/drone strike"], {"ev-strike"}),
        (["--from", "2024-03-05", "--reported-as", "all"], {"ev-protest", "ev-clash"}),
        (["--to", "2024-03-04"], {"ev-strike"}),
        (["--actor", "jnim"], {"ev-clash"}),
        (["--search", "drone"], {"ev-strike"}),
        (["--bbox", "40,30,45,36"], {"ev-strike"}),
        (["--bbox", "0,0,1,1"], set()),
    ],
)
def test_export_takes_the_events_filters(
    db: str, tmp_path: Path, args: list[str], expected: set[str]
) -> None:
    table = pq.read_table(export_file(db, tmp_path, *args))
    assert set(table.column("event_id").to_pylist()) == expected
    listed = runner.invoke(app, ["events", "--jsonl", "--db", db, *args, *_reported_as_default(args)])
    assert listed.exit_code == 0, listed.output
    assert {json.loads(line)["event_id"] for line in listed.stdout.splitlines()} == expected


def _reported_as_default(args: list[str]) -> list[str]:
    """`events` lists every event by default, `export` the new ones: compare like with like."""
    return [] if "--reported-as" in args else ["--reported-as", "new"]


def test_reports_claims_documents_and_tallies_as_parquet(db: str, tmp_path: Path) -> None:
    reports = pq.read_table(
        export_file(db, tmp_path, "--what", "reports", "--reported-as", "all", name="r.parquet")
    )
    assert reports.schema.names[:3] == ["report_id", "document_id", "event_id_cnty"]
    by_event = {r["event_id"]: r for r in reports.to_pylist()}
    assert set(by_event) == {"ev-strike", "ev-protest", "ev-clash"}
    assert by_event["ev-clash"]["document_id"] == "doc-clash"

    claims = pq.read_table(export_file(db, tmp_path, "--what", "claims", name="c.parquet"))
    assert claims.schema.field("said_on").type == pa.date32()
    assert claims.schema.field("published").type == pa.string()  # as the source gave it
    [claim] = claims.to_pylist()
    assert (claim["event_id"], claim["claim_index"], claim["metric"]) == ("ev-strike", 0, "killed")
    assert (claim["value_low"], claim["value_best"], claim["value_high"]) == (4, 4, 4)
    assert (claim["said_on"], claim["published"]) == (dt.date(2024, 3, 4), "2024-03-05T09:30:00Z")

    docs = pq.read_table(export_file(db, tmp_path, "--what", "documents", name="d.parquet"))
    assert sorted(docs.column("document_id").to_pylist()) == ["doc-clash", "doc-protest", "doc-strike"]

    path = export_file(db, tmp_path, "--what", "tallies", name="t.parquet")
    [row] = pq.read_table(path).to_pylist()
    assert (row["period_start"], row["value_best"]) == (dt.date(2024, 3, 1), 12)
    assert row["breakdown"] == [
        {"place": "Tartus", "value_low": 7, "value_best": 7, "value_high": 7},
        {"place": "Latakia", "value_low": 5, "value_best": 5, "value_high": 6},
    ]
    places = duckdb.sql(
        f"SELECT b.place, b.value_high FROM (SELECT unnest(breakdown) AS b FROM read_parquet('{path}')) ORDER BY 1"
    ).fetchall()
    assert places == [("Latakia", 6), ("Tartus", 7)]


def test_an_empty_export_is_a_valid_file_with_every_column(db: str, tmp_path: Path) -> None:
    table = pq.read_table(export_file(db, tmp_path, "--country", "Portugal"))  # a real country, no events
    assert table.num_rows == 0 and tuple(table.schema.names) == EVENT_CSV_COLUMNS


def test_parquet_goes_to_a_pipe_as_bytes(db: str) -> None:
    result = runner.invoke(app, ["export", "--format", "parquet", "--db", db])
    assert result.exit_code == 0, result.output
    table = pq.read_table(pa.BufferReader(result.stdout_bytes))
    assert set(table.column("event_id").to_pylist()) == {"ev-strike", "ev-clash"}
    assert "exported 2 events" in result.stderr


def test_the_api_writes_parquet_to_a_stream_too(db: str) -> None:
    out = io.BytesIO()
    result = export(Settings(db=db), "events", "parquet", out)
    assert (result.written, result.format) == (3, "parquet")
    assert pq.read_table(pa.BufferReader(out.getvalue())).num_rows == 3


def test_a_date_that_is_not_a_full_day_is_null_in_parquet(tmp_path: Path) -> None:
    event = strike()
    event.event_date, event.date_start = "2024-03", "2024-02-30"
    with (tmp_path / "e.parquet").open("wb") as out:
        export_events([event], "parquet", out)
    [row] = pq.read_table(tmp_path / "e.parquet").to_pylist()
    assert (row["event_date"], row["date_start"], row["year"]) == (None, None, 2024)
