"""The children behind a figure: `records_behind` and `pidash records` (role-gated, every view
recorded in the audit trail), `pidash load cases` from the command line, and ops/audit.py."""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import subprocess
import sys

import pytest

import access
from data import store
from loads import pseudonym
from loads.cases import load_cases
from ops import audit
from ops.case_records import RecordsError, records_behind
from vocab import LoadStatus, Role

from tests.cases.casefiles import assessment, minimal, person, referral, write_folder
from tests.helpers import HOME


def with_may_assessments() -> dict:
    tables = minimal()
    # 8, 2 and 17 working days after Friday 1 May 2009 (Mondays 4 and 25 May were bank holidays)
    for n, authorised in enumerate(["2009-05-14", "2009-05-06", "2009-05-28"], start=2):
        tables["ssd_person"].append(person(f"P-01{n}"))
        tables["ssd_cin_episodes"].append(referral(f"R{n}", f"P-01{n}", "2009-05-01"))
        tables["ssd_cin_assessments"].append(assessment(f"A{n}", f"P-01{n}", f"R{n}", "2009-05-01", authorised))
    return tables


RAW = ["P-0001", "P-0002", "P-012", "P-013", "P-014"]


@pytest.fixture
def cases_db(fresh_db, tmp_path):
    outcome = load_cases(fresh_db, write_folder(tmp_path / "cases", with_may_assessments()), "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    return fresh_db


def pseudonyms(con) -> dict[str, str]:
    key = pseudonym.load_key(con, create=False)
    return {pseudonym.pseudonym(key, HOME, raw): raw for raw in RAW}


def test_the_records_behind_ni59_out_of_time_first_and_the_view_is_audited(cases_db):
    found = records_behind(cases_db, "officer@example.org", Role.DATA_OFFICER, "ni 59", "2009-05")
    assert (found.numerator, found.denominator, found.version) == (2, 4, 1)
    named = pseudonyms(cases_db)
    assert [named[p] for p in found.records["person_id"]] == ["P-014", "P-012", "P-0001", "P-013"]
    assert list(found.records["measure"]) == [17, 8, 7, 2]
    table = found.table
    assert list(table.columns) == ["Person (pseudonymous id)", "Record", "Referral date", "Authorised", "Working days",
                                   "In time"]
    assert list(table["In time"]) == ["no", "no", "yes", "yes"]
    assert table.iloc[0]["Referral date"] == "2009-05-01" and table.iloc[0]["Authorised"] == "2009-05-28"
    events = audit.events(cases_db)
    assert len(events) == 1
    event = events.iloc[0]
    assert (event["who"], event["event"], event["org"], event["indicator"]) == (
        "officer@example.org", "child_records_viewed", HOME, "NI59")
    assert str(event["period"])[:10] == "2009-05-01"
    assert json.loads(event["detail"]) == {"rows": 4, "case_load": found.case_load, "definition_version": 1}
    assert found.audit_event == event["id"]
    assert not any(raw in json.dumps(found.to_dict()) for raw in RAW)


@pytest.mark.parametrize("role", [Role.VIEWER, None])
def test_below_a_data_officer_nothing_is_shown_and_nothing_recorded(cases_db, role):
    with pytest.raises(access.PermissionDenied, match="the role data_officer or above is needed to see the children"):
        records_behind(cases_db, "someone", role, "NI59", "2009-05")
    assert audit.events(cases_db).empty


@pytest.mark.parametrize(("indicator", "period", "org", "message"), [
    ("NI61", "2009-05", None, "'NI61' is not computed from case records"),
    ("NI59", "2009-05", "E09000099", "no case records have been loaded for E09000099"),
    ("NI59", "2006-05", None, "no definition of NI59 with a query is in force in 2006-05"),
    ("NI59", "May 2009", None, "the period must be a month written YYYY-MM"),
    ("NI59", "2009-13", None, "the period must be a month written YYYY-MM"),
])
def test_a_request_that_cannot_be_answered_says_why_and_records_nothing(cases_db, indicator, period, org, message):
    with pytest.raises(RecordsError, match=message):
        records_behind(cases_db, "officer", Role.ADMIN, indicator, period, org=org)
    assert audit.events(cases_db).empty


def test_an_audit_event_needs_who_and_what_and_keeps_the_month(fresh_db):
    with pytest.raises(ValueError, match="needs who did it"):
        audit.record(fresh_db, " ", "child_records_viewed")
    first = audit.record(fresh_db, "a", "evidence_pack_exported", org=HOME, indicator="NI59", period="2009-09")
    second = audit.record(fresh_db, "b", "child_records_viewed", period=dt.date(2009, 10, 17), detail='{"rows": 3}')
    events = audit.events(fresh_db)
    assert list(events["id"]) == [second, first]
    assert [str(p)[:10] for p in events["period"]] == ["2009-10-01", "2009-09-01"]
    assert list(audit.events(fresh_db, event="evidence_pack_exported")["who"]) == ["a"]


# --- the command line ------------------------------------------------------------------------

def pidash(*args, db, user="cli-officer", env=None, timeout=300):
    command = [sys.executable, "-m", "cli", "--db", str(db), *args]
    environment = {**os.environ, "PIDASH_USER": user, **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=timeout)


@pytest.fixture
def cases_path(cases_db, fresh_path):
    cases_db.execute("CHECKPOINT")
    cases_db.close()
    return fresh_path


def roles(tmp_path, login_role: str):
    path = tmp_path / "team-roles.toml"
    path.write_text(f'[users]\n"{getpass.getuser()}" = "{login_role}"\n"cli-officer" = "data_officer"\n')
    return {"PIDASH_ROLES": str(path)}


def audit_rows(path):
    con = store.connect(path, read_only=True)
    try:
        return con.execute("SELECT who, event, indicator, strftime(period, '%Y-%m') FROM audit_event ORDER BY id").fetchall()
    finally:
        con.close()


def test_pidash_records_is_refused_to_a_viewer_and_nothing_is_recorded(cases_path, tmp_path):
    result = pidash("records", "--indicator", "NI59", "--period", "2009-05", db=cases_path, env=roles(tmp_path, "viewer"))
    assert result.returncode == 1
    assert "has the role viewer" in result.stderr
    assert "the role data_officer or above to see the children behind a figure" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert audit_rows(cases_path) == []


def test_pidash_records_shows_a_data_officer_the_records_and_records_the_view(cases_path, tmp_path):
    env = roles(tmp_path, "data_officer")
    shown = pidash("records", "--indicator", "NI59", "--period", "2009-05", db=cases_path, env=env)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith(f"NI59 May 2009, {HOME}: 2 of 4 (initial assessment authorised in the month)")
    assert "Working days" in lines[1] and "In time" in lines[1]
    assert [line.split()[-1] for line in lines[2:]] == ["no", "no", "yes", "yes"]
    exported = pidash("records", "--indicator", "NI59", "--period", "2009-05", "--json", db=cases_path, env=env)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert (data["numerator"], data["denominator"], data["definition_version"]) == (2, 4, 1)
    assert [r["measure"] for r in data["records"]] == [17, 8, 7, 2]
    assert data["records"][0]["from_date"] == "2009-05-01" and data["records"][0]["counted"] is False
    assert "10 working days" not in data["definition"] and "7 working days" in data["definition"]
    assert not any(raw in shown.stdout + exported.stdout for raw in RAW)
    assert audit_rows(cases_path) == [("cli-officer", "child_records_viewed", "NI59", "2009-05"),
                                      ("cli-officer", "child_records_exported", "NI59", "2009-05")]


def test_pidash_load_cases_is_for_data_officers_and_reports_a_rejection(fresh_path, tmp_path):
    folder = write_folder(tmp_path / "cases", minimal())
    refused = pidash("load", "cases", str(folder), db=fresh_path, env=roles(tmp_path, "viewer"))
    assert refused.returncode == 1 and "has the role viewer" in refused.stderr
    assert "the role data_officer or above to load case records" in refused.stderr
    loaded = pidash("load", "cases", str(folder), "--quiet", db=fresh_path, env=roles(tmp_path, "data_officer"))
    assert loaded.returncode == 0, loaded.stderr
    assert f"cases/: accepted as case load 2 for {HOME}" in loaded.stdout
    assert "Computed returns: load 3, derived from case load 2" in loaded.stdout
    bad = minimal()
    bad["ssd_cin_assessments"][0]["cina_assessment_auth_date"] = "2009-04-30"
    rejected = pidash("load", "cases", str(write_folder(tmp_path / "bad", bad)), "--quiet", "--org", HOME,
                      db=fresh_path, env=roles(tmp_path, "data_officer"))
    assert rejected.returncode == 1
    assert "ssd_cin_assessments.csv: row 2, column 'cina_assessment_auth_date': C201" in rejected.stderr
    assert "Recorded as rejected load 4." in rejected.stderr


def test_org_is_for_case_loads_only_and_a_missing_folder_is_named(fresh_path, tmp_path):
    returns = tmp_path / "returns.csv"
    returns.write_text("indicator,period,numerator,denominator\nNI59,2009-09,1,2\n")
    wrong = pidash("load", "returns", str(returns), "--org", HOME, db=fresh_path)
    assert wrong.returncode == 1 and "--org is for case records only" in wrong.stderr
    missing = pidash("load", "cases", str(tmp_path / "nowhere"), db=fresh_path)
    assert missing.returncode == 1 and "no such folder or workbook" in missing.stderr


def test_a_figure_recomputed_unchanged_by_a_later_case_load_is_that_case_loads(seeded_db, tmp_path):
    """The demo's later extract (case load 14) computed May 2009's NI 59 again, found it unchanged
    and left the row with the earlier derived load (13): the figure's case load is still 14. A case
    load without assessments computes no NI 59, so the figure stays with the case load before it."""
    from data.case_queries import figure_source, latest_case_load
    from ui.records_view import other_case_load_note

    may = dt.date(2009, 5, 1)
    assert figure_source(seeded_db, HOME, "NI59", may) == {"load_id": 13, "case_load": 14}
    assert figure_source(seeded_db, HOME, "NI59", dt.date(2009, 7, 1)) == {"load_id": 15, "case_load": 14}
    assert figure_source(seeded_db, HOME, "NI61", may) == {"load_id": 4, "case_load": None}  # a hand-made return
    assert other_case_load_note(14, figure_source(seeded_db, HOME, "NI59", may)) is None

    import shutil

    from loads.bootstrap import DEMO_CASES
    folder = tmp_path / "no-assessments"
    shutil.copytree(DEMO_CASES, folder)
    (folder / "ssd_cin_assessments.csv").unlink()
    outcome = load_cases(seeded_db, folder, "test-officer", org=HOME)
    assert outcome.status == LoadStatus.ACCEPTED and latest_case_load(seeded_db, HOME) == outcome.load_id
    assert "NI59" in {d["indicator"] for d in outcome.not_computed}
    assert figure_source(seeded_db, HOME, "NI59", may) == {"load_id": 13, "case_load": 14}
    assert figure_source(seeded_db, HOME, "NI62", may)["case_load"] == outcome.load_id  # computed again
    assert other_case_load_note(outcome.load_id, figure_source(seeded_db, HOME, "NI59", may)) == (
        f"The figure was computed from case load 14; these records are from the latest case load, "
        f"{outcome.load_id}, which computed no figure for this month.")
