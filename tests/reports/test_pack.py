"""The whole evidence pack for 2009-09, read back and checked against the database and the files."""
from __future__ import annotations

import csv
import hashlib
import json

import pytest

from data import store
from loads.bootstrap import DEMO_CASES, DEMO_CASES_EARLIER, DEMO_DIR
from tests.helpers import HOME
from tests.reports.helpers import pdf_text, table, workbook



def current(db, indicator, month):
    con = store.connect(db, read_only=True)
    try:
        return con.execute(
            "SELECT numerator, denominator, value, load_id FROM indicator_return "
            "WHERE org = ? AND indicator = ? AND period = ? AND superseded_by IS NULL",
            [HOME, indicator, f"{month}-01"]).fetchall()[0]
    finally:
        con.close()


def test_the_command_writes_a_workbook_a_pdf_and_an_index(demo_pack):
    names = sorted(p.name for p in demo_pack["out"].iterdir())
    assert names == ["evidence-E09000014-2009-09.pdf", "evidence-E09000014-2009-09.xlsx", "index.csv"]
    assert "sha256" in demo_pack["result"].stdout
    print(f"\nwall time of one pack build (pidash evidence, 2009-09): {demo_pack['seconds']:.1f} s")


def test_index_gives_each_file_its_sha256(demo_pack):
    with demo_pack["index"].open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["file"] for r in rows] == ["evidence-E09000014-2009-09.xlsx", "evidence-E09000014-2009-09.pdf"]
    for row in rows:
        content = (demo_pack["out"] / row["file"]).read_bytes()
        assert row["sha256"] == hashlib.sha256(content).hexdigest()
        assert int(row["bytes"]) == len(content)
    listed = table(workbook(demo_pack["xlsx"])["Index"], "File")
    assert listed == [{"File": "evidence-E09000014-2009-09.pdf", "What it is": "PDF evidence pack report",
                       "Bytes": len(demo_pack["pdf"].read_bytes()),
                       "sha256": hashlib.sha256(demo_pack["pdf"].read_bytes()).hexdigest()}]


def test_indicator_sheet_matches_the_database_month_by_month(demo_pack):
    con = store.connect(demo_pack["db"], read_only=True)
    try:
        expected = con.execute(
            "SELECT strftime(period, '%Y-%m'), numerator, denominator, value, load_id FROM indicator_return "
            "WHERE org = ? AND indicator = 'NI59' AND superseded_by IS NULL AND period <= DATE '2009-09-01' "
            "ORDER BY period", [HOME]).fetchall()
    finally:
        con.close()
    rows = table(workbook(demo_pack["xlsx"])["NI59"], "Month")
    assert len(rows) == len(expected) == 30
    for row, (month, numerator, denominator, value, load_id) in zip(rows, expected):
        assert row["Month"].strftime("%Y-%m") == month
        assert (row["Numerator"], row["Denominator"], row["Source load"]) == (numerator, denominator, load_id)
        assert row["Value (%)"] == pytest.approx(value)


# the demo's restatements: the returns computed from the extract of 31 August 2009 (case load 12,
# derived load 13), then restated by those computed from the later extract (case load 14, derived load 15)
@pytest.mark.parametrize("indicator, month, earlier, now", [
    ("NI59", "2009-07", (41, 78), (50, 78)),
    ("NI59", "2009-08", (48, 82), (54, 82)),
    ("NI67", "2009-08", (39, 45), (35, 45)),
    ("NI68", "2009-08", (66, 116), (73, 116)),
])
def test_a_restated_figure_shows_the_current_value_and_its_earlier_one(demo_pack, indicator, month, earlier, now):
    book = workbook(demo_pack["xlsx"])
    numerator, denominator, value, load_id = current(demo_pack["db"], indicator, month)
    assert (numerator, denominator) == now
    row = next(r for r in table(book[indicator], "Month") if r["Month"].strftime("%Y-%m") == month)
    assert row["Restated"] is True
    assert row["Value (%)"] == pytest.approx(value)
    assert row["Earlier value (%)"] == pytest.approx(earlier[0] / earlier[1] * 100)
    assert row["Source load"] == load_id
    restated = table(book["Provenance"], "Organisation")
    entry = next(r for r in restated if r["Indicator"] == indicator and r["Month"].strftime("%Y-%m") == month)
    assert (entry["Earlier numerator"], entry["Earlier denominator"]) == earlier
    assert (entry["Current numerator"], entry["Current denominator"]) == now
    assert entry["Current load"] == load_id
    con = store.connect(demo_pack["db"], read_only=True)
    try:
        earlier_load = con.execute(
            "SELECT load_id FROM indicator_return WHERE org = ? AND indicator = ? AND period = ? AND superseded_by = ?",
            [HOME, indicator, f"{month}-01", load_id]).fetchall()[0][0]
        names = dict(con.execute("SELECT id, file_name FROM load").fetchall())
    finally:
        con.close()
    assert entry["Earlier load"] == earlier_load
    assert (entry["Earlier file"], entry["Current file"]) == (names[earlier_load], names[load_id]) == (
        "computed from case load 12", "computed from case load 14")


def folder_sha256(folder) -> dict:
    """A case extract's table files and their sha256, read from the files themselves, and the
    folder's digest as loads.cases documents it (each file's name and sha256, a line each)."""
    files = {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
             for f in sorted(folder.glob("ssd_*.csv"), key=lambda f: f.name.lower())}
    digest = hashlib.sha256("\n".join(f"{name} {sha}" for name, sha in files.items()).encode("utf-8")).hexdigest()
    return {"files": files, "digest": digest}


def test_provenance_lists_every_load_with_the_sha256_of_the_real_file(demo_pack):
    con = store.connect(demo_pack["db"], read_only=True)
    try:
        loads = con.execute("SELECT id, file_name, sha256, loaded_by, kind FROM load ORDER BY id").fetchall()
        derived = {i: (source, json.loads(report)["provenance"]) for i, source, report in con.execute(
            "SELECT id, derived_from, report FROM load WHERE derived_from IS NOT NULL").fetchall()}
        case_loads = dict(con.execute("SELECT id, sha256 FROM load WHERE kind = 'cases'").fetchall())
    finally:
        con.close()
    rows = table(workbook(demo_pack["xlsx"])["Provenance"], "Load")
    figures = {"indicators", "organisations", "targets", "returns"}  # (the plan's loads are listed too)
    # the returns loads include those computed from the home authority's case records (13 and 15)
    assert [(r["Load"], r["File name"], r["sha256"], r["Loaded by"]) for r in rows if r["Kind"] in figures] == [
        (i, f, s, b) for i, f, s, b, k in loads if k in figures]
    assert {r["Load"] for r in rows} <= {i for i, *_ in loads}
    assert all(r["Validation outcome"].startswith("Accepted: ") for r in rows)
    by_file = {r["File name"]: r["sha256"] for r in rows}
    for name in ("returns_2007-04_to_2011-03.csv", "targets.csv"):
        assert by_file[name] == hashlib.sha256((DEMO_DIR / name).read_bytes()).hexdigest()
    # a derived load has no file of its own: it names the case load it was computed from, and that
    # load's provenance holds the sha256 of the extract's real files
    computed = {r["Load"]: r["File name"] for r in rows if r["Load"] in derived}
    assert computed == {13: "computed from case load 12", 15: "computed from case load 14"}
    for load_id, folder in ((13, DEMO_CASES_EARLIER), (15, DEMO_CASES)):
        source, provenance = derived[load_id]
        assert computed[load_id] == f"computed from case load {source}" and provenance["case_load"] == source
        real = folder_sha256(folder)
        assert len(real["files"]) == 8
        assert {f["file"]: f["sha256"] for f in provenance["files"]} == real["files"]
        assert provenance["case_load_sha256"] == case_loads[source] == real["digest"]


def test_data_quality_sheet_records_every_check_on_those_loads(demo_pack):
    con = store.connect(demo_pack["db"], read_only=True)
    try:
        per_load = dict(con.execute("SELECT load_id, count(*) FROM check_result GROUP BY load_id").fetchall())
        [(restated,)] = con.execute("SELECT count(*) FROM indicator_return WHERE org = ? AND superseded_by IS NOT NULL "
                                    "AND period <= DATE '2009-09-01'", [HOME]).fetchall()
    finally:
        con.close()
    book = workbook(demo_pack["xlsx"])
    used = [r["Load"] for r in table(book["Provenance"], "Load")]
    ws = book["Data quality"]
    assert f"{len(used)} load(s), {len(used)} of them accepted" in ws["A2"].value
    assert restated == 4  # NI59 July and August, NI67 and NI68 August 2009, restated by load 15
    assert f"{restated} figure(s) up to this period have been restated" in ws["A2"].value
    summary = table(ws, "Load")
    assert {r["Load"]: r["Expectations run"] for r in summary} == {i: per_load[i] for i in used if i in per_load}
    checks = table(ws, "Load", occurrence=2)
    assert len(checks) == sum(per_load.get(i, 0) for i in used)
    assert {r["Outcome"] for r in checks} == {"passed"}


def test_pdf_has_a_section_per_indicator_the_exception_report_and_the_data_quality_statement(demo_pack):
    text = pdf_text(demo_pack["pdf"])
    assert "Inspection evidence pack: Haringey, September 2009" in text
    assert "Summary: scorecard for September 2009" in text
    for code in ["NI59", "NI60", "NI61", "NI62", "NI63", "NI64", "NI65", "NI66", "NI67", "NI68"]:
        assert f"{code}: " in text
    assert "NI59: Initial assessments for children's social care carried out within 7 working days" in text
    assert "Milestone exception report as of 30 September 2009" in text
    assert "Data-quality statement" in text
    flat = text.replace("\n", "")
    assert hashlib.sha256((DEMO_DIR / "returns_2007-04_to_2011-03.csv").read_bytes()).hexdigest() in flat
    con = store.connect(demo_pack["db"], read_only=True)
    try:
        derived = con.execute("SELECT file_name, sha256 FROM load WHERE derived_from IS NOT NULL ORDER BY id").fetchall()
    finally:
        con.close()
    assert [name for name, _ in derived] == ["computed from case load 12", "computed from case load 14"]
    for name, digest in derived:  # the returns computed from case records, as the Provenance sheet lists them
        assert name in text and digest in flat
    assert "Restated: July 2009 was 52.6% (load 13), now 64.1% (load 15, computed from case load 14)." in text


def test_summary_sheet_is_the_scorecard_and_matches_the_database(demo_pack):
    con = store.connect(demo_pack["db"], read_only=True)
    try:
        # year to date from April 2009, which includes the restated July and August figures
        ytd = dict((i, (n, d)) for i, n, d in con.execute(
            "SELECT indicator, sum(numerator), sum(denominator) FROM indicator_return "
            "WHERE org = ? AND superseded_by IS NULL AND period BETWEEN DATE '2009-04-01' AND DATE '2009-09-01' "
            "GROUP BY indicator", [HOME]).fetchall())
        targets = dict(con.execute("SELECT indicator, target FROM target WHERE org = ? AND year = '2009-10'",
                                   [HOME]).fetchall())
    finally:
        con.close()
    rows = {r["Indicator"]: r for r in table(workbook(demo_pack["xlsx"])["Summary"], "Indicator")}
    assert list(rows) == ["NI59", "NI60", "NI61", "NI62", "NI63", "NI64", "NI65", "NI66", "NI67", "NI68", "SA45"]
    ni59 = rows["NI59"]
    numerator, denominator, value, _ = current(demo_pack["db"], "NI59", "2009-09")
    assert (ni59["Numerator"], ni59["Denominator"]) == (numerator, denominator) == (66, 94)
    assert ni59["Month value (%)"] == pytest.approx(value)
    assert ni59["Year to date (%)"] == pytest.approx(ytd["NI59"][0] / ytd["NI59"][1] * 100)
    assert ni59["Target (%)"] == targets["NI59"] == 78
    assert ni59["RAG"] == "Red"
    assert ni59["England (%)"] == pytest.approx(21214 / 30000 * 100)


def test_milestone_and_exception_reports_are_as_of_the_period_end(demo_pack):
    import datetime as dt

    from reports.gather import exception_report, milestone_report

    con = store.connect(demo_pack["db"], read_only=True)
    try:
        milestones = milestone_report(con, dt.date(2009, 9, 30))
        exceptions = exception_report(con, dt.date(2009, 9, 30))
    finally:
        con.close()
    assert len(exceptions) > 0
    book = workbook(demo_pack["xlsx"])
    listed = table(book["Exceptions"], "Action")
    assert [(r["Action"], r["No."]) for r in listed] == list(zip(exceptions["action"], exceptions["milestone"]))
    assert len(table(book["Milestones"], "Action")) == len(milestones)
    first = exceptions.iloc[0]
    assert listed[0]["Commentary"] == first["commentary"]
    text = pdf_text(demo_pack["pdf"])
    start = text.index("Milestone exception report as of 30 September 2009")
    exception_pages = text[start:text.index("Data-quality statement", start)]
    for action in exceptions["action"]:
        assert f"{action} " in exception_pages
    assert "Off track" in exception_pages and "Overdue" in exception_pages
