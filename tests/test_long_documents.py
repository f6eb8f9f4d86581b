"""Long documents: a per-document bound (max_sentences), a parse in pieces, and the
indexes that keep every stage linear give the same answers as the scans they replace.

Timings are never asserted here: see benchmarks/long_document.py.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from eventwire import ConfigError, Document, Pipeline, Settings, load_settings
from eventwire.gazetteer.proximity import AnchorIndex
from eventwire.geo import haversine_km
from eventwire.model import Sentence
from eventwire.pipeline import Resources
from eventwire.pipeline.index import IntervalSet, SentenceIndex
from eventwire.pipeline.nlp import SpacyStage, chunk_ends

KANO = "Gunmen killed seven traders at a market in Kano on Monday, a police spokesman said."
FILLER = "The market reopened on Wednesday under the watch of the Varossa Guard."
LATE = "In a separate attack, militants abducted twelve farmers near Maiduguri on Friday."


def _text(filler: int) -> str:
    return "\n\n".join([KANO, *([FILLER] * filler), LATE])


def _pipeline(resources: Resources, max_sentences: int) -> Pipeline:
    return Pipeline(replace(Settings(), max_sentences=max_sentences), resources)


def test_a_document_over_the_limit_is_cut_with_a_note(resources: Resources) -> None:
    doc = _pipeline(resources, 4)(Document("long", _text(6), published="2024-05-20"))
    assert len(doc.sentences) == 4
    assert "Maiduguri" not in doc.text  # the text stops where the reading stopped
    assert doc.text.rstrip() == "\n\n".join([KANO, FILLER, FILLER, FILLER])
    assert doc.spacy_doc.text == doc.text  # offsets into the text and the parse agree
    assert len(doc.notes) == 1 and "first 4 sentences" in doc.notes[0] and "max_sentences" in doc.notes[0]
    assert all(s.end <= len(doc.text) for s in doc.sentences)
    assert {e.location for e in doc.events} == {"Kano"}


def test_the_same_document_within_the_limit_is_read_to_its_end(resources: Resources) -> None:
    doc = _pipeline(resources, 50)(Document("long", _text(6), published="2024-05-20"))
    assert len(doc.sentences) == 8 and doc.notes == []
    assert {"Kano", "Maiduguri"} <= {e.location for e in doc.events}


def test_pipe_cuts_only_the_long_document(resources: Resources) -> None:
    docs = [Document("a", KANO), Document("b", _text(6)), Document("c", LATE)]
    out = list(_pipeline(resources, 3).pipe(docs, batch_size=8))
    assert [d.document_id for d in out] == ["a", "b", "c"]
    assert [len(d.sentences) for d in out] == [1, 3, 1]
    assert [bool(d.notes) for d in out] == [False, True, False]


def test_a_long_text_is_parsed_in_pieces_between_paragraphs(resources: Resources) -> None:
    rng = random.Random(3)
    paragraphs = [" ".join(rng.sample([KANO, FILLER, LATE], 3)) for _ in range(40)]
    text = "\n\n".join(paragraphs)
    whole = Document("whole", text)
    SpacyStage(resources.nlp, 32, 10_000)(whole)
    pieces = Document("pieces", text)
    SpacyStage(resources.nlp, 32, 10_000, chunk_chars=1_000)(pieces)
    assert pieces.text == text and pieces.spacy_doc.text == text
    assert [(s.start, s.end, s.paragraph) for s in pieces.sentences] == [
        (s.start, s.end, s.paragraph) for s in whole.sentences
    ]
    # the parse stops one piece after the limit, and the cut is the same as without pieces
    short = Document("short", text)
    SpacyStage(resources.nlp, 32, 10, chunk_chars=1_000)(short)
    assert len(short.sentences) == 10 and short.text == text[: whole.sentences[10].start]


def test_chunk_ends_prefer_paragraphs_then_sentences() -> None:
    text = "\n\n".join(["A sentence here. Another one follows."] * 30)
    ends = chunk_ends(text, 200)
    assert ends[-1] == len(text)
    starts = [0, *ends[:-1]]
    assert all(0 < e - s <= 200 for s, e in zip(starts, ends, strict=True))
    assert all(text[e - 2 : e] == "\n\n" for e in ends[:-1])
    one_paragraph = " ".join(["A sentence here. Another one follows."] * 30)
    ends = chunk_ends(one_paragraph, 200)
    assert all(one_paragraph[e - 2 : e] == ". " for e in ends[:-1])
    assert chunk_ends("x" * 450, 200) == [200, 400, 450]  # nowhere better to cut


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("max_sentences = 'many'\n", "setting 'max_sentences' must be int, got 'many'"),
        ("max_sentences = 2.5\n", "setting 'max_sentences' must be int"),
        ("max_sentences = 0\n", "setting 'max_sentences' must be positive"),
    ],
)
def test_a_wrong_max_sentences_is_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "eventwire.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_max_sentences_has_a_packaged_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTWIRE_CONFIG", raising=False)
    assert load_settings().max_sentences == Settings().max_sentences == 5000


def test_the_sentence_index_answers_as_the_document_does() -> None:
    for seed in range(200):
        rng = random.Random(seed)
        sentences, pos = [], 0
        for i in range(rng.randint(0, 8)):
            pos += rng.randint(0, 3)
            length = rng.randint(0, 4)
            sentences.append(Sentence(i, pos, pos + length, "x" * length))
            pos += length
        if seed % 5 == 0:
            rng.shuffle(sentences)  # out of order: the index falls back to a scan
        doc = Document("d", "", sentences=sentences)
        index = SentenceIndex(sentences)
        for offset in range(-1, pos + 2):
            assert index.sentence_at(offset) is doc.sentence_at(offset)


def test_the_interval_set_answers_as_a_scan_does() -> None:
    for seed in range(200):
        rng = random.Random(seed)
        intervals = [(a := rng.randint(0, 30), a + rng.randint(-1, 6)) for _ in range(rng.randint(0, 6))]
        held = IntervalSet(intervals)
        for x in range(-1, 40):
            assert held.holds(x) == any(a <= x < b for a, b in intervals)


def test_the_anchor_index_finds_the_nearest_anchor_of_another_name() -> None:
    rng = random.Random(11)
    points = [(rng.uniform(-89.0, 89.0), rng.uniform(-180.0, 180.0)) for _ in range(300)]
    # a cluster, and points across the antimeridian and near a pole
    points += [(10.0 + rng.uniform(-3, 3), 20.0 + rng.uniform(-3, 3)) for _ in range(100)]
    points += [(0.5, 179.9), (0.5, -179.9), (87.0, 10.0), (87.5, -170.0)]
    anchors = AnchorIndex()
    keyed = [(p, f"name{i % 7}") for i, p in enumerate(points)]
    for p, key in keyed:
        anchors.add(p, key)
    anchors.remove(keyed[0][0], keyed[0][1])
    keyed = keyed[1:]
    queries = [(rng.uniform(-89.0, 89.0), rng.uniform(-180.0, 180.0)) for _ in range(300)] + points[-4:]
    for lat, lon in queries:
        key = f"name{rng.randint(0, 7)}"
        brute = min(
            (haversine_km(lat, lon, a, b) for (a, b), k in keyed if k != key),
            default=None,
        )
        found = anchors.nearest_within_reach(lat, lon, key)
        if brute is not None and brute <= 600:
            assert found == brute
        else:
            assert found is None or found > 600
