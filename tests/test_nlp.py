"""The spaCy stage: sentences, paragraphs and entities with offsets into the text."""

from __future__ import annotations

from eventwire import Document
from eventwire.pipeline import Resources, create_stage


def test_a_sentence_never_runs_across_a_blank_line(resources: Resources) -> None:
    text = "The governor announced aid for the families of the dead\n\nIn 2019 a flood killed forty people."
    doc = Document("p", text)
    create_stage("eventwire.spacy.v1", resources)(doc)
    assert [s.text for s in doc.sentences] == [
        "The governor announced aid for the families of the dead",
        "In 2019 a flood killed forty people.",
    ]
    assert [s.paragraph for s in doc.sentences] == [0, 1]


def test_offsets_point_into_the_text(resources: Resources) -> None:
    text = "  Fighting broke out in Goma on Friday.\n\nThe army said it held the airport.  "
    doc = Document("o", text)
    create_stage("eventwire.spacy.v1", resources)(doc)
    for sent in doc.sentences:
        assert text[sent.start : sent.end] == sent.text
    for ent in doc.entities:
        assert text[ent.start : ent.end] == ent.text
    assert any(e.text == "Goma" for e in doc.entities)
