"""The completeness heatmap: a cell per indicator and month, a symbol in each, a legend in words."""
import pandas as pd

from charts.completeness import completeness_heatmap


def test_cells_carry_status_symbol_and_words():
    grid = pd.DataFrame({
        "indicator": ["NI59", "NI59", "NI60", "NI60"],
        "period": pd.to_datetime(["2009-07-01", "2009-08-01", "2009-07-01", "2009-08-01"]),
        "status": ["present", "restated", "missing", "present"],
    })
    figure = completeness_heatmap(grid, "Returns <script>")
    heatmap = figure.data[0]
    assert list(heatmap.x) == ["Jul 2009", "Aug 2009"]
    assert list(heatmap.y) == ["NI59", "NI60"]
    assert [list(row) for row in heatmap.z] == [[0, 1], [2, 0]]
    assert [list(row) for row in heatmap.text] == [["✔", "✎"], ["✖", "✔"]]
    assert heatmap.customdata[1][0] == "Missing"
    assert [trace.name for trace in figure.data[1:]] == [
        "✔ Present", "✎ Restated (a later file changed it)", "✖ Missing"]
    assert figure.layout.title.text == "Returns &lt;script&gt;"


def test_an_empty_grid_gives_an_empty_figure():
    figure = completeness_heatmap(pd.DataFrame(columns=["indicator", "period", "status"]))
    assert len(figure.data) == 0
