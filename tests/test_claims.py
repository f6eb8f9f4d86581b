"""Every figure and every claim of responsibility behind an event is kept as a Claim."""

from __future__ import annotations

from pathlib import Path

from eventwire import Document, Event, Pipeline
from eventwire.model import Claim


def new_events(pipeline: Pipeline, text: str, published: str = "2024-05-10") -> list[Event]:
    doc = pipeline(Document("doc-c", text, published=published, outlet="Example Wire"))
    return [e for e in doc.events if e.reported_as == "new"]


def kinds(event: Event, kind: str) -> list[Claim]:
    return [c for c in event.claims if c.kind == kind]


def test_a_figure_becomes_a_claim_with_its_speaker_and_date(pipeline: Pipeline) -> None:
    text = "Gunmen killed 12 villagers near Kano on Tuesday, police spokesman Peter Okafor said on Wednesday."
    [event] = new_events(pipeline, text)
    [claim] = kinds(event, "figure")
    assert (claim.metric, claim.value.best if claim.value else None, claim.stance) == (
        "killed",
        12,
        "asserted",
    )
    assert (claim.speaker, claim.speaker_title) == ("Peter Okafor", "police spokesman")
    assert claim.said_on == "2024-05-08"  # "said on Wednesday", not the publication date
    assert (claim.outlet, claim.document_id, claim.published) == ("Example Wire", "doc-c", "2024-05-10")
    assert text[claim.char_start : claim.char_end] == "12 villagers"


def test_an_unattributed_figure_is_said_on_the_publication_date(pipeline: Pipeline) -> None:
    [event] = new_events(
        pipeline, "A bomb exploded at a bus station in Maiduguri on Monday, killing four people."
    )
    [claim] = kinds(event, "figure")
    assert (claim.speaker, claim.said_on, claim.stance) == (None, "2024-05-10", "asserted")


def test_a_claim_of_responsibility_and_a_denial(pipeline: Pipeline) -> None:
    text = (
        "A car bomb exploded at a market in Mogadishu on Monday, killing nine people. "
        "Al-Shabaab claimed responsibility for the bombing. "
        "The government denied involvement in the blast."
    )
    [event] = new_events(pipeline, text)
    claims = [(c.actor, c.stance) for c in kinds(event, "responsibility")]
    assert claims[0][1] == "claimed" and "Shabaab" in (claims[0][0] or "")
    assert claims[1] == ("government", "denied")


def test_blame_is_asserted_by_its_speaker(pipeline: Pipeline) -> None:
    text = "Gunmen killed 12 villagers in Kano on Tuesday. Officials blamed Boko Haram for the attack."
    [event] = new_events(pipeline, text)
    [claim] = kinds(event, "responsibility")
    assert ("Boko Haram" in (claim.actor or ""), claim.stance) == (True, "asserted")


def test_a_negated_claim_is_no_claim(pipeline: Pipeline) -> None:
    text = "A roadside bomb hit an army truck near Gao on Sunday, killing two soldiers. No group has claimed responsibility."
    [event] = new_events(pipeline, text)
    assert kinds(event, "responsibility") == []


def test_contradictory_figures_give_a_range_and_the_official_figure(pipeline: Pipeline) -> None:
    text = (
        "Gunmen killed 12 villagers in Kano on Tuesday, police said. "
        "Residents said 15 people were killed in the attack."
    )
    [event] = new_events(pipeline, text)
    assert sorted(c.value.best for c in kinds(event, "figure") if c.value) == [12, 15]  # both kept
    assert (event.fatalities.low, event.fatalities.best, event.fatalities.high) == (12, 12, 15)


def test_among_equal_sources_the_higher_updated_figure_is_best(pipeline: Pipeline) -> None:
    text = "Gunmen killed 12 villagers in Kano on Tuesday. The death toll from the attack rose to 15."
    [event] = new_events(pipeline, text)
    assert (event.fatalities.low, event.fatalities.best, event.fatalities.high) == (12, 15, 15)


def test_claims_survive_the_event_record(pipeline: Pipeline) -> None:
    [event] = new_events(pipeline, "Gunmen killed 12 villagers in Kano on Tuesday, police said.")
    assert Event.from_dict(event.to_dict()).claims == event.claims


def test_abducted_and_arrested_counts_reach_the_event_and_the_store(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    from eventwire import open_store

    doc = pipeline(
        Document(
            "abd",
            "Gunmen kidnapped at least 12 passengers from a bus near Zaria on Tuesday, police said. "
            "Police later arrested three suspects in the town.",
            published="2024-06-05",
        )
    )
    kidnap = next(e for e in doc.events if e.reported_as == "new")
    assert kidnap.abducted.low == 12 and kidnap.abducted.best == 12
    with open_store(str(tmp_path / "t.db")) as store:
        store.add_document(doc, doc.events)
        stored = store.get_event(kidnap.event_id)
    assert stored.abducted == kidnap.abducted and stored.arrested == kidnap.arrested
    assert stored.to_dict()["abducted"]["best"] == 12
