"""Cumulative statements become tally records (stage eventwire.tallies.v1)."""

from __future__ import annotations

from eventwire import Document, Pipeline
from eventwire.model import Range, Tally
from eventwire.pipeline import DEFAULT_STAGES


def tallies(pipeline: Pipeline, text: str, published: str = "2024-05-10") -> list[Tally]:
    return pipeline(Document("doc-1", text, published=published, outlet="Example Wire")).tallies


def test_the_stage_runs_after_quantities() -> None:
    assert DEFAULT_STAGES.index("eventwire.tallies.v1") == DEFAULT_STAGES.index("eventwire.quantities.v1") + 1


def test_an_attack_count_with_a_period_and_a_breakdown(pipeline: Pipeline) -> None:
    text = (
        "Coalition patrols have been attacked approximately 40 times since March 3, "
        "including 25 in Iraq and 15 in Syria, a military spokesman said."
    )
    [tally] = tallies(pipeline, text)
    assert tally.metric == "attacks"
    assert tally.subject == "Coalition patrols"
    assert tally.value == Range(36, 40, 44)  # "approximately": best kept, -/+ 10 %
    assert tally.qualifier == "approximately"
    assert (tally.period_start, tally.period_end) == ("2024-03-03", "2024-05-10")
    assert tally.breakdown == [{"place": "Iraq", "value": 25}, {"place": "Syria", "value": 15}]
    assert tally.speaker_title == "military spokesman"
    assert text[tally.char_start : tally.char_end].startswith("attacked approximately 40 times")
    assert (tally.document_id, tally.outlet, tally.sentence) == ("doc-1", "Example Wire", text)


def test_an_attack_count_is_no_incident(pipeline: Pipeline) -> None:
    doc = pipeline(
        Document(
            "doc-2", "Rebels have attacked the convoy route 14 times since January 9.", published="2024-05-10"
        )
    )
    assert [t.value.best for t in doc.tallies] == [14]
    assert [e for e in doc.events if e.reported_as == "new"] == []


def test_a_figure_tally_that_excludes_the_latest_casualties(pipeline: Pipeline) -> None:
    text = (
        "The rocket attacks have hurt 47 border guards since February 2. "
        "The attacks injured 31 engineers in the depots, not counting the five workers injured on Tuesday."
    )
    found = tallies(pipeline, text)
    assert [(t.metric, t.value.best, t.subject) for t in found] == [
        ("injured", 47, "border guards"),
        ("injured", 31, "engineers"),
    ]
    continued = found[1]
    assert continued.excludes == "the five workers injured on Tuesday"
    assert continued.period_start == "2024-02-02"  # carried from the tally it continues


def test_a_tally_attributed_to_a_named_spokesperson(pipeline: Pipeline) -> None:
    text = (
        "Interior ministry spokeswoman Laura Bennett said on May 8 that at least 230 people "
        "have been abducted in the region since January 1."
    )
    [tally] = tallies(pipeline, text)
    assert (tally.metric, tally.value, tally.qualifier) == ("abducted", Range(230, 230, None), "at least")
    assert (tally.speaker, tally.speaker_title) == ("Laura Bennett", "Interior ministry spokeswoman")
    assert tally.organisation == "Interior ministry"
    assert (tally.period_start, tally.period_end) == ("2024-01-01", "2024-05-08")  # the statement's date


def test_a_total_of_strikes_and_a_toll(pipeline: Pipeline) -> None:
    found = tallies(
        pipeline,
        "The air force has carried out a total of 51 strikes on rebel depots since June 2. "
        "Since the war began the toll has reached 1,200 killed.",
    )
    assert [(t.metric, t.value.best, t.qualifier, t.subject) for t in found] == [
        ("strikes", 51, None, "rebel depots"),
        ("killed", 1200, None, None),
    ]


def test_one_incident_is_no_tally(pipeline: Pipeline) -> None:
    assert tallies(pipeline, "Gunmen killed six traders near Gao on Monday.") == []


def test_tally_ids_are_deterministic_and_rerunning_replaces_the_records(pipeline: Pipeline) -> None:
    text = "Militants have raided the district 12 times since April 1."
    doc = pipeline(Document("doc-3", text, published="2024-05-10"))
    first = [t.tally_id for t in doc.tallies]
    pipeline(doc)
    assert [t.tally_id for t in doc.tallies] == first
    assert first[0].startswith("tl-") and doc.tallies[0].metric == "raids"
    assert Tally.from_dict(doc.tallies[0].to_dict()) == doc.tallies[0]
