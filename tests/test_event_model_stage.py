"""The trained event-typing stage (``eventwire.event_types.v2``) in a pipeline: it types the
sentences that report incidents, tells a recalled incident from a new one, leaves context and
statements alone, and keeps its evidence (trigger span in the text, the model's score)."""

from __future__ import annotations

import pytest

from eventwire import Document, Pipeline, Settings
from eventwire.errors import ConfigError, ModelError
from eventwire.pipeline.runner import DEFAULT_STAGES

STAGES = tuple(
    "eventwire.event_types.v2" if s.startswith("eventwire.event_types.") else s for s in DEFAULT_STAGES
)

ARTICLE = (
    "Gunmen on motorcycles killed five farmers in the village of Tavrosk on Sunday, "
    "local officials said.\n\n"
    "The district has suffered from banditry for years, and many families have left.\n\n"
    "In 2021, a similar raid on the same village killed eleven people."
)


@pytest.fixture(scope="module")
def trained() -> Pipeline:
    return Pipeline(Settings(pipeline=STAGES))


def test_a_new_attack_is_typed_with_its_trigger_and_score(trained: Pipeline) -> None:
    doc = trained(Document("t1", ARTICLE, published="2024-05-06"))
    first = [m for m in doc.mentions if m.sentence == 0]
    assert [m.sub_event_type for m in first] == ["Attack"]
    m = first[0]
    assert m.reported_as == "new" and 0.5 < m.score <= 1.0
    assert doc.text[m.trigger_start : m.trigger_end] == m.trigger
    assert m.trigger_start < doc.sentences[0].end


def test_context_gets_no_mention_and_a_recalled_raid_is_background(trained: Pipeline) -> None:
    doc = trained(Document("t2", ARTICLE, published="2024-05-06"))
    by_sentence = {m.sentence: m for m in doc.mentions}
    assert 1 not in by_sentence  # "The district has suffered from banditry for years"
    assert by_sentence[2].reported_as == "background"
    # the recalled raid on the same village stays its own (background) event, never fused with the new one
    assert sorted(e.reported_as for e in doc.events) == ["background", "new"]


def test_a_bad_setting_or_model_folder_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="min_score must be within 0-1"):
        Pipeline(Settings(pipeline=STAGES, stage_config={"eventwire.event_types.v2": {"min_score": 3}}))
    with pytest.raises(ModelError, match="event_typer.npz: event typer model file is missing"):
        Pipeline(
            Settings(pipeline=STAGES, stage_config={"eventwire.event_types.v2": {"models": str(tmp_path)}})
        )


def test_an_unsure_follow_up_sentence_continues_the_incident_just_told(trained: Pipeline) -> None:
    text = (
        "Farmers protesting against a new water tax threw stones at riot police outside the regional "
        "assembly in Valdoria on Tuesday.\n\n"
        "Police detained six people."
    )
    doc = trained(Document("t3", text, published="2024-05-06"))
    second = [m for m in doc.mentions if m.sentence == 1]
    assert second and second[0].score < 0.9  # typed, but unsure (else it would stand alone)
    assert [e.reported_as for e in doc.events] == ["new"]


def test_the_rule_stage_can_leave_new_or_background_to_the_reporting_model() -> None:
    stages = tuple(s for s in DEFAULT_STAGES)
    hybrid = Pipeline(
        Settings(pipeline=stages, stage_config={"eventwire.event_types.v1": {"reporting": True}})
    )
    doc = hybrid(Document("t4", ARTICLE, published="2024-05-06"))
    assert all(m.typed_by == "rules" for m in doc.mentions)
    assert all(m.background_score is not None for m in doc.mentions)
    assert 1 not in {m.sentence for m in doc.mentions}  # the context sentence
    assert sorted(e.reported_as for e in doc.events) == ["background", "new"]
