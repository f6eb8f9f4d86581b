"""The page's map and timeline data: ``GET /map/points``, ``GET /map/labels``, ``GET /timeline``."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from ..errors import GazetteerError
from . import index as event_index
from .index import EventIndex
from .labels import DEFAULT_LIMIT, MAX_LIMIT, MIN_ZOOM, PlaceLabels, check_view, min_population
from .pages import error
from .params import Filters, parse_bbox

log = logging.getLogger(__name__)

LABELS_UNAVAILABLE = (
    "place labels are unavailable (the gazetteer could not be read); the server's log has the details"
)


def map_routes(index: EventIndex, labels: PlaceLabels) -> APIRouter:
    """The routes of the map's points and place labels and of the timeline."""
    router = APIRouter(tags=["page"])

    @router.get("/map/points", response_model=None)
    def map_points(f: Filters) -> Response:
        """Every located event matching the filters, as compact arrays (see ``fields``)."""
        rows = index.select(f)
        return JSONResponse({**event_index.points(rows), "matched": len(rows)})

    @router.get("/map/labels", response_model=None)
    def map_labels(
        bbox: Annotated[
            str | None, Query(description="The map's view: west,south,east,north in degrees")
        ] = None,
        zoom: Annotated[int, Query(ge=0, le=30, description="The map's zoom level")] = MIN_ZOOM,
        limit: Annotated[
            int, Query(ge=1, le=MAX_LIMIT, description="At most this many labels")
        ] = DEFAULT_LIMIT,
    ) -> Response:
        """Names of the larger places in the map's view (capitals first, then cities by
        population; smaller ones as the zoom grows), none overlapping another, for the offline basemap."""
        view = check_view(parse_bbox(bbox), zoom)
        try:
            found = labels.select(view, zoom, limit)
        except GazetteerError as exc:
            log.error("GET /map/labels: %s", exc)
            return error(503, LABELS_UNAVAILABLE)
        return JSONResponse(
            {
                "labels": [label.to_dict() for label in found],
                "count": len(found),
                "zoom": zoom,
                "min_population": min_population(zoom) if zoom >= MIN_ZOOM else None,
                "capitals_only": zoom >= MIN_ZOOM and min_population(zoom) is None,
                "limit": limit,
            }
        )

    @router.get("/timeline", response_model=None)
    def timeline(f: Filters) -> Response:
        """Events per day and type for the filters, and the dense ``window`` of those days
        (outlying dates, such as coarse background dates, are counted before and after it)."""
        return JSONResponse(event_index.timeline(index.select(f)))

    return router
