"""SPC (XmR and p-chart): NHSRplotthedots 0.2.x's own test vectors and reference outputs, ported
literally, then hand-computed edge cases for what pidash adds (gaps, labels, p-charts).

Sources (nhs-r-community/NHSRplotthedots):
- tests/testthat/test-ptd_calculate_point_type.R — the rule helpers, vector by vector
- tests/testthat/test-ptd_spc_standard.R and _snaps/ptd_spc_standard.md — limits of rnorm(20)
  with set.seed(123) (R's values, printed to 8 decimals), outlier screening on and off
- tests/testthat/_snaps/ptd_spc.md — the summary() of the same data split in two groups
- tests/testthat/_snaps/integration_tests.md — serialized ptd_spc() output for the
  NHSRdatasets ae_attendances totals (decoded from R's XDR serialization: full precision)
- tests/testthat/test-ptd_calculate_assurance_type.R, test-ptd_add_short_group_warnings.R,
  test-ptd_add_rebase_column.R
"""
from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import _spc_rules as rules
from indicators.spc import assurance_type, pchart, xmr
from vocab import Assurance, Improvement, PointType

CC = PointType.COMMON_CAUSE.value
IMP = PointType.SPECIAL_CAUSE_IMPROVEMENT.value
CON = PointType.SPECIAL_CAUSE_CONCERN.value
HIGH = PointType.SPECIAL_CAUSE_NEUTRAL_HIGH.value
LOW = PointType.SPECIAL_CAUSE_NEUTRAL_LOW.value
PASS = Assurance.CONSISTENT_PASS.value
FAIL = Assurance.CONSISTENT_FAIL.value
INCONSISTENT = Assurance.INCONSISTENT.value
UP, DOWN, NEUTRAL = Improvement.INCREASE.value, Improvement.DECREASE.value, Improvement.NEUTRAL.value
NAN = math.nan
REPO = Path(__file__).resolve().parents[2]


def types(result) -> list:
    return result.points["point_type"].tolist()


# =============================================================================================
# The rule helpers: test-ptd_calculate_point_type.R, case for case


@pytest.mark.parametrize("rtm, expected", [
    ([], []),
    ([1] * 6, [0] * 6),
    ([1] * 6 + [-1], [0] * 7),
    ([1] * 8 + [-1], [0, 0, 0, 0, 0, 0, 1, 1, 0]),
    ([-1] * 8 + [1], [0, 0, 0, 0, 0, 0, 1, 1, 0]),
    # pidash additions: a point on the mean (0) breaks a run, and is never one itself
    ([1, 1, 1, 0, 1, 1, 1, 1], [0] * 8),
    ([0] * 8, [0] * 8),
])
def test_seven_point_one_side_mean(rtm, expected):
    assert rules.seven_point_one_side_mean(rtm).tolist() == expected


@pytest.mark.parametrize("flags, expected", [
    ([], []),
    ([0] * 6, [0] * 6),
    ([0] * 6 + [1, 0], [1] * 7 + [0]),
    ([0] * 7 + [1, 0], [0] + [1] * 7 + [0]),
    ([0] * 6 + [-1, 0], [1] * 7 + [0]),
    ([0] * 7 + [-1, 0], [0] + [1] * 7 + [0]),
])
def test_part_of_seven(flags, expected):
    assert rules.part_of_seven(flags).tolist() == expected


@pytest.mark.parametrize("y, expected", [
    ([], []),
    ([1, 2, 3, 4, 5, 6], [0] * 6),                      # 6 points: no trend
    ([1, 2, 3, 3, 4, 5, 6], [0] * 7),                   # a tie breaks the trend
    ([1, 2, 3, 4, 5, 6, 7], [0, 0, 0, 0, 0, 0, 1]),     # 7 points = 6 rises
    ([2, 1, 2, 3, 4, 5, 6, 7, 3], [0, 0, 0, 0, 0, 0, 0, 1, 0]),
    ([7, 6, 5, 4, 3, 2, 1], [0, 0, 0, 0, 0, 0, -1]),
    ([2, 7, 6, 5, 4, 3, 2, 1, 3], [0, 0, 0, 0, 0, 0, 0, -1, 0]),
    # pidash addition: 8 points flag the 7th and the 8th
    ([1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 0, 0, 1, 1]),
])
def test_seven_point_trend(y, expected):
    assert rules.seven_point_trend(y).tolist() == expected


@pytest.mark.parametrize("close, rtm, expected", [
    ([], [], []),
    ([0, 0, 0], [0], [0, 0, 0]),
    ([1, 0, 1], [1, 1, 1], [1, 1, 1]),
    ([0, 1, 1], [1, 1, 1], [1, 1, 1]),
    ([1, 1, 0], [1, 1, 1], [1, 1, 1]),
    ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 1, 1, 0, 0]),
    ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 1, 1, 1, 1, 0, 0]),
    # issue #143: the three points must all be on one side of the mean
    ([1, 0, 1], [1, -1, 1], [0, 0, 0]),
    ([0, 1, 1], [1, -1, 1], [0, 0, 0]),
    ([1, 1, 0], [1, -1, 1], [0, 0, 0]),
    ([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1], [0] * 7),
    ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
    # pidash addition: two close points alone (no third point) make no pattern
    ([1, 1], [1, 1], [0, 0]),
])
def test_two_in_three(close, rtm, expected):
    assert rules.two_in_three(close, rtm).tolist() == expected


@pytest.mark.parametrize("flags, close, expected", [
    ([], [], []),
    ([0, 0, 0], [0, 0, 0], [0, 0, 0]),
    (rules.two_in_three([1, 0, 1], [1, 1, 1]), [1, 0, 1], [1, 0, 1]),
    (rules.two_in_three([0, 1, 1], [1, 1, 1]), [0, 1, 1], [0, 1, 1]),
    (rules.two_in_three([1, 1, 0], [1, 1, 1]), [1, 1, 0], [1, 1, 0]),
    (rules.two_in_three([0, 0, 1, 0, 1, 0, 0], [1] * 7), [0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]),
    ([0, 0, 1, 1, 0, 0, 0], [0, 0, 1, 1, 0, 0, 0], [0, 0, 1, 1, 0, 0, 0]),
    (rules.two_in_three([1, 0, 0, 1], [1] * 4), [1, 0, 0, 1], [0, 0, 0, 0]),
    (rules.two_in_three([1, 0, 0, 1, 1], [1] * 5), [1, 0, 0, 1, 1], [0, 0, 0, 1, 1]),
])
def test_part_of_two_in_three(flags, close, expected):
    assert rules.part_of_two_in_three(flags, close).tolist() == expected


def test_special_cause_precedence_as_r_mocked_test():
    """ptd_special_cause_type's test: R mocks the part-of flags; we pass the same vectors."""
    rule, side = rules.special_cause(
        values=[1, 2, 3, 4, 5, 6, 7, 8],
        relative_to_mean=[1, 1, 1, 1, -1, -1, -1, -1],
        outside_limits=[0, 0, 0, 0, 0, 1, -1, 0],
        part_of_trend=[1, -1, 0, 0, 0, 0, 0, 0],
        part_of_two_in_three=[0, 0, 0, 0, 1, 0, 0, 0],
        part_of_shift=[0, 0, 1, -1, 0, 0, 0, 0],
    )
    # R: "7 Point Trend (Increasing)" x2, "7 Points Above CL" x2, "2 in 3 Below CL",
    #    "Below LCL" x2, "Common Cause"
    assert rule.tolist() == ["trend", "trend", "shift", "shift", "two_in_three",
                             "outside_limits", "outside_limits", None]
    assert side.tolist() == [1, 1, 1, 1, -1, -1, -1, 0]


@pytest.mark.parametrize("outside, trend, two, shift, rule", [
    (1, 1, 1, 1, "outside_limits"),
    (0, 1, 1, 1, "trend"),
    (0, 0, 1, 1, "two_in_three"),
    (0, 0, 0, 1, "shift"),
    (0, 0, 0, 0, None),
])
def test_special_cause_order_of_rules(outside, trend, two, shift, rule):
    got, _ = rules.special_cause([1.0], [1.0], [outside], [trend], [two], [shift])
    assert got.tolist() == [rule]


def test_trend_turning_point_belongs_to_the_later_trend():
    y = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]  # 7 up, then 7 down sharing the peak
    part = rules.part_of_seven(rules.seven_point_trend(y))
    assert part.tolist() == [1] * 13
    assert rules.trend_direction(y, part).tolist() == [1] * 6 + [-1] * 7


@pytest.mark.parametrize("improvement, expected", [
    (UP, [IMP, CON, CC]),
    (DOWN, [CON, IMP, CC]),
    (NEUTRAL, [HIGH, LOW, CC]),
])
def test_point_types_by_side_and_improvement(improvement, expected):
    assert rules.point_types([1, -1, 0], improvement).tolist() == expected


def test_a_falling_trend_above_the_mean_is_concern_when_increase_is_better():
    """Issues #167/#171 (fixed in 0.2.x): the trend's direction decides, not the side of the mean."""
    got = rules.classify([7, 6, 5, 4, 3, 2, 1], mean=0.0, lpl=-100.0, upl=100.0, nlpl=-50.0, nupl=50.0,
                         improvement=UP)
    assert got["point_type"].tolist() == [CON] * 7
    assert got["rule"].tolist() == ["trend"] * 7
    assert got["shift"].tolist() == [True] * 7  # also a shift, but the trend wins


# =============================================================================================
# Reference outputs of ptd_spc()

# set.seed(123); rnorm(20), as R prints it (8 decimals)
RNORM = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
         -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
         -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141]


def test_rnorm_snapshot_limits():
    """_snaps/ptd_spc_standard.md r1: mean_col 0.1416238, lpl -3.01138, upl 3.294627."""
    p = xmr(RNORM).points
    assert p["mean"].tolist() == pytest.approx([0.1416238] * 20, abs=5e-8)
    assert p["lpl"].tolist() == pytest.approx([-3.01138] * 20, abs=5e-6)
    assert p["upl"].tolist() == pytest.approx([3.294627] * 20, abs=5e-7)
    assert p["relative_to_mean"].tolist()[:15] == [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]
    assert not p["outside_limits"].any()
    # the snapshot shows FALSE for the first points; by hand, only -1.96661716 is beyond the
    # two-thirds limit 0.1416238 - (2 * 2.66 / 3) * (3.294627 - 0.1416238) / 2.66 = -1.96038
    assert np.flatnonzero(p["close_to_limits"]).tolist() == [17]
    assert set(types(xmr(RNORM))) == {CC}  # summary(): common_cause 20


@pytest.mark.parametrize("screen, mean, lpl, upl", [
    (True, 0.6694159, -2.383666, 3.722497),   # r2: the outlying moving ranges are screened out
    (False, 0.6694159, -4.596625, 5.935457),  # r3: screening off, wider limits
])
def test_rnorm_snapshot_outlier_screening(screen, mean, lpl, upl):
    y = list(RNORM)
    y[14] = 10.0  # data$y[15] <- 10
    p = xmr(y, screen_outliers=screen).points
    assert p["mean"].iat[0] == pytest.approx(mean, abs=5e-8)
    assert p["lpl"].iat[0] == pytest.approx(lpl, abs=5e-7)
    assert p["upl"].iat[0] == pytest.approx(upl, abs=5e-7)
    assert p["relative_to_mean"].tolist()[:14] == [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]


def test_screening_and_outlier_change_the_limits_as_in_r():
    outlier = RNORM[:14] + [10.0] + RNORM[15:]
    r1, r2 = xmr(RNORM).points, xmr(outlier).points
    r3 = xmr(outlier, screen_outliers=False).points
    assert len({r1["lpl"].iat[0], r2["lpl"].iat[0], r3["lpl"].iat[0]}) == 3
    assert len({r1["upl"].iat[0], r2["upl"].iat[0], r3["upl"].iat[0]}) == 3
    assert r3["upl"].iat[0] - r3["lpl"].iat[0] > r2["upl"].iat[0] - r2["lpl"].iat[0]


def test_rnorm_snapshot_two_groups_via_rebase():
    """_snaps/ptd_spc.md: the data as two facets of 10 (0.0746 -2.60 2.75 / 0.209 -3.28 3.70)."""
    r = xmr(RNORM, rebase_at=[10])
    ph = r.phases
    assert ph["n"].tolist() == [10, 10]
    assert ph["mean"].tolist() == pytest.approx([0.0746, 0.209], abs=5e-4)
    assert ph["lpl"].tolist() == pytest.approx([-2.60, -3.28], abs=5e-3)
    assert ph["upl"].tolist() == pytest.approx([2.75, 3.70], abs=5e-3)
    assert ph["variation"].tolist() == [CC, CC]
    assert r.too_short and ph["short"].tolist() == [True, True]


def test_fix_after_n_points_changes_the_limits():
    """test-ptd_spc_standard.R: fixing after 12 points gives other limits (here: those of 12)."""
    fixed, free, first12 = xmr(RNORM, fix_after_n_points=12), xmr(RNORM), xmr(RNORM[:12])
    assert fixed.points["lpl"].iat[0] != free.points["lpl"].iat[0]
    assert fixed.points["upl"].iat[0] != free.points["upl"].iat[0]
    for col in ("mean", "lpl", "upl", "amr"):
        assert fixed.points[col].tolist() == pytest.approx([first12.points[col].iat[0]] * 20, rel=1e-12)


def test_two_close_points_on_opposite_sides_are_common_cause():
    """test-ptd_spc_standard.R (issue #143): 5.5 then -5.5 after alternating 1, -1."""
    d = [1.0, -1.0] * 8
    d[14], d[15] = 5.5, -5.5
    r = xmr(d)
    assert r.points["close_to_limits"].tolist()[-2:] == [True, True]
    assert types(r)[-2:] == [CC, CC]


# NHSRdatasets::ae_attendances summed by month (Apr 2016 - Mar 2019), from the serialized
# ptd_spc() outputs in _snaps/integration_tests.md (written before 0.2's rule fixes; neither
# dataset has a trend or a two-in-three pattern, so the 0.2 rules give the same types).
ATT = [1867781, 2070340, 1958802, 2079034, 1932901, 1952464, 2001816, 1907871, 1944567, 1895272,
       1735619, 2015834, 1949762, 2066789, 1994056, 2073944, 1924663, 1925961, 2044137, 1976971,
       2003954, 2000086, 1820012, 2049785, 1984369, 2164458, 2093942, 2179896, 1997854, 2005695,
       2079492, 2037847, 2047518, 2113413, 1954947, 2167550]
PERF = [0.9003512724457525, 0.9027555860390081, 0.9055994429248081, 0.9028524786030435,
        0.909763097023593, 0.9064786853944554, 0.8905308979446662, 0.8837903610883545,
        0.8617594559611471, 0.851413411900772, 0.8753090395991286, 0.9000949482943537,
        0.9051525263083392, 0.8970035160821932, 0.9072518525056468, 0.9034785895858326,
        0.9029928875860346, 0.8966609396555797, 0.8994186788850258, 0.8876655246839736,
        0.8498503458662225, 0.8529918213516818, 0.8504476893558943, 0.8462121637147311,
        0.8857248828216929, 0.9039011151983545, 0.9076297242234981, 0.8931949047110505,
        0.8972702710007838, 0.8894368286304747, 0.8900933497219513, 0.8760446687116353,
        0.8644632183941728, 0.843525141560121, 0.8422525009629417, 0.8660427671795345]
MONTHS = pd.date_range("2016-04-01", periods=36, freq="MS")


def test_ae_attendances_reference():
    """ptd_spc(ae_all(), attendances, period)."""
    r = xmr(pd.Series(ATT, index=MONTHS))
    p = r.points
    assert p["mean"].tolist() == pytest.approx([2000538.9444444445] * 36, rel=1e-13)
    assert p["lpl"].tolist() == pytest.approx([1731844.3644444444] * 36, rel=1e-13)
    assert p["upl"].tolist() == pytest.approx([2269233.5244444446] * 36, rel=1e-13)
    assert p["relative_to_mean"].tolist() == [
        -1, 1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, 1, -1, 1, -1, -1, 1, -1, 1, -1, -1, 1, -1, 1,
        1, 1, -1, 1, 1, 1, 1, 1, -1, 1]
    assert np.flatnonzero(p["close_to_limits"]).tolist() == [10, 22, 27]
    assert not p["outside_limits"].any()
    assert types(r) == [CC] * 36
    assert p["x"].tolist() == list(MONTHS)
    assert r.variation == CC and r.too_short is False


def test_ae_attendances_rebase_reference():
    """ptd_spc(ae_all(), attendances, period, rebase = as.Date("2017-04-01"))."""
    r = xmr(pd.Series(ATT, index=MONTHS), rebase_at=[pd.Timestamp("2017-04-01")])
    p = r.points
    assert p["phase"].tolist() == [0] * 12 + [1] * 24
    expected = {"mean": (1946858.4166666667, 2027379.2083333333),
                "lpl": (1639947.374848485, 1772921.0639855072),
                "upl": (2253769.4584848485, 2281837.3526811595)}
    for col, (first, second) in expected.items():
        assert p[col].tolist() == pytest.approx([first] * 12 + [second] * 24, rel=1e-13)
    assert p["relative_to_mean"].tolist() == [
        -1, 1, 1, 1, -1, 1, 1, -1, -1, -1, -1, 1, -1, 1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, 1,
        1, 1, -1, -1, 1, 1, 1, 1, -1, 1]
    assert types(r) == [CC] * 36
    assert r.phases["start"].tolist() == [pd.Timestamp("2016-04-01"), pd.Timestamp("2017-04-01")]


def test_ae_performance_fixed_after_12_reference():
    """ptd_spc(ae_all(), performance, period, fix_after_n_points = 12): special causes of 3 kinds."""
    r = xmr(pd.Series(PERF, index=MONTHS), fix_after_n_points=12)
    p = r.points
    assert p["mean"].tolist() == pytest.approx([0.8908915564349236] * 36, rel=1e-13)
    assert p["lpl"].tolist() == pytest.approx([0.8614049789074258] * 36, rel=1e-13)
    assert p["upl"].tolist() == pytest.approx([0.9203781339624213] * 36, rel=1e-13)
    assert np.flatnonzero(p["outside_limits"]).tolist() == [9, 20, 21, 22, 23, 33, 34]
    assert np.flatnonzero(p["close_to_limits"]).tolist() == [8, 32, 35]
    assert p["relative_to_mean"].tolist() == [1] * 6 + [-1] * 5 + [1] * 8 + [-1] * 6 + [1] * 4 + [-1] * 7
    assert types(r) == ([CC] * 9 + [CON, CC] + [IMP] * 8 + [CC] + [CON] * 4 + [CC] * 5 + [CON] * 7)
    assert p["rule"].tolist()[29:] == ["shift"] * 4 + ["outside_limits"] * 2 + ["shift"]
    assert r.variation == CON


# =============================================================================================
# Short phases: test-ptd_add_short_group_warnings.R (threshold 12)


@pytest.mark.parametrize("n, short", [(11, True), (12, False), (20, False)])
def test_short_series_is_flagged_not_hidden(n, short):
    r = xmr(RNORM[:n])
    assert r.too_short is short
    assert r.points["short_phase"].tolist() == [short] * n
    assert r.points["lpl"].notna().all()  # still computed


@pytest.mark.parametrize("rebase, expected_short, too_short", [
    (35, [False] * 35 + [True] * 5, True),   # facet "a": groups of 35 and 5
    (20, [False] * 40, False),               # facet "b": groups of 20 and 20
])
def test_short_phase_after_rebase(rebase, expected_short, too_short):
    r = xmr(RNORM * 2, rebase_at=[rebase])
    assert r.points["short_phase"].tolist() == expected_short
    assert r.too_short is too_short


# =============================================================================================
# Rebase: test-ptd_add_rebase_column.R, and labels/positions


DAYS = pd.date_range("2020-01-02", periods=10, freq="D")


@pytest.mark.parametrize("rebase_at, phases", [
    ((), [0] * 10),
    (None, [0] * 10),
    ([pd.Timestamp("2020-01-03"), pd.Timestamp("2020-01-08")], [0, 1, 1, 1, 1, 1, 2, 2, 2, 2]),
    (["2020-01-03", "2020-01-08"], [0, 1, 1, 1, 1, 1, 2, 2, 2, 2]),      # text dates as labels
    ([1, 6], [0, 1, 1, 1, 1, 1, 2, 2, 2, 2]),                            # positions
    (pd.Timestamp("2020-01-08"), [0] * 6 + [1] * 4),                     # one label, not a list
    ([pd.Timestamp("2020-01-02")], [0] * 10),                            # at the first row: no-op
    ([6, 6], [0] * 6 + [1] * 4),                                         # repeated: one rebase
])
def test_rebase_phases(rebase_at, phases):
    r = xmr(pd.Series(np.arange(10.0), index=DAYS), rebase_at=rebase_at)
    assert r.points["phase"].tolist() == phases


@pytest.mark.parametrize("rebase_at, message", [
    ([pd.Timestamp("2021-01-01")], "neither a label"),   # R silently ignores an unknown date
    ([10], "outside the series"),
    ([-1], "outside the series"),
    ([1.5], "neither a label"),
    ([True], "neither a label"),
])
def test_rebase_errors(rebase_at, message):
    with pytest.raises(ValueError, match=message):
        xmr(pd.Series(np.arange(10.0), index=DAYS), rebase_at=rebase_at)


def test_rebase_label_appearing_twice_is_an_error():
    with pytest.raises(ValueError, match="more than one row"):
        xmr(pd.Series([1.0, 2.0, 3.0], index=["a", "b", "a"]), rebase_at=["a"])


def test_rebase_labels_win_over_positions():
    s = pd.Series(np.arange(6.0), index=[10, 11, 12, 2, 3, 4])
    assert xmr(s, rebase_at=[2]).points["phase"].tolist() == [0, 0, 0, 1, 1, 1]   # label 2
    assert xmr(s, rebase_at=[1]).points["phase"].tolist() == [0, 1, 1, 1, 1, 1]   # position 1


def test_rebase_runs_and_trends_do_not_cross_phases():
    y = [1, 2, 3, 4, 5, 6, 7]  # a 7-point rise, split 4 + 3 by a rebase
    assert xmr(y).points["trend"].all()
    split = xmr(y, rebase_at=[4]).points
    assert not split["trend"].any() and not split["special_cause"].any()
    assert split["mean"].tolist() == [2.5] * 4 + [6.0] * 3


def test_rebase_gives_each_phase_its_own_limits_and_assurance_uses_the_last():
    y = [3.0, 5.0] * 6 + [10.0, 11.0] * 6
    r = xmr(y, rebase_at=[12], target=4.0)
    ph = r.phases
    assert ph["mean"].tolist() == [4.0, 10.5]
    assert ph["amr"].tolist() == [2.0, 1.0]
    assert ph["lpl"].tolist() == pytest.approx([4.0 - 5.32, 10.5 - 2.66], abs=1e-12)
    assert ph["upl"].tolist() == pytest.approx([4.0 + 5.32, 10.5 + 2.66], abs=1e-12)
    assert r.assurance == PASS  # target 4 below the last phase's lpl 7.84
    assert xmr(y[:12], target=4.0).assurance == INCONSISTENT


# =============================================================================================
# Assurance: test-ptd_calculate_assurance_type.R


@pytest.mark.parametrize("lpl, upl, improvement, expected", [
    (1, 3, UP, FAIL), (5, 7, UP, PASS), (1, 5, UP, INCONSISTENT),
    (1, 3, DOWN, PASS), (5, 7, DOWN, FAIL), (1, 5, DOWN, INCONSISTENT),
    (1, 3, NEUTRAL, None), (5, 7, NEUTRAL, None), (1, 5, NEUTRAL, None),
    # pidash additions: a target on a limit is inconsistent; missing limits too (R: NA)
    (4, 7, UP, INCONSISTENT), (1, 4, UP, INCONSISTENT), (NAN, NAN, UP, INCONSISTENT),
])
def test_assurance_type_table(lpl, upl, improvement, expected):
    assert assurance_type(lpl, upl, 4.0, improvement) == expected


def test_assurance_is_none_without_a_target():
    assert assurance_type(1, 3, None, UP) is None
    assert xmr(RNORM).assurance is None
    assert xmr(RNORM, target=NAN).assurance is None  # a blank target cell means no target


@pytest.mark.parametrize("target, improvement, expected", [
    (0.5, UP, INCONSISTENT),   # summary(ptd_spc(data, target = 0.5)): -3.01 < 0.5 < 3.29
    (4.0, UP, FAIL), (4.0, DOWN, PASS), (-4.0, UP, PASS), (-4.0, DOWN, FAIL), (4.0, NEUTRAL, None),
])
def test_assurance_from_xmr(target, improvement, expected):
    r = xmr(RNORM, improvement=improvement, target=target)
    assert r.assurance == expected
    assert r.points["target"].tolist() == [target] * 20


# =============================================================================================
# Hand-computed XmR cases: limits, rules at their edges


def test_limits_by_hand():
    # mean 1.5; moving ranges all 1 -> amr 1; limits 1.5 ± 2.66; two-thirds 1.5 ± 1.7733...
    p = xmr([1, 2] * 6).points
    assert p["mean"].tolist() == [1.5] * 12
    assert p["amr"].tolist() == [1.0] * 12
    assert p["mr"].tolist()[:3] == [pytest.approx(NAN, nan_ok=True), 1.0, 1.0]
    assert p["lpl"].iat[0] == pytest.approx(1.5 - 2.66, abs=1e-12)
    assert p["upl"].iat[0] == pytest.approx(1.5 + 2.66, abs=1e-12)
    assert p["nlpl"].iat[0] == pytest.approx(1.5 - 2 * 2.66 / 3, abs=1e-12)
    assert p["nupl"].iat[0] == pytest.approx(1.5 + 2 * 2.66 / 3, abs=1e-12)


@pytest.mark.parametrize("screen, amr", [
    (True, 1.0),             # the range 19 is >= 3.267 * 29/11 and is dropped: 10 ranges of 1
    (False, 29 / 11),        # ten ranges of 1 and one of 19
])
def test_outlier_screening_by_hand(screen, amr):
    r = xmr([1, 2] * 5 + [1, 20], screen_outliers=screen)
    p = r.points
    assert p["mean"].iat[0] == 3.0  # 36 / 12
    assert p["amr"].iat[0] == pytest.approx(amr, rel=1e-12)
    assert p["lpl"].iat[0] == pytest.approx(3.0 - 2.66 * amr, rel=1e-12)
    assert p["upl"].iat[0] == pytest.approx(3.0 + 2.66 * amr, rel=1e-12)
    assert types(r)[-1] == IMP and p["rule"].iat[-1] == "outside_limits"


def test_fix_after_n_points_by_hand():
    # limits from the first 12 points (mean 1.5, amr 1); the later 10s are beyond 4.16
    r = xmr([1, 2] * 6 + [10, 10], fix_after_n_points=12)
    p = r.points
    assert p["mean"].tolist() == [1.5] * 14
    assert p["upl"].tolist() == pytest.approx([1.5 + 2.66] * 14, abs=1e-12)
    assert types(r) == [CC] * 12 + [IMP, IMP]
    assert xmr([1, 2] * 6 + [10, 10]).points["mean"].iat[0] == pytest.approx(38 / 14, abs=1e-12)


@pytest.mark.parametrize("bad", [11, 0, -5, 12.0, "12", True])
def test_fix_after_n_points_must_be_12_or_more(bad):
    with pytest.raises(ValueError, match="fix_after_n_points"):
        xmr(RNORM, fix_after_n_points=bad)


def _run_of(k: int) -> list[float]:
    """Alternating ±1 around a run of k equal points at 0.5 (above the mean, no trend)."""
    return [1, -1, 1, -1] + [0.5] * k + [-1, 1, -1, 1, -1]


@pytest.mark.parametrize("k, flagged", [(6, False), (7, True), (8, True)])
def test_shift_of_6_7_8_points(k, flagged):
    r = xmr(_run_of(k))
    run = slice(4, 4 + k)
    assert r.points["shift"].tolist()[run] == [flagged] * k
    assert types(r)[run] == [IMP if flagged else CC] * k
    assert types(r)[:4] == [CC] * 4 and types(r)[4 + k:] == [CC] * 5


def test_shift_of_7_limits_by_hand():
    # 16 points summing to 2.5; moving ranges 2,2,2,1.5, six 0s, 1.5,2,2,2,2 (sum 17 over 15)
    p = xmr(_run_of(7)).points
    assert p["mean"].iat[0] == pytest.approx(2.5 / 16, abs=1e-12)
    assert p["amr"].iat[0] == pytest.approx(17 / 15, abs=1e-12)
    assert p["lpl"].iat[0] == pytest.approx(2.5 / 16 - 2.66 * 17 / 15, abs=1e-12)
    assert p["upl"].iat[0] == pytest.approx(2.5 / 16 + 2.66 * 17 / 15, abs=1e-12)


def test_a_point_on_the_mean_breaks_a_shift():
    # 8 points: 4 above, one exactly on the mean (0), 3 above; mean set by fixed limits
    got = rules.classify([1, 1, 1, 1, 0, 1, 1, 1], mean=0.0, lpl=-9.0, upl=9.0, nlpl=-6.0, nupl=6.0,
                         improvement=UP)
    assert got["relative_to_mean"].tolist() == [1, 1, 1, 1, 0, 1, 1, 1]
    assert not got["shift"].any()


def _trend_of(k: int, rising: bool = True) -> list[float]:
    """A k-point monotone run crossing the mean between alternating 0/2 points."""
    run = [0.3 + 0.2 * i for i in range(k)]
    run = run if rising else run[::-1]
    return ([0, 2, 0, 2] if rising else [2, 0, 2, 0]) + run + ([0, 2, 0, 2] if rising else [2, 0, 2, 0])


@pytest.mark.parametrize("k, flagged", [(6, False), (7, True), (8, True)])
@pytest.mark.parametrize("rising, improvement, kind", [
    (True, UP, IMP), (True, DOWN, CON), (False, UP, CON), (False, DOWN, IMP),
    (True, NEUTRAL, HIGH), (False, NEUTRAL, LOW),
])
def test_trend_of_6_7_8_points(k, flagged, rising, improvement, kind):
    r = xmr(_trend_of(k, rising), improvement=improvement)
    run = slice(4, 4 + k)
    assert r.points["trend"].tolist()[run] == [flagged] * k
    assert types(r)[run] == [kind if flagged else CC] * k
    assert types(r)[:4] == [CC] * 4 and types(r)[4 + k:] == [CC] * 4


def test_a_tie_breaks_a_trend():
    y = _trend_of(7)
    y[7] = y[6]  # 0.3, 0.5, 0.7, 0.7, 1.1, ...: the tie splits the rise
    assert not xmr(y).points["trend"].any()


@pytest.mark.parametrize("y, improvement, expected, rule", [
    # issue #167's example: 8 points 0..7; mean 3.5, limits 3.5 ± 2.66: both ends are beyond a
    # limit (which beats the trend), the rest is a rising trend
    (list(range(8)), UP, [CON] + [IMP] * 7, ["outside_limits"] + ["trend"] * 6 + ["outside_limits"]),
    (list(range(8)), DOWN, [IMP] + [CON] * 7, ["outside_limits"] + ["trend"] * 6 + ["outside_limits"]),
    (list(range(8)), NEUTRAL, [LOW] + [HIGH] * 7, ["outside_limits"] + ["trend"] * 6 + ["outside_limits"]),
    ([-v for v in range(8)], UP, [IMP] + [CON] * 7, ["outside_limits"] + ["trend"] * 6 + ["outside_limits"]),
])
def test_outside_limits_beats_trend(y, improvement, expected, rule):
    r = xmr(y, improvement=improvement)
    assert types(r) == expected
    assert r.points["rule"].tolist() == rule
    assert r.points["lpl"].iat[0] == pytest.approx(abs(np.mean(y)) * np.sign(np.mean(y)) - 2.66)


def test_two_in_three_by_hand():
    # mean 15/16 = 0.9375, amr 28.5/15 = 1.9: two-thirds limit 0.9375 + 1.7733 * 1.9 = 4.307,
    # limit 5.99; 3, 5.5, 5.5 are all above the mean, two of them close: the 2 are flagged
    d = [1.0, -1.0] * 8
    d[13], d[14], d[15] = 3.0, 5.5, 5.5
    r = xmr(d)
    p = r.points
    assert p["mean"].iat[0] == 0.9375
    assert p["amr"].iat[0] == pytest.approx(1.9, abs=1e-12)
    assert p["nupl"].iat[0] == pytest.approx(0.9375 + 2 * 2.66 / 3 * 1.9, abs=1e-12)
    assert np.flatnonzero(p["close_to_limits"]).tolist() == [14, 15]
    assert types(r) == [CC] * 14 + [IMP, IMP]
    assert p["rule"].tolist()[13:] == [None, "two_in_three", "two_in_three"]
    assert r.variation == IMP


def test_neutral_improvement_has_high_and_low_and_no_assurance():
    r = xmr([1, 2] * 5 + [1, 20], improvement=NEUTRAL, target=2.0)
    assert types(r)[-1] == HIGH
    assert xmr([1, 2] * 5 + [1, -20], improvement=NEUTRAL).variation == LOW
    assert r.assurance is None


# =============================================================================================
# Edge cases: empty, one point, flat, gaps


def test_empty_input():
    r = xmr([], target=1.0)
    assert r.points.empty and {"value", "mean", "lpl", "upl", "point_type", "phase"} <= set(r.points.columns)
    assert r.variation is None and r.assurance is None and r.too_short is True
    assert r.phases.empty


def test_one_point():
    r = xmr([3.0])
    p = r.points
    assert p["mean"].tolist() == [3.0]
    assert math.isnan(p["lpl"].iat[0]) and math.isnan(p["amr"].iat[0])
    assert types(r) == [CC] and r.too_short


def test_flat_series_has_no_limits_as_in_r():
    """Every moving range is 0, and R keeps only mr < 3.267 x 0: none, so amr and limits are NaN."""
    r = xmr([5.0] * 12, target=4.0)
    p = r.points
    assert p["mean"].tolist() == [5.0] * 12
    assert p["lpl"].isna().all() and p["upl"].isna().all()
    assert types(r) == [CC] * 12
    assert r.assurance == INCONSISTENT
    unscreened = xmr([5.0] * 12, target=4.0, screen_outliers=False)
    assert unscreened.points["lpl"].tolist() == [5.0] * 12 and unscreened.assurance == PASS


def test_gaps_are_kept_but_left_out_of_the_calculation():
    r = xmr([1, 2, None, 1, 2, NAN, 1, 2, 1, 2, 1, 2, 1, 2])
    p = r.points
    assert len(p) == 14
    assert p["mean"].tolist() == [1.5] * 14          # from the 12 values; gaps carry the line
    assert p["amr"].tolist() == [1.0] * 14           # 1→2 and 2→1 ranges only, none across a gap
    assert p["value"].isna().tolist() == [False, False, True] + [False] * 2 + [True] + [False] * 8
    assert p["point_type"].tolist()[2] is None and p["rule"].tolist()[2] is None
    assert math.isnan(p["relative_to_mean"].iat[2])
    assert not p.loc[[2, 5], ["outside_limits", "close_to_limits", "special_cause"]].any().any()
    assert p["mr"].tolist()[:5] == pytest.approx([NAN, 1.0, NAN, 1.0, 1.0], nan_ok=True)
    assert r.too_short is False  # 12 values


def test_a_run_continues_across_a_gap():
    # 7 points at 1.5 above the mean (18.5/15) with a missing month inside: still a shift
    y = [2, 0, 2, 0] + [1.5, 1.5, 1.5, NAN, 1.5, 1.5, 1.5, 1.5] + [0, 2, 0, 2]
    r = xmr(y)
    assert r.points["mean"].iat[0] == pytest.approx(18.5 / 15, abs=1e-12)
    assert types(r)[4:12] == [IMP, IMP, IMP, None, IMP, IMP, IMP, IMP]
    assert types(r)[:4] == [CC] * 4 and types(r)[12:] == [CC] * 4


def test_variation_is_the_last_point_with_a_value():
    r = xmr([1, 2] * 5 + [1, 20, NAN])
    assert types(r)[-1] is None
    assert r.variation == IMP


def test_all_missing():
    r = xmr([NAN, None, NAN], target=1.0)
    assert types(r) == [None, None, None]
    assert r.variation is None and r.too_short
    assert r.assurance == INCONSISTENT  # no limits: as R with NA limits


# =============================================================================================
# Inputs: types, labels, validation, no mutation


def test_list_array_and_series_give_the_same_numbers():
    a, b, c = xmr(RNORM), xmr(np.array(RNORM)), xmr(pd.Series(RNORM))
    for col in ("value", "mean", "lpl", "upl"):
        assert a.points[col].tolist() == b.points[col].tolist() == c.points[col].tolist()
    assert a.points["x"].tolist() == list(range(20))


def test_series_index_becomes_x():
    periods = pd.period_range("2009-04", periods=12, freq="M")
    r = xmr(pd.Series(RNORM[:12], index=periods), rebase_at=[pd.Period("2009-10", freq="M")])
    assert r.points["x"].tolist() == list(periods)
    assert r.points["phase"].tolist() == [0] * 6 + [1] * 6
    assert list(r.points.index) == list(range(12))


def test_inputs_are_not_mutated():
    s = pd.Series([1.0, NAN, 3.0, 2.0] * 3, index=pd.date_range("2020-01-01", periods=12, freq="MS"))
    a = np.array([4.0, 5.0, NAN, 6.0])
    s_before, a_before = s.copy(), a.copy()
    xmr(s, rebase_at=[pd.Timestamp("2020-06-01")], target=2.0)
    xmr(a)
    pd.testing.assert_series_equal(s, s_before)
    np.testing.assert_array_equal(a, a_before)


@pytest.mark.parametrize("values, message", [
    ([1.0, "n/a", 3.0], r"'n/a' at position 1"),
    ([1.0, math.inf], "not a finite number"),
    ("12345", "must be a list"),
    (5.0, "must be a list"),
    (np.ones((2, 2)), "one-dimensional"),
])
def test_bad_values(values, message):
    with pytest.raises(ValueError, match=message):
        xmr(values)


def test_unordered_dates_are_an_error():
    s = pd.Series([1.0, 2.0, 3.0], index=pd.to_datetime(["2020-02-01", "2020-01-01", "2020-03-01"]))
    with pytest.raises(ValueError, match="time order"):
        xmr(s)


@pytest.mark.parametrize("kwargs, message", [
    ({"improvement": "up"}, "improvement must be one of"),
    ({"improvement": None}, "improvement must be one of"),
    ({"target": "high"}, "target must be a number"),
    ({"target": math.inf}, "target must be finite"),
    ({"screen_outliers": "yes"}, "screen_outliers"),
])
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        xmr(RNORM, **kwargs)


def test_improvement_accepts_the_enum():
    assert xmr(RNORM, improvement=Improvement.DECREASE).improvement == "decrease"


def test_result_is_frozen():
    r = xmr(RNORM)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.variation = IMP  # type: ignore[misc]


def test_points_columns():
    cols = list(xmr(RNORM).points.columns)
    assert cols == ["x", "phase", "value", "mean", "lpl", "upl", "nlpl", "nupl", "mr", "amr",
                    "outside_limits", "relative_to_mean", "close_to_limits", "trend", "two_in_three",
                    "shift", "special_cause", "rule", "point_type", "short_phase", "target"]


# =============================================================================================
# p-chart: hand-computed


def test_pchart_limits_by_hand():
    # p̄ = 13/40 = 0.325; se = sqrt(0.325 * 0.675 / 10); upl = 32.5 + 300 se = 76.93...; lpl < 0 → 0
    r = pchart([1, 2, 1, 9], [10, 10, 10, 10])
    p = r.points
    se = math.sqrt(0.325 * 0.675 / 10)
    assert p["value"].tolist() == pytest.approx([10.0, 20.0, 10.0, 90.0], abs=1e-12)
    assert p["mean"].tolist() == pytest.approx([32.5] * 4, abs=1e-12)
    assert p["upl"].tolist() == pytest.approx([100 * (0.325 + 3 * se)] * 4, abs=1e-9)
    assert p["lpl"].tolist() == [0.0] * 4
    assert p["nupl"].tolist() == pytest.approx([100 * (0.325 + 2 * se)] * 4, abs=1e-9)
    assert p["nlpl"].tolist() == pytest.approx([100 * (0.325 - 2 * se)] * 4, abs=1e-9)  # 2.88%
    assert types(r) == [CC, CC, CC, IMP] and r.variation == IMP
    assert r.too_short and r.chart == "p"
    assert p["numerator"].tolist() == [1, 2, 1, 9] and p["denominator"].tolist() == [10] * 4


def test_pchart_limits_vary_with_the_denominator():
    # p̄ = 33/215; each point's limits use its own n
    r = pchart([2, 30, 1], [10, 200, 5])
    p = r.points
    pbar = 33 / 215
    for i, n in enumerate([10, 200, 5]):
        se = math.sqrt(pbar * (1 - pbar) / n)
        assert p["upl"].iat[i] == pytest.approx(100 * (pbar + 3 * se), abs=1e-9)
        assert p["lpl"].iat[i] == pytest.approx(100 * max(0.0, pbar - 3 * se), abs=1e-9)
    assert p["upl"].iat[1] < p["upl"].iat[0] < p["upl"].iat[2]


def test_pchart_limits_are_clipped_at_100():
    # p̄ = 29/30; upl = 96.67 + 17.0 > 100 → 100; lpl = 100 (29/30 - 3 sqrt(29/30 * 1/30 / 10))
    p = pchart([9, 10, 10], [10, 10, 10]).points
    assert p["upl"].tolist() == [100.0] * 3
    assert p["lpl"].iat[0] == pytest.approx(100 * (29 / 30 - 3 * math.sqrt(29 / 30 / 30 / 10)), abs=1e-9)


def test_pchart_shift():
    # p̄ = 145/1400 = 10.357%; se 3.05 points: nothing close or beyond; 7 points at 11% above
    r = pchart([8, 12, 8, 12, 8, 12, 8] + [11] * 7, [100] * 14)
    assert r.points["mean"].iat[0] == pytest.approx(100 * 145 / 1400, abs=1e-12)
    assert types(r) == [CC] * 7 + [IMP] * 7
    assert r.points["rule"].tolist()[7:] == ["shift"] * 7


def test_pchart_gaps_and_rebase():
    r = pchart([1, 2, None, 0, 5, 6], [10, 10, 10, 0, 10, 10], rebase_at=[4], target=40.0)
    p = r.points
    assert p["value"].isna().tolist() == [False, False, True, True, False, False]
    assert p["mean"].tolist() == pytest.approx([15.0] * 4 + [55.0] * 2, abs=1e-12)
    assert p["point_type"].tolist()[2:4] == [None, None]
    assert math.isnan(p["upl"].iat[2])
    assert r.phases["n"].tolist() == [2, 2]
    se = math.sqrt(0.55 * 0.45 / 10)
    assert r.assurance == assurance_type(100 * (0.55 - 3 * se), 100 * (0.55 + 3 * se), 40.0, UP) == INCONSISTENT


@pytest.mark.parametrize("target, improvement, expected", [
    (50.0, UP, FAIL),       # upl for n=1000 at p̄ 10%: 10 + 300 sqrt(0.09/1000) = 12.85 < 50
    (50.0, DOWN, PASS),
    (5.0, UP, PASS),        # lpl 7.15 > 5
    (10.0, UP, INCONSISTENT),
])
def test_pchart_assurance(target, improvement, expected):
    assert pchart([100] * 3, [1000] * 3, improvement=improvement, target=target).assurance == expected


def test_pchart_series_index_and_no_mutation():
    idx = pd.date_range("2009-04-01", periods=3, freq="MS")
    num, den = pd.Series([1, 2, 3], index=idx), pd.Series([10, 10, 10], index=idx)
    before = num.copy(), den.copy()
    r = pchart(num, den)
    assert r.points["x"].tolist() == list(idx)
    pd.testing.assert_series_equal(num, before[0])
    pd.testing.assert_series_equal(den, before[1])


@pytest.mark.parametrize("num, den, message", [
    ([1, 2], [10], "same length"),
    ([11], [10], "above its denominator"),
    ([-1], [10], "negative"),
    ([1], [-10], "negative"),
])
def test_pchart_bad_counts(num, den, message):
    with pytest.raises(ValueError, match=message):
        pchart(num, den)


# =============================================================================================
# Purity


def test_importing_spc_loads_neither_streamlit_nor_duckdb():
    code = ("import sys, indicators.spc; "
            "bad = [m for m in ('streamlit', 'duckdb') if m in sys.modules]; "
            "assert not bad, bad")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
