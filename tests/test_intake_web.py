"""Intake from URLs, against a real HTTP server on 127.0.0.1 (port 0, one thread per request).

The server is on a loopback address, which URL intake refuses by default, so these
tests pass settings with ``allow_private_urls`` (the refusal has its own tests below).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eventwire.errors import IntakeError
from eventwire.intake import fetch_url, read_sources
from eventwire.intake.web import Access, check_public_host
from eventwire.model import Document
from eventwire.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
FAST = Settings(
    http_timeout=0.3, http_max_redirects=3, user_agent="eventwire-test/1.0", allow_private_urls=True
)
PLAIN = "Militia fighters seized a checkpoint on the coastal road on Wednesday, residents said."

Route = Callable[[BaseHTTPRequestHandler], None]


def send(body: bytes, content_type: str | None, status: int = 200) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        if content_type:
            h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return route


def redirect(location: str) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def echo_user_agent(h: BaseHTTPRequestHandler) -> None:
    send(str(h.headers.get("User-Agent")).encode(), "text/plain")(h)


def slow(h: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    send(PLAIN.encode(), "text/plain")(h)


def trickle(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.end_headers()
    for _ in range(60):  # one byte every 0.05 s: each read is quick, the whole body is not
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.05)


class Endless:
    """Streams up to 64 MiB without a Content-Length; remembers how much it got out."""

    def __init__(self) -> None:
        self.sent = 0
        self.done = threading.Event()

    def __call__(self, h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.end_headers()
        chunk = b"y" * 65536
        try:
            for _ in range(1024):
                h.wfile.write(chunk)
                self.sent += len(chunk)
        finally:
            self.done.set()


ENDLESS = Endless()

ROUTES: dict[str, Route] = {
    "/article": send((FIXTURES / "article.html").read_bytes(), "text/html; charset=utf-8"),
    "/feed": send((FIXTURES / "feed.rss").read_bytes(), "application/rss+xml"),
    "/feed-as-html": send((FIXTURES / "feed.rss").read_bytes(), "text/html"),
    "/plain": send(PLAIN.encode(), "text/plain; charset=utf-8"),
    "/latin1": send(
        "Clashes erupted in Séville-sur-Mer.".encode("latin-1"), "text/plain; charset=iso-8859-1"
    ),
    "/records": send(json.dumps([{"id": "w1", "text": PLAIN}, {"text": ""}]).encode(), "application/json"),
    "/lines": send((FIXTURES / "records.jsonl").read_bytes(), "application/x-ndjson"),
    "/untyped-html": send((FIXTURES / "article.html").read_bytes(), None),
    "/untyped-json": send(json.dumps({"text": PLAIN}).encode(), "application/octet-stream"),
    "/moved": redirect("/article"),
    "/loop": redirect("/loop"),
    "/to-ftp": redirect("ftp://127.0.0.1/file.txt"),
    "/missing": send(b"not here", "text/plain", status=404),
    "/broken": send(b"oops", "text/plain", status=503),
    "/empty": send(b"", "text/plain"),
    "/ua": echo_user_agent,
    "/slow": slow,
    "/trickle": trickle,
    "/big": send(b"z" * 5000, "text/plain"),
    "/endless": ENDLESS,
}


HITS: list[str] = []  # every path the server was asked for


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        HITS.append(self.path)
        route = ROUTES.get(self.path)
        try:
            if route is None:
                send(b"no route", "text/plain", status=404)(self)
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up, as it should on slow or oversized bodies

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


def read(url: str, settings: Settings = FAST) -> list[Document | IntakeError]:
    return list(read_sources([url], settings))


def error_of(url: str, settings: Settings = FAST) -> IntakeError:
    (item,) = read(url, settings)
    assert isinstance(item, IntakeError), item
    assert item.source == url
    assert "\n" not in str(item)
    return item


# --- what a response becomes -----------------------------------------------------------------------


def test_html_page_becomes_a_document_with_the_final_url(base: str) -> None:
    (doc,) = read(f"{base}/moved")
    assert isinstance(doc, Document)
    assert doc.url == f"{base}/article"  # the final URL after the redirect, not the canonical one
    assert doc.source == f"{base}/moved"
    assert doc.title == "Militants attack army outpost near river crossing"
    assert doc.published == "2024-02-14"
    assert doc.outlet == "Harbour Gazette"
    assert doc.text.startswith("Armed men stormed an army outpost")


def test_feed_url_gives_one_document_per_entry(base: str) -> None:
    for path in ("/feed", "/feed-as-html"):
        docs = read(base + path)
        assert [d.title for d in docs if isinstance(d, Document)] == [
            "Drone strike hits fuel depot",
            "Protesters block highway over fuel prices",
        ]
        assert docs[0].url == "https://wire.example.org/2024/03/05/fuel-depot"


def test_plain_text_and_declared_charset(base: str) -> None:
    (doc,) = read(f"{base}/plain")
    assert isinstance(doc, Document)
    assert (doc.text, doc.url, doc.document_id) == (PLAIN, f"{base}/plain", Document.content_id(PLAIN))
    (latin,) = read(f"{base}/latin1")
    assert isinstance(latin, Document)
    assert latin.text == "Clashes erupted in Séville-sur-Mer."


def test_json_and_jsonl_responses_become_records(base: str) -> None:
    good, bad = read(f"{base}/records")
    assert isinstance(good, Document) and good.document_id == "w1"
    assert isinstance(bad, IntakeError) and str(bad) == f"{base}/records[1]: field 'text' is empty"
    lines = read(f"{base}/lines")
    assert [d.source for d in lines] == [f"{base}/lines:1", f"{base}/lines:3", f"{base}/lines:4"]


def test_missing_or_generic_content_type_is_sniffed(base: str) -> None:
    (page,) = read(f"{base}/untyped-html")
    assert isinstance(page, Document) and page.outlet == "Harbour Gazette"
    (record,) = read(f"{base}/untyped-json")
    assert isinstance(record, Document) and record.text == PLAIN


def test_configured_user_agent_is_sent(base: str) -> None:
    (doc,) = read(f"{base}/ua")
    assert isinstance(doc, Document) and doc.text == "eventwire-test/1.0"


def test_fetch_url_reports_final_url_and_media_type(base: str) -> None:
    fetched = fetch_url(f"{base}/moved", FAST)
    assert fetched.url == f"{base}/article"
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"


# --- failures ----------------------------------------------------------------------------------------


def test_http_errors_name_the_status(base: str) -> None:
    assert error_of(f"{base}/missing").reason == "HTTP 404 Not Found"
    assert error_of(f"{base}/broken").reason == "HTTP 503 Service Unavailable"


def test_empty_body_is_an_error(base: str) -> None:
    assert error_of(f"{base}/empty").reason == "empty response"


def test_redirect_loop_is_an_error(base: str) -> None:
    assert error_of(f"{base}/loop").reason == "too many redirects (more than 3)"


def test_redirect_to_another_scheme_is_an_error(base: str) -> None:
    assert "unsupported URL" in error_of(f"{base}/to-ftp").reason


def test_only_http_and_https(tmp_path: Path) -> None:
    url = f"file://{tmp_path}/x.txt"
    assert error_of(url).reason == "unsupported URL scheme 'file' (only http and https)"


def test_closed_port_is_an_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    err = error_of(f"http://127.0.0.1:{port}/report")
    assert err.reason.startswith("cannot connect (")


def test_slow_server_times_out(base: str) -> None:
    err = error_of(f"{base}/slow")
    assert err.reason.startswith("timed out after 0.3 s")


def test_trickling_body_runs_out_of_its_total_budget(base: str) -> None:
    err = error_of(f"{base}/trickle")
    assert err.reason.startswith("timed out: the body took over 0.9 s")


def test_declared_body_over_the_size_limit_is_refused(base: str) -> None:
    err = error_of(f"{base}/big", Settings(max_bytes=1000, allow_private_urls=True))
    assert err.reason == "response is 5000 bytes, over the limit of 1000 (max_bytes)"


def test_streamed_body_is_cut_off_as_soon_as_it_passes_the_limit(base: str) -> None:
    err = error_of(f"{base}/endless", Settings(max_bytes=200_000, http_timeout=5.0, allow_private_urls=True))
    assert err.reason == "response is over the limit of 200000 bytes (max_bytes)"
    assert ENDLESS.done.wait(10)
    assert ENDLESS.sent < 1024 * 65536  # the server could not send it all: the client hung up


def test_bad_urls_do_not_stop_the_good_ones(base: str) -> None:
    items = list(read_sources([f"{base}/missing", f"{base}/plain", f"{base}/loop"], FAST))
    assert [type(i).__name__ for i in items] == ["IntakeError", "Document", "IntakeError"]


@pytest.mark.parametrize(
    ("url", "reason"),
    [("http://[::1/report", "invalid URL (Invalid IPv6 URL)"), ("https://", "invalid URL (no host)")],
)
def test_malformed_urls_are_errors(url: str, reason: str) -> None:
    assert error_of(url).reason == reason


# --- private addresses ---------------------------------------------------------------------------------

GUARDED = Settings(http_timeout=1.0, http_max_redirects=3)  # allow_private_urls is off by default


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("localhost", "loopback"),
        ("[::1]", "loopback"),
        ("[::ffff:127.0.0.1]", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("[fd00:ec2::254]", "private"),
        ("169.254.169.254", "link-local"),
        ("[fe80::1]", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "reserved"),
        ("[::127.0.0.1]", "loopback"),
        ("[64:ff9b::7f00:1]", "loopback"),
    ],
)
def test_private_loopback_and_metadata_addresses_are_refused(host: str, kind: str) -> None:
    # the check the transport makes before each connection, called alone: nothing is contacted,
    # even if it were broken (the end-to-end refusals below use loopback addresses only)
    url = f"http://{host}/report"
    with pytest.raises(IntakeError) as info:
        check_public_host(host, url)
    err = info.value
    assert err.source == url
    assert err.reason.startswith("refused: host ")
    assert kind in err.reason
    assert "allow_private_urls" in err.reason


def test_a_refused_address_is_never_contacted(base: str) -> None:
    HITS.clear()
    err = error_of(f"{base}/plain", GUARDED)
    assert "loopback address 127.0.0.1" in err.reason
    assert HITS == []


def test_public_literal_addresses_pass_the_check() -> None:
    for host in ("8.8.8.8", "2606:4700:4700::1111", "93.184.215.14"):
        check_public_host(host, f"http://{host}/")  # no error, no network


def test_a_redirect_to_a_private_address_is_refused(base: str) -> None:
    # trust the test server's address as if it were public; the redirect goes to another loopback address
    trust = Access(trusted=[ipaddress.IPv4Network("127.0.0.1/32")])
    ROUTES["/to-private"] = redirect("http://127.0.0.2:9/report")
    HITS.clear()
    with pytest.raises(IntakeError) as info:
        fetch_url(f"{base}/to-private", GUARDED, trust)
    assert info.value.source == f"{base}/to-private"
    assert "host '127.0.0.2' is at loopback address 127.0.0.2" in info.value.reason
    assert HITS == ["/to-private"]  # the first hop was allowed and made
    with pytest.raises(IntakeError, match="HTTP 404 Not Found"):
        fetch_url(f"{base}/missing", GUARDED, trust)


@pytest.mark.parametrize(
    "spelling", ["2130706433", "0x7f000001", "0177.0.0.1.", "0x7f.1", "127.1", "127.0.0.1.", "0x7F.0.0.01"]
)
def test_legacy_spellings_of_the_loopback_address_are_refused(base: str, spelling: str) -> None:
    port = base.rsplit(":", 1)[1]
    HITS.clear()
    err = error_of(f"http://{spelling}:{port}/plain", GUARDED)
    assert err.reason.startswith(f"refused: host {spelling.lower()!r} is at loopback address 127.0.0.1")
    assert HITS == []
    # they are addresses, not names: allowed, the same spelling reaches the server on 127.0.0.1
    (doc,) = read(f"http://{spelling}:{port}/plain")
    assert isinstance(doc, Document) and doc.text == PLAIN


def test_a_dotted_octal_address_is_an_invalid_url(base: str) -> None:
    port = base.rsplit(":", 1)[1]
    HITS.clear()
    err = error_of(f"http://0177.0.0.1:{port}/plain", GUARDED)  # httpx refuses this spelling itself
    assert err.reason == "invalid URL (Invalid IPv4 address: '0177.0.0.1')"
    assert HITS == []


@pytest.mark.parametrize("host", ["[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0", "0", "[::]", "[::1]"])
def test_other_spellings_of_this_machine_are_refused_before_connecting(base: str, host: str) -> None:
    port = base.rsplit(":", 1)[1]
    HITS.clear()
    err = error_of(f"http://{host}:{port}/plain", GUARDED)
    assert err.reason.startswith(f"refused: host {host.strip('[]')!r} is at ")
    assert HITS == []


def test_allow_private_urls_lets_intake_fetch_local_servers(base: str) -> None:
    (doc,) = read(f"{base}/plain", Settings(allow_private_urls=True))
    assert isinstance(doc, Document) and doc.text == PLAIN
