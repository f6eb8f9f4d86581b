"""`eventwire eval acled` on a small file written for this test."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from eventwire import EvaluationError, Settings
from eventwire.evaluate.acled import KEYS, evaluate_acled

COLUMNS = ["EVENT_DATE", "EVENT_TYPE", "ADMIN1", "LOCATION", "LATITUDE", "LONGITUDE", "NOTES", "FATALITIES"]
ROWS = [
    ["04/02/2016", "Riots/Protests", "Nairobi", "Nairobi", "-1.2833", "36.8167",
     "Hundreds of nurses marched peacefully in Nairobi to demand unpaid allowances.", "0"],
    ["11/03/2016", "Violence against civilians", "Borno", "Maiduguri", "11.8464", "13.1603",
     "Suspected Boko Haram gunmen shot dead four farmers near Maiduguri.", "4"],
    ["19/04/2016", "Battle-No change of territory", "Lower Shabelle", "Afgooye", "2.1381", "45.1212",
     "Al Shabaab fighters clashed with Somali soldiers near Afgooye; two soldiers were killed.", "2"],
]  # fmt: skip


def write(path: Path, rows: list[list[str]], columns: list[str] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def test_scores_every_row_and_reports_the_documented_keys(tmp_path: Path) -> None:
    scores = evaluate_acled(write(tmp_path / "acled.csv", ROWS), Settings())
    assert set(KEYS) <= set(scores)
    assert scores["n"] == 3
    assert scores["event_type_accuracy"] == 1.0
    assert scores["fatalities_exact"] == 1.0
    assert scores["fatalities_mae"] == 0.0
    assert 0.0 <= scores["within_25km"] <= 1.0


def test_the_report_says_where_misses_come_from(tmp_path: Path) -> None:
    rows = [row[:] for row in ROWS]
    rows.append(["20/04/2016", "Riots/Protests", "Nairobi", "Nairobi", "-1.2833", "36.8167",
                 "The county assembly will debate the budget next week.", "0"])  # fmt: skip
    scores = evaluate_acled(write(tmp_path / "acled.csv", rows), Settings())
    assert scores["no_event"] == pytest.approx(1 / 4)  # the budget debate is no event
    assert scores["no_point"] == 0.0 and scores["no_admin1"] == 0.0  # the three events are placed


def test_a_wrong_figure_lowers_the_score(tmp_path: Path) -> None:
    rows = [row[:] for row in ROWS]
    rows[1][-1] = "9"
    scores = evaluate_acled(write(tmp_path / "acled.csv", rows), Settings())
    assert scores["fatalities_exact"] == pytest.approx(2 / 3, abs=1e-3)
    assert scores["fatalities_mae"] == pytest.approx(5 / 3, abs=1e-3)


@pytest.mark.parametrize(
    ("rows", "columns", "message"),
    [
        ([], COLUMNS, "no rows"),
        (ROWS, COLUMNS[:-1], "missing column"),
        ([["2016-02-04", *ROWS[0][1:]]], COLUMNS, "DD/MM/YYYY"),
    ],
)
def test_a_bad_file_is_named_with_the_reason(
    tmp_path: Path, rows: list[list[str]], columns: list[str], message: str
) -> None:
    path = write(tmp_path / "bad.csv", rows, columns)
    with pytest.raises(EvaluationError, match=message) as info:
        evaluate_acled(path, Settings())
    assert str(path) in str(info.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="not found"):
        evaluate_acled(tmp_path / "none.csv", Settings())


def test_progress_is_told_after_each_row(tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []
    path = write(tmp_path / "acled.csv", ROWS)
    evaluate_acled(path, Settings(), limit=2, progress=lambda done, total: told.append((done, total)))
    assert told == [(1, 2), (2, 2)]
