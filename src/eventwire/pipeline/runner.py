"""Runs the registered stages over documents, in batches, with an error handler."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..errors import ExtractionError
from ..model import Document
from ..settings import Settings
from .registry import Stage, create_stage, pipe_stage
from .resources import Resources

DEFAULT_STAGES: tuple[str, ...] = (
    "eventwire.spacy.v1",  # sentences, paragraphs, entities
    "eventwire.speakers.v1",  # who said each sentence
    "eventwire.times.v1",  # time expressions resolved to dates
    "eventwire.places.v1",  # place mentions looked up in the gazetteer
    "eventwire.quantities.v1",  # killed / injured / abducted / arrested counts
    "eventwire.event_types.v1",  # event mentions typed with ACLED sub-event types
    "eventwire.actors.v1",  # actor mentions, normalised, with roles in each event mention
    "eventwire.weapons.v1",  # weapon mentions, normalised
    "eventwire.assemble.v1",  # mentions grouped into Events
)

ErrorHandler = Callable[[Document, Exception], None]


def raise_error(doc: Document, exc: Exception) -> None:
    """The default error handler: re-raise as ExtractionError."""
    raise ExtractionError(f"{doc.source or doc.document_id}: {type(exc).__name__}: {exc}") from exc


class Pipeline:
    """The configured chain of stages.

    >>> pipeline = Pipeline()                      # doctest: +SKIP
    >>> doc = pipeline(Document("d1", "Gunmen killed two police officers in Kano on Monday."))
    >>> [e.sub_event_type for e in doc.events]
    ['Attack']
    """

    def __init__(self, settings: Settings | None = None, resources: Resources | None = None) -> None:
        self.settings = settings or Settings()
        self.resources = resources or Resources(self.settings)
        names = self.settings.pipeline or DEFAULT_STAGES
        self.stage_names: tuple[str, ...] = tuple(names)
        self.stages: list[tuple[str, Stage]] = [
            (name, create_stage(name, self.resources, self.settings.stage_config.get(name)))
            for name in self.stage_names
        ]

    def __call__(self, doc: Document) -> Document:
        """Annotate one document in place and return it."""
        for name, stage_obj in self.stages:
            try:
                stage_obj(doc)
            except Exception as exc:  # stage bugs become one named error
                raise ExtractionError(
                    f"{doc.source or doc.document_id}: stage {name} failed: {type(exc).__name__}: {exc}"
                ) from exc
        return doc

    def pipe(
        self,
        docs: Iterable[Document],
        batch_size: int | None = None,
        on_error: ErrorHandler = raise_error,
    ) -> Iterator[Document]:
        """Annotate documents in batches; yields each document that succeeded.

        A document that makes a stage fail is handed to ``on_error`` and dropped
        from the batch, the rest go on.
        """
        size = batch_size or self.settings.batch_size
        stages = self.stages
        it = iter(docs)
        stream = getattr(stages[0][1], "stream", None) if stages else None
        if stream is not None:
            # the first stage (spaCy) streams over the whole input, in worker processes when it pays
            it, stages = iter(stream(it)), stages[1:]
        while batch := list(islice(it, size)):
            ok = list(batch)
            for name, stage_obj in stages:
                try:
                    pipe_stage(stage_obj, ok)
                except Exception:
                    # find the culprit(s) one by one
                    survivors = []
                    for doc in ok:
                        try:
                            pipe_stage(stage_obj, [doc])
                            survivors.append(doc)
                        except Exception as exc:
                            on_error(
                                doc, ExtractionError(f"stage {name} failed: {type(exc).__name__}: {exc}")
                            )
                    ok = survivors
            yield from ok
