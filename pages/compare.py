"""Compare, for the regional alliance and senior managers: how does each authority compare on one
indicator, on the same methods as OHID Fingertips and DfE LAIT?"""
import streamlit as st

from charts.compare import funnel_plot, ranked_bars, trend_lines
from ui import compare_db, compare_view, db, exports, sidebar
from ui import format as fmt
from ui.safe import plain

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)

shown = sidebar.choice()
st.title("Compare authorities")
codes = list(db.catalogue()["code"])
if shown.period is None or not codes:
    st.info("No returns yet — load some on the Load page (or run `pidash init --demo`).")
    st.stop()

about = compare_db.setting(shown.org)
options = compare_view.group_options(about["focus"], about["neighbours"])
left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
code = left.selectbox("Indicator", codes, index=codes.index(sidebar.chosen_indicator(codes)), key="compare_indicator",
                      format_func=lambda c: f"{fmt.indicator_code(c)} — {db.title(c)}")
group = middle.radio("Compare with", list(options), format_func=options.get, key="compare_group", horizontal=True)
ytd = right.toggle("Year to date", key="compare_ytd", help="April to the month, by the indicator's year-to-date rule")
if not compare_view.available(group, about["focus"], about["neighbours"]):
    st.info(f"{options[group]}: choose another group. Regions are known for London boroughs only (E09 codes); "
            "statistical neighbours are recorded with `pidash neighbours --set CODE,CODE,…`.")
    st.stop()

view = compare_db.compare(code, shown.period, ytd, group, shown.org)
st.header(plain(view.heading))
st.caption(plain(view.caption))
st.plotly_chart(ranked_bars(view.bars, "Value with 95% confidence limits, best first", lines=view.lines),
                width="stretch", key="compare_bars")
funnel, trend = st.columns(2)
funnel.plotly_chart(funnel_plot(view.points, view.limits, "Funnel plot: value against denominator"),
                    width="stretch", key="compare_funnel")
trend.plotly_chart(trend_lines(view.trend, "The chosen authority beside its neighbours (in-month)"),
                   width="stretch", key="compare_trend")
st.dataframe(view.table, hide_index=True, width="stretch", key="compare_table", column_config={
    "org": None,
    "Value": st.column_config.NumberColumn("Value", format="%.1f%%"),
    "Lower 95%": st.column_config.NumberColumn("Lower 95%", format="%.1f%%"),
    "Upper 95%": st.column_config.NumberColumn("Upper 95%", format="%.1f%%"),
})
st.download_button("Download the comparison (CSV)", view.csv, file_name=f"compare-{code}-{shown.period}.csv",
                   mime="text/csv", key="compare_csv",
                   **exports.download("comparison (CSV)", f"compare-{code}-{shown.period}.csv", None, code, shown.period))
