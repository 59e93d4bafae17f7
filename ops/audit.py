"""The audit trail of sensitive reads: every view or export of child-level rows (and, for the
evidence pack, of a pack) is recorded with who, when, and which organisation, indicator and month.

`record` writes one event in a transaction of its own, so call it before showing or writing what
it records: what cannot be recorded is not shown.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from data import audit, store


def record(con: duckdb.DuckDBPyConnection, who: str, event: str, org: str | None = None,
           indicator: str | None = None, period=None, detail: str | None = None) -> int:
    """Record that `who` did `event` (e.g. vocab.cases.AuditEvent.CHILD_RECORDS_VIEWED) for `org`,
    `indicator` and `period` (a date, Timestamp or 'YYYY-MM': stored as the month's first day);
    `detail` is free text (JSON by convention) and must never hold a child's identifiers.
    Returns the event's id. Raises ValueError for a blank `who` or `event`."""
    if not str(who or "").strip() or not str(event or "").strip():
        raise ValueError("an audit event needs who did it and what they did")
    with store.transaction(con):
        return audit.insert_event(con, str(who).strip(), str(event), org, indicator, _month(period), detail)


def events(con: duckdb.DuckDBPyConnection, event: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The audit trail, newest first (see data.audit.events)."""
    return audit.events(con, event, limit)


def _month(period) -> dt.date | None:
    if period is None or (not isinstance(period, str) and pd.isna(period)):
        return None
    text = str(period).strip()
    stamp = pd.Timestamp(text + "-01" if len(text) == 7 else period)
    return stamp.date().replace(day=1)
