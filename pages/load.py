"""Load, for performance officers: check a file, read the report, then confirm to write it."""
import streamlit as st

from loads.pipeline import LOADERS
from vocab import LoadStatus, Role
from ui import auth, db, load_view, sidebar, uploads
from ui.safe import plain

sidebar.through_app()
auth.require(Role.DATA_OFFICER)
st.title("Load")
st.caption("Upload this month's returns, a year's targets or milestone updates. Every file is checked first "
           "and nothing is written until you confirm; a file with problems is never written. "
           "This is the same load as `pidash load` on the command line.")

tables = auth.loadable(load_view.loadable_tables(LOADERS))  # only what this role may load
table = st.selectbox("What the file holds", tables, format_func=lambda t: load_view.TABLE_LABELS.get(t, t),
                     key="load_table", on_change=uploads.forget)
left, right = st.columns([3, 1])
left.caption(load_view.template_help(table))
right.download_button("Blank template (CSV)", load_view.template_csv(table, db.home_org()),
                      file_name=f"{table}-template.csv", mime="text/csv", key=f"template_{table}")

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
