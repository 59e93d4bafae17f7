"""The shared sidebar: the reporting period and the organisation every page shows.

app.py draws it on every run, before the page, so the choices live in st.session_state
("org", "period") and every page reads the same ones through `choice()`. Defaults: the home
organisation, and the latest month with a return for it.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from ui import db
from ui import format as fmt
from ui.safe import plain

ORG_KEY = "org"
PERIOD_KEY = "period"
CHOICE_KEY = "sidebar_choice"
APP = "app.py"


@dataclass(frozen=True)
class Choice:
    """What the sidebar says to show: `period` is "YYYY-MM" (None when nothing is loaded yet)."""

    org: str | None
    period: str | None
    org_name: str

    @property
    def month(self) -> str:
        """The period as people read it: "Sep 2009"."""
        return fmt.month(self.period)


def render() -> Choice:
    """Draw the organisation and period pickers in the sidebar; remember and return the choice."""
    st.session_state[CHOICE_KEY] = made = _pickers()
    return made


def _pickers() -> Choice:
    orgs = db.organisations()
    names = dict(zip(orgs["code"], orgs["name"]))
    home = db.home_org()
    codes = list(orgs["code"])
    if home in codes:
        codes.remove(home)
        codes.insert(0, home)
    st.sidebar.subheader("Show")
    if not codes:
        st.sidebar.caption("No organisations yet: run `pidash init` to set the home organisation.")
        return Choice(None, None, "")
    org = st.sidebar.selectbox("Organisation", codes, key=ORG_KEY,
                               format_func=lambda code: fmt.org_label(code, names))
    periods = db.return_periods(org)
    if not periods:
        st.sidebar.caption(f"No returns for {plain(names.get(org, org))} yet — load one on the Load page.")
        return Choice(org, None, names.get(org, org))
    home_periods = db.return_periods(home) if home else periods
    latest_home = home_periods[0] if home_periods else periods[0]
    index = periods.index(latest_home) if latest_home in periods else 0
    period = st.sidebar.selectbox("Reporting period", periods, index=index, key=PERIOD_KEY,
                                  format_func=fmt.month)
    return Choice(org, period, names.get(org, org))


def choice() -> Choice:
    """The sidebar's current choice, for a page (app.py draws the sidebar before every page)."""
    through_app()
    return st.session_state.get(CHOICE_KEY) or Choice(None, None, "")


def through_app() -> None:
    """Every page calls this first: a page must never run without app.py's sign-in and sidebar.

    Until st.navigation has run once in the server process, Streamlit treats the pages/ folder
    the old way: opening a page's own address (/detail) runs that file alone, without app.py,
    and so without sign-in. In a session where app.py has never run, go to it (it opens the
    default page, and the old behaviour is off for the life of the process). A page run on its
    own as the main script (a test) has no app.py to go to: it runs with its own checks only.
    """
    if CHOICE_KEY in st.session_state:
        return
    try:
        st.switch_page(APP)
    except StreamlitPageNotFoundError:
        return


INDICATOR_KEY = "indicator"
DETAIL_PAGE = "pages/detail.py"


def chosen_indicator(codes: list[str]) -> str:
    """The indicator the detail page opens on: the one last chosen (here or on the scorecard), else the first."""
    code = st.session_state.get(INDICATOR_KEY)
    return code if code in codes else codes[0]


def show_indicator(code: str) -> None:
    """Open the detail page on `code` (the scorecard's click-through)."""
    st.session_state[INDICATOR_KEY] = code
    st.switch_page(DETAIL_PAGE)
