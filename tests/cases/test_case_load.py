"""`load_cases` end to end on real files (CSV in a folder, one XLSX workbook) and a real DuckDB
file: what is written, what a derived returns load says about where it came from, a later case
load as a new version, and hostile case files (wrong columns, duplicates, dates in other
formats), each rejected with the file, row, column and rule and nothing written."""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json

import pytest

from data import case_queries
from loads import pseudonym
from loads.cases import CaseLoadError, load_cases
from vocab import LoadStatus

from tests.cases.casefiles import assessment, cla_review, minimal, person, write_folder, write_workbook
from tests.helpers import HOME, snapshot

TABLES = list(case_queries.CASE_TABLE_NAMES)


def case_rows(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_folder_of_csv_files_is_loaded_with_its_files_listed_and_the_returns_derived(fresh_db, tmp_path):
    tables = minimal()
    tables["ssd_person"][0]["pers_forename"] = "Amelia"
    folder = write_folder(tmp_path / "cases", tables, {"notes.txt": "not a table", "ssd_extra.csv": "a,b\n1,2\n"})
    outcome = load_cases(fresh_db, folder, "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    assert case_rows(fresh_db) == {t: len(rows) for t, rows in tables.items()}
    kind, name, digest, rows, report = fresh_db.execute(
        "SELECT kind, file_name, sha256, rows, report FROM load WHERE id = ?", [outcome.load_id]).fetchall()[0]
    report = json.loads(report)
    assert (kind, name, rows) == ("cases", "cases/", sum(len(rows) for rows in tables.values()))
    assert report["org"] == HOME and report["ignored_files"] == ["notes.txt", "ssd_extra.csv"]
    assert report["dropped_columns"] == {"ssd_person": ["pers_forename"]}
    files = {f["table"]: f for f in report["files"]}
    assert list(files) == TABLES  # in the tables' order
    assert all(files[t]["sha256"] == sha(folder / f"{t}.csv") for t in TABLES)
    manifest = "\n".join(f"{t}.csv {sha(folder / f'{t}.csv')}" for t in sorted(TABLES))
    assert digest == hashlib.sha256(manifest.encode()).hexdigest()
    assert "ssd_person.csv: columns dropped, never stored: pers_forename" in outcome.summary()
    assert "ignored (not case tables): notes.txt, ssd_extra.csv" in outcome.summary()

    derived = outcome.derived
    kind, derived_from, report = fresh_db.execute(
        "SELECT kind, derived_from, report FROM load WHERE id = ?", [derived.load_id]).fetchall()[0]
    assert (kind, derived_from) == ("returns", outcome.load_id)
    provenance = json.loads(report)["provenance"]
    assert provenance["case_load"] == outcome.load_id and provenance["case_load_sha256"] == digest
    assert {f["table"]: f["sha256"] for f in provenance["files"]} == {t: files[t]["sha256"] for t in TABLES}
    used = {(d["indicator"], d["version"]): d for d in provenance["definitions"]}
    assert used[("NI59", 1)]["query_sha256"] == sha(case_queries.COMPUTED_DIR / "ni59_v1.sql")
    assert (used[("NI59", 1)]["first_month"], used[("NI59", 1)]["last_month"]) == ("2008-01", "2009-08")
    held = fresh_db.execute("SELECT count(*), count(DISTINCT indicator) FROM indicator_return WHERE load_id = ?",
                            [derived.load_id]).fetchall()[0]
    assert held == (20 * 10, 10)  # January 2008 to August 2009 for the ten indicators
    assert fresh_db.execute("SELECT numerator, denominator FROM indicator_return WHERE load_id = ? AND indicator = "
                            "'NI59' AND period = '2009-05-01'", [derived.load_id]).fetchall() == [(1, 1)]


def test_one_workbook_with_a_sheet_per_table_and_real_date_cells(fresh_db, tmp_path):
    tables = minimal()
    for rows in tables.values():  # Excel's own date cells, as a case system's export has them
        for row in rows:
            for column, value in row.items():
                if column.endswith(("_date", "_dob", "_due")) and value:
                    row[column] = dt.date.fromisoformat(value)
    book = write_workbook(tmp_path / "cases.xlsx", tables, extra_sheets={"Notes": [["read me"]]})
    outcome = load_cases(fresh_db, book, "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    assert case_rows(fresh_db) == {t: len(rows) for t, rows in tables.items()}
    assert outcome.prepared.ignored == ["sheet Notes"]
    assert outcome.prepared.files[0].file_name == "cases.xlsx, sheet ssd_person"
    assert {f.sha256 for f in outcome.prepared.files} == {sha(book)}
    assert fresh_db.execute("SELECT cina_assessment_auth_date FROM ssd_cin_assessments").fetchall() == [
        (dt.date(2009, 5, 13),)]


def test_a_later_case_load_is_a_new_version_and_the_figures_follow_it(fresh_db, tmp_path):
    first = load_cases(fresh_db, write_folder(tmp_path / "v1", minimal()), "test-officer")
    later = copy.deepcopy(minimal())
    later["ssd_cin_assessments"][0]["cina_assessment_auth_date"] = "2009-05-14"  # now 8 working days: late
    second = load_cases(fresh_db, write_folder(tmp_path / "v2", later), "test-officer")
    assert first.status == second.status == LoadStatus.ACCEPTED
    assert case_rows(fresh_db)["ssd_cin_assessments"] == 2  # the earlier version's row is kept
    assert case_queries.latest_case_load(fresh_db, HOME) == second.load_id
    ni59 = fresh_db.execute("SELECT numerator, denominator, load_id, superseded_by FROM indicator_return "
                            "WHERE indicator = 'NI59' AND period = '2009-05-01' ORDER BY load_id").fetchall()
    assert ni59 == [(1, 1, first.derived.load_id, second.derived.load_id), (0, 1, second.derived.load_id, None)]
    assert second.derived.counts.restated == 1  # everything else is unchanged
    assert second.derived.counts.unchanged == second.derived.rows - 1
    loads = case_queries.case_loads(fresh_db, HOME)
    assert list(loads["id"]) == [second.load_id, first.load_id]
    assert list(loads["derived_load"]) == [second.derived.load_id, first.derived.load_id]


def test_a_table_not_supplied_is_empty_and_its_indicators_are_not_computed(fresh_db, tmp_path):
    tables = {t: rows for t, rows in minimal().items() if not t.startswith("ssd_cla")}
    outcome = load_cases(fresh_db, write_folder(tmp_path / "cases", tables), "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    assert outcome.prepared.missing == ["ssd_cla_episodes", "ssd_cla_placement", "ssd_cla_reviews"]
    reasons = {d["indicator"]: d["reason"] for d in outcome.not_computed}
    assert set(reasons) == {"NI62", "NI63", "NI66"}
    assert reasons["NI62"] == "the case load has no ssd_cla_episodes, ssd_cla_placement"


def test_a_table_with_a_header_and_no_rows_is_empty_and_a_review_may_be_due_in_the_future(fresh_db, tmp_path):
    tables = minimal()
    tables["ssd_cp_reviews"] = []
    tables["ssd_cla_reviews"].append(cla_review("LR2", "CLA1", "2099-01-29"))
    outcome = load_cases(fresh_db, write_folder(tmp_path / "cases", tables), "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    assert case_rows(fresh_db)["ssd_cp_reviews"] == 0
    last = fresh_db.execute("SELECT max(period) FROM indicator_return WHERE load_id = ?",
                            [outcome.derived.load_id]).fetchall()[0][0]
    assert last == dt.date(2009, 5, 1)  # a due date ahead is no record of anything that happened


def rejected(con, tmp_path, tables, **files):
    """Load `tables` (and any raw files) and return the rejection's text, checking nothing was written."""
    before = snapshot(con)
    folder = write_folder(tmp_path / "cases", tables)
    for name, content in files.items():
        (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    outcome = load_cases(con, folder, "test-officer")
    assert outcome.status == LoadStatus.REJECTED, outcome.summary()
    assert sum(case_rows(con).values()) == 0 and snapshot(con) == before
    assert con.execute("SELECT status FROM load WHERE id = ?", [outcome.load_id]).fetchall() == [("rejected",)]
    return outcome.summary()


def edited(table, position, change):
    tables = copy.deepcopy(minimal())
    if position is None:
        tables[table].append(change)
    else:
        tables[table][position].update(change)
    return tables


HOSTILE = [
    ("a date written day/month/year", edited("ssd_cin_episodes", 0, {"cine_referral_date": "01/05/2009"}),
     "ssd_cin_episodes.csv: row 2, column 'cine_referral_date', value '01/05/2009': must be a date written YYYY-MM-DD"),
    ("a day that does not exist", edited("ssd_cin_assessments", 0, {"cina_assessment_auth_date": "2009-02-30"}),
     "row 2, column 'cina_assessment_auth_date', value '2009-02-30': must be a date that exists"),
    ("a month 13", edited("ssd_cp_plans", 0, {"cppl_cp_plan_start_date": "2009-13-01"}),
     "row 2, column 'cppl_cp_plan_start_date', value '2009-13-01': must be a date that exists"),
    ("a date in the future", edited("ssd_cla_placement", 0, {"clap_cla_placement_end_date": "2099-01-01"}),
     "row 2, column 'clap_cla_placement_end_date', value '2099-01-01': must not be a date in the future"),
    ("a date before 1900", edited("ssd_cla_episodes", 0, {"clae_entered_care_date": "1899-12-31"}),
     "row 2, column 'clae_entered_care_date', value '1899-12-31': must not be before 1900"),
    ("a date and time", edited("ssd_cp_reviews", 0, {"cppr_cp_review_date": "2009-08-19 10:00"}),
     "row 2, column 'cppr_cp_review_date', value '2009-08-19 10:00': must be a date written YYYY-MM-DD"),
    ("a duplicated assessment id", edited("ssd_cin_assessments", None,
                                          assessment("A1", "P-0001", "R1", "2009-05-02", "2009-05-03")),
     "ssd_cin_assessments.csv: row 3, column 'cina_assessment_id', value 'A1': appears more than once in this file"),
    ("a blank required field", edited("ssd_cp_plans", 0, {"cppl_cp_plan_start_date": ""}),
     "ssd_cp_plans.csv: row 2, column 'cppl_cp_plan_start_date': must not be blank"),
    ("an unknown kind of assessment", edited("ssd_cin_assessments", 0, {"cina_assessment_kind": "section 47"}),
     "value 'section 47': must be the kind of assessment (blank or absent: single) (core, initial, single)"),
    ("a flag that is not Y or N", edited("ssd_cla_reviews", 0, {"clar_cla_review_cancelled": "maybe"}),
     "row 2, column 'clar_cla_review_cancelled', value 'MAYBE': must be Y or N"),
    ("an id too long", edited("ssd_cp_plans", 0, {"cppl_cp_plan_id": "X" * 65}),
     "column 'cppl_cp_plan_id'"),
]


@pytest.mark.parametrize(("tables", "said"), [(t, s) for _, t, s in HOSTILE], ids=[n for n, _, _ in HOSTILE])
def test_a_hostile_case_file_is_rejected_naming_file_row_column_and_rule(fresh_db, tmp_path, tables, said):
    assert said in rejected(fresh_db, tmp_path, tables)


def test_a_missing_required_column_is_named_with_the_columns_the_file_has(fresh_db, tmp_path):
    tables = minimal()
    for row in tables["ssd_cin_episodes"]:
        row["referral_date"] = row.pop("cine_referral_date")
    text = rejected(fresh_db, tmp_path, tables)
    assert ("ssd_cin_episodes.csv: file, column 'cine_referral_date': required column 'cine_referral_date' must be "
            "present; the file has columns 'cine_referral_id', 'cine_person_id', 'cine_referral_nfa'") in text


def test_a_duplicated_person_id_is_named_by_its_pseudonymous_id_and_a_bad_birth_date_by_its_month(fresh_db, tmp_path):
    tables = minimal()
    tables["ssd_person"].append(person("P-0001", dob="2001-02-30"))
    text = rejected(fresh_db, tmp_path, tables)
    key = pseudonym.load_key(fresh_db, create=False)
    assert f"ssd_person.csv: row 4, column 'pers_person_id', value '{pseudonym.pseudonym(key, HOME, 'P-0001')}': " \
           "appears more than once" in text
    assert "row 4, column 'pers_dob', value '2001-02-**': must be a date that exists" in text
    assert "P-0001" not in text and "2001-02-30" not in text
    stored = fresh_db.execute("SELECT string_agg(failures, ' ') FROM check_result").fetchall()[0][0]
    assert "P-0001" not in stored and "2001-02-30" not in stored


@pytest.mark.parametrize(("files", "said"), [
    ({"ssd_cin_episodes.csv": "cine_referral_id;cine_person_id;cine_referral_date\nR1;P-0001;2009-05-01\n"},
     "ssd_cin_episodes.csv: file: the columns are separated by semicolons"),
    ({"ssd_cin_episodes.csv": b"\xff\xfec\x00i\x00n\x00e\x00"}, "ssd_cin_episodes.csv: file: the file is UTF-16"),
    ({"ssd_person.xlsx": "not a workbook"}, "two files hold ssd_person"),
])
def test_a_file_that_cannot_be_read_rejects_the_load(fresh_db, tmp_path, files, said):
    assert said in rejected(fresh_db, tmp_path, minimal(), **files)


def test_a_case_load_needs_its_children_and_a_local_authority(fresh_db, tmp_path):
    tables = {t: rows for t, rows in minimal().items() if t != "ssd_person"}
    assert "a case load must include ssd_person" in rejected(fresh_db, tmp_path, tables)
    outcome = load_cases(fresh_db, write_folder(tmp_path / "other", minimal()), "test-officer", org="E92000001")
    assert outcome.status == LoadStatus.REJECTED
    assert "'E92000001' is not a local authority known to pidash" in outcome.summary()


def test_a_path_that_is_neither_folder_nor_workbook_is_refused_before_anything(fresh_db, tmp_path):
    (tmp_path / "ssd_person.csv").write_text("pers_person_id\nP-1\n")
    with pytest.raises(CaseLoadError, match="neither a folder nor an XLSX workbook"):
        load_cases(fresh_db, tmp_path / "ssd_person.csv", "test-officer")
    with pytest.raises(CaseLoadError, match="no such folder or workbook"):
        load_cases(fresh_db, tmp_path / "missing", "test-officer")
    assert fresh_db.execute("SELECT count(*) FROM load WHERE kind = 'cases'").fetchall() == [(0,)]
