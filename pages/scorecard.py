"""Scorecard, for senior managers and Cabinet members: are we getting better, and what needs help?"""
import streamlit as st

from ui import db, scorecard_view, sidebar, styles
from ui import format as fmt
from ui.safe import plain

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)

shown = sidebar.choice()
st.title("Scorecard")
if shown.period is None:
    st.info(f"No returns for {plain(shown.org_name) or 'this organisation'} yet — load one on the Load page.")
    st.stop()
st.caption(f"{plain(shown.org_name)}, {shown.month}. Every indicator, those needing attention first: red, then "
           "amber, then special-cause concern. RAG rates the year-to-date value against the year's target.")

counts = db.scorecard_counts(shown.period, shown.org)
red, amber, green, none, concern = st.columns(5)
red.metric("✖ Red", counts["red"])
amber.metric("▲ Amber", counts["amber"])
green.metric("✔ Green", counts["green"])
none.metric("No RAG (no target or no return)", counts["none"])
concern.metric("⚠ Special cause: concern", counts["special_cause_concern"])

table = db.scorecard_table(shown.period, shown.org)
picked = st.dataframe(
    styles.styled(table), hide_index=True, width="stretch", key="scorecard_table", on_select="rerun", selection_mode="single-row",
    column_config={
        **{column: None for column in scorecard_view.HIDDEN_COLUMNS},
        "Short title": st.column_config.TextColumn("Short title", width="medium",
                                                   help="The indicator's title, shortened; the full title is at the right"),
        "Trend": st.column_config.LineChartColumn("Last 24 months", help="The monthly value, oldest to latest"),
        "Title": st.column_config.TextColumn("Title", width="large"),
    },
)
if picked.selection.rows:
    sidebar.show_indicator(table["code"].iloc[picked.selection.rows[0]])

st.caption("Click a row, or choose below, to see an indicator's SPC chart, definition, data and commentary. "
           "Arrows: ⬆ improving, ➡ stable, ⬇ deteriorating (against last month, and against the same month last "
           "year). Variation (Making Data Count): ~ common cause, ★ improvement, ⚠ concern, ▲▼ neutral. "
           "Assurance: [P] consistently meets target, [F] consistently fails, [?] inconsistent.")
left, right = st.columns([3, 1], vertical_alignment="bottom")
code = left.selectbox("Indicator", list(table["code"]), key="scorecard_open",
                      format_func=lambda c: f"{fmt.indicator_code(c)} — {db.title(c)}")
if right.button("Open the detail page", key="scorecard_open_detail"):
    sidebar.show_indicator(code)
