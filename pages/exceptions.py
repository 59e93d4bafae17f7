"""Exception report: the milestones a programme board must hear about — overdue, off track, at risk."""
import streamlit as st

from ui import exports, plan, sidebar

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)

st.title("Milestone exception report")
if not plan.has_plan():
    st.info("No improvement plan loaded yet — load it on the Load page (or run `pidash init --demo`).")
    st.stop()

as_of = plan.as_of_picker("exceptions_as_of", st.columns(4)[0])
shown = plan.exceptions(as_of)
st.caption(f"As of {as_of:%d %B %Y}: milestones off track, at risk, or past their due date and not complete, "
           "with their lead and latest commentary. Demo status updates are synthetic.")
cols = st.columns(4)
cols[0].metric("Exceptions", shown.counts["total"])
cols[1].metric("Off track", shown.counts["off_track"])
cols[2].metric("At risk", shown.counts["at_risk"])
cols[3].metric("Overdue", shown.counts["overdue"])
if shown.table.empty:
    st.success(f"No exceptions: of {shown.counts['milestones']} milestones none is overdue, off track or at risk.")
    st.stop()
st.dataframe(shown.table, hide_index=True, width="stretch", height="content")
st.download_button("Download the exception report (CSV)", shown.csv, file_name=f"exceptions-{as_of:%Y-%m-%d}.csv",
                   mime="text/csv", key="exceptions_csv",
                   **exports.download("milestone exception report (CSV)", f"exceptions-{as_of:%Y-%m-%d}.csv"))
