"""Case records on the pages, under AppTest with `at.user` and `at.secrets` standing in for OIDC and
a roles file (as tests/pages/test_auth.py): loading a case workbook or files on the Load page, the
children behind a figure on the detail page (data officers only, every view and download audited),
the case loads' findings and the audit trail (admins only) on the Data quality page, and the
download buttons' audit records."""
from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import store
from loads.bootstrap import DEMO_CASES, DEMO_CASES_ORG
from ops.inbox import InboxWorker
from tests.cases import casefiles
from tests.helpers import HOME
from tests.pages.apptest import frame_with, run_app_py_every_time, text
from tests.pages.test_auth import AUTH, ROLES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120
CASES_ORG = DEMO_CASES_ORG  # the demo authority with case records: the home authority
OFFICER, READER, BOSS = "officer@example.gov.uk", "reader@example.gov.uk", "boss@example.gov.uk"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def env(seeded_path, tmp_path, monkeypatch):
    """The demo database (its pseudonymisation key beside it), a roles file, sign-in configured."""
    roles = tmp_path / "team-roles.toml"
    roles.write_text(ROLES)
    monkeypatch.setenv("PIDASH_DB", str(seeded_path))
    monkeypatch.setenv("PIDASH_ROLES", str(roles))
    run_app_py_every_time(monkeypatch)
    yield seeded_path
    for thread in threading.enumerate():  # the app's inbox worker for this database
        if isinstance(thread, InboxWorker) and thread.db == Path(str(seeded_path)):
            thread.stop()


def signed_in(email: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets = {key: dict(value) for key, value in AUTH.items()}
    at.user = {"is_logged_in": True, "email": email}
    return at.run()


def rows(path, sql, params=()):
    con = store.connect(path, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def events(path):
    return rows(path, "SELECT who, event, org, indicator, strftime(period, '%Y-%m'), detail FROM audit_event ORDER BY id")


def raw_person_ids() -> set[str]:
    with (DEMO_CASES / "ssd_person.csv").open(newline="", encoding="utf-8") as handle:
        return {row["pers_person_id"] for row in csv.DictReader(handle)}


def frame_texts(at) -> str:
    return " ".join(frame.value.astype(str).to_csv() for frame in at.dataframe)


# --- the Load page ------------------------------------------------------------------------------------

def case_tables() -> dict:
    tables = casefiles.minimal()
    tables["ssd_person"][0]["pers_forename"] = "Alice"  # identifying: dropped as it is read
    tables["ssd_person"].append(casefiles.person("P-0003", dob="1980-01-01"))
    tables["ssd_cin_episodes"].append(casefiles.referral("R3", "P-0003", "2009-05-04"))  # C902Q: 29 at referral
    return tables


def test_a_data_officer_loads_a_case_workbook_reading_the_report_before_confirming(env, tmp_path):
    book = casefiles.write_workbook(tmp_path / "cases-may.xlsx", case_tables()).read_bytes()
    before = rows(env, "SELECT id FROM load ORDER BY id")
    at = signed_in(OFFICER)
    at.switch_page("pages/load.py").run()
    at.selectbox(key="load_table").set_value("cases").run()
    assert not at.exception
    assert at.selectbox(key="load_cases_org").value == HOME  # the home organisation by default
    [uploader] = at.get("file_uploader")
    assert uploader.accept_multiple_files
    uploader.upload("cases-may.xlsx", book, XLSX)
    at.run()
    assert not at.exception
    assert text(at.success[0]).startswith("cases-may.xlsx: 11 rows in 8 table(s) for Haringey passed all 162 ")
    assert text(at.success[0]).endswith("checks. Nothing has been written yet.")
    tables = frame_with(at, "Columns dropped (never stored)")
    assert tables.set_index("Table").loc["ssd_person", "Columns dropped (never stored)"] == "pers_forename"
    assert "ssd_person: pers_forename" in text(at.info[0])
    queries = frame_with(at, "Rule code")
    assert queries.to_dict("records") == [{"Rule code": "C902Q", "Table": "ssd_cin_episodes", "Row": "3",
                                           "Field": "cine_referral_date",
                                           "Rule": "please check: the child was 18 or over at referral"}]
    assert rows(env, "SELECT id FROM load ORDER BY id") == before  # checking wrote nothing

    at.button(key="load_cases_confirm").click().run()
    assert not at.exception
    case_load = before[-1][0] + 1
    assert text(at.success[0]).startswith(f"cases-may.xlsx: accepted as case load {case_load} for {HOME}")
    assert rows(env, "SELECT kind, file_name, status, rows, loaded_by FROM load WHERE id = ?", [case_load]) == [
        ("cases", "cases-may.xlsx", "accepted", 11, OFFICER)]
    assert rows(env, "SELECT derived_from FROM load WHERE derived_from = ?", [case_load]) == [(case_load,)]
    assert rows(env, "SELECT count(*) FROM ssd_person WHERE load_id = ?", [case_load]) == [(3,)]


def test_several_case_files_at_once_are_rejected_by_table_row_field_and_rule_code(env, tmp_path):
    tables = casefiles.minimal()
    tables["ssd_cin_assessments"].append(casefiles.assessment("A9", "P-9999", "R1", "2009-05-01", "2009-05-06"))
    folder = casefiles.write_folder(tmp_path / "files", tables)
    before = rows(env, "SELECT id FROM load ORDER BY id")
    at = signed_in(OFFICER)
    at.switch_page("pages/load.py").run()
    at.selectbox(key="load_table").set_value("cases").run()
    at.get("file_uploader")[0].set_value([(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.iterdir())])
    at.run()
    assert not at.exception
    assert "rejected, 1 problem(s) found. Nothing has been written." in text(at.error[0])
    problems = frame_with(at, "Value")
    assert problems[["Table", "Row", "Field", "Rule code"]].to_dict("records") == [
        {"Table": "ssd_cin_assessments", "Row": "3", "Field": "cina_person_id", "Rule code": "C102"}]
    assert problems["Rule"].iloc[0].startswith("names a person that is not in ssd_person")
    assert not [b for b in at.button if b.key == "load_cases_confirm"]
    at.button(key="load_cases_record_rejection").click().run()
    assert not at.exception
    assert rows(env, "SELECT status FROM load WHERE id > ?", [before[-1][0]]) == [("rejected",)]
    assert rows(env, "SELECT count(*) FROM ssd_person WHERE load_id > ?", [before[-1][0]]) == [(0,)]


def test_a_viewer_cannot_reach_the_case_load(env):
    at = signed_in(READER)
    at.switch_page("pages/load.py").run()
    assert "This page needs the data officer role" in at.error[0].value
    assert len(at.get("file_uploader")) == 0


# --- the children behind a figure on the detail page ----------------------------------------------

def open_detail(email: str, org: str = CASES_ORG, period: str = "2009-05", indicator: str = "NI59") -> AppTest:
    at = signed_in(email)
    at.selectbox(key="org").set_value(org).run()
    at.selectbox(key="period").set_value(period).run()
    at.switch_page("pages/detail.py").run()
    at.selectbox(key="detail_indicator").set_value(indicator).run()
    assert not at.exception
    assert "Records behind this figure" in [s.value for s in at.subheader]
    return at


def test_a_data_officer_sees_the_records_behind_a_computed_month_and_the_view_is_audited(env):
    at = open_detail(OFFICER)
    assert events(env) == []  # nothing shown, nothing recorded, until asked
    assert not [f for f in at.dataframe if "Person (pseudonymous id)" in f.value.columns]
    at.button(key="records_show").click().run()
    assert not at.exception
    shown = frame_with(at, "Person (pseudonymous id)")
    numerator, denominator = rows(env, "SELECT numerator, denominator FROM indicator_return WHERE org = ? AND "
                                       "indicator = 'NI59' AND period = DATE '2009-05-01' AND superseded_by IS NULL",
                                  [CASES_ORG])[0]
    assert len(shown) == denominator and (shown["In time"] == "yes").sum() == numerator
    assert list(shown.columns) == ["Person (pseudonymous id)", "Record", "Referral date", "Authorised", "Working days",
                                   "In time"]
    out_of_time = list(shown["In time"]).index("yes")
    assert out_of_time > 0 and set(shown["In time"][:out_of_time]) == {"no"}  # out of time first
    assert not raw_person_ids() & set(shown["Person (pseudonymous id)"])
    [viewed] = events(env)
    assert viewed[:5] == (OFFICER, "child_records_viewed", CASES_ORG, "NI59", "2009-05")
    assert json.loads(viewed[5])["rows"] == denominator

    at.run()  # the same viewing, redrawn: not a second record
    assert len(events(env)) == 1
    at.download_button(key="records_csv").click().run()
    assert not at.exception
    downloaded = events(env)[-1]
    assert downloaded[:5] == (OFFICER, "export_downloaded", CASES_ORG, "NI59", "2009-05")
    [(case_load,)] = rows(env, "SELECT max(id) FROM load WHERE kind = 'cases' AND status = 'accepted'")
    assert json.loads(downloaded[5]) == {
        "what": "records behind the figure (CSV)", "file": f"records-NI59-{CASES_ORG}-2009-05.csv",
        "rows": denominator, "case_load": case_load, "definition_version": 1}


def test_a_viewer_is_told_records_are_for_data_officers_and_sees_no_rows(env):
    at = open_detail(READER)
    assert "Child-level records are shown to data officers and above." in [i.value for i in at.info]
    assert not [b for b in at.button if b.key == "records_show"]
    assert not [b for b in at.download_button if b.key == "records_csv"]
    assert not [f for f in at.dataframe if "Person (pseudonymous id)" in f.value.columns]
    assert events(env) == []


def test_a_month_loaded_as_a_return_says_it_has_no_records_behind_it(env):
    """NI 59 is computed from case records where an authority sends them (the home authority, here);
    a comparator's NI 59 came in a returns file, so there are no records behind it."""
    org = "E92000001"  # England
    [(load_id, file_name)] = rows(
        env, "SELECT r.load_id, l.file_name FROM indicator_return r JOIN load l ON l.id = r.load_id WHERE r.org = ? "
             "AND r.indicator = 'NI59' AND r.period = DATE '2009-09-01' AND r.superseded_by IS NULL", [org])
    assert file_name == "returns_2007-04_to_2011-03.csv"  # a returns file, not computed from a case load
    at = open_detail(OFFICER, org=org, period="2009-09")
    said = " ".join(text(c) for c in at.caption)
    assert f"The figure for NI 59 in Sep 2009 was loaded as a return (load {load_id})" in said
    assert "not computed from case records" in said
    assert not [b for b in at.button if b.key == "records_show"]
    assert events(env) == []


def test_an_indicator_never_computed_from_case_records_says_so(env):
    """The home authority's NI 61, its one hand-made return: no definition reads case records for it."""
    at = open_detail(OFFICER, org=HOME, period="2009-09", indicator="NI61")
    said = " ".join(text(c) for c in at.caption)
    assert ("NI 61 is not computed from case records, so pidash holds no child-level records behind its figures."
            in said)
    assert not [b for b in at.button if b.key == "records_show"]
    assert events(env) == []


# --- the Data quality page --------------------------------------------------------------------------

def test_the_case_loads_findings_for_everyone_and_the_audit_trail_for_admins_only(env):
    con = store.connect(env)
    from ops import audit

    audit.record(con, "someone@example.gov.uk", "child_records_viewed", CASES_ORG, "NI59", "2009-05", '{"rows": 4}')
    con.close()
    for email, admin in [(READER, False), (OFFICER, False), (BOSS, True)]:
        at = signed_in(email)
        at.switch_page("pages/quality.py").run()
        assert not at.exception, email
        headers = [h.value for h in at.header]
        assert "Case records" in headers
        loads = frame_with(at, "Case load")
        assert CASES_ORG in set(loads["Organisation"]) and (loads["Queries"] > 0).any()
        findings = frame_with(at, "Rule code")
        assert list(findings.columns) == ["Kind", "Rule code", "Table", "Row", "Field", "Rule"]
        assert set(findings["Rule code"]) <= {"C901Q", "C902Q"} and len(findings) > 0
        assert not raw_person_ids() & set(" ".join(findings.astype(str).to_numpy().ravel()).split())
        assert ("Audit trail" in headers) is admin, email
        trails = [f.value for f in at.dataframe if "Who" in f.value.columns]
        if admin:
            [trail] = trails
            assert trail.iloc[-1][["Who", "Event", "Organisation", "Indicator", "Month"]].to_dict() == {
                "Who": "someone@example.gov.uk", "Event": "Viewed child-level records", "Organisation": CASES_ORG,
                "Indicator": "NI 59", "Month": "May 2009"}
        else:
            assert trails == [] and "someone@example" not in frame_texts(at)


# --- downloads are recorded -----------------------------------------------------------------------

def test_the_exception_reports_download_is_recorded(env):
    at = signed_in(OFFICER)
    at.switch_page("pages/exceptions.py").run()
    assert not at.exception
    assert events(env) == []
    at.download_button(key="exceptions_csv").click().run()
    assert not at.exception
    [(who, event, org, indicator, period, detail)] = events(env)
    assert (who, event, org, indicator, period) == (OFFICER, "export_downloaded", None, None, None)
    found = json.loads(detail)
    assert found["what"] == "milestone exception report (CSV)" and found["file"].startswith("exceptions-")


def test_the_evidence_page_records_the_pack_built_and_each_download(env):
    at = signed_in(OFFICER)
    at.switch_page("pages/evidence.py").run()
    at.multiselect[0].set_value(["NI59"])
    [build] = [b for b in at.button if b.label == "Build the pack"]
    build.click().run()
    assert not at.exception
    built = events(env)
    assert [e[:5] for e in built] == [(OFFICER, "evidence_pack_built", HOME, None, "2011-03")]
    assert json.loads(built[0][5]) == {"report": "evidence pack", "indicators": ["NI59"], "publish": False,
                                       "as_signed_off": False,
                                       "child_level_lists": True,  # Haringey's case records, built by a data officer
                                       "via": "Evidence pack page"}
    zipped = [b for b in at.download_button if b.label == "Whole pack (.zip)"]
    zipped[0].click().run()
    assert not at.exception
    last = events(env)[-1]
    assert last[:5] == (OFFICER, "export_downloaded", HOME, None, "2011-03")
    assert json.loads(last[5]) == {"what": "evidence pack (zip)", "file": "evidence-E09000014-2011-03.zip"}
