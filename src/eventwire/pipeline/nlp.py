"""Stage ``eventwire.spacy.v1``: sentences, paragraphs and named entities from spaCy."""

from __future__ import annotations

import re
from typing import Any

from ..model import Document, Entity, Sentence
from .registry import stage

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
PARAGRAPH_BREAKS = "eventwire_paragraph_breaks"


def paragraph_breaks(sdoc: Any) -> Any:
    """spaCy component: a sentence never runs across a blank line (the parser keeps
    boundaries set before it)."""
    for tok in sdoc[:-1]:
        if tok.is_space and _PARAGRAPH_BREAK.search(tok.text):  # spaCy keeps "\n\n" as a token
            sdoc[tok.i + 1].is_sent_start = True
    return sdoc


def add_paragraph_breaks(nlp: Any) -> None:
    """Put :func:`paragraph_breaks` before the parser of ``nlp`` (once)."""
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_BREAKS):
        Language.component(PARAGRAPH_BREAKS, func=paragraph_breaks)
    if PARAGRAPH_BREAKS not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where each blank-line separated paragraph begins."""
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


class SpacyStage:
    """Runs the spaCy model (parallelism is the runner's business, see Pipeline.pipe)."""

    def __init__(self, nlp: Any, batch_size: int) -> None:
        self.nlp = nlp
        self.batch_size = batch_size

    def __call__(self, doc: Document) -> None:
        self._annotate(doc, self.nlp(doc.text))

    def pipe(self, docs: list[Document]) -> None:
        for doc, sdoc in zip(
            docs, self.nlp.pipe((d.text for d in docs), batch_size=self.batch_size), strict=True
        ):
            self._annotate(doc, sdoc)

    @staticmethod
    def _annotate(doc: Document, sdoc: Any) -> None:
        starts = paragraph_starts(doc.text)
        sentences: list[Sentence] = []
        para = 0
        for i, sent in enumerate(sdoc.sents):
            start, end = sent.start_char, sent.end_char
            # trim surrounding whitespace so offsets point at words
            while start < end and doc.text[start].isspace():
                start += 1
            while end > start and doc.text[end - 1].isspace():
                end -= 1
            while para + 1 < len(starts) and starts[para + 1] <= start:
                para += 1
            sentences.append(
                Sentence(index=i, start=start, end=end, text=doc.text[start:end], paragraph=para)
            )
        sent_of_token = {}
        for i, sent in enumerate(sdoc.sents):
            for tok in sent:
                sent_of_token[tok.i] = i
        doc.sentences = sentences
        doc.entities = [
            Entity(e.start_char, e.end_char, e.text, e.label_, sent_of_token.get(e.start, 0))
            for e in sdoc.ents
        ]
        doc.spacy_doc = sdoc


@stage("eventwire.spacy.v1", default_config={"batch_size": 32})
def make_spacy_stage(resources: Any, batch_size: int) -> SpacyStage:
    return SpacyStage(resources.nlp, batch_size)
