"""Scorecard, for senior managers and Cabinet members: are we getting better, and what needs help?
With the monthly cycle: each line's commentary, the lines still needing some, what changed since
sign-off, the scorecard as signed off, and (approver) the sign-off itself."""
import streamlit as st

from ui import auth, cycle, db, scorecard_view, sidebar, styles
from ui import format as fmt
from ui.safe import plain
from vocab import Role

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)

shown = sidebar.choice()
st.title("Scorecard")
if shown.period is None:
    st.info(f"No returns for {plain(shown.org_name) or 'this organisation'} yet — load one on the Load page.")
    st.stop()
st.caption(f"{plain(shown.org_name)}, {shown.month}. Every indicator, those needing attention first: red, then "
           "amber, then special-cause concern. RAG rates the year-to-date value against the year's target.")
done = cycle.said()
if done:
    st.success(plain(done), icon=":material/check_circle:")

as_signed_off = st.toggle("As signed off", key="scorecard_as_signed_off",
                          help="The scorecard as the month's latest sign-off saw it: only the figures loaded up to "
                               "the load it recorded, with the commentary written by then.")
if as_signed_off:
    signed = db.signed_off(shown.period, shown.org)
    if signed is None:
        st.info(plain(scorecard_view.signoff_state(db.latest_signoff(shown.org, shown.period), shown.month))
                + " There is no signed-off scorecard to show.", icon=":material/info:")
        table = None
    else:
        st.success(plain(signed.signoff), icon=":material/verified:")
        for note in signed.notes:
            st.caption(plain(note))
        counts, table = signed.counts, signed.table
else:
    st.caption(plain(scorecard_view.signoff_state(db.latest_signoff(shown.org, shown.period), shown.month)))
    counts, table = db.scorecard_counts(shown.period, shown.org), db.scorecard_table(shown.period, shown.org)

if table is not None:
    red, amber, green, none, concern = st.columns(5)
    red.metric("✖ Red", counts["red"])
    amber.metric("▲ Amber", counts["amber"])
    green.metric("✔ Green", counts["green"])
    none.metric("No RAG (no target or no return)", counts["none"])
    concern.metric("⚠ Special cause: concern", counts["special_cause_concern"])

    picked = st.dataframe(
        styles.styled(table), hide_index=True, width="stretch", key="scorecard_table", on_select="rerun",
        selection_mode="single-row",
        column_config={
            **{column: None for column in scorecard_view.HIDDEN_COLUMNS},
            "Short title": st.column_config.TextColumn("Short title", width="medium",
                                                       help="The indicator's title, shortened; the full title is at the right"),
            "Commentary": st.column_config.TextColumn("Commentary", width="medium",
                                                      help="The first line of the month's latest commentary; the "
                                                           "whole text, and every version, is on the detail page"),
            "Since sign-off": st.column_config.TextColumn("Since sign-off", width="medium",
                                                          help="The figures as signed off and as they read now"),
            "Trend": st.column_config.LineChartColumn("Last 24 months", help="The monthly value, oldest to latest"),
            "Title": st.column_config.TextColumn("Title", width="large"),
        },
    )
    if picked.selection.rows:
        sidebar.show_indicator(table["code"].iloc[picked.selection.rows[0]])

    st.caption("Click a row, or choose below, to see an indicator's SPC chart, definition, data and commentary. "
               "Arrows: ⬆ improving, ➡ stable, ⬇ deteriorating (against last month, and against the same month last "
               "year). Variation (Making Data Count): ~ common cause, ★ improvement, ⚠ concern, ▲▼ neutral. "
               f"Assurance: [P] consistently meets target, [F] consistently fails, [?] inconsistent. "
               f"{scorecard_view.NEEDED}: red or special-cause concern, with no commentary yet. "
               f"{scorecard_view.CHANGED}: a figure feeding the line was loaded after the month was signed off.")
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    code = left.selectbox("Indicator", list(table["code"]), key="scorecard_open",
                          format_func=lambda c: f"{fmt.indicator_code(c)} — {db.title(c)}")
    if right.button("Open the detail page", key="scorecard_open_detail"):
        sidebar.show_indicator(code)

# --- sign-off: an approver's panel (a local authority's month only) ---------------------------------
status = db.cycle_status(shown.org, shown.period) if auth.can(Role.APPROVER) else None
if status is not None:
    panel = scorecard_view.signoff_panel(status, shown.month)
    st.subheader(f"Sign-off: {shown.month}")
    if panel.signed_off:
        st.success(plain(panel.state), icon=":material/verified:")
        with st.form(f"scorecard_reopen_{cycle.form_round()}"):
            reason = st.text_area("Why reopen it (required; kept with the reopening)", max_chars=2000,
                                  key=f"scorecard_reopen_reason_{cycle.form_round()}")
            if st.form_submit_button(f"Reopen {shown.month}", icon=":material/lock_open:"):
                try:
                    cycle.reopen(shown.org, shown.period, reason)
                except cycle.REFUSALS as err:
                    st.error(plain(err), icon=":material/error:")
                else:
                    st.rerun()
    else:
        if panel.ready:
            st.success(plain(panel.verdict), icon=":material/task_alt:")
        else:
            st.warning(plain(panel.verdict), icon=":material/warning:")
        if len(panel.returns):
            st.dataframe(panel.returns, hide_index=True, width="stretch", key="signoff_returns")
        if len(panel.needing):
            st.dataframe(panel.needing, hide_index=True, width="stretch", key="signoff_needing")
        with st.form(f"scorecard_signoff_{cycle.form_round()}"):
            note = st.text_area("Note (optional; kept with the sign-off)", max_chars=2000,
                                key=f"scorecard_signoff_note_{cycle.form_round()}")
            override = st.text_area("Override reason (required: the month is not ready)" if not panel.ready else
                                    "Override reason (only for a month that is not ready)", max_chars=2000,
                                    key=f"scorecard_signoff_override_{cycle.form_round()}")
            if st.form_submit_button(f"Sign off {shown.month}", type="primary", icon=":material/verified:"):
                try:
                    cycle.sign_off(shown.org, shown.period, note, override)
                except cycle.REFUSALS as err:  # not ready without a reason, already signed off, no role
                    st.error(plain(err), icon=":material/error:")
                else:
                    st.rerun()
