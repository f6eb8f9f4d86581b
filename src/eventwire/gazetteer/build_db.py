"""The compiled gazetteer file: its schema, writing the gathered places into it, and its figures."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from .build_records import Collected
from .names import normalize, skeleton

SKELETON_MIN_POPULATION = 1000  # fuzzy (skeleton) keys only for places at least this big

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    pid INTEGER PRIMARY KEY,
    gid TEXT NOT NULL,
    name TEXT NOT NULL,
    feature_type TEXT NOT NULL,
    iso2 TEXT, iso3 TEXT, country TEXT,
    admin1 TEXT, admin2 TEXT, admin1_gid TEXT,
    lat REAL, lon REAL,
    population INTEGER NOT NULL DEFAULT 0,
    water INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (key TEXT NOT NULL, pid INTEGER NOT NULL, kind INTEGER NOT NULL,
                    PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE skeletons (key TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT PRIMARY KEY, iso2 TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE countries (iso2 TEXT PRIMARY KEY, pid INTEGER NOT NULL, the INTEGER NOT NULL) WITHOUT ROWID;
"""


def write(path: Path, b: Collected, meta: dict[str, str]) -> None:
    """Create the file at ``path`` with ``b``'s places (pid = position, from 1), names and ``meta``."""
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        name_rows: dict[tuple[str, int], int] = {}
        skel_rows: set[tuple[str, int]] = set()
        place_rows = []
        pid_of: dict[int, int] = {}
        for pid, p in enumerate(b.places, start=1):
            pid_of[id(p)] = pid
            place_rows.append(
                (
                    pid,
                    p.gid,
                    p.name,
                    p.feature_type,
                    p.iso2,
                    p.iso3,
                    p.country,
                    p.admin1,
                    p.admin2,
                    p.admin1_gid,
                    p.lat,
                    p.lon,
                    p.population,
                    int(p.water),
                )
            )
            fuzzy = p.feature_type != "city" or p.population >= SKELETON_MIN_POPULATION
            for raw, kind in p.names:
                key = raw[1:] if raw.startswith("\x00") else normalize(raw)
                if len(key) < 2:
                    continue
                old = name_rows.get((key, pid))
                if old is None or kind < old:
                    name_rows[(key, pid)] = kind
                if fuzzy:
                    sk = skeleton(key)
                    if len(sk.replace(" ", "")) >= 3:
                        skel_rows.add((sk, pid))
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany(
            "INSERT INTO names VALUES (?,?,?)", ((k, p, kind) for (k, p), kind in name_rows.items())
        )
        con.executemany("INSERT INTO skeletons VALUES (?,?)", sorted(skel_rows))
        con.executemany("INSERT INTO demonyms VALUES (?,?)", sorted(b.demonyms.items()))
        con.executemany(
            "INSERT INTO countries VALUES (?,?,?)",
            [(iso2, pid_of[id(c)], int(iso2 in b.the)) for iso2, c in sorted(b.countries.items())],
        )
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
    finally:
        con.close()


def info(path: Path) -> dict[str, Any]:
    """Figures about a compiled gazetteer file (counts, sources, size)."""
    if not path.is_file():
        raise GazetteerError(f"{path}: no compiled gazetteer here (run `eventwire gazetteer build`)")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            by_type = dict(con.execute("SELECT feature_type, count(*) FROM places GROUP BY 1").fetchall())
            n_names = con.execute("SELECT count(*) FROM names").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(f"{path}: not a compiled gazetteer ({exc})") from None
    return {
        "path": str(path),
        "size_mb": round(path.stat().st_size / 1e6, 1),
        "places": sum(by_type.values()),
        "by_feature_type": by_type,
        "names": n_names,
        "format": int(meta.get("format", 0)),
        "sources": json.loads(meta.get("sources", "{}")),
        "entries": meta.get("entries") or None,
        "build_seconds": float(meta.get("build_seconds", "nan")),
        "geonames": json.loads(meta.get("geonames", "[]")),  # imported dump files: file, kind, rows, kept
        "fingerprint": meta.get("fingerprint", ""),
    }
