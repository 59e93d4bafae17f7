"""Load, for performance officers: check a file (or a case load's files), read the report, then
confirm to write it."""
import streamlit as st

from loads.pipeline import LOADERS
from vocab import LoadStatus, Role
from ui import auth, db, exports, load_view, sidebar, uploads
from ui import format as fmt
from ui.safe import plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

sidebar.through_app()
auth.require(Role.DATA_OFFICER)
st.title("Load")
st.caption("Upload this month's returns, a year's targets, milestone updates or case records. Every file is checked "
           "first and nothing is written until you confirm; a file with problems is never written. "
           "This is the same load as `pidash load` on the command line.")

tables = auth.loadable(load_view.loadable_tables([*LOADERS, load_view.CASES]))  # only what this role may load
table = st.selectbox("What the file holds", tables, format_func=lambda t: load_view.TABLE_LABELS.get(t, t),
                     key="load_table", on_change=uploads.forget)
left, right = st.columns([3, 1])

# --- case records: one workbook or several files, for an organisation (`pidash load cases PATH --org CODE`)
if table == load_view.CASES:
    left.caption(load_view.case_help())
    right.download_button("Blank workbook (XLSX)", load_view.case_template_xlsx(), file_name="case-records-template.xlsx",
                          mime=XLSX, key="template_cases",
                          **exports.download("blank case-records workbook", "case-records-template.xlsx"))
    authorities = db.local_authorities()
    if not authorities:
        st.info("No local authority is known yet: load it as an organisation first.", icon=":material/info:")
        st.stop()
    home = db.home_org()
    org = st.selectbox("Whose records", authorities, index=authorities.index(home) if home in authorities else 0,
                       format_func=lambda code: fmt.org_label(code, db.org_names()), key="load_cases_org",
                       on_change=uploads.forget_cases)
    uploaded = st.file_uploader(f"Case records: one XLSX workbook, or several CSV files at once (up to "
                                f"{uploads.limit_mb()} MB each)", type=uploads.UPLOAD_TYPES, accept_multiple_files=True,
                                max_upload_size=uploads.limit_mb(), key=f"{uploads.uploader_key()}_cases",
                                on_change=uploads.forget_cases)
    outcome = uploads.last_case_outcome()
    if outcome is not None:
        if outcome.status == LoadStatus.ACCEPTED:
            st.success(plain(outcome.summary()), icon=":material/check_circle:")
        else:
            st.warning(f"{plain(outcome.prepared.source)}: recorded as rejected case load {outcome.load_id}; "
                       "nothing else was written.", icon=":material/warning:")
    if not uploaded:
        if outcome is None:
            st.info("Choose the case files to check them. Download the blank workbook above to see the tables "
                    "and columns.", icon=":material/upload_file:")
        st.stop()

    bar = st.progress(0.0, text="Checking the case records")
    checked = uploads.check_cases(org, [(f.name, f.getvalue()) for f in uploaded],
                                  progress=lambda fraction, message: bar.progress(min(1.0, fraction), text=message))
    bar.empty()
    if checked.refused:
        st.error("  \n".join(["These files cannot be checked; nothing has been written:",
                               *[plain(reason) for reason in checked.refused]]), icon=":material/error:")
        st.stop()
    prepared = checked.prepared
    report = prepared.report
    org_name = db.org_names().get(org, org)
    if prepared.accepted:
        st.success(f"{plain(prepared.source)}: {report.rows:,} rows in {len(prepared.files)} table(s) for "
                   f"{plain(org_name)} passed all {len(report.results)} checks. Nothing has been written yet.",
                   icon=":material/check_circle:")
    else:
        st.error(f"{plain(prepared.source)}: rejected, {report.failure_count} problem(s) found. Nothing has been "
                 "written. Correct the rows below and upload the files again.", icon=":material/error:")
        st.dataframe(load_view.case_problems_table(prepared), hide_index=True, width="stretch", key="load_cases_errors")
    st.subheader("Tables read")
    st.dataframe(load_view.case_files_table(prepared), hide_index=True, width="stretch", key="load_cases_tables")
    dropped = load_view.dropped_columns(prepared)
    if dropped:
        st.info("  \n".join(["Columns dropped as they were read, never stored (they could identify a child):",
                              *[plain(line) for line in dropped]]), icon=":material/visibility_off:")
    if prepared.ignored:
        st.caption(f"Ignored (not case tables): {plain(', '.join(prepared.ignored))}")
    if prepared.missing:
        st.caption(f"Not supplied, so empty (the indicators that need them are not computed): "
                   f"{plain(', '.join(prepared.missing))}")
    queries = prepared.queries
    if queries:
        st.warning(f"{len(queries)} quer{'y' if len(queries) == 1 else 'ies'} to look at: they do not stop the load, "
                   "and are kept in its report for the Data quality page.", icon=":material/help:")
        st.dataframe(load_view.findings_table(queries), hide_index=True, width="stretch", key="load_cases_queries")
    with st.expander("Checks run"):
        st.dataframe(load_view.report_summary(report), hide_index=True, width="stretch")
    if prepared.accepted:
        if st.button(f"Confirm: load {report.rows:,} case rows for {org_name}", type="primary",
                     key="load_cases_confirm", icon=":material/save:"):
            done = st.progress(0.0, text="Writing")
            uploads.confirm_cases(checked, auth.user_name(),
                                  progress=lambda fraction, message: done.progress(min(1.0, fraction), text=message))
            st.rerun()
    elif st.button("Record this rejected case load in the load history", key="load_cases_record_rejection"):
        uploads.confirm_cases(checked, auth.user_name())
        st.rerun()
    st.stop()

# --- every other table: one file through loads/pipeline.py
left.caption(load_view.template_help(table))
right.download_button("Blank template (CSV)", load_view.template_csv(table, db.home_org()),
                      file_name=f"{table}-template.csv", mime="text/csv", key=f"template_{table}",
                      **exports.download("blank template", f"{table}-template.csv"))

upload = st.file_uploader(f"{load_view.TABLE_LABELS.get(table, table)} file (CSV or XLSX, up to {uploads.limit_mb()} MB)",
                          type=uploads.UPLOAD_TYPES, max_upload_size=uploads.limit_mb(),
                          key=uploads.uploader_key(), on_change=uploads.forget)

outcome = uploads.last_outcome()
if outcome is not None:
    if outcome.status == LoadStatus.ACCEPTED:
        st.success(plain(outcome.summary()))
    else:
        st.warning(f"{plain(outcome.file_name)}: recorded as rejected load {outcome.load_id}; nothing else was written.")

if upload is None:
    if outcome is None:
        st.info("Choose a file to check it. Download the blank template above to see the columns.")
    st.stop()

bar = st.progress(0.0, text=f"Checking {upload.name}")
checked = uploads.check(table, upload.name, upload.getvalue(),
                        progress=lambda fraction, message: bar.progress(min(1.0, fraction), text=message))
bar.empty()  # checked: the report below says how it went
report = checked.prepared.report

if checked.prepared.accepted:
    st.success(f"{plain(upload.name)}: {report.rows:,} rows passed all {len(report.results)} checks. "
               "Nothing has been written yet.")
    st.subheader("First rows")
    st.dataframe(load_view.preview(checked.prepared.frame, table), hide_index=True, width="stretch")
    if report.warnings:
        st.warning(f"{len(report.warnings)} warning(s): the file can still be loaded, but check these rows.")
        st.dataframe(load_view.failures_table(report.warnings), hide_index=True, width="stretch")
    with st.expander("Checks run"):
        st.dataframe(load_view.report_summary(report), hide_index=True, width="stretch")
    if st.button(f"Confirm: load {report.rows:,} rows into {load_view.TABLE_LABELS.get(table, table).lower()}",
                 type="primary", key="load_confirm"):
        done = st.progress(0.0, text="Writing")
        uploads.confirm(checked, auth.user_name(),
                        progress=lambda fraction, message: done.progress(min(1.0, fraction), text=message))
        st.rerun()
else:
    st.error("  \n".join([
        f"{plain(upload.name)}: rejected, {report.failure_count} problem(s) found. Nothing has been written. "
        "Correct the rows below and upload the file again.",
        *[plain(line) for line in load_view.failure_lines(report.failures)],
    ]))
    st.dataframe(load_view.failures_table(report.failures), hide_index=True, width="stretch")
    with st.expander("Checks run"):
        st.dataframe(load_view.report_summary(report), hide_index=True, width="stretch")
    if st.button("Record this rejected file in the load history", key="load_record_rejection"):
        uploads.confirm(checked, auth.user_name())
        st.rerun()
