"""Which SPC chart indicators.spc_series draws, and that the scorecard reads the chart it picks: the
p-chart where the median monthly denominator of the months charted is under 30, else the XmR, on
small literal series."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.scorecard import scorecard
from indicators.spc import pchart, xmr
from indicators.spc_series import SMALL_DENOMINATOR, choose_chart, indicator_spc
from vocab import Assurance, OrgKind, Polarity, PointType, SpcChart, YtdRule

HIGHER = Polarity.HIGHER_IS_BETTER.value
MONTHS = pd.date_range("2009-01-01", periods=15, freq="MS")  # Jan 2009 to Mar 2010
# 15 months of 20 cases: 50%, 55% in turn, then 16 of 20 (80%). The XmR's limits come from the
# small moving ranges (about 41% to 68%), so 80% is a special cause there; the p-chart's, from 20
# cases a month (about 19% to 87%), hold it as common cause.
NUMERATORS = [10, 11] * 7 + [16]
DENOMINATORS = [20] * 15


def frame(numerators=NUMERATORS, denominators=DENOMINATORS, months=MONTHS) -> pd.DataFrame:
    values = [n * 100 / d if d else math.nan for n, d in zip(numerators, denominators)]
    return pd.DataFrame({"period": months[:len(values)], "value": values, "numerator": numerators,
                         "denominator": denominators})


@pytest.mark.parametrize("denominators, chart, median", [
    ([29] * 13, SpcChart.P, "29"),  # under 30: the p-chart
    ([30] * 13, SpcChart.XMR, "30"),  # 30 exactly: the XmR
    ([5] * 6 + [29] + [90] * 6, SpcChart.P, "29"),  # the median, not the mean (about 47)
    ([5] * 6 + [30] + [90] * 6, SpcChart.XMR, "30"),
    ([29, 30], SpcChart.P, "29.5"),  # an even count: the middle two averaged, 29.5 is under 30
    ([29, 31], SpcChart.XMR, "30"),
    ([1_500] * 3, SpcChart.XMR, "1,500"),
])
def test_the_rule_at_its_edge(denominators, chart, median):
    spc = indicator_spc(frame([d // 2 for d in denominators], denominators), HIGHER, "2011-12")
    assert spc.chart == chart.value
    assert f"the median monthly denominator is {median}," in spc.chart_reason
    assert spc.chart_reason.startswith("p-chart: " if chart == SpcChart.P else "XmR chart: ")
    assert SMALL_DENOMINATOR == 30


def test_the_median_is_of_the_months_charted_only():
    """Months after the chosen one, and months with no value (a denominator of 0), do not count."""
    spc = indicator_spc(frame([5, 0, 10, 50], [10, 0, 20, 100]), HIGHER, "2009-04")
    assert (spc.chart, spc.n) == ("p", 3)  # 10, 20, 100: median 20, not 15 (with the 0)
    assert "is 20," in spc.chart_reason
    earlier = indicator_spc(frame([5, 0, 10, 50], [10, 0, 20, 100]), HIGHER, "2009-03")
    assert "is 15," in earlier.chart_reason  # 10 and 20: April's 100 is after the month
    later = indicator_spc(frame([20, 20, 50, 50], [40, 40, 100, 100]), HIGHER, "2009-04")
    assert later.chart == "xmr" and "is 70," in later.chart_reason


def test_a_caller_can_force_either_chart():
    small = frame()  # 20 a month: the rule picks the p-chart
    forced = indicator_spc(small, HIGHER, "2010-03", chart="xmr")
    expected = xmr(pd.Series(small["value"].to_numpy(), index=MONTHS), improvement="increase")
    assert forced.chart == "xmr" and forced.variation == expected.variation
    assert list(forced.points["upl"]) == pytest.approx(list(expected.points["upl"]))
    assert forced.chart_reason == ("XmR chart, as chosen: one set of limits for every month (the median monthly "
                                   "denominator is 20, under 30, so the rule would draw the p-chart).")
    big = frame([n * 10 for n in NUMERATORS], [200] * 15)
    assert indicator_spc(big, HIGHER, "2010-03").chart == "xmr"
    as_p = indicator_spc(big, HIGHER, "2010-03", chart="p")
    assert as_p.chart == "p" and as_p.chart_reason.startswith("p-chart, as chosen:")
    assert "is 200, 30 or more, so the rule would draw the XmR chart" in as_p.chart_reason
    # forcing the chart the rule picks anyway says so as the rule does
    assert indicator_spc(small, HIGHER, "2010-03", chart="p").chart_reason == \
        indicator_spc(small, HIGHER, "2010-03").chart_reason


def test_without_counts_the_rule_picks_the_xmr_and_a_p_chart_is_refused():
    no_counts = frame().drop(columns=["numerator", "denominator"])
    spc = indicator_spc(no_counts, HIGHER, "2010-03")
    assert spc.chart == "xmr" and "15 of the 15 months charted have no numerator and denominator" in spc.chart_reason
    with pytest.raises(ValueError, match="a p-chart needs each month's numerator and denominator"):
        indicator_spc(no_counts, HIGHER, "2010-03", chart="p")
    with pytest.raises(ValueError, match="chart must be one of"):
        indicator_spc(frame(), HIGHER, "2010-03", chart="c")
    empty = indicator_spc(frame().iloc[:0], HIGHER, "2010-03")
    assert (empty.chart, empty.chart_reason, empty.n) == ("xmr", "No values to chart.", 0)


def test_the_p_charts_points_are_pcharts_with_a_limit_for_each_month():
    """Months with 4 to 40 cases: each month's limits from its own count, exactly as pchart has
    them, so the limits differ from month to month (and widen as the count falls)."""
    denominators = [4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 12, 6, 25, 18]
    numerators = [d // 3 for d in denominators]
    months = MONTHS[:14]
    spc = indicator_spc(frame(numerators, denominators).sample(frac=1, random_state=3), HIGHER, "2010-02",
                        targets=pd.DataFrame({"year": ["2009-10"], "target": [25.0]}))
    expected = pchart(pd.Series(numerators, index=months), pd.Series(denominators, index=months),
                      improvement="increase", target=25.0)
    assert spc.chart == "p"
    for column in ("value", "mean", "lpl", "upl", "nlpl", "nupl", "numerator", "denominator"):
        assert list(spc.points[column]) == pytest.approx(list(expected.points[column])), column
    assert list(spc.points["point_type"]) == list(expected.points["point_type"])
    assert (spc.variation, spc.assurance) == (expected.variation, expected.assurance)
    upl = spc.points["upl"].tolist()
    assert len(set(upl)) == len(set(denominators))  # one limit per distinct count
    assert upl[0] > upl[1] > upl[9]  # 4 cases: the widest; 40: the narrowest
    assert spc.points["mr"].isna().all() and spc.points["amr"].isna().all()


def test_a_new_definition_starts_a_p_chart_phase_with_its_own_centre():
    spc = indicator_spc(frame(), HIGHER, "2010-03", changes=[pd.Timestamp("2009-08-01")])
    assert spc.chart == "p" and spc.rebase_at == [pd.Timestamp("2009-08-01")]
    first = sum(NUMERATORS[:7]) / sum(DENOMINATORS[:7]) * 100
    assert spc.points.groupby("phase")["mean"].first().iloc[0] == pytest.approx(first)


def test_choose_chart_alone():
    assert choose_chart([12, 12, 13]) == ("p", "p-chart: the median monthly denominator is 12, under 30, so "
                                                "the limits vary with each month's count.")
    assert choose_chart([190, 200]) == ("xmr", "XmR chart: the median monthly denominator is 195, 30 or more, "
                                               "so one set of limits serves every month.")
    assert choose_chart([12, None])[0] == "xmr"  # a missing count: no p-chart


# --- the scorecard reads the chart the rule picks -----------------------------------------------

ORGANISATIONS = pd.DataFrame({"code": ["LA1", "ENG"], "name": ["Home", "England"],
                              "kind": [OrgKind.LOCAL_AUTHORITY.value, OrgKind.ENGLAND.value]})
CATALOGUE = pd.DataFrame({"code": ["NI61", "NI59"], "title": ["Adoptions on time", "Initial assessments"],
                          "unit": "percent", "polarity": HIGHER, "ytd_rule": YtdRule.SUM.value, "stable_band": 0.0})
# target 70: above the XmR's upper limit (about 68%: consistent fail), inside the p-chart's (inconsistent)
TARGETS = pd.DataFrame([("NI61", "LA1", "2009-10", 70.0, 0.0), ("NI59", "LA1", "2009-10", 70.0, 0.0)],
                       columns=["indicator", "org", "year", "target", "tolerance"])


def returns() -> pd.DataFrame:
    """NI 61 with 20 cases a month; NI 59 the same percentages on 200 cases (the XmR's)."""
    rows = [("LA1", "NI61", m, n, d) for m, n, d in zip(MONTHS, NUMERATORS, DENOMINATORS)]
    rows += [("LA1", "NI59", m, n * 10, d * 10) for m, n, d in zip(MONTHS, NUMERATORS, DENOMINATORS)]
    return pd.DataFrame(rows, columns=["org", "indicator", "period", "numerator", "denominator"])


def test_the_scorecard_reads_the_p_chart_for_a_small_denominator_indicator():
    card = scorecard(returns(), CATALOGUE, TARGETS, ORGANISATIONS, "2010-03", "LA1").set_index("indicator")
    values = pd.Series([n * 100 / d for n, d in zip(NUMERATORS, DENOMINATORS)], index=MONTHS)
    as_p = pchart(pd.Series(NUMERATORS, index=MONTHS), pd.Series(DENOMINATORS, index=MONTHS),
                  improvement="increase", target=70.0)
    as_xmr = xmr(values, improvement="increase", target=70.0)
    # the two charts read these months differently, so the scorecard shows which it used
    assert (as_p.variation, as_p.assurance) == (PointType.COMMON_CAUSE, Assurance.INCONSISTENT)
    assert (as_xmr.variation, as_xmr.assurance) == (PointType.SPECIAL_CAUSE_IMPROVEMENT, Assurance.CONSISTENT_FAIL)
    assert (card.loc["NI61", "variation"], card.loc["NI61", "assurance"]) == (as_p.variation, as_p.assurance)
    assert (card.loc["NI59", "variation"], card.loc["NI59", "assurance"]) == (as_xmr.variation, as_xmr.assurance)
    assert card.loc["NI61", "spc_points"] == 15 and not card.loc["NI61", "too_short"]
