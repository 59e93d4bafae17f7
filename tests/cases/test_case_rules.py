"""The cross-table rules, each with a failing and a passing case (literal tables, as the DfE
validators test theirs), then through a real case load: an error rejects the load and writes
nothing but its record, a query is accepted and kept in the report."""
from __future__ import annotations

import copy
import json

import pandas as pd
import pytest

from checks.case_rules import RULES, run_rules
from checks.case_suites import CASE_TABLES
from data import case_queries
from loads import pseudonym
from loads.cases import empty_frames, load_cases, normalise_table
from vocab import LoadStatus

from tests.cases.casefiles import assessment, cla_review, minimal, person, placement, referral, write_folder
from tests.helpers import HOME, snapshot

KEY = bytes(range(32))
CASE_TABLE_NAMES = list(CASE_TABLES)


def frames(tables: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """The loader's normalised frames for literal rows (file rows from 2, blanks as None, as read)."""
    out = empty_frames(KEY, HOME)
    for name, rows in tables.items():
        raw = pd.DataFrame(rows, dtype=object).replace({"": None})
        raw.index = pd.RangeIndex(2, len(raw) + 2, name="row")
        out[name] = normalise_table(raw, CASE_TABLES[name], KEY, HOME)[0]
    return out


def changed(*edits):
    """The minimal case load with edits: (table, row position, {column: value}) or (table, None, new row)."""
    tables = copy.deepcopy(minimal())
    for table, position, change in edits:
        if position is None:
            tables[table].append(change)
        else:
            tables[table][position].update(change)
    return tables


UNKNOWN = "P-9999"
CASES = [
    # (rule, the edits, the rows of the rule's table it must find: [] for a passing case)
    ("C101", [("ssd_cin_episodes", 0, {"cine_person_id": UNKNOWN})], [2]),
    ("C101", [("ssd_cin_episodes", None, referral("R2", "P-0002", "2009-06-01"))], []),
    ("C102", [("ssd_cin_assessments", 0, {"cina_person_id": UNKNOWN})], [2]),
    ("C102", [("ssd_cin_assessments", 0, {"cina_person_id": "P-0001"})], []),
    ("C103", [("ssd_cp_plans", 0, {"cppl_person_id": UNKNOWN})], [2]),
    ("C103", [("ssd_cp_plans", 0, {"cppl_person_id": "P-0002"})], []),
    ("C104", [("ssd_cp_reviews", 0, {"cppr_person_id": UNKNOWN})], [2]),
    ("C104", [("ssd_cp_reviews", 0, {"cppr_person_id": "P-0001"})], []),
    ("C105", [("ssd_cla_episodes", 0, {"clae_person_id": UNKNOWN})], [2]),
    ("C105", [("ssd_cla_episodes", 0, {"clae_person_id": "P-0001"})], []),
    ("C106", [("ssd_cla_placement", 0, {"clap_person_id": UNKNOWN})], [2]),
    ("C106", [("ssd_cla_placement", 0, {"clap_person_id": "P-0002"})], []),
    ("C111", [("ssd_cin_assessments", 0, {"cina_referral_id": "R9"})], [2]),
    ("C111", [("ssd_cin_assessments", None, assessment("A2", "P-0001", "", "2009-05-02", "2009-05-09", "core"))], []),
    ("C112", [("ssd_cp_reviews", 0, {"cppr_cp_plan_id": "CP9"})], [2]),
    ("C112", [("ssd_cp_reviews", 0, {"cppr_cp_plan_id": "CP1"})], []),
    ("C113", [("ssd_cla_placement", 0, {"clap_cla_id": "CLA9"})], [2]),
    ("C113", [("ssd_cla_placement", 0, {"clap_cla_id": ""})], []),  # no CLA id given: nothing to look up
    ("C114", [("ssd_cla_reviews", 0, {"clar_cla_id": "CLA9"})], [2]),
    ("C114", [("ssd_cla_reviews", None, cla_review("LR2", "CLA1", "2008-04-29", "2008-04-29"))], []),
    ("C115", [("ssd_cin_assessments", 0, {"cina_referral_id": ""})], [2]),
    ("C115", [("ssd_cin_assessments", 0, {"cina_referral_id": "", "cina_assessment_kind": "core"})], []),
    ("C201", [("ssd_cin_assessments", 0, {"cina_assessment_auth_date": "2009-04-30"})], [2]),
    ("C201", [("ssd_cin_assessments", 0, {"cina_assessment_auth_date": "2009-05-01"})], []),  # the same day
    ("C202", [("ssd_cin_assessments", 0, {"cina_assessment_start_date": "2009-04-30"})], [2]),
    ("C202", [("ssd_cin_assessments", 0, {"cina_assessment_start_date": "2009-05-01"})], []),
    ("C203", [("ssd_person", 0, {"pers_dob": "2009-05-02"})], [2]),
    ("C203", [("ssd_person", 0, {"pers_dob": "2009-05-01"})], []),  # born on the day of the referral
    ("C204", [("ssd_cla_episodes", 0, {"clae_cla_episode_ceased_date": "2007-12-31"})], [2]),
    ("C204", [("ssd_cla_episodes", 0, {"clae_cla_episode_ceased_date": "2008-01-01"})], []),
    ("C205", [("ssd_cin_episodes", 0, {"cine_close_date": "2009-04-30"})], [2]),
    ("C205", [("ssd_cin_episodes", 0, {"cine_close_date": "2009-05-01"})], []),
    ("C206", [("ssd_cp_plans", 0, {"cppl_cp_plan_end_date": "2009-05-19"})], [2]),
    ("C206", [("ssd_cp_plans", 0, {"cppl_cp_plan_end_date": "2009-05-20"})], []),
    ("C207", [("ssd_cla_placement", 0, {"clap_cla_placement_end_date": "2007-12-31"})], [2]),
    ("C207", [("ssd_cla_placement", 0, {"clap_cla_placement_end_date": "2008-01-01"})], []),
    ("C208", [("ssd_cp_reviews", 0, {"cppr_cp_review_date": "2009-05-19"})], [2]),
    ("C208", [("ssd_cp_reviews", 0, {"cppr_cp_review_date": "2009-05-20"})], []),
    ("C209", [("ssd_cp_reviews", 0, {"cppr_cp_review_due": "2009-05-19", "cppr_cp_review_date": ""})], [2]),
    ("C209", [("ssd_cp_reviews", 0, {"cppr_cp_review_due": "2009-05-20", "cppr_cp_review_date": ""})], []),
    ("C210", [("ssd_cla_placement", None, placement("PL2", "CLA1", "P-0002", "2009-01-01"))], [3]),
    ("C210", [("ssd_cla_placement", 0, {"clap_cla_placement_end_date": "2009-01-01"}),  # moves the same day
              ("ssd_cla_placement", None, placement("PL2", "CLA1", "P-0002", "2009-01-01"))], []),
    ("C210", [("ssd_cla_placement", 0, {"clap_cla_placement_end_date": "2009-01-02"}),  # a day's overlap
              ("ssd_cla_placement", None, placement("PL2", "CLA1", "P-0002", "2009-01-01"))], [3]),
    ("C901Q", [("ssd_cin_assessments", None, assessment("A2", "P-0001", "", "2008-01-01", "2009-01-01", "core"))], [3]),
    ("C901Q", [("ssd_cin_assessments", None, assessment("A2", "P-0001", "", "2008-01-01", "2008-12-31", "core"))],
     []),  # 365 days exactly
    ("C901Q", [("ssd_cin_assessments", None, assessment("A2", "P-0001", "", "2008-01-01", "", "core"))],
     [3]),  # never authorised: open to the latest date in the load (19 August 2009)
    ("C902Q", [("ssd_person", 0, {"pers_dob": "1991-05-01"})], [2]),  # 18 on the day of the referral
    ("C902Q", [("ssd_person", 0, {"pers_dob": "1991-05-02"})], []),  # 17 for one more day
]


def test_the_minimal_case_load_breaks_no_rule():
    assert run_rules(frames(minimal())) == []


@pytest.mark.parametrize(("code", "edits", "rows"), CASES,
                         ids=[f"{c}-{'fails' if r else 'passes'}-{i}" for i, (c, _, r) in enumerate(CASES)])
def test_each_rule_finds_exactly_its_failing_rows(code, edits, rows):
    rule = next(r for r in RULES if r.code == code)
    found = run_rules(frames(changed(*edits)))
    mine = [f for f in found if f.code == code]
    assert [f.row for f in mine] == rows
    assert all(f.table == rule.table and f.field == rule.fields[0] for f in mine)
    others = [f for f in found if f.code != code]
    assert others == [], f"the edits broke other rules too: {others}"


def test_every_rule_has_a_failing_and_a_passing_case():
    failing = {c for c, _, rows in CASES if rows}
    passing = {c for c, _, rows in CASES if not rows}
    codes = {r.code for r in RULES}
    assert failing == codes and passing == codes
    assert {r.code for r in RULES if r.severity == "query"} == {"C901Q", "C902Q"}
    assert all(r.code.endswith("Q") == (r.severity == "query") for r in RULES)


def test_a_finding_names_the_child_by_pseudonymous_id_only():
    found = run_rules(frames(changed(("ssd_cin_assessments", 0, {"cina_assessment_auth_date": "2009-04-30"}))))
    assert [(f.code, f.table, f.row, f.field) for f in found] == [
        ("C201", "ssd_cin_assessments", 2, "cina_assessment_auth_date")]
    assert found[0].person == pseudonym.pseudonym(KEY, HOME, "P-0001")
    assert "P-0001" not in str(found[0]) and found[0].person in str(found[0])


def test_a_review_of_a_looked_after_child_is_named_by_the_child_of_its_period_of_care():
    found = run_rules(frames(changed(("ssd_cla_reviews", 0, {"clar_cla_id": "CLA9"}),
                                     ("ssd_cla_reviews", None, cla_review("LR2", "CLA1", "2007-01-01")))))
    assert [(f.code, f.row, f.person) for f in found] == [("C114", 2, None)]


# --- through a real case load -------------------------------------------------------------

def case_rows(con) -> int:
    return sum(con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in CASE_TABLE_NAMES)


def test_an_error_rejects_the_whole_load_and_writes_only_its_record(fresh_db, tmp_path):
    before = snapshot(fresh_db)
    folder = write_folder(tmp_path / "cases", changed(
        ("ssd_cin_assessments", 0, {"cina_assessment_auth_date": "2009-04-30"}),
        ("ssd_cla_placement", None, placement("PL2", "CLA1", "P-0002", "2009-01-01"))))
    outcome = load_cases(fresh_db, folder, "test-officer")
    assert outcome.status == LoadStatus.REJECTED and outcome.derived is None
    assert case_rows(fresh_db) == 0 and snapshot(fresh_db) == before
    status, kind = fresh_db.execute("SELECT status, kind FROM load WHERE id = ?", [outcome.load_id]).fetchall()[0]
    assert (status, kind) == ("rejected", "cases")
    results = fresh_db.execute("SELECT expectation, column_name, success, failures FROM check_result "
                               "WHERE load_id = ? AND expectation LIKE 'case rule%' AND NOT success ORDER BY 1",
                               [outcome.load_id]).fetchall()
    assert [(r[0], r[1]) for r in results] == [("case rule C201", "cina_assessment_auth_date"),
                                                ("case rule C210", "clap_cla_placement_start_date")]
    c201 = json.loads(results[0][3])[0]
    assert (c201["file"], c201["row"], c201["column"]) == ("ssd_cin_assessments.csv", 2, "cina_assessment_auth_date")
    assert c201["rule"].startswith("C201: the assessment was authorised before it started (person ")
    text = outcome.summary()
    assert "ssd_cin_assessments.csv: row 2, column 'cina_assessment_auth_date': C201: the assessment was authorised " \
           "before it started" in text
    assert "ssd_cla_placement.csv: row 3, column 'clap_cla_placement_start_date': C210" in text
    assert "nothing was written" in text and "P-0001" not in text and "P-0002" not in text


def test_a_query_is_accepted_and_kept_in_the_loads_report(fresh_db, tmp_path):
    folder = write_folder(tmp_path / "cases", changed(("ssd_person", 0, {"pers_dob": "1990-02-03"})))
    outcome = load_cases(fresh_db, folder, "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    report = json.loads(case_queries.case_load_report(fresh_db, outcome.load_id))
    assert case_queries.case_load_report(fresh_db, outcome.derived.load_id) is None  # a returns load, not a case load
    key = pseudonym.load_key(fresh_db, create=False)
    assert report["findings"] == [{"code": "C902Q", "severity": "query", "table": "ssd_cin_episodes", "row": 2,
                                   "field": "cine_referral_date", "person": pseudonym.pseudonym(key, HOME, "P-0001"),
                                   "message": "please check: the child was 18 or over at referral"}]
    assert [w["rule"][:6] for w in report["warnings"]] == ["C902Q:"]
    assert "query: ssd_cin_episodes row 2, field 'cine_referral_date': C902Q" in outcome.summary()
    assert case_rows(fresh_db) == sum(len(rows) for rows in minimal().values())
    assert "P-0001" not in json.dumps(report)


def test_a_person_named_only_in_another_table_is_an_error(fresh_db, tmp_path):
    tables = minimal()
    tables["ssd_person"] = [person("P-0002", dob="1998-01-20")]  # P-0001 is named by five tables
    outcome = load_cases(fresh_db, write_folder(tmp_path / "cases", tables), "test-officer")
    assert outcome.status == LoadStatus.REJECTED
    failed = {r.expectation for r in outcome.prepared.report.results if not r.success}
    assert failed == {"case rule C101", "case rule C102", "case rule C103", "case rule C104"}
