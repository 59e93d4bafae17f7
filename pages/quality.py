"""Data quality, for the LSCB Quality Assurance sub-group: can we trust these numbers?"""
import streamlit as st

from charts.completeness import completeness_heatmap
from ui import db, quality_view, sidebar
from ui.safe import plain

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)

shown = sidebar.choice()
st.title("Data quality")
st.caption("Every file loaded and every check run on it; which months are missing or were restated; "
           "which indicators show special-cause variation. For the Quality Assurance sub-group.")

# --- loads and their checks --------------------------------------------------------------------
st.header("Load history")
history = db.load_history()
if history.empty:
    st.info("No files loaded yet — load one on the Load page or with `pidash load returns FILE`.")
else:
    counts = quality_view.load_counts(history)
    left, right = st.columns(2)
    left.metric("Files accepted", counts["accepted"])
    right.metric("Files rejected", counts["rejected"])
    st.dataframe(quality_view.load_history_table(history), hide_index=True, width="stretch")

    st.subheader("Checks run on a load")
    loads = history.to_dict("records")
    picked = st.selectbox("Load", range(len(loads)), index=quality_view.first_rejected(history),
                          format_func=lambda n: quality_view.load_choice(loads[n]), key="quality_load")
    load = loads[picked]
    results = db.check_results(load["id"])
    if results.empty:
        st.info(f"No checks were recorded for load {load['id']}.")
    else:
        st.dataframe(quality_view.check_table(results), hide_index=True, width="stretch")
        failing = quality_view.check_failures(results)
        if failing.empty:
            st.success(f"Load {load['id']} ({plain(load['file_name'])}): every check passed.")
        else:
            st.error(f"Load {load['id']} ({plain(load['file_name'])}) was rejected: "
                     f"{len(failing)} problem(s), each naming the row, column and value.")
            st.dataframe(failing, hide_index=True, width="stretch")

if shown.org is None:
    st.stop()

# --- completeness --------------------------------------------------------------------------------
st.header(f"Completeness: {plain(shown.org_name)}")
grid = db.completeness(shown.org, shown.period)
if grid.empty:
    st.info(f"No returns for {plain(shown.org_name)} yet — load one on the Load page.")
else:
    counts = quality_view.completeness_summary(grid)
    a, b, c = st.columns(3)
    a.metric("Months present", counts["present"])
    b.metric("Months restated", counts["restated"])
    c.metric("Months missing", counts["missing"])
    st.plotly_chart(completeness_heatmap(grid, f"Returns received for {shown.org_name}, up to {shown.month}"),
                    width="stretch", key="completeness")
    st.caption("✔ green: a return is held · ✎ blue: held, and a later file restated it · "
               "✖ red: no return for that indicator and month.")

# --- revisions -----------------------------------------------------------------------------------
st.header("Revisions")
changed = db.revisions(shown.org)
if changed.empty:
    st.info(f"No figures for {plain(shown.org_name)} have been restated.")
else:
    st.caption("Each figure a later file changed: the earlier value, the value that replaced it, and both loads. "
               "Nothing is deleted: the earlier figure stays in the store.")
    st.dataframe(quality_view.revisions_table(changed), hide_index=True, width="stretch")

# --- special causes -------------------------------------------------------------------------------
st.header("Special-cause variation")
if shown.period is None:
    st.info(f"No returns for {plain(shown.org_name)} yet — load one on the Load page.")
else:
    special = quality_view.special_causes(db.scorecard(shown.period, shown.org))
    if special.empty:
        st.info(f"No indicator's point for {shown.month} is a special cause.")
    else:
        st.caption(f"Indicators whose point for {shown.month} is a special cause (Making Data Count): "
                   "check the figure is right before reading it as a real change.")
        st.dataframe(special, hide_index=True, width="stretch")
