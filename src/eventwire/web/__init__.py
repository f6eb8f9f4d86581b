"""The analyst's desk: the HTTP API and web page (``eventwire serve``)."""

from .app import create_app

__all__ = ["create_app"]
