"""Response helpers shared by the desk's routes: the error body, the HTML pages and their JSON twins."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from .. import __version__
from ..errors import QueryError


def error(status: int, message: str, **extra: Any) -> JSONResponse:
    """The API's error body: ``{"error": message}``."""
    return JSONResponse({"error": message, **extra}, status_code=status)


@cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("eventwire.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page(name: str, json_twin: str, **context: Any) -> HTMLResponse:
    """Render template ``name`` (autoescaped) with a link to its JSON twin."""
    html = _templates().get_template(name).render(json_twin=json_twin, version=__version__, **context)
    return HTMLResponse(html)


def wants_html(request: Request, fmt: str | None) -> bool:
    """``format=html``, or no format and a browser that asks for HTML."""
    if fmt is not None:
        return fmt == "html"
    return "text/html" in request.headers.get("accept", "")


def twin(request: Request, fmt: str = "json") -> str:
    """This request's path and query with ``format`` set to ``fmt``."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    return request.url.path + "?" + urlencode([*query, ("format", fmt)])


def check_format(fmt: str | None, allowed: tuple[str, ...] = ("json", "html")) -> None:
    """QueryError naming ``format`` unless it is one of ``allowed`` (or not given)."""
    if fmt is not None and fmt not in allowed:
        raise QueryError(f"format: {fmt!r} is not one of {', '.join(allowed)}")


FormatParam = Annotated[str | None, Query(alias="format", description="json or html (default: by Accept)")]
