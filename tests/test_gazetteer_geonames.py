"""Bring your own GeoNames: dump files imported into the gazetteer.

The files here are GeoNames-format tables this test writes itself: a few real
towns of the packages' cities (Mogadishu, Jawhar, Manbij, with their GeoNames
ids and admin codes) and invented villages beside them ("Qaryat Zelmani" near
Jawhar, "Buulo Warsame" in Bay, "Tell Zelmaniyah" near Manbij). One small
gazetteer is built for the module; each import runs the build's second half
(stage the files, merge them) on a copy of it, as ``build(geonames=...)`` does.
One more build goes through the command line.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eventwire.cli_gazetteer import gazetteer_app
from eventwire.errors import GazetteerError, GeoNamesError
from eventwire.gazetteer import Candidate, Gazetteer, build, info
from eventwire.gazetteer.build import fingerprint
from eventwire.gazetteer.geonames import stage_dumps
from eventwire.gazetteer.geonames_merge import merge_staged

SMALL = 15_000  # cities of 15,000 people or more: a faster build
COUNTRIES = {"SO", "SY", "IQ"}


def place(gid: int, name: str, code: str, cc: str, lat: float, lon: float, a1: str = "", a2: str = "",
          pop: int = 0, alts: Sequence[str] = ()) -> list[str]:  # fmt: skip
    """One row of the 19-column GeoNames "geoname" table."""
    fclass, fcode = code.split(".")
    return [str(gid), name, name, ",".join(alts), str(lat), str(lon), fclass, fcode, cc, "", a1, a2,
            "", "", str(pop), "", "100", "Africa/Mogadishu", "2024-03-01"]  # fmt: skip


MOGADISHU = place(53654, "Mogadishu", "P.PPLC", "SO", 2.03711, 45.34375, "02", pop=2587183,
                  alts=["Muqdisho", "Xamar Zelmani"])  # fmt: skip
JAWHAR = place(56335, "Jawhar", "P.PPLA", "SO", 2.78087, 45.50048, "13", pop=47086)
ZELMANI = place(99100001, "Qaryat Zelmani", "P.PPL", "SO", 2.8612, 45.4187, "13", "4521",
                alts=["Qaryat Zelmaani", "قرية زلماني", "ZLM"])  # fmt: skip
WARSAME = place(99100002, "Buulo Warsame", "P.PPL", "SO", 3.2051, 43.7012, "04", "4401", pop=650)
SO_ROWS = [
    MOGADISHU,
    JAWHAR,
    ZELMANI,
    WARSAME,
    place(99100003, "Zelmani IDP Camp", "S.CMPRF", "SO", 2.8655, 45.4102, "13"),
    place(99100004, "Webi Zelmani", "H.STM", "SO", 2.87, 45.43, "13"),  # a stream: left out
    place(99100005, "Old Zelmani", "P.PPLH", "SO", 2.86, 45.42, "13"),  # a historical name: left out
    place(99100006, "Zelmani Hill", "T.HLL", "SO", 2.85, 45.41, "13"),  # a hill: left out
    place(99100007, "Middle Shabele", "A.ADM1", "SO", 2.9, 45.5, "13", alts=["Gobolka Zelmani Dhexe"]),
    place(99100008, "Zelmani District", "A.ADM2", "SO", 2.86, 45.42, "13", "4521"),
]
ADMIN1_ROWS = [["SO.04", "Bay", "Bay", "51966"], ["SO.13", "Middle Shabele", "Middle Shabele", "51967"]]
ADMIN2_ROWS = [["SO.04.4401", "Buulo Warsame District", "Buulo Warsame District", "99100010"]]
SYRIA_ROWS = [
    place(167357, "Manbij", "P.PPLA2", "SY", 36.52815, 37.95495, "09", pop=99497),
    place(99100020, "Tell Zelmaniyah", "P.PPL", "SY", 36.55, 37.99, "09", pop=812),
]
ALTERNATE_ROWS = [
    ["1", "99100001", "en", "Zelmani Village Centre", "", "", "", "", "", ""],
    ["2", "99100001", "link", "https://en.wikipedia.org/wiki/Qaryat_Zelmani", "", "", "", "", "", ""],
    ["3", "99100001", "", "Zelmani Qadiim", "", "", "", "1", "", ""],  # historical: left out
    ["4", "53654", "so", "Xamar Weyne Zelmani", "", "", "", "", "", ""],
    ["5", "99999999", "en", "Nowhere Zelmani", "", "", "", "", "", ""],  # no such place imported
]


CAMP = {"id": "camp-zelmani", "name": "Camp Zelmani", "feature_type": "facility", "country": "SO",
        "lat": 2.87, "lon": 45.43}  # fmt: skip


def table(rows: Sequence[Sequence[str]]) -> str:
    return "".join("\t".join(r) + "\n" for r in rows)


def write_txt(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    path.write_text(table(rows), encoding="utf-8")
    return path


def write_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


def country_zip(folder: Path, rows: Sequence[Sequence[str]] = SO_ROWS) -> Path:
    """As download.geonames.org ships SO.zip: the table and a readme."""
    return write_zip(folder / "SO.zip", {"SO.txt": table(rows), "readme.txt": "GeoNames, CC BY 4.0\n"})


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small gazetteer from the packages alone."""
    path = tmp_path_factory.mktemp("geonames-base") / "gaz.sqlite"
    build(path, min_city_population=SMALL)
    return path


def imported(base: Path, folder: Path, *files: Path, messages: list[str] | None = None) -> Gazetteer:
    """A copy of ``base`` with ``files`` imported, as the build imports them."""
    db = folder / "gaz.sqlite"
    shutil.copyfile(base, db)
    say = messages.append if messages is not None else (lambda _m: None)
    with stage_dumps(list(files), folder, COUNTRIES, say) as staged:
        assert staged is not None
        merge_staged(db, staged, say, 0.0)
    return Gazetteer.open(db)


def only(gaz: Gazetteer, name: str) -> Candidate:
    [found] = [c for c in gaz.lookup(name) if c.gazetteer_id.startswith("geonames:99")]
    return found


# -- importing places ----------------------------------------------------------------


def test_a_country_zip_brings_its_villages_with_coordinates_admin_names_and_country(
    base: Path, tmp_path: Path
) -> None:
    messages: list[str] = []
    gaz = imported(base, tmp_path, country_zip(tmp_path), messages=messages)
    village = gaz.resolve("Qaryat Zelmani", context_countries=["SO"])
    assert village is not None and village.gazetteer_id == "geonames:99100001"
    assert (village.latitude, village.longitude) == (2.8612, 45.4187)
    assert (village.feature_type, village.iso2, village.iso3, village.country) == (
        "city",
        "SO",
        "SOM",
        "Somalia",
    )
    # admin1 from the hierarchy: the packages' Jawhar has the same admin1 code
    jawhar = gaz.get("geonames:56335")
    assert jawhar is not None and village.admin1 == jawhar.admin1 == "Middle Shabele"
    assert village.admin1_id == jawhar.admin1_id
    assert village.admin2 == "Zelmani District"  # the dump's own ADM2 row of that code
    alias = only(gaz, "Qaryat Zelmaani")  # Latin-script alternate names are kept
    assert alias.gazetteer_id == village.gazetteer_id and not alias.primary
    # codes and other scripts are not
    assert "geonames:99100001" not in {c.gazetteer_id for c in gaz.lookup("ZLM") + gaz.lookup("قرية زلماني")}
    assert any("GeoNames places" in m and "SO.zip (SO.txt)" in m for m in messages)
    assert any("10 rows read, 7 kept" in m for m in messages)


def test_only_populated_places_admin_regions_and_conflict_spots_are_kept(base: Path, tmp_path: Path) -> None:
    gaz = imported(base, tmp_path, country_zip(tmp_path))
    camp = only(gaz, "Zelmani IDP Camp")
    assert (camp.feature_type, camp.admin1) == ("facility", "Middle Shabele")
    assert only(gaz, "Zelmani District").feature_type == "admin2"
    for left_out in ("Webi Zelmani", "Old Zelmani", "Zelmani Hill"):
        assert gaz.lookup(left_out) == []


def test_a_dump_row_of_a_package_place_merges_into_it_instead_of_doubling_it(
    base: Path, tmp_path: Path
) -> None:
    before = Gazetteer.open(base)
    gaz = imported(base, tmp_path, country_zip(tmp_path))
    assert len(gaz) == len(before) + 4  # two villages, a camp, a district and nothing else
    [mogadishu] = [c for c in gaz.lookup("Mogadishu") if c.feature_type == "city"]
    assert mogadishu == before.get("geonames:53654")  # the packages' entry, as it was
    [alias] = gaz.lookup("Xamar Zelmani")  # ... with the dump's names as alternates
    assert alias.gazetteer_id == "geonames:53654" and not alias.primary
    # the ADM1 row is the existing region of its code: it lends its names, adds no entry
    [region] = gaz.lookup("Gobolka Zelmani Dhexe")
    assert region.gazetteer_id == gaz.get("geonames:56335").admin1_id  # type: ignore[union-attr]
    assert gaz.get("geonames:99100007") is None


def test_admin_code_files_name_regions_the_places_do_not(base: Path, tmp_path: Path) -> None:
    without = imported(base, tmp_path, country_zip(tmp_path))
    alone = only(without, "Buulo Warsame")
    assert (alone.admin1, alone.admin2) == (None, None)  # no package place of code SO.04 in the file
    (tmp_path / "gaz.sqlite").unlink()
    admin1 = write_txt(tmp_path / "admin1CodesASCII.txt", ADMIN1_ROWS)
    admin2 = write_txt(tmp_path / "admin2Codes.txt", ADMIN2_ROWS)
    gaz = imported(base, tmp_path, country_zip(tmp_path), admin1, admin2)
    village = only(gaz, "Buulo Warsame")
    bay = [c for c in gaz.lookup("Bay") if c.feature_type == "admin1" and c.iso2 == "SO"]
    assert village.admin1 == "Bay" and village.admin1_id == bay[0].gazetteer_id
    assert village.admin2 == "Buulo Warsame District"
    assert village.population == 650


def test_a_bare_txt_imports_like_its_zip(base: Path, tmp_path: Path) -> None:
    gaz = imported(base, tmp_path, write_txt(tmp_path / "SO.txt", SO_ROWS))
    village = only(gaz, "Qaryat Zelmani")
    assert (village.latitude, village.longitude, village.admin1) == (2.8612, 45.4187, "Middle Shabele")


def test_a_cities500_zip_adds_small_towns_with_the_admin2_of_the_nearest_town(
    base: Path, tmp_path: Path
) -> None:
    cities = write_zip(tmp_path / "cities500.zip", {"cities500.txt": table(SYRIA_ROWS)})
    gaz = imported(base, tmp_path, cities)
    town = gaz.resolve("Tell Zelmaniyah", context_countries=["SY"])
    assert town is not None and town.gazetteer_id == "geonames:99100020"
    assert (town.iso2, town.admin1, town.admin2, town.population) == ("SY", "Aleppo", "Manbij District", 812)


def test_alternate_names_name_the_imported_places(base: Path, tmp_path: Path) -> None:
    names = write_zip(
        tmp_path / "alternateNamesV2.zip",
        {"alternateNamesV2.txt": table(ALTERNATE_ROWS), "iso-languagecodes.txt": "ISO 639-3\n"},
    )
    gaz = imported(base, tmp_path, names, country_zip(tmp_path))  # any order
    assert only(gaz, "Zelmani Village Centre").gazetteer_id == "geonames:99100001"
    assert [c.gazetteer_id for c in gaz.lookup("Xamar Weyne Zelmani")] == ["geonames:53654"]
    for left_out in ("Zelmani Qadiim", "Nowhere Zelmani"):
        assert gaz.lookup(left_out) == []


# -- bad input: one clear error naming the file, the line and the reason -----------------


def stage_error(tmp_path: Path, *files: Path) -> str:
    with (
        pytest.raises(GeoNamesError) as caught,
        stage_dumps(list(files), tmp_path, COUNTRIES, lambda _m: None),
    ):
        pass
    assert not list(tmp_path.glob(".gazetteer-*"))  # no staging file left behind
    return str(caught.value)


def test_a_row_of_the_wrong_width_is_named_with_its_line(tmp_path: Path) -> None:
    rows = [MOGADISHU, JAWHAR, ZELMANI[:7], WARSAME]
    message = stage_error(tmp_path, country_zip(tmp_path, rows))
    assert message.startswith(
        f"{tmp_path / 'SO.zip'} (SO.txt): line 3: 7 tab-separated column(s), expected 19"
    )


def test_a_latitude_that_is_not_a_number_is_named(tmp_path: Path) -> None:
    bad = [*ZELMANI[:4], "2.86N", *ZELMANI[5:]]
    message = stage_error(tmp_path, write_txt(tmp_path / "SO.txt", [JAWHAR, bad]))
    assert message == f"{tmp_path / 'SO.txt'}: line 2: latitude '2.86N' is not a number"


def test_an_unknown_country_code_is_named(tmp_path: Path) -> None:
    bad = place(99100030, "Zelmania", "P.PPL", "ZZ", 1.0, 2.0)
    message = stage_error(tmp_path, write_txt(tmp_path / "XX.txt", [JAWHAR, bad]))
    assert "XX.txt: line 2: unknown country code 'ZZ'" in message


def test_a_zip_without_a_geonames_table_lists_what_it_holds(tmp_path: Path) -> None:
    odd = write_zip(tmp_path / "SO.zip", {"readme.txt": "hello\n", "places.csv": "a,b\n"})
    message = stage_error(tmp_path, odd)
    assert "no GeoNames table" in message and "readme.txt, places.csv" in message


def test_a_truncated_zip_and_a_truncated_table_are_named(tmp_path: Path) -> None:
    whole = country_zip(tmp_path).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    assert "not a zip archive (damaged or truncated?)" in stage_error(tmp_path, cut)
    text = table(SO_ROWS)
    half = write_txt(tmp_path / "SO.txt", [])
    half.write_text(text[: text.index("Buulo") + 5], encoding="utf-8")
    assert "line 4: 2 tab-separated column(s)" in stage_error(tmp_path, half)


def test_damaged_compressed_data_is_named_with_the_line_reached(tmp_path: Path) -> None:
    rows = [place(99200000 + i, f"Zelmani {i}", "P.PPL", "SO", 2.0, 45.0, "13") for i in range(20_000)]
    good = country_zip(tmp_path, rows)
    data = bytearray(good.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    good.write_bytes(bytes(data))
    message = stage_error(tmp_path, good)
    assert "(SO.txt): line " in message  # the damage is found where the stream reaches it


def test_a_table_of_another_kind_is_refused(tmp_path: Path) -> None:
    csv = tmp_path / "villages.txt"
    csv.write_text("name,lat,lon\nQaryat Zelmani,2.86,45.41\n", encoding="utf-8")
    assert "line 1: 1 tab-separated column(s): not a GeoNames table" in stage_error(tmp_path, csv)
    assert "GeoNames file not found" in stage_error(tmp_path, tmp_path / "absent.zip")


def test_alternate_names_alone_and_malformed_admin_codes_are_refused(tmp_path: Path) -> None:
    names = write_txt(tmp_path / "alternateNamesV2.txt", ALTERNATE_ROWS)
    assert "alternate names need a places table" in stage_error(tmp_path, names)
    admin1 = write_txt(tmp_path / "admin1CodesASCII.txt", [*ADMIN1_ROWS, ["SO13", "Bay", "Bay", "1"]])
    assert stage_error(tmp_path, admin1).endswith("line 3: code 'SO13' is not of the form CC.A1, or no name")


# -- the command line and the fingerprint ---------------------------------------------

app = typer.Typer()
app.add_typer(gazetteer_app, name="gazetteer")
runner = CliRunner()


def test_the_cli_imports_dumps_keeps_the_old_file_on_bad_input_and_fingerprints_the_dumps(
    tmp_path: Path,
) -> None:
    path, dump = tmp_path / "gaz.sqlite", country_zip(tmp_path)
    admin1 = write_txt(tmp_path / "admin1CodesASCII.txt", ADMIN1_ROWS)
    entries = tmp_path / "places.json"
    entries.write_text(json.dumps({"places": [CAMP]}), encoding="utf-8")
    args = ["gazetteer", "build", "--output", str(path), "--min-city-population", str(SMALL)]
    args += ["--entries", str(entries)]
    env = {"EVENTWIRE_CONFIG": ""}
    result = runner.invoke(
        app, [*args, "--geonames", str(dump), "--geonames", str(admin1), "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    assert f"GeoNames places: {dump} (SO.txt)" in result.stderr
    assert f"GeoNames admin1 codes: {admin1}" in result.stderr
    figures = json.loads(result.stdout)
    assert [(f["file"], f["kind"], f["kept"]) for f in figures["geonames"]] == [
        (str(admin1), "admin1 codes", 2),
        (str(dump), "places", 7),
    ]
    assert figures["entries"].startswith(f"{entries}:") and "geonames" not in figures["entries"]
    [found] = json.loads(
        runner.invoke(
            app, ["gazetteer", "lookup", "Qaryat Zelmani", "--gazetteer", str(path), "--json"], env=env
        ).stdout
    )  # --json: one list
    assert (found["gazetteer_id"], found["admin1"], found["iso2"]) == (
        "geonames:99100001",
        "Middle Shabele",
        "SO",
    )
    gaz = Gazetteer.open(path)
    assert gaz.geonames == [admin1, dump]  # Gazetteer.load goes on importing them
    assert gaz.fingerprint == fingerprint(entries, SMALL, [dump, admin1])

    before = path.read_bytes()
    bad = write_txt(tmp_path / "SY.txt", [SYRIA_ROWS[0], SYRIA_ROWS[1][:5]])
    failed = runner.invoke(app, [*args, "--geonames", str(bad)], env=env)
    assert failed.exit_code == 2
    assert failed.stderr.strip().splitlines()[-1] == (
        f"error: {bad}: line 2: 5 tab-separated column(s), expected 19 for places "
        "(a truncated or wrongly formatted file)"
    )
    assert "Traceback" not in failed.output
    assert path.read_bytes() == before and info(path)["geonames"] == figures["geonames"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".gazetteer")) == []

    country_zip(tmp_path, SO_ROWS[:3])  # a changed dump: the file is no longer what it asks for
    assert fingerprint(entries, SMALL, [dump, admin1]) != gaz.fingerprint

    # Gazetteer.load rebuilds an out-of-date file with the dumps it was built with: here one is gone
    dump.unlink()
    with pytest.raises(GazetteerError, match="GeoNames file not found") as caught:
        Gazetteer.load(path, entries=entries)
    assert f"the gazetteer {path} was built with it" in str(caught.value)
    assert path.read_bytes() == before


def test_load_names_a_dump_that_is_gone(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="GeoNames file not found"):
        Gazetteer.load(tmp_path / "gaz.sqlite", geonames=[tmp_path / "SO.zip"])


def test_a_country_or_region_row_gives_it_geonames_own_point(base: Path, tmp_path: Path) -> None:
    before = Gazetteer.open(base)
    somalia = before.country("SO")
    assert somalia is not None
    rows = [
        place(51537, "Federal Republic of Somalia", "A.PCLI", "SO", 6.0, 48.0, "00"),
        place(51967, "Middle Shabele", "A.ADM1", "SO", 2.95, 45.55, "13"),
        place(99100030, "Republic of Elsewhere", "A.PCLI", "SO", 1.0, 1.0, "00"),  # a second one: dropped
    ]
    gaz = imported(base, tmp_path, write_txt(tmp_path / "SO.txt", rows))
    after = gaz.country("SO")
    assert after is not None and after.gazetteer_id == somalia.gazetteer_id
    assert (after.latitude, after.longitude) == (6.0, 48.0) != (somalia.latitude, somalia.longitude)
    assert not gaz.lookup("Republic of Elsewhere")
    region = [c for c in gaz.lookup("Middle Shabele") if c.feature_type == "admin1"]
    assert [(c.latitude, c.longitude) for c in region] == [(2.95, 45.55)]
