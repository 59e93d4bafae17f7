"""Evidence pack: the inspection evidence pack or quarterly report for a month, to download."""
import streamlit as st

from reports.build import ReportError, build_download
from ui import auth, db, sidebar

sidebar.through_app()  # never run without app.py's sign-in and sidebar (see ui/sidebar.py)

st.title("Evidence pack")
st.caption("An Excel workbook and a PDF report for one month, in which every figure can be traced to "
           "the file it was loaded from (file name, sha256, who loaded it, when, and its checks).")

periods = db.return_periods()
if not periods:
    st.info("No returns loaded yet — load one with `pidash load returns FILE`.")
    st.stop()
codes = list(db.catalogue()["code"])
with st.form("evidence"):
    period = st.selectbox("Month", periods, index=0)
    chosen = st.multiselect("Indicators", codes, default=codes)
    publish = st.checkbox("Publication mode: suppress counts from 1 to 5 and the percentages built on them")
    quarterly = st.checkbox("Quarterly performance report instead of the evidence pack")
    build = st.form_submit_button("Build the pack", type="primary")

if build:
    bar = st.progress(0.0, text="Starting")
    try:
        with db.cursor() as con:
            st.session_state["evidence_pack"] = build_download(
                con, period, indicators=chosen or None, publish=publish, quarterly=quarterly,
                user=auth.user_name(),  # the signed-in person (or the local user) made this pack
                progress=lambda fraction, message: bar.progress(min(1.0, fraction), text=message),
            )
    except ReportError as err:
        st.session_state.pop("evidence_pack", None)
        st.error(str(err))

pack = st.session_state.get("evidence_pack")
if pack is not None:
    if pack.pdf_error:
        st.error(pack.pdf_error)
    else:
        st.success(f"Built in {pack.seconds:.1f} s.")
    left, middle, right = st.columns(3)
    left.download_button("Workbook (.xlsx)", pack.files[pack.workbook_name], file_name=pack.workbook_name,
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if pack.pdf_name:
        middle.download_button("Report (.pdf)", pack.files[pack.pdf_name], file_name=pack.pdf_name,
                               mime="application/pdf")
    right.download_button("Whole pack (.zip)", pack.zip, file_name=pack.zip_name, mime="application/zip")
    st.subheader("Files in the pack")
    st.dataframe(pack.index, hide_index=True, width="stretch")
    for note in pack.notes:
        st.caption(note)
