"""The audit trail's records of what leaves the dashboard: each download, and each evidence pack built.

Every `st.download_button` on a page passes `on_click=exports.downloaded` with `args=(who, what,
file name, …)` from `exports.download(...)`: the click records `export_downloaded` (ops/audit.py)
through `db.writer()` before the rerun the click starts. `pack_built` records `evidence_pack_built`
before the Evidence pack page builds a pack. Who is bound when the button is drawn, from the
signed-in session (ui/auth.py).
"""
from __future__ import annotations

from ops import audit
from ui import auth, db


def downloaded(who: str, what: str, file_name: str, org: str | None = None, indicator: str | None = None,
               period=None, facts: dict | None = None) -> int:
    """on_click of a download button: record that `who` downloaded `file_name` (`what` it is) in
    the audit trail; the event's id."""
    with db.writer() as con:
        return audit.downloaded(con, who, what, file_name, org, indicator, period, **(facts or {}))


def download(what: str, file_name: str, org: str | None = None, indicator: str | None = None, period=None,
             **facts) -> dict:
    """The keyword arguments that make a download button record itself: `st.download_button(label,
    data, file_name=…, **exports.download("series (CSV)", name, org, code, period))`."""
    return {"on_click": downloaded,
            "args": (auth.user_name(), what, file_name, org, indicator, period, facts or None)}


def pack_built(period: str, indicators: list[str] | None, publish: bool, quarterly: bool, as_signed_off: bool,
               child_lists: bool) -> int:
    """Record, before it is built, that the signed-in person is building the pack for `period`
    (the home organisation) with these options; the event's id. Raises ValueError for a
    malformed period or no home organisation."""
    with db.writer() as con:
        return audit.pack_built(con, auth.user_name(), period, None, indicators=indicators, publish=publish,
                                quarterly=quarterly, as_signed_off=as_signed_off, child_lists=child_lists,
                                via="Evidence pack page")
