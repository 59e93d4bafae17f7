"""The inspection lists (Ofsted Annex A style, pseudonymised) in the evidence pack, and the audit
record of every pack built: literal case records through the real loader for the exact lists, and
`pidash evidence` on the demo (the home authority's synthetic case records) for the whole path."""
from __future__ import annotations

import csv
import datetime as dt
import getpass
import json

import duckdb
import pytest

from data import store
from loads.bootstrap import DEMO_CASES, DEMO_CASES_ORG, DEMO_DIR
from loads.cases import load_cases
from loads.pipeline import load_file
from ops import audit
from reports.gather import gather
from reports.inspection import SHEETS
from tests.cases.casefiles import assessment, cla_review, episode, minimal, person, placement, plan, referral, write_folder
from tests.helpers import HOME
from tests.reports.conftest import run_pidash
from tests.reports.helpers import table, workbook
from vocab import LoadStatus

CASES_ORG = DEMO_CASES_ORG  # the demo authority with case records (the home authority)
RAW = {"P-0001", "P-0002", "P-0003", "P-0004", "P-012", "P-013", "P-014"}


def literal_cases() -> dict:
    tables = minimal()  # P-0001: plan CP1 from 2009-05-20, assessment A1; P-0002 looked after since 2008-01-01
    tables["ssd_person"] += [person("P-0003", dob="2005-03-02"), person("P-0004", dob="2001-11-30", sex="M")]
    tables["ssd_cp_plans"] += [plan("CP2", "P-0003", "2008-01-10", "2008-06-30"),  # ended: not on a plan now
                               plan("CP3", "P-0003", "2009-09-01"),  # a second plan, open at the period end
                               plan("CP4", "P-0004", "2009-02-02", "2009-09-30")]  # ended on the day: not open
    tables["ssd_cla_episodes"] += [episode("E2", "P-0004", "CLA2", "2009-03-01", ceased="2009-08-31")]
    tables["ssd_cla_placement"] += [placement("PL2", "CLA2", "P-0004", "2009-03-01", "2009-08-31")]
    tables["ssd_cla_reviews"] += [cla_review("LR2", "CLA1", "2009-07-29", "2009-07-27")]
    # initial assessments of referrals on Friday 1 May 2009 (Mondays 4 and 25 May were bank holidays)
    for n, authorised in enumerate(["2009-05-14", "2009-05-06", "2009-05-28"], start=2):
        tables["ssd_person"].append(person(f"P-01{n}"))
        tables["ssd_cin_episodes"].append(referral(f"R{n}", f"P-01{n}", "2009-05-01"))
        tables["ssd_cin_assessments"].append(assessment(f"A{n}", f"P-01{n}", f"R{n}", "2009-05-01", authorised))
    tables["ssd_cin_episodes"].append(referral("R9", "P-0003", "2009-02-02"))
    tables["ssd_cin_assessments"].append(assessment("A9", "P-0003", "R9", "2009-02-02", "2009-03-20"))  # before the 6 months
    return tables


@pytest.fixture
def cases_db(fresh_db, tmp_path):
    outcome = load_cases(fresh_db, write_folder(tmp_path / "cases", literal_cases()), "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    return fresh_db


def test_the_lists_at_the_period_end_from_the_case_records(cases_db):
    pack = gather(cases_db, "2009-09", indicators=["NI59"], inspection_lists=True)
    lists = pack.inspection
    assert lists is not None and lists.period_end == dt.date(2009, 9, 30)
    plans = lists.plans.to_dict("records")
    assert [(p["Plan started"], p["Earlier plans"], p["Days on the plan"]) for p in plans] == [
        (dt.date(2009, 5, 20), 0, 133), (dt.date(2009, 9, 1), 1, 29)]
    assert [p["Age at period end (years)"] for p in plans] == [9, 4]  # born June 2000, March 2005
    looked_after = lists.looked_after.to_dict("records")
    assert len(looked_after) == 1  # P-0004's care ceased on 31 August
    assert (looked_after[0]["Looked after since"], looked_after[0]["Placement type"],
            looked_after[0]["Latest review held"]) == (dt.date(2008, 1, 1), "U4", dt.date(2009, 7, 27))
    assessments = lists.assessments
    assert lists.assessments_from == dt.date(2009, 4, 1)
    assert list(assessments["Working days"]) == [2, 7, 8, 17]  # by date authorised; A9 of March is not in the six months
    assert list(assessments["In time"]) == ["yes", "yes", "no", "no"]
    assert set(assessments["Definition"]) == {"NI59 v1"} and set(assessments["Assessment"]) == {"initial"}
    every_id = set(lists.plans.iloc[:, 0]) | set(lists.looked_after.iloc[:, 0]) | set(assessments.iloc[:, 0])
    assert len(every_id) == 6 and not every_id & RAW  # pseudonymous ids only
    assert all(len(i) == 24 for i in every_id)


@pytest.mark.parametrize("options, note", [
    ({"inspection_lists": False}, "left out: child-level records need the data officer role or above"),
    ({"inspection_lists": True, "publish": True}, "child-level and left out of a publication pack"),
    ({"inspection_lists": True, "quarterly": True}, None),
])
def test_the_lists_are_left_out_below_a_data_officer_in_publication_and_in_the_quarterly_report(cases_db, options,
                                                                                                 note):
    pack = gather(cases_db, "2009-09", indicators=["NI59"], **options)
    assert pack.inspection is None
    said = [n for n in pack.notes if "inspection lists" in n]
    if note is None:
        assert said == []
    else:
        assert len(said) == 1 and note in said[0]


@pytest.fixture
def returns_only_db(fresh_db, demo_returns_csv):
    """The home authority with the demo's figures (its own and the comparators') loaded as one
    returns file: a local authority with returns only, no case records."""
    for kind, path in (("organisations", DEMO_DIR / "organisations.csv"), ("returns", demo_returns_csv)):
        outcome = load_file(fresh_db, kind, path, "test-officer")
        assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    return fresh_db


@pytest.mark.parametrize("store_, org", [
    ("returns_only_db", HOME),  # a local authority whose figures came as returns
    ("seeded_db", "E12000007"),  # the demo's London: a region, figures only
])
def test_an_organisation_without_case_records_has_no_lists_and_no_note(request, store_, org):
    con = request.getfixturevalue(store_)
    [(records,)] = con.execute("SELECT count(*) FROM ssd_person WHERE org = ?", [org]).fetchall()
    [(figures,)] = con.execute("SELECT count(*) FROM indicator_return WHERE org = ? AND indicator = 'NI59' "
                               "AND period = DATE '2009-09-01'", [org]).fetchall()
    assert records == 0 and figures == 1
    pack = gather(con, "2009-09", org=org, indicators=["NI59"], inspection_lists=True)
    assert pack.series["NI59"]["numerator"].notna().any()  # a pack of its figures ...
    assert pack.inspection is None and not [n for n in pack.notes if "inspection lists" in n]  # ... and no lists


@pytest.mark.parametrize("kwargs, message", [
    ({"period": "2009-13"}, "YYYY-MM"),
    ({"period": "2009-09", "org": "E09999999"}, "unknown organisation 'E09999999'"),
    ({"period": "2009-09", "indicators": ["NI59", "NI999"]}, "unknown indicator(s) NI999"),
])
def test_a_pack_that_cannot_be_built_is_not_recorded(seeded_db, kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        audit.pack_built(seeded_db, "qa-officer", **kwargs)
    assert audit.events(seeded_db).empty


# --- `pidash evidence` on the demo -------------------------------------------------------------------

def raw_ids() -> set[str]:
    with (DEMO_CASES / "ssd_person.csv").open(newline="", encoding="utf-8") as handle:
        found = list(csv.DictReader(handle))
    return {r["pers_person_id"] for r in found} | {r["pers_upn"] for r in found}


@pytest.fixture
def demo_db(seeded_path):
    return seeded_path


def audit_rows(db):
    con = store.connect(db, read_only=True)
    try:
        return con.execute("SELECT who, event, org, indicator, strftime(period, '%Y-%m'), detail FROM audit_event "
                           "ORDER BY id").fetchall()
    finally:
        con.close()


def test_pidash_evidence_records_who_built_the_pack_and_adds_the_inspection_lists(demo_db, tmp_path):
    out = tmp_path / "pack"
    done = run_pidash("evidence", "--period", "2009-09", "--org", CASES_ORG, "--indicators", "NI59", "--quiet",
                      "--out", str(out), db=demo_db)
    assert done.returncode == 0, done.stderr
    [(who, event, org, indicator, period, detail)] = audit_rows(demo_db)
    assert (who, event, org, indicator, period) == ("qa-officer", "evidence_pack_built", CASES_ORG, None, "2009-09")
    assert json.loads(detail) == {"report": "evidence pack", "indicators": ["NI59"], "publish": False,
                                  "as_signed_off": False, "child_level_lists": True, "via": "pidash evidence"}
    book = workbook(out / f"evidence-{CASES_ORG}-2009-09.xlsx")
    assert book.sheetnames[-4:] == [*SHEETS, "Index"]
    contents = [row[1] for row in book["About"].iter_rows(values_only=True) if row[0] is None and row[1]]
    assert set(SHEETS) <= set(contents)
    plans = table(book["List CP plans"], "Child (pseudonymous id)")
    looked_after = table(book["List looked after"], "Child (pseudonymous id)")
    assessments = table(book["List assessments"], "Child (pseudonymous id)")
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        figures = con.execute(
            "SELECT strftime(period, '%Y-%m'), numerator, denominator FROM indicator_return WHERE org = ? AND "
            "indicator = 'NI59' AND superseded_by IS NULL AND period BETWEEN DATE '2009-04-01' AND DATE '2009-09-01' "
            "ORDER BY period", [CASES_ORG]).fetchall()
        # two case loads (the extracts of August 2009 and March 2011): the lists are the later one's
        [(case_load,)] = con.execute("SELECT max(id) FROM load WHERE kind = 'cases' AND status = 'accepted'").fetchall()
        open_plans = con.execute(
            "SELECT count(*) FROM ssd_cp_plans WHERE org = ? AND load_id = ? AND cppl_cp_plan_start_date <= "
            "DATE '2009-09-30' AND (cppl_cp_plan_end_date IS NULL OR cppl_cp_plan_end_date > DATE '2009-09-30')",
            [CASES_ORG, case_load]).fetchall()
    finally:
        con.close()
    assert case_load == 14 and book["List CP plans"]["A2"].value.startswith(f"{CASES_ORG}, from case load 14 (cases/, ")
    assert len(plans) == open_plans[0][0] > 0 and len(looked_after) > 0
    # the assessments list agrees with the figures: NI 59's assessments month by month, and those in time
    initial = [a for a in assessments if a["Definition"] == "NI59 v1"]
    by_month = {}
    for a in initial:
        month = a["Authorised"].strftime("%Y-%m")
        counted, total = by_month.get(month, (0, 0))
        by_month[month] = (counted + (a["In time"] == "yes"), total + 1)
    assert [(m, n, d) for m, (n, d) in sorted(by_month.items())] == figures
    cells = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None}
    words = {w for cell in cells for w in cell.replace(",", " ").split()}
    assert not (cells | words) & raw_ids()  # no case-system person id or UPN anywhere in the workbook


def test_below_a_data_officer_the_pack_has_no_child_level_lists_and_the_audit_says_so(demo_db, tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text(f'[users]\n"{getpass.getuser()}" = "viewer"\n"qa-officer" = "viewer"\n')
    out = tmp_path / "pack"
    done = run_pidash("evidence", "--period", "2009-09", "--org", CASES_ORG, "--indicators", "NI59", "--quiet",
                      "--out", str(out), db=demo_db, env_extra={"PIDASH_ROLES": str(roles)})
    assert done.returncode == 0, done.stderr
    [event] = audit_rows(demo_db)
    assert event[1] == "evidence_pack_built" and json.loads(event[5])["child_level_lists"] is False
    book = workbook(out / f"evidence-{CASES_ORG}-2009-09.xlsx")
    assert not set(SHEETS) & set(book.sheetnames)
    notes = [row[1] for row in book["About"].iter_rows(values_only=True) if row[1]]
    assert any("inspection lists" in str(n) and "data officer role" in str(n) for n in notes)


def test_what_cannot_be_recorded_is_not_built(demo_db, tmp_path):
    holder = duckdb.connect(str(demo_db), read_only=True)  # a reader elsewhere: a pack could be read, not recorded
    try:
        out = tmp_path / "pack"
        done = run_pidash("evidence", "--period", "2009-09", "--org", CASES_ORG, "--indicators", "NI59", "--quiet",
                          "--out", str(out), db=demo_db, env_extra={"PIDASH_LOCK_WAIT": "0"})
    finally:
        holder.close()
    assert done.returncode == 1 and "in use by" in done.stderr
    assert not out.exists()
    assert audit_rows(demo_db) == []


def test_the_home_authoritys_pack_holds_the_lists_and_its_build_is_recorded(demo_pack):
    """The pack CI builds (every indicator, no --org) for the home authority, whose case records
    the demo holds, built by someone who may see child-level rows."""
    book = workbook(demo_pack["xlsx"])
    assert book.sheetnames[-4:] == [*SHEETS, "Index"]
    plans = table(book["List CP plans"], "Child (pseudonymous id)")
    con = duckdb.connect(str(demo_pack["db"]), read_only=True)
    try:
        [(case_load,)] = con.execute("SELECT max(id) FROM load WHERE kind = 'cases' AND status = 'accepted'").fetchall()
        [(open_plans,)] = con.execute(
            "SELECT count(*) FROM ssd_cp_plans WHERE org = ? AND load_id = ? AND cppl_cp_plan_start_date <= "
            "DATE '2009-09-30' AND (cppl_cp_plan_end_date IS NULL OR cppl_cp_plan_end_date > DATE '2009-09-30')",
            [HOME, case_load]).fetchall()
    finally:
        con.close()
    assert len(plans) == open_plans > 0
    [event] = audit_rows(demo_pack["db"])
    assert event[:5] == ("qa-officer", "evidence_pack_built", HOME, None, "2009-09")
    assert json.loads(event[5])["child_level_lists"] is True
