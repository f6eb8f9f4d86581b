"""HTTP(S) URLs to Documents with httpx.

Only ``http`` and ``https``. Each fetch uses ``settings.http_timeout`` for connecting and for
every read, and also as a budget for the whole body (a server that trickles bytes is cut
off after 3 x ``http_timeout``); at most ``settings.http_max_redirects`` redirects;
``settings.user_agent``; and the body may not exceed ``settings.max_bytes`` (checked against
Content-Length, then while streaming: the download stops as soon as the limit is passed).

The response is read by content type, or sniffed when the type is missing or generic:
HTML -> trafilatura, RSS/Atom -> feedparser, JSON / JSON Lines -> records, text/plain -> text.
Network errors, timeouts, too many redirects and HTTP 4xx/5xx become IntakeErrors naming the
URL. Document.url is the final URL (after redirects) for pages and plain text.

Unless ``settings.allow_private_urls`` is set, every connection (the first and one for each
redirect to a new origin) goes only to public addresses: the host, literal or resolved, may
not be loopback, private, link-local (cloud metadata services live at 169.254.169.254),
shared, reserved, multicast or unspecified, also when written as an IPv6 address carrying an
IPv4 one or in a legacy IPv4 spelling (:mod:`eventwire.intake.addresses`). A name that
resolves to several addresses is refused when any of them is not public. The name is
resolved once per connection and the socket goes to the address that was checked, while
``Host``, TLS SNI and the certificate check keep the name (:mod:`eventwire.intake.transport`),
so a DNS server that answers differently the second time (DNS rebinding) gets no second
question. Environment proxies are not used.

:class:`Access` carries what the network side may be given instead of the defaults: a
resolver (``socket.getaddrinfo`` by default), networks to trust as public, a TLS context.
"""

from __future__ import annotations

import re
import socket
import ssl
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from ..errors import IntakeError
from ..model import Document
from ..settings import Settings
from .addresses import AddressRefused, IPNetwork, Resolver, resolve
from .feeds import documents_from_feed, looks_like_feed
from .html import document_from_html
from .records import documents_from_json, documents_from_jsonl
from .text import check_not_binary, decode_text, document_from_text
from .transport import PinnedBackend, PinnedTransport

_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")

#: the whole body must arrive within this many times ``http_timeout``
TOTAL_TIMEOUT_FACTOR = 3.0

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)
_JSON_TYPES = frozenset({"application/json", "text/json"})
_JSONL_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/x-jsonlines"})


@dataclass(frozen=True)
class Fetched:
    """One successful fetch."""

    url: str  # the final URL, after redirects
    content_type: str  # media type, lower case, without parameters ("" when missing)
    charset: str | None  # the charset the response declares
    body: bytes
    headers: dict[str, str]
    address: str = ""  # the IP address the final response came from


@dataclass(frozen=True)
class Access:
    """How URL intake reaches the network (the defaults are what the CLI and API use).

    ``resolver`` has :func:`socket.getaddrinfo`'s signature; ``trusted`` networks count as
    public even when they are not (an explicit allow list; nothing in eventwire sets one);
    ``verify`` is httpx's: True (the system's CA bundle), False, or an SSLContext.
    """

    resolver: Resolver = socket.getaddrinfo
    trusted: Sequence[IPNetwork] = ()
    verify: ssl.SSLContext | bool = True


DEFAULT_ACCESS = Access()


def check_public_host(host: str, url: str, access: Access = DEFAULT_ACCESS) -> list[str]:
    """The addresses ``host`` stands for, when every one is public; else IntakeError naming ``url``."""
    try:
        return resolve(host, 0, resolver=access.resolver, trusted=access.trusted)
    except AddressRefused as exc:
        raise IntakeError(url, exc.reason) from None


def is_url(source: str) -> bool:
    """Whether ``source`` looks like a URL (``scheme://...``) rather than a path."""
    return _URL_START.match(source) is not None


def fetch_url(url: str, settings: Settings, access: Access = DEFAULT_ACCESS) -> Fetched:
    """GET ``url``; IntakeError naming the URL for every failure (see the module docstring)."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise IntakeError(url, f"invalid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise IntakeError(url, f"unsupported URL scheme {scheme!r} (only http and https)")
    if not parts.hostname:
        raise IntakeError(url, "invalid URL (no host)")
    limit = settings.max_bytes
    timeout = settings.http_timeout
    backend = PinnedBackend(
        resolver=access.resolver, allow_private=settings.allow_private_urls, trusted=access.trusted
    )
    try:
        with httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=settings.http_max_redirects,
            headers={"User-Agent": settings.user_agent},
            transport=PinnedTransport(backend, access.verify),
            trust_env=False,
        ) as client:
            with client.stream("GET", url) as response:
                final = str(response.url)
                if response.status_code >= 400:
                    raise IntakeError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise IntakeError(
                        url, f"response is {declared} bytes, over the limit of {limit} (max_bytes)"
                    )
                budget = timeout * TOTAL_TIMEOUT_FACTOR
                deadline = time.monotonic() + budget
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise IntakeError(url, f"response is over the limit of {limit} bytes (max_bytes)")
                    if time.monotonic() > deadline:
                        raise IntakeError(url, f"timed out: the body took over {budget:g} s to arrive")
                    chunks.append(chunk)
                media = response.headers.get("content-type", "").split(";")[0].strip().lower()
                body = b"".join(chunks)
                address = backend.connected[-1][1] if backend.connected else ""
                headers = dict(response.headers)
                return Fetched(final, media, response.charset_encoding, body, headers, address)
    except AddressRefused as exc:
        raise IntakeError(url, exc.reason) from None
    except httpx.TooManyRedirects:
        raise IntakeError(url, f"too many redirects (more than {settings.http_max_redirects})") from None
    except httpx.TimeoutException as exc:
        raise IntakeError(url, f"timed out after {timeout:g} s ({type(exc).__name__})") from None
    except httpx.UnsupportedProtocol as exc:
        raise IntakeError(url, f"unsupported URL or redirect target ({exc})") from None
    except httpx.ConnectError as exc:
        raise IntakeError(url, f"cannot connect ({exc or type(exc).__name__})") from None
    except httpx.HTTPError as exc:
        raise IntakeError(url, f"request failed ({type(exc).__name__}: {exc})") from None
    except httpx.InvalidURL as exc:
        raise IntakeError(url, f"invalid URL ({exc})") from None


def _sniff(body: bytes) -> str:
    head = body.lstrip()[:512].lower()
    if looks_like_feed(body):
        return "feed"
    if head.startswith(b"<"):
        return "html"
    if head.startswith((b"{", b"[")):
        first = body.strip().split(b"\n", 1)
        if head.startswith(b"{") and len(first) > 1 and first[1].lstrip().startswith(b"{"):
            return "jsonl"
        return "json"
    return "text"


def kind_of_response(fetched: Fetched) -> str:
    """text, html, json, jsonl or feed, from the content type and, when unclear, the body."""
    media = fetched.content_type
    if media in _HTML_TYPES:
        return "feed" if looks_like_feed(fetched.body) else "html"
    if media in _FEED_TYPES or media.endswith(("+xml", "/xml")):
        return "feed"
    if media in _JSON_TYPES or media.endswith("+json"):
        return "json"
    if media in _JSONL_TYPES:
        return "jsonl"
    if media == "text/plain":
        return "text"
    return _sniff(fetched.body)


def read_url(
    url: str, settings: Settings, access: Access = DEFAULT_ACCESS
) -> Iterator[Document | IntakeError]:
    """Documents (and IntakeErrors) from one URL."""
    try:
        fetched = fetch_url(url, settings, access)
        if not fetched.body.strip():
            raise IntakeError(url, "empty response")
        kind = kind_of_response(fetched)
        if kind == "feed":
            check_not_binary(fetched.body, url)
            yield from documents_from_feed(fetched.body, url, headers=fetched.headers)
        elif kind == "html":
            yield document_from_html(fetched.body, url, url=fetched.url, charset=fetched.charset)
        elif kind == "json":
            yield from documents_from_json(decode_text(fetched.body, url, fetched.charset), url)
        elif kind == "jsonl":
            yield from documents_from_jsonl(decode_text(fetched.body, url, fetched.charset), url)
        else:
            yield document_from_text(decode_text(fetched.body, url, fetched.charset), url, url=fetched.url)
    except IntakeError as err:
        yield err
