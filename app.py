"""pidash: the Streamlit entry point. Navigation and page set-up only; pages live in pages/."""
import streamlit as st

st.set_page_config(page_title="pidash — safeguarding performance", page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/indicators.py", title="Indicators", icon="📋", default=True),
]

st.navigation(PAGES).run()
