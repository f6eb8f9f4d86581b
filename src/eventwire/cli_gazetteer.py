"""``eventwire gazetteer``: build, inspect and query the compiled gazetteer.

* ``build``: compile the gazetteer from the installed packages (and the
  user's entries file and GeoNames dump files), printing its figures;
* ``info``: the figures of the compiled file the settings point at;
* ``lookup NAME``: every candidate for a name, most plausible first (a
  debugging aid: why did "Tripoli" become Lebanon's?).

Named errors become one line on stderr and exit code 2, as in :mod:`.cli`.
Registered in :mod:`.cli` with ``app.add_typer(gazetteer_app, name="gazetteer")``.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .cli_support import ConfigOption, Group, JsonlOption, JsonOption, ListJsonOption, err, out, print_list
from .cli_support import print_json as _print_json
from .cli_support import run as _run
from .errors import GazetteerError
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from .gazetteer import Candidate, Gazetteer

gazetteer_app = typer.Typer(
    cls=Group,
    help="Build, inspect and query the offline gazetteer (place names to coordinates).",
    no_args_is_help=True,
)


GazetteerOption = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        help="Compiled gazetteer file (default: the 'gazetteer' setting, else the user cache).",
    ),
]


def _gazetteer_path(settings: Settings, override: Path | None) -> Path:
    """The compiled file: the option, else the setting, else the default cache path."""
    from .gazetteer import default_path

    if override is not None:
        return override
    return Path(settings.gazetteer) if settings.gazetteer else default_path()


def _print_info(info: dict[str, Any]) -> None:
    out.print(f"path          {info['path']}", markup=False)
    out.print(f"size          {info['size_mb']} MB", markup=False)
    out.print(f"places        {info['places']}", markup=False)
    for ft, n in sorted(info["by_feature_type"].items(), key=lambda kv: -kv[1]):
        out.print(f"  {ft:11} {n}", markup=False)
    out.print(f"names         {info['names']}", markup=False)
    out.print(f"format        {info['format']}", markup=False)
    out.print(f"build seconds {info['build_seconds']}", markup=False)
    out.print(f"entries       {info['entries'] or '-'}", markup=False)
    for dump in info.get("geonames", []):
        out.print(
            f"geonames      {dump['file']} ({dump['kind']}: {dump['kept']} of {dump['rows']} rows kept)",
            markup=False,
        )
    sources = ", ".join(f"{pkg} {version}" for pkg, version in sorted(info["sources"].items()))
    out.print(f"sources       {sources}", markup=False)


# ---------------------------------------------------------------------------


@gazetteer_app.command("build")
def build_command(
    config: ConfigOption = None,
    entries: Annotated[
        Path | None,
        typer.Option(
            "--entries", help="Your own places (JSON, facilities.json format); default: the setting."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write (default: the 'gazetteer' setting, else the cache)."
        ),
    ] = None,
    geonames: Annotated[
        list[Path] | None,
        typer.Option(
            "--geonames",
            help="A GeoNames dump file to import (allCountries.zip, SO.zip, cities500.zip, "
            "alternateNamesV2.zip, admin1CodesASCII.txt, admin2Codes.txt); repeatable.",
        ),
    ] = None,
    min_city_population: Annotated[
        int,
        typer.Option(
            "--min-city-population",
            min=500,
            hidden=True,  # smaller, faster builds for tests; the pipeline rebuilds such a file
            help="Leave out smaller places.",
        ),
    ] = 500,
    as_json: JsonOption = False,
) -> None:
    """Compile the gazetteer (about half a minute; more with --geonames), then print its figures."""
    from .gazetteer import build, default_path

    settings = _run(lambda: load_settings(config))
    path = _gazetteer_path(settings, output)
    user = (
        entries
        if entries is not None
        else (Path(settings.gazetteer_entries) if settings.gazetteer_entries else None)
    )
    if path.is_dir():
        err.print(f"error: {path}: is a directory; give the file to write", markup=False)
        raise typer.Exit(2)
    if output is None and not settings.gazetteer and path == default_path():
        path.parent.mkdir(parents=True, exist_ok=True)  # the cache directory is ours to create

    def say(message: str) -> None:
        err.print(message, markup=False)

    def run_build() -> dict[str, Any]:
        try:
            return build(path, user, say, min_city_population=min_city_population, geonames=geonames or ())
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot write the gazetteer ({exc.strerror})") from None

    info = _run(run_build)
    if as_json:
        _print_json(info)
        return
    _print_info(info)


@gazetteer_app.command("info")
def info_command(
    config: ConfigOption = None, gazetteer: GazetteerOption = None, as_json: JsonOption = False
) -> None:
    """Figures of the compiled gazetteer: size, places by feature type, names, sources."""
    from .gazetteer import info

    settings = _run(lambda: load_settings(config))
    data = _run(lambda: info(_gazetteer_path(settings, gazetteer)))
    if as_json:
        _print_json(data)
        return
    _print_info(data)


def candidates_for(
    gaz: Gazetteer, name: str, country: str | None = None
) -> list[tuple[Candidate, float, str]]:
    """The candidates for ``name`` as ``(candidate, prior, match)``, most plausible first.

    ``match`` says how the name reached the entry: "name", "alternate",
    "short" ("Kano" for "Kano State"), "fuzzy" (a transliteration variant,
    tried only when no exact key matches) or "demonym" ("Iraqis" -> Iraq).
    ``country`` (ISO alpha-2) keeps only that country's entries.
    """
    exact = gaz.lookup(name)
    found: list[tuple[Candidate, str]] = [
        (c, "name" if c.primary else "short" if c.short else "alternate") for c in exact
    ]
    demonym = gaz.country_of_demonym(name)
    if demonym is not None:
        nation = gaz.country(demonym)
        if nation is not None and all(c.gazetteer_id != nation.gazetteer_id for c, _ in found):
            found.append((nation, "demonym"))
    if not found:
        found = [(c, "fuzzy") for c in gaz.lookup_fuzzy(name)]
    if country is not None:
        found = [(c, m) for c, m in found if c.iso2 == country]
    scored = [(c, gaz.prior(c), m) for c, m in found]
    scored.sort(key=lambda t: (-t[1], t[0].gazetteer_id))
    return scored


@gazetteer_app.command("lookup")
def lookup_command(
    name: Annotated[str, typer.Argument(help="A place name as written in a text.")],
    country: Annotated[
        str | None, typer.Option("--country", help="Only this country's places (ISO alpha-2 or alpha-3).")
    ] = None,
    config: ConfigOption = None,
    gazetteer: GazetteerOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Print at most this many candidates.")] = 25,
    as_json: ListJsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """Every candidate for NAME with its fields, most plausible first (by prior)."""
    from .gazetteer import Gazetteer

    if not name.strip():
        err.print("error: NAME is empty: give a place name to look up", markup=False)
        raise typer.Exit(2)
    settings = _run(lambda: load_settings(config))
    gaz = _run(lambda: Gazetteer.open(_gazetteer_path(settings, gazetteer)))
    iso2: str | None = None
    if country is not None:
        code = country.strip().upper()
        hit = gaz.country(code) if len(code) in (2, 3) and code.isalpha() else None
        if hit is None or hit.iso2 is None:
            err.print(
                f"error: --country {country!r}: not an ISO 3166 alpha-2 or alpha-3 country code",
                markup=False,
            )
            raise typer.Exit(2)
        iso2 = hit.iso2
    found = candidates_for(gaz, name, iso2)
    listed = [
        {**asdict(cand), "prior": round(prior, 3), "match": match} for cand, prior, match in found[:limit]
    ]
    if print_list(listed, as_json=as_json, as_jsonl=as_jsonl):
        return
    if not found:
        where = f" in {iso2}" if iso2 else ""
        out.print(f"no candidates for {name!r}{where}", markup=False)
        return
    out.print(f"{len(found)} candidate(s) for {name!r}, most plausible first:", markup=False)
    for i, (cand, prior, match) in enumerate(found[:limit], start=1):
        out.print(f"{i:3}. {_describe(cand, prior, match)}", markup=False)
    if len(found) > limit:
        out.print(f"     ... and {len(found) - limit} more (--limit)", markup=False)


def _describe(cand: Candidate, prior: float, match: str) -> str:
    """One line: 'prior 5.66 [name] geonames:266826 Tripoli (city) in Liban-Nord, LBN at 34.4335, 35.8442; population 229398'."""
    kind = cand.feature_type + (", water" if cand.water else "")
    line = f"prior {prior:5.2f} [{match}] {cand.gazetteer_id} {cand.name} ({kind})"
    within = [x for x in (cand.admin2, cand.admin1, cand.iso3) if x and x != cand.name]
    if within:
        line += " in " + ", ".join(within)
    if cand.latitude is not None and cand.longitude is not None:
        line += f" at {cand.latitude:.4f}, {cand.longitude:.4f}"
    if cand.population:
        line += f"; population {cand.population}"
    return line
