"""The Compare and Regional scorecard pages' cached reads, and the regional scorecard's click-through.

Each computation is cached with st.cache_data, keyed (as ui/db.py keys its reads) by the database
path and its stamp, so another database, or a load from the command line, is never served an old
answer; each opens its own read-only connection through ui.db.cursor(). The work is in
indicators/regional.py and ui/compare_view.py.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data import compare_queries, queries, store
from ui import compare_view, db, sidebar

TREND_MONTHS = 24
OPEN_KEY = "regional_open_detail"  # set by a click, read by the page: open the detail page


def _key() -> tuple[str, tuple]:
    path = db.here()
    return path, store.stamp(path)


@st.cache_data(show_spinner=False, max_entries=64)
def _setting(path: str, stamp: tuple, org: str | None) -> dict:
    with db.cursor() as con:
        organisations = queries.organisations(con)
        home = queries.home_org(con)
        focus = compare_view.focus_authority(organisations, org, home)
        return {"organisations": organisations, "home": home, "focus": focus,
                "neighbours": compare_queries.neighbours(con, focus)}


def setting(org: str | None) -> dict:
    """organisations, home, focus (the authority seen from: compare_view.focus_authority) and
    its recorded neighbours, for the sidebar's organisation `org`."""
    return _setting(*_key(), org)


@st.cache_data(show_spinner=False, max_entries=64)
def _compare(path: str, stamp: tuple, indicator: str, period: str, ytd: bool, group: str,
             org: str | None) -> compare_view.CompareView:
    from indicators.regional import benchmark, monthly_values

    about = setting(org)
    focus, neighbours, organisations = about["focus"], about["neighbours"], about["organisations"]
    month = pd.Timestamp(period + "-01")
    april = pd.Timestamp(year=month.year - (month.month < 4), month=4, day=1)
    first = min(april, month - pd.DateOffset(months=TREND_MONTHS - 1))
    with db.cursor() as con:
        returns = compare_queries.indicator_returns(con, indicator, first, month)
        catalogue = queries.catalogue_at(con, period)
    result = benchmark(returns, catalogue, organisations, indicator, period, ytd=ytd, group=group, home=focus,
                       neighbours=neighbours)
    trend = monthly_values(returns, indicator, compare_view.comparison_orgs(organisations, focus, about["home"],
                                                                            neighbours), period, TREND_MONTHS)
    return compare_view.compare_view(result, trend, organisations, focus)


def compare(indicator: str, period: str, ytd: bool, group: str, org: str | None) -> compare_view.CompareView:
    """The Compare page for one indicator, month (or year to date) and group, seen from `org`
    (the sidebar's; see compare_view.focus_authority). Raises ValueError for a group that cannot
    be formed (indicators.regional.group_members says why)."""
    return _compare(*_key(), indicator, period, bool(ytd), group, org)


@st.cache_data(show_spinner=False, max_entries=16)
def _regional(path: str, stamp: tuple, period: str) -> compare_view.RegionalView:
    from indicators.regional import regional_scorecard, target_years

    with db.cursor() as con:
        returns = compare_queries.returns_until(con, period)
        catalogue = queries.catalogue_at(con, period)
        targets = compare_queries.targets_for_years(con, target_years(period))
        wide = regional_scorecard(returns, catalogue, targets, queries.organisations(con), period,
                                  versions=queries.catalogue(con, current_only=False))
    return compare_view.regional_view(wide, catalogue)


def regional(period: str) -> compare_view.RegionalView:
    """The regional scorecard for `period`: every local authority, every indicator."""
    return _regional(*_key(), period)


# --- the click-through: a callback sets the sidebar's organisation before the next run draws it --

def open_from_table(table_key: str, codes: list[str]) -> None:
    """on_select callback of the regional table: the selected row's authority becomes the
    sidebar's organisation, and the page then opens the detail page (`pending_detail`)."""
    selected = st.session_state[table_key].selection.rows
    if selected:
        open_authority(codes[selected[0]])


def open_chosen(widget_key: str) -> None:
    """on_click callback of the 'Open' button: the authority chosen in `widget_key`."""
    open_authority(st.session_state[widget_key])


def open_authority(code: str) -> None:
    """Show `code` in the sidebar (st.session_state["org"], ui/sidebar.py's key; set in a callback,
    before the sidebar's picker is drawn) and ask the page to open the detail page."""
    st.session_state[sidebar.ORG_KEY] = code
    st.session_state[OPEN_KEY] = True


def pending_detail() -> None:
    """If a click asked for it, open the indicator detail page (on the indicator last chosen)."""
    if st.session_state.pop(OPEN_KEY, False):
        st.switch_page(sidebar.DETAIL_PAGE)
