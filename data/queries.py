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


def organisations(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT code, name, kind FROM organisation ORDER BY kind <> 'local_authority', code").df()


def home_org(con: duckdb.DuckDBPyConnection) -> str | None:
    rows = con.execute("SELECT value FROM setting WHERE key = 'home_org'").fetchall()
    return rows[0][0] if rows else None


def current_returns(
    con: duckdb.DuckDBPyConnection,
    orgs: list[str] | None = None,
    indicators: list[str] | None = None,
) -> pd.DataFrame:
    """The current (not superseded) figures: org, indicator, period (month start), numerator,
    denominator, value (percent), note, load_id, restated (an earlier figure was superseded)."""
    sql = """
        SELECT r.org, r.indicator, r.period::TIMESTAMP AS period, r.numerator, r.denominator, r.value,
               r.note, r.load_id,
               EXISTS (SELECT 1 FROM indicator_return o
                       WHERE o.superseded_by = r.load_id AND o.org = r.org
                         AND o.indicator = r.indicator AND o.period = r.period) AS restated
        FROM indicator_return r
        WHERE r.superseded_by IS NULL
    """
    params: list = []
    if orgs:
        sql += " AND r.org IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(orgs))
    if indicators:
        sql += " AND r.indicator IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(indicators))
    return con.execute(sql + " ORDER BY r.org, r.indicator, r.period", params).df()


def targets(con: duckdb.DuckDBPyConnection, orgs: list[str] | None = None) -> pd.DataFrame:
    sql = "SELECT indicator, org, year, target, tolerance, source, load_id FROM target"
    params: list = []
    if orgs:
        sql += " WHERE org IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(orgs))
    return con.execute(sql + " ORDER BY indicator, org, year", params).df()


def revisions(con: duckdb.DuckDBPyConnection, orgs: list[str] | None = None) -> pd.DataFrame:
    """Every restatement: the superseded figure, the figure that replaced it, and both loads."""
    sql = """
        SELECT old.org, old.indicator, old.period::TIMESTAMP AS period,
               old.numerator AS old_numerator, old.denominator AS old_denominator, old.value AS old_value,
               new.numerator AS new_numerator, new.denominator AS new_denominator, new.value AS new_value,
               old.load_id AS old_load_id, new.load_id AS new_load_id, new.note AS new_note,
               l.file_name AS new_file_name, l.loaded_by, l.loaded_at
        FROM indicator_return old
        JOIN indicator_return new
          ON new.load_id = old.superseded_by AND new.org = old.org
         AND new.indicator = old.indicator AND new.period = old.period
        JOIN load l ON l.id = new.load_id
    """
    params: list = []
    if orgs:
        sql += " WHERE old.org IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(orgs))
    return con.execute(sql + " ORDER BY old.period, old.indicator, new.load_id", params).df()


def check_results(con: duckdb.DuckDBPyConnection, load_id: int) -> pd.DataFrame:
    """One row per expectation run on a load, with its failing rows as JSON."""
    return con.execute(
        "SELECT expectation, column_name, rule, success, unexpected_count, failures "
        "FROM check_result WHERE load_id = ? ORDER BY success, column_name, rule",
        [load_id],
    ).df()
