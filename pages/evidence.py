"""Evidence pack: the inspection evidence pack or quarterly report for a month, to download."""
import streamlit as st

import access
from reports.build import ReportError, build_download
from ui import auth, db, exports, sidebar

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
    as_signed_off = st.checkbox("As signed off: only the figures loaded up to the month's sign-off, and the "
                                "commentary written by then")
    build = st.form_submit_button("Build the pack", type="primary")

if build:
    bar = st.progress(0.0, text="Starting")
    child_lists = auth.can(access.CHILD_RECORDS)  # the inspection lists are child-level: data officers and above
    try:
        exports.pack_built(period, chosen or None, publish, quarterly, as_signed_off, child_lists)  # audited first
        with db.cursor() as con:
            st.session_state["evidence_pack"] = build_download(
                con, period, indicators=chosen or None, publish=publish, quarterly=quarterly,
                as_signed_off=as_signed_off, inspection_lists=child_lists,
                user=auth.user_name(),  # the signed-in person (or the local user) made this pack
                progress=lambda fraction, message: bar.progress(min(1.0, fraction), text=message),
            )
        st.session_state["evidence_pack_period"] = period
    except (ReportError, ValueError) as err:
        st.session_state.pop("evidence_pack", None)
        st.error(str(err))

pack = st.session_state.get("evidence_pack")
if pack is not None:
    if pack.pdf_error:
        st.error(pack.pdf_error)
    else:
        st.success(f"Built in {pack.seconds:.1f} s.")
    left, middle, right = st.columns(3)
    built_for = (db.home_org(), None, st.session_state.get("evidence_pack_period"))  # org, indicator, period
    left.download_button("Workbook (.xlsx)", pack.files[pack.workbook_name], file_name=pack.workbook_name,
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         **exports.download("evidence pack workbook", pack.workbook_name, *built_for))
    if pack.pdf_name:
        middle.download_button("Report (.pdf)", pack.files[pack.pdf_name], file_name=pack.pdf_name,
                               mime="application/pdf", **exports.download("evidence pack PDF", pack.pdf_name, *built_for))
    right.download_button("Whole pack (.zip)", pack.zip, file_name=pack.zip_name, mime="application/zip",
                          **exports.download("evidence pack (zip)", pack.zip_name, *built_for))
    st.subheader("Files in the pack")
    st.dataframe(pack.index, hide_index=True, width="stretch")
    for note in pack.notes:
        st.caption(note)
