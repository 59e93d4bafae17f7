"""Rows as integer codes: how a million-row return is normalised and checked per distinct value.

Equal values get equal codes (a Categorical column already holds them); several columns' codes
combine into one number per row, equal exactly when the rows are equal in every column.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def combined(codes: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """One integer per row from each column's (codes, number of distinct values): the codes as the
    digits of a mixed-radix number, renumbered whenever it would outgrow a float's 53 bits (so the
    number can also stand in a float column, blank as NaN)."""
    number = np.zeros(len(codes[0][0]) if codes else 0, dtype=np.int64)
    for column_codes, size in codes:
        if (int(number.max(initial=0)) + 1) * max(size, 1) >= 2**53:
            number, _ = pd.factorize(number)
        number = number * max(size, 1) + column_codes
    return number


def first_rows(codes: np.ndarray) -> np.ndarray:
    """The position of each code's first row, in code order, for codes numbered in order of first
    appearance (as pandas.factorize numbers them): a row is a code's first exactly when its code is
    higher than every code before it."""
    return np.flatnonzero(codes > np.maximum.accumulate(np.r_[-1, codes[:-1]]))


def plain_cells(column: pd.Series) -> pd.Series:
    """A Categorical column as a plain one: texts as read without `categorical` (Python strings,
    None for blank), numbers as floats (NaN for missing)."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column
    if column.cat.categories.dtype != object:
        return column.astype(column.cat.categories.dtype)
    plain = column.astype(object)
    return plain.where(plain.notna(), None)
