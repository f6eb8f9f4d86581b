"""Which network addresses URL intake may connect to, resolved once and checked.

:func:`resolve` turns a URL's host into the addresses a connection may use: a literal address
as it is (also the legacy IPv4 spellings that resolvers accept, ``2130706433``, ``0x7f.1``,
``0177.0.0.1``, ``127.1``, parsed here as the WHATWG URL standard does, so the system resolver
never sees them), a name through the resolver, called once. Unless private addresses are
allowed, every address must be public (:func:`refusal`), judged by :mod:`ipaddress`
properties, never by a list of strings: loopback, link-local, unspecified, multicast, private,
site-local, reserved and not-global addresses are refused. An IPv6 address that carries an
IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible ``::a.b.c.d``, NAT64
``64:ff9b::a.b.c.d``, 6to4 ``2002::/16``, Teredo) is judged by the IPv4 address inside it as
well. The NAT64 local-use prefix ``64:ff9b:1::/48`` (RFC 8215) is refused whole: where the
IPv4 address sits depends on the operator's prefix length, so it cannot be read reliably.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import unquote

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: a resolver with :func:`socket.getaddrinfo`'s signature and answers
Resolver = Callable[..., Sequence[tuple[Any, ...]]]

NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")

_NUMBER_PART = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)")
_HEX_PART = re.compile(r"0[xX][0-9a-fA-F]*")


class AddressRefused(Exception):
    """A host that may not be fetched, or cannot be resolved; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a numeric host spells (``2130706433``, ``0x7f.1``, ``0177.0.0.1``,
    ``127.1``), as the WHATWG URL standard reads it; None when ``host`` is a name.

    Raises AddressRefused for a numeric host that is not a valid address (``256.0.0.1``).
    """
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()  # one trailing dot, as in "127.0.0.1."
    if not parts or not _NUMBER_PART.fullmatch(parts[-1]):
        return None  # a name (the standard: a host is an IPv4 address when its last part is a number)
    numbers: list[int] = []
    for part in parts:
        if not _NUMBER_PART.fullmatch(part):
            raise AddressRefused(f"host {host!r} is neither a name nor a valid IPv4 address")
        if _HEX_PART.fullmatch(part):
            numbers.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if not part.isdigit() or any(c in "89" for c in part):
                raise AddressRefused(f"host {host!r} has an octal part {part!r} with a digit over 7")
            numbers.append(int(part, 8))
        else:
            numbers.append(int(part))
    if len(numbers) > 4 or any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise AddressRefused(f"host {host!r} is not a valid IPv4 address (a part is out of range)")
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def literal_address(host: str) -> IPAddress | None:
    """The address ``host`` spells (brackets, a zone id and a trailing dot allowed), or None."""
    name = host.strip("[]")
    try:
        return ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return legacy_ipv4(name)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses ``ip`` carries, each with the name of the form that carries it."""
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip.ipv4_mapped is not None:
        found.append(("IPv4-mapped", ip.ipv4_mapped))
    elif int(ip) >> 32 == 0 and int(ip) > 1:
        found.append(("IPv4-compatible", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
    elif ip in NAT64_WELL_KNOWN:
        found.append(("NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
    if ip.sixtofour is not None:
        found.append(("6to4", ip.sixtofour))
    if ip.teredo is not None:
        server, client = ip.teredo
        found += [("Teredo server", server), ("Teredo client", client)]
    return found


def _kind(ip: IPAddress) -> str | None:
    """Why ``ip`` itself is not public ("loopback", "private"...), or None when it is."""
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local (cloud metadata services live there)"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private:
        return "private"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    if ip.is_reserved or not ip.is_global:
        return "reserved"
    return None


def refusal(ip: IPAddress) -> str | None:
    """Why ``ip`` may not be fetched ("loopback address 127.0.0.1"...), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in NAT64_LOCAL_USE:
            return f"NAT64 local-use address {ip} (64:ff9b:1::/48 is never public)"
        carried = embedded_ipv4(ip)
        for form, inner in carried:
            kind = _kind(inner)
            if kind is not None:
                return f"{form} address {ip}, which carries the {kind} address {inner}"
        if carried and carried[0][0] in ("IPv4-mapped", "IPv4-compatible", "NAT64"):
            return None  # only a carrier (inside ::/8, which ipaddress calls reserved): the IPv4 decides
    kind = _kind(ip)
    return None if kind is None else f"{kind} address {ip}"


def resolve(
    host: str,
    port: int,
    *,
    resolver: Resolver = socket.getaddrinfo,
    allow_private: bool = False,
    trusted: Sequence[IPNetwork] = (),
) -> list[str]:
    """The addresses to connect to for ``host``, each checked; the resolver is called once at most.

    Raises AddressRefused naming the host when it cannot be resolved or, unless
    ``allow_private``, when any address is not public. Addresses inside ``trusted`` networks
    count as public (an explicit allow list; the CLI never sets one).
    """
    name = host.strip("[]").rstrip(".").lower()
    hint = "set allow_private_urls to fetch it"
    if not allow_private and (name == "localhost" or name.endswith(".localhost")):
        raise AddressRefused(f"refused: host {host!r} is loopback ({hint})")
    literal = literal_address(host)
    if literal is not None:
        found: list[tuple[IPAddress, str]] = [(literal, unquote(host.strip("[]")))]
    else:
        try:
            infos = resolver(name, port, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as exc:
            raise AddressRefused(f"cannot resolve host {host!r} ({exc})") from None
        found = []
        for info in infos:
            text = str(info[4][0])
            try:
                found.append((ipaddress.ip_address(text.split("%")[0]), text))
            except ValueError:
                raise AddressRefused(f"host {host!r} resolved to {text!r}, not an IP address") from None
        if not found:
            raise AddressRefused(f"cannot resolve host {host!r} (no addresses)")
    if not allow_private:
        for ip, _ in found:
            if any(ip in network for network in trusted if network.version == ip.version):
                continue
            why = refusal(ip)
            if why is not None:
                raise AddressRefused(f"refused: host {host!r} is at {why} ({hint})")
    connect: list[str] = []
    for ip, text in found:
        target = text if "%" in text and ip.version == 6 else str(ip)  # keep an IPv6 zone id
        if target not in connect:
            connect.append(target)
    return connect
