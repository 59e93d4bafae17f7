"""Read-only queries for benchmarking across authorities (Compare, the regional scorecard).

Each takes a connection and returns a DataFrame (or a list), like data/queries.py. The wide reads
(every authority's returns) come through Arrow with the organisation and indicator codes as
pandas Categoricals: a million rows of two text columns cost a third of a second as Python
strings and a tenth as categories, and indicators/regional.py works on the codes.

Statistical neighbours: the store holds them as one organisation (kind statistical_neighbours,
an average) and records no list of members. Which authorities are a home authority's neighbours
is kept, without a schema change, in the `setting` table under `statistical_neighbours:<code>`
as a comma-separated list of authority codes (`pidash neighbours --set`), and read here.
"""
from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data import store

NEIGHBOURS_KEY = "statistical_neighbours:"  # + the home authority's code

# The current figures (not superseded) in the columns indicators/ reads. No ORDER BY: DuckDB keeps
# the order rows were loaded in (preserve_insertion_order), which for returns files is as a rule
# by organisation, indicator and month already; indicators.regional sorts them when it is not.
# (Sorting a million rows here cost three times the read.)
RETURNS_UNTIL = """
    SELECT org, indicator, period::TIMESTAMP AS period, numerator, denominator, value
    FROM indicator_return
    WHERE superseded_by IS NULL AND period <= $until
"""
RETURNS_BETWEEN = """
    SELECT org, indicator, period::TIMESTAMP AS period, numerator, denominator, value
    FROM indicator_return
    WHERE superseded_by IS NULL AND indicator = $indicator AND period BETWEEN $start AND $until
    ORDER BY org, period
"""


def returns_until(con: duckdb.DuckDBPyConnection, period) -> pd.DataFrame:
    """Every organisation's current returns up to `period` (a date or 'YYYY-MM'): org, indicator
    (both Categoricals), period (month start), numerator, denominator, value, in no promised
    order. What every authority's scorecard reads."""
    return _categorical(con.sql(RETURNS_UNTIL, params={"until": _month(period)}).to_arrow_table())


def targets_for_years(con: duckdb.DuckDBPyConnection, years: list[str]) -> pd.DataFrame:
    """The targets of the financial years `years` ("2009-10", …): indicator, org, year, target,
    tolerance, source, load_id, as data.queries.targets. Every authority's scorecard for a month
    reads this year's and last year's only."""
    return con.execute(
        "SELECT indicator, org, year, target, tolerance, source, load_id FROM target "
        "WHERE year IN (SELECT unnest(?::VARCHAR[])) ORDER BY indicator, org, year",
        [list(years)],
    ).df()


def indicator_returns(con: duckdb.DuckDBPyConnection, indicator: str, start, until) -> pd.DataFrame:
    """One indicator's current returns for every organisation from `start` to `until` (months, both
    included): org, indicator, period, numerator, denominator, value, by org and month."""
    table = con.sql(RETURNS_BETWEEN, params={"indicator": indicator, "start": _month(start),
                                             "until": _month(until)}).to_arrow_table()
    out = table.to_pandas()
    for column in ("org", "indicator"):
        out[column] = out[column].astype(object)
    return out


def neighbours(con: duckdb.DuckDBPyConnection, home: str | None) -> list[str]:
    """The statistical neighbours recorded for `home` (authority codes, in the order recorded);
    [] when none are recorded or no home is given."""
    if not home:
        return []
    text = store.get_setting(con, NEIGHBOURS_KEY + str(home), "") or ""
    return [code.strip() for code in text.split(",") if code.strip()]


def neighbours_recorded(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every authority with statistical neighbours recorded: home, neighbours (comma-separated)."""
    return con.execute(
        "SELECT substr(key, length($prefix) + 1) AS home, value AS neighbours FROM setting "
        "WHERE starts_with(key, $prefix) ORDER BY home",
        {"prefix": NEIGHBOURS_KEY},
    ).df()


def _categorical(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as pandas with org and indicator dictionary-encoded (Categoricals)."""
    columns = {}
    for name in table.column_names:
        column = table[name]
        if name in ("org", "indicator"):
            column = pc.dictionary_encode(column)
        columns[name] = column
    return pa.table(columns).to_pandas()


def _month(period):
    """'YYYY-MM', a date or a Timestamp as the first day of its month (a date)."""
    text = str(period)
    when = pd.Timestamp(text + "-01") if len(text) == 7 else pd.Timestamp(period)
    return when.to_period("M").to_timestamp().date()
