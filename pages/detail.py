"""Indicator detail: one indicator's SPC chart, definition, data (revisions marked) and commentary."""
import streamlit as st

from charts.spc import spc_chart
from ui import db, detail_view, sidebar, styles
from ui import format as fmt
from ui.safe import plain

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)

shown = sidebar.choice()
st.title("Indicator detail")
codes = list(db.catalogue()["code"])
if not codes:
    st.info("The indicator catalogue is empty — run `pidash init` to load it.")
    st.stop()
code = st.selectbox("Indicator", codes, index=codes.index(sidebar.chosen_indicator(codes)), key="detail_indicator",
                    format_func=lambda c: f"{fmt.indicator_code(c)} — {db.title(c)}")
st.session_state[sidebar.INDICATOR_KEY] = code
if shown.period is None:
    st.info(fmt.no_returns(code))
    st.stop()

detail = db.detail(code, shown.org, shown.period)
st.header(f"{fmt.indicator_code(code)}: {plain(detail.title)}")
if not detail.has_data:
    st.info(f"{fmt.no_returns(code)} ({plain(shown.org_name)}, up to {shown.month})")
    st.stop()

now = detail.current or {}
cols = st.columns(4)
cols[0].metric(f"In month ({shown.month})", fmt.percent(now.get("value")) if now else "no return")
cols[1].metric("Year to date", fmt.percent(now.get("ytd_value")))
cols[2].metric("Target", fmt.percent(now.get("target")))
cols[3].metric("RAG (year to date)", fmt.rag(now.get("rag")))
st.markdown(f"**Variation (SPC):** {plain(fmt.variation(detail.variation))} · **Assurance (SPC):** "
            f"{plain(fmt.assurance(detail.assurance))}")

st.plotly_chart(
    spc_chart(detail.spc, f"{fmt.indicator_code(code)}: {detail.title} — {shown.org_name}", series=detail.series,
              polarity=detail.polarity, comparators=detail.comparators, milestones=detail.milestones,
              phases=detail.rebase_at),
    width="stretch", key="spc_chart",
)
if detail.spc_note:
    st.caption(plain(detail.spc_note))
if detail.milestones.empty:
    st.caption(f"No completed milestone of the improvement plan names {fmt.indicator_code(code)} up to {shown.month}.")
else:
    with st.expander(f"Improvement plan milestones completed ({len(detail.milestones)}), marked ▲ on the chart"):
        st.dataframe(detail_view.milestones_table(detail.milestones), hide_index=True, width="stretch")

st.subheader("Definition")
st.caption("Definitions are versioned: a figure is read against the definition in force in its month.")
st.dataframe(detail.versions, hide_index=True, width="stretch")

st.subheader("Data")
st.caption("Latest month first. ✎ marks a figure a later file restated; the earlier figure and both loads are named.")
st.dataframe(styles.styled(detail.table, {"RAG (year to date)": "rag"}), hide_index=True, width="stretch",
             column_config={"rag": None})
st.download_button("Download the series (CSV)", detail.csv, file_name=f"{code}-{shown.org}-to-{shown.period}.csv",
                   mime="text/csv", key="detail_csv")

st.subheader("Commentary")
if detail.commentary.empty:
    st.info(f"No commentary for {fmt.indicator_code(code)} up to {shown.month}.")
else:
    latest = detail.commentary.iloc[0]
    st.caption(f"{fmt.month(latest['period'])} · {plain(latest['author'])}")
    st.markdown(plain(latest["text"]))
