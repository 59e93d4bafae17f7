"""Normalising and writing a commentary file (`pidash load commentary FILE`): each accepted row
becomes a new version of its indicator's commentary for that organisation and month.

Columns: indicator, period (YYYY-MM), text; optional org (default: the home organisation),
doing, action (a plan action code) and expected_by (YYYY-MM). The text is kept exactly as
written: never read as HTML or a formula. Registered in loads/pipeline.py's LOADERS, so a
commentary file goes through the same read → normalise → check → write path as a return.
"""
from __future__ import annotations

import pandas as pd

from checks.suites import TableSpec
from data.cycle_queries import insert_commentary
from indicators import clock
from loads.normalise import indicator_codes, month_index, months, with_columns
from loads.writers import Counts


def _lengths(column: pd.Series) -> pd.Series:
    """Each cell's length in characters; blank where the cell is blank."""
    return pd.Series([float(len(v)) if isinstance(v, str) else float("nan") for v in column.astype(object)],
                     index=column.index, dtype="float64")


def normalise_commentary(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = with_columns(frame, spec)
    frame["org"] = frame["org"].where(frame["org"].notna(), known["home_org"])
    if "indicator" in frame.columns:
        frame["indicator"] = indicator_codes(frame["indicator"])
    if "period" in frame.columns:
        frame["period"] = months(frame["period"])
        frame["_months_ahead"] = month_index(frame["period"]) - clock.month_index(clock.today())
    frame["expected_by"] = months(frame["expected_by"])
    if "text" in frame.columns:
        frame["_text_length"] = _lengths(frame["text"])
    frame["_doing_length"] = _lengths(frame["doing"])
    return frame


def _month_starts(column: pd.Series) -> pd.Series:
    """'2009-09' → date(2009, 9, 1); blank stays None."""
    parsed = pd.to_datetime(column.astype("string") + "-01", format="%Y-%m-%d", errors="coerce")
    return pd.Series([d.date() if not pd.isna(d) else None for d in parsed], index=column.index, dtype=object)


def write_commentary(con, frame: pd.DataFrame, load_id: int, user: str) -> Counts:
    """Every row a new version (author: the person loading the file), in file order."""
    rows = pd.DataFrame({
        "indicator": frame["indicator"].astype(str),
        "org": frame["org"].astype(str),
        "period": _month_starts(frame["period"]),
        "text": frame["text"].astype(object),
        "author": user,
        "doing": frame["doing"].astype(object).where(frame["doing"].notna(), None),
        "action": frame["action"].astype(object).where(frame["action"].notna(), None),
        "expected_by": _month_starts(frame["expected_by"]),
    }, index=frame.index)
    return Counts(new=insert_commentary(con, rows, load_id))
