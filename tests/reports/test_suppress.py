"""Small-number suppression: literal cases, as children's statistics are published."""
import math

import pandas as pd
import pytest

from reports.suppress import SUPPRESSED, is_small, suppress, suppressed_count


@pytest.mark.parametrize("count, small", [
    (0, False), (1, True), (2, True), (5, True), (5.0, True), (6, False), (100, False),
    (None, False), (float("nan"), False), ("[c]", False), (True, False), (-1, False),
])
def test_is_small(count, small):
    assert is_small(count) is small


def test_small_counts_are_suppressed_and_their_percentages_hidden():
    frame = pd.DataFrame({
        "indicator": ["NI65", "NI59", "NI64", "NI61"],
        "numerator": [5, 133, 0, 6],
        "denominator": [36, 189, 22, 3],
        "value": [13.9, 70.4, 0.0, 200.0],
    })
    out = suppress(frame)
    assert out["numerator"].tolist() == [SUPPRESSED, 133, 0, 6]
    assert out["denominator"].tolist() == [36, 189, 22, SUPPRESSED]
    assert out["value"].tolist() == [SUPPRESSED, 70.4, 0.0, SUPPRESSED]
    assert out["indicator"].tolist() == ["NI65", "NI59", "NI64", "NI61"]
    assert suppressed_count(frame, out) == 4


def test_the_input_frame_is_not_changed():
    frame = pd.DataFrame({"numerator": [3], "denominator": [40], "value": [7.5]})
    suppress(frame)
    assert frame.to_dict(orient="list") == {"numerator": [3], "denominator": [40], "value": [7.5]}


def test_linked_counts_hide_their_own_rate_only():
    frame = pd.DataFrame({"numerator": [50], "denominator": [60], "value": [83.3],
                          "ytd_numerator": [4], "ytd_value": [80.0]})
    out = suppress(frame, linked={"ytd_numerator": ["ytd_value"]})
    assert out.loc[0, "value"] == 83.3
    assert out.loc[0, "ytd_numerator"] == SUPPRESSED
    assert out.loc[0, "ytd_value"] == SUPPRESSED


def test_missing_columns_and_blanks_are_left_alone():
    frame = pd.DataFrame({"numerator": [None, 7], "value": [math.nan, 10.0]})
    out = suppress(frame, counts=("numerator", "denominator"), rates=("value", "ytd_value"))
    assert out["numerator"].isna().tolist() == [True, False]
    assert out.loc[1, "value"] == 10.0
    assert suppress(frame.iloc[0:0]).empty
