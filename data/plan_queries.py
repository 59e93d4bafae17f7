"""Read queries for the improvement plan: one function each, a connection in, a DataFrame out.

The report logic (latest status as of a date, overdue, exceptions) is in plan/reports.py, on
the frames these return.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

PLAN_COLUMNS = ["action", "milestone", "description", "timescale", "due_start", "due_end", "recurring",
                "theme_code", "theme", "area_code", "area", "lead", "action_text", "indicators"]
HISTORY_COLUMNS = ["action", "milestone", "as_of", "status", "commentary", "load_id", "recorded_by"]
RISK_COLUMNS = ["code", "kind", "title", "owner", "likelihood", "impact", "mitigation", "status", "as_of", "load_id"]
MARKER_COLUMNS = ["action", "milestone", "description", "completed"]


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """DATE columns as datetime64 (NaT when blank), the form the report functions compare."""
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def plan_milestones(con) -> pd.DataFrame:
    """Every milestone of the plan with its action, area, theme and lead, in plan order."""
    frame = con.execute(
        """
        SELECT m.action, m.milestone, m.description, m.timescale, m.due_start, m.due_end, m.recurring,
               t.code AS theme_code, t.title AS theme, r.code AS area_code, r.title AS area,
               a.lead, a.text AS action_text, a.indicators
        FROM milestone m
        JOIN action a ON a.code = m.action
        LEFT JOIN area r ON r.code = a.area
        LEFT JOIN theme t ON t.code = r.theme
        ORDER BY t.code, string_split(m.action, '.')::INTEGER[], m.milestone
        """
    ).df()
    return _dates(frame.reindex(columns=PLAN_COLUMNS), "due_start", "due_end")


def milestone_history(con, until: dt.date | None = None) -> pd.DataFrame:
    """Every status update recorded (restatements included), up to `until` if given, oldest first."""
    frame = con.execute(
        """
        SELECT action, milestone, as_of, status, commentary, load_id, recorded_by FROM milestone_status
        WHERE $until IS NULL OR as_of <= $until
        ORDER BY as_of, load_id, action, milestone
        """,
        {"until": until},
    ).df()
    return _dates(frame.reindex(columns=HISTORY_COLUMNS), "as_of")


def status_dates(con) -> list[dt.date]:
    """The dates milestone updates were reported as of, latest first (the pages' as-of choices)."""
    rows = con.execute("SELECT DISTINCT as_of FROM milestone_status ORDER BY as_of DESC").fetchall()
    return [r[0] for r in rows]


def risk_register(con, as_of: dt.date | None = None) -> pd.DataFrame:
    """Each risk or issue as last reviewed on or before `as_of` (every one if None): the latest
    review date, and of several loads for that date the latest."""
    frame = con.execute(
        """
        SELECT code, kind, title, owner, likelihood, impact, mitigation, status, as_of, load_id FROM risk
        WHERE $as_of IS NULL OR as_of <= $as_of
        QUALIFY row_number() OVER (PARTITION BY code ORDER BY as_of DESC, load_id DESC) = 1
        ORDER BY code
        """,
        {"as_of": as_of},
    ).df()
    return _dates(frame.reindex(columns=RISK_COLUMNS), "as_of")


def milestone_markers(con, indicator: str) -> pd.DataFrame:
    """Completed milestones of the actions that name `indicator` (their `indicators` column), each
    with the date of its first 'complete' update: the indicator detail page marks them."""
    frame = con.execute(
        """
        WITH current_status AS (  -- a restated update replaces the earlier one for its date
            SELECT * FROM milestone_status
            QUALIFY row_number() OVER (PARTITION BY action, milestone, as_of ORDER BY load_id DESC) = 1
        )
        SELECT m.action, m.milestone, m.description, min(s.as_of) AS completed
        FROM action a
        JOIN milestone m ON m.action = a.code
        JOIN current_status s ON s.action = m.action AND s.milestone = m.milestone AND s.status = 'complete'
        WHERE list_contains(string_split(coalesce(a.indicators, ''), ';'), upper(replace($indicator, ' ', '')))
        GROUP BY m.action, m.milestone, m.description
        ORDER BY completed, string_split(m.action, '.')::INTEGER[], m.milestone
        """,
        {"indicator": indicator},
    ).df()
    return _dates(frame.reindex(columns=MARKER_COLUMNS), "completed")
