"""Where a place hangs in the parse: on the event's trigger, in a statement's frame, or
on a statement itself (``eventwire.pipeline.attachment``). Towns are invented; the
parse does not need to know them."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.pipeline.attachment import attached_to_trigger, in_speech_frame, statement_place


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.parametrize(
    ("text", "trigger", "attached", "detached"),
    [
        ("Militants from Korbana attacked Dalvorin on Monday.", "attacked", "Dalvorin", "Korbana"),
        ("Rockets fired from Korbana struck Dalvorin.", "struck", "Dalvorin", "Korbana"),
        ("Villagers fled to Korbana after gunmen attacked Dalvorin.", "attacked", "Dalvorin", "Korbana"),
        ("The Qarvash air base was hit by rockets on Monday.", "hit", "Qarvash", None),
        ("An explosion at a market in Tesselby killed four people.", "explosion", "Tesselby", None),
        ("Gunmen stormed Dalvorin on Sunday, killing nine farmers.", "killing", "Dalvorin", None),
        ("Nine farmers were killed after gunmen stormed Dalvorin.", "killed", "Dalvorin", None),
        (
            "Soldiers who had driven from Korbana ambushed bandits near Dalvorin.",
            "ambushed",
            "Dalvorin",
            "Korbana",
        ),
    ],
)
def test_a_place_is_attached_to_the_trigger_whose_phrase_or_clause_holds_it(
    nlp: Any, text: str, trigger: str, attached: str, detached: str | None
) -> None:
    sdoc = nlp(text)
    assert attached_to_trigger(sdoc, *span(text, trigger), *span(text, attached))
    if detached is not None:
        assert not attached_to_trigger(sdoc, *span(text, trigger), *span(text, detached))


def test_a_place_in_another_sentence_is_never_attached(nlp: Any) -> None:
    text = "Gunmen attacked a convoy on Monday. Dalvorin mourned its dead."
    assert not attached_to_trigger(nlp(text), *span(text, "attacked"), *span(text, "Dalvorin"))


def test_a_place_in_the_frame_of_a_statement_is_told_apart_from_what_it_reports(nlp: Any) -> None:
    text = "The governor, who was visiting Korbana, said gunmen killed nine people in Dalvorin."
    sdoc = nlp(text)
    assert in_speech_frame(sdoc, *span(text, "Korbana"))
    assert not in_speech_frame(sdoc, *span(text, "Dalvorin"))


@pytest.mark.parametrize(
    ("text", "place", "kind"),
    [
        ("The ministry said in Nairobi that gunmen attacked Dalvorin.", "Nairobi", "where"),
        ("The Nairobi-based group said gunmen attacked Dalvorin.", "Nairobi", "where"),
        ("A monitoring group based in Nairobi said gunmen attacked Dalvorin.", "Nairobi", "where"),
        ("Nairobi said gunmen attacked Dalvorin.", "Nairobi", "speaker"),
        ("The ministry said gunmen attacked Dalvorin.", "Dalvorin", None),
        ("The governor of Velland said gunmen attacked Dalvorin.", "Velland", None),  # a jurisdiction
        ("Witnesses in Dalvorin said gunmen attacked the market.", "Dalvorin", None),  # at the scene
    ],
)
def test_a_statement_s_place_is_where_it_was_made_or_who_made_it(
    nlp: Any, text: str, place: str, kind: str | None
) -> None:
    assert statement_place(nlp(text), *span(text, place)) == kind
