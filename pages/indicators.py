"""The indicator catalogue and the load history."""
import streamlit as st

from ui import db, sidebar

sidebar.through_app()
st.title("Indicators")
st.caption("The children's-services indicator set held in pidash, with each load of data.")
st.dataframe(db.catalogue(), hide_index=True, width="stretch")

st.subheader("Load history")
history = db.load_history()
if history.empty:
    st.info("No files loaded yet — load one with `pidash load returns FILE`.")
else:
    st.dataframe(history, hide_index=True, width="stretch")
