"""The audit trail in the store: who viewed or exported something sensitive (an evidence pack,
the children behind a figure), when, and for which organisation, indicator and month."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd


def insert_event(con: duckdb.DuckDBPyConnection, who: str, event: str, org: str | None = None,
                 indicator: str | None = None, period: dt.date | None = None, detail: str | None = None) -> int:
    """Add one event, in the caller's transaction; returns its id."""
    return con.execute(
        "INSERT INTO audit_event (id, happened_at, who, event, org, indicator, period, detail) "
        "VALUES (nextval('audit_seq'), now(), ?, ?, ?, ?, ?, ?) RETURNING id",
        [who, event, org, indicator, period, detail],
    ).fetchall()[0][0]


def events(con: duckdb.DuckDBPyConnection, event: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The audit trail, newest first: id, happened_at, who, event, org, indicator, period, detail;
    only `event` when given, the latest `limit` when given."""
    sql = ("SELECT id, happened_at, who, event, org, indicator, period, detail FROM audit_event "
           "WHERE ? IS NULL OR event = ? ORDER BY id DESC")
    params: list = [event, event]
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    return con.execute(sql, params).df()
