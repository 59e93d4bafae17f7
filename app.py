"""pidash: the Streamlit entry point. Navigation and page set-up only; pages live in pages/."""
import streamlit as st

from vocab import Role
from ui import auth, db, sidebar

st.set_page_config(page_title="pidash — safeguarding performance", page_icon="📊", layout="wide")
auth.sign_in()  # stops here until signed in; the sidebar says who, with what role (or local mode)
db.watch_inbox()  # loads files `pidash load` queued while this process holds the database

PAGES = [
    st.Page("pages/scorecard.py", title="Scorecard", icon="🎯", default=True),
    st.Page("pages/detail.py", title="Indicator detail", icon="📈"),
    st.Page("pages/quality.py", title="Data quality", icon="🔎"),
    st.Page("pages/indicators.py", title="Catalogue", icon="📋"),
    st.Page("pages/evidence.py", title="Evidence pack", icon="🗂️"),
    st.Page("pages/plan.py", title="Plan tracker", icon="🗺️"),
    st.Page("pages/exceptions.py", title="Exception report", icon="🚩"),
    st.Page("pages/risks.py", title="Risks and issues", icon="⚠️"),
]

# Pages that write, with the least role that may use them: hidden from everyone below it (each checks again).
WRITING_PAGES: list[tuple[st.Page, Role]] = [
    (st.Page("pages/load.py", title="Load", icon="⬆️"), Role.DATA_OFFICER),
]
PAGES += [page for page, role in WRITING_PAGES if auth.can(role)]

sidebar.render()  # the reporting period and organisation every page shows
st.navigation(PAGES).run()
