"""Data quality, for the LSCB Quality Assurance sub-group: can we trust these numbers?"""
import streamlit as st

from charts.completeness import completeness_heatmap
from ui import db, quality_view, sidebar
from ui import format as fmt
from ui import auth, records_view  # case loads and their findings; the audit trail (admins)
from vocab import Role
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

# --- the monthly cycle: this month's returns, and what changed since sign-off ---------------------
if shown.period is not None:
    st.header(f"Returns this month: {shown.month}")
    authorities = db.local_authorities()
    orgs = st.multiselect("Organisations", authorities, key="quality_cycle_orgs",
                          default=quality_view.default_orgs(authorities, shown.org, db.home_org()),
                          format_func=lambda code: fmt.org_label(code, db.org_names()))
    month = db.returns_this_month(shown.period, orgs)
    st.caption("Each return due for the month, as at today: ✔ received on time (when, and by which load), "
               "◷ received late, ✖ missing (past its due day), ○ not yet due. A month is ready for sign-off when "
               "every return is in and every red or special-cause concern line has commentary.")
    st.dataframe(month.summary, hide_index=True, width="stretch", key="quality_cycle_summary")
    st.dataframe(month.returns, hide_index=True, width="stretch", key="quality_cycle_returns")

    st.header("Changed since sign-off")
    if month.changed_lines.empty and month.changed_figures.empty:
        st.info(f"Nothing has been loaded for {shown.month} since it was signed off (or it is not signed off).")
    else:
        st.caption("What to tell the board: each scorecard line that reads differently from the signed-off "
                   "scorecard (as signed off → now), and each figure loaded after the sign-off beside the one in "
                   "force when it was signed off.")
        st.dataframe(month.changed_lines, hide_index=True, width="stretch", key="quality_changed_lines")
        st.dataframe(month.changed_figures, hide_index=True, width="stretch", key="quality_changed_figures")

# --- case records: every case load and its rules' findings; the audit trail of sensitive reads (admins) ---
st.header("Case records")
case_loads = db.case_loads()
if case_loads.empty:
    st.info("No case records loaded yet — load them on the Load page or with `pidash load cases PATH`.",
            icon=":material/info:")
else:
    st.caption("Each case load and what the rules across its tables found: errors reject the load, queries are "
               "for a person to look at. Each finding names the rule, table, row and field, never a child.")
    st.dataframe(records_view.case_loads_table(case_loads), hide_index=True, width="stretch", key="quality_case_loads")
    chosen_loads = case_loads.to_dict("records")
    picked_case = st.selectbox("Case load", range(len(chosen_loads)), key="quality_case_load",
                               format_func=lambda n: records_view.case_load_choice(chosen_loads[n]))
    case_load = chosen_loads[picked_case]
    findings = records_view.report_findings(case_load["report"])
    st.caption(plain(records_view.findings_summary(case_load, findings)))
    if findings:
        st.dataframe(records_view.case_findings_table(findings), hide_index=True, width="stretch",
                     key="quality_case_findings")

if auth.can(Role.ADMIN):
    st.header("Audit trail")
    trail = db.audit_trail()
    if trail.empty:
        st.info("Nothing recorded yet: no child-level records viewed, no evidence pack built, no file downloaded.",
                icon=":material/info:")
    else:
        st.caption("Who viewed or exported something sensitive, newest first: the children behind a figure (viewed "
                   "on the detail page or with `pidash records`), each evidence pack built (`pidash evidence` or the "
                   "Evidence pack page) and each file downloaded from a page. Shown to admins only.")
        st.dataframe(records_view.audit_table(trail), hide_index=True, width="stretch", key="quality_audit")
