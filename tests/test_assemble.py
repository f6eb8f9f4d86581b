"""How one document's sentences become events (stage eventwire.assemble.v1)."""

from __future__ import annotations

from eventwire import Document, Pipeline, Range
from eventwire.pipeline.assemble import date_prec


def new_events(pipeline: Pipeline, text: str, published: str = "2024-09-12") -> list:  # type: ignore[type-arg]
    doc = pipeline(Document("t", text, published=published))
    return [e for e in doc.events if e.reported_as == "new"]


def test_follow_up_sentences_without_a_place_or_day_stay_with_their_incident(pipeline: Pipeline) -> None:
    text = (
        "Gunmen on motorcycles attacked the village of Gidan Dan Hajiya in Zamfara state on Tuesday, "
        "killing nine farmers.\n\n"
        "Witnesses said the attackers also set fire to a grain store and stole cattle before fleeing."
    )
    events = new_events(pipeline, text)
    assert len(events) == 1
    assert events[0].fatalities.best == 9
    assert len(events[0].sources) == 2


def test_a_casualty_sentence_with_no_event_words_joins_the_incident_before_it(pipeline: Pipeline) -> None:
    text = (
        "A roadside bomb struck an army patrol near Gao on Monday. "
        "Four soldiers died and two were wounded, the army said."
    )
    events = new_events(pipeline, text)
    assert len(events) == 1
    assert events[0].sub_event_type == "Remote explosive/landmine/IED"
    assert events[0].fatalities.best == 4
    assert events[0].injuries.best == 2


def test_the_same_kind_of_attack_in_two_distant_towns_is_two_events(pipeline: Pipeline) -> None:
    text = (
        "A car bomb exploded at a market in Mosul on Sunday, killing six people. "
        "Hours later, a car bomb exploded near a checkpoint in Basra, killing two police officers."
    )
    events = new_events(pipeline, text)
    assert len(events) == 2
    assert sorted(e.location or "" for e in events) == ["Basrah", "Mosul"]  # GeoNames spelling


def test_a_running_total_is_not_an_incident(pipeline: Pipeline) -> None:
    text = (
        "Militants fired mortars at a police station in Quetta on Friday, wounding three officers.\n\n"
        "Police have been attacked 41 times since January 3 in the province, a spokesman said."
    )
    events = new_events(pipeline, text, published="2024-05-18")
    assert len(events) == 1
    assert events[0].injuries.best == 3
    assert all("41 times" not in s.sentence for s in events[0].sources)


def test_a_recalled_incident_is_background_with_its_own_date(pipeline: Pipeline) -> None:
    text = (
        "Protesters marched peacefully through Khartoum on Thursday to demand civilian rule.\n\n"
        "In 2019, security forces opened fire on a sit-in in the city, killing dozens of protesters."
    )
    doc = pipeline(Document("t", text, published="2024-04-12"))
    background = [e for e in doc.events if e.reported_as == "background"]
    assert background and all(e.event_date != "2024-04-12" for e in background)
    assert [e.sub_event_type for e in doc.events if e.reported_as == "new"] == ["Peaceful protest"]


def test_event_ids_are_the_same_on_every_run(pipeline: Pipeline) -> None:
    text = "Fighters of al-Shabaab clashed with Somali troops near Afgooye on Monday."
    first = [e.event_id for e in pipeline(Document("same", text, published="2024-01-10")).events]
    second = [e.event_id for e in pipeline(Document("same", text, published="2024-01-10")).events]
    assert first == second and first


def test_an_attack_on_soldiers_is_an_armed_clash_not_violence_against_civilians(pipeline: Pipeline) -> None:
    soldiers = new_events(
        pipeline, "Gunmen attacked Nigerian soldiers at a checkpoint near Damboa on Friday."
    )
    villagers = new_events(pipeline, "Gunmen attacked villagers at a market near Damboa on Friday.")
    assert [e.sub_event_type for e in soldiers] == ["Armed clash"]
    assert [e.sub_event_type for e in villagers] == ["Attack"]


def test_a_definite_reference_to_the_fighting_is_no_new_incident(pipeline: Pipeline) -> None:
    text = (
        "Government troops clashed with rebels in Kalehe on Tuesday, the army said.\n\n"
        "Aid agencies said on Thursday that families displaced by the fighting were sleeping in schools in Bukavu."
    )
    events = new_events(pipeline, text, published="2024-10-11")
    assert [e.sub_event_type for e in events] == ["Armed clash"]
    assert len(events[0].sources) == 2


def test_a_standing_mission_described_without_a_date_is_context(pipeline: Pipeline) -> None:
    text = (
        "Rebels fired rockets at a peacekeepers' camp near Kidal on Sunday, wounding two soldiers.\n\n"
        "The UN has deployed about 12,000 troops in Mali as part of its stabilisation mission."
    )
    events = new_events(pipeline, text, published="2024-02-06")
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]


def test_date_prec_follows_the_width_of_the_date_window() -> None:
    assert date_prec("2024-05-06", "2024-05-06") == 1
    assert date_prec("2024-05-06", None) == 1
    assert date_prec("2024-05-06", "2024-05-09") == 2
    assert date_prec("2024-05-01", "2024-05-07") == 3  # a week
    assert date_prec("2024-05-01", "2024-05-31") == 4  # a month
    assert date_prec("2024-01-01", "2024-05-31") == 5
    assert date_prec(None, None) is None


def test_an_exact_day_and_the_publication_fallback_get_their_date_prec(pipeline: Pipeline) -> None:
    [dated] = new_events(pipeline, "Gunmen killed four herders near Gao on Tuesday.", published="2024-05-10")
    assert (dated.event_date, dated.date_prec) == ("2024-05-07", 1)
    [undated] = new_events(pipeline, "Gunmen killed four herders near Gao.", published="2024-05-10")
    # no time expression: the report's week, never a false exact day
    assert (undated.date_start, undated.date_end, undated.date_prec) == ("2024-05-04", "2024-05-10", 3)


def test_a_running_total_and_an_excluded_figure_stay_out_of_the_incident(pipeline: Pipeline) -> None:
    text = (
        "A suicide bomber struck a checkpoint in Maiduguri on Monday, killing seven soldiers. "
        "Attacks in the state have killed 340 soldiers since January 4."
    )
    [event] = new_events(pipeline, text)
    assert event.fatalities.best == 7


def test_a_figure_of_an_earlier_event_is_kept_out(pipeline: Pipeline) -> None:
    text = (
        "Gunmen killed three farmers near Jos on Thursday. "
        "Last year, a similar raid on the village killed 40 people."
    )
    events = new_events(pipeline, text, published="2024-05-10")
    assert [e.fatalities.best for e in events] == [3]


def test_an_overflowing_figure_is_never_stored(pipeline: Pipeline) -> None:
    [event] = new_events(
        pipeline, "Gunmen attacked a market in Kano on Monday, and 1,000,000,000 people were killed."
    )
    assert event.fatalities.best is None
    assert [c for c in event.claims if c.kind == "figure"] == []


def test_an_incident_counted_back_from_the_sentences_day(pipeline: Pipeline) -> None:
    # published Thursday 12 September 2024; Wednesday is the 11th, two days before it the 9th
    text = "Shops reopened in Kaduna on Wednesday, two days after gunmen attacked the central market."
    [event] = new_events(pipeline, text)
    assert (event.event_date, event.time_precision) == ("2024-09-09", 1)


def test_an_incident_dated_by_the_time_nearest_its_trigger(pipeline: Pipeline) -> None:
    text = (
        "Mourners on Thursday buried the four traders killed on Tuesday when a bomb hit the market in Kaduna."
    )
    [event] = new_events(pipeline, text)
    assert event.event_date == "2024-09-10"


def test_the_dead_of_both_sides_in_one_sentence_add_up(pipeline: Pipeline) -> None:
    [event] = new_events(
        pipeline, "Nine attackers were killed and four of our soldiers died in the raid on the base."
    )
    assert event.fatalities == Range(4, 13, 13)
    assert sorted(c.value.best for c in event.claims if c.value and c.value.best) == [4, 9, 13]


def test_a_toll_that_includes_a_group_is_not_added_to_it(pipeline: Pipeline) -> None:
    [event] = new_events(
        pipeline, "The raid on the base killed eleven people, including four soldiers, on Monday."
    )
    assert event.fatalities.best == 11


def test_a_time_held_by_the_event_phrase_dates_it_not_the_reporting_verb(pipeline: Pipeline) -> None:
    # published Thursday 12 September 2024: Tuesday is the 10th, Sunday the 8th
    text = "The governor on Tuesday condemned the shelling of a school in Kaduna that killed five pupils on Sunday."
    [event] = new_events(pipeline, text)
    assert event.event_date == "2024-09-08"
    text = "Funerals were held on Wednesday for three guards killed when a bomb hit their car in Kaduna on Monday evening."
    [event] = new_events(pipeline, text)
    assert event.event_date == "2024-09-09"


def test_a_sentence_without_a_verb_is_dated_too(pipeline: Pipeline) -> None:
    events = new_events(pipeline, "Fear on Monday in Kaduna after the bombing of the main market.")
    assert [e.event_date for e in events] == ["2024-09-09"]
