"""Unknown query parameters are refused: a misspelt filter (``?contry=Iraq``) would otherwise be
ignored and the answer would silently hold everything.

:func:`refuse_unknown_parameters` is an app-wide dependency: it reads the query parameters the
matched route declares (its own and its dependencies', by their public alias) and raises
:class:`UnknownParameterError`, which the app answers with a 400 naming the strangers and listing
the known ones.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from ..errors import QueryError


class UnknownParameterError(QueryError):
    """A request with query parameters its endpoint does not take."""

    def __init__(self, endpoint: str, unknown: list[str], known: list[str]) -> None:
        names = ", ".join(repr(u) for u in unknown)
        listed = ", ".join(known) if known else "none"
        super().__init__(
            f"unknown query parameter{'s' if len(unknown) > 1 else ''} {names} for {endpoint}; known: {listed}"
        )
        self.unknown = unknown
        self.known = known


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_parameters(route: APIRoute) -> tuple[str, ...]:
    """The query parameters ``route`` takes, sorted (a walk over a few fields: no cache needed)."""
    return tuple(sorted(_query_names(route.dependant)))


def refuse_unknown_parameters(request: Request) -> None:
    """Raise UnknownParameterError when the query names a parameter the route does not take."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = known_parameters(route)
    unknown = sorted({key for key in request.query_params if key not in known})
    if unknown:
        raise UnknownParameterError(f"{request.method} {route.path_format}", unknown, list(known))
