"""The tallies: ``GET /tallies`` (narrowed by the desk's event filters), ``GET /tallies/{id}``
and ``GET /tallies/{id}/reconcile``.

A tally is a statement, not an event, so the event filters narrow it this way: ``from`` and
``to`` keep the tallies whose period overlaps those days; every other event filter (type,
sub_type, country, actor, q, bbox, reported_as) keeps the tallies stated in an article that
reports at least one event matching them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from .. import api
from ..filters import tally_filter
from ..model import Tally
from ..settings import Settings
from ..store import open_store
from ..store.base import EventFilter
from .pages import FormatParam, check_format, page, twin, wants_html
from .params import MAX_LIMIT, Filters
from .views import event_href

#: the event filters that narrow tallies through the articles they are stated in
_BY_ARTICLE = ("event_type", "sub_event_type", "country", "actor", "text", "bbox", "reported_as")


def filtered_tallies(settings: Settings, f: EventFilter, metric: str | None, limit: int) -> list[Tally]:
    """The stored tallies the desk's filters ``f`` keep (see the module docstring), at most ``limit``."""
    narrow = {k: getattr(f, k) for k in _BY_ARTICLE if getattr(f, k) is not None}
    filters = tally_filter(
        metric=metric, date_from=f.date_from, date_to=f.date_to, limit=None if narrow else limit
    )
    found = api.list_tallies(settings, filters)
    if not narrow:
        return found
    kept: list[Tally] = []
    reports: dict[str, bool] = {}
    with open_store(settings.db, settings) as store:
        for t in found:
            if t.document_id not in reports:
                probe = EventFilter(document_id=t.document_id, limit=1, **narrow)
                reports[t.document_id] = any(True for _ in store.events(probe, details=False))
            if reports[t.document_id]:
                kept.append(t)
                if len(kept) >= limit:
                    break
    return kept


def tally_routes(settings: Settings) -> APIRouter:
    """The tally routes over the store of ``settings``."""
    router = APIRouter(tags=["tallies"])

    @router.get("/tallies", response_model=None)
    def tallies(
        request: Request,
        f: Filters,
        metric: Annotated[str | None, Query(description="attacks, killed, strikes...")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 1000,
        fmt: FormatParam = None,
    ) -> Response:
        """Cumulative statements ("40 attacks since March"), by the end of their period; the
        event filters keep those of the articles reporting matching events, ``from``/``to``
        those whose period overlaps."""
        check_format(fmt)
        found = [t.to_dict() for t in filtered_tallies(settings, f, metric or None, limit)]
        if wants_html(request, fmt):
            return page("tallies.html", twin(request), tallies=found)
        return JSONResponse({"tallies": found, "count": len(found)})

    @router.get("/tallies/{tally_id:path}/reconcile", response_model=None)
    def reconcile(request: Request, tally_id: str, fmt: FormatParam = None) -> Response:
        """The tally beside the stored events that match it."""
        check_format(fmt)
        result = api.reconcile(settings, tally_id).to_dict()
        for counted in result["events"]:
            counted["href"] = event_href(counted["event_id"])
        if wants_html(request, fmt):
            return page("reconcile.html", twin(request), r=result, t=result["tally"])
        return JSONResponse(result)

    @router.get("/tallies/{tally_id:path}")
    def tally(tally_id: str) -> dict[str, Any]:
        """One tally."""
        return {"tally": api.get_tally(settings, tally_id).to_dict()}

    return router
