"""Stage ``eventwire.spacy.v1``: sentences, paragraphs and named entities from spaCy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError
from ..model import Document, Entity, Sentence
from ..settings import Settings
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


CHUNK_CHARS = 50_000  # a longer text is parsed in pieces of about this size, cut between paragraphs
_CUTS = (_PARAGRAPH_BREAK, re.compile(r"\n"), re.compile(r"[.!?][\"'”’)]*\s+"), re.compile(r"\s+"))


def chunk_ends(text: str, size: int = CHUNK_CHARS) -> list[int]:
    """Where each piece of ``text`` ends when it is parsed in pieces of at most ``size``
    characters: after the last blank line in the second half of the piece, else the last
    line break, sentence end or space there, else at ``size`` (the last end is ``len(text)``)."""
    return list(iter_chunk_ends(text, size))


def iter_chunk_ends(text: str, size: int = CHUNK_CHARS) -> Iterator[int]:
    """:func:`chunk_ends`, one at a time (a parse that stops early never reads the rest)."""
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = limit
        for pattern in _CUTS:
            last = None
            for m in pattern.finditer(text, start + size // 2, limit):
                last = m
            if last is not None:
                cut = last.end()
                break
        yield cut
        start = cut
    yield len(text)


class SpacyStage:
    """Runs the spaCy model (parallelism is the runner's business, see Pipeline.pipe).

    A document of more than ``max_sentences`` sentences is cut after its
    ``max_sentences``-th: ``Document.text`` and every annotation stop there and
    ``Document.notes`` says how much was left unread. A text longer than
    :data:`CHUNK_CHARS` is parsed piece by piece (cut between paragraphs), so the
    parse of a long text costs bounded memory and stops once the limit is reached.
    """

    def __init__(
        self, nlp: Any, batch_size: int, max_sentences: int | None = None, chunk_chars: int = CHUNK_CHARS
    ) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        self.max_sentences = max_sentences or Settings().max_sentences  # None: the default setting
        self.chunk_chars = chunk_chars

    def __call__(self, doc: Document) -> None:
        if len(doc.text) <= self.chunk_chars:
            sdoc = self.nlp(doc.text)
        else:
            sdoc = self._parse_in_pieces(doc.text)
        self._annotate(doc, self._bounded(doc, sdoc))

    def pipe(self, docs: list[Document]) -> None:
        short = [d for d in docs if len(d.text) <= self.chunk_chars]
        for doc, sdoc in zip(
            short, self.nlp.pipe((d.text for d in short), batch_size=self.batch_size), strict=True
        ):
            self._annotate(doc, self._bounded(doc, sdoc))
        for doc in docs:
            if len(doc.text) > self.chunk_chars:
                self(doc)

    def _parse_in_pieces(self, text: str) -> Any:
        """One Doc from the pieces of ``text``, parsed until one sentence past the limit."""
        from spacy.tokens import Doc

        pieces: list[Any] = []
        count = 0
        starts = [0]

        def texts() -> Iterator[str]:
            for end in iter_chunk_ends(text, self.chunk_chars):
                yield text[starts[-1] : end]
                starts.append(end)

        for sdoc in self.nlp.pipe(texts(), batch_size=1):
            pieces.append(sdoc)
            count += sum(1 for _ in sdoc.sents)
            if count > self.max_sentences:
                break
        return pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)

    def _bounded(self, doc: Document, sdoc: Any) -> Any:
        """``sdoc`` cut after its ``max_sentences``-th sentence (and ``doc.text`` with it)."""
        cut = None
        for i, sent in enumerate(sdoc.sents):
            if i == self.max_sentences:
                cut = sent
                break
        if cut is None:
            return sdoc
        total = len(doc.text)
        doc.text = doc.text[: cut.start_char]
        note = (
            f"truncated: only the first {self.max_sentences:,} sentences were read "
            f"({len(doc.text):,} of {total:,} characters; setting max_sentences)"
        )
        if note not in doc.notes:
            doc.notes.append(note)
        return sdoc[: cut.start].as_doc()

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


@stage("eventwire.spacy.v1", default_config={"batch_size": 32, "max_sentences": None})
def make_spacy_stage(resources: Any, batch_size: int, max_sentences: int | None) -> SpacyStage:
    """The parse; ``max_sentences`` None: the setting of that name (the Pipeline passes its own)."""
    if max_sentences is None:
        max_sentences = (getattr(resources, "settings", None) or Settings()).max_sentences
    if isinstance(max_sentences, bool) or not isinstance(max_sentences, int) or max_sentences <= 0:
        raise ConfigError(f"eventwire.spacy.v1: max_sentences must be a positive int, got {max_sentences!r}")
    return SpacyStage(resources.nlp, batch_size, max_sentences)
