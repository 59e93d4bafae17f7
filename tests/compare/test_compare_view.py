"""The Compare and Regional scorecard presenters (ui/compare_view.py) and their charts
(charts/compare.py): words and symbols for every category, the frames the charts draw."""
from __future__ import annotations

import pandas as pd
import pytest

from charts.compare import FUNNEL_SYMBOLS, funnel_plot, ranked_bars, trend_lines
from data import compare_queries, queries
from indicators.compare import Comparison, FunnelOutcome
from indicators.regional import benchmark, monthly_values
from ui import compare_view

from tests.compare.conftest import BIRMINGHAM, HACKNEY, HOME, LAMBETH, NEIGHBOURS


def view_of(con, neighbours=(), ytd=False):
    returns = compare_queries.indicator_returns(con, "NI59", "2008-10", "2009-09")
    organisations = queries.organisations(con)
    result = benchmark(returns, queries.catalogue_at(con, "2009-09"), organisations, "NI59", "2009-09", ytd=ytd,
                       home=HOME, neighbours=neighbours)
    orgs = compare_view.comparison_orgs(organisations, HOME, HOME, neighbours)
    return compare_view.compare_view(result, monthly_values(returns, "NI59", orgs, "2009-09"), organisations, HOME)


def test_every_comparison_and_funnel_outcome_has_words():
    assert set(compare_view.VS_ENGLAND_WORDS) == {c.value for c in Comparison}
    assert set(compare_view.FUNNEL_WORDS) == {f.value for f in FunnelOutcome} == set(FUNNEL_SYMBOLS)
    assert len(set(FUNNEL_SYMBOLS.values())) == 5  # a shape each, not a colour


def test_the_compare_view_frames(small_db):
    view = view_of(small_db, neighbours=[LAMBETH])
    assert list(view.bars["label"]) == ["Hackney", "Birmingham", "Haringey", "Lambeth"]  # Bristol has no bar
    assert list(view.bars["role"]) == ["other", "other", "home", "neighbour"]
    assert list(view.bars["tag"]) == ["", "", "◆ Haringey", "◇ Lambeth"]
    assert view.bars["error_plus"].iloc[2] == pytest.approx(78.10511470506724 - 70)
    assert view.bars["error_minus"].iloc[2] == pytest.approx(70 - 60.415145366653334)
    assert "70.0% (70 of 100), 95% limits 60.4–78.1%" in view.bars["hover"].iloc[2]
    assert view.lines == [{"name": "England", "value": 70.0}, {"name": "London", "value": 70.0}]
    assert list(view.points["funnel_label"]) == ["Within the 95% limits"] * 4
    assert list(view.table["Picked out"]) == ["", "", "◆ Chosen authority", "◇ Statistical neighbour", ""]
    assert view.table["Vs England"].iloc[4] == "— Not compared" and view.table["Funnel"].iloc[4] == "—"
    assert (view.count, view.with_value) == (5, 4)
    trend = view.trend
    assert list(dict.fromkeys(trend["label"])) == ["Haringey (chosen)", "Lambeth",
                                                   "Haringey statistical neighbours (average)"]
    assert list(trend.loc[trend["label"] == "Haringey (chosen)", "value"]) == [10.0, 60.0, 70.0]  # Mar, Aug, Sep
    assert set(trend["role"]) == {"home", "neighbour", "average"}
    assert view.csv.decode().splitlines()[0] == ",".join(
        ["org", "name", "numerator", "denominator", "value", "lower_95", "upper_95", "vs_england", "rank",
         "quartile", "funnel"])


def test_groups_on_offer_say_why_one_cannot_be_formed(small_db):
    organisations = queries.organisations(small_db)
    assert compare_view.focus_authority(organisations, "E92000001", HOME) == HOME  # England: seen from home
    assert compare_view.focus_authority(organisations, BIRMINGHAM, HOME) == BIRMINGHAM
    offered = compare_view.group_options(BIRMINGHAM, [])
    assert offered["region"].endswith("(not known for this authority)")
    assert offered["neighbours"].endswith("(none recorded)")
    assert not compare_view.available("region", BIRMINGHAM, [])
    assert compare_view.available("region", HOME, []) and compare_view.available("neighbours", HOME, [HACKNEY])
    assert compare_view.comparison_orgs(organisations, HOME, HOME, [HACKNEY]) == [HOME, HACKNEY, NEIGHBOURS]
    assert compare_view.comparison_orgs(organisations, BIRMINGHAM, HOME, []) == [BIRMINGHAM]


@pytest.mark.parametrize("status, basis, variation, expected", [
    ("red", "rag", "special_cause_concern", ":material/warning: ✖ Red · Special cause: concern"),
    (None, "rag", None, ":material/more_horiz: No return · no SPC this month"),
    ("worse", "vs_england", "common_cause",
     ":material/horizontal_rule: ▼ Worse than England · Common cause variation"),
    ("not_compared", "vs_england", "special_cause_neutral_low",
     ":material/arrow_downward: — Not compared · Special cause: neutral (low)"),
])
def test_a_regional_cell_says_status_and_variation_in_words_and_icon(status, basis, variation, expected):
    assert compare_view.cell_text(status, basis, variation) == expected


def test_the_charts_draw_the_frames_they_are_given(small_db):
    view = view_of(small_db, neighbours=[LAMBETH])
    bars = ranked_bars(view.bars, "t <b>", lines=view.lines)
    names = [trace.name for trace in bars.data]
    assert names == ["Other authorities", "Statistical neighbour", "Chosen authority", "England 70.0%", "London 70.0%"]
    assert bars.data[2].marker.pattern.shape == "/" and bars.data[1].marker.pattern.shape == "."
    assert list(bars.layout.xaxis.categoryarray) == ["Hackney", "Birmingham", "Haringey", "Lambeth"]
    assert bars.layout.title.text == "t &lt;b&gt;"
    assert [shape.y0 for shape in bars.layout.shapes] == [70.0, 70.0]
    funnel = funnel_plot(view.points, view.limits)
    within = next(t for t in funnel.data if t.name == "Within the 95% limits")
    assert within.marker.symbol == "circle-open" and sorted(within.x) == [100, 100, 100, 400]
    assert funnel.layout.yaxis.range == (0, 100)
    trend = trend_lines(view.trend)
    assert [t.name for t in trend.data] == ["Haringey (chosen)", "Lambeth", "Haringey statistical neighbours (average)"]
    assert trend.data[0].line.width == 3 and trend.data[1].line.dash == "dash"
    with pytest.raises(ValueError, match="bars has no column"):
        ranked_bars(pd.DataFrame({"label": []}))
    with pytest.raises(ValueError, match="limits has no column"):
        funnel_plot(view.points, pd.DataFrame())
