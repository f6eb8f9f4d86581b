"""Reconciling a tally with the stored events: what the dataset is missing, place by place.

The store below holds one report's tally ("French troops were attacked 5 times
between 2 and 31 May: 3 times in Mali and twice in Niger") and the events other
reports gave, some of which must not be counted (wrong type, target, place,
date, or a background recollection).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import Settings, open_store, reconcile
from eventwire.cli import app
from eventwire.errors import NotFoundError, QueryError
from eventwire.model import Document, Event, Evidence, Range, Tally
from eventwire.store import SQLiteStore

TALLY_TEXT = "French troops have been attacked 5 times since May 2, three times in Mali and twice in Niger."
runner = CliRunner()

COUNTRIES = {"Mali": "MLI", "Niger": "NER", "Chad": "TCD"}


def event(
    event_id: str,
    country: str,
    date: str | None,
    *,
    sub: str = "Armed clash",
    event_type: str = "Battles",
    actor1: str = "JNIM: Group for Support of Islam and Muslims",
    actor2: str | None = "Military Forces of France",
    assoc2: list[str] | None = None,
    reported_as: str = "new",
    killed: int | None = None,
    injured: int | None = None,
    location: str | None = None,
) -> Event:
    sentence = f"Report {event_id}."
    return Event(
        event_id=event_id,
        event_type=event_type,
        sub_event_type=sub,
        event_date=date,
        country=country,
        iso3=COUNTRIES[country],
        location=location,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_2=assoc2 or [],
        reported_as=reported_as,
        fatalities=Range(killed, killed, killed),
        injuries=Range(injured, injured, injured),
        sources=[Evidence(f"doc-{event_id}", None, None, date, sentence, 0, len(sentence))],
    )


def tally(tally_id: str = "tl-attacks", **changes: object) -> Tally:
    fields: dict[str, object] = {
        "tally_id": tally_id,
        "metric": "attacks",
        "subject": "French troops",
        "value": Range(5, 5, 5),
        "qualifier": None,
        "period_start": "2024-05-02",
        "period_end": "2024-05-31",
        "breakdown": [{"place": "Mali", "value": 3}, {"place": "Niger", "value": 2}],
        "speaker": "Claire Roux",
        "speaker_title": "army spokeswoman",
        "organisation": "French army",
        "document_id": "doc-tally",
        "sentence": TALLY_TEXT,
        "char_end": len(TALLY_TEXT),
        "published": "2024-05-31",
    }
    fields.update(changes)
    return Tally(**fields)  # type: ignore[arg-type]


STORED_EVENTS = [
    # counted
    event("mali-clash", "Mali", "2024-05-05", location="Menaka", killed=2, injured=1),
    event(
        "mali-ied",
        "Mali",
        "2024-05-20",
        event_type="Explosions/Remote violence",
        sub="Remote explosive/landmine/IED",
        actor2="Civilians (Mali)",
        assoc2=["Military Forces of France"],
        killed=3,
    ),
    event("niger-shelling", "Niger", "2024-05-10", sub="Shelling/artillery/missile attack", injured=4),
    # not counted
    event("niger-recalled", "Niger", "2024-05-12", reported_as="background"),
    event("mali-before", "Mali", "2024-04-30"),
    event("mali-undated", "Mali", None),
    event("chad-clash", "Chad", "2024-05-15"),
    event("mali-protest", "Mali", "2024-05-06", event_type="Protests", sub="Peaceful protest"),
    event("mali-army", "Mali", "2024-05-07", actor2="Military Forces of Mali (2021-)"),
    event(
        "mali-french-strike",
        "Mali",
        "2024-05-08",
        event_type="Explosions/Remote violence",
        sub="Air/drone strike",
        actor1="Military Forces of France",
        actor2="JNIM: Group for Support of Islam and Muslims",
    ),
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "reconcile.db"
    with open_store(str(path)) as store:
        for ev in STORED_EVENTS:
            store.add_document(Document(f"doc-{ev.event_id}", ev.sources[0].sentence), [ev])
        tallies = [
            tally(),
            tally("tl-killed", metric="killed", subject=None, value=Range(9, 10, 12), breakdown=[]),
            tally(
                "tl-strikes", metric="strikes", subject="French forces", value=Range(2, 2, 2), breakdown=[]
            ),
            tally("tl-displaced", metric="displaced", value=Range(900, 1000, 1000)),
        ]
        # the tally's own report tells of the attack in Menaka too (its events give it its countries)
        own = event("tally-own", "Mali", "2024-05-30", actor2="Military Forces of France", killed=1)
        store.add_document(Document("doc-tally", TALLY_TEXT, tallies=tallies), [own])
    return path


def settings(db: Path) -> Settings:
    return Settings(db=str(db))


def test_attacks_count_new_violent_events_on_the_subject_in_the_places_and_period(db: Path) -> None:
    result = reconcile(settings(db), "tl-attacks")
    assert [e.event_id for e in result.events] == ["mali-clash", "niger-shelling", "mali-ied", "tally-own"]
    assert (result.tally_value, result.events_total, result.difference) == (5, 4, 1)
    assert result.period == ("2024-05-02", "2024-05-31")
    assert result.places == ["Mali", "Niger"]
    assert result.target == "actor2"
    assert [(p.place, p.tally, p.events, p.difference) for p in result.by_place] == [
        ("Mali", 3, 3, 0),
        ("Niger", 2, 1, 1),
    ]
    assert [e.place for e in result.events] == ["Mali", "Niger", "Mali", "Mali"]
    assert all(e.figure == 1 for e in result.events)


def test_killed_sums_best_fatalities_in_the_countries_of_the_tallys_own_report(db: Path) -> None:
    # no breakdown: the places are the countries of the events stored from the tally's report (Mali)
    result = reconcile(settings(db), "tl-killed")
    assert result.places == ["Mali"]
    # no subject: every target counts, so the army clash and the French strike do too
    assert [(e.event_id, e.figure) for e in result.events] == [
        ("mali-clash", 2),
        ("mali-army", None),
        ("mali-french-strike", None),
        ("mali-ied", 3),
        ("tally-own", 1),
    ]
    assert (result.tally_value, result.events_total, result.difference) == (10, 6, 4)
    assert result.by_place == []


def test_strikes_match_the_subject_against_who_struck(db: Path) -> None:
    result = reconcile(settings(db), "tl-strikes")
    assert result.target == "actor1"
    assert [e.event_id for e in result.events] == ["mali-french-strike"]
    assert result.difference == 1


def test_a_metric_without_an_event_field_is_a_clear_error(db: Path) -> None:
    with pytest.raises(QueryError, match="'tl-displaced': metric 'displaced' has no event field"):
        reconcile(settings(db), "tl-displaced")


def test_an_unknown_tally_id_is_not_found(db: Path) -> None:
    with pytest.raises(NotFoundError, match="tally 'tl-nope' is not in the store"):
        reconcile(settings(db), "tl-nope")


@pytest.mark.parametrize(
    ("subject", "actor", "matches"),
    [
        ("US forces", "Military Forces of the United States", True),
        ("American troops", "Military Forces of the United States", True),
        ("US and coalition forces", "Military Forces of the United States", True),
        ("US forces", "Military Forces of Russia", False),
        ("Iranian forces", "Pro-Iranian militia groups", False),  # "Iran" is not a word of "Pro-Iranian"
        ("civilians", "Civilians (Mali)", True),
        ("the garrison", "Civilians (Mali)", False),
    ],
)
def test_how_a_subject_matches_a_target(tmp_path: Path, subject: str, actor: str, matches: bool) -> None:
    from eventwire import reconcile_tally

    with SQLiteStore(tmp_path / "s.db") as store:
        store.add_document(Document("d", "x"), [event("e", "Mali", "2024-05-10", actor2=actor)])
        result = reconcile_tally(store, tally(subject=subject, breakdown=[]))
    assert bool(result.events) is matches


def test_an_empty_store_has_no_tally_to_reconcile(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    open_store(str(path)).close()
    with pytest.raises(NotFoundError, match="tl-attacks"):
        reconcile(settings(path), "tl-attacks")


# -- the command -----------------------------------------------------------------


def test_the_reconcile_command_shows_totals_each_place_and_the_events_counted(db: Path) -> None:
    result = runner.invoke(app, ["reconcile", "tl-attacks", "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "tally 5, events 4, missing 1" in out
    assert "Mali: tally 3, events 3, no difference" in out
    assert "Niger: tally 2, events 1, missing 1" in out
    assert "Claire Roux (army spokeswoman, French army)" in out
    for event_id in ("mali-clash", "niger-shelling", "mali-ied", "tally-own"):
        assert event_id in out
    assert "chad-clash" not in out and "niger-recalled" not in out


def test_the_reconcile_command_prints_json(db: Path) -> None:
    result = runner.invoke(app, ["reconcile", "tl-attacks", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["tally_value"], data["events_total"], data["difference"]) == (5, 4, 1)
    assert data["tally"]["tally_id"] == "tl-attacks"
    assert data["by_place"][1] == {"place": "Niger", "tally": 2, "events": 1, "difference": 1}
    assert data["events"][0]["event_id"] == "mali-clash"


def test_the_reconcile_command_names_an_unknown_tally_and_exits_2(db: Path) -> None:
    result = runner.invoke(app, ["reconcile", "tl-nope", "--db", str(db)])
    assert result.exit_code == 2
    assert "tally 'tl-nope' is not in the store" in result.stderr


def test_a_breakdown_place_meets_the_events_region_in_another_spelling() -> None:
    from eventwire.api import _in_place
    from eventwire.model import Event

    event = Event(
        "e1", "Battles", "Armed clash", country="Iraq", iso3="IRQ", admin1="Al Anbar", location="Ramadi"
    )
    assert _in_place(event, "Anbar province") and _in_place(event, "Ramadi") and _in_place(event, "Iraq")
    assert not _in_place(event, "Nineveh province")
