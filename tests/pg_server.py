"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary directory.

``start()`` finds PostgreSQL's programs (on PATH, else Debian's
``/usr/lib/postgresql/N/bin``), runs ``initdb`` as an unprivileged user when
the tests run as root (PostgreSQL refuses to run as root), starts the server
on a free loopback port with its socket in the same directory, and returns a
:class:`Server` that makes fresh databases and stops the cluster.
``EVENTWIRE_TEST_POSTGRES=postgresql://USER@HOST:PORT/DB`` uses a running
server instead (the user must be allowed to create databases).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

UNPRIVILEGED = "nobody"
TEMPLATE = "ew_template"
GUARDED = "guarded"  # the one role that must give its password


class Unavailable(Exception):
    """No PostgreSQL server can be had for the tests (the message says why)."""


def _program(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return candidates[-1]
    raise Unavailable(f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A PostgreSQL server the tests may create databases in."""

    admin_url: str  # a database to connect to for CREATE DATABASE
    data_dir: Path | None = None  # our own cluster (None: a server we did not start)
    user: str | None = None
    _names: itertools.count[int] = field(default_factory=itertools.count)
    _template: bool = False

    def url(self, dbname: str) -> str:
        parts = urlsplit(self.admin_url)
        return parts._replace(path="/" + dbname).geturl()

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, *, schema: bool = True) -> str:
        """The URL of a new, empty database; with ``schema``, eventwire's tables are already there."""
        name = f"ew_{os.getpid()}_{next(self._names)}"
        if schema:
            self._ensure_template()
            self._admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
        else:
            self._admin(f"CREATE DATABASE {name} STRATEGY FILE_COPY")
        return self.url(name)

    def admin(self, sql: str) -> None:
        """Run one statement as the server's administrator."""
        self._admin(sql)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.strip("/")
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _ensure_template(self) -> None:
        if self._template:
            return
        from eventwire.store import open_store

        self._admin(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        self._admin(f"CREATE DATABASE {TEMPLATE} STRATEGY FILE_COPY")
        open_store(self.url(TEMPLATE)).close()
        self._template = True

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert self.data_dir is not None, "not a server these tests started"
        return subprocess.run(
            [_program("pg_ctl"), "-D", str(self.data_dir / "data"), *args],
            user=self.user,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def stop(self) -> None:
        if self.data_dir is None:
            return
        self.pg_ctl("stop", "-m", "immediate", "-w")
        shutil.rmtree(self.data_dir, ignore_errors=True)


def start() -> Server:
    """A server for the tests: ``EVENTWIRE_TEST_POSTGRES``, else a new cluster of our own."""
    given = os.environ.get("EVENTWIRE_TEST_POSTGRES")
    if given:
        return Server(admin_url=given)
    initdb, pg_ctl = _program("initdb"), _program("pg_ctl")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise Unavailable("psycopg is not installed (pip install 'eventwire[postgresql]')") from None
    user = UNPRIVILEGED if os.geteuid() == 0 else None
    base = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
    if user:
        shutil.chown(base, user=user)
    port = _free_port()

    def run(*cmd: str) -> None:
        done = subprocess.run(list(cmd), user=user, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            shutil.rmtree(base, ignore_errors=True)
            raise Unavailable(f"{Path(cmd[0]).name} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    run(initdb, "-D", str(base / "data"), "-U", "eventwire", "--auth=trust", "-E", "UTF8", "--no-locale")
    # every role may connect without a password, except GUARDED (for the wrong-credentials tests)
    (base / "data" / "pg_hba.conf").write_text(
        f"local all all trust\nhost all {GUARDED} 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n"
    )
    options = (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=60"
    )
    run(pg_ctl, "-D", str(base / "data"), "-o", options, "-l", str(base / "server.log"), "-w", "start")
    return Server(admin_url=f"postgresql://eventwire@127.0.0.1:{port}/postgres", data_dir=base, user=user)
