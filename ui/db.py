"""The dashboard's reads of the store, and the cached reads the pages share.

The dashboard holds no connection between requests: each read opens the file read-only for
its moment and closes it, and a write (a confirmed upload, commentary, a sign-off) opens it
read-write for its moment only, so `pidash` commands run beside the dashboard (DuckDB lets one
process write a file, or several read it). Cached reads are keyed by the store's stamp (its
file's size and time), so a load from the command line shows at the next refresh.
"""
from __future__ import annotations

import functools
import inspect
import threading
from contextlib import ExitStack, contextmanager
from typing import Callable, Iterator, ParamSpec, TypeVar

import duckdb
import pandas as pd
import streamlit as st

from data import plan_queries, queries, store
from ui import detail_view, quality_view, scorecard_view

P = ParamSpec("P")
T = TypeVar("T")


def here() -> str:
    """The database this process serves (PIDASH_DB, or the default)."""
    return str(store.db_path())


_run = threading.local()  # Streamlit runs each session's script on a thread of its own


@contextmanager
def snapshot() -> Iterator[None]:
    """One page run reads one state of the store: a read-only connection held for the run (no
    other process can write meanwhile, so the store's stamp, and every cached read keyed by it,
    is that state), released when the run ends or before the run writes."""
    stack = ExitStack()
    try:
        _run.con = stack.enter_context(store.reading(here()))
        _run.stamp = store.stamp(here())
        _run.stack = stack
        yield
    finally:
        _end_snapshot()
        stack.close()


def _end_snapshot() -> None:
    stack = getattr(_run, "stack", None)
    _run.con = _run.stamp = _run.stack = None
    if stack is not None:
        stack.close()


def _stamp() -> tuple:
    return getattr(_run, "stamp", None) or store.stamp(here())


@contextmanager
def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for one read, `with cursor() as con:`: a cursor on the run's snapshot, or (outside
    a page run) a read-only connection of its own; closed after."""
    held = getattr(_run, "con", None)
    if held is not None:
        with held.cursor() as con:
            yield con
        return
    with store.reading(here()) as con:
        yield con


@contextmanager
def writer() -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one write, `with writer() as con:`: the run's snapshot is
    released first (reads after it in the run open their own); closed, and so saved, after."""
    _end_snapshot()
    with store.writing(here()) as con:
        yield con
    clear_caches()


def clear_caches() -> None:
    """After a write: every cached read may be stale (their keys would change anyway; this frees them)."""
    st.cache_data.clear()


def _stop(worker) -> None:
    """Stop the inbox worker and let its pass finish."""
    worker.stop()
    worker.join(timeout=30)


@st.cache_resource(show_spinner=False, on_release=_stop)
def _inbox_worker(path: str):
    from ops.inbox import InboxWorker, interval_seconds

    worker = InboxWorker(lambda: store.writing(path), path, interval_seconds(),
                         on_change=lambda results: clear_caches())
    worker.start()
    return worker


def watch_inbox():
    """Start, once per database, the worker that loads files `pidash load` queued when the store
    stayed busy past its wait (the fallback: commands normally write directly)."""
    return _inbox_worker(here())


def per_database(compute: Callable[P, T]) -> Callable[P, T]:
    """`compute` cached with st.cache_data, keyed by the database path and its stamp as well as its
    arguments: st.cache_data is process-wide, one process (a test run) may open several databases
    in turn, and another process (a `pidash load`) may change the store between two requests.

    Arguments are bound to `compute`'s signature first, so f(), f(True) and f(current_only=True)
    share one entry. Cleared by clear_caches() after a write.
    """
    signature = inspect.signature(compute)

    def cached(path: str, version: tuple, *args):
        return compute(*args)

    # st.cache_data tells functions apart by module and qualified name: without these, every
    # function made here would be one function to it, and share one cache.
    cached.__module__, cached.__name__, cached.__qualname__ = compute.__module__, compute.__name__, compute.__qualname__
    cached = st.cache_data(show_spinner=False)(cached)

    @functools.wraps(compute)
    def read(*args: P.args, **kwargs: P.kwargs) -> T:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return cached(here(), _stamp(), *bound.args)

    return read


def query(read: Callable[..., T], *args, **kwargs) -> T:
    """`read(con, *args, **kwargs)` on a fresh cursor, closed afterwards (an open one outlives the page)."""
    with cursor() as con:
        return read(con, *args, **kwargs)


# Reads: one query each.

@per_database
def load_history() -> pd.DataFrame:
    """Every load, newest first."""
    return query(queries.load_history)


@per_database
def catalogue(current_only: bool = True) -> pd.DataFrame:
    """The indicator catalogue: the latest version of each definition (or every version)."""
    return query(queries.catalogue, current_only=current_only)


@per_database
def catalogue_at(period: str) -> pd.DataFrame:
    """Each indicator's definition in force in `period` ("YYYY-MM")."""
    return query(queries.catalogue_at, period)


@per_database
def organisations() -> pd.DataFrame:
    """Organisations, local authorities first."""
    return query(queries.organisations)


@per_database
def home_org() -> str | None:
    return query(queries.home_org)


@per_database
def return_periods(org: str | None = None) -> list[str]:
    """Months (YYYY-MM, latest first) with a current return for `org` (default: the home
    organisation; any organisation if none is set)."""
    return query(queries.return_periods, org or home_org())


@per_database
def returns() -> pd.DataFrame:
    """Every current figure, for every organisation (a few thousand rows in a real store)."""
    return query(queries.current_returns)


@per_database
def org_returns(org: str) -> pd.DataFrame:
    """The current figures for `org` and its comparators: what a page about one organisation
    needs (a few thousand rows at national scale, where `returns()` is a million)."""
    return query(queries.org_returns, org)


@per_database
def targets() -> pd.DataFrame:
    return query(queries.targets)


@per_database
def org_targets(org: str) -> pd.DataFrame:
    """`org`'s targets (a scorecard or detail page uses no one else's)."""
    return query(queries.targets, orgs=[org])


@per_database
def revisions(org: str | None = None) -> pd.DataFrame:
    """Every restated figure (old and new value, both loads), for one organisation or all."""
    return query(queries.revisions, [org] if org else None)


@per_database
def check_results(load_id: int) -> pd.DataFrame:
    """The expectations run on one load, with their failing rows (JSON)."""
    return query(queries.check_results, int(load_id))


@per_database
def commentary(indicator: str, org: str) -> pd.DataFrame:
    return query(queries.commentary, [org], [indicator])


@per_database
def milestone_markers(indicator: str) -> pd.DataFrame:
    """The plan's milestones linked to an indicator, with their completion dates."""
    return query(plan_queries.milestone_markers, indicator)


# Computations: the pages' one call each, on the reads above. The work is in indicators/ and the presenters.

@per_database
def scorecard(period: str, org: str) -> pd.DataFrame:
    """The scorecard for `org` in `period` ("YYYY-MM"), red and concern first."""
    from indicators.scorecard import scorecard as compute, sort_for_attention

    card = compute(org_returns(org), catalogue_at(period), org_targets(org), organisations(), period, org,
                   versions=catalogue(current_only=False))
    return sort_for_attention(card)


def scorecard_counts(period: str, org: str) -> dict[str, int]:
    """How many indicators are red, amber, green, without RAG, and special-cause concern."""
    return scorecard_view.rag_counts(scorecard(period, org))


def title(code: str) -> str:
    """An indicator's current title (its code if it has none)."""
    titles = dict(zip(catalogue()["code"], catalogue()["title"]))
    return str(titles.get(code, code))


@per_database
def scorecard_table(period: str, org: str) -> pd.DataFrame:
    """The scorecard as people read it, with each indicator's recent trend for a sparkline."""
    return scorecard_view.scorecard_table(scorecard(period, org), org_returns(org), org, period)


@per_database
def detail(indicator: str, org: str, period: str) -> detail_view.Detail:
    """Everything the indicator detail page shows for one indicator, organisation and month."""
    return detail_view.detail(indicator, org, period, returns=org_returns(org), catalogue=catalogue_at(period),
                        versions=catalogue(current_only=False), targets=org_targets(org),
                        organisations=organisations(), revisions=revisions(org),
                        commentary=commentary(indicator, org), milestones=milestone_markers(indicator))


@per_database
def completeness(org: str, period: str | None = None) -> pd.DataFrame:
    """Indicator × month: present, missing or restated, up to `period`."""
    return quality_view.completeness(org_returns(org), catalogue(), org, period)
