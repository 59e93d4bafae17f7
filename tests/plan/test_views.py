"""The plan pages' content, assembled from literal reports: tracker, exception page, risk page."""
from __future__ import annotations

import pandas as pd

from plan import reports, views
from tests.plan.test_reports import HISTORY, PLAN, REGISTER


def report(as_of="2009-09-30"):
    return reports.milestone_status_report(PLAN, HISTORY, as_of)


def test_area_labels_are_code_and_short_title():
    assert views.area_label("2.3.1", "Improve the quality of assessments") == "2.3 Improve the quality of assessments"
    long = views.area_label("1.2.4", "Ensuring the leadership teams set the right culture within their organisations")
    assert long == "1.2 Ensuring the leadership teams set the right cul…" and len(long) == 4 + 48
    assert views.area_label("1.1.1", None) == "1.1"


def test_the_tracker_counts_and_groups_what_is_chosen():
    shown = views.tracker(report(), "2009-09-30", themes=["Best practice"])
    assert shown.counts == {"complete": 1, "on_track": 0, "at_risk": 0, "off_track": 2, "not_started": 0,
                            "no_update": 0, "overdue": 0, "total": 3}
    assert list(shown.by_theme["theme"]) == ["Best practice"]
    assert list(shown.by_area["area_label"]) == ["2.1 area 2.1"]
    assert list(shown.spans["action"]) == ["2.1.1", "2.1.3"]
    assert list(shown.table["Action"]) == ["2.1.1", "2.1.2", "2.1.3"]
    assert list(shown.due_soon["Action"]) == []


def test_the_tracker_lists_what_falls_due_in_the_next_three_months():
    shown = views.tracker(report("2009-04-30"), "2009-04-30")
    assert list(zip(shown.due_soon["Action"], shown.due_soon["No."])) == [("1.1.1", 1), ("2.1.3", 1), ("1.1.1", 2)]
    assert shown.counts["no_update"] == 6


def test_filter_options_follow_the_plan():
    options = views.filter_options(report())
    assert options["themes"] == ["Leadership", "Best practice"]
    assert options["leads"] == ["Chief Executive", "DDC&F", "Head of HR"]
    assert options["statuses"] == ["complete", "on_track", "at_risk", "off_track", "not_started", "no_update"]


def test_the_exception_page_counts_and_offers_the_csv():
    page = views.exception_page(report())
    assert page.counts == {"off_track": 2, "at_risk": 1, "overdue": 1, "total": 4, "milestones": 6}
    assert list(page.table["Action"]) == ["2.1.1", "2.1.2", "1.1.2", "1.1.1"]
    lines = page.csv.decode("utf-8").splitlines()
    assert lines[0] == "Action,No.,Status,Overdue,Due,Lead,Milestone,Commentary,Reported,Theme"
    assert lines[1] == "2.1.1,1,Off track,,Sep 2009 – Mar 2010,DDC&F,milestone 2.1.1/1,recruitment,30 Sep 2009,Best practice"


def test_the_risk_page_counts_open_risks_issues_and_high_scores():
    page = views.risk_page(REGISTER)
    assert page.counts == {"risks": 2, "issues": 1, "high": 2, "closed": 1}
    assert len(page.grid) == 25 and list(page.table["Code"])[:2] == ["R1", "R2"]
    empty = views.risk_page(REGISTER.iloc[:0])
    assert empty.counts == {"risks": 0, "issues": 0, "high": 0, "closed": 0} and empty.table.empty
    assert isinstance(empty.grid, pd.DataFrame)
