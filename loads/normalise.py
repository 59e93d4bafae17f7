"""Normalising: a file's text cells to the typed helper columns the checks and writers use.

Shared by every table's loader (returns, reference tables, the plan); each works per distinct
value, so a million-row return is normalised in a few thousand steps.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from checks import coding
from checks.coding import plain_cells
from checks.suites import TableSpec, date_exists, home_kind, overlapping_versions, value_error


def per_value(column: pd.Series, compute: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """An element-wise `compute` run once per distinct value and spread back to every row.

    A million-row return holds a few thousand distinct texts per column, so normalising the
    distinct values (and not every cell) is what keeps a national load fast. From a Categorical
    column (a return, see read_table) the result is one too, texts or numbers, on the same codes,
    so no later step hashes a million cells again.
    """
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    if isinstance(column.dtype, pd.CategoricalDtype):
        return spread(compute(plain_cells(pd.Series(distinct))), codes, column.index, categorical=True)
    if len(distinct) * 2 > len(column):
        return compute(column)
    return spread(compute(pd.Series(distinct, dtype=column.dtype)), codes, column.index, categorical=False)


def numbers(column: pd.Series) -> pd.Series:
    return per_value(column, lambda c: pd.to_numeric(c, errors="coerce").astype("float64"))


def month_index(period: pd.Series) -> pd.Series:
    """YYYY-MM as a count of months, so 'not in the future' is a number comparison."""
    def month_numbers(text: pd.Series) -> pd.Series:
        parts = text.astype("string").str.extract(r"^(\d{4})-(0[1-9]|1[0-2])$")
        return (numbers(parts[0]) * 12 + numbers(parts[1]) - 1).astype("float64")

    return per_value(period, month_numbers)


def indicator_codes(column: pd.Series) -> pd.Series:
    """'ni 59' → 'NI59': codes in capitals without spaces; blanks stay None."""
    codes = column.astype("string").str.upper().str.replace(" ", "", regex=False)
    return codes.astype(object).where(codes.notna(), None)


def months(column: pd.Series) -> pd.Series:
    """An Excel date cell arrives as 2009-09-01: that is the month 2009-09."""
    period = column.astype("string").str.replace(r"^(\d{4}-\d{2})-01$", r"\1", regex=True)
    return period.astype(object).where(period.notna(), None)


def whole_numbers(column: pd.Series) -> pd.Series:
    """Counts written as whole numbers of 0 or more; anything else is missing (the checks name it)."""
    text = column.astype("string")
    return numbers(text.where(text.str.match(r"^\d+$").fillna(False)))


def days(dates: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(dates.astype("string"), format="%Y-%m-%d", errors="coerce")
    return (parsed - pd.Timestamp("1970-01-01")).dt.days.astype("float64")


def with_columns(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """The optional columns a file left out, added blank (as Categoricals in a Categorical frame)."""
    frame = frame.copy(deep=False)  # copy-on-write: new columns never touch the caller's frame
    categorical = is_categorical(frame)
    for column in spec.optional:
        if column not in frame.columns:
            frame[column] = (pd.Categorical.from_codes(np.full(len(frame), -1), categories=pd.Index([], dtype=object))
                             if categorical else None)
    return frame


def normalise_returns(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = with_columns(frame, spec)
    home = known["home_org"]
    frame["org"] = per_value(frame["org"], lambda org: org.where(org.notna(), home))
    if "indicator" in frame.columns:
        frame["indicator"] = per_value(frame["indicator"], indicator_codes)
    if "period" in frame.columns:
        frame["period"] = per_value(frame["period"], months)
        frame["_period_index"] = month_index(frame["period"])
    if {"numerator", "denominator"} <= set(frame.columns):
        for column in ("numerator", "denominator"):
            frame[f"_{column}"] = per_value(frame[column], whole_numbers)
        given = pd.DataFrame({"value": numbers(frame["value"]), "_numerator": frame["_numerator"],
                              "_denominator": frame["_denominator"]})
        frame["_value_error"] = per_combination(given, value_error)
    return frame


def per_combination(frame: pd.DataFrame, compute: Callable[[pd.DataFrame], pd.Series]) -> pd.Series:
    """A row-by-row `compute` of several columns, run once per distinct combination of their values
    (a few hundred thousand in a million-row return) and spread back to every row."""
    factorized = [pd.factorize(frame[c], use_na_sentinel=False) for c in frame.columns]
    codes, _ = pd.factorize(coding.combined([(c, len(distinct)) for c, distinct in factorized]))
    first = coding.first_rows(codes)
    distinct_rows = pd.DataFrame({c: plain_cells(frame[c].iloc[first]).to_numpy() for c in frame.columns})
    return spread(compute(distinct_rows), codes, frame.index, categorical=is_categorical(frame))


def is_categorical(frame: pd.DataFrame) -> bool:
    """Read as Categoricals (a return, see read_table)."""
    return any(isinstance(t, pd.CategoricalDtype) for t in frame.dtypes)


def spread(result: pd.Series, codes: np.ndarray, index: pd.Index, categorical: bool) -> pd.Series:
    """Per-distinct results back to every row: a Categorical on the rows' codes when the input was
    one, so no later step hashes a million cells again."""
    if not categorical:
        return pd.Series(result.to_numpy()[codes], index=index, dtype=result.dtype)
    result_codes, results = pd.factorize(result)
    categories = pd.Index(results, dtype=object if results.dtype == object else results.dtype)
    return pd.Series(pd.Categorical.from_codes(result_codes[codes], categories=categories, validate=False), index=index)


def normalise_targets(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = with_columns(frame, spec)
    frame["org"] = frame["org"].where(frame["org"].notna(), known["home_org"])
    if "indicator" in frame.columns:
        frame["indicator"] = indicator_codes(frame["indicator"])
    if "year" in frame.columns:
        parts = frame["year"].astype("string").str.extract(r"^(\d{4})-(\d{2})$")
        frame["_year_span"] = (numbers(parts[1]) - numbers(parts[0]) % 100) % 100
    if "target" in frame.columns:
        frame["_target"] = numbers(frame["target"])
    return frame


def with_dates_checked(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """The `_<column>_exists` columns the real-date rule judges (checks.suites.real_date)."""
    for column in columns:
        if column in frame.columns:
            frame[f"_{column}_exists"] = date_exists(frame[column])
    return frame


def normalise_organisations(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = with_columns(frame, spec)
    frame["_home_kind"] = home_kind(frame, known["home_org"])
    return frame


def normalise_indicators(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = with_dates_checked(with_columns(frame, spec), "valid_from", "valid_to")
    frame["_overlaps"] = overlapping_versions(frame, known["indicator_versions"])
    if {"valid_from", "valid_to"} <= set(frame.columns):
        frame["_valid_days"] = days(frame["valid_to"]) - days(frame["valid_from"])
    return frame
