"""The plan pages' cached reads and their one call each (the work is in plan/reports.py and
plan/views.py), made by ui/db.py's per_database; ui.db.clear_caches() after a load clears these too.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from data import plan_queries
from plan import reports, views
from ui.db import per_database, query


@per_database
def milestones() -> pd.DataFrame:
    """Every milestone of the plan with its action, area, theme and lead."""
    return query(plan_queries.plan_milestones)


@per_database
def history() -> pd.DataFrame:
    """Every milestone status update recorded."""
    return query(plan_queries.milestone_history)


@per_database
def status_dates() -> list[dt.date]:
    return query(plan_queries.status_dates)


@per_database
def register(as_of: dt.date) -> pd.DataFrame:
    return query(plan_queries.risk_register, as_of)


def has_plan() -> bool:
    return not milestones().empty


def latest_status_date() -> dt.date:
    """The latest date a milestone update was reported as of (today if none): the pages' default."""
    dates = status_dates()
    return dates[0] if dates else dt.date.today()


@per_database
def report(as_of: dt.date) -> pd.DataFrame:
    """The milestone report as of a date."""
    return reports.milestone_status_report(milestones(), history(), as_of)


def filter_options() -> dict[str, list[str]]:
    return views.filter_options(report(latest_status_date()))


def tracker(as_of: dt.date, themes=(), leads=(), statuses=()) -> views.Tracker:
    return views.tracker(report(as_of), as_of, list(themes), list(leads), list(statuses))


def exceptions(as_of: dt.date) -> views.Exceptions:
    return views.exception_page(report(as_of))


def risks(as_of: dt.date) -> views.Risks:
    return views.risk_page(register(as_of))


def as_of_picker(key: str, where=st) -> dt.date:
    """The pages' as-of date (drawn in `where`, a column or the page), defaulting to the latest status update held."""
    return where.date_input("As of", value=latest_status_date(), key=key, format="YYYY-MM-DD",
                         help="Each milestone shows its latest status reported on or before this date; "
                              "a milestone past its due date and not complete counts as overdue.")
