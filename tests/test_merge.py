"""Merging reports of one incident: pair scores, vetoes, blocking, grouping and field rules."""

from __future__ import annotations

import random

from eventwire.merge import (
    CRITERIA,
    Constraints,
    MergeConfig,
    Report,
    candidate_pairs,
    compare,
    group,
    manual_conflicts,
    merged_event,
)
from eventwire.model import Range
from merge_helpers import AIRPORT, HILL, report


def wrap(*events_and_docs: tuple[str, str], **kw: object) -> list[Report]:
    return [Report(report(e, d, **kw), d, "2024-03-05") for e, d in events_and_docs]  # type: ignore[arg-type]


def groups_of(reports: list[Report], **kw: object) -> list[list[str]]:
    return sorted(sorted(r.document_id for r in g.reports) for g in group(reports, **kw))  # type: ignore[arg-type]


# -- pairs -----------------------------------------------------------------------


def test_two_outlets_telling_one_shelling_score_high_on_every_criterion() -> None:
    a = Report(report("r1", "wire", killed=3), "wire", "2024-03-05")
    b = Report(
        report(
            "r2",
            "radio",
            point=AIRPORT,
            place="Harbour Town Airport",
            killed=4,
            sentence="Shells fell on the Harbour Town fish market and the quay, residents said.",
        ),
        "radio",
        "2024-03-06",
    )
    match = compare(a, b)
    assert not match.vetoed
    assert set(match.criteria) == set(CRITERIA)
    assert match.score >= MergeConfig().threshold
    assert compare(b, a) == match  # symmetric


def test_the_same_kind_of_attack_in_two_provinces_on_one_day_is_vetoed() -> None:
    a = Report(report("r1", "wire"), "wire")
    b = Report(report("r2", "radio", point=HILL, place="Hill Town"), "radio")
    match = compare(a, b)
    assert match.veto == "places 140 km apart"


def test_strikes_on_the_same_town_on_consecutive_days_stay_apart() -> None:
    monday = Report(report("r1", "wire", day="2024-03-04", sentence="Guns shelled the fish market."), "wire")
    tuesday = Report(
        report("r2", "radio", day="2024-03-05", sentence="Guns shelled the water works and a school."),
        "radio",
    )
    match = compare(monday, tuesday)
    assert not match.vetoed  # a day apart may still be one incident reported late...
    assert match.criteria["date"] < 0.5
    assert match.score < MergeConfig().threshold  # ...but not without other evidence


def test_what_cannot_be_compared_is_vetoed_with_a_reason() -> None:
    dated = Report(report("r1", "wire"), "wire")
    undated = Report(report("r2", "radio", day=None), "radio")
    placeless = Report(report("r3", "paper", point=None, place=None, country=None), "paper")
    protest = Report(report("r4", "blog", sub="Peaceful protest"), "blog")
    same_doc = Report(report("r5", "wire"), "wire")
    assert compare(dated, undated).veto == "no date window of a week or so on both sides"
    assert compare(dated, placeless).veto == "no place or country on both sides"
    assert (
        compare(dated, protest).veto is not None
        and "unrelated kinds of event" in compare(dated, protest).veto
    )
    assert compare(dated, same_doc).veto == "same document"


def test_a_country_only_report_can_join_a_precise_one_in_that_country() -> None:
    precise = Report(report("r1", "wire"), "wire")
    country = Report(
        report("r2", "radio", point=(9.0, 21.0), place="Freedonia", geo_precision=3, location_type="country"),
        "radio",
    )
    match = compare(precise, country)
    assert not match.vetoed
    assert match.criteria["place"] < 1.0


# -- blocking ----------------------------------------------------------------------


def test_blocking_compares_only_reports_that_share_a_day_and_a_cell() -> None:
    reports = [Report(report(f"r{i}", f"d{i}", day=f"2024-03-{i + 1:02d}"), f"d{i}") for i in range(20)]
    reports.append(Report(report("far", "far", point=(-30.0, 120.0), country=None), "far"))
    pairs = {(a.report_id, b.report_id) for a, b in candidate_pairs(reports, MergeConfig())}
    # each day meets only the day before and after (the tolerance), never the far point
    assert len(pairs) == 19
    assert all("far" not in p for p in pairs)
    # looking up is symmetric: the same pairs whatever the order
    shuffled = reports[:]
    random.Random(7).shuffle(shuffled)
    again = {tuple(sorted((a.report_id, b.report_id))) for a, b in candidate_pairs(shuffled, MergeConfig())}
    assert again == {tuple(sorted(p)) for p in pairs}


# -- grouping -----------------------------------------------------------------------


def test_grouping_does_not_depend_on_the_order_of_the_reports() -> None:
    reports = wrap(("a1", "wire"), ("a2", "radio"), ("a3", "paper"))
    reports += [
        Report(report("b1", "hill-wire", point=HILL, place="Hill Town"), "hill-wire"),
        Report(report("b2", "hill-radio", point=HILL, place="Hill Town"), "hill-radio"),
        Report(report("c1", "late", day="2024-03-09"), "late"),
    ]
    expected = groups_of(reports)
    assert expected == [["hill-radio", "hill-wire"], ["late"], ["paper", "radio", "wire"]]
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert groups_of(shuffled) == expected
        assert [merged_event(g).event_id for g in group(shuffled)] == [
            merged_event(g).event_id for g in group(reports)
        ]


def test_a_chain_of_days_does_not_join_its_ends() -> None:
    # each report is within a day of the next, but the first and last are three days apart
    reports = [
        Report(report(f"r{i}", f"d{i}", day=f"2024-03-0{i + 1}", precision=2), f"d{i}") for i in range(4)
    ]
    for g in group(reports):
        days = [r.first_day for r in g.reports if r.first_day is not None]
        assert max(days) - min(days) <= 1


def test_an_analysts_constraints_win_over_the_scores() -> None:
    reports = wrap(("a1", "wire"), ("a2", "radio"))
    reports.append(Report(report("b1", "hill", point=HILL, place="Hill Town"), "hill"))
    assert groups_of(reports) == [["hill"], ["radio", "wire"]]
    apart = Constraints.of(cannot=[("a1", "a2")])
    assert groups_of(reports, constraints=apart) == [["hill"], ["radio"], ["wire"]]
    together = Constraints.of(must=[("a1", "b1"), ("a1", "a2")])
    assert groups_of(reports, constraints=together) == [["hill", "radio", "wire"]]
    # a forced pair does not pull in a report that is vetoed against one of its members
    assert groups_of(reports, constraints=Constraints.of(must=[("a1", "b1")])) == [
        ["hill", "wire"],
        ["radio"],
    ]


# -- resolving fields -------------------------------------------------------------------


def test_the_merged_event_takes_the_most_precise_place_and_date() -> None:
    vague = report(
        "r1",
        "wire",
        precision=2,
        point=(9.0, 21.0),
        place="Freedonia",
        geo_precision=3,
        location_type="country",
    )
    exact = report("r2", "radio", day="2024-03-04")
    [g] = group([Report(vague, "wire", "2024-03-05"), Report(exact, "radio", "2024-03-06")])
    event = merged_event(g)
    assert event.event_id == "r1"  # the first report gives the id
    assert (event.location, event.geo_precision, event.time_precision) == ("Harbour Town", 1, 1)
    assert [m.document_id for m in event.merge] == ["wire", "radio"]
    assert event.merge[1].how == "auto" and event.merge[1].joined == "r1"
    assert event.merge[1].criteria["type"] == 1.0


def test_figures_keep_the_range_and_take_the_latest_figure_no_one_only_claimed() -> None:
    first = Report(report("r1", "wire", killed=5), "wire", "2024-03-04")
    update = Report(report("r2", "radio", killed=9), "radio", "2024-03-05")
    boast = Report(report("r3", "rebels", killed=40, stance="claimed"), "rebels", "2024-03-06")
    [g] = group([first, update, boast], MergeConfig(threshold=0.5))
    event = merged_event(g)
    assert event.fatalities == Range(5, 9, 40)
    assert sorted(c.value.best for c in event.claims if c.value) == [5, 9, 40]  # every source's figure kept


def test_sources_that_disagree_on_the_type_keep_their_own_in_the_merge_notes() -> None:
    reports = [
        Report(report("r1", "wire", sub="Armed clash", confidence=0.9), "wire"),
        Report(report("r2", "radio", sub="Armed clash", confidence=0.8), "radio"),
        Report(report("r3", "paper", sub="Attack", confidence=0.6), "paper"),
    ]
    [g] = group(reports, MergeConfig(threshold=0.5))
    event = merged_event(g)
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert sorted(m.sub_event_type or "" for m in event.merge) == ["Armed clash", "Armed clash", "Attack"]


def test_a_background_mention_joins_the_incident_and_the_event_stays_new() -> None:
    new = Report(report("r1", "wire"), "wire", "2024-03-05")
    recalled = Report(report("r2", "later", reported_as="background"), "later", "2024-03-20")
    [g] = group([recalled, new])
    event = merged_event(g)
    assert event.reported_as == "new"
    assert event.event_id == "r1"  # a new report anchors before a background one


def test_a_manual_merge_of_unrelated_events_names_what_conflicts() -> None:
    shelling = report("r1", "wire")
    protest = report("r2", "radio", sub="Peaceful protest", day="2024-04-20", point=HILL)
    why = manual_conflicts(shelling, protest)
    assert why is not None
    assert "unrelated kinds of event" in why and "dates 47 days apart" in why and "places 140 km apart" in why
    assert manual_conflicts(shelling, report("r3", "paper", day="2024-03-06")) is None
