"""An httpx transport that connects only to addresses it has resolved and checked itself.

httpx 0.28 has no option for an httpcore network backend, so :class:`PinnedTransport` is a
small :class:`httpx.BaseTransport` over an :class:`httpcore.ConnectionPool` whose backend
(:class:`PinnedBackend`) receives each new connection's host and port, resolves the host once
(:func:`~eventwire.intake.addresses.resolve`), and opens the socket to exactly one of the
addresses it approved. httpcore still sends TLS SNI and checks the certificate for the URL's
host name, and httpx still sends ``Host``: only the socket's peer is pinned. Every redirect to
a new origin opens a new connection, so it is resolved, checked and pinned again; there is no
second lookup between the check and the connect for a rebinding DNS server to answer.

Environment proxies are never used (a proxy would resolve the name itself, past the check).
"""

from __future__ import annotations

import socket
import ssl
import typing
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import httpcore
import httpx

from .addresses import AddressRefused, IPNetwork, Resolver, resolve

# httpcore's errors as httpx's, most specific first (httpx's own transport maps the same way)
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for core, mapped in _ERRORS:
            if isinstance(exc, core):
                raise mapped(str(exc)) from exc
        raise


class PinnedBackend(httpcore.NetworkBackend):
    """Resolves each connection's host once, checks it, and connects to the approved address.

    ``connected`` lists every (host, address) this backend opened a socket to, in order.
    """

    def __init__(
        self,
        *,
        resolver: Resolver = socket.getaddrinfo,
        allow_private: bool = False,
        trusted: Sequence[IPNetwork] = (),
    ) -> None:
        self._resolver = resolver
        self._allow_private = allow_private
        self._trusted = tuple(trusted)
        self._inner = httpcore.SyncBackend()
        self.connected: list[tuple[str, str]] = []

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        """A socket to an approved address of ``host`` (the first that accepts)."""
        addresses = resolve(
            host, port, resolver=self._resolver, allow_private=self._allow_private, trusted=self._trusted
        )
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            self.connected.append((host, address))
            return stream
        assert failure is not None  # resolve() returns at least one address
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        """Never used: URL intake speaks TCP only."""
        raise AddressRefused(f"refused: unix socket {path!r}")

    def sleep(self, seconds: float) -> None:
        """Wait between connection retries."""
        self._inner.sleep(seconds)


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            with _as_httpx_errors():
                close()


class PinnedTransport(httpx.BaseTransport):
    """HTTP/1.1 over :class:`PinnedBackend`; certificates checked with ``verify``."""

    def __init__(self, backend: PinnedBackend, verify: ssl.SSLContext | bool = True) -> None:
        self.backend = backend
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify), network_backend=backend
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the pinned pool."""
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=typing.cast(Iterable[bytes], request.stream),
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            response = self._pool.handle_request(core)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(typing.cast(Iterable[bytes], response.stream)),
            extensions=response.extensions,
        )

    def close(self) -> None:
        """Close every pooled connection."""
        with _as_httpx_errors():
            self._pool.close()
