"""A stage for the batch tests that Dask workers must know too: registering
:class:`BatchTestStages` on a cluster imports this module in every worker (the plugin is
pickled by reference), which registers the stage there."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

from eventwire.errors import ExtractionError
from eventwire.model import Document
from eventwire.pipeline import stage

REFUSE_MARKER = "REFUSED-BY-STAGE"


@stage("tests.batch_refuse_on_marker.v1", default_config={"marker": REFUSE_MARKER})
def make_refuser(resources: Any, marker: str) -> Any:
    def refuse(doc: Document) -> None:
        if marker in doc.text:
            raise ExtractionError("this document is refused on purpose")

    return refuse


class BatchTestStages(WorkerPlugin):
    """Loads this module (and so its stage) on every worker, restarted ones included."""

    idempotent = True
    name = "eventwire-test-stages"
