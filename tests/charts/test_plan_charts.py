"""The plan's charts, read back from the figures: stacked status bars, the timeline, the risk grid."""
from __future__ import annotations

import pandas as pd

from charts.plan import risk_matrix, status_bar, timeline
from plan import reports
from tests.plan.test_reports import HISTORY, PLAN, REGISTER


def report():
    return reports.milestone_status_report(PLAN, HISTORY, "2009-09-30")


def test_status_bar_stacks_a_trace_per_status_present():
    counts = reports.status_counts(report(), "theme")
    figure = status_bar(counts, "theme", "By <b>theme</b>")
    assert [t.name for t in figure.data] == ["Complete", "On track", "At risk", "Off track"]  # none not started
    assert figure.layout.barmode == "stack"
    bars = {t.name: dict(zip(t.y, t.x)) for t in figure.data}
    assert bars["Complete"] == {"Leadership": 1, "Best practice": 1}
    assert bars["Off track"] == {"Leadership": 0, "Best practice": 2}
    assert figure.layout.title.text == "By &lt;b&gt;theme&lt;/b&gt;"


def test_group_names_from_the_plan_are_escaped():
    counts = pd.DataFrame({"theme": ["<a href='x'>Leadership</a>"], "complete": [1], "on_track": [0],
                           "at_risk": [0], "off_track": [0], "not_started": [0], "no_update": [0]})
    assert list(status_bar(counts, "theme").data[0].y) == ["&lt;a href='x'&gt;Leadership&lt;/a&gt;"]


def test_the_timeline_draws_actions_as_bars_and_milestones_by_status():
    shown = report()
    figure = timeline(reports.action_spans(shown), shown, "Timeline", as_of="2009-09-30")
    bars = figure.data[0]
    assert list(bars.y) == ["1.1.1", "1.1.2", "2.1.1", "2.1.3"]
    assert bars.base[0] == "2009-02-01"
    assert bars.x[0] == (pd.Timestamp("2009-08-01") - pd.Timestamp("2009-02-01")).total_seconds() * 1000
    markers = {t.name: list(zip(t.y, t.x)) for t in figure.data[1:]}
    assert markers == {
        "Milestone: complete": [("1.1.1", "2009-05-31"), ("2.1.3", "2009-06-30")],
        "Milestone: on track": [("1.1.1", "2009-07-31")],
        "Milestone: at risk": [("1.1.2", "2009-10-31")],
        "Milestone: off track": [("2.1.1", "2010-03-31")],  # 2.1.2 has no due date: not drawn
    }
    assert figure.layout.shapes[0].x0 == "2009-09-30"
    assert list(figure.layout.yaxis.range) == [3.5, -0.5]  # 1.1.1 at the top, no empty rows


def test_an_empty_timeline_is_an_empty_figure():
    empty = report().iloc[:0]
    assert len(timeline(reports.action_spans(empty), empty).data) == 0


def test_the_risk_matrix_colours_by_score_and_names_open_entries_in_their_cell():
    figure = risk_matrix(reports.risk_grid(REGISTER), "Risks")
    heatmap = figure.data[0]
    assert list(heatmap.x) == [1, 2, 3, 4, 5] and list(heatmap.y) == [1, 2, 3, 4, 5]
    assert heatmap.z[3][4] == 20 and heatmap.z[0][0] == 1 and heatmap.z[4][4] == 25
    assert heatmap.text[3][4] == "R1, R2"  # likelihood 4, impact 5
    assert heatmap.text[4][0] == "I1"
    assert heatmap.text[4][4] == ""  # I2 is closed
    assert heatmap.customdata[3][4] == "Likelihood 4 × impact 5 = 20 (high): 2 open"
