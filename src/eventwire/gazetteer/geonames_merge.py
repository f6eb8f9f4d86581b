"""Merge staged GeoNames rows (see :mod:`.geonames`) into a freshly written gazetteer file.

The merge policy:

* a row whose geonameid is already an entry (a cities500 place from the
  packages) is that entry: it stays as the packages made it (its admin names
  are linked to the region entries) and gains the row's names as alternates;
* a country row (PCLI) is its country's entry, and an ADM1/ADM2 row that is
  an existing region (the same admin code, else the same name in the same
  country/admin1) is that region: each lends it its names and GeoNames' own
  point; a
  facility of the same type and name in the same country likewise;
* every other row becomes an entry ``geonames:<id>``. Its admin1 is the
  region of its admin1 code: the name in ``admin1CodesASCII.txt`` when given
  (spelt as the gazetteer's region of that name, when there is one), else the
  region that the packages' places of the same code are in, else the dump's
  own ADM1 row. Its admin2 likewise (``admin2Codes.txt``, the packages' places
  of the same code, the dump's ADM2 row), else for a town the admin2 of the
  nearest package place of the same admin1 within 15 km, as :mod:`.build_cities` does.

Places go straight into ``places``; names and fuzzy keys are inserted in one
sorted pass at the end (fast, and bounded in memory, even for allCountries).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .build import ALTERNATE
from .geonames import Staged
from .names import normalize, strip_accents
from .points import nearest_admin2

_Region = tuple[int, str, str, str | None]  # pid, name, gid, admin1
_BATCH = 20_000


def merge_staged(db: Path, staged: Staged, say: Callable[[str], None], started: float) -> dict[str, int]:
    """Add the staged rows to the gazetteer file ``db``; returns the figures it says."""
    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA cache_size=-65536")  # 64 MB
        con.execute("ATTACH DATABASE ? AS st", (str(staged.path),))
        say(f"GeoNames: merging {con.execute('SELECT count(*) FROM st.rows').fetchone()[0]:,} staged places")
        figures = _Merger(con, say).run()
        total = time.perf_counter() - started
        con.executemany(
            "INSERT OR REPLACE INTO main.meta VALUES (?,?)",
            [("geonames", json.dumps(staged.files)), ("build_seconds", f"{total:.1f}")],
        )
        con.commit()
        con.execute("ANALYZE main")
        con.commit()
        con.execute("DETACH DATABASE st")
    finally:
        con.close()
    say(
        f"GeoNames: {figures['new']:,} new entries, {figures['merged']:,} merged into existing ones, "
        f"{figures['names']:,} names ({time.perf_counter() - t0:.1f} s)"
    )
    return figures


class _Merger:
    def __init__(self, con: sqlite3.Connection, say: Callable[[str], None]) -> None:
        self.con = con
        self.say = say
        self.offset = con.execute("SELECT max(pid) FROM main.places").fetchone()[0] or 0
        self.countries: dict[str, tuple[str | None, str | None]] = {
            iso2: (iso3, name)
            for iso2, iso3, name in con.execute(
                "SELECT c.iso2, p.iso3, p.country FROM main.countries c JOIN main.places p ON p.pid = c.pid"
            )
        }
        # (iso2, feature type, name key) -> the existing region or facility
        self.existing: dict[tuple[str, str, str], _Region] = {}
        for key, pid, iso2, ft, name, gid, admin1 in con.execute(
            "SELECT n.key, p.pid, p.iso2, p.feature_type, p.name, p.gid, p.admin1 FROM main.names n "
            "JOIN main.places p ON p.pid = n.pid WHERE p.feature_type IN "
            "('admin1', 'admin2', 'airbase', 'airport', 'facility') AND p.iso2 IS NOT NULL"
        ):
            self.existing.setdefault((iso2, ft, key), (pid, name, gid, admin1))
        self.pid_of_gid = {gid: pid for (pid, _n, gid, _a) in self.existing.values()}
        self.admin1: dict[tuple[str, str], tuple[str, str | None]] = {}  # code -> (name, gid)
        self.admin2: dict[tuple[str, str, str], str] = {}
        self.new = self.merged = 0

    def run(self) -> dict[str, int]:
        con = self.con
        con.executescript(
            "CREATE TABLE st.pidmap (gid INTEGER PRIMARY KEY, pid INTEGER NOT NULL);"
            "INSERT INTO st.pidmap SELECT r.gid, p.pid FROM main.places p JOIN st.rows r "
            "ON r.gid = CAST(substr(p.gid, 10) AS INTEGER) WHERE p.gid LIKE 'geonames:%';"
        )
        self.merged = con.execute("SELECT count(*) FROM st.pidmap").fetchone()[0]
        self._admin_codes()
        self._countries()
        self._regions("admin1")
        self._regions("admin2")
        self._own_points()
        self._places()
        self.say("GeoNames: writing names")
        before = con.execute("SELECT count(*) FROM main.names").fetchone()[0]
        off = self.offset
        con.execute(
            "INSERT OR IGNORE INTO main.names "
            f"SELECT n.key, coalesce(m.pid, {off} + n.gid) AS p, "
            f"max(min(n.kind), CASE WHEN m.pid IS NULL THEN 0 ELSE {ALTERNATE} END) "
            "FROM st.names n LEFT JOIN st.pidmap m ON m.gid = n.gid GROUP BY n.key, p ORDER BY n.key, p"
        )
        con.execute(
            "INSERT OR IGNORE INTO main.skeletons SELECT s.key, coalesce(m.pid, ? + s.gid) AS p "
            "FROM st.skeletons s LEFT JOIN st.pidmap m ON m.gid = s.gid GROUP BY s.key, p ORDER BY s.key, p",
            (off,),
        )
        names = con.execute("SELECT count(*) FROM main.names").fetchone()[0] - before
        return {"new": self.new, "merged": self.merged, "names": names}

    # -- the admin hierarchy ------------------------------------------------

    def _admin_codes(self) -> None:
        """Admin codes -> names: the code files first, then what the package places of a code say."""
        con = self.con
        for cc, a1, name in con.execute("SELECT cc, a1, name FROM st.admin1"):
            hit = self.existing.get((cc, "admin1", normalize(name)))
            self.admin1[(cc, a1)] = (hit[1], hit[2]) if hit else (name, None)
        votes1: dict[tuple[str, str], Counter[tuple[str, str | None]]] = defaultdict(Counter)
        votes2: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        for cc, a1, a2, admin1, admin1_gid, admin2 in con.execute(
            "SELECT r.cc, r.a1, r.a2, p.admin1, p.admin1_gid, p.admin2 FROM st.rows r "
            "JOIN st.pidmap m ON m.gid = r.gid JOIN main.places p ON p.pid = m.pid WHERE r.a1 != ''"
        ):
            if admin1:
                votes1[(cc, a1)][(admin1, admin1_gid)] += 1
            if admin2 and a2:
                votes2[(cc, a1, a2)][admin2] += 1
        for code, counter in votes1.items():
            name, gid = self.admin1.get(code, (None, None))
            if gid is None:  # the file's name matched no region: the places' region has the gid
                self.admin1[code] = counter.most_common(1)[0][0]
        for cc, a1, a2, name in con.execute("SELECT cc, a1, a2, name FROM st.admin2"):
            region = self.admin1.get((cc, a1), (None, None))[0]
            hit = self.existing.get((cc, "admin2", normalize(name)))
            self.admin2[(cc, a1, a2)] = hit[1] if hit and hit[3] == region else name
        for code2, counter2 in votes2.items():
            self.admin2.setdefault(code2, counter2.most_common(1)[0][0])

    def _regions(self, ftype: str) -> None:
        """The dumps' ADM1 (ADM2) rows: merged into the region they are, or new regions."""
        con = self.con
        remap: list[tuple[int, int]] = []
        rows = con.execute(
            "SELECT gid, name, cc, a1, a2, lat, lon, pop FROM st.rows r WHERE ftype = ? "
            "AND NOT EXISTS (SELECT 1 FROM st.pidmap m WHERE m.gid = r.gid) ORDER BY gid",
            (ftype,),
        ).fetchall()
        out = []
        for gid, name, cc, a1, a2, lat, lon, pop in rows:
            region1 = self.admin1.get((cc, a1))
            if ftype == "admin1":
                target = self._pid(region1[1]) if region1 else None  # the region of this code
                if target is None:
                    found = self.existing.get((cc, "admin1", normalize(name)))  # else of this name
                    if found is not None:
                        target = found[0]
                        if region1 is None or region1[1] is None:
                            self.admin1[(cc, a1)] = (found[1], found[2])
                if target is not None:
                    remap.append((gid, target))
                    continue
                own = f"geonames:{gid}"
                label = strip_accents(name)
                if region1 is None or region1[1] is None:
                    self.admin1[(cc, a1)] = (label, own)
                out.append(self._row(gid, name, ftype, cc, label, None, own, lat, lon, pop))
            else:
                admin1, admin1_gid = region1 or (None, None)
                found = self.existing.get((cc, "admin2", normalize(name)))
                if found is not None and found[3] == admin1:
                    remap.append((gid, found[0]))
                    self.admin2.setdefault((cc, a1, a2), found[1])
                    continue
                label = strip_accents(name)
                self.admin2.setdefault((cc, a1, a2), label)
                out.append(self._row(gid, name, ftype, cc, admin1, label, admin1_gid, lat, lon, pop))
        self._insert(out)
        con.executemany("INSERT INTO st.pidmap VALUES (?,?)", remap)
        self.merged += len(remap)

    def _countries(self) -> None:
        """A country row (PCLI) is the country entry of its code (the first by GeoNames id when a
        code has several); other country rows are dropped."""
        con = self.con
        con.execute(
            "INSERT OR IGNORE INTO st.pidmap SELECT r.gid, c.pid FROM st.rows r "
            "JOIN main.countries c ON c.iso2 = r.cc WHERE r.ftype = 'country' "
            "AND r.gid = (SELECT min(o.gid) FROM st.rows o WHERE o.ftype = 'country' AND o.cc = r.cc)"
        )
        dropped = "SELECT gid FROM st.rows WHERE ftype = 'country' AND gid NOT IN (SELECT gid FROM st.pidmap)"
        for table in ("names", "skeletons"):
            con.execute(f"DELETE FROM st.{table} WHERE gid IN ({dropped})")
        con.execute(f"DELETE FROM st.rows WHERE gid IN ({dropped})")

    def _own_points(self) -> None:
        """A country or region that a dump row merged into takes GeoNames' own point for it (the
        convention of gold sets coded against GeoNames), not the middle of its towns."""
        con = self.con
        changed = con.execute(
            "UPDATE main.places SET lat = r.lat, lon = r.lon FROM st.pidmap m JOIN st.rows r ON r.gid = m.gid "
            "WHERE main.places.pid = m.pid AND r.ftype IN ('country', 'admin1', 'admin2') "
            "AND main.places.feature_type = r.ftype"
        ).rowcount
        self.say(f"GeoNames: {changed} countries and regions take GeoNames' own point")

    def _pid(self, gid: str | None) -> int | None:
        return self.pid_of_gid.get(gid) if gid else None

    # -- towns, villages and facilities -----------------------------------------

    def _places(self) -> None:
        con = self.con
        grid: dict[tuple[int, int], list[tuple[float, float, str, str]]] = defaultdict(list)
        for lat, lon, a1, a2 in con.execute(
            "SELECT lat, lon, admin1, admin2 FROM main.places WHERE feature_type = 'city' "
            "AND admin2 IS NOT NULL AND lat IS NOT NULL AND iso2 IN (SELECT DISTINCT cc FROM st.rows)"
        ):
            grid[(int(lat * 5), int(lon * 5))].append((lat, lon, a1, a2))
        remap: list[tuple[int, int]] = []
        out: list[tuple[Any, ...]] = []
        cursor = con.execute(
            "SELECT gid, ftype, name, cc, a1, a2, lat, lon, pop FROM st.rows r "
            "WHERE ftype NOT IN ('country', 'admin1', 'admin2') "
            "AND NOT EXISTS (SELECT 1 FROM st.pidmap m WHERE m.gid = r.gid)"
        )
        while batch := cursor.fetchmany(_BATCH):
            for gid, ftype, name, cc, a1, a2, lat, lon, pop in batch:
                if ftype != "city":
                    found = self.existing.get((cc, ftype, normalize(name)))
                    if found is not None:
                        remap.append((gid, found[0]))
                        continue
                admin1, admin1_gid = self.admin1.get((cc, a1), (None, None))
                admin2 = self.admin2.get((cc, a1, a2)) if a2 else None
                if admin2 is None and admin1 and ftype == "city":
                    admin2 = nearest_admin2(grid, lat, lon, admin1)
                out.append(self._row(gid, name, ftype, cc, admin1, admin2, admin1_gid, lat, lon, pop))
            self._insert(out)
            out.clear()
        con.executemany("INSERT INTO st.pidmap VALUES (?,?)", remap)
        self.merged += len(remap)

    def _row(
        self,
        gid: int,
        name: str,
        ftype: str,
        cc: str,
        admin1: str | None,
        admin2: str | None,
        admin1_gid: str | None,
        lat: float,
        lon: float,
        pop: int,
    ) -> tuple[Any, ...]:
        iso3, country = self.countries.get(cc, (None, None))
        return (self.offset + gid, f"geonames:{gid}", name, ftype, cc, iso3, country, admin1, admin2,
                admin1_gid, lat, lon, pop, 0)  # fmt: skip

    def _insert(self, rows: list[tuple[Any, ...]]) -> None:
        self.con.executemany("INSERT INTO main.places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        self.new += len(rows)
