"""The plan's read queries on the demo database: the plan in order, status history, the risk
register as of a date, and the completed milestones linked to an indicator."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from data import plan_queries
from loads.pipeline import load_file


def test_the_bundled_plan_is_held_whole_in_plan_order(seeded_db):
    plan = plan_queries.plan_milestones(seeded_db)
    assert plan["action"].nunique() == 171 and len(plan) == 362
    assert list(plan.columns) == plan_queries.PLAN_COLUMNS
    codes = list(dict.fromkeys(plan["action"]))
    assert codes[:3] == ["1.1.1", "1.1.2", "1.1.3"]
    assert codes.index("1.1.10") == codes.index("1.1.9") + 1  # numeric, not text, order
    first = plan.iloc[0]
    assert (first["theme"], first["lead"], first["due_start"], first["due_end"]) == (
        "Leadership and Partnership", "Chief Executive (Haringey Council)", pd.Timestamp("2009-02-01"),
        pd.Timestamp("2009-05-31"))


def test_status_dates_and_history_up_to_a_date(seeded_db):
    assert plan_queries.status_dates(seeded_db)[0] == dt.date(2009, 10, 31)
    assert plan_queries.status_dates(seeded_db)[-1] == dt.date(2009, 3, 31)
    history = plan_queries.milestone_history(seeded_db, until=dt.date(2009, 4, 30))
    assert set(history["as_of"]) == {pd.Timestamp("2009-03-31"), pd.Timestamp("2009-04-30")}
    assert len(history) == 2 * 362


def test_the_risk_register_as_last_reviewed_by_a_date(seeded_db):
    june = plan_queries.risk_register(seeded_db, dt.date(2009, 7, 15)).set_index("code")
    october = plan_queries.risk_register(seeded_db, dt.date(2009, 10, 31)).set_index("code")
    assert (june.at["R1", "likelihood"], october.at["R1", "likelihood"]) == (5, 4)
    assert (june.at["I2", "status"], october.at["I2", "status"]) == ("open", "closed")
    assert plan_queries.risk_register(seeded_db, dt.date(2009, 1, 1)).empty


def test_milestone_markers_are_the_completed_milestones_of_actions_naming_the_indicator(seeded_db):
    markers = plan_queries.milestone_markers(seeded_db, "NI68")
    assert list(markers.columns) == ["action", "milestone", "description", "completed"]
    linked = {code for code, named in seeded_db.execute("SELECT code, indicators FROM action").fetchall()
              if named and "NI68" in named.split(";")}
    assert set(markers["action"]) <= linked and len(markers) > 0
    assert markers["completed"].is_monotonic_increasing
    # the completed date is the as-of date of the first 'complete' update
    action, milestone, completed = markers.iloc[0][["action", "milestone", "completed"]]
    first = seeded_db.execute(
        "SELECT min(as_of) FROM milestone_status WHERE action = ? AND milestone = ? AND status = 'complete'",
        [action, int(milestone)]).fetchall()[0][0]
    assert completed == pd.Timestamp(first)
    assert plan_queries.milestone_markers(seeded_db, "NI999").empty


def test_a_restated_update_moves_the_completion_marker(seeded_db, tmp_path):
    markers = plan_queries.milestone_markers(seeded_db, "NI68").set_index(["action", "milestone"])
    (action, milestone), completed = markers.index[0], markers["completed"].iloc[0]
    path = tmp_path / "restated.csv"
    path.write_text("action,milestone,status,as_of,commentary\n"
                    f"{action},{milestone},on_track,{completed:%Y-%m-%d},recorded complete in error\n")
    assert load_file(seeded_db, "milestones", path, "officer").status == "accepted"
    after = plan_queries.milestone_markers(seeded_db, "NI68").set_index(["action", "milestone"])
    assert after.loc[(action, milestone), "completed"] > completed
