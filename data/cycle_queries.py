"""The monthly reporting cycle's queries: expected and received returns, commentary versions,
sign-offs, and the returns as they stood at a load.

Each read takes a connection and returns a DataFrame (or a row as a dict). The two statements
at the end, `insert_commentary` and `insert_signoff`, are the only writes of commentary and
sign-off rows; they run inside the caller's `store.transaction` (ops/commentary.py,
ops/signoff.py, the commentary loader and the demo). Months are the first day of the month;
`period` arguments are 'YYYY-MM' strings, dates or Timestamps.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from vocab import LoadStatus, OrgKind


def month(period) -> dt.date:
    """The first day of `period`'s month ('2009-09', a date or a Timestamp)."""
    text = str(period)
    when = pd.Timestamp(text + "-01" if len(text) == 7 else period)
    return dt.date(when.year, when.month, 1)


# --- loads ------------------------------------------------------------------------------------

def max_accepted_load(con: duckdb.DuckDBPyConnection) -> int | None:
    """The highest accepted load id: what a sign-off records as in force (None before any load)."""
    return con.execute("SELECT max(id) FROM load WHERE status = ?", [LoadStatus.ACCEPTED.value]).fetchall()[0][0]


# --- expected and received returns --------------------------------------------------------------

def local_authorities(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every local authority (code, name), by code: the organisations that make monthly returns."""
    return con.execute("SELECT code, name FROM organisation WHERE kind = ? ORDER BY code",
                       [OrgKind.LOCAL_AUTHORITY.value]).df()


def expected_returns(con: duckdb.DuckDBPyConnection, period, orgs: list[str]) -> pd.DataFrame:
    """The returns expected for `period`: each organisation in `orgs` × each indicator whose
    definition is in force some day of that month (its latest such version): org, indicator,
    version, title, period (month start), due_days (blank = the default)."""
    return con.execute(
        """
        SELECT o.code AS org, i.code AS indicator, i.version, i.title, $month::TIMESTAMP AS period, i.due_days
        FROM organisation o
        CROSS JOIN (
            SELECT code, version, title, due_days FROM indicator
            WHERE valid_from <= last_day($month::DATE) AND (valid_to IS NULL OR valid_to >= $month::DATE)
            QUALIFY row_number() OVER (PARTITION BY code ORDER BY version DESC) = 1
        ) i
        WHERE o.code IN (SELECT unnest($orgs::VARCHAR[]))
        ORDER BY o.code, i.code
        """,
        {"month": month(period), "orgs": list(orgs)},
    ).df()


def first_loads(con: duckdb.DuckDBPyConnection, period, orgs: list[str]) -> pd.DataFrame:
    """How each return for `period` arrived: org, indicator, period, and the first load that brought
    a figure for it (load_id, loaded_at, file_name, loaded_by), with the load of the figure in force
    now (current_load_id) and how many times it has been restated since (restatements)."""
    return con.execute(
        """
        SELECT r.org, r.indicator, r.period::TIMESTAMP AS period, r.load_id, l.loaded_at, l.file_name, l.loaded_by,
               max(r.load_id) FILTER (WHERE r.superseded_by IS NULL) OVER w AS current_load_id,
               count(*) OVER w - 1 AS restatements
        FROM indicator_return r JOIN load l ON l.id = r.load_id
        WHERE r.period = $month AND r.org IN (SELECT unnest($orgs::VARCHAR[]))
        WINDOW w AS (PARTITION BY r.org, r.indicator)
        QUALIFY row_number() OVER (PARTITION BY r.org, r.indicator ORDER BY l.loaded_at, r.load_id) = 1
        ORDER BY r.org, r.indicator
        """,
        {"month": month(period), "orgs": list(orgs)},
    ).df()


def unreturned(con: duckdb.DuckDBPyConnection, period, org: str) -> list[str]:
    """The indicators `expected_returns` expects from `org` for `period` with no figure at all, by code."""
    expected = expected_returns(con, period, [org])["indicator"]
    received = set(first_loads(con, period, [org])["indicator"])
    return [code for code in expected if code not in received]


# --- the returns as they stood at a load --------------------------------------------------------

# The figures in force when load $upto was the latest: brought by it or an earlier load and not yet
# superseded by one up to it (restated: an earlier figure had been superseded by then). Each
# query adds its own filter after this WHERE.
IN_FORCE_AT = """
    SELECT r.org, r.indicator, r.period::TIMESTAMP AS period, r.numerator, r.denominator, r.value,
           r.note, r.load_id, o.org IS NOT NULL AS restated
    FROM indicator_return r
    LEFT JOIN (SELECT DISTINCT org, indicator, period, superseded_by FROM indicator_return
               WHERE superseded_by IS NOT NULL AND superseded_by <= $upto) o
      ON o.superseded_by = r.load_id AND o.org = r.org AND o.indicator = r.indicator AND o.period = r.period
    WHERE r.load_id <= $upto AND (r.superseded_by IS NULL OR r.superseded_by > $upto)
"""


def returns_as_of_load(con: duckdb.DuckDBPyConnection, max_load_id: int, org: str, period) -> pd.DataFrame:
    """What a scorecard for `org` in `period` read when load `max_load_id` was the latest: the
    figures in force then (brought by that load or an earlier one, and not yet superseded by one
    up to it), `org`'s up to `period` and each comparator's (not a local authority) for that month,
    in the columns and order of data.queries.scorecard_returns (restated: an earlier figure had
    been superseded by then)."""
    return con.execute(
        IN_FORCE_AT + """
          AND ((r.org = $org AND r.period <= $month)
               OR (r.period = $month AND r.org IN (SELECT code FROM organisation
                                                   WHERE kind <> $authority AND code <> $org)))
        ORDER BY r.org, r.indicator, r.period
        """,
        {"upto": int(max_load_id), "org": org, "month": month(period), "authority": OrgKind.LOCAL_AUTHORITY.value},
    ).df()


def returns_in_force_at(con: duckdb.DuckDBPyConnection, max_load_id: int, orgs: list[str],
                        indicators: list[str]) -> pd.DataFrame:
    """The figures in force when load `max_load_id` was the latest (brought by it or an earlier
    load, not yet superseded by one up to it), every month, for `orgs` and `indicators`: the
    columns and order of data.queries.current_returns (restated: an earlier figure had been
    superseded by then). What an evidence pack as signed off reads."""
    return con.execute(
        IN_FORCE_AT + """
          AND r.org IN (SELECT unnest($orgs::VARCHAR[])) AND r.indicator IN (SELECT unnest($inds::VARCHAR[]))
        ORDER BY r.org, r.indicator, r.period
        """,
        {"upto": int(max_load_id), "orgs": list(orgs), "inds": list(indicators)},
    ).df()


CHANGED_COLUMNS = ["org", "indicator", "period", "numerator", "denominator", "value", "load_id", "loaded_at",
                   "file_name", "signed_value", "signed_load_id"]  # returns_changed_since's


def returns_changed_since(con: duckdb.DuckDBPyConnection, load_id: int, org: str, period) -> pd.DataFrame:
    """Every figure for `org` in `period` or an earlier month (all feed its year to date or its SPC
    series) brought by a load after `load_id`: org, indicator, period, numerator, denominator,
    value, load_id, loaded_at, file_name, and the figure in force at `load_id` (signed_value,
    signed_load_id; blank when the month had none then)."""
    return con.execute(
        """
        SELECT r.org, r.indicator, r.period::TIMESTAMP AS period, r.numerator, r.denominator, r.value,
               r.load_id, l.loaded_at, l.file_name, s.value AS signed_value, s.load_id AS signed_load_id
        FROM indicator_return r
        JOIN load l ON l.id = r.load_id
        LEFT JOIN indicator_return s
          ON s.org = r.org AND s.indicator = r.indicator AND s.period = r.period
         AND s.load_id <= $since AND (s.superseded_by IS NULL OR s.superseded_by > $since)
        WHERE r.load_id > $since AND r.org = $org AND r.period <= $month
        ORDER BY r.indicator, r.period, r.load_id
        """,
        {"since": int(load_id), "org": org, "month": month(period)},
    ).df()


def reference_changed_since(con: duckdb.DuckDBPyConnection, load_id: int, org: str) -> pd.DataFrame:
    """Reference rows a scorecard reads that a load after `load_id` replaced: `org`'s targets, the
    indicator definitions and the organisations (what, item, detail, load_id). These tables keep
    only their current rows, so a scorecard rebuilt as at `load_id` reads them as they are now."""
    return con.execute(
        """
        SELECT 'targets' AS what, indicator AS item, year AS detail, load_id FROM target
         WHERE org = $org AND load_id > $since
        UNION ALL
        SELECT 'indicator definitions', code, 'version ' || version, load_id FROM indicator WHERE load_id > $since
        UNION ALL
        SELECT 'organisations', code, kind, load_id FROM organisation WHERE load_id > $since
        ORDER BY load_id, what, item, detail
        """,
        {"since": int(load_id), "org": org},
    ).df()


# --- commentary ------------------------------------------------------------------------------

COMMENTARY = """
    SELECT indicator, org, period::TIMESTAMP AS period, version, text, doing, action,
           expected_by::TIMESTAMP AS expected_by, author, written_at, load_id
    FROM commentary
    WHERE (CAST($orgs AS VARCHAR[]) IS NULL OR org IN (SELECT unnest(CAST($orgs AS VARCHAR[]))))
      AND (CAST($indicators AS VARCHAR[]) IS NULL OR indicator IN (SELECT unnest(CAST($indicators AS VARCHAR[]))))
      AND (CAST($month AS DATE) IS NULL OR period = CAST($month AS DATE))
      AND (CAST($as_at AS TIMESTAMP) IS NULL OR written_at <= CAST($as_at AS TIMESTAMP))
"""


def _commentary_params(orgs, indicators, period, as_at) -> dict:
    return {"orgs": list(orgs) if orgs else None, "indicators": list(indicators) if indicators else None,
            "month": month(period) if period is not None else None,
            "as_at": pd.Timestamp(as_at).to_pydatetime() if as_at is not None else None}


def latest_commentary(con: duckdb.DuckDBPyConnection, orgs: list[str] | None = None,
                      indicators: list[str] | None = None, period=None, as_at=None) -> pd.DataFrame:
    """The latest version of each (indicator, org, period)'s commentary: indicator, org, period
    (month start), version, text (exactly as written), doing, action, expected_by (month start),
    author, written_at, load_id. Each filter applies when given; `as_at` (a timestamp): only
    versions written by then (the commentary as it stood at a sign-off)."""
    return con.execute(
        COMMENTARY + """
        QUALIFY row_number() OVER (PARTITION BY indicator, org, period ORDER BY version DESC) = 1
        ORDER BY indicator, org, period
        """,
        _commentary_params(orgs, indicators, period, as_at),
    ).df()


def commentary_history(con: duckdb.DuckDBPyConnection, orgs: list[str] | None = None,
                       indicators: list[str] | None = None, period=None) -> pd.DataFrame:
    """Every version of the commentary, oldest first within each (indicator, org, period), in the
    columns of `latest_commentary`."""
    return con.execute(
        COMMENTARY + " ORDER BY indicator, org, period, version",
        _commentary_params(orgs, indicators, period, None),
    ).df()


def codes(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """The codes commentary may name: indicators (any version), organisations and plan actions."""
    return {
        "indicators": {r[0] for r in con.execute("SELECT DISTINCT code FROM indicator").fetchall()},
        "organisations": {r[0] for r in con.execute("SELECT code FROM organisation").fetchall()},
        "actions": {r[0] for r in con.execute("SELECT code FROM action").fetchall()},
    }


COMMENTARY_ROW_COLUMNS = ["indicator", "org", "period", "text", "author", "doing", "action", "expected_by"]


def insert_commentary(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, load_id: int | None) -> int:
    """Write each row (COMMENTARY_ROW_COLUMNS; period and expected_by dates) as a new version of
    its (indicator, org, period): the previous highest version + 1, in row order; nothing is
    overwritten. Runs in the caller's transaction; returns the number of rows written."""
    incoming = rows[COMMENTARY_ROW_COLUMNS].astype(object).reset_index(drop=True)
    incoming["position"] = range(len(incoming))
    con.register("incoming_commentary", incoming)
    try:
        con.execute(
            """
            INSERT INTO commentary (indicator, org, period, text, author, written_at, load_id, doing, action,
                                    expected_by, version)
            SELECT i.indicator::VARCHAR, i.org::VARCHAR, i.period::DATE, i.text::VARCHAR, i.author::VARCHAR, now(),
                   $load_id, i.doing::VARCHAR, i.action::VARCHAR, i.expected_by::DATE,
                   coalesce((SELECT max(c.version) FROM commentary c
                             WHERE c.indicator = i.indicator::VARCHAR AND c.org = i.org::VARCHAR
                               AND c.period = i.period::DATE), 0)
                   + row_number() OVER (PARTITION BY i.indicator, i.org, i.period ORDER BY i.position)
            FROM incoming_commentary i
            ORDER BY i.position
            """,
            {"load_id": load_id},
        )
    finally:
        con.unregister("incoming_commentary")
    return len(incoming)


# --- sign-off ------------------------------------------------------------------------------------

SIGNOFF = """
    SELECT s.id, s.org, s.period::TIMESTAMP AS period, s.kind, s.signed_by, s.signed_at, s.load_id, s.note,
           s.override
    FROM signoff s
    WHERE (CAST($org AS VARCHAR) IS NULL OR s.org = CAST($org AS VARCHAR))
      AND (CAST($month AS DATE) IS NULL OR s.period = CAST($month AS DATE))
"""


def signoffs(con: duckdb.DuckDBPyConnection, org: str | None = None, period=None) -> pd.DataFrame:
    """Every sign-off and reopening, oldest first: id, org, period (month start), kind ('signoff'
    or 'reopen'), signed_by, signed_at, load_id (the highest accepted load then), note, override."""
    return con.execute(SIGNOFF + " ORDER BY s.id",
                       {"org": org, "month": month(period) if period is not None else None}).df()


def latest_signoffs(con: duckdb.DuckDBPyConnection, org: str | None = None) -> pd.DataFrame:
    """The latest sign-off or reopening of each (org, month), in the columns of `signoffs`: a month
    whose latest row is kind 'signoff' stands signed off."""
    return con.execute(
        SIGNOFF + " QUALIFY row_number() OVER (PARTITION BY s.org, s.period ORDER BY s.id DESC) = 1 "
        "ORDER BY s.org, s.period",
        {"org": org, "month": None},
    ).df()


def latest_signoff(con: duckdb.DuckDBPyConnection, org: str, period) -> dict | None:
    """The latest sign-off or reopening of `org`'s month as a dict (the columns of `signoffs`), or None."""
    found = con.execute(SIGNOFF + " ORDER BY s.id DESC LIMIT 1", {"org": org, "month": month(period)}).df()
    return None if found.empty else found.iloc[0].to_dict()


def insert_signoff(con: duckdb.DuckDBPyConnection, org: str, period, kind: str, signed_by: str, load_id: int,
                   note: str | None = None, override: str | None = None) -> int:
    """Record a sign-off or reopening (kind 'signoff' or 'reopen') in the caller's transaction; its id."""
    return con.execute(
        """
        INSERT INTO signoff (id, org, period, kind, signed_by, signed_at, load_id, note, override)
        VALUES (nextval('signoff_seq'), $org, $month, $kind, $by, now(), $load_id, $note, $override)
        RETURNING id
        """,
        {"org": org, "month": month(period), "kind": kind, "by": signed_by, "load_id": int(load_id),
         "note": note, "override": override},
    ).fetchall()[0][0]
