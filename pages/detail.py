"""Indicator detail: one indicator's SPC chart, definition, data (revisions marked) and commentary
(the month's latest, every version, and a form to write a new one)."""
import streamlit as st

import access
from charts.spc import spc_chart
from ui import auth, cycle, db, detail_view, sidebar, styles
from ui import format as fmt
from ui import exports, records, records_view  # downloads recorded; the children behind a figure
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

chosen_chart = st.session_state.get("detail_chart") or "Automatic"  # the SPC chart switch, drawn below the chart
detail = db.detail(code, shown.org, shown.period, detail_view.SPC_CHOICES[chosen_chart])
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
st.segmented_control("SPC chart", list(detail_view.SPC_CHOICES), default="Automatic", key="detail_chart")
st.caption(plain(detail.chart_reason))
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
                   mime="text/csv", key="detail_csv",
                   **exports.download("indicator series (CSV)", f"{code}-{shown.org}-to-{shown.period}.csv",
                                      shown.org, code, shown.period))

# --- commentary: the month's latest, every version, and a form for a new version (data officer and above)
st.subheader("Commentary")
done = cycle.said()
if done:
    st.success(plain(done), icon=":material/check_circle:")
latest = detail.latest_commentary
if latest is None:
    st.info(f"No commentary on {fmt.indicator_code(code)} for {shown.month}.", icon=":material/chat:")
else:
    with st.container(border=True):
        st.caption(plain(detail_view.commentary_byline(latest)))
        for label, words in detail_view.commentary_facts(latest):
            st.markdown(f"**{label}:** {plain(words)}")
    with st.expander(f"Every version for {shown.month} ({len(detail.commentary)}), newest first — none is deleted"):
        st.dataframe(detail_view.commentary_history_table(detail.commentary), hide_index=True, width="stretch")
if auth.can(access.needed_to_load("commentary")):
    form = detail_view.commentary_form(latest, shown.period, db.action_codes())
    key = f"commentary_{code}_{shown.org}_{shown.period}_{cycle.form_round()}"  # drawn afresh after each save
    with st.form(key):
        st.markdown(f"**Write commentary on {fmt.indicator_code(code)} for {shown.month}** — saved as a new "
                    "version, with you as its author; the earlier versions are kept.")
        text = st.text_area("What happened", value=form.text, max_chars=detail_view.MAX_CHARACTERS, key=f"{key}_text")
        doing = st.text_area("What is being done", value=form.doing, max_chars=detail_view.MAX_CHARACTERS,
                             key=f"{key}_doing")
        left, right = st.columns(2)
        action = left.selectbox("Plan action (optional)", form.actions, index=form.action_index, key=f"{key}_action",
                                format_func=lambda a: "(none)" if a is None else a)
        expected_by = right.selectbox("Expected by (optional)", form.months, index=form.month_index,
                                      key=f"{key}_expected_by", format_func=lambda m: "(none)" if m is None else fmt.month(m))
        if st.form_submit_button("Save commentary", type="primary", icon=":material/save:"):
            try:
                cycle.save_commentary(code, shown.org, shown.period, text, doing, action, expected_by)
            except ValueError as err:  # names the field, the value and the rule
                st.error(plain(err), icon=":material/error:")
            else:
                st.rerun()
else:
    st.caption("A data officer (or above) writes commentary here.")

# --- the children behind the figure: a month computed from case records, data officers and above, every view audited
st.subheader("Records behind this figure")
source = db.figure_source(shown.org, code, shown.period)
if not records_view.is_computed(source):
    st.caption(plain(records_view.not_computed_text(code, shown.period, source)))
elif not auth.can(access.CHILD_RECORDS):
    st.info(records_view.ROLE_NOTE, icon=":material/lock:")
else:
    found = records.held(code, shown.org, shown.period, source["case_load"])
    if found is None:
        st.caption(f"The records {fmt.indicator_code(code)}'s figure for {shown.month} counted, each child by pidash's "
                   "pseudonymous id, those needing attention first. Showing them is recorded in the audit trail "
                   "(who, when, organisation, indicator, month).")
        if st.button("Show the records", key="records_show", icon=":material/visibility:"):
            try:
                found = records.open_records(code, shown.org, shown.period, source["case_load"])
            except records.REFUSALS as err:
                st.warning(plain(err), icon=":material/warning:")
    if found is not None:
        st.caption(plain(found.heading()))
        note = records_view.other_case_load_note(found.case_load, source)
        if note:
            st.caption(plain(note))
        st.dataframe(found.table, hide_index=True, width="stretch", key="records_table")
        name = records_view.records_file_name(code, shown.org, shown.period)
        left, right = st.columns(2)
        left.download_button("Download these records (CSV)", records_view.records_csv(found), file_name=name,
                             mime="text/csv", key="records_csv", icon=":material/download:",
                             **exports.download("records behind the figure (CSV)", name, shown.org, code, shown.period,
                                                rows=found.denominator, case_load=found.case_load,
                                                definition_version=found.version))
        right.button("Hide the records", key="records_hide", on_click=records.hide, icon=":material/visibility_off:")
        st.caption(f"Your view was recorded in the audit trail (event {found.audit_event}); a download is recorded too.")
