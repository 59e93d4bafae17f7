"""Row codes: equal exactly when the rows are equal, however many distinct values the columns hold."""
from __future__ import annotations

import numpy as np
import pandas as pd

from checks import coding


def test_combined_codes_are_equal_exactly_when_every_column_is():
    a = np.array([0, 1, 0, 1, 0])
    b = np.array([2, 2, 2, 0, 1])
    number = coding.combined([(a, 2), (b, 3)])
    assert number.tolist() == [2, 5, 2, 3, 1]


def test_combined_codes_are_renumbered_before_they_outgrow_a_float():
    rng = np.random.default_rng(3)
    columns = [(rng.integers(0, 400_000, 2000), 400_000) for _ in range(4)]  # 400,000**4 > 2**53
    columns.append((columns[0][0].copy(), 400_000))
    number = coding.combined(columns)
    assert number.max() < 2**53
    rows = list(zip(*(c for c, _ in columns)))
    for i in range(0, 2000, 97):
        for j in range(0, 2000, 89):
            assert (number[i] == number[j]) == (rows[i] == rows[j])


def test_first_rows_are_each_codes_first_appearance_in_code_order():
    codes, _ = pd.factorize(np.array([7, 7, 3, 7, 9, 3, 1]))
    assert codes.tolist() == [0, 0, 1, 0, 2, 1, 3]
    assert coding.first_rows(codes).tolist() == [0, 2, 4, 6]
    assert coding.first_rows(np.array([], dtype=np.int64)).tolist() == []
