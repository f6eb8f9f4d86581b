"""Geoparsing on its own: find and resolve the place names of plain texts.

The same spaCy and places stages as the full pipeline, without the event
stages, for evaluation (``eventwire eval geoparse``) and for users who only
want places::

    >>> for places in geoparse(["Rockets hit Erbil, Iraq."]):    # doctest: +SKIP
    ...     print([(p.text, p.name, p.latitude, p.longitude) for p in places])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence

from .model import Document, PlaceMention
from .pipeline import Pipeline, Resources
from .settings import Settings

GEOPARSE_STAGES = ("eventwire.spacy.v1", "eventwire.places.v1")


def geoparse(
    texts: Iterable[str],
    spans: Iterable[Sequence[tuple[int, int]]] | None = None,
    settings: Settings | None = None,
    resources: Resources | None = None,
) -> Iterator[list[PlaceMention]]:
    """The place mentions of each text, in order.

    ``spans``, when given, holds one list of ``(start, end)`` character
    offsets per text: those toponyms are resolved (in the order given)
    instead of the ones eventwire would find itself. A mention that cannot be
    resolved comes back with ``latitude`` None.
    """
    base = settings or Settings()
    pipeline = Pipeline(dataclasses.replace(base, pipeline=GEOPARSE_STAGES, workers=1), resources)
    span_iter = iter(spans) if spans is not None else None

    def docs() -> Iterator[Document]:
        for i, text in enumerate(texts):
            given = next(span_iter) if span_iter is not None else None
            yield Document(
                document_id=f"text{i}",
                text=text,
                place_spans=[(int(s), int(e)) for s, e in given] if given is not None else None,
            )

    for doc in pipeline.pipe(docs()):
        yield doc.places
