"""Read the GeoNames dump files a user brings (download.geonames.org/export/dump).

Four kinds of table are recognised, by the zip member's name and then by the
first line's columns (the content decides: ``SO.txt`` is a places table in
``SO.zip`` and alternate names in ``alternatenames/SO.zip``):

* places, the 19-column "geoname" table: ``allCountries``, a country file
  (``SO.zip``), ``cities500``/``1000``/``5000``/``15000``;
* alternate names (``alternateNamesV2``: 10 columns; the older 8-column file too);
* ``admin1CodesASCII.txt`` ("SO.13", name, ascii name, geonameid) and
  ``admin2Codes.txt`` ("SO.13.4521", ...).

Each table is read as a stream (``zipfile.open`` + ``io.TextIOWrapper``) and
every row is checked; the rows worth keeping go into a staging SQLite file
(:func:`stage_dumps`) before the slow part of the build starts, so a bad file
fails in seconds and memory stays flat however big the dump. Which features
are kept is :data:`KEPT_CODES` (and every populated place but the historical ones).
"""

from __future__ import annotations

import io
import os
import re
import sqlite3
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import GeoNamesError
from .build import ALTERNATE, PRIMARY, SKELETON_MIN_POPULATION, _is_code
from .names import normalize_many, skeleton, strip_accents

PLACES, ALTERNATES, ADMIN1, ADMIN2 = "places", "alternate names", "admin1 codes", "admin2 codes"
WIDTHS = {PLACES: (19,), ALTERNATES: (10, 8), ADMIN1: (4,), ADMIN2: (4,)}
_IMPORT_ORDER = {ADMIN1: 0, ADMIN2: 1, PLACES: 2, ALTERNATES: 3}
_NOT_TABLES = frozenset({"readme.txt", "iso-languagecodes.txt"})  # shipped beside the tables

# Features kept besides populated places (class P): the admin regions and the
# spots of conflict geography. Rivers, hills, farms, schools... (H, T, most S/L/V/U)
# are left out: millions of names that would mostly shadow towns.
KEPT_CODES = {
    "A.PCLI": "country",  # only lends its point to the country entry (GeoNames' own country point)
    "A.ADM1": "admin1",
    "A.ADM2": "admin2",
    "S.AIRB": "airbase",
    "S.AIRF": "airport",  # airfields and strips (airports with an IATA code come from airportsdata)
    "S.CMPRF": "facility",  # refugee and displacement camps
    "S.INSM": "facility",  # military installations
    "L.MILB": "facility",  # military bases
    "L.NVB": "facility",  # naval bases
    "S.PSTB": "facility",  # border posts
    "S.PSTC": "facility",  # customs posts (crossings)
    "S.PRN": "facility",  # prisons
    "S.DAM": "facility",
    "L.OILF": "facility",  # oil fields
}
HISTORICAL_PLACES = frozenset({"PPLH", "PPLCH"})  # a town's past name or a former capital
_SKIPPED_LANGUAGES = frozenset(
    {"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "fr_1793", "phon", "piny"}
)
_PROGRESS_EVERY = 1_000_000
_BATCH = 20_000

STAGE_SCHEMA = """
CREATE TABLE rows (gid INTEGER PRIMARY KEY, ftype TEXT NOT NULL, name TEXT NOT NULL, cc TEXT NOT NULL,
                   a1 TEXT NOT NULL, a2 TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
                   pop INTEGER NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, gid INTEGER NOT NULL, kind INTEGER NOT NULL);
CREATE TABLE skeletons (key TEXT NOT NULL, gid INTEGER NOT NULL);
CREATE TABLE admin1 (cc TEXT NOT NULL, a1 TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (cc, a1));
CREATE TABLE admin2 (cc TEXT NOT NULL, a1 TEXT NOT NULL, a2 TEXT NOT NULL, name TEXT NOT NULL,
                     PRIMARY KEY (cc, a1, a2));
"""


@dataclass(frozen=True)
class DumpFile:
    """One GeoNames file and what it was recognised as."""

    path: Path
    kind: str  # PLACES, ALTERNATES, ADMIN1 or ADMIN2
    member: str | None = None  # the table inside a zip

    @property
    def label(self) -> str:
        """How messages name it: ``SO.zip (SO.txt)``."""
        return f"{self.path} ({self.member})" if self.member else str(self.path)


@dataclass
class Staged:
    """The checked rows of the dump files, in a staging SQLite file."""

    path: Path
    files: list[dict[str, Any]] = field(default_factory=list)  # per file: file, kind, rows, kept


def detect(path: Path) -> DumpFile:
    """What kind of GeoNames table ``path`` is (a zip of one table, or the bare table)."""
    if not path.is_file():
        raise GeoNamesError(str(path), "GeoNames file not found" if not path.exists() else "not a file")
    member = None
    if zipfile.is_zipfile(path):
        member = _table_member(path)
    elif path.suffix.lower() == ".zip":
        raise GeoNamesError(str(path), "not a zip archive (damaged or truncated?)")
    dump = DumpFile(path, PLACES, member)
    with _open_text(dump) as fh:
        try:
            first = next((line for line in fh if line.strip()), "")
        except (UnicodeDecodeError, zlib.error, zipfile.BadZipFile, EOFError) as exc:
            raise GeoNamesError(dump.label, f"unreadable ({exc})", 1) from None
    cols = first.rstrip("\r\n").split("\t")
    if not first:
        raise GeoNamesError(dump.label, "the file is empty")
    for kind, widths in WIDTHS.items():
        if len(cols) in widths and (
            kind not in (ADMIN1, ADMIN2) or cols[0].count(".") == (kind == ADMIN2) + 1
        ):
            return DumpFile(path, kind, member)
    raise GeoNamesError(
        dump.label,
        f"{len(cols)} tab-separated column(s): not a GeoNames table (places have 19 columns, "
        "alternate names 10, admin1/admin2 codes 4)",
        1,
    )


def detect_all(paths: Sequence[Path], say: Callable[[str], None]) -> list[DumpFile]:
    """Every file recognised (each said), in import order: admin codes, places, alternate names."""
    dumps: list[DumpFile] = []
    for p in dict.fromkeys(Path(p).resolve() for p in paths):
        dump = detect(p)
        say(f"GeoNames {dump.kind}: {dump.label}")
        dumps.append(dump)
    if any(d.kind == ALTERNATES for d in dumps) and not any(d.kind == PLACES for d in dumps):
        raise GeoNamesError(
            str(next(d.path for d in dumps if d.kind == ALTERNATES)),
            "alternate names need a places table in the same build (allCountries.zip, a country "
            "file such as SO.zip, or citiesN.zip): they name only the places imported with them",
        )
    return sorted(dumps, key=lambda d: _IMPORT_ORDER[d.kind])


@contextmanager
def stage_dumps(
    paths: Sequence[Path], folder: Path, countries: set[str], say: Callable[[str], None]
) -> Iterator[Staged | None]:
    """Check and stage the GeoNames files (None when there are none); the staging file
    is removed on exit. ``countries`` are the ISO alpha-2 codes a place may carry."""
    if not paths:
        yield None
        return
    dumps = detect_all(paths, say)
    fd, name = tempfile.mkstemp(prefix=".gazetteer-geonames-", suffix=".sqlite", dir=folder)
    os.close(fd)
    staged = Staged(Path(name))
    try:
        con = sqlite3.connect(name)
        try:
            con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + STAGE_SCHEMA)
            kept = bytearray(1 << 21)  # one bit per geonameid kept (ids up to 16.7 M, grown on need)
            for dump in dumps:
                started = time.perf_counter()
                if dump.kind == PLACES:
                    rows, n_kept = _stage_places(dump, con, countries, kept, say)
                elif dump.kind == ALTERNATES:
                    rows, n_kept = _stage_alternates(dump, con, kept)
                else:
                    rows, n_kept = _stage_admin_codes(dump, con)
                con.commit()
                seconds = time.perf_counter() - started
                say(f"{dump.label}: {rows:,} rows read, {n_kept:,} kept ({seconds:.1f} s)")
                staged.files.append({"file": str(dump.path), "kind": dump.kind, "rows": rows, "kept": n_kept})
        finally:
            con.close()
        yield staged
    finally:
        staged.path.unlink(missing_ok=True)


# -- reading -------------------------------------------------------------------


def _table_member(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise GeoNamesError(str(path), f"not a readable zip archive ({exc})") from None
    tables = [n for n in names if n.lower().endswith(".txt") and n.rsplit("/", 1)[-1] not in _NOT_TABLES]
    if len(tables) != 1:
        what = "no GeoNames table (.txt)" if not tables else "more than one table"
        raise GeoNamesError(
            str(path),
            f"{what} in this zip; it holds: {', '.join(names) or 'nothing'} (give one table per zip)",
        )
    return tables[0]


@contextmanager
def _open_text(dump: DumpFile) -> Iterator[IO[str]]:
    """The table as text, streamed: never read whole into memory."""
    try:
        if dump.member is None:
            raw: IO[bytes] = dump.path.open("rb")
            with io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as fh:
                yield fh
            return
        with zipfile.ZipFile(dump.path) as zf, zf.open(dump.member) as member:
            with io.TextIOWrapper(member, encoding="utf-8", newline="\n") as fh:
                yield fh
    except (zipfile.BadZipFile, OSError) as exc:
        raise GeoNamesError(dump.label, f"cannot read it ({exc})") from None


def read_rows(dump: DumpFile) -> Iterator[tuple[int, list[str]]]:
    """(line number, columns) of every non-blank line; GeoNamesError on a row of the wrong width."""
    widths = WIDTHS[dump.kind]
    n = 0
    with _open_text(dump) as fh:
        try:
            for n, line in enumerate(fh, start=1):
                cols = line.rstrip("\r\n").split("\t")
                if len(cols) not in widths:
                    if len(cols) == 1 and not cols[0].strip():
                        continue
                    raise GeoNamesError(
                        dump.label,
                        f"{len(cols)} tab-separated column(s), expected {widths[0]} for {dump.kind} "
                        "(a truncated or wrongly formatted file)",
                        n,
                    )
                yield n, cols
        except UnicodeDecodeError as exc:
            raise GeoNamesError(dump.label, f"not UTF-8 text (byte {exc.start} of the line)", n + 1) from None
        except (zlib.error, zipfile.BadZipFile, EOFError) as exc:
            raise GeoNamesError(
                dump.label, f"the compressed data is damaged or truncated ({exc})", n + 1
            ) from None


def _number(dump: DumpFile, line: int, cols: list[str], index: int, what: str, kind: type = float) -> Any:
    try:
        return kind(cols[index]) if cols[index] or kind is float else 0
    except ValueError:
        raise GeoNamesError(dump.label, f"{what} {cols[index]!r} is not a number", line) from None


# -- staging -------------------------------------------------------------------


def _stage_places(
    dump: DumpFile, con: sqlite3.Connection, countries: set[str], kept: bytearray, say: Callable[[str], None]
) -> tuple[int, int]:
    rows: list[tuple[Any, ...]] = []
    raw: list[str] = []
    owners: list[tuple[int, int, bool]] = []  # (geonameid, name kind, fuzzy keys too)
    n_read = n_kept = 0
    for line, cols in read_rows(dump):
        n_read += 1
        if n_read % _PROGRESS_EVERY == 0:
            say(f"{dump.label}: {n_read:,} rows read, {n_kept:,} places kept")
        try:
            gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
        except ValueError:
            for i, what in ((0, "geonameid"), (4, "latitude"), (5, "longitude")):
                _number(dump, line, cols, i, what, int if i == 0 else float)
            raise
        if gid <= 0 or not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise GeoNamesError(dump.label, f"geonameid {gid} at ({lat}, {lon}) is out of range", line)
        fclass, fcode = cols[6], cols[7]
        if fclass == "P":
            ftype = None if fcode in HISTORICAL_PLACES else "city"
        else:
            ftype = KEPT_CODES.get(f"{fclass}.{fcode}")
        if ftype is None:
            continue
        byte, bit = gid >> 3, 1 << (gid & 7)
        if byte >= len(kept):
            kept.extend(bytes(byte + 1 - len(kept) + (1 << 20)))
        if kept[byte] & bit:
            continue  # the same place in an earlier file
        cc = cols[8]
        if not cc:
            continue  # undersea features and the like: in no country
        if cc not in countries:
            raise GeoNamesError(dump.label, f"unknown country code {cc!r} (geonameid {gid})", line)
        pop = _number(dump, line, cols, 14, "population", int)
        kept[byte] |= bit
        n_kept += 1
        rows.append((gid, ftype, cols[1], cc, cols[10], cols[11], lat, lon, pop))
        fuzzy = ftype != "city" or pop >= SKELETON_MIN_POPULATION
        raw.append(cols[1])
        owners.append((gid, PRIMARY, fuzzy))
        alts = [cols[2], *cols[3].split(",")] if cols[3] else [cols[2]]
        for alt in alts:
            if alt and (alt.isascii() or strip_accents(alt).isascii()) and not _is_code(alt):
                raw.append(alt)
                owners.append((gid, ALTERNATE, fuzzy))
        if len(rows) >= _BATCH:
            _flush(con, rows, raw, owners)
    _flush(con, rows, raw, owners)
    return n_read, n_kept


def _flush(
    con: sqlite3.Connection, rows: list[tuple[Any, ...]], raw: list[str], owners: list[tuple[int, int, bool]]
) -> None:
    con.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?)", rows)
    names: dict[tuple[str, int], int] = {}
    skels: set[tuple[str, int]] = set()
    for key, (gid, kind, fuzzy) in zip(normalize_many(raw), owners, strict=True):
        if len(key) < 2:
            continue
        if names.setdefault((key, gid), kind) > kind:
            names[(key, gid)] = kind
        if fuzzy:
            sk = skeleton(key)
            if len(sk.replace(" ", "")) >= 3:
                skels.add((sk, gid))
    con.executemany("INSERT INTO names VALUES (?,?,?)", ((k, g, kind) for (k, g), kind in names.items()))
    con.executemany("INSERT INTO skeletons VALUES (?,?)", skels)
    rows.clear()
    raw.clear()
    owners.clear()


def _stage_alternates(dump: DumpFile, con: sqlite3.Connection, kept: bytearray) -> tuple[int, int]:
    """Latin-script, current names of the places kept from the places tables."""
    raw: list[str] = []
    owners: list[tuple[int, int, bool]] = []
    n_read = n_kept = 0
    for line, cols in read_rows(dump):
        n_read += 1
        gid = _number(dump, line, cols, 1, "geonameid", int)
        if gid <= 0 or gid >> 3 >= len(kept) or not kept[gid >> 3] & (1 << (gid & 7)):
            continue
        name = cols[3]
        if cols[2] in _SKIPPED_LANGUAGES or cols[7] == "1" or not name or _is_code(name):
            continue
        if not (name.isascii() or strip_accents(name).isascii()):
            continue
        raw.append(name)
        owners.append((gid, ALTERNATE, False))
        n_kept += 1
        if len(raw) >= _BATCH:
            _flush(con, [], raw, owners)
    _flush(con, [], raw, owners)
    return n_read, n_kept


def _stage_admin_codes(dump: DumpFile, con: sqlite3.Connection) -> tuple[int, int]:
    dots = 2 if dump.kind == ADMIN2 else 1
    rows = []
    for line, cols in read_rows(dump):
        parts = cols[0].split(".")
        if len(parts) != dots + 1 or not re.fullmatch(r"[A-Z]{2}", parts[0]) or not cols[1]:
            example = "CC.A1.A2" if dump.kind == ADMIN2 else "CC.A1"
            raise GeoNamesError(
                dump.label, f"code {cols[0]!r} is not of the form {example}, or no name", line
            )
        rows.append((*parts, strip_accents(cols[1])))
    table = "admin2" if dump.kind == ADMIN2 else "admin1"
    con.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({','.join('?' * (dots + 2))})", rows)
    return len(rows), len(rows)
