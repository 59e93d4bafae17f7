"""Read-only queries: each takes a connection and returns a DataFrame for indicators/, pages and reports."""
from __future__ import annotations

import duckdb
import pandas as pd

from indicators.values import financial_year
from vocab import OrgKind


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


# The current figures, one row each with the columns `current_returns` documents; callers add
# "AND …" filters and an ORDER BY. `restated`: a superseded row points at this row's load (one
# join, not a subquery per row).
CURRENT_RETURNS = """
    SELECT r.org, r.indicator, r.period::TIMESTAMP AS period, r.numerator, r.denominator, r.value,
           r.note, r.load_id, o.org IS NOT NULL AS restated
    FROM indicator_return r
    LEFT JOIN (SELECT DISTINCT org, indicator, period, superseded_by FROM indicator_return
               WHERE superseded_by IS NOT NULL) o
      ON o.superseded_by = r.load_id AND o.org = r.org AND o.indicator = r.indicator AND o.period = r.period
    WHERE r.superseded_by IS NULL
"""


def current_returns(
    con: duckdb.DuckDBPyConnection,
    orgs: list[str] | None = None,
    indicators: list[str] | None = None,
) -> pd.DataFrame:
    """The current (not superseded) figures: org, indicator, period (month start), numerator,
    denominator, value (percent), note, load_id, restated (an earlier figure was superseded)."""
    return _filtered(con, CURRENT_RETURNS, orgs, indicators, org_column="r.org", indicator_column="r.indicator",
                     order_by="r.org, r.indicator, r.period")


def _filtered(con: duckdb.DuckDBPyConnection, sql: str, orgs: list[str] | None, indicators: list[str] | None,
              org_column: str, indicator_column: str, order_by: str) -> pd.DataFrame:
    """Run `sql` (which ends in a WHERE clause) for only `orgs` and `indicators`, each filter applied
    when its list is not empty. The codes go in as one list parameter each; the column names and the
    ORDER BY are written by the callers in this module, so the SQL text stays ours."""
    filters = ""
    params: list = []
    if orgs:
        filters += " AND " + org_column + " IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(orgs))
    if indicators:
        filters += " AND " + indicator_column + " IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(indicators))
    return con.execute(sql + filters + " ORDER BY " + order_by, params).df()


def org_returns(con: duckdb.DuckDBPyConnection, org: str) -> pd.DataFrame:
    """`current_returns` for `org` and every comparator (each organisation that is not a local
    authority): all a scorecard or a page about one organisation reads. At national scale that is
    a few thousand rows of the store's million."""
    comparators = [code for (code,) in con.execute(
        "SELECT code FROM organisation WHERE kind <> ? AND code <> ? ORDER BY code",
        [OrgKind.LOCAL_AUTHORITY.value, org],
    ).fetchall()]
    return current_returns(con, orgs=[org, *comparators])


def scorecard_returns(con: duckdb.DuckDBPyConnection, org: str, period) -> pd.DataFrame:
    """What one scorecard reads, as `current_returns` columns: `org`'s figures up to `period` (a
    date or 'YYYY-MM') and each comparator's (not a local authority) for that month alone."""
    month = pd.Timestamp(str(period) + ("-01" if len(str(period)) == 7 else "")).date()
    return con.execute(
        CURRENT_RETURNS + """
          AND ((r.org = $org AND r.period <= $month)
               OR (r.period = $month AND r.org IN (SELECT code FROM organisation
                                                   WHERE kind <> $authority AND code <> $org)))
        ORDER BY r.org, r.indicator, r.period
        """,
        {"org": org, "month": month, "authority": OrgKind.LOCAL_AUTHORITY.value},
    ).df()


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


def catalogue_at(con: duckdb.DuckDBPyConnection, period) -> pd.DataFrame:
    """Each indicator's definition in force in `period` (a date or 'YYYY-MM'); the earliest
    version when the period predates them all, so an old month still has a title."""
    when = pd.Timestamp(str(period) + ("-01" if len(str(period)) == 7 else "")).date()
    return con.execute(
        """
        SELECT code, version, title, unit, polarity, ytd_rule, numerator_label, denominator_label,
               definition, source, stable_band, valid_from, valid_to
        FROM indicator
        QUALIFY row_number() OVER (
            PARTITION BY code
            ORDER BY (valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)) DESC, version
        ) = 1
        ORDER BY code
        """,
        [when, when],
    ).df()


NO_LIMIT = 2**62  # a load id above every real one: `source_loads` with no max_load_id


def source_loads(
    con: duckdb.DuckDBPyConnection,
    home: str,
    orgs: list[str],
    indicators: list[str],
    until,
    max_load_id: int | None = None,
) -> pd.DataFrame:
    """Every load behind a report's figures up to `until` (a date), with what each was used for:
    current and since-restated returns (and the case loads computed ones came from), targets,
    indicator definitions, organisations, the plan.
    `max_load_id`: the returns as they stood when that load was the latest (a pack as signed off):
    the figures in force then are its current ones, and later loads' figures are left out."""
    until = pd.Timestamp(until).date()
    upto = NO_LIMIT if max_load_id is None else int(max_load_id)
    year = financial_year(until)
    return con.execute(
        """
        WITH used AS (
            SELECT load_id, 'returns: current figures' AS used_for FROM indicator_return
             WHERE load_id <= $upto AND (superseded_by IS NULL OR superseded_by > $upto)
               AND org IN (SELECT unnest($orgs::VARCHAR[]))
               AND indicator IN (SELECT unnest($inds::VARCHAR[])) AND period <= $until
            UNION ALL
            SELECT load_id, 'returns: earlier figures, since restated' FROM indicator_return
             WHERE superseded_by <= $upto AND org IN (SELECT unnest($orgs::VARCHAR[]))
               AND indicator IN (SELECT unnest($inds::VARCHAR[])) AND period <= $until
            UNION ALL
            SELECT load_id, 'targets' FROM target
             WHERE org = $home AND indicator IN (SELECT unnest($inds::VARCHAR[])) AND year <= $year
            UNION ALL
            SELECT load_id, 'indicator definitions' FROM indicator
             WHERE code IN (SELECT unnest($inds::VARCHAR[])) AND valid_from <= $until
            UNION ALL
            SELECT load_id, 'organisations' FROM organisation WHERE code IN (SELECT unnest($orgs::VARCHAR[]))
            UNION ALL
            SELECT load_id, 'improvement plan: themes' FROM theme
            UNION ALL
            SELECT load_id, 'improvement plan: areas for improvement' FROM area
            UNION ALL
            SELECT load_id, 'improvement plan: actions' FROM action
            UNION ALL
            SELECT load_id, 'improvement plan: milestones' FROM milestone
            UNION ALL
            SELECT load_id, 'improvement plan: milestone status' FROM milestone_status WHERE as_of <= $until
            UNION ALL
            SELECT load_id, 'commentary' FROM commentary
             WHERE org = $home AND indicator IN (SELECT unnest($inds::VARCHAR[])) AND period <= $until
               AND load_id <= $upto
        ), behind AS (  -- a computed figure's case load: the records (and files) it was counted from
            SELECT d.derived_from AS load_id, 'case records the figures of load ' || d.id || ' were computed from'
            FROM load d WHERE d.derived_from IS NOT NULL AND d.id IN (SELECT load_id FROM used)
        )
        SELECT l.id, l.kind, l.file_name, l.sha256, l.rows, l.loaded_at, l.loaded_by, l.status,
               string_agg(DISTINCT u.used_for, '; ' ORDER BY u.used_for) AS used_for
        FROM (SELECT * FROM used UNION ALL SELECT * FROM behind) u JOIN load l ON l.id = u.load_id
        GROUP BY ALL ORDER BY l.id
        """,
        {"orgs": list(orgs), "inds": list(indicators), "until": until, "home": home, "year": year,
         "upto": upto},
    ).df()


def check_results_for(con: duckdb.DuckDBPyConnection, load_ids: list[int]) -> pd.DataFrame:
    """The expectations run on several loads (the data-quality record of a report's sources)."""
    return con.execute(
        "SELECT load_id, expectation, column_name, rule, success, unexpected_count, failures "
        "FROM check_result WHERE load_id IN (SELECT unnest(?::INTEGER[])) "
        "ORDER BY load_id, success, column_name, rule",
        [[int(i) for i in load_ids]],
    ).df()


def return_periods(con: duckdb.DuckDBPyConnection, org: str | None = None) -> list[str]:
    """The months (YYYY-MM, latest first) with a current return, for an organisation or any."""
    sql = "SELECT DISTINCT strftime(period, '%Y-%m') AS month FROM indicator_return WHERE superseded_by IS NULL"
    params: list = []
    if org:
        sql += " AND org = ?"
        params.append(org)
    return [row[0] for row in con.execute(sql + " ORDER BY month DESC", params).fetchall()]
