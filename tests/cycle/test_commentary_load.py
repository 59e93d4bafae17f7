"""`pidash load commentary FILE`: real CSV and XLSX files through the load path. A file with any
fault is rejected with each fault named by row, column, value and rule, and nothing written;
accepted rows become new versions, by the person loading the file, with the load recorded."""
from __future__ import annotations

import openpyxl
import pytest

from data import cycle_queries
from loads.pipeline import load_file
from tests.cycle.conftest import pidash
from tests.helpers import HOME
from vocab import LoadStatus

HEADER = ["indicator", "period", "text", "org", "action", "expected_by"]
LONG = "w" * 4001

# (row in the file, its cells, the column and value a failure names, the start of the rule)
FAULTS = [
    (2, ["NI999", "2009-10", "fine", "", "", ""], "indicator", "NI999", "must be an indicator in the catalogue"),
    (3, ["NI59", "2009-10", "fine", "E0000XXX", "", ""], "org", "E0000XXX", "must be a known organisation code"),
    (4, ["NI60", "2009-10", "fine", "", "9.9.9", ""], "action", "9.9.9", "must be an action code in the plan"),
    (5, ["NI61", "2009-13", "fine", "", "", ""], "period", "2009-13", "must be a month written YYYY-MM"),
    (6, ["NI62", "2009-12", "fine", "", "", ""], "period", "2009-12", "must not be a month in the future"),
    (7, ["NI63", "2009-10", "", "", "", ""], "text", None, "must not be blank"),
    (8, ["NI64", "2009-10", LONG, "", "", ""], "text", LONG, "must be at most 4,000 characters"),
    (9, ["NI65", "2009-10", "fine", "", "", "next year"], "expected_by", "next year", "must be a month written YYYY-MM"),
    (10, ["NI66", "2009-10", "once", "", "", ""], "period", None, None),  # the first of two rows for one key
    (11, ["NI66", "2009-10", "twice", "", "", ""], "period", "2009-10", "appears more than once in this file"),
]


def write_csv(path, rows):
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([cell if cell != "" else None for cell in row])
    book.save(path)
    return path


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


@pytest.fixture(autouse=True)
def november_2009(monkeypatch):
    monkeypatch.setenv("PIDASH_TODAY", "2009-11-16")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_every_fault_is_named_by_row_column_value_and_rule_and_nothing_is_written(seeded_db, tmp_path, kind):
    path = WRITERS[kind](tmp_path / f"commentary.{kind}", [cells for _, cells, *_ in FAULTS])
    before = cycle_queries.commentary_history(seeded_db)
    outcome = load_file(seeded_db, "commentary", path, "loader")
    assert outcome.status == LoadStatus.REJECTED
    found = {(f.row, f.column): f for f in outcome.report.failures}
    for row, _, column, value, rule in FAULTS:
        if rule is None:
            continue
        failure = found.pop((row, column))
        assert failure.value == value, (row, column)
        assert failure.rule.startswith(rule), (row, failure.rule)
    assert set(found) <= {(10, "period")}  # the duplicate's first row may be named too, and nothing else
    assert cycle_queries.commentary_history(seeded_db).equals(before)
    status = seeded_db.execute("SELECT status, kind FROM load WHERE id = ?", [outcome.load_id]).fetchall()
    assert status == [("rejected", "commentary")]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_accepted_rows_become_new_versions_by_the_loading_user(seeded_db, tmp_path, kind):
    rows = [["NI59", "2009-10", "October: still below target", "", "3.2.1", "2009-12"],
            ["ni 60", "2009-10", "Core assessments recovering", HOME, "", ""],
            ["NI59", "2009-09", "A second word on September", "", "", ""]]
    path = WRITERS[kind](tmp_path / f"good.{kind}", rows)
    september = cycle_queries.latest_commentary(seeded_db, [HOME], ["NI59"], "2009-09").iloc[0]
    outcome = load_file(seeded_db, "commentary", path, "p.officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    written = cycle_queries.commentary_history(seeded_db, [HOME], ["NI59", "NI60"])
    ours = written[written["load_id"] == outcome.load_id]
    assert sorted(zip(ours["indicator"], ours["period"].dt.strftime("%Y-%m"), ours["version"], ours["text"])) == [
        ("NI59", "2009-09", september["version"] + 1, "A second word on September"),
        ("NI59", "2009-10", 1, "October: still below target"),
        ("NI60", "2009-10", 1, "Core assessments recovering"),
    ]
    assert set(ours["author"]) == {"p.officer"}
    october = ours[(ours["indicator"] == "NI59") & (ours["period"].dt.strftime("%Y-%m") == "2009-10")].iloc[0]
    assert (october["action"], october["expected_by"].strftime("%Y-%m")) == ("3.2.1", "2009-12")
    # the earlier September version is kept, not overwritten
    kept = written[(written["indicator"] == "NI59") & (written["period"].dt.strftime("%Y-%m") == "2009-09")
                   & (written["version"] == september["version"])]
    assert list(kept["text"]) == [september["text"]]


def test_a_formula_cell_in_a_workbook_is_stored_as_its_text(seeded_db, tmp_path):
    formula = '=HYPERLINK("http://evil.example","click me")'
    path = write_xlsx(tmp_path / "formula.xlsx", [["NI67", "2009-10", formula, "", "", ""],
                                                  ["NI68", "2009-10", "<script>alert(1)</script>", "", "", ""]])
    outcome = load_file(seeded_db, "commentary", path, "p.officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    latest = cycle_queries.latest_commentary(seeded_db, [HOME], ["NI67", "NI68"], "2009-10")
    assert list(latest["text"]) == [formula, "<script>alert(1)</script>"]


def test_a_viewer_cannot_load_commentary_and_the_command_names_each_fault(seeded_path, tmp_path, as_role):
    path = write_csv(tmp_path / "bad.csv", [["NI999", "2009-10", "x", "", "", ""]])
    as_role("viewer")
    refused = pidash(seeded_path, "load", "commentary", str(path), "--quiet",
                     env={"PIDASH_TODAY": "2009-11-16"})
    assert refused.returncode == 1
    assert "the role data_officer or above is needed to load commentary" in refused.stderr
    as_role("data_officer")
    rejected = pidash(seeded_path, "load", "commentary", str(path), "--quiet", env={"PIDASH_TODAY": "2009-11-16"})
    assert rejected.returncode == 1
    assert ("bad.csv: row 2, column 'indicator', value 'NI999': must be an indicator in the catalogue"
            in rejected.stderr)
