"""Read-only queries: each takes a connection and returns a DataFrame for indicators/, pages and reports."""
from __future__ import annotations

import duckdb
import pandas as pd


def load_history(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> pd.DataFrame:
    sql = """
        SELECT id, kind, file_name, sha256, rows, rows_new, rows_restated, rows_unchanged,
               loaded_at, loaded_by, status
        FROM load ORDER BY id DESC
    """
    if limit:
        return con.execute(sql + " LIMIT ?", [limit]).df()
    return con.execute(sql).df()


def catalogue(con: duckdb.DuckDBPyConnection, current_only: bool = True) -> pd.DataFrame:
    """The indicator catalogue; with current_only, the latest version of each definition."""
    sql = """
        SELECT code, version, title, unit, polarity, ytd_rule, numerator_label, denominator_label,
               definition, source, stable_band, valid_from, valid_to
        FROM indicator
    """
    if current_only:
        sql += " QUALIFY row_number() OVER (PARTITION BY code ORDER BY version DESC) = 1"
    return con.execute(sql + " ORDER BY code, version").df()
