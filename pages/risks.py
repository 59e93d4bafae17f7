"""Risks and issues: the programme's register as last reviewed by a date, on a likelihood × impact grid."""
import streamlit as st

from charts.plan import risk_matrix
from ui import plan, sidebar

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)

st.title("Risks and issues")
as_of = plan.as_of_picker("risks_as_of", st.columns(4)[0])
shown = plan.risks(as_of)
if shown.table.empty:
    st.info(f"No risks or issues reviewed by {as_of:%d %b %Y} — load a register on the Load page.")
    st.stop()
st.caption(f"Each risk and issue as last reviewed on or before {as_of:%d %B %Y}. Demo entries are synthetic.")
cols = st.columns(4)
cols[0].metric("Open risks", shown.counts["risks"])
cols[1].metric("Open issues", shown.counts["issues"])
cols[2].metric("High (score 15 or more)", shown.counts["high"])
cols[3].metric("Closed", shown.counts["closed"])
st.plotly_chart(risk_matrix(shown.grid, "Open risks and issues: likelihood × impact"), width="stretch",
                key="risk_matrix")
st.subheader("Register")
st.dataframe(shown.table, hide_index=True, width="stretch")
