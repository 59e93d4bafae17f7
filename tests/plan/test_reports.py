"""The milestone report and exception report on literal frames: latest status, overdue, exceptions,
filters, due soon, counts, the JSON records and the risk grid."""
from __future__ import annotations

import pandas as pd
import pytest

from plan import reports

D = pd.Timestamp


def plan_frame(rows):
    """Plan milestones: (action, milestone, due_start, due_end, theme, lead)."""
    return pd.DataFrame([{
        "action": a, "milestone": m, "description": f"milestone {a}/{m}", "timescale": None,
        "due_start": D(s) if s else pd.NaT, "due_end": D(e) if e else pd.NaT, "recurring": None,
        "theme_code": int(a[0]), "theme": theme, "area_code": a.rsplit(".", 1)[0], "area": f"area {a[:3]}",
        "lead": lead, "action_text": f"action {a}", "indicators": None,
    } for a, m, s, e, theme, lead in rows])


def history_frame(rows):
    """Status updates: (action, milestone, as_of, status, commentary, load_id)."""
    return pd.DataFrame([{"action": a, "milestone": m, "as_of": D(d), "status": s, "commentary": c,
                          "load_id": load, "recorded_by": "officer"} for a, m, d, s, c, load in rows])


PLAN = plan_frame([
    ("1.1.1", 1, "2009-02-01", "2009-05-31", "Leadership", "Chief Executive"),
    ("1.1.1", 2, "2009-07-01", "2009-07-31", "Leadership", "Chief Executive"),
    ("1.1.2", 1, "2009-03-01", "2009-10-31", "Leadership", "Head of HR"),
    ("2.1.1", 1, "2009-09-01", "2010-03-31", "Best practice", "DDC&F"),
    ("2.1.2", 1, None, None, "Best practice", "DDC&F"),  # no timescale, or a recurring one
    ("2.1.3", 1, "2009-02-01", "2009-06-30", "Best practice", "Head of HR"),
])


@pytest.mark.parametrize("action, milestone, history, as_of, status, overdue", [
    # past its due end and complete: not overdue
    ("1.1.1", 1, [("2009-05-31", "complete", 1)], "2009-10-31", "complete", False),
    # past its due end, reported on track: still overdue (the due date has passed)
    ("1.1.1", 1, [("2009-05-31", "on_track", 1)], "2009-10-31", "on_track", True),
    # past its due end with no update at all: overdue, no status
    ("1.1.1", 1, [], "2009-10-31", None, True),
    # due end is the as-of date itself: not yet overdue
    ("1.1.2", 1, [("2009-10-31", "on_track", 1)], "2009-10-31", "on_track", False),
    # the day after the due end: overdue
    ("1.1.2", 1, [("2009-10-31", "on_track", 1)], "2009-11-01", "on_track", True),
    # no due end (no timescale or a recurring one): never overdue
    ("2.1.2", 1, [("2009-10-31", "on_track", 1)], "2011-01-01", "on_track", False),
    # an update after the as-of date is not seen: the earlier one stands
    ("1.1.1", 1, [("2009-04-30", "at_risk", 1), ("2009-06-30", "complete", 2)], "2009-05-31", "at_risk", False),
    ("1.1.1", 1, [("2009-04-30", "at_risk", 1), ("2009-06-30", "complete", 2)], "2009-06-01", "at_risk", True),
    # two loads for the same date: the later load (a restatement) wins
    ("1.1.1", 1, [("2009-05-31", "complete", 3), ("2009-05-31", "off_track", 4)], "2009-10-31", "off_track", True),
    ("1.1.1", 1, [("2009-05-31", "off_track", 4), ("2009-05-31", "complete", 5)], "2009-10-31", "complete", False),
])
def test_latest_status_and_overdue(action, milestone, history, as_of, status, overdue):
    updates = history_frame([(action, milestone, d, s, f"said {s}", load) for d, s, load in history])
    if updates.empty:
        updates = history_frame([("9.9.9", 1, "2009-01-31", "complete", None, 1)])
    report = reports.milestone_status_report(PLAN, updates, as_of).set_index(["action", "milestone"])
    row = report.loc[(action, milestone)]
    assert row["status"] == status
    assert bool(row["overdue"]) is overdue
    assert row["commentary"] == (f"said {status}" if status else None)


HISTORY = history_frame([
    ("1.1.1", 1, "2009-05-31", "complete", "done", 1),
    ("1.1.1", 2, "2009-09-30", "on_track", "late but fine", 1),  # due July: overdue though on track
    ("1.1.2", 1, "2009-09-30", "at_risk", "slippage noted in May", 1),
    ("2.1.1", 1, "2009-09-30", "off_track", "recruitment", 1),
    ("2.1.2", 1, "2009-09-30", "off_track", "no date but off track", 1),
    ("2.1.3", 1, "2009-09-30", "complete", "done late", 1),
])


def test_the_report_keeps_plan_order_and_its_columns():
    report = reports.milestone_status_report(PLAN, HISTORY, "2009-09-30")
    assert list(report.columns) == reports.REPORT_COLUMNS
    assert list(zip(report["action"], report["milestone"])) == list(zip(PLAN["action"], PLAN["milestone"]))
    assert list(report["overdue"]) == [False, True, False, False, False, False]
    assert list(report["as_of"]) == [D("2009-05-31")] + [D("2009-09-30")] * 5


def test_exceptions_are_off_track_then_at_risk_then_overdue_in_plan_order():
    report = reports.milestone_status_report(PLAN, HISTORY, "2009-09-30")
    found = reports.exceptions(report)
    assert list(zip(found["action"], found["milestone"], found["status"])) == [
        ("2.1.1", 1, "off_track"), ("2.1.2", 1, "off_track"), ("1.1.2", 1, "at_risk"), ("1.1.1", 2, "on_track")]
    assert list(found["commentary"]) == ["recruitment", "no date but off track", "slippage noted in May",
                                         "late but fine"]
    assert list(found["lead"]) == ["DDC&F", "DDC&F", "Head of HR", "Chief Executive"]


def test_no_exceptions_when_everything_is_complete_or_on_track_in_time():
    updates = history_frame([(a, m, "2009-04-30", "on_track", None, 1) for a, m in zip(PLAN["action"], PLAN["milestone"])])
    report = reports.milestone_status_report(PLAN, updates, "2009-04-30")
    assert reports.exceptions(report).empty
    assert list(reports.exceptions(report).columns) == reports.REPORT_COLUMNS


def test_the_report_does_not_change_its_inputs():
    plan, history = PLAN.copy(), HISTORY.copy()
    reports.exceptions(reports.milestone_status_report(plan, history, "2009-09-30"))
    pd.testing.assert_frame_equal(plan, PLAN)
    pd.testing.assert_frame_equal(history, HISTORY)


@pytest.mark.parametrize("themes, leads, statuses, expected", [
    (None, None, None, 6),
    (["Leadership"], None, None, 3),
    (None, ["Head of HR"], None, 2),
    (["Best practice"], ["Head of HR"], None, 1),
    (None, None, ["off_track"], 2),
    (None, None, ["off_track", "at_risk"], 3),
    (["Leadership"], None, ["off_track"], 0),
])
def test_filters(themes, leads, statuses, expected):
    report = reports.milestone_status_report(PLAN, HISTORY, "2009-09-30")
    assert len(reports.filter_report(report, themes, leads, statuses)) == expected


def test_a_milestone_with_no_update_is_chosen_by_the_no_update_status():
    report = reports.milestone_status_report(PLAN, HISTORY.iloc[:1], "2009-09-30")
    chosen = reports.filter_report(report, statuses=[reports.NO_UPDATE])
    assert len(chosen) == 5 and chosen["status"].isna().all()


def test_due_soon_is_the_next_three_months_and_not_complete():
    report = reports.milestone_status_report(PLAN, HISTORY, "2009-04-30")
    soon = reports.due_soon(report, "2009-04-30")  # May, June and July; October is too late
    assert list(zip(soon["action"], soon["milestone"])) == [("1.1.1", 1), ("2.1.3", 1), ("1.1.1", 2)]
    later = reports.milestone_status_report(PLAN, HISTORY, "2009-06-01")
    # 1.1.1/1 was complete by 31 May; 1.1.2 is due in October, after the end of September
    assert list(zip(*[reports.due_soon(later, "2009-06-01")[c] for c in ("action", "milestone")])) == [
        ("2.1.3", 1), ("1.1.1", 2)]


def test_status_counts_have_every_status_and_group_in_order():
    report = reports.milestone_status_report(PLAN, HISTORY, "2009-09-30")
    counts = reports.status_counts(report, "theme")
    assert list(counts["theme"]) == ["Leadership", "Best practice"]
    assert list(counts.columns) == ["theme", "complete", "on_track", "at_risk", "off_track", "not_started",
                                    "no_update"]
    assert counts.set_index("theme").loc["Leadership"].tolist() == [1, 1, 1, 0, 0, 0]
    assert counts.set_index("theme").loc["Best practice"].tolist() == [1, 0, 0, 2, 0, 0]


def test_action_spans_run_from_first_start_to_last_end():
    report = reports.milestone_status_report(PLAN, HISTORY, "2009-09-30")
    spans = reports.action_spans(report).set_index("action")
    assert list(spans.index) == ["1.1.1", "1.1.2", "2.1.1", "2.1.3"]  # 2.1.2 has no dates
    assert (spans.at["1.1.1", "start"], spans.at["1.1.1", "end"]) == (D("2009-02-01"), D("2009-07-31"))
    assert (spans.at["1.1.1", "milestones"], spans.at["1.1.1", "complete"]) == (2, 1)


def test_records_have_exactly_the_report_keys_with_iso_dates():
    report = reports.milestone_status_report(PLAN, HISTORY, "2009-09-30")
    records = reports.as_records(reports.exceptions(report))
    assert list(records[0]) == ["action", "milestone", "theme", "area", "lead", "description", "due_start",
                                "due_end", "status", "as_of", "overdue", "commentary"]
    assert records[0] == {
        "action": "2.1.1", "milestone": 1, "theme": "Best practice", "area": "area 2.1", "lead": "DDC&F",
        "description": "milestone 2.1.1/1", "due_start": "2009-09-01", "due_end": "2010-03-31",
        "status": "off_track", "as_of": "2009-09-30", "overdue": False, "commentary": "recruitment"}
    assert records[1]["due_start"] is None and records[1]["due_end"] is None


def test_readable_says_statuses_and_dates_in_words():
    report = reports.milestone_status_report(PLAN, HISTORY.iloc[1:], "2009-09-30")
    table = reports.readable(report)
    first = table.iloc[0]
    assert (first["Due"], first["Status"], first["Overdue"], first["Reported"]) == (
        "Feb 2009 – May 2009", "No update", "Overdue", "")
    second = table.iloc[1]
    assert (second["Due"], second["Status"], second["Overdue"], second["Reported"]) == (
        "Jul 2009", "On track", "Overdue", "30 Sep 2009")
    assert table.iloc[4]["Due"] == "no date"


REGISTER = pd.DataFrame([
    {"code": "R1", "kind": "risk", "title": "Recruitment", "owner": "HR", "likelihood": 4, "impact": 5,
     "mitigation": "campaign", "status": "open", "as_of": D("2009-10-31"), "load_id": 1},
    {"code": "R2", "kind": "risk", "title": "Referrals", "owner": "DDC&F", "likelihood": 4, "impact": 5,
     "mitigation": "more staff", "status": "open", "as_of": D("2009-10-31"), "load_id": 1},
    {"code": "I1", "kind": "issue", "title": "Vacancies", "owner": "DDC&F", "likelihood": 5, "impact": 1,
     "mitigation": None, "status": "open", "as_of": D("2009-10-31"), "load_id": 1},
    {"code": "I2", "kind": "issue", "title": "Slippage", "owner": "PM", "likelihood": 5, "impact": 5,
     "mitigation": "refresh", "status": "closed", "as_of": D("2009-10-31"), "load_id": 1},
])


@pytest.mark.parametrize("score, rating", [(1, "low"), (5, "low"), (6, "medium"), (14, "medium"), (15, "high"),
                                           (25, "high")])
def test_risk_rating_bands(score, rating):
    assert reports.risk_rating(score) == rating


def test_the_risk_grid_has_every_cell_and_only_open_entries():
    grid = reports.risk_grid(REGISTER).set_index(["likelihood", "impact"])
    assert len(grid) == 25
    assert grid.loc[(4, 5)].tolist() == [20, "high", 2, "R1, R2"]
    assert grid.loc[(5, 1)].tolist() == [5, "low", 1, "I1"]
    assert grid.loc[(5, 5)].tolist() == [25, "high", 0, ""]  # I2 is closed


def test_the_register_table_puts_open_high_scores_first_and_closed_last():
    table = reports.risk_table(REGISTER)
    assert list(table["Code"]) == ["R1", "R2", "I1", "I2"]
    assert list(table["Score"]) == [20, 20, 5, 25]
    assert list(table["Rating"]) == ["High", "High", "Low", "High"]
    assert list(table["Kind"]) == ["Risk", "Risk", "Issue", "Issue"]
    assert list(table["Status"]) == ["Open", "Open", "Open", "Closed"]
    assert table.iloc[0]["Reviewed"] == "31 Oct 2009"


def test_an_empty_register_gives_empty_tables():
    empty = REGISTER.iloc[:0]
    assert reports.risk_table(empty).empty
    assert reports.risk_grid(empty)["count"].sum() == 0
