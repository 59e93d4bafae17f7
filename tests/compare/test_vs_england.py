"""The comparison with England on a scorecard (indicators.regional.vs_england_for_card): Wilson
limits of the month's counts against England's month, at the edges of the interval."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.compare import wilson_limits
from indicators.regional import vs_england_for_card

ORGANISATIONS = pd.DataFrame({"code": ["LA1", "ENG"], "name": ["Home", "England"],
                              "kind": ["local_authority", "england"]})
SEPTEMBER = pd.Timestamp("2009-09-01")
LOWER, UPPER = (float(v[0]) for v in wilson_limits([70], [100]))  # 60.415…, 78.105…


def card(polarity="higher_is_better", numerator=70.0, denominator=100.0, indicator="X", period=SEPTEMBER):
    return pd.DataFrame({"indicator": [indicator], "period": [period], "numerator": [numerator],
                         "denominator": [denominator], "polarity": [polarity]})


def england(value, indicator="X", period=SEPTEMBER):
    """England's return for the month as a value without counts (so it can sit exactly on a limit)."""
    return pd.DataFrame({"org": ["ENG"], "indicator": [indicator], "period": [period], "numerator": [np.nan],
                         "denominator": [np.nan], "value": [value]})


@pytest.mark.parametrize("value, polarity, expected", [
    (LOWER, "higher_is_better", "similar"),  # on the lower limit: inside
    (UPPER, "higher_is_better", "similar"),  # on the upper limit: inside
    (np.nextafter(LOWER, -math.inf), "higher_is_better", "better"),  # just below the interval
    (np.nextafter(UPPER, math.inf), "higher_is_better", "worse"),  # just above it
    (np.nextafter(LOWER, -math.inf), "lower_is_better", "worse"),
    (np.nextafter(UPPER, math.inf), "lower_is_better", "better"),
    (np.nextafter(LOWER, -math.inf), "within_band", "higher"),
    (np.nextafter(UPPER, math.inf), "within_band", "lower"),
    (70.0, "within_band", "similar"),
])
def test_at_the_edges_of_the_interval(value, polarity, expected):
    got = vs_england_for_card(card(polarity), england(value), ORGANISATIONS)
    assert got.tolist() == [expected]


def test_not_compared_without_a_return_a_denominator_or_englands_figure():
    assert vs_england_for_card(card(numerator=np.nan, denominator=np.nan), england(50.0),
                               ORGANISATIONS).tolist() == ["not_compared"]
    assert vs_england_for_card(card(numerator=0.0, denominator=0.0), england(50.0),
                               ORGANISATIONS).tolist() == ["not_compared"]
    assert vs_england_for_card(card(), england(50.0, indicator="Y"), ORGANISATIONS).tolist() == ["not_compared"]
    assert vs_england_for_card(card(), england(50.0, period=pd.Timestamp("2009-08-01")),
                               ORGANISATIONS).tolist() == ["not_compared"]
    without = ORGANISATIONS[ORGANISATIONS["kind"] != "england"]
    assert vs_england_for_card(card(), england(50.0), without).tolist() == ["not_compared"]


def test_englands_value_comes_from_its_counts_and_each_row_from_its_month():
    eng = pd.DataFrame({"org": ["ENG", "ENG", "LA1"], "indicator": ["X", "X", "X"],
                        "period": [SEPTEMBER, pd.Timestamp("2009-08-01"), SEPTEMBER],
                        "numerator": [5000, 9000, 1], "denominator": [10000, 10000, 1]})
    cards = pd.concat([card(), card(period=pd.Timestamp("2009-08-01"))], ignore_index=True)
    cards.index = [10, 20]
    got = vs_england_for_card(cards, eng, ORGANISATIONS)
    assert got.to_dict() == {10: "better", 20: "worse"}  # 70% against 50% in September, 90% in August


def test_the_scorecard_json_of_the_small_store_says_it(small_db):
    from cli.indicator_commands import build

    built = build(small_db, "2009-09", None).set_index("indicator")["vs_england"]
    assert (built["NI59"], built["NI62"], built["NI68"]) == ("similar", "similar", "lower")
    assert set(built.drop(["NI59", "NI62", "NI68"])) == {"not_compared"}  # no return that month
