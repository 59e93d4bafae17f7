"""Writing an accepted batch: one set-based statement per step, inside the caller's transaction.

A restated return supersedes the current row without deleting it; reference tables are replaced
by key (the load table keeps what each load brought).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from loads.normalise import numbers


@dataclass
class Counts:
    new: int = 0
    restated: int = 0
    unchanged: int = 0




def _typed_returns(frame: pd.DataFrame):
    """The accepted rows as an Arrow table DuckDB scans without copying: texts dictionary-encoded
    (a million rows name a few hundred organisations), the month from the checked `_period_index`."""
    import pyarrow as pa

    def text(column: pd.Series):
        codes, distinct = pd.factorize(column)
        return pa.DictionaryArray.from_arrays(
            pa.array(codes, mask=codes < 0, type=pa.int32()),
            pa.array(np.asarray(distinct, dtype=object), type=pa.string()),
        )

    # load_file writes while the checks run: a file they go on to reject may have blanks here (its
    # rows are rolled back), so casting a missing number must not warn
    with np.errstate(divide="ignore", invalid="ignore"):
        numerator = frame["_numerator"].to_numpy().astype("int64")
        denominator = frame["_denominator"].to_numpy().astype("int64")
        value = np.round(np.where(denominator == 0, np.nan, numerator / denominator * 100), 6)
        months_since_1970 = frame["_period_index"].to_numpy().astype("int64") - 1970 * 12
    return pa.table({
        "org": text(frame["org"]),
        "indicator": text(frame["indicator"]),
        "period": pa.array(months_since_1970.astype("datetime64[M]").astype("datetime64[D]"), type=pa.date32()),
        "numerator": numerator,
        "denominator": denominator,
        "value": pa.array(value, from_pandas=True),
        "note": text(frame["note"]),
    })


def write_returns(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, load_id: int) -> Counts:
    """Insert new and restated rows; a restated row supersedes the current one, never deletes it."""
    con.register("incoming", _typed_returns(frame))
    current = con.execute(
        """
        SELECT count(*) FROM incoming i JOIN indicator_return c
          ON c.org = i.org AND c.indicator = i.indicator AND c.period = i.period AND c.superseded_by IS NULL
        """
    ).fetchall()[0][0]
    if not current:  # none of these months is held yet: every row is new (the usual large load)
        con.execute(
            """
            INSERT INTO indicator_return (org, indicator, period, numerator, denominator, value, note, load_id)
            SELECT org, indicator, period, numerator, denominator, value, note, ? FROM incoming
            """,
            [load_id],
        )
        con.unregister("incoming")
        return Counts(new=len(frame))
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE incoming_classified AS
        SELECT i.*,
               CASE WHEN c.org IS NULL THEN 'new'
                    WHEN c.numerator = i.numerator AND c.denominator = i.denominator
                         AND c.note IS NOT DISTINCT FROM i.note THEN 'unchanged'
                    ELSE 'restated' END AS change
        FROM incoming i
        LEFT JOIN indicator_return c
          ON c.org = i.org AND c.indicator = i.indicator AND c.period = i.period
         AND c.superseded_by IS NULL
        """
    )
    con.unregister("incoming")
    con.execute(
        """
        UPDATE indicator_return AS r SET superseded_by = ?
        FROM incoming_classified AS i
        WHERE i.change = 'restated' AND r.superseded_by IS NULL
          AND r.org = i.org AND r.indicator = i.indicator AND r.period = i.period
        """,
        [load_id],
    )
    con.execute(
        """
        INSERT INTO indicator_return (org, indicator, period, numerator, denominator, value, note, load_id)
        SELECT org, indicator, period, numerator, denominator, value, note, ?
        FROM incoming_classified WHERE change <> 'unchanged'
        """,
        [load_id],
    )
    counts = dict(con.execute("SELECT change, count(*) FROM incoming_classified GROUP BY change").fetchall())
    con.execute("DROP TABLE incoming_classified")
    return Counts(counts.get("new", 0), counts.get("restated", 0), counts.get("unchanged", 0))


def upsert(con, table: str, keys: list[str], frame: pd.DataFrame, load_id: int) -> Counts:
    """Replace rows by key (reference data: the load table keeps what each load brought).

    The table, key and column names put into the SQL come from the write_* functions' own typed
    frames, never from a file's header; values travel in the registered frame (see
    tests/data/test_sql_safety.py, which fails on any other SQL built from variables).
    """
    frame = frame.copy()
    frame["load_id"] = load_id
    columns = list(frame.columns)
    con.register("incoming", frame)
    on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
    same = " AND ".join(f"t.{c} IS NOT DISTINCT FROM i.{c}" for c in columns if c != "load_id")
    existing, unchanged = con.execute(
        f"SELECT count(t.{keys[0]}), count(*) FILTER (WHERE {same}) FROM incoming i JOIN {table} t ON {on}"
    ).fetchall()[0]
    con.execute(f"DELETE FROM {table} AS t USING incoming AS i WHERE {on}")
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM incoming")
    con.unregister("incoming")
    return Counts(len(frame) - existing, existing - unchanged, unchanged)


def write_targets(con, frame: pd.DataFrame, load_id: int) -> Counts:
    typed = pd.DataFrame({
        "indicator": frame["indicator"].astype(str),
        "org": frame["org"].astype(str),
        "year": frame["year"].astype(str),
        "target": numbers(frame["target"]),
        "tolerance": numbers(frame["tolerance"]),
        "source": frame["source"].astype(object),
    })
    return upsert(con, "target", ["indicator", "org", "year"], typed, load_id)


def write_organisations(con, frame: pd.DataFrame, load_id: int) -> Counts:
    typed = frame[["code", "name", "kind"]].astype(str)
    return upsert(con, "organisation", ["code"], typed, load_id)


def write_indicators(con, frame: pd.DataFrame, load_id: int) -> Counts:
    typed = pd.DataFrame({
        "code": frame["code"].astype(str),
        "version": frame["version"].astype(int),
        **{c: frame[c].astype(str) for c in ("title", "unit", "polarity", "ytd_rule", "numerator_label",
                                             "denominator_label", "definition")},
        "source": frame["source"].astype(object),
        "stable_band": numbers(frame["stable_band"]).fillna(0.0),
        "valid_from": pd.to_datetime(frame["valid_from"]).dt.date,
        "valid_to": pd.to_datetime(frame["valid_to"]).dt.date.astype(object).where(frame["valid_to"].notna(), None),
        "due_days": numbers(frame["due_days"]).astype("Int64"),  # blank: the default (indicators.workdays)
    })
    return upsert(con, "indicator", ["code", "version"], typed, load_id)
