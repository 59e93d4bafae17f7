"""The evidence pack draws the SPC chart the rule picks for each indicator, and says which and why."""
import pytest

from reports.gather import gather


def test_the_pack_carries_each_indicators_chart_and_its_reason(seeded_db):
    """September 2009 in the demo: NI 61 has about 3 adoptions a month, a p-chart; NI 59 about 190
    assessments, the XmR chart."""
    pack = gather(seeded_db, "2009-09", indicators=["NI61", "NI59"])
    assert pack.chart == {"NI61": "p", "NI59": "xmr"}
    assert pack.chart_reason["NI61"] == ("p-chart: the median monthly denominator is 3, under 30, so the limits "
                                         "vary with each month's count.")
    assert pack.chart_reason["NI59"].startswith("XmR chart: the median monthly denominator is ")
    from reports.pdf import _spc_figure  # the PDF's chart is the p-chart, its limits month by month

    drawn = {trace.name: trace for trace in _spc_figure(pack, "NI61")[0].data}
    points = pack.spc["NI61"]
    assert list(drawn["Lower process limit"].y) == pytest.approx(list(points["lpl"]))
    assert list(drawn["Upper process limit"].y) == pytest.approx(list(points["upl"]))  # 100%: a few cases a month
    assert points["lpl"].nunique() > 1 and pack.spc["NI59"]["lpl"].nunique() == 1
    card = pack.scorecard.set_index("indicator")
    assert card.loc["NI61", "variation"] == points["point_type"].iloc[-1]


def test_the_pdf_says_under_each_chart_which_chart_it_is(demo_pack):
    from tests.reports.helpers import pdf_text

    text = " ".join(pdf_text(demo_pack["pdf"]).split())
    assert "p-chart: the median monthly denominator is 3, under 30, so the limits vary with each month's count." in text
    assert text.count("p-chart: the median monthly denominator is ") == 3  # NI 61, 64, 65
    assert text.count("XmR chart: the median monthly denominator is ") == 7  # NI 59, 60, 62, 63, 66, 67, 68
