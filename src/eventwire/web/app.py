"""The analyst's desk: the HTTP API and the web page, one FastAPI app (:func:`create_app`).

JSON endpoints (schema at ``/openapi.json``): ``GET /events`` (filters,
cursor pages, ``format=json|geojson|csv``), ``GET /events/{id}``,
``GET /documents/{id}``, ``POST /documents`` (token), ``GET /tallies``,
``GET /tallies/{id}``, ``GET /tallies/{id}/reconcile``, ``GET /stats``, and
for the page ``GET /map/points``, ``GET /map/labels`` and ``GET /timeline``. Pages: ``/`` (map,
timeline, filters, event panel, tallies) and an HTML twin of every read
endpoint above, chosen by ``format=html`` or a browser's ``Accept`` header;
each page links its JSON twin.

All article text is untrusted: templates escape it, the page's script sets
it as text only, and a Content-Security-Policy forbids inline script. Errors
are JSON ``{"error": "..."}`` naming the parameter and the reason (an unknown query
parameter is one: see :mod:`.strict`); a failure of the
server itself (503 store unavailable, 500) says only that, never a file path or an
exception's text, which go to the server's log. CSV cells are neutralised against formula
injection (:func:`eventwire.export.csv_cell`).
"""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, api
from ..errors import EventwireError, NotFoundError, QueryError, StoreError
from ..export import export_events
from ..settings import Settings, load_settings
from ..store import open_store
from ..store.base import EventFilter
from ..taxonomy import EVENT_TYPES, sub_event_types_of
from .index import EventIndex
from .labels import PlaceLabels
from .map_routes import map_routes
from .pages import FormatParam, check_format, error, page, twin, wants_html
from .params import DEFAULT_LIMIT, FORMATS, MAX_LIMIT, Filters, decode_cursor, encode_cursor
from .strict import UnknownParameterError, refuse_unknown_parameters
from .tally_routes import tally_routes
from .views import document_view, event_detail, event_json, event_summary
from .writes import AuthError, Writer, check_token, report_json

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]


#: what the client is told when the server fails; the details go to the server's log
STORE_UNAVAILABLE = "the event store is unavailable; the server's log has the details"
INTERNAL_ERROR = "internal server error; the server's log has the details"


class RequestError(EventwireError):
    """A request the API refuses with ``status`` (413 too large, 415 wrong type, 400 malformed)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------
# security headers (pure ASGI, so streamed responses stay streamed)


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response."""

    def __init__(self, app: ASGIApp, tile_url: str) -> None:
        self.app = app
        tiles = ""
        if tile_url:
            parts = urlsplit(tile_url.replace("{s}", "a"))
            host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tile_url else parts.netloc
            tiles = f" {parts.scheme}://{host}"
        self.headers = [
            (
                b"content-security-policy",
                (
                    "default-src 'self'; script-src 'self'; style-src 'self'; "
                    f"img-src 'self' data:{tiles}; connect-src 'self'; font-src 'self'; object-src 'none'; "
                    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
                ).encode("ascii"),
            ),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (RequestError 413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise RequestError(
            413, f"body: {declared} bytes is over the limit of {limit} bytes (max_request_bytes)"
        )
    size = 0
    chunks: list[bytes] = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, f"body: over the limit of {limit} bytes (max_request_bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


# ---------------------------------------------------------------------------
# the app


def create_app(settings: Settings, *, pipeline: Any = None, warm_index: bool = True) -> FastAPI:
    """The API and web page over the store at ``settings.db`` (created when missing).

    ``pipeline`` (a :class:`~eventwire.pipeline.Pipeline`) runs on posted
    documents; by default one is built on the first write. ``warm_index``
    reads the map's event index and place labels in the background when the server starts.
    Raises StoreError when the database cannot be opened.
    """
    if settings.db == ":memory:":
        raise StoreError(":memory:: the server needs a database file (each request opens it)")
    with open_store(settings.db, settings):
        pass  # create the schema, or fail now with a clear StoreError
    index = EventIndex(settings.db)
    labels = PlaceLabels(settings)
    writer = Writer(settings, pipeline)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        if warm_index:
            threading.Thread(target=_warm, args=(index, labels), name="eventwire-index", daemon=True).start()
        yield

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Events extracted from news reports, with their evidence.",
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema is at /openapi.json
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(refuse_unknown_parameters)],
    )
    app.state.settings = settings
    app.state.index = index
    _errors(app)
    app.add_middleware(SecurityHeaders, tile_url=settings.tile_url)
    static = resources.files("eventwire.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(map_routes(index, labels))

    # -- the desk --------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def desk() -> HTMLResponse:
        config = {
            "types": [*EVENT_TYPES, "Other"],
            "sub_types": {t: list(sub_event_types_of(t)) for t in EVENT_TYPES},
            "tile_url": settings.tile_url,
        }
        return page("desk.html", "/stats?format=json", config=json.dumps(config))

    # -- events ----------------------------------------------------------------------

    @app.get("/events", tags=["events"], response_model=None)
    def events(
        request: Request,
        f: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Events per page")] = DEFAULT_LIMIT,
        cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
        with_total: Annotated[
            bool, Query(alias="total", description="Also count every matching event (slower)")
        ] = False,
        fmt: Annotated[str | None, Query(alias="format", description="json, geojson, csv or html")] = None,
    ) -> Response:
        """Events matching the filters, by date then id, one page at a time (``next_cursor``)."""
        check_format(fmt, FORMATS)
        after = decode_cursor(cursor)
        paged = EventFilter(**{**f.__dict__, "after": after, "limit": limit + 1})
        with open_store(settings.db, settings) as store:
            found = list(store.events(paged))
            html = wants_html(request, fmt)
            total = store.count_events(f) if with_total or html else None
        more = len(found) > limit
        found = found[:limit]
        next_cursor = encode_cursor(found[-1]) if more and found else None
        next_url = None
        if next_cursor:
            query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
            next_url = request.url.path + "?" + urlencode([*query, ("cursor", next_cursor)])
        headers = {"X-Next-Cursor": next_cursor} if next_cursor else {}
        if fmt in ("csv", "geojson"):
            out = io.StringIO()
            export_events(found, "csv" if fmt == "csv" else "geojson", out)
            media = "text/csv; charset=utf-8" if fmt == "csv" else "application/geo+json"
            if next_url:
                headers["Link"] = f'<{next_url}>; rel="next"'
            return Response(out.getvalue(), media_type=media, headers=headers)
        if html:
            return page(
                "events.html",
                twin(request),
                events=[event_summary(e) for e in found],
                total=total,
                next_url=next_url,
                geojson=twin(request, "geojson"),
                csv=twin(request, "csv"),
            )
        body = {
            "events": [event_json(e) for e in found],
            "count": len(found),
            "total": total,
            "next_cursor": next_cursor,
            "next": next_url,
        }
        return JSONResponse(body, headers=headers)

    @app.get("/events/{event_id:path}", tags=["events"], response_model=None)
    def event(request: Request, event_id: str, fmt: FormatParam = None) -> Response:
        """One event with its sources (evidence in context), claims, speakers and linked events."""
        check_format(fmt)
        found = api.get_event(settings, event_id)
        linked = api.linked_events(settings, event_id)
        documents: dict[str, dict[str, Any]] = {}
        with open_store(settings.db, settings) as store:
            for s in found.sources:
                if s.document_id not in documents:
                    try:
                        documents[s.document_id] = store.get_document(s.document_id)
                    except NotFoundError:
                        continue
        detail = event_detail(found, linked, documents)
        if wants_html(request, fmt):
            return page("event.html", twin(request), d=detail, e=detail["event"])
        return JSONResponse(detail)

    # -- documents -------------------------------------------------------------------

    @app.get("/documents/{document_id:path}", tags=["documents"], response_model=None)
    def document(request: Request, document_id: str, fmt: FormatParam = None) -> Response:
        """A document's text with its evidence spans (the events it supports)."""
        check_format(fmt)
        with open_store(settings.db, settings) as store:
            meta = store.get_document(document_id)
            found = list(store.events(EventFilter(document_id=document_id)))
        view = document_view(meta, found)
        if wants_html(request, fmt):
            return page("document.html", twin(request), v=view, doc=view["document"])
        return JSONResponse(view)

    @app.post("/documents", tags=["documents"], status_code=201, response_model=None)
    async def post_documents(request: Request) -> Response:
        """Ingest documents: a record, a list of records, or ``{"url": ...}``. Needs ``Authorization: Bearer <api_token>``.

        201 when something was added, 200 when all was already stored, 422 when nothing could be read.
        """
        check_token(settings, request.headers.get("authorization"))
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            raise RequestError(415, f"Content-Type: {media or 'none'!r}; send application/json")
        raw = await read_body(request, settings.max_request_bytes)
        try:
            body = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise RequestError(400, "body: not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise RequestError(
                400, f"body: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
            ) from None
        except RecursionError:
            raise RequestError(400, "body: not valid JSON (nested too deeply)") from None
        except ValueError:  # Python reads no integer of over 4,300 digits
            raise RequestError(400, "body: not valid JSON here (a number of over 4,300 digits)") from None
        report, added = await run_in_threadpool(writer.ingest_body, body)
        result = report_json(report, added)
        if not report.documents_added and not report.documents_skipped:
            first = report.failures[0][1] if report.failures else "nothing to ingest"
            return error(422, f"no document could be ingested: {first}", **result)
        return JSONResponse(result, status_code=201 if report.documents_added else 200)

    app.include_router(tally_routes(settings))

    # -- stats -----------------------------------------------------------------------

    @app.get("/stats", tags=["store"], response_model=None)
    def stats(request: Request, fmt: FormatParam = None) -> Response:
        """Counts of documents, events (by type and country) and tallies, and the date range."""
        check_format(fmt)
        found = api.store_stats(settings)
        if wants_html(request, fmt):
            return page("stats.html", twin(request), s=found)
        return JSONResponse(found)

    return app


def _warm(index: EventIndex, labels: PlaceLabels) -> None:
    try:
        index.rows()
    except EventwireError as exc:
        log.warning("could not read the event index: %s", exc)
    try:
        labels.labels()
    except EventwireError as exc:
        log.warning("could not read the place labels: %s", exc)


def _errors(app: FastAPI) -> None:
    """Every error becomes ``{"error": "..."}`` with a 4xx status for bad input."""

    @app.exception_handler(UnknownParameterError)
    async def unknown_parameter(_: Request, exc: UnknownParameterError) -> JSONResponse:
        return error(400, str(exc), unknown=exc.unknown, known=exc.known)

    @app.exception_handler(QueryError)
    async def bad_query(_: Request, exc: QueryError) -> JSONResponse:
        return error(400, str(exc))

    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return error(404, str(exc))

    @app.exception_handler(AuthError)
    async def refused(_: Request, exc: AuthError) -> JSONResponse:
        response = error(exc.status, str(exc))
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(RequestError)
    async def bad_request(_: Request, exc: RequestError) -> JSONResponse:
        return error(exc.status, str(exc))

    # a server-side failure's message names server files and internals: the log gets it, the client not
    @app.exception_handler(StoreError)
    async def store_down(request: Request, exc: StoreError) -> JSONResponse:
        log.error("%s %s: store error: %s", request.method, request.url.path, exc)
        return error(503, STORE_UNAVAILABLE)

    @app.exception_handler(EventwireError)
    async def other(request: Request, exc: EventwireError) -> JSONResponse:
        log.error("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        return error(500, INTERNAL_ERROR)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        # Starlette logs the traceback itself after this response is sent
        return error(500, INTERNAL_ERROR)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body", "header")]
            problems.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', 'invalid')}")
        return error(400, "; ".join(problems) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error(404, f"not found: {request.url.path}")
        if exc.status_code == 405:
            return error(405, f"method {request.method} is not allowed on {request.url.path}")
        return error(exc.status_code, str(exc.detail))


def app_from_environment() -> FastAPI:
    """The app for one of ``eventwire serve --workers N``'s processes: settings from the
    defaults, ``$EVENTWIRE_CONFIG`` and ``$EVENTWIRE_DB``, as the command set them."""
    return create_app(load_settings())
