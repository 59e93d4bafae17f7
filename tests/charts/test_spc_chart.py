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
