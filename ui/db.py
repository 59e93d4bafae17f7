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

from data import case_queries, cycle_queries, plan_queries, queries, store
from indicators import clock
from ops import audit, signoff
from ui import detail_view, quality_view, scorecard_view
from vocab import OrgKind

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


@st.cache_resource(show_spinner=False)
def _upgraded(path: str, version: int) -> bool:
    with store.writing(path):  # a read-only connection cannot migrate: open read-write once, briefly
        return True


def upgrade() -> None:
    """Once per database per process: bring its schema up to date (an older pidash's file, or a
    restored backup), before any read-only connection meets it."""
    _upgraded(here(), store.SCHEMA_VERSION)


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
    """Every version of the commentary on `indicator` for `org`, every month (nothing is deleted)."""
    return query(cycle_queries.commentary_history, [org], [indicator])


@per_database
def action_codes() -> list[str]:
    """The improvement plan's action codes in plan order (2.1.7 before 2.10.1): what commentary may name."""
    return sorted(query(cycle_queries.codes)["actions"], key=detail_view.plan_order)


@per_database
def latest_signoff(org: str, period: str) -> dict | None:
    """The latest sign-off or reopening of `org`'s month (cycle_queries.latest_signoff), or None."""
    return query(cycle_queries.latest_signoff, org, period)


@per_database
def milestone_markers(indicator: str) -> pd.DataFrame:
    """The plan's milestones linked to an indicator, with their completion dates."""
    return query(plan_queries.milestone_markers, indicator)


# Computations: the pages' one call each, on the reads above. The work is in indicators/ and the presenters.

@per_database
def scorecard(period: str, org: str) -> pd.DataFrame:
    """The scorecard for `org` in `period` ("YYYY-MM"), red and concern first."""
    from indicators.scorecard import scorecard as compute, sort_for_attention

    from indicators.regional import vs_england_for_card

    card = compute(org_returns(org), catalogue_at(period), org_targets(org), organisations(), period, org,
                   versions=catalogue(current_only=False))
    card["vs_england"] = vs_england_for_card(card, org_returns(org), organisations())  # Wilson 95% limits
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
    """The scorecard as people read it, with each indicator's recent trend for a sparkline, its
    commentary, whether it still needs some, and what changed since the month was signed off."""
    card = scorecard(period, org)
    cycle = query(signoff.live_cycle_columns, card, org, period)
    return scorecard_view.scorecard_table(card.join(cycle), org_returns(org), org, period)


@per_database
def signed_off(period: str, org: str) -> scorecard_view.SignedOffView | None:
    """The scorecard for `org`'s month as its latest sign-off saw it (ops.signoff.signed_off_scorecard:
    the figures in force at the load it recorded, the commentary written by then), as people read
    it; None when the month does not stand signed off (never, reopened, or not a local authority)."""
    try:
        signed = query(signoff.signed_off_scorecard, org, period)
    except signoff.CycleError:
        return None
    returns = query(cycle_queries.returns_as_of_load, int(signed.signoff["load_id"]), org, period)
    return scorecard_view.signed_off_view(signed, returns, org, period)


def cycle_status(org: str, period: str) -> signoff.MonthStatus | None:
    """Where `org`'s month stands today (ops.signoff.month_status: returns, commentary needed,
    readiness, sign-off); None for an organisation that is not a local authority (no monthly cycle)."""
    return _month_status(org, period, clock.today())


@per_database
def _month_status(org: str, period: str, today) -> signoff.MonthStatus | None:
    kinds = dict(zip(organisations()["code"], organisations()["kind"]))
    if kinds.get(org) != OrgKind.LOCAL_AUTHORITY.value:
        return None
    return query(signoff.month_status, org, period, today)


def org_names() -> dict[str, str]:
    """Each organisation's name by code."""
    return dict(zip(organisations()["code"], organisations()["name"]))


def local_authorities() -> list[str]:
    """The organisations that make monthly returns (local authorities), by code."""
    orgs = organisations()
    return sorted(orgs.loc[orgs["kind"] == OrgKind.LOCAL_AUTHORITY.value, "code"])


def returns_this_month(period: str, orgs: list[str]) -> quality_view.MonthReturns:
    """Where each of `orgs`' month stands today (returns, commentary needed, ready for sign-off) and
    what changed since the sign-off each stands on, as the Data quality page shows it."""
    return _returns_this_month(period, tuple(orgs), clock.today())


@per_database
def _returns_this_month(period: str, orgs: tuple[str, ...], today) -> quality_view.MonthReturns:
    statuses = [s for s in (_month_status(org, period, today) for org in orgs) if s is not None]
    moved = [query(cycle_queries.returns_changed_since, int(s.signoff["load_id"]), s.org, period)
             for s in statuses if s.signed_off]
    return quality_view.month_returns(statuses, moved, org_names())


@per_database
def detail(indicator: str, org: str, period: str, chart: str | None = None) -> detail_view.Detail:
    """Everything the indicator detail page shows for one indicator, organisation and month
    (`chart`: the SPC chart, "xmr" or "p"; None for the rule the scorecard and the pack use)."""
    return detail_view.detail(indicator, org, period, returns=org_returns(org), catalogue=catalogue_at(period),
                        versions=catalogue(current_only=False), targets=org_targets(org),
                        organisations=organisations(), revisions=revisions(org),
                        commentary=commentary(indicator, org), milestones=milestone_markers(indicator),
                        chart=chart)


@per_database
def completeness(org: str, period: str | None = None) -> pd.DataFrame:
    """Indicator × month: present, missing or restated, up to `period`."""
    return quality_view.completeness(org_returns(org), catalogue(), org, period)


# Case records: where a figure came from, the case loads and their findings, the audit trail.

@per_database
def figure_source(org: str, indicator: str, period: str) -> dict | None:
    """Where `org`'s current figure of `indicator` for `period` ("YYYY-MM") came from
    (data.case_queries.figure_source: its load, and the case load it was computed from or None)."""
    return query(case_queries.figure_source, org, indicator, pd.Timestamp(period + "-01").date())


@per_database
def case_loads() -> pd.DataFrame:
    """Every case load, newest first (data.case_queries.case_loads), each with its report (JSON
    text: files, columns dropped, the rules' findings)."""
    def read(con):
        loads = case_queries.case_loads(con)
        loads["report"] = [case_queries.case_load_report(con, int(i)) for i in loads["id"]]
        return loads

    return query(read)


@per_database
def audit_trail(limit: int = 1000) -> pd.DataFrame:
    """The latest `limit` events of the audit trail, newest first (ops.audit.events)."""
    return query(audit.events, None, limit)
