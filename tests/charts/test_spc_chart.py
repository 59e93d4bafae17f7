"""The SPC chart draws what it is given: read back from the figure's data, trace by trace."""
import pandas as pd
import pytest

from charts.spc import spc_chart

MONTHS = pd.date_range("2009-04-01", periods=6, freq="MS")


def points_frame():
    return pd.DataFrame({
        "period": MONTHS,
        "phase": [0, 0, 0, 0, 1, 1],  # a rebase before the fifth month
        "value": [60.0, 62.0, 61.0, 90.0, 70.0, 72.0],
        "mean": [61.0, 61.0, 61.0, 61.0, 71.0, 71.0],
        "lpl": [50.0, 50.0, 50.0, 50.0, 60.0, 60.0],
        "upl": [72.0, 72.0, 72.0, 72.0, 82.0, 82.0],
        "point_type": ["common_cause", "common_cause", "common_cause", "special_cause_improvement",
                       "common_cause", "special_cause_concern"],
    })


def series_frame():
    return pd.DataFrame({"period": MONTHS, "value": [60.0, 62.0, 61.0, 90.0, 70.0, 72.0],
                         "ytd_value": [60.0, 61.0, 61.0, 68.3, 68.6, 69.2],
                         "target": [78.0] * 6, "tolerance": [5.0] * 6})


def traces(figure):
    return {trace.name: trace for trace in figure.data}


def test_points_are_coloured_and_named_by_type_with_mean_limits_target_band_and_ytd():
    figure = spc_chart(points_frame(), "NI 59: initial assessments", series=series_frame(),
                       polarity="higher_is_better", phases=[MONTHS[4]])
    named = traces(figure)
    assert list(named["Special cause: improvement"].y) == [90.0]
    assert list(named["Special cause: concern"].y) == [72.0]
    assert list(named["Common cause variation"].y) == [60.0, 62.0, 61.0, 70.0]
    assert named["Special cause: concern"].marker.color == "#FAB428"
    assert named["Special cause: improvement"].marker.symbol == "star"  # shapes differ, for greyscale
    assert list(named["Mean"].y) == [61.0, 61.0, 61.0, 61.0, None, 71.0, 71.0]  # phases do not join up
    assert list(named["Upper process limit"].y)[-1] == 82.0
    assert list(named["Target"].y) == [78.0] * 6
    band = named["Tolerance (amber) band"]
    assert list(band.y) == [78.0] * 6 and band.fill == "tonexty"
    assert list(named["Tolerance (amber) band (lower edge)"].y) == [73.0] * 6  # amber below the target
    assert list(named["Year to date"].y)[-1] == 69.2
    assert figure.layout.title.text == "NI 59: initial assessments"
    assert [shape.x0 for shape in figure.layout.shapes] == [MONTHS[4]]


@pytest.mark.parametrize(("polarity", "low", "high"), [
    ("lower_is_better", 78.0, 83.0), ("within_band", 73.0, 83.0)])
def test_the_band_follows_the_polarity(polarity, low, high):
    named = traces(spc_chart(points_frame(), series=series_frame(), polarity=polarity))
    band = next(name for name in named if "band" in name and "lower edge" not in name)
    assert named[band].y[0] == high
    assert named[band + " (lower edge)"].y[0] == low


@pytest.mark.parametrize("column", ["period", "phase", "point_type"])
def test_a_points_frame_without_a_documented_column_is_refused(column):
    """The chart takes IndicatorSpc.points as it is documented, and guesses no other shape."""
    with pytest.raises(ValueError, match=f"points has no column.*{column}"):
        spc_chart(points_frame().drop(columns=column), series=series_frame())


def test_comparators_milestones_and_no_spc():
    comparators = {"England": pd.DataFrame({"period": MONTHS, "value": [70.0] * 6}),
                   "<b>London</b>": pd.DataFrame({"period": MONTHS, "value": [71.0] * 6})}
    milestones = pd.DataFrame({"completed": [pd.Timestamp("2009-06-15")], "description": ["EPMG <i>established</i>"]})
    figure = spc_chart(None, "t", series=series_frame(), comparators=comparators, milestones=milestones)
    named = traces(figure)
    assert list(named["Monthly value"].y) == [60.0, 62.0, 61.0, 90.0, 70.0, 72.0]
    assert list(named["England"].y) == [70.0] * 6
    assert "&lt;b&gt;London&lt;/b&gt;" in named  # a name from a file is text, not markup
    marker = named["Milestone completed"]
    assert list(marker.x) == [pd.Timestamp("2009-06-15")] and list(marker.text) == ["EPMG &lt;i&gt;established&lt;/i&gt;"]
    assert "Mean" not in named


def test_an_empty_chart_is_still_a_figure():
    assert len(spc_chart(None, "nothing").data) == 0


def p_chart_points():
    """A p-chart's points: each month's limits from its own denominator (fewer cases, wider limits)."""
    return points_frame().assign(
        lpl=[20.0, 35.0, 28.0, 40.0, 30.0, 45.0], upl=[95.0, 85.0, 90.0, 80.0, 92.0, 88.0],
        numerator=[6, 31, 11, 45, 7, 36], denominator=[10, 50, 18, 50, 10, 50])


def test_a_p_charts_limits_are_drawn_through_each_months_own_limits():
    named = traces(spc_chart(p_chart_points(), series=series_frame()))
    assert list(named["Upper process limit"].y) == [95.0, 85.0, 90.0, 80.0, None, 92.0, 88.0]
    assert list(named["Lower process limit"].y) == [20.0, 35.0, 28.0, 40.0, None, 30.0, 45.0]
    assert named["Upper process limit"].mode == "lines"  # one line through them, not a level line per phase
    # each point says how many cases it stands on
    common = named["Common cause variation"]
    assert common.customdata.tolist() == [[6, 10], [31, 50], [11, 18], [7, 10]]
    assert "of %{customdata[1]" in common.hovertemplate
    assert named["Special cause: concern"].customdata.tolist() == [[36, 50]]
    without = traces(spc_chart(points_frame(), series=series_frame()))["Common cause variation"]
    assert without.customdata is None and "customdata" not in without.hovertemplate  # no counts given


def test_the_limits_drawn_are_indicator_spcs_on_either_chart():
    """From indicator_spc to the figure: the p-chart's limit lines are pchart's, month by month; the
    XmR's one level per phase."""
    from indicators.spc import pchart
    from indicators.spc_series import indicator_spc

    denominators = [4, 9, 16, 25, 12, 6, 20, 8, 14, 10, 18, 5]
    numerators = [d // 2 for d in denominators]
    months = pd.date_range("2009-04-01", periods=12, freq="MS")
    given = pd.DataFrame({"period": months, "numerator": numerators, "denominator": denominators,
                          "value": [n * 100 / d for n, d in zip(numerators, denominators)]})
    spc = indicator_spc(given, "higher_is_better", "2010-03")
    assert spc.chart == "p"
    named = traces(spc_chart(spc.points))
    expected = pchart(pd.Series(numerators, index=months), pd.Series(denominators, index=months)).points
    assert list(named["Upper process limit"].y) == pytest.approx(list(expected["upl"]))
    assert list(named["Lower process limit"].y) == pytest.approx(list(expected["lpl"]))
    assert len(set(named["Upper process limit"].y)) > 6  # month by month (the smallest counts clip at 100%)
    level = traces(spc_chart(indicator_spc(given, "higher_is_better", "2010-03", chart="xmr").points))
    assert len(set(level["Upper process limit"].y)) == 1
