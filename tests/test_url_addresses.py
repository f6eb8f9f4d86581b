"""Which addresses URL intake may connect to (eventwire.intake.addresses), checked without a network.

Every check here is a pure function of the host and an injected resolver: nothing is contacted.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

from eventwire.errors import IntakeError
from eventwire.intake.addresses import AddressRefused, embedded_ipv4, legacy_ipv4, refusal, resolve
from eventwire.intake.web import check_public_host


def no_lookups(*args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
    raise AssertionError(f"a literal address must not be resolved: {args}")


def answers(*ips: str) -> Any:
    """A getaddrinfo stand-in that answers ``ips`` and records each question."""

    def resolver(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        resolver.asked.append(host)  # type: ignore[attr-defined]
        family = socket.AF_INET6 if ":" in ips[0] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]

    resolver.asked = []  # type: ignore[attr-defined]
    return resolver


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),
        ("8.8.8.8.", "8.8.8.8"),
    ],
)
def test_legacy_ipv4_spellings_are_read_as_the_url_standard_reads_them(host: str, expected: str) -> None:
    assert legacy_ipv4(host) == ipaddress.IPv4Address(expected)


@pytest.mark.parametrize("host", ["news.example.org", "localhost", "1.example", "xn--80ak6aa92e.com"])
def test_names_are_not_addresses(host: str) -> None:
    assert legacy_ipv4(host) is None


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("256.0.0.1", "out of range"),
        ("1.2.3.4.5", "out of range"),
        ("4294967296", "out of range"),
        ("09.0.0.1", "octal part '09'"),
        ("news.123", "neither a name nor a valid IPv4 address"),
        ("1..1", "neither a name nor a valid IPv4 address"),
    ],
)
def test_malformed_numeric_hosts_are_refused(host: str, reason: str) -> None:
    with pytest.raises(AddressRefused, match=reason):
        legacy_ipv4(host)


@pytest.mark.parametrize(
    ("ip", "form", "inner"),
    [
        ("::ffff:127.0.0.1", "IPv4-mapped", "127.0.0.1"),
        ("::127.0.0.1", "IPv4-compatible", "127.0.0.1"),
        ("64:ff9b::a9fe:a9fe", "NAT64", "169.254.169.254"),
        ("2002:c0a8:0101::1", "6to4", "192.168.1.1"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo client", "192.0.2.45"),
    ],
)
def test_ipv4_addresses_inside_ipv6_are_found(ip: str, form: str, inner: str) -> None:
    assert (form, ipaddress.IPv4Address(inner)) in embedded_ipv4(ipaddress.IPv6Address(ip))


@pytest.mark.parametrize(
    ("ip", "why"),
    [
        ("::127.0.0.1", "IPv4-compatible address ::7f00:1, which carries the loopback address 127.0.0.1"),
        ("::ffff:10.0.0.8", "IPv4-mapped address ::ffff:a00:8, which carries the private address 10.0.0.8"),
        ("64:ff9b::7f00:1", "NAT64 address 64:ff9b::7f00:1, which carries the loopback address 127.0.0.1"),
        ("64:ff9b::a9fe:a9fe", "carries the link-local (cloud metadata services live there) address"),
        ("64:ff9b:1::808:808", "NAT64 local-use address 64:ff9b:1::808:808"),
        ("2002:7f00:1::1", "6to4 address 2002:7f00:1::1, which carries the loopback address 127.0.0.1"),
        ("2002:a9fe:a9fe::1", "6to4 address 2002:a9fe:a9fe::1, which carries the link-local"),
        (
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "Teredo client address 2001:0:4136:e378:8000:63bf:3fff:fdd2, which carries the private address 192.0.2.45",
        ),
        ("::", "unspecified address ::"),
        ("::1", "loopback address ::1"),
        ("ff02::1", "multicast address ff02::1"),
        ("fec0::1", "site-local address fec0::1"),
        ("2001:db8::1", "private address 2001:db8::1"),
        ("100::1", "private address 100::1"),
        ("224.0.0.1", "multicast address 224.0.0.1"),
        ("255.255.255.255", "private address 255.255.255.255"),
        ("100.64.0.1", "reserved address 100.64.0.1"),
        ("198.18.0.1", "private address 198.18.0.1"),
        ("0.0.0.0", "unspecified address 0.0.0.0"),
    ],
)
def test_special_purpose_addresses_in_every_form_are_refused(ip: str, why: str) -> None:
    reason = refusal(ipaddress.ip_address(ip))
    assert reason is not None and why in reason


@pytest.mark.parametrize(
    "ip", ["8.8.8.8", "93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_pass_also_when_carried_in_ipv6(ip: str) -> None:
    assert refusal(ipaddress.ip_address(ip)) is None


@pytest.mark.parametrize(
    "host",
    ["[::127.0.0.1]", "[::ffff:127.0.0.1]", "[64:ff9b::7f00:1]", "2130706433", "0x7f.1", "0.0.0.0", "[::]"],
)
def test_check_public_host_refuses_every_spelling_and_names_the_url(host: str) -> None:
    url = f"http://{host}/report"
    with pytest.raises(IntakeError) as info:
        check_public_host(host, url)
    assert info.value.source == url
    assert info.value.reason.startswith(f"refused: host {host!r} is at ")
    assert str(info.value).startswith(url + ": refused")


def test_literal_addresses_are_never_resolved() -> None:
    assert resolve("8.8.8.8", 80, resolver=no_lookups) == ["8.8.8.8"]
    assert resolve("[2606:4700:4700::1111]", 443, resolver=no_lookups) == ["2606:4700:4700::1111"]
    assert resolve("2130706433", 80, resolver=no_lookups, allow_private=True) == ["127.0.0.1"]


def test_a_name_is_resolved_once_and_every_answer_is_checked() -> None:
    public = answers("93.184.215.14", "2606:4700:4700::1111")
    assert resolve("news.example.org", 443, resolver=public) == ["93.184.215.14", "2606:4700:4700::1111"]
    assert public.asked == ["news.example.org"]
    mixed = answers("93.184.215.14", "10.0.0.7")
    with pytest.raises(AddressRefused, match=r"host 'news.example.org' is at private address 10.0.0.7"):
        resolve("news.example.org", 443, resolver=mixed)
    assert mixed.asked == ["news.example.org"]


def test_a_name_that_resolves_to_a_carrier_of_loopback_is_refused() -> None:
    with pytest.raises(AddressRefused, match="NAT64 address 64:ff9b::7f00:1, which carries the loopback"):
        resolve("news.example.org", 80, resolver=answers("64:ff9b::7f00:1"))


def test_localhost_names_are_refused_without_asking_the_resolver() -> None:
    for name in ("localhost", "LOCALHOST.", "desk.localhost"):
        with pytest.raises(AddressRefused, match="is loopback"):
            resolve(name, 80, resolver=no_lookups)


def test_resolver_failures_and_odd_answers_are_refusals_naming_the_host() -> None:
    def fails(*args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        raise socket.gaierror(-2, "Name or service not known")

    with pytest.raises(AddressRefused, match=r"cannot resolve host 'gone.example.org' \("):
        resolve("gone.example.org", 80, resolver=fails)
    with pytest.raises(AddressRefused, match="no addresses"):
        resolve("empty.example.org", 80, resolver=lambda *a, **k: [])


def test_trusted_networks_and_allow_private() -> None:
    local = answers("127.0.0.1")
    trusted = [ipaddress.IPv4Network("127.0.0.1/32")]
    assert resolve("desk.example.test", 80, resolver=local, trusted=trusted) == ["127.0.0.1"]
    with pytest.raises(AddressRefused, match="loopback address 127.0.0.2"):
        resolve("desk.example.test", 80, resolver=answers("127.0.0.2"), trusted=trusted)
    assert resolve("desk.example.test", 80, resolver=answers("10.0.0.7"), allow_private=True) == ["10.0.0.7"]
