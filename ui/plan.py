"""The plan pages' cached reads and their one call each (the work is in plan/reports.py and
plan/views.py). Keyed by the database path like ui/db.py's reads; ui.db.clear_caches() after a
load clears these too.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from data import plan_queries, store
from plan import reports, views
from ui import db


def _here() -> str:
    return str(store.db_path())


@st.cache_data(show_spinner=False)
def _plan(path: str) -> pd.DataFrame:
    return plan_queries.plan_milestones(db.cursor())


@st.cache_data(show_spinner=False)
def _history(path: str) -> pd.DataFrame:
    return plan_queries.milestone_history(db.cursor())


@st.cache_data(show_spinner=False)
def _status_dates(path: str) -> list[dt.date]:
    return plan_queries.status_dates(db.cursor())


@st.cache_data(show_spinner=False)
def _register(path: str, as_of: dt.date) -> pd.DataFrame:
    return plan_queries.risk_register(db.cursor(), as_of)


def has_plan() -> bool:
    return not _plan(_here()).empty


def latest_status_date() -> dt.date:
    """The latest date a milestone update was reported as of (today if none): the pages' default."""
    dates = _status_dates(_here())
    return dates[0] if dates else dt.date.today()


@st.cache_data(show_spinner=False)
def _report(path: str, as_of: dt.date) -> pd.DataFrame:
    return reports.milestone_status_report(_plan(path), _history(path), as_of)


def report(as_of: dt.date) -> pd.DataFrame:
    """The milestone report as of a date."""
    return _report(_here(), as_of)


def filter_options() -> dict[str, list[str]]:
    return views.filter_options(report(latest_status_date()))


def tracker(as_of: dt.date, themes=(), leads=(), statuses=()) -> views.Tracker:
    return views.tracker(report(as_of), as_of, list(themes), list(leads), list(statuses))


def exceptions(as_of: dt.date) -> views.Exceptions:
    return views.exception_page(report(as_of))


def risks(as_of: dt.date) -> views.Risks:
    return views.risk_page(_register(_here(), as_of))


def as_of_picker(key: str, where=st) -> dt.date:
    """The pages' as-of date (drawn in `where`, a column or the page), defaulting to the latest status update held."""
    return where.date_input("As of", value=latest_status_date(), key=key, format="YYYY-MM-DD",
                         help="Each milestone shows its latest status reported on or before this date; "
                              "a milestone past its due date and not complete counts as overdue.")
