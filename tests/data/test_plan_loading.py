"""Loading the improvement plan, milestone status updates and the risk register from real files
through the checked load path: due dates from timescales, unreadable timescales reported as
warnings, bad files rejected with the problem named and the database unchanged."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from data import store
from loads.pipeline import load_file
from vocab import LoadStatus
from tests.helpers import snapshot

PLAN_TABLES = ("theme", "area", "action", "milestone", "milestone_status", "risk")

THEMES = "code,title\n1,Leadership and Partnership\n2,Delivering best practice\n"
AREAS = "code,theme,title\n1.1,1,Creating a leadership team\n2.1,2,Referral and assessment\n"
ACTIONS = (
    "code,area,text,lead,involved_groups,timescale,targets_outcomes,indicators\n"
    "1.1.1,1.1,Strengthen governance,Chief Executive,Partners to HSP,Feb - May 09; Monthly,EPMG set up,\n"
    "1.1.2,1.1,Clear vision and values,Assistant Chief Executive,Partners to HSP,2 nd April,Vision agreed,\n"
    '2.1.1,2.1,New referral pathway,C&YPS DDC&F,C&YPS,"September December 09",Decisions in 24 hours,ni 59; NI60\n'
)
MILESTONES = (
    "action,milestone,description,timescale\n"
    "1.1.1,1,EPMG established,Feb - May 09\n"
    "1.1.1,2,Monthly report supplied,Monthly\n"
    "1.1.2,1,Vision published,2 nd April\n"
    "2.1.1,1,Pathway agreed,\n"
    "2.1.1,2,Pathway in use,September December 09\n"
)
STATUS = (
    "action,milestone,status,as_of,commentary\n"
    "1.1.1,1,complete,2009-05-31,EPMG met in May\n"
    "1.1.2,1,at_risk,2009-05-31,Slippage noted in May\n"
    "2.1.1,2,on_track,2009-05-31,\n"
)
RISKS = (
    "code,kind,title,owner,likelihood,impact,mitigation,status,as_of\n"
    "R1,risk,Recruitment and retention of social workers,Head of HR,5,5,Recruitment campaign,open,2009-06-30\n"
    "I1,issue,Rising referrals,DDC&F,5,4,,open,2009-06-30\n"
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plan_template(fresh_template, tmp_path_factory):
    """A fresh database with the small plan above loaded, built once for this module."""
    folder = tmp_path_factory.mktemp("plan")
    path = folder / "plan.duckdb"
    shutil.copy(fresh_template, path)
    con = store.connect(path)
    for table, name, text in [("themes", "themes.csv", THEMES), ("areas", "areas.csv", AREAS),
                              ("actions", "actions.csv", ACTIONS), ("plan_milestones", "milestones.csv", MILESTONES)]:
        outcome = load_file(con, table, write(folder, name, text), "plan-officer")
        assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    con.execute("CHECKPOINT")
    con.close()
    return path


@pytest.fixture
def plan_db(plan_template, tmp_path):
    """A private copy of the plan database for one test."""
    path = tmp_path / "plan.duckdb"
    shutil.copy(plan_template, path)
    con = store.connect(path)
    yield con
    con.close()


def test_the_plan_loads_with_due_dates_from_its_timescales(plan_db):
    rows = plan_db.execute(
        "SELECT action, milestone, due_start, due_end, recurring FROM milestone ORDER BY action, milestone"
    ).fetchall()
    assert rows == [
        ("1.1.1", 1, dt.date(2009, 2, 1), dt.date(2009, 5, 31), None),
        ("1.1.1", 2, None, None, "monthly"),
        ("1.1.2", 1, None, None, None),  # unreadable: no dates, never guessed
        ("2.1.1", 1, None, None, None),  # no timescale
        ("2.1.1", 2, dt.date(2009, 12, 1), dt.date(2009, 12, 31), None),  # 'September' unread, December read
    ]
    assert plan_db.execute("SELECT code, indicators FROM action ORDER BY code").fetchall() == [
        ("1.1.1", None), ("1.1.2", None), ("2.1.1", "NI59;NI60")]
    assert plan_db.execute("SELECT code, theme, load_id IS NOT NULL FROM area ORDER BY code").fetchall() == [
        ("1.1", 1, True), ("2.1", 2, True)]


def test_unreadable_timescales_are_warned_in_the_summary_and_kept_in_the_load_report(fresh_db, tmp_path):
    for table, name, text in [("themes", "t.csv", THEMES), ("areas", "a.csv", AREAS), ("actions", "x.csv", ACTIONS)]:
        load_file(fresh_db, table, write(tmp_path, name, text), "plan-officer")
    outcome = load_file(fresh_db, "plan_milestones", write(tmp_path, "milestones.csv", MILESTONES), "plan-officer")
    assert outcome.status == LoadStatus.ACCEPTED
    lines = outcome.summary().splitlines()
    assert lines[1] == "3 warning(s); the file was still accepted:"
    assert lines[2:] == [
        "  warning: milestones.csv: row 4, column 'timescale', value '2 nd April': action 1.1.2 milestone 1: "
        "could not read the timescale as dates; the milestone has no due dates",
        "  warning: milestones.csv: row 6, column 'timescale', value 'September December 09': action 2.1.1 "
        "milestone 2: could not read 'September' in the timescale; its due dates (01 Dec 2009 to 31 Dec 2009) "
        "come from the rest",
        "  warning: milestones.csv: row 5, column 'timescale': action 2.1.1 milestone 1: no timescale in the plan; "
        "the milestone has no due dates",
    ]
    report = json.loads(fresh_db.execute("SELECT report FROM load WHERE id = ?", [outcome.load_id]).fetchall()[0][0])
    assert [(w["row"], w["value"]) for w in report["warnings"]] == [
        (4, "2 nd April"), (6, "September December 09"), (5, None)]
    assert report["success"] is True


@pytest.mark.parametrize("table, text, row, column, value, rule", [
    ("areas", "code,theme,title\n3.1,3,Commissioning\n", 2, "theme", "3", "must be a theme of the plan"),
    ("areas", "code,theme,title\n2.9,1,Misfiled\n", 2, "code", "2.9", "must start with its theme's number"),
    ("actions", "code,area,text\n1.2.1,1.1,Misfiled action\n", 2, "code", "1.2.1",
     "must start with its area's code"),
    ("actions", "code,area,text,indicators\n1.1.3,1.1,An action,NI59;NI999\n", 2, "indicators", "NI59;NI999",
     "must name indicators in the catalogue"),
    ("actions", "code,area,text\n1.1.3,9.9,An action\n", 2, "area", "9.9", "must be an area of the plan"),
    ("plan_milestones", "action,milestone,description\n9.9.9,1,Nothing\n", 2, "action", "9.9.9",
     "must be an action code in the plan"),
])
def test_a_bad_plan_file_is_rejected_named_and_changes_nothing(plan_db, tmp_path, table, text, row, column, value,
                                                               rule):
    before = snapshot(plan_db, PLAN_TABLES)
    outcome = load_file(plan_db, table, write(tmp_path, "bad.csv", text), "plan-officer")
    assert outcome.status == LoadStatus.REJECTED
    failures = [(f.row, f.column, f.value) for f in outcome.report.failures if rule in f.rule]
    assert failures == [(row, column, value)]
    assert snapshot(plan_db, PLAN_TABLES) == before
    assert plan_db.execute("SELECT status FROM load WHERE id = ?", [outcome.load_id]).fetchall() == [("rejected",)]


@pytest.mark.parametrize("table, text", [
    ("plan_milestones", "action,milestone,description\n1.1.1,3,One\n1.1.1,03,Again\n"),
    ("milestones", "action,milestone,status,as_of\n1.1.1,1,complete,2009-05-31\n1.1.1,1,on_track,2009-05-31\n"),
    ("risks", RISKS + "R1,risk,Recruitment again,Head of HR,3,4,,open,2009-06-30\n"),
])
def test_duplicate_keys_are_rejected_naming_every_row(plan_db, tmp_path, table, text):
    before = snapshot(plan_db, PLAN_TABLES)
    outcome = load_file(plan_db, table, write(tmp_path, "dup.csv", text), "officer")
    assert outcome.status == LoadStatus.REJECTED
    named = [f.row for f in outcome.report.failures if "appears more than once in this file" in f.rule]
    assert named == ([2, 4] if table == "risks" else [2, 3])
    assert snapshot(plan_db, PLAN_TABLES) == before


def test_status_updates_append_with_their_load_and_who_recorded_them(plan_db, tmp_path):
    outcome = load_file(plan_db, "milestones", write(tmp_path, "may.csv", STATUS), "programme-manager")
    assert outcome.status == LoadStatus.ACCEPTED
    assert (outcome.counts.new, outcome.counts.restated, outcome.counts.unchanged) == (3, 0, 0)
    rows = plan_db.execute(
        "SELECT action, milestone, as_of, status, commentary, load_id, recorded_by FROM milestone_status "
        "ORDER BY action, milestone"
    ).fetchall()
    assert rows == [
        ("1.1.1", 1, dt.date(2009, 5, 31), "complete", "EPMG met in May", outcome.load_id, "programme-manager"),
        ("1.1.2", 1, dt.date(2009, 5, 31), "at_risk", "Slippage noted in May", outcome.load_id, "programme-manager"),
        ("2.1.1", 2, dt.date(2009, 5, 31), "on_track", None, outcome.load_id, "programme-manager"),
    ]


def test_loading_the_same_updates_twice_adds_nothing_and_a_change_is_kept_beside_the_earlier(plan_db, tmp_path):
    load_file(plan_db, "milestones", write(tmp_path, "may.csv", STATUS), "officer")
    again = load_file(plan_db, "milestones", write(tmp_path, "may.csv", STATUS), "officer")
    assert (again.counts.new, again.counts.restated, again.counts.unchanged) == (0, 0, 3)
    assert plan_db.execute("SELECT count(*) FROM milestone_status").fetchall() == [(3,)]
    changed = STATUS.replace("1.1.2,1,at_risk,2009-05-31,Slippage noted in May", "1.1.2,01,Off Track,2009-05-31,Worse")
    restated = load_file(plan_db, "milestones", write(tmp_path, "may-restated.csv", changed), "officer")
    assert (restated.counts.new, restated.counts.restated, restated.counts.unchanged) == (0, 1, 2)
    assert plan_db.execute(
        "SELECT status, commentary FROM milestone_status WHERE action = '1.1.2' ORDER BY load_id"
    ).fetchall() == [("at_risk", "Slippage noted in May"), ("off_track", "Worse")]


def test_status_updates_from_an_excel_workbook_with_date_cells(plan_db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["action", "milestone", "status", "as_of", "commentary"])
    sheet.append(["1.1.1", 1, "complete", dt.datetime(2009, 9, 30), "Done"])
    book.save(tmp_path / "september.xlsx")
    outcome = load_file(plan_db, "milestones", tmp_path / "september.xlsx", "officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    assert plan_db.execute("SELECT as_of, status FROM milestone_status").fetchall() == [
        (dt.date(2009, 9, 30), "complete")]


FUTURE = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("line, row, column, value, rule", [
    ("9.9.9,1,complete,2009-05-31,", 3, "action", "9.9.9", "must be an action code in the plan"),
    ("1.1.1,7,complete,2009-05-31,", 3, "milestone", "7", "must be a milestone of that action in the plan"),
    ("1.1.1,2,finished,2009-05-31,", 3, "status", "finished", "must be a milestone status"),
    (f"1.1.1,2,complete,{FUTURE},", 3, "as_of", FUTURE, "must not be a date in the future"),
    ("1.1.1,2,complete,31/05/2009,", 3, "as_of", "31/05/2009", "must be a date written YYYY-MM-DD"),
    ("1.1.1,two,complete,2009-05-31,", 3, "milestone", "two", "must be a whole number"),
])
def test_a_bad_status_file_is_rejected_named_and_changes_nothing(plan_db, tmp_path, line, row, column, value, rule):
    load_file(plan_db, "milestones", write(tmp_path, "may.csv", STATUS), "officer")
    before = snapshot(plan_db, PLAN_TABLES)
    text = "action,milestone,status,as_of,commentary\n1.1.1,1,complete,2009-05-31,fine\n" + line + "\n"
    outcome = load_file(plan_db, "milestones", write(tmp_path, "june.csv", text), "officer")
    assert outcome.status == LoadStatus.REJECTED
    assert [(f.row, f.column, f.value) for f in outcome.report.failures if rule in f.rule] == [(row, column, value)]
    assert "nothing was written" in outcome.summary()
    assert snapshot(plan_db, PLAN_TABLES) == before


def test_the_risk_register_loads_one_row_per_review(plan_db, tmp_path):
    first = load_file(plan_db, "risks", write(tmp_path, "risks-june.csv", RISKS), "programme-manager")
    assert first.status == LoadStatus.ACCEPTED
    october = RISKS.replace("5,5,Recruitment campaign,open,2009-06-30", "4,5,Recruitment campaign,open,2009-10-31") \
        .replace("5,4,,open,2009-06-30", "5,3,,closed,2009-10-31")
    second = load_file(plan_db, "risks", write(tmp_path, "risks-october.csv", october), "programme-manager")
    assert (second.counts.new, second.counts.unchanged) == (2, 0)
    assert plan_db.execute(
        "SELECT code, as_of, likelihood, impact, status, mitigation FROM risk ORDER BY code, as_of"
    ).fetchall() == [
        ("I1", dt.date(2009, 6, 30), 5, 4, "open", None), ("I1", dt.date(2009, 10, 31), 5, 3, "closed", None),
        ("R1", dt.date(2009, 6, 30), 5, 5, "open", "Recruitment campaign"),
        ("R1", dt.date(2009, 10, 31), 4, 5, "open", "Recruitment campaign"),
    ]
    again = load_file(plan_db, "risks", write(tmp_path, "risks-october.csv", october), "programme-manager")
    assert (again.counts.new, again.counts.restated, again.counts.unchanged) == (0, 0, 2)


@pytest.mark.parametrize("line, column, value, rule", [
    ("R2,threat,Data quality,Head of Performance,3,4,,open,2009-06-30", "kind", "threat", "must be a kind of entry"),
    ("R2,risk,Data quality,Head of Performance,6,4,,open,2009-06-30", "likelihood", "6",
     "must be a whole number from 1 (lowest) to 5 (highest)"),
    ("R2,risk,Data quality,Head of Performance,3,0,,open,2009-06-30", "impact", "0",
     "must be a whole number from 1 (lowest) to 5 (highest)"),
    ("R2,risk,Data quality,Head of Performance,3,4,,pending,2009-06-30", "status", "pending", "must be a risk status"),
    (f"R2,risk,Data quality,Head of Performance,3,4,,open,{FUTURE}", "as_of", FUTURE,
     "must not be a date in the future"),
    ("R2,risk,,Head of Performance,3,4,,open,2009-06-30", "title", None, "must not be blank"),
])
def test_a_bad_risk_file_is_rejected_named_and_changes_nothing(plan_db, tmp_path, line, column, value, rule):
    before = snapshot(plan_db, PLAN_TABLES)
    outcome = load_file(plan_db, "risks", write(tmp_path, "risks.csv", RISKS + line + "\n"), "officer")
    assert outcome.status == LoadStatus.REJECTED
    assert [(f.row, f.column, f.value) for f in outcome.report.failures if rule in f.rule] == [(4, column, value)]
    assert snapshot(plan_db, PLAN_TABLES) == before
