"""The load pipeline with real CSV and XLSX files: accepted, restated, rejected."""
from __future__ import annotations

import json

import openpyxl
import pytest

from loads.pipeline import load_file
from vocab import LoadStatus
from tests.helpers import HOME, snapshot

HEADER = "indicator,period,numerator,denominator,value,note\n"


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def write_xlsx(tmp_path, name: str, rows: list[list]):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def current(con, indicator="NI59", period="2009-09-01"):
    return con.execute(
        "SELECT numerator, denominator, value, note, load_id FROM indicator_return "
        "WHERE org = ? AND indicator = ? AND period = ? AND superseded_by IS NULL",
        [HOME, indicator, period],
    ).fetchall()


def test_csv_returns_are_loaded_with_values_and_a_load_record(fresh_db, tmp_path):
    path = write(tmp_path, "sept.csv", HEADER + "NI59,2009-09,150,200,75.0,first return\nNI 67,2009-09,90,100,,\n")
    outcome = load_file(fresh_db, "returns", path, "alice")
    assert outcome.status == LoadStatus.ACCEPTED
    assert (outcome.counts.new, outcome.counts.restated, outcome.counts.unchanged) == (2, 0, 0)
    assert current(fresh_db) == [(150, 200, 75.0, "first return", outcome.load_id)]
    assert current(fresh_db, "NI67") == [(90, 100, 90.0, None, outcome.load_id)]
    record = fresh_db.execute(
        "SELECT kind, file_name, sha256, rows, loaded_by, status FROM load WHERE id = ?", [outcome.load_id]
    ).fetchall()[0]
    import hashlib

    assert record == ("returns", "sept.csv", hashlib.sha256(path.read_bytes()).hexdigest(), 2, "alice", "accepted")
    checks = fresh_db.execute(
        "SELECT count(*), bool_and(success) FROM check_result WHERE load_id = ?", [outcome.load_id]
    ).fetchall()[0]
    assert checks[0] >= 10 and checks[1] is True


def test_xlsx_returns_with_numbers_and_date_cells_load(fresh_db, tmp_path):
    import datetime as dt

    path = write_xlsx(tmp_path, "sept.xlsx", [
        ["Indicator", "Period", "Numerator", "Denominator"],
        ["NI59", "2009-09", 150, 200],
        ["NI66", dt.datetime(2009, 9, 1), 45.0, 50],
    ])
    outcome = load_file(fresh_db, "returns", path, "alice")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    assert current(fresh_db)[0][:3] == (150, 200, 75.0)
    assert current(fresh_db, "NI66")[0][:3] == (45, 50, 90.0)


def test_a_restated_figure_supersedes_but_keeps_the_earlier_row(fresh_db, tmp_path):
    first = load_file(fresh_db, "returns", write(tmp_path, "a.csv", HEADER + "NI59,2009-09,150,200,,\n"), "alice")
    second = load_file(fresh_db, "returns", write(tmp_path, "b.csv", HEADER + "NI59,2009-09,160,200,,audit\n"), "bob")
    assert (second.counts.new, second.counts.restated) == (0, 1)
    rows = fresh_db.execute(
        "SELECT numerator, load_id, superseded_by FROM indicator_return ORDER BY load_id"
    ).fetchall()
    assert rows == [(150, first.load_id, second.load_id), (160, second.load_id, None)]


def test_loading_the_same_file_twice_changes_nothing(fresh_db, tmp_path):
    path = write(tmp_path, "a.csv", HEADER + "NI59,2009-09,150,200,,\nNI59,2009-10,160,200,,\n")
    load_file(fresh_db, "returns", path, "alice")
    before = snapshot(fresh_db)
    again = load_file(fresh_db, "returns", path, "alice")
    assert again.status == LoadStatus.ACCEPTED
    assert (again.counts.new, again.counts.restated, again.counts.unchanged) == (0, 0, 2)
    assert snapshot(fresh_db) == before


def test_targets_and_organisations_load(fresh_db, tmp_path):
    orgs = load_file(fresh_db, "organisations", write(tmp_path, "o.csv", "code,name,kind\nE92000001,England,england\n"), "a")
    assert orgs.status == LoadStatus.ACCEPTED
    targets = load_file(
        fresh_db, "targets",
        write(tmp_path, "t.csv", "indicator,year,target,tolerance,source\nNI59,2009-10,78,5,LAA improvement target\n"), "a",
    )
    assert targets.status == LoadStatus.ACCEPTED, targets.summary()
    assert fresh_db.execute("SELECT indicator, org, year, target, tolerance FROM target").fetchall() == [
        ("NI59", HOME, "2009-10", 78.0, 5.0)
    ]


# file name, content, (row, column, value, words in the rule) expected in the report
MALFORMED = [
    ("bad_month.csv", HEADER + "NI59,2009-13,1,2,,\n", (2, "period", "2009-13", "YYYY-MM")),
    ("future.csv", HEADER + "NI59,2099-01,1,2,,\n", (2, "period", "2099-01", "future")),
    ("unknown_indicator.csv", HEADER + "NI59,2009-09,1,2,,\nNI999,2009-09,1,2,,\n", (3, "indicator", "NI999", "catalogue")),
    ("negative.csv", HEADER + "NI59,2009-09,-4,10,,\n", (2, "numerator", "-4", "whole number")),
    ("fraction.csv", HEADER + "NI59,2009-09,4.5,10,,\n", (2, "numerator", "4.5", "whole number")),
    ("text_count.csv", HEADER + "NI59,2009-09,ten,10,,\n", (2, "numerator", "ten", "whole number")),
    ("num_gt_den.csv", HEADER + "NI59,2009-09,12,10,,\n", (2, "numerator", "12", "more than the denominator")),
    ("bad_value.csv", HEADER + "NI59,2009-09,5,10,55.0,\n", (2, "value", "55.0", "numerator ÷ denominator")),
    ("duplicate.csv", HEADER + "NI59,2009-09,5,10,,\nNI59,2009-09,6,10,,\n", (3, "period", "2009-09", "more than once")),
    ("blank_denominator.csv", HEADER + "NI59,2009-09,5,,,\n", (2, "denominator", None, "blank")),
    ("unknown_org.csv", "org," + HEADER + "E0000XXX,NI59,2009-09,5,10,,\n", (2, "org", "E0000XXX", "organisation")),
    ("missing_column.csv", "indicator,period,numerator\nNI59,2009-09,5\n", (None, "denominator", None, "required column")),
    ("semicolons.csv", "indicator;period;numerator;denominator\nNI59;2009-09;5;10\n", (None, None, None, "separated by semicolons")),
    ("ragged.csv", HEADER + "NI59,2009-09,5,10,,,extra\n", (None, None, None, "well-formed CSV")),
    ("latin1.csv", (HEADER + "NI59,2009-09,5,10,,caf\xe9\n").encode("latin-1"), (None, None, None, "UTF-8")),
    ("binary.csv", b"\x00\x01\x02\x03binary", (None, None, None, "binary")),
    ("empty.csv", b"", (None, None, None, "empty")),
    ("header_only.csv", HEADER, (None, None, None, "no rows")),
    ("report.pdf", b"%PDF-1.4", (None, None, None, "not supported")),
    ("excel_formula.xlsx", [["indicator", "period", "numerator", "denominator"], ["NI59", "2009-09", "=B2*2", 10]],
     (2, "numerator", "=B2*2", "whole number")),
    ("not_really.xlsx", b"PK\x03\x04 this is not a zip", (None, None, None, "XLSX")),
]


@pytest.mark.parametrize("name, content, expected", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_file_is_rejected_named_and_changes_nothing(seeded_db, tmp_path, name, content, expected):
    path = write_xlsx(tmp_path, name, content) if isinstance(content, list) else write(tmp_path, name, content)
    before = snapshot(seeded_db)
    loads_before = seeded_db.execute("SELECT count(*) FROM load").fetchall()[0][0]

    outcome = load_file(seeded_db, "returns", path, "alice")

    assert outcome.status == LoadStatus.REJECTED
    row, column, value, words = expected
    matching = [
        f for f in outcome.report.failures
        if f.row == row and f.column == column and f.value == value and words in f.rule
    ]
    assert matching, outcome.report.text()
    message = outcome.summary()
    assert name in message and words in message and "nothing was written" in message
    if row is not None:
        assert f"row {row}" in message
    assert snapshot(seeded_db) == before
    recorded = seeded_db.execute("SELECT status, file_name, report FROM load WHERE id = ?", [outcome.load_id]).fetchall()[0]
    assert seeded_db.execute("SELECT count(*) FROM load").fetchall()[0][0] == loads_before + 1
    assert recorded[:2] == ("rejected", name)
    assert json.loads(recorded[2])["success"] is False


def test_every_failure_in_a_file_is_reported_not_only_the_first(fresh_db, tmp_path):
    path = write(tmp_path, "many.csv", HEADER + "NI59,2009-13,1,2,,\nNI99,2009-09,1,2,,\nNI59,2009-09,9,2,,\n")
    outcome = load_file(fresh_db, "returns", path, "alice")
    reported = {(f.row, f.column) for f in outcome.report.failures}
    assert {(2, "period"), (3, "indicator"), (4, "numerator")} <= reported
    failed = fresh_db.execute(
        "SELECT column_name, unexpected_count FROM check_result WHERE load_id = ? AND NOT success ORDER BY 1",
        [outcome.load_id],
    ).fetchall()
    assert ("indicator", 1) in failed and ("numerator", 1) in failed and ("period", 1) in failed


# --- load_file writes while it checks: the same outcome as checking first ------------------------

RETURNS = HEADER + "".join(f"NI{59 + i % 5},2008-{i // 5 + 1:02d},{i % 9},{i % 9 + 3},,\n" for i in range(60))


def test_writing_while_checking_gives_what_checking_then_writing_gives(fresh_db, fresh_template, tmp_path):
    import shutil

    from data import store
    from loads.pipeline import commit, prepare

    path = write(tmp_path, "returns.csv", RETURNS)
    overlapped = load_file(fresh_db, "returns", path, "alice")
    other_path = tmp_path / "other.duckdb"
    shutil.copy(fresh_template, other_path)
    other = store.connect(other_path)
    try:
        in_turn = commit(other, prepare(other, "returns", path.read_bytes(), path.name), "alice")
        assert (overlapped.status, overlapped.load_id, overlapped.rows, overlapped.counts) == (
            in_turn.status, in_turn.load_id, in_turn.rows, in_turn.counts)
        assert overlapped.counts.new == 60
        query = "SELECT * EXCLUDE (loaded_at) FROM load ORDER BY id"
        assert fresh_db.execute(query).fetchall() == other.execute(query).fetchall()
        assert snapshot(fresh_db) == snapshot(other)
        assert len(snapshot(fresh_db)["indicator_return"]) == 60
    finally:
        other.close()


def test_a_rejected_file_leaves_no_rows_and_load_ids_stay_in_sequence(fresh_db, tmp_path):
    good = write(tmp_path, "good.csv", RETURNS)
    bad = write(tmp_path, "bad.csv", RETURNS + "NI59,2009-09,12,10,,\n")  # numerator over denominator
    rejected = load_file(fresh_db, "returns", bad, "alice")
    accepted = load_file(fresh_db, "returns", good, "alice")
    assert rejected.status == LoadStatus.REJECTED and accepted.status == LoadStatus.ACCEPTED
    assert accepted.load_id == rejected.load_id + 1
    assert fresh_db.execute("SELECT id, status, rows FROM load ORDER BY id").fetchall()[-2:] == [
        (rejected.load_id, "rejected", 61), (accepted.load_id, "accepted", 60)]
    assert fresh_db.execute("SELECT DISTINCT load_id FROM indicator_return").fetchall() == [(accepted.load_id,)]


def test_rows_being_written_are_not_seen_until_every_check_has_passed(fresh_db, tmp_path, monkeypatch):
    from checks import runner
    from loads import pipeline

    seen = []
    real_run_suite = runner.run_suite

    def watched(frame, checks, file, table, checker):
        report = real_run_suite(frame, checks, file, table, checker)
        reader = fresh_db.cursor()  # another connection: what the dashboard would see mid-load
        seen.append(reader.execute("SELECT count(*) FROM indicator_return").fetchall()[0][0])
        reader.close()
        return report

    monkeypatch.setattr(pipeline, "run_suite", watched)
    outcome = load_file(fresh_db, "returns", write(tmp_path, "returns.csv", RETURNS), "alice")
    assert outcome.status == LoadStatus.ACCEPTED
    assert seen == [0]
    assert fresh_db.execute("SELECT count(*) FROM indicator_return").fetchall() == [(60,)]


def test_a_write_that_fails_part_way_leaves_nothing_and_says_why(seeded_db, tmp_path, monkeypatch):
    from loads import normalise, pipeline, writers

    before = snapshot(seeded_db)
    loads_before = seeded_db.execute("SELECT count(*) FROM load").fetchall()[0][0]

    def write_then_fail(con, frame, load_id):
        writers.write_returns(con, frame, load_id)  # the rows are in: then the disk fills up
        raise OSError("No space left on device")

    monkeypatch.setitem(pipeline.LOADERS, "returns", pipeline.Loader(normalise.normalise_returns, write_then_fail,
                                                                   categorical=True))
    with pytest.raises(OSError, match="No space left"):
        load_file(seeded_db, "returns", write(tmp_path, "returns.csv", RETURNS), "alice")
    assert snapshot(seeded_db) == before
    assert seeded_db.execute("SELECT count(*) FROM load").fetchall()[0][0] == loads_before
    monkeypatch.undo()
    assert load_file(seeded_db, "returns", write(tmp_path, "again.csv", RETURNS), "alice").status == LoadStatus.ACCEPTED
