"""indicators.spc_series: which values, which target and which phases one indicator's SPC uses,
on small literal series."""
import math

import pandas as pd
import pytest

from indicators.spc import xmr
from indicators.spc_series import IMPROVEMENT, POINT_COLUMNS, indicator_spc, year_target
from vocab import Assurance, Improvement, Polarity, PointType

HIGHER, LOWER, BAND = Polarity.HIGHER_IS_BETTER.value, Polarity.LOWER_IS_BETTER.value, Polarity.WITHIN_BAND.value
MONTHS = pd.date_range("2009-01-01", periods=15, freq="MS")  # Jan 2009 to Mar 2010
VALUES = [50.0, 52.0] * 7 + [90.0]


def frame(values=VALUES, months=MONTHS) -> pd.DataFrame:
    return pd.DataFrame({"period": months, "value": values})


TARGETS = pd.DataFrame({"year": ["2008-09", "2009-10", "2010-11"], "target": [40.0, 60.0, 30.0]})


@pytest.mark.parametrize("polarity, improvement", [(HIGHER, Improvement.INCREASE), (LOWER, Improvement.DECREASE),
                                                   (BAND, Improvement.NEUTRAL)])
def test_improvement_follows_the_polarity(polarity, improvement):
    assert IMPROVEMENT[polarity] == improvement.value


def test_values_up_to_the_month_in_order_as_xmr_has_them():
    shuffled = frame().sample(frac=1, random_state=1)
    spc = indicator_spc(shuffled, HIGHER, "2010-02", targets=TARGETS)
    expected = xmr(pd.Series(VALUES[:14], index=MONTHS[:14]), improvement="increase", target=60.0)
    assert (spc.variation, spc.assurance, spc.too_short, spc.n) == (
        expected.variation, expected.assurance, expected.too_short, 14)
    assert list(spc.points.columns) == POINT_COLUMNS
    assert list(spc.points["period"]) == list(MONTHS[:14])
    assert list(spc.points["upl"]) == pytest.approx(list(expected.points["upl"]))


@pytest.mark.parametrize("month, target", [("2009-03", 40.0), ("2009-04", 60.0), ("2010-03", 60.0),
                                           ("2010-04", 30.0), ("2011-04", None)])
def test_the_target_is_the_chosen_months_financial_years(month, target):
    """After the last return (April 2010 on), the target is still that of the chosen month's year,
    not of the last month with a figure."""
    spc = indicator_spc(frame(), HIGHER, month, targets=TARGETS)
    assert spc.target == target
    assert set(spc.points["target"].dropna()) == ({target} if target is not None else set())


def test_a_month_with_no_value_has_no_variation_but_keeps_the_assurance():
    gap = frame().assign(value=VALUES[:-2] + [math.nan, 90.0])  # no February 2010
    spc = indicator_spc(gap, HIGHER, "2010-02", targets=TARGETS)
    before = indicator_spc(gap, HIGHER, "2010-01", targets=TARGETS)
    assert spc.variation is None and before.variation == PointType.COMMON_CAUSE
    assert spc.assurance == before.assurance == Assurance.CONSISTENT_FAIL  # 60 is above the limits
    assert spc.n == before.n == 13
    after = indicator_spc(frame(), HIGHER, "2010-05", targets=TARGETS)
    assert after.variation is None and after.n == 15 and after.points["period"].iloc[-1] == MONTHS[-1]


def test_a_definition_change_starts_a_phase_at_the_next_charted_month():
    gap = frame().drop(index=6)  # no July 2009
    spc = indicator_spc(gap, HIGHER, "2010-03", changes=[pd.Timestamp("2009-07-01")])
    assert spc.rebase_at == [pd.Timestamp("2009-08-01")]
    assert list(spc.points.groupby("phase")["period"].min()) == [MONTHS[0], pd.Timestamp("2009-08-01")]
    unchanged = indicator_spc(gap, HIGHER, "2009-06", changes=[pd.Timestamp("2009-07-01")])
    assert unchanged.rebase_at == [] and set(unchanged.points["phase"]) == {0}


def test_no_values_no_spc():
    spc = indicator_spc(frame().iloc[:0], HIGHER, "2009-09", targets=TARGETS)
    assert (spc.variation, spc.assurance, spc.too_short, spc.n, spc.rebase_at) == (None, None, True, 0, [])
    assert spc.target == 60.0
    assert spc.points.empty and list(spc.points.columns) == POINT_COLUMNS
    assert indicator_spc(frame(), HIGHER, "2008-12").n == 0  # every value is later


def test_its_input_is_left_alone():
    given, targets = frame(), TARGETS.copy()
    indicator_spc(given, LOWER, "2010-03", targets=targets, changes=[MONTHS[6]])
    pd.testing.assert_frame_equal(given, frame())
    pd.testing.assert_frame_equal(targets, TARGETS)


@pytest.mark.parametrize("call, message", [
    (lambda: indicator_spc(frame().drop(columns="value"), HIGHER, "2009-09"), "missing column"),
    (lambda: indicator_spc(frame(), "bigger_is_better", "2009-09"), "polarity must be one of"),
    (lambda: indicator_spc(frame(), HIGHER, None), "no month given"),
    (lambda: indicator_spc(pd.concat([frame(), frame()]), HIGHER, "2009-09"), "more than one row for 2009-01"),
    (lambda: indicator_spc(frame(), HIGHER, "2009-09", targets=pd.concat([TARGETS, TARGETS])),
     "more than one target for 2009-10"),
])
def test_bad_input_is_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_blank_target_is_no_target():
    assert year_target(pd.DataFrame({"year": ["2009-10"], "target": [None]}), "2009-09") is None
    assert year_target(None, "2009-09") is None
