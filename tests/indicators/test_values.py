"""In-month and year-to-date values, the financial year, and one indicator's monthly series:
literal returns in, literal figures out."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.values import SERIES_COLUMNS, add_ytd, evaluate, financial_year, series
from vocab import Polarity, YtdRule

NAN = math.nan

CATALOGUE = pd.DataFrame({
    "code": ["NI59", "NI62", "NI68"],
    "title": ["Initial assessments within 7 working days", "Placement stability: 3+ placements",
              "Referrals going on to initial assessment"],
    "unit": "percent",
    "polarity": [Polarity.HIGHER_IS_BETTER.value, Polarity.LOWER_IS_BETTER.value, Polarity.WITHIN_BAND.value],
    "ytd_rule": [YtdRule.SUM.value, YtdRule.LATEST.value, YtdRule.SUM.value],
    "stable_band": [0.0, 1.0, 0.0],
})
NO_TARGETS = pd.DataFrame({"indicator": [], "org": [], "year": [], "target": [], "tolerance": []})


def returns(rows, org="LA1", indicator="NI59"):
    """(YYYY-MM, numerator, denominator) rows as a returns frame, with the stored value."""
    frame = pd.DataFrame(rows, columns=["period", "numerator", "denominator"])
    frame.insert(0, "indicator", indicator)
    frame.insert(0, "org", org)
    frame["period"] = pd.to_datetime(frame["period"])
    frame["value"] = [n / d * 100 if d else NAN for n, d in zip(frame["numerator"], frame["denominator"])]
    return frame


@pytest.mark.parametrize(("period", "expected"), [
    pytest.param("2010-03-01", "2009-10", id="march-ends-the-year"),
    pytest.param("2010-04-01", "2010-11", id="april-starts-the-next"),
    pytest.param("2009-04-01", "2009-10", id="first-month"),
    pytest.param("2009-12-01", "2009-10", id="december"),
    pytest.param("2010-01-31", "2009-10", id="january-any-day"),
    pytest.param("1999-06-01", "1999-00", id="century-wraps"),
    pytest.param("2009-09", "2009-10", id="month-string"),
    pytest.param(pd.Timestamp("2011-02-01"), "2010-11", id="timestamp"),
])
def test_financial_year(period, expected):
    """Targets are keyed by financial year written 2009-10; April starts the year."""
    assert financial_year(period) == expected


@pytest.mark.parametrize(("numerator", "denominator", "expected"), [
    pytest.param(39, 50, 78.0, id="plain"),
    pytest.param(57, 100, 57.0, id="exact-without-float-noise"),
    pytest.param(0, 10, 0.0, id="zero-numerator-is-zero"),
    pytest.param(10, 10, 100.0, id="all"),
    pytest.param(1, 3, 100 / 3, id="recurring"),
    pytest.param(0, 0, NAN, id="zero-denominator-is-blank"),
    pytest.param(3, 0, NAN, id="numerator-over-zero-is-blank"),
])
def test_in_month_value_is_numerator_over_denominator(numerator, denominator, expected):
    """value = numerator / denominator × 100, worked out exactly (57/100 is 57.0, so a tie with a
    target of 57 stays a tie); NaN when the denominator is 0."""
    out = add_ytd(returns([("2009-09", numerator, denominator)]).assign(value=-1.0), CATALOGUE)
    assert out["value"].tolist() == pytest.approx([expected], nan_ok=True, rel=0, abs=1e-12)


# (case, rows (YYYY-MM, numerator, denominator) in the order given, expected ytd_value per row)
SUM_CASES = [
    pytest.param([("2009-04", 10, 20), ("2009-05", 30, 40), ("2009-06", 0, 0)], [50.0, 200 / 3, 200 / 3],
                 id="april-starts-the-sum-and-a-zero-month-adds-nothing"),
    pytest.param([("2010-02", 1, 2), ("2010-03", 3, 4), ("2010-04", 9, 10), ("2010-05", 1, 10)],
                 [50.0, 200 / 3, 90.0, 50.0], id="march-to-april-resets"),
    pytest.param([("2009-04", 1, 10), ("2010-01", 9, 10), ("2010-03", 10, 10)], [10.0, 50.0, 200 / 3],
                 id="january-to-march-stay-in-the-year-begun-in-april"),
    pytest.param([("2009-04", 10, 10), ("2009-06", 0, 10)], [100.0, 50.0],
                 id="a-missing-month-is-a-gap-not-a-zero"),
    pytest.param([("2009-09", 7, 10)], [70.0], id="first-return-mid-year"),
    pytest.param([("2009-04", 0, 0), ("2009-05", 0, 0)], [NAN, NAN], id="no-denominator-all-year"),
    pytest.param([("2009-04", 0, 0), ("2009-05", 3, 4)], [NAN, 75.0], id="blank-then-data"),
    pytest.param([("2009-06", 0, 10), ("2009-04", 10, 10), ("2009-05", 5, 10)], [50.0, 100.0, 75.0],
                 id="rows-out-of-order-keep-their-order"),
]


@pytest.mark.parametrize(("rows", "expected"), SUM_CASES)
def test_sum_ytd(rows, expected):
    """sum rule: the year's numerators over its denominators, April to the month."""
    out = add_ytd(returns(rows), CATALOGUE)
    assert out["ytd_value"].tolist() == pytest.approx(expected, nan_ok=True)
    assert list(out["period"]) == [pd.Timestamp(r[0]) for r in rows]


LATEST_CASES = [
    pytest.param([("2009-04", 10, 20), ("2009-05", 30, 40)], [50.0, 75.0], id="own-value"),
    pytest.param([("2010-03", 1, 10), ("2010-04", 2, 10)], [10.0, 20.0], id="across-the-year-boundary"),
    pytest.param([("2009-04", 5, 10), ("2009-05", 0, 0)], [50.0, NAN], id="zero-denominator-is-blank"),
]


@pytest.mark.parametrize(("rows", "expected"), LATEST_CASES)
def test_latest_ytd(rows, expected):
    """latest rule: the year-to-date figure is the month's own value."""
    out = add_ytd(returns(rows, indicator="NI62"), CATALOGUE)
    assert out["ytd_value"].tolist() == pytest.approx(expected, nan_ok=True)
    assert out["ytd_value"].tolist() == pytest.approx(out["value"].tolist(), nan_ok=True)


def test_ytd_counts_and_financial_year_columns():
    """The YTD counts are kept (publication mode suppresses small ones) and so is the year."""
    given = pd.concat([
        returns([("2010-03", 3, 4), ("2010-04", 9, 10), ("2010-05", 1, 10)]),
        returns([("2010-03", 3, 4), ("2010-04", 9, 10)], indicator="NI62"),
    ], ignore_index=True)
    out = add_ytd(given, CATALOGUE)
    assert out["financial_year"].tolist() == ["2009-10", "2010-11", "2010-11", "2009-10", "2010-11"]
    assert out["ytd_numerator"].tolist() == [3, 9, 10, 3, 9]
    assert out["ytd_denominator"].tolist() == [4, 10, 20, 4, 10]
    assert str(out["ytd_numerator"].dtype) == "int64"


def test_organisations_and_indicators_are_summed_apart():
    """Two organisations (and two indicators) in the same months never share a sum."""
    given = pd.concat([
        returns([("2009-04", 10, 10), ("2009-05", 0, 10)], org="LA1"),
        returns([("2009-04", 0, 10), ("2009-05", 10, 10)], org="LA2"),
        returns([("2009-04", 5, 10), ("2009-05", 5, 10)], org="LA1", indicator="NI68"),
    ], ignore_index=True)
    out = add_ytd(given, CATALOGUE)
    assert out["ytd_value"].tolist() == pytest.approx([100.0, 50.0, 0.0, 50.0, 50.0, 50.0])


def test_add_ytd_keeps_the_index_and_leaves_its_input_alone():
    """A pure function: the caller's frame is untouched and rows keep their labels."""
    given = returns([("2009-04", 10, 20), ("2009-05", 30, 40)])
    given.index = [7, 3]
    before = given.copy()
    out = add_ytd(given, CATALOGUE)
    pd.testing.assert_frame_equal(given, before)
    assert list(out.index) == [7, 3]
    assert out.loc[3, "ytd_value"] == pytest.approx(200 / 3)


@pytest.mark.parametrize(("given", "catalogue", "message"), [
    pytest.param(returns([("2009-04", 1, 2)], indicator="NI99"), CATALOGUE, "indicator.*NI99 not in the catalogue",
                 id="unknown-indicator"),
    pytest.param(returns([("2009-04", 1, 2), ("2009-04", 1, 3)]), CATALOGUE,
                 "more than one row for org LA1, indicator NI59, period 2009-04", id="two-rows-one-month"),
    pytest.param(returns([("2009-04", 1, 2)]), CATALOGUE.assign(ytd_rule=["average", "sum", "sum"]),
                 "NI59 has unknown ytd_rule 'average'", id="unknown-ytd-rule"),
    pytest.param(returns([("2009-04", 1, 2)]), pd.concat([CATALOGUE, CATALOGUE.iloc[:1]]),
                 "indicator NI59 appears more than once", id="catalogue-with-two-versions"),
    pytest.param(returns([("2009-04", 1, 2)]).drop(columns="denominator"), CATALOGUE,
                 "returns: missing column.*denominator", id="missing-column"),
])
def test_add_ytd_refuses_bad_input_by_name(given, catalogue, message):
    """Bad input raises ValueError naming the column, row or value, never a silent wrong sum."""
    with pytest.raises(ValueError, match=message):
        add_ytd(given, catalogue)


TARGETS = pd.DataFrame({
    "indicator": ["NI59", "NI59", "NI59"],
    "org": ["LA1", "LA1", "LA2"],
    "year": ["2008-09", "2009-10", "2009-10"],
    "target": [50.0, 85.0, 10.0],
    "tolerance": [5.0, 5.0, 0.0],
})


def test_evaluate_matches_targets_by_org_indicator_and_year():
    """Each month takes its own financial year's target for its own organisation."""
    given = pd.concat([returns([("2009-03", 5, 10), ("2009-04", 8, 10)], org="LA1"),
                       returns([("2009-04", 8, 10)], org="LA2"),
                       returns([("2009-04", 8, 10)], org="LA3")], ignore_index=True)
    out = evaluate(given, CATALOGUE, TARGETS)
    assert out["target"].tolist() == pytest.approx([50.0, 85.0, 10.0, NAN], nan_ok=True)
    assert out["tolerance"].tolist() == pytest.approx([5.0, 5.0, 0.0, NAN], nan_ok=True)
    assert out["rag"].tolist() == ["green", "amber", "green", None]
    assert out["polarity"].tolist() == ["higher_is_better"] * 4
    assert out["stable_band"].tolist() == [0.0] * 4


def test_evaluate_refuses_two_targets_for_one_year():
    """Two targets for one year would make the RAG a guess: refuse them by name."""
    twice = pd.concat([TARGETS, TARGETS.iloc[:1]], ignore_index=True)
    with pytest.raises(ValueError, match="more than one target for indicator NI59, org LA1, year 2008-09"):
        evaluate(returns([("2009-03", 5, 10)]), CATALOGUE, twice)


# The detail page's frame: LA1's NI59 from February to June 2009 with April missing.
SERIES_RETURNS = pd.concat([
    returns([("2009-02", 5, 10), ("2009-03", 6, 10), ("2009-05", 8, 10), ("2009-06", 9, 10)]),
    returns([("2009-04", 0, 10), ("2009-07", 0, 10)], org="LA2"),  # another org: ignored
    returns([("2009-04", 1, 10)], indicator="NI62"),  # another indicator: ignored
], ignore_index=True)

# period, numerator, denominator, value, ytd_value, target, tolerance, rag, direction_vs_previous, has_data
SERIES_EXPECTED = [
    ("2009-02", 5, 10, 50.0, 50.0, 50.0, 5.0, "green", None, True),  # tie with the 2008-09 target
    ("2009-03", 6, 10, 60.0, 55.0, 50.0, 5.0, "green", "improving", True),
    ("2009-04", NAN, NAN, NAN, NAN, 85.0, 5.0, None, None, False),  # gap: a row, blank, with its target
    ("2009-05", 8, 10, 80.0, 80.0, 85.0, 5.0, "amber", None, True),  # tolerance edge; April missing
    ("2009-06", 9, 10, 90.0, 85.0, 85.0, 5.0, "green", "improving", True),  # April adds nothing
]


@pytest.mark.parametrize(("column", "position"), [
    (c, i) for i, c in enumerate(["period", "numerator", "denominator", "value", "ytd_value", "target",
                                  "tolerance", "rag", "direction_vs_previous", "has_data"])
])
def test_series_column(column, position):
    """One org and indicator, every calendar month from first return to last, gaps included."""
    out = series(SERIES_RETURNS, CATALOGUE, TARGETS, "NI59", "LA1")
    expected = [row[position] for row in SERIES_EXPECTED]
    if column == "period":
        expected = [pd.Timestamp(p) for p in expected]
    if isinstance(expected[0], float) or column in ("numerator", "denominator"):
        assert out[column].tolist() == pytest.approx(expected, nan_ok=True)
    else:
        assert out[column].tolist() == expected


def test_series_columns_and_purity():
    """The columns the detail page and evidence pack read, in order; no input changed."""
    before = SERIES_RETURNS.copy()
    out = series(SERIES_RETURNS, CATALOGUE, TARGETS, "NI59", "LA1")
    assert list(out.columns) == SERIES_COLUMNS
    assert out[["org", "indicator"]].drop_duplicates().values.tolist() == [["LA1", "NI59"]]
    assert out["financial_year"].tolist() == ["2008-09", "2008-09", "2009-10", "2009-10", "2009-10"]
    pd.testing.assert_frame_equal(SERIES_RETURNS, before)


def test_series_of_an_org_with_no_returns_is_empty():
    """No returns: an empty frame with the same columns, so a page can say "no data"."""
    out = series(SERIES_RETURNS, CATALOGUE, TARGETS, "NI68", "LA1")
    assert list(out.columns) == SERIES_COLUMNS
    assert len(out) == 0


def test_series_of_an_unknown_indicator_is_refused():
    """A typo in an indicator code is an error, not an empty chart."""
    with pytest.raises(ValueError, match="indicator 'NI5' is not in the catalogue"):
        series(SERIES_RETURNS, CATALOGUE, TARGETS, "NI5", "LA1")
