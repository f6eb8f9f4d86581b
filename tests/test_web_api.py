"""The HTTP API, in process (FastAPI's TestClient) against a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # starlette suggests another httpx package for its test client
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventwire import Document, Event, Evidence, Range, Settings, Tally, open_store
from eventwire.model import Claim
from eventwire.pipeline import Pipeline
from eventwire.web import create_app

TOKEN = "s3cret-token"

HARBOUR = (
    "Gunmen attacked a police post in Port Nadir on Monday. "
    "Two officers were killed, the provincial governor said. "
    "Residents said the attackers fled towards the hills."
)
HOSTILE = (
    "<script>alert('x')</script> Protesters marched in Velda on Friday. "
    'Organisers posted <a href="javascript:alert(1)">a link</a> online.'
)


def span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def make_event(event_id: str, doc_id: str, text: str, sentence: str, **fields: Any) -> Event:
    start, end = span(text, sentence)
    return Event(
        event_id,
        fields.pop("event_type", "Battles"),
        fields.pop("sub_event_type", "Armed clash"),
        sources=[
            Evidence(
                doc_id, "Harbour Wire", None, "2024-03-05", sentence, start, end, fields.pop("speaker", None)
            )
        ],
        **fields,
    )


def fill(db: str) -> None:
    """Two documents: a police-post attack with a response, and a protest with hostile markup."""
    attack_sentence = "Gunmen attacked a police post in Port Nadir on Monday."
    killed_sentence = "Two officers were killed, the provincial governor said."
    a_start, a_end = span(HARBOUR, killed_sentence)
    attack = make_event(
        "ev-attack",
        "doc-harbour",
        HARBOUR,
        attack_sentence,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        event_date="2024-03-04",
        actor1="Unidentified Armed Group",
        actor2="Police Forces of Testland",
        country="Testland",
        iso3="TST",
        location="Port Nadir",
        latitude=10.5,
        longitude=20.25,
        fatalities=Range(2, 2, 2),
        speaker="provincial governor",
        claims=[
            Claim(
                "figure",
                "doc-harbour",
                killed_sentence,
                a_start,
                a_end,
                metric="killed",
                value=Range(2, 2, 2),
                speaker_title="provincial governor",
                organisation="Province of Nadir",
            )
        ],
    )
    response = make_event(
        "ev-response",
        "doc-harbour",
        HARBOUR,
        "Residents said the attackers fled towards the hills.",
        event_date="2024-03-06",
        country="Testland",
        iso3="TST",
        location="Nadir Hills",
        latitude=11.0,
        longitude=21.0,
        responds_to="ev-attack",
    )
    protest = make_event(
        "ev-protest",
        "doc-hostile",
        HOSTILE,
        "Protesters marched in Velda on Friday.",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        event_date="2024-04-12",
        actor1="Protesters (Otherland)",
        country="Otherland",
        iso3="OTH",
        location="Velda",
        latitude=-5.0,
        longitude=120.0,
    )
    tally = Tally(
        "tl-1",
        "attacks",
        None,
        Range(5, 5, 5),
        "about",
        "2024-03-01",
        "2024-03-31",
        document_id="doc-harbour",
        sentence=attack_sentence,
    )
    with open_store(db) as store:
        store.add_document(
            Document(
                "doc-harbour",
                HARBOUR,
                title="Police post attacked",
                published="2024-03-05",
                outlet="Harbour Wire",
                tallies=[tally],
            ),
            [attack, response],
        )
        store.add_document(
            Document("doc-hostile", HOSTILE, title="<img src=x onerror=alert(1)> March <b>today</b>"),
            [protest],
        )


@pytest.fixture(scope="module")
def db(module_new_db: Any) -> str:
    """The desk's store, filled once, in each backend."""
    path: str = module_new_db("desk.db")
    fill(path)
    return path


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    return TestClient(create_app(Settings(db=db), warm_index=False))


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["event_id"] for e in response.json()["events"]]


# --- GET /events -------------------------------------------------------------------------------------


def test_events_are_filtered_like_the_cli(client: TestClient) -> None:
    assert ids(client.get("/events")) == ["ev-attack", "ev-response", "ev-protest"]
    assert ids(client.get("/events", params={"country": "Testland", "to": "2024-03-05"})) == ["ev-attack"]
    assert ids(client.get("/events", params={"country": "OTH"})) == ["ev-protest"]
    assert ids(client.get("/events", params={"type": "Protests"})) == ["ev-protest"]
    assert ids(client.get("/events", params={"sub_type": "Armed clash"})) == ["ev-response"]
    assert ids(client.get("/events", params={"actor": "police forces"})) == ["ev-attack"]
    assert ids(client.get("/events", params={"q": "marched"})) == ["ev-protest"]
    assert ids(client.get("/events", params={"bbox": "19,9,22,12"})) == ["ev-attack", "ev-response"]
    assert ids(client.get("/events", params={"reported_as": "background"})) == []
    assert ids(client.get("/events", params={"country": ""})) == ["ev-attack", "ev-response", "ev-protest"]


def test_a_cursor_walks_every_page_once(client: TestClient) -> None:
    first = client.get("/events", params={"limit": 2, "total": "true"}).json()
    assert (first["count"], first["total"]) == (2, 3)  # the total is counted only when asked for
    assert first["next"].startswith("/events?limit=2&total=true&cursor=")
    second = client.get(first["next"]).json()
    assert [e["event_id"] for e in second["events"]] == ["ev-protest"]
    assert second["next_cursor"] is None and second["next"] is None
    assert client.get("/events", params={"limit": 2}).json()["total"] is None


def test_events_are_the_model_records(client: TestClient, db: str) -> None:
    with open_store(db) as store:
        stored = {e.event_id: e.to_dict() for e in store.events()}
    listed = client.get("/events").json()["events"]
    assert [list(e) for e in listed] == [
        list(stored[e["event_id"]]) for e in listed
    ]  # keys in contract order
    assert listed == [stored[e["event_id"]] for e in listed]


def test_geojson_and_csv_pages(client: TestClient) -> None:
    geo = client.get("/events", params={"format": "geojson", "country": "Testland"})
    assert geo.headers["content-type"] == "application/geo+json"
    features = geo.json()["features"]
    assert [f["id"] for f in features] == ["ev-attack", "ev-response"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [20.25, 10.5]}
    page = client.get("/events", params={"format": "csv", "limit": 1})
    assert page.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(page.text)))
    assert [r["event_id"] for r in rows] == ["ev-attack"] and rows[0]["fatalities"] == "2"
    assert page.headers["link"].endswith('>; rel="next"') and page.headers["x-next-cursor"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limit": "0"}, "limit: Input should be greater than or equal to 1"),
        ({"limit": "lots"}, "limit: Input should be a valid integer"),
        ({"from": "2024-02-30"}, "from: '2024-02-30' is not a date in the form YYYY-MM-DD"),
        ({"from": "2024-05-01", "to": "2024-04-01"}, "from 2024-05-01 is after to 2024-04-01"),
        ({"bbox": "1,2,3"}, "bbox: needs four numbers"),
        ({"bbox": "a,b,c,d"}, "bbox: 'a,b,c,d' is not four comma-separated numbers"),
        ({"bbox": "10,0,200,5"}, "bbox: (10.0, 0.0, 200.0, 5.0) is outside"),
        ({"cursor": "not-a-cursor"}, "cursor: 'not-a-cursor' is not a cursor this API gave out"),
        ({"reported_as": "rumour"}, "reported_as: 'rumour' is not one of new, background"),
        ({"format": "xml"}, "format: 'xml' is not one of json, geojson, csv, html"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(
    client: TestClient, query: dict[str, str], message: str
) -> None:
    response = client.get("/events", params=query)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_sql_in_a_parameter_is_only_a_value(client: TestClient) -> None:
    refused = client.get("/events", params={"country": "Testland' OR '1'='1"})
    assert refused.status_code == 400 and "is not a country name" in refused.json()["error"]
    assert ids(client.get("/events", params={"actor": "%' OR 1=1 --"})) == []
    assert client.get("/stats").json()["events"] == 3  # nothing was dropped


# --- one event, one document -------------------------------------------------------------------------


def test_an_event_comes_with_its_sources_in_context_claims_speakers_and_links(client: TestClient) -> None:
    body = client.get("/events/ev-attack").json()
    assert body["event"]["event_id"] == "ev-attack"
    (source,) = body["sources"]  # one article...
    assert source["title"] == "Police post attacked" and source["href"] == "/documents/doc-harbour"
    (evidence,) = source["evidence"]  # ...with one evidence sentence
    assert evidence["speaker"] == "provincial governor"
    context = evidence["context"]
    assert context["sentence"] == "Gunmen attacked a police post in Port Nadir on Monday."
    assert context["before"] == "" and context["after"].startswith(" Two officers were killed")
    assert body["claims"][0]["metric"] == "killed"
    assert {"title": "provincial governor", "organisation": "Province of Nadir"}.items() <= body["speakers"][
        0
    ].items()
    assert body["linked"]["responds_to"] is None
    assert [r["event_id"] for r in body["linked"]["responses"]] == ["ev-response"]
    back = client.get("/events/ev-response").json()["linked"]["responds_to"]
    assert back["event_id"] == "ev-attack" and back["href"] == "/events/ev-attack"


def test_unknown_ids_are_404_with_a_message(client: TestClient) -> None:
    for path in ("/events/ev-none", "/documents/doc-none", "/tallies/tl-none", "/tallies/tl-none/reconcile"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "is not in the store" in response.json()["error"]
    assert client.get("/nowhere").json() == {"error": "not found: /nowhere"}


def test_a_document_comes_with_its_evidence_spans(client: TestClient) -> None:
    body = client.get("/documents/doc-harbour").json()
    assert body["document"]["text"] == HARBOUR
    assert "".join(s["text"] for s in body["segments"]) == HARBOUR
    marked = [(s["text"], s["event_ids"]) for s in body["segments"] if s["event_ids"]]
    assert marked == [
        ("Gunmen attacked a police post in Port Nadir on Monday.", ["ev-attack"]),
        ("Residents said the attackers fled towards the hills.", ["ev-response"]),
    ]
    assert [e["event_id"] for e in body["events"]] == ["ev-attack", "ev-response"]


# --- HTML twins and untrusted text ---------------------------------------------------------------------


def test_a_browser_gets_html_that_links_its_json_twin(client: TestClient) -> None:
    for path in ("/events/ev-attack", "/documents/doc-harbour", "/events", "/tallies", "/stats"):
        page = client.get(path, headers={"Accept": "text/html,application/xhtml+xml"})
        assert page.headers["content-type"].startswith("text/html"), path
        assert 'rel="alternate" type="application/json"' in page.text
        twin = page.text.split('<link rel="alternate" type="application/json" href="')[1].split('"')[0]
        assert client.get(twin.replace("&amp;", "&")).headers["content-type"] == "application/json"
    assert client.get("/events/ev-attack", params={"format": "html"}).text.count("<mark>") == 1


def test_article_markup_is_shown_as_text(client: TestClient) -> None:
    page = client.get("/documents/doc-hostile", params={"format": "html"}).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript:' not in page
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_the_openapi_schema_is_served_and_nothing_loads_from_a_cdn(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/documents", "/tallies/{tally_id}/reconcile", "/stats"} <= set(
        schema["paths"]
    )
    desk = client.get("/").text
    assert "https://" not in desk and "http://" not in desk
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/static/basemap/countries.geojson").json()["type"] == "FeatureCollection"


# --- tallies, stats, the page's data ---------------------------------------------------------------------


def test_tallies_and_their_reconciliation(client: TestClient) -> None:
    (tally,) = client.get("/tallies").json()["tallies"]
    assert (tally["tally_id"], tally["metric"]) == ("tl-1", "attacks")
    assert client.get("/tallies", params={"metric": "killed"}).json()["count"] == 0
    result = client.get("/tallies/tl-1/reconcile").json()
    # the attack and the clash are both violent events in Testland in March
    assert (result["tally_value"], result["events_total"], result["difference"]) == (5, 2, 3)
    assert [e["href"] for e in result["events"]] == ["/events/ev-attack", "/events/ev-response"]


def test_stats_count_the_store(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert (stats["documents"], stats["events"], stats["tallies"]) == (2, 3, 1)
    assert stats["by_type"]["Protests"] == 1


def test_map_points_and_timeline_follow_the_filters(client: TestClient) -> None:
    body = client.get("/map/points").json()
    assert body["matched"] == 3
    by_id = {p[0]: p for p in body["points"]}
    assert by_id["ev-attack"][1:] == [
        10.5,
        20.25,
        body["types"].index("Violence against civilians"),
        2,
        "2024-03-04",
    ]
    assert [p[0] for p in client.get("/map/points", params={"country": "Otherland"}).json()["points"]] == [
        "ev-protest"
    ]
    assert client.get("/map/points", params={"actor": "protesters"}).json()["matched"] == 1
    timeline = client.get("/timeline", params={"country": "Testland"}).json()
    assert [d[0] for d in timeline["days"]] == ["2024-03-04", "2024-03-06"]
    assert sum(timeline["days"][0][1]) == 1


def test_an_events_sources_are_grouped_by_article(db_url: str) -> None:
    first, second = "Shells hit the market in Oru at dawn.", "Two stalls burned down."
    wire = f"{first} {second} The army denied firing."
    radio = "Residents of Oru said shells fell on the market."
    sources = [
        Evidence("doc-wire", "Lake Wire", None, "2024-05-02", second, *span(wire, second)),
        Evidence("doc-radio", "Oru Radio", None, "2024-05-03", radio, 0, len(radio)),
        Evidence("doc-wire", "Lake Wire", None, "2024-05-02", first, *span(wire, first)),
    ]
    shelling = Event(
        "ev-oru", "Explosions/Remote violence", "Shelling/artillery/missile attack", sources=sources
    )
    with open_store(db_url) as store:
        store.add_document(Document("doc-wire", wire, title="Market shelled"), [shelling])
        store.add_document(Document("doc-radio", radio, title="Oru speaks"), [])
    body = TestClient(create_app(Settings(db=db_url), warm_index=False)).get("/events/ev-oru").json()
    assert [(a["document_id"], a["title"]) for a in body["sources"]] == [
        ("doc-wire", "Market shelled"),  # in the order the articles first support the event
        ("doc-radio", "Oru speaks"),
    ]
    wire_evidence = body["sources"][0]["evidence"]
    assert [e["sentence"] for e in wire_evidence] == [first, second]  # in reading order
    assert wire_evidence[1]["context"]["before"] == first + " "
    page = TestClient(create_app(Settings(db=db_url), warm_index=False)).get("/events/ev-oru?format=html")
    assert "Sources (2 articles)" in page.text and page.text.count("<mark>") == 3


def test_tallies_obey_the_event_filters(client: TestClient) -> None:
    def tallied(**query: str) -> list[str]:
        response = client.get("/tallies", params=query)
        assert response.status_code == 200, response.text
        return [t["tally_id"] for t in response.json()["tallies"]]

    # the tally is stated in the Port Nadir report, whose events are violence in Testland in March
    assert tallied() == ["tl-1"]
    assert tallied(country="Testland") == ["tl-1"] and tallied(country="Otherland") == []
    assert tallied(type="Violence against civilians") == ["tl-1"] and tallied(type="Protests") == []
    assert tallied(actor="police forces") == ["tl-1"] and tallied(actor="protesters") == []
    assert tallied(q="gunmen") == ["tl-1"] and tallied(q="marched") == []
    assert tallied(bbox="19,9,22,12") == ["tl-1"] and tallied(bbox="100,-10,130,0") == []
    # dates keep the tallies whose period (March 2024) overlaps them
    assert tallied(**{"from": "2024-03-15", "to": "2024-04-30"}) == ["tl-1"]
    assert tallied(**{"from": "2024-04-01"}) == []
    assert tallied(country="Testland", metric="killed") == []
    bad = client.get("/tallies", params={"from": "2024-13-01"})
    assert bad.status_code == 400 and "from: '2024-13-01' is not a date" in bad.json()["error"]


def test_the_timeline_sets_outlying_dates_apart(db_url: str) -> None:
    def dated(event_id: str, day: str, **fields: Any) -> Event:
        return make_event(event_id, "doc-t", HARBOUR, "Gunmen attacked a police post in Port Nadir on Monday.",
                          event_date=day, **fields)  # fmt: skip

    events = [dated(f"ev-{d}", f"2024-03-{d:02d}") for d in (2, 5, 9, 14, 20)]
    events.append(dated("ev-old", "2011-01-01", reported_as="background"))  # "fighting since 2011"
    with open_store(db_url) as store:
        store.add_document(Document("doc-t", HARBOUR), events)
    timeline = TestClient(create_app(Settings(db=db_url), warm_index=False)).get("/timeline").json()
    assert [d[0] for d in timeline["days"]][:2] == ["2011-01-01", "2024-03-02"]  # every day is there...
    assert timeline["window"] == {  # ...and the dense part leaves the coarse background date out
        "from": "2024-03-02",
        "to": "2024-03-20",
        "before": {"events": 1, "first": "2011-01-01", "last": "2011-01-01"},
        "after": None,
    }


def test_the_dense_window_keeps_evenly_spread_dates_and_folds_far_ones() -> None:
    from datetime import date, timedelta

    from eventwire.web.timespan import dense_window

    year = [((date(2023, 1, 1) + timedelta(days=i)).isoformat(), 1) for i in range(365)]
    assert dense_window(year) == {"from": "2023-01-01", "to": "2023-12-31", "before": None, "after": None}
    burst = [("2019-06-01", 3), ("2024-03-04", 10), ("2024-03-05", 12), ("2031-01-01", 2)]
    window = dense_window(burst)
    assert window is not None and (window["from"], window["to"]) == ("2024-03-04", "2024-03-05")
    assert window["before"]["events"] == 3 and window["after"] == {
        "events": 2,
        "first": "2031-01-01",
        "last": "2031-01-01",
    }
    assert dense_window([]) is None


# --- place labels for the offline basemap ------------------------------------------------------------------

EASTERN_CONGO = "27.5,-3.5,30.5,0.5"  # west of Lake Kivu to the Rwenzori


def labels(client: TestClient, bbox: str, zoom: int, **query: Any) -> list[dict[str, Any]]:
    response = client.get("/map/labels", params={"bbox": bbox, "zoom": zoom, **query})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["labels"]
    return found


def test_place_labels_appear_as_the_map_zooms_in(client: TestClient) -> None:
    assert labels(client, "-180,-85,180,85", 2) == []  # the whole world: outlines only
    capitals = labels(client, "-180,-85,180,85", 3, limit=300)
    assert capitals and all(p["capital"] for p in capitals)
    assert {"Kinshasa", "Nairobi", "Cairo"} <= {p["name"] for p in capitals}
    names = {z: [p["name"] for p in labels(client, EASTERN_CONGO, z)] for z in (4, 7)}
    assert "Goma" not in names[4] and "Goma" in names[7] and "Bukavu" in names[7]
    assert len(names[7]) > len(names[4])
    close = labels(client, EASTERN_CONGO, 7)
    assert close[0] == {  # capitals come first
        "name": "Kigali",
        "country": "Rwanda",
        "latitude": pytest.approx(-1.95, abs=0.05),
        "longitude": pytest.approx(30.06, abs=0.05),
        "population": close[0]["population"],
        "capital": True,
    }
    cities = [p["population"] for p in close if not p["capital"]]
    assert cities == sorted(cities, reverse=True)  # then cities by population
    assert all(-3.5 <= p["latitude"] <= 0.5 and 27.5 <= p["longitude"] <= 30.5 for p in close)


def test_place_labels_are_bounded_and_do_not_overlap(client: TestClient) -> None:
    assert len(labels(client, "-180,-85,180,85", 9, limit=25)) == 25
    assert len(labels(client, "-180,-85,180,85", 9)) == 60  # the default limit
    dense = labels(client, "28.5,-2.5,30.5,-1.5", 6, limit=300)  # Goma's label would cover Kigali's
    assert "Kigali" in [p["name"] for p in dense] and "Goma" not in [p["name"] for p in dense]
    across = labels(client, "170,-50,-170,-30", 5)  # a view across the antimeridian
    assert across and all(p["longitude"] >= 170 or p["longitude"] <= -170 for p in across)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"zoom": "7"}, "bbox: required, the map's view as west,south,east,north in degrees"),
        ({"bbox": "1,2,3", "zoom": "7"}, "bbox: needs four numbers"),
        ({"bbox": "0,0,200,10", "zoom": "7"}, "bbox: (0.0, 0.0, 200.0, 10.0) is outside"),
        ({"bbox": "0,10,5,0", "zoom": "7"}, "bbox: south 10.0 is north of north 0.0"),
        ({"bbox": EASTERN_CONGO, "zoom": "near"}, "zoom: Input should be a valid integer"),
        ({"bbox": EASTERN_CONGO, "zoom": "31"}, "zoom: Input should be less than or equal to 30"),
        ({"bbox": EASTERN_CONGO, "zoom": "7", "limit": "0"}, "limit: Input should be greater than or equal to 1"),
        ({"bbox": EASTERN_CONGO, "zoom": "7", "limit": "301"}, "limit: Input should be less than or equal to 300"),
    ],
)  # fmt: skip
def test_bad_label_requests_are_400_naming_the_parameter(
    client: TestClient, query: dict[str, str], message: str
) -> None:
    response = client.get("/map/labels", params=query)
    assert response.status_code == 400
    assert message in response.json()["error"]


# --- unknown query parameters ---------------------------------------------------------------------------------

#: one request of every endpoint; the test below checks that none is missing
ENDPOINTS = [
    ("GET", "/", "/"),
    ("GET", "/events", "/events"),
    ("GET", "/events/{event_id}", "/events/ev-attack"),
    ("GET", "/documents/{document_id}", "/documents/doc-harbour"),
    ("POST", "/documents", "/documents"),
    ("GET", "/tallies", "/tallies"),
    ("GET", "/tallies/{tally_id}", "/tallies/tl-1"),
    ("GET", "/tallies/{tally_id}/reconcile", "/tallies/tl-1/reconcile"),
    ("GET", "/stats", "/stats"),
    ("GET", "/map/points", "/map/points"),
    ("GET", "/map/labels", "/map/labels"),
    ("GET", "/timeline", "/timeline"),
]


def test_every_endpoint_is_in_the_unknown_parameter_table(client: TestClient) -> None:
    documented = {
        (method.upper(), path)
        for path, methods in client.get("/openapi.json").json()["paths"].items()
        for method in methods
    }
    assert documented | {("GET", "/")} == {(method, path) for method, path, _ in ENDPOINTS}  # "/": the page


@pytest.mark.parametrize(("method", "template", "path"), ENDPOINTS, ids=[f"{m} {t}" for m, t, _ in ENDPOINTS])
def test_an_unknown_query_parameter_is_400_naming_it_and_the_known_ones(
    client: TestClient, method: str, template: str, path: str
) -> None:
    response = client.request(method, path, params={"contry": "Testland", "zzz": "1"}, headers=AUTH)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["unknown"] == ["contry", "zzz"]
    assert body["error"].startswith(
        f"unknown query parameters 'contry', 'zzz' for {method} {template}; known: "
    )
    # the known ones are exactly those the schema documents for the endpoint
    schema = client.get("/openapi.json").json()["paths"].get(template, {}).get(method.lower(), {})
    documented = sorted(p["name"] for p in schema.get("parameters", []) if p["in"] == "query")
    assert body["known"] == documented
    assert body["error"].endswith("known: " + (", ".join(documented) or "none"))


def test_a_misspelt_filter_no_longer_returns_everything(client: TestClient) -> None:
    misspelt = client.get("/events", params={"contry": "Otherland"})
    assert misspelt.status_code == 400
    assert misspelt.json()["error"] == (
        "unknown query parameter 'contry' for GET /events; known: actor, bbox, country, cursor, "
        "format, from, limit, q, reported_as, sub_type, to, total, type"
    )
    assert ids(client.get("/events", params={"country": "Otherland"})) == ["ev-protest"]
    assert client.get("/map/points", params={"tpye": "Protests"}).json()["unknown"] == ["tpye"]
    assert client.get("/static/desk.js", params={"v": "2"}).status_code == 200  # files are not endpoints


# --- POST /documents -------------------------------------------------------------------------------------


def writer(address: str, pipeline: Pipeline | None = None, **settings: Any) -> TestClient:
    config = Settings(db=address, api_token=TOKEN, max_request_bytes=4000, **settings)
    return TestClient(create_app(config, pipeline=pipeline, warm_index=False))


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_writes_are_refused_without_the_token(tmp_path: Path, client: TestClient) -> None:
    record = {"text": "Troops shelled a village."}
    off = client.post("/documents", json=record, headers=AUTH)  # the server has no token at all
    assert off.status_code == 403 and "no api_token" in off.json()["error"]
    guarded = writer(str(tmp_path / "w.db"))
    missing = guarded.post("/documents", json=record)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = guarded.post("/documents", json=record, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "not the server's api_token" in wrong.json()["error"]


def test_oversized_and_malformed_bodies_are_4xx(db_url: str) -> None:
    guarded = writer(db_url)
    big = guarded.post("/documents", json={"text": "x" * 5000}, headers=AUTH)
    assert big.status_code == 413 and "over the limit of 4000 bytes" in big.json()["error"]

    def chunks() -> Any:  # no Content-Length: the limit is checked while reading
        for _ in range(10):
            yield b"x" * 1000

    streamed = guarded.post(
        "/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert streamed.status_code == 413 and "over the limit" in streamed.json()["error"]
    broken = guarded.post(
        "/documents", content=b'{"text": ', headers={**AUTH, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400 and broken.json()["error"].startswith("body: not valid JSON")
    typed = guarded.post("/documents", content=b"text", headers={**AUTH, "Content-Type": "text/plain"})
    assert typed.status_code == 415
    empty = guarded.post("/documents", json=[], headers=AUTH)
    assert empty.status_code == 400 and "empty list" in empty.json()["error"]
    bad = guarded.post("/documents", json={"title": "no text"}, headers=AUTH)
    assert bad.status_code == 422 and "record has no 'text' field" in bad.json()["error"]


def test_url_ingestion_refuses_local_addresses_and_paths(db_url: str) -> None:
    guarded = writer(db_url, pipeline=None)
    for url in ("http://127.0.0.1:9/feed", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"):
        refused = guarded.post("/documents", json={"url": url}, headers=AUTH)
        assert refused.status_code == 422, url
        assert "refused: host" in refused.json()["error"]
    path = guarded.post("/documents", json={"url": "/etc/passwd"}, headers=AUTH)
    assert path.status_code == 400 and "is not an http:// or https:// URL" in path.json()["error"]


def test_posted_documents_are_extracted_stored_and_shown(db_url: str, pipeline: Pipeline) -> None:
    guarded = writer(db_url, pipeline=pipeline)
    assert guarded.get("/map/points").json()["matched"] == 0
    record = {
        "id": "post-1",
        "title": "Clash near the border",
        "text": "Soldiers clashed with rebels near Goma on Tuesday, killing four fighters.",
        "published": "2024-06-05",
        "outlet": "Desk Test",
    }
    created = guarded.post(
        "/documents", content=json.dumps(record), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["documents_added"] == 1 and body["events_added"] >= 1
    assert body["documents"] == [{"document_id": "post-1", "href": "/documents/post-1"}]
    assert guarded.get("/documents/post-1").json()["document"]["title"] == "Clash near the border"
    assert guarded.get("/map/points").json()["matched"] >= 1  # the page's index sees the new events
    again = guarded.post("/documents", json=record, headers=AUTH)
    assert again.status_code == 200 and again.json()["documents_skipped"] == 1


# --- eventwire serve ---------------------------------------------------------------------------------------


def test_serve_binds_to_loopback_and_uses_the_cli_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from eventwire.cli import app

    started: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda web_app, **kw: started.update(kw, app=web_app))
    monkeypatch.setenv("EVENTWIRE_DB", str(tmp_path / "env.db"))
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"]) == ("127.0.0.1", 8765)
    assert f"serving {tmp_path / 'env.db'} at http://127.0.0.1:8765/" in result.output
    assert (tmp_path / "env.db").exists()
    other = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "opt.db"), "--port", "9999"])
    assert other.exit_code == 0 and started["port"] == 9999 and "opt.db" in other.output
    bad = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert bad.exit_code == 2 and "--port: 70000 is not a TCP port" in bad.output


def test_a_merged_event_says_which_reports_it_holds_and_why(db_url: str) -> None:
    from merge_helpers import document, report

    db = db_url
    with open_store(db) as store:
        store.add_document(
            document("wire", "2024-03-04"), [report("w1", "wire", killed=3, published="2024-03-04")]
        )
        store.add_document(
            document("radio", "2024-03-05"), [report("r1", "radio", killed=5, published="2024-03-05")]
        )
    client = TestClient(create_app(Settings(db=db), warm_index=False))
    body = client.get("/events/w1").json()
    assert [r["document_id"] for r in body["reports"]] == ["wire", "radio"]
    assert body["reports"][0]["explanation"].endswith("first report; its own version: "
                                                       "Shelling/artillery/missile attack, 2024-03-04, Harbour Town, killed 3")  # fmt: skip
    assert "matched w1 (wire) at" in body["reports"][1]["explanation"]
    page = client.get("/events/w1?format=html").text
    assert "Reports merged (2)" in page


def test_serve_with_several_workers_answers_from_each_process(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    db = tmp_path / "workers.db"
    with open_store(str(db)) as store:
        store.add_document(Document("d", "text"), [])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exe = Path(sys.executable).parent / "eventwire"
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        stats = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and stats is None:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/stats", timeout=5).json()
            except httpx.HTTPError:
                time.sleep(0.3)
        assert stats is not None and stats["documents"] == 1
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    bad = subprocess.run(
        [str(exe), "serve", "--db", str(db), "--workers", "0"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "--workers: 0 is not between 1 and 64" in bad.stderr


def test_a_misspelt_country_is_refused_with_the_closest_names(client: TestClient) -> None:
    response = client.get("/events", params={"country": "Testlnd"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error.startswith("country: 'Testlnd' is not a country name or ISO3 code; did you mean Testland")
    assert "the store holds" in error
    # the same check guards the map and the tallies
    assert client.get("/map/points", params={"country": "Testlnd"}).status_code == 400
    assert client.get("/tallies", params={"country": "Testlnd"}).status_code == 400


def test_a_real_country_without_events_is_an_empty_page_not_an_error(client: TestClient) -> None:
    assert ids(client.get("/events", params={"country": "Portugal"})) == []
    assert ids(client.get("/events", params={"country": "prt"})) == []
    assert ids(client.get("/events", params={"country": "otherland"})) == [
        "ev-protest"
    ]  # a stored name, any case
