"""The dashboard's one connection to the store, and the cached reads the pages share.

The Streamlit process owns the database file for its lifetime (DuckDB allows one read-write
process per file); each call takes its own cursor, because a DuckDB connection must not be
shared between the threads Streamlit runs sessions on. Cached reads are cleared after a load.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data import plan_queries, queries, store
from ui import views


@st.cache_resource(show_spinner=False)
def _database(path: str):
    return store.connect(path)


def cursor():
    """A fresh cursor on the process's connection; use one per call."""
    return _database(str(store.db_path())).cursor()


def clear_caches() -> None:
    """After a write: every cached read may be stale."""
    st.cache_data.clear()


@st.cache_resource(show_spinner=False)
def _inbox_worker(path: str):
    from ops.inbox import InboxWorker, interval_seconds

    worker = InboxWorker(_database(path), path, interval_seconds(), on_change=lambda results: clear_caches())
    worker.start()
    return worker


def watch_inbox():
    """Start, once per database, the worker that loads files `pidash load` queued while the dashboard held it."""
    return _inbox_worker(str(store.db_path()))


# Cached reads. Each is keyed by the database path as well as its arguments: st.cache_data is
# process-wide, and one process (a test run) may open several databases in turn.

def _here() -> str:
    return str(store.db_path())


@st.cache_data(show_spinner=False)
def _load_history(path: str) -> pd.DataFrame:
    return queries.load_history(cursor())


def load_history() -> pd.DataFrame:
    """Every load, newest first."""
    return _load_history(_here())


@st.cache_data(show_spinner=False)
def _catalogue(path: str, current_only: bool) -> pd.DataFrame:
    return queries.catalogue(cursor(), current_only=current_only)


def catalogue(current_only: bool = True) -> pd.DataFrame:
    """The indicator catalogue: the latest version of each definition (or every version)."""
    return _catalogue(_here(), current_only)


@st.cache_data(show_spinner=False)
def _catalogue_at(path: str, period: str) -> pd.DataFrame:
    return queries.catalogue_at(cursor(), period)


def catalogue_at(period: str) -> pd.DataFrame:
    """Each indicator's definition in force in `period` ("YYYY-MM")."""
    return _catalogue_at(_here(), period)


@st.cache_data(show_spinner=False)
def _organisations(path: str) -> pd.DataFrame:
    return queries.organisations(cursor())


def organisations() -> pd.DataFrame:
    """Organisations, local authorities first."""
    return _organisations(_here())


@st.cache_data(show_spinner=False)
def _home_org(path: str) -> str | None:
    return queries.home_org(cursor())


def home_org() -> str | None:
    return _home_org(_here())


@st.cache_data(show_spinner=False)
def _return_periods(path: str, org: str | None) -> list[str]:
    return queries.return_periods(cursor(), org)


def return_periods(org: str | None = None) -> list[str]:
    """Months (YYYY-MM, latest first) with a current return for `org` (default: the home
    organisation; any organisation if none is set)."""
    return _return_periods(_here(), org or home_org())


@st.cache_data(show_spinner=False)
def _returns(path: str) -> pd.DataFrame:
    return queries.current_returns(cursor())


def returns() -> pd.DataFrame:
    """Every current figure, for every organisation (a few thousand rows in a real store)."""
    return _returns(_here())


@st.cache_data(show_spinner=False)
def _org_returns(path: str, org: str) -> pd.DataFrame:
    return queries.org_returns(cursor(), org)


def org_returns(org: str) -> pd.DataFrame:
    """The current figures for `org` and its comparators: what a page about one organisation
    needs (a few thousand rows at national scale, where `returns()` is a million)."""
    return _org_returns(_here(), org)


@st.cache_data(show_spinner=False)
def _targets(path: str) -> pd.DataFrame:
    return queries.targets(cursor())


def targets() -> pd.DataFrame:
    return _targets(_here())


@st.cache_data(show_spinner=False)
def _org_targets(path: str, org: str) -> pd.DataFrame:
    return queries.targets(cursor(), orgs=[org])


def org_targets(org: str) -> pd.DataFrame:
    """`org`'s targets (a scorecard or detail page uses no one else's)."""
    return _org_targets(_here(), org)


@st.cache_data(show_spinner=False)
def _revisions(path: str, org: str | None) -> pd.DataFrame:
    return queries.revisions(cursor(), [org] if org else None)


def revisions(org: str | None = None) -> pd.DataFrame:
    """Every restated figure (old and new value, both loads), for one organisation or all."""
    return _revisions(_here(), org)


@st.cache_data(show_spinner=False)
def _check_results(path: str, load_id: int) -> pd.DataFrame:
    return queries.check_results(cursor(), load_id)


def check_results(load_id: int) -> pd.DataFrame:
    """The expectations run on one load, with their failing rows (JSON)."""
    return _check_results(_here(), int(load_id))


@st.cache_data(show_spinner=False)
def _commentary(path: str, indicator: str, org: str) -> pd.DataFrame:
    return queries.commentary(cursor(), [org], [indicator])


def commentary(indicator: str, org: str) -> pd.DataFrame:
    return _commentary(_here(), indicator, org)


@st.cache_data(show_spinner=False)
def _milestone_markers(path: str, indicator: str) -> pd.DataFrame:
    return plan_queries.milestone_markers(cursor(), indicator)


def milestone_markers(indicator: str) -> pd.DataFrame:
    """The plan's milestones linked to an indicator, with their completion dates."""
    return _milestone_markers(_here(), indicator)


# Cached computations: the pages' one call each. The work is in indicators/ and ui/views.py.

@st.cache_data(show_spinner=False)
def _scorecard(path: str, period: str, org: str) -> pd.DataFrame:
    from indicators.scorecard import scorecard as compute, sort_for_attention

    card = compute(org_returns(org), catalogue_at(period), org_targets(org), organisations(), period, org,
                   versions=catalogue(current_only=False))
    return sort_for_attention(card)


def scorecard(period: str, org: str) -> pd.DataFrame:
    """The scorecard for `org` in `period` ("YYYY-MM"), red and concern first."""
    return _scorecard(_here(), period, org)


def scorecard_counts(period: str, org: str) -> dict[str, int]:
    """How many indicators are red, amber, green, without RAG, and special-cause concern."""
    return views.rag_counts(scorecard(period, org))


def title(code: str) -> str:
    """An indicator's current title (its code if it has none)."""
    titles = dict(zip(catalogue()["code"], catalogue()["title"]))
    return str(titles.get(code, code))


@st.cache_data(show_spinner=False)
def _scorecard_table(path: str, period: str, org: str) -> pd.DataFrame:
    return views.scorecard_table(scorecard(period, org), org_returns(org), org, period)


def scorecard_table(period: str, org: str) -> pd.DataFrame:
    """The scorecard as people read it, with each indicator's recent trend for a sparkline."""
    return _scorecard_table(_here(), period, org)


@st.cache_data(show_spinner=False)
def _detail(path: str, indicator: str, org: str, period: str) -> views.Detail:
    return views.detail(indicator, org, period, returns=org_returns(org), catalogue=catalogue_at(period),
                        versions=catalogue(current_only=False), targets=org_targets(org),
                        organisations=organisations(), revisions=revisions(org),
                        commentary=commentary(indicator, org), milestones=milestone_markers(indicator))


def detail(indicator: str, org: str, period: str) -> views.Detail:
    """Everything the indicator detail page shows for one indicator, organisation and month."""
    return _detail(_here(), indicator, org, period)


@st.cache_data(show_spinner=False)
def _completeness(path: str, org: str, period: str | None) -> pd.DataFrame:
    return views.completeness(org_returns(org), catalogue(), org, period)


def completeness(org: str, period: str | None = None) -> pd.DataFrame:
    """Indicator × month: present, missing or restated, up to `period`."""
    return _completeness(_here(), org, period)
