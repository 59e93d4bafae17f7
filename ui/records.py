"""The children behind a figure on the detail page: shown to a data officer or above when they ask,
and only after the view is recorded in the audit trail.

`open_records` opens the store read-write for the moment of the view (`db.writer()`), where
ops.case_records.records_behind records `child_records_viewed` (who, when, organisation,
indicator, month) and then reads the rows; what cannot be recorded is not shown. The rows are
kept for the session while the same figure is on the page (each further rerun is the same
viewing, not a new one); another indicator, month, organisation, case load or person asks again.
"""
from __future__ import annotations

import streamlit as st

import access
from ops.case_records import ChildRecords, RecordsError, records_behind
from ui import auth, db

HELD_KEY = "records_behind"
REFUSALS = (RecordsError, access.PermissionDenied)  # what open_records may raise, for the page to show


def _figure(code: str, org: str, period: str, case_load: int) -> tuple:
    return code, org, period, int(case_load), auth.user_name()


def held(code: str, org: str, period: str, case_load: int) -> ChildRecords | None:
    """The records this session was shown for this figure (already recorded), else None."""
    kept = st.session_state.get(HELD_KEY)
    if kept is None or kept[0] != _figure(code, org, period, case_load):
        return None
    return kept[1]


def open_records(code: str, org: str, period: str, case_load: int) -> ChildRecords:
    """Record the view in the audit trail, then read the records behind `code`'s figure for `org`
    in `period` ("YYYY-MM") as the signed-in person. Raises RecordsError or PermissionDenied."""
    me = auth.identity()
    with db.writer() as con:
        found = records_behind(con, me.name or auth.user_name(), me.role, code, period, org=org)
    st.session_state[HELD_KEY] = (_figure(code, org, period, case_load), found)
    return found


def hide() -> None:
    """Forget the records shown (on_click of the page's Hide button)."""
    st.session_state.pop(HELD_KEY, None)
