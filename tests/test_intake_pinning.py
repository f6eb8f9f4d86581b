"""URL intake connects to the address it checked (DNS rebinding), keeping Host, SNI and the
certificate check for the name: real HTTP and HTTPS servers on 127.0.0.1, an injected resolver.

The servers listen on 127.0.0.1 only. The tests trust 127.0.0.1/32 as if it were public
(``Access.trusted``, which nothing in eventwire sets); every other loopback address stays
refused, and nothing listens there, so a connection to any address but the approved one fails.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from eventwire.errors import IntakeError
from eventwire.intake.web import Access, fetch_url, read_url
from eventwire.model import Document
from eventwire.settings import Settings

GUARDED = Settings(http_timeout=2.0, http_max_redirects=3)  # private addresses refused
TRUST_SERVER = [ipaddress.IPv4Network("127.0.0.1/32")]
NAME = "news.example.test"
HITS: list[str] = []
SNI: list[str | None] = []


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        HITS.append(self.path)
        if self.path.startswith("/go/"):  # /go/<host>/<path>: redirect to that host on this port
            host, _, rest = self.path[4:].partition("/")
            self.send_response(302)
            self.send_header("Location", f"{self.scheme()}://{host}:{self.server.server_address[1]}/{rest}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = f"Host: {self.headers.get('Host')}. Armed men blocked the ferry road.".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def scheme(self) -> str:
        return "https" if isinstance(self.connection, ssl.SSLSocket) else "http"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(server: ThreadingHTTPServer) -> Iterator[int]:
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    yield from serve(ThreadingHTTPServer(("127.0.0.1", 0), Handler))


class Resolver:
    """getaddrinfo's stand-in: each name's answers in turn (the last one repeats); records questions."""

    def __init__(self, **answers: list[str]) -> None:
        self.answers = {name.replace("_", "."): list(ips) for name, ips in answers.items()}
        self.asked: list[str] = []

    def __call__(self, host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        self.asked.append(host)
        queue = self.answers[host]
        ip = queue.pop(0) if len(queue) > 1 else queue[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]


def rebinding() -> Resolver:
    """Answers the approved 127.0.0.1 first, then an address nobody approved (or listens on)."""
    return Resolver(news_example_test=["127.0.0.1", "127.0.0.2"], other_example_test=["127.0.0.3"])


def test_the_connection_goes_to_the_address_that_was_checked(port: int) -> None:
    resolver = rebinding()
    HITS.clear()
    fetched = fetch_url(f"http://{NAME}:{port}/report", GUARDED, Access(resolver, TRUST_SERVER))
    assert fetched.address == "127.0.0.1"
    assert fetched.body.decode().startswith(f"Host: {NAME}:{port}.")  # the Host header keeps the name
    assert resolver.asked == [NAME]  # one question: no second answer to rebind to
    assert HITS == ["/report"]


def test_a_second_fetch_asks_again_and_is_checked_again(port: int) -> None:
    resolver = rebinding()
    access = Access(resolver, TRUST_SERVER)
    fetch_url(f"http://{NAME}:{port}/first", GUARDED, access)
    with pytest.raises(IntakeError) as info:
        fetch_url(f"http://{NAME}:{port}/second", GUARDED, access)
    assert info.value.source == f"http://{NAME}:{port}/second"
    assert info.value.reason.startswith(f"refused: host {NAME!r} is at loopback address 127.0.0.2")
    assert resolver.asked == [NAME, NAME]


def test_a_name_first_answering_a_refused_address_is_never_contacted(port: int) -> None:
    resolver = Resolver(news_example_test=["127.0.0.2", "127.0.0.1"])
    HITS.clear()
    with pytest.raises(IntakeError, match="is at loopback address 127.0.0.2"):
        fetch_url(f"http://{NAME}:{port}/report", GUARDED, Access(resolver, TRUST_SERVER))
    assert HITS == [] and resolver.asked == [NAME]


def test_every_redirect_hop_is_resolved_checked_and_pinned(port: int) -> None:
    resolver = Resolver(news_example_test=["127.0.0.1"], other_example_test=["127.0.0.1"])
    url = f"http://{NAME}:{port}/go/other.example.test/report"
    fetched = fetch_url(url, GUARDED, Access(resolver, TRUST_SERVER))
    assert fetched.url == f"http://other.example.test:{port}/report"
    assert fetched.body.decode().startswith(f"Host: other.example.test:{port}.")
    assert resolver.asked == [NAME, "other.example.test"]

    HITS.clear()
    with pytest.raises(IntakeError) as info:
        fetch_url(url, GUARDED, Access(rebinding(), TRUST_SERVER))  # other.example.test -> 127.0.0.3
    assert info.value.source == url
    assert "host 'other.example.test' is at loopback address 127.0.0.3" in info.value.reason
    assert HITS == ["/go/other.example.test/report"]


def test_read_url_passes_the_access_through(port: int) -> None:
    resolver = Resolver(news_example_test=["127.0.0.1"])
    (doc,) = read_url(f"http://{NAME}:{port}/report", GUARDED, Access(resolver, TRUST_SERVER))
    assert isinstance(doc, Document) and doc.text.startswith(f"Host: {NAME}:{port}.")


# --- HTTPS: SNI and the certificate are for the name, the socket goes to the pinned address -----------


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, ssl.SSLContext]]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={NAME}"]
        + ["-addext", f"subjectAltName=DNS:{NAME}", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    server_side.sni_callback = lambda sock, name, ctx: SNI.append(name)  # type: ignore[assignment,misc,return-value]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_side.wrap_socket(server.socket, server_side=True)
    client_side = ssl.create_default_context(cafile=str(cert))
    for port in serve(server):
        yield port, client_side


def test_https_keeps_sni_and_the_certificate_check_for_the_name(tls: tuple[int, ssl.SSLContext]) -> None:
    port, trust_cert = tls
    resolver = Resolver(news_example_test=["127.0.0.1", "127.0.0.2"])
    SNI.clear()
    fetched = fetch_url(f"https://{NAME}:{port}/report", GUARDED, Access(resolver, TRUST_SERVER, trust_cert))
    assert fetched.address == "127.0.0.1"
    assert SNI == [NAME]
    assert fetched.body.decode().startswith(f"Host: {NAME}:{port}.")
    assert resolver.asked == [NAME]


def test_https_to_a_name_the_certificate_does_not_cover_fails(tls: tuple[int, ssl.SSLContext]) -> None:
    port, trust_cert = tls
    resolver = Resolver(wrong_example_test=["127.0.0.1"])
    url = f"https://wrong.example.test:{port}/report"
    with pytest.raises(IntakeError) as info:
        fetch_url(url, GUARDED, Access(resolver, TRUST_SERVER, trust_cert))
    assert info.value.source == url
    assert "certificate verify failed" in info.value.reason
    assert "wrong.example.test" in info.value.reason
