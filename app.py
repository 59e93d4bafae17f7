"""pidash: the Streamlit entry point. Navigation and page set-up only; pages live in pages/."""
import streamlit as st

from vocab import Role
from ui import auth, db, errors, sidebar

st.set_page_config(page_title="pidash — safeguarding performance", page_icon=":material/analytics:", layout="wide")
db.upgrade()  # an older database file is brought up to date first
db.watch_inbox()  # loads files `pidash load` queued when the store stayed busy past its wait

with db.snapshot():  # one run reads one state of the store, whatever a command writes meanwhile (ui/db.py)
    auth.sign_in()  # stops here until signed in; the sidebar says who, with what role (or local mode)

    PAGES = [
        st.Page("pages/scorecard.py", title="Scorecard", icon=":material/dashboard:", default=True),
        st.Page("pages/detail.py", title="Indicator detail", icon=":material/monitoring:"),
        st.Page("pages/compare.py", title="Compare", icon=":material/leaderboard:"),
        st.Page("pages/regional.py", title="Regional scorecard", icon=":material/grid_view:"),
        st.Page("pages/quality.py", title="Data quality", icon=":material/fact_check:"),
        st.Page("pages/indicators.py", title="Catalogue", icon=":material/list_alt:"),
        st.Page("pages/evidence.py", title="Evidence pack", icon=":material/folder_zip:"),
        st.Page("pages/plan.py", title="Plan tracker", icon=":material/timeline:"),
        st.Page("pages/exceptions.py", title="Exception report", icon=":material/flag:"),
        st.Page("pages/risks.py", title="Risks and issues", icon=":material/warning:"),
    ]

    # Pages that write, with the least role that may use them: out of the navigation for everyone below
    # it, while their address still answers, with the page's own refusal naming the role needed.
    WRITING_PAGES: list[tuple[str, str, str, Role]] = [
        ("pages/load.py", "Load", ":material/upload:", Role.DATA_OFFICER),
    ]
    PAGES += [st.Page(path, title=title, icon=icon, visibility="visible" if auth.can(role) else "hidden")
              for path, title, icon, role in WRITING_PAGES]

    sidebar.render()  # the reporting period and organisation every page shows
    errors.run_page(st.navigation(PAGES))  # an error: a short message with a reference; the traceback to the log
