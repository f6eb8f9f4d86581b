"""Database addresses: which name a PostgreSQL server, how messages show them, what is wrong with them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from ..errors import StoreError

SCHEMES = ("postgresql", "postgres")


def is_url(address: str | Path) -> bool:
    """Whether ``address`` names a PostgreSQL database (``postgresql://`` or ``postgres://``)."""
    scheme, sep, _ = str(address).partition("://")
    return bool(sep) and scheme.lower() in SCHEMES


def redacted(url: str) -> str:
    """``url`` with its password hidden, for messages (any other address as it is)."""
    if not is_url(url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return parts._replace(netloc=f"{parts.username}:***@{host}").geturl()


def check_url(url: str) -> SplitResult:
    """The parts of a PostgreSQL URL; StoreError naming the URL and what is wrong with it."""
    shown = redacted(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise StoreError(f"{shown}: not a valid PostgreSQL URL ({exc})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise StoreError(f"{shown}: not a PostgreSQL URL (expected postgresql://USER@HOST:PORT/DB)")
    if not parts.hostname and "host=" not in parts.query:
        raise StoreError(f"{shown}: the URL names no host (expected postgresql://USER@HOST:PORT/DB)")
    if port == 0:
        raise StoreError(f"{shown}: port 0 is not a valid port")
    if parts.path.strip("/") == "" and "dbname=" not in parts.query:
        raise StoreError(f"{shown}: the URL names no database (expected postgresql://USER@HOST:PORT/DB)")
    return parts
