"""The Indicator detail page's SPC chart switch under AppTest: it says which chart it drew and why,
and redraws on the chart the reader picks."""
from tests.pages.apptest import charts, start, text, traces


def shown(at):
    """The chart's limit lines and the page's captions, as drawn."""
    (figure,) = charts(at)
    return traces(figure), [text(c) for c in at.caption]


def test_a_small_denominator_indicator_is_drawn_on_the_p_chart_and_the_reader_can_switch(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/detail.py")
    at.selectbox(key="detail_indicator").set_value("NI61").run()
    assert not at.exception
    switch = at.get("button_group")[0]
    assert switch.label == "SPC chart" and switch.value == "Automatic"
    assert list(switch.options) == ["Automatic", "XmR", "p-chart"]
    named, captions = shown(at)
    assert any(c.startswith("p-chart: the median monthly denominator is 3, under 30") for c in captions)
    assert len(set(named["Lower process limit"]["y"])) > 1  # each month's own limit

    switch.set_value("XmR").run()
    assert not at.exception
    named, captions = shown(at)
    assert any(c.startswith("XmR chart, as chosen: one set of limits for every month") for c in captions)
    assert len(set(named["Upper process limit"]["y"])) == 1  # one level: NI 61 has a single definition

    at.get("button_group")[0].set_value("Automatic").run()
    assert any(c.startswith("p-chart: ") for c in shown(at)[1])


def test_a_large_denominator_indicator_is_drawn_on_the_xmr(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/detail.py")
    assert not at.exception and at.selectbox(key="detail_indicator").value == "NI59"
    assert any(c.startswith("XmR chart: the median monthly denominator is ") for c in shown(at)[1])
