"""An analyst's merges and splits outlive the database: exported to a small JSON file,
imported into a store rebuilt from the same documents (or a colleague's), once or twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.corrections import read_corrections, write_corrections
from eventwire.errors import CorrectionsError
from eventwire.model import Event
from eventwire.store import Correction, open_store
from merge_helpers import HILL, document, report

runner = CliRunner()


def reports() -> list[tuple[str, str, list[Event]]]:
    """A ferry-pier shelling told by three outlets (one event by itself), and a shelling of
    Hill Town the same day (an event of its own)."""
    return [
        ("dawn", "2024-03-04", [report("dn1", "dawn", killed=2, published="2024-03-04")]),
        (
            "quay",
            "2024-03-05",
            [
                report(
                    "qy1",
                    "quay",
                    killed=4,
                    published="2024-03-05",
                    sentence="The toll from the rebel shelling of the Harbour Town fish market rose to four.",
                )
            ],
        ),
        (
            "gull",
            "2024-03-06",
            [
                report(
                    "gl1",
                    "gull",
                    killed=4,
                    published="2024-03-06",
                    sentence="Rebel shells wrecked stalls of the Harbour Town fish market, traders said.",
                )
            ],
        ),
        (
            "ridge",
            "2024-03-05",
            [report("rg1", "ridge", point=HILL, place="Hill Town", published="2024-03-05")],
        ),
    ]


def fill(db: str, skip: tuple[str, ...] = ()) -> None:
    with open_store(db) as store:
        for doc_id, published, events in reports():
            if doc_id not in skip:
                assert store.add_document(document(doc_id, published), events)


def groups(db: str) -> list[tuple[str, ...]]:
    """Each event's documents: what the corrections decide."""
    with open_store(db) as store:
        return sorted(tuple(sorted(m.document_id for m in e.merge)) for e in store.events())


def correct(db: str) -> None:
    """The analyst: Hill Town was the same shelling (a merge); the gull report was another (a split)."""
    with open_store(db) as store:
        store.merge_events(["dn1", "rg1"], force=True)
        store.split_event("dn1", ["gull"])


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_corrections_are_listed_as_report_pairs(db_url: str) -> None:
    fill(db_url)
    with open_store(db_url) as store:
        assert store.corrections() == []
    correct(db_url)
    with open_store(db_url) as store:
        found = store.corrections()
    # the merge: every report "must" go with the first; the split: "cannot" across its parts
    assert {(c.report_a, c.report_b) for c in found if c.kind == "must"} == {("dn1", "qy1"), ("dn1", "rg1")}
    assert Correction("must", "dn1", "rg1", ("dawn", "ridge")) in found
    assert {(c.report_a, c.report_b) for c in found if c.kind == "cannot"} == {
        ("dn1", "gl1"),
        ("gl1", "qy1"),
        ("gl1", "rg1"),
    }


def test_a_store_rebuilt_from_the_same_documents_gets_the_same_events(new_db: Any, tmp_path: Path) -> None:
    first, rebuilt = new_db("first.db"), new_db("rebuilt.db")
    fill(first)
    correct(first)
    assert groups(first) == [("dawn", "quay", "ridge"), ("gull",)]
    file = tmp_path / "corrections.json"
    result = invoke("corrections", "export", "-o", str(file), "--db", first)
    assert result.exit_code == 0, result.output
    assert "exported 5 correction(s)" in result.stderr

    fill(rebuilt)
    assert groups(rebuilt) == [("dawn", "gull", "quay"), ("ridge",)]  # as merging decides alone
    result = invoke("corrections", "import", str(file), "--db", rebuilt)
    assert result.exit_code == 0, result.output
    assert "corrections: 5 applied, 0 already in the store, 0 left out" in result.stdout
    assert groups(rebuilt) == groups(first)
    with open_store(first) as a, open_store(rebuilt) as b:
        assert [e.to_dict() for e in a.events()] == [e.to_dict() for e in b.events()]


def test_importing_twice_changes_nothing(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    correct(db_url)
    file = tmp_path / "c.json"
    with open_store(db_url) as store:
        write_corrections(file, store.corrections())
        before = [e.to_dict() for e in store.events()]
        done = store.apply_corrections(read_corrections(file))
        assert (done.applied, done.unchanged, done.missing) == (0, 5, {})
        assert [e.to_dict() for e in store.events()] == before
        assert store.corrections() == read_corrections(file)
    result = invoke("corrections", "import", str(file), "--db", db_url, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"applied": 0, "unchanged": 5, "missing": {}}
    with open_store(db_url) as store:
        assert [e.to_dict() for e in store.events()] == before


def test_a_missing_report_is_named_and_the_rest_applied(new_db: Any, tmp_path: Path) -> None:
    first, partial = new_db("first.db"), new_db("partial.db")
    fill(first)
    correct(first)
    file = tmp_path / "c.json"
    assert invoke("corrections", "export", "-o", str(file), "--db", first).exit_code == 0
    fill(partial, skip=("ridge",))
    result = invoke("corrections", "import", str(file), "--db", partial)
    assert result.exit_code == 1
    missing = [line for line in result.stderr.splitlines() if line.startswith("missing:")]
    assert missing == [
        "missing: report rg1 is not in the store; 2 correction(s) naming it not applied "
        "(ingest its document, then import again)"
    ]
    assert "corrections: 3 applied, 0 already in the store, 2 left out" in result.stdout
    assert groups(partial) == [("dawn", "quay"), ("gull",)]  # the split was made


def test_a_correction_in_the_file_replaces_the_opposite_one_in_the_store(db_url: str) -> None:
    fill(db_url)
    with open_store(db_url) as store:
        store.split_event("dn1", ["gull"])
        done = store.apply_corrections([Correction("must", "gl1", "dn1")])
        assert done.applied == 1
        assert Correction("must", "dn1", "gl1", ("dawn", "gull")) in store.corrections()
    # gull joins dawn again; the split's other pair (gull / quay) still keeps quay apart
    assert groups(db_url) == [("dawn", "gull"), ("quay",), ("ridge",)]


def test_the_file_is_small_documented_json(db_url: str, tmp_path: Path) -> None:
    fill(db_url)
    correct(db_url)
    file = tmp_path / "c.json"
    assert invoke("corrections", "export", "--output", str(file), "--db", db_url).exit_code == 0
    data = json.loads(file.read_text("utf-8"))
    assert data["eventwire_corrections"] == 1
    assert {"kind": "must", "reports": ["dn1", "rg1"], "documents": ["dawn", "ridge"]} in data["corrections"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not JSON (line 1, column 2"),
        ("[1, 2]", 'not an eventwire corrections file (no "eventwire_corrections" version key)'),
        ('{"eventwire_corrections": 9, "corrections": []}', "version 9 is newer than this eventwire reads"),
        ('{"eventwire_corrections": "one", "corrections": []}', "must be a version number, got 'one'"),
        ('{"eventwire_corrections": 1, "corrections": {}}', '"corrections" must be a list'),
        ('{"eventwire_corrections": 1, "corrections": [], "by": "x"}', "unknown key(s) by"),
        (
            '{"eventwire_corrections": 1, "corrections": [{"kind": "maybe", "reports": ["a", "b"]}]}',
            "corrections[0]: kind 'maybe' is not one of must, cannot",
        ),
        (
            '{"eventwire_corrections": 1, "corrections": [{"kind": "must", "reports": ["a"]}]}',
            "corrections[0]: reports must be two report ids, got ['a']",
        ),
        (
            '{"eventwire_corrections": 1, "corrections": [{"kind": "must", "reports": ["a", "a"]}]}',
            "corrections[0]: reports must be two different reports, got 'a' twice",
        ),
        (
            '{"eventwire_corrections": 1, "corrections": [{"kind": "must", "reports": ["a", "b"], "documents": [1, 2]}]}',
            "corrections[0]: documents must be two document ids (or null), got [1, 2]",
        ),
    ],
)
def test_a_malformed_file_is_one_error_naming_it_and_the_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    db = str(tmp_path / "e.db")
    fill(db)
    file = tmp_path / "bad.json"
    file.write_text(content, "utf-8")
    with pytest.raises(CorrectionsError) as caught:
        read_corrections(file)
    assert str(caught.value).startswith(f"{file}: ")
    result = invoke("corrections", "import", str(file), "--db", db)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: {file}: {caught.value.args[0].split(': ', 1)[1]}"]
    assert reason in result.stderr
    assert groups(db) == [("dawn", "gull", "quay"), ("ridge",)]  # nothing written


def test_a_missing_or_unwritable_file_is_named(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    fill(db)
    result = invoke("corrections", "import", str(tmp_path / "absent.json"), "--db", db)
    assert result.exit_code == 2
    assert f"{tmp_path / 'absent.json'}: no such file" in result.stderr
    result = invoke("corrections", "export", "-o", str(tmp_path / "no" / "c.json"), "--db", db)
    assert result.exit_code == 2
    assert f"{tmp_path / 'no' / 'c.json'}: cannot write" in result.stderr
