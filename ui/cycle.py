"""The monthly cycle's writes from the pages: commentary (detail page), signing a month off and
reopening it (scorecard page).

Each checks the signed-in person's role again at the moment of writing, writes through
`db.writer()` (the run's read snapshot released, the store opened read-write for that write
only; the cached reads cleared after) and records the person as author or signer. A refusal is
raised for the page to show as a plain message: ValueError from ops.commentary (naming the
field, value and rule), ops.signoff.CycleError (NotReady included) or access.PermissionDenied.
What a write did is kept for the next run (`said`), which redraws the page from the new state.
"""
from __future__ import annotations

import streamlit as st

import access
from ops import signoff
from ops.commentary import write_commentary
from ui import auth, db
from ui import format as fmt
from vocab import Role

REFUSALS = (signoff.CycleError, access.PermissionDenied)  # what a sign-off or reopening may raise
DONE_KEY = "cycle_done"
ROUND_KEY = "cycle_round"


def save_commentary(indicator: str, org: str, period: str, text: str, doing: str | None = None,
                    action: str | None = None, expected_by: str | None = None) -> int:
    """Write a new version of `indicator`'s commentary for `org` in `period` as the signed-in
    person; its version number. Raises ValueError naming the field, value and rule."""
    me = auth.require(access.needed_to_load("commentary"))
    with db.writer() as con:
        version = write_commentary(con, indicator, org, period, text, me.name or auth.user_name(), doing=doing,
                                   action=action, expected_by=expected_by)
    _done(f"Commentary version {version} saved for {fmt.indicator_code(indicator)}, {fmt.month(period)}.")
    return version


def sign_off(org: str, period: str, note: str | None = None, override: str | None = None) -> dict:
    """Sign off `org`'s month as the signed-in approver; the sign-off row. Raises NotReady
    (no override reason for a month not ready), CycleError or PermissionDenied."""
    me = auth.require(Role.APPROVER)
    with db.writer() as con:
        row = signoff.sign_off(con, org, period, me.name or auth.user_name(), me.role, note, override)
    _done(f"{fmt.month(period)} signed off, with the figures loaded up to load {int(row['load_id'])}.")
    return row


def reopen(org: str, period: str, reason: str) -> dict:
    """Reopen `org`'s signed-off month as the signed-in approver, for `reason`; the reopening row
    (the sign-off is kept). Raises CycleError (a blank reason, a month not signed off) or PermissionDenied."""
    me = auth.require(Role.APPROVER)
    with db.writer() as con:
        row = signoff.reopen(con, org, period, me.name or auth.user_name(), me.role, reason)
    _done(f"{fmt.month(period)} reopened; the sign-off is kept in the history.")
    return row


def _done(message: str) -> None:
    st.session_state[DONE_KEY] = message
    st.session_state[ROUND_KEY] = form_round() + 1  # fresh forms, filled from the new state


def said() -> str | None:
    """What the last write did (once: the message is forgotten when read)."""
    return st.session_state.pop(DONE_KEY, None)


def form_round() -> int:
    """A number that changes after each write: part of the forms' widget keys, so each form is
    drawn afresh from the state the write left."""
    return int(st.session_state.get(ROUND_KEY, 0))
