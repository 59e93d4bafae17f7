"""The Compare and Regional scorecard pages under AppTest, on the small literal store: the table's
rows and values, the charts drawn, the groups, the year to date, the click-through to the detail."""
from __future__ import annotations

import pytest
import streamlit as st

from data import compare_queries, store
from tests.compare.conftest import BIRMINGHAM, HACKNEY, HOME
from tests.pages.apptest import charts, start, text, traces


@pytest.fixture(autouse=True)
def release_the_dashboards_database():
    """As tests/pages/conftest.py: drop what the app cached for the process after each test."""
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


def compare_page(path, monkeypatch):
    at = start(path, monkeypatch, "pages/compare.py")
    at.selectbox(key="period").set_value("2009-09").run()
    at.selectbox(key="compare_indicator").set_value("NI59").run()
    assert not at.exception, at.exception
    return at


def table(at):
    return at.dataframe[0].value


def test_compare_shows_every_authority_best_first(small_path, monkeypatch):
    at = compare_page(small_path, monkeypatch)
    assert at.title[0].value == "Compare authorities"
    rows = table(at)
    assert list(rows["Authority"]) == ["Hackney", "Birmingham", "Haringey", "Lambeth", "Bristol"]
    assert rows["Value"].tolist()[:4] == [80.0, 75.0, 70.0, 70.0]
    assert rows["Lower 95%"].tolist()[2] == 60.4 and rows["Upper 95%"].tolist()[2] == 78.1
    assert list(rows["Vs England"]) == ["▲ Better than England", "▲ Better than England", "● Similar to England",
                                        "● Similar to England", "— Not compared"]
    assert rows["Rank"].tolist()[:4] == [1, 2, 3, 3] and rows["Rank"].isna().tolist()[4]
    assert list(rows["Quartile"])[:2] == ["A (best quarter)", "B"]
    assert list(rows["Picked out"]) == ["", "", "◆ Chosen authority", "", ""]
    assert "England 70.0%, London 70.0%" in text(at.caption[0])

    bars, funnel, trend = charts(at)
    named = traces(bars)
    assert set(named) >= {"Chosen authority", "Other authorities", "England 70.0%", "London 70.0%"}
    home = named["Chosen authority"]
    assert home["x"] == ["Haringey"] and home["marker"]["pattern"]["shape"] == "/"
    assert home["text"] == ["◆ Haringey"]
    error = traces({"data": [{"name": "e", **home["error_y"]}]})["e"]  # nested arrays come encoded too
    assert error["array"] == pytest.approx([78.1051147 - 70], abs=1e-6)
    assert error["arrayminus"] == pytest.approx([70 - 60.4151454], abs=1e-6)
    assert named["Other authorities"]["x"] == ["Hackney", "Birmingham", "Lambeth"]  # Bristol: no value, no bar
    outcomes = traces(funnel)
    assert "Within the 95% limits" in outcomes and "95% limits" in outcomes and "99.8% limits" in outcomes
    assert sorted(outcomes["Within the 95% limits"]["x"]) == [100, 100, 100, 400]
    lines = traces(trend)
    assert set(lines) == {"Haringey (chosen)", "Haringey statistical neighbours (average)"}


def test_compare_year_to_date_and_the_region(small_path, monkeypatch):
    at = compare_page(small_path, monkeypatch)
    at.toggle(key="compare_ytd").set_value(True).run()
    assert table(at)["Value"].tolist()[:4] == [80.0, 75.0, 65.0, 60.0]
    assert "financial year to date" in text(at.caption[0])
    at.radio(key="compare_group").set_value("region").run()
    assert not at.exception
    assert list(table(at)["Authority"]) == ["Hackney", "Haringey", "Lambeth"]


def test_compare_says_when_no_neighbours_are_recorded_then_picks_them_out(small_path, monkeypatch):
    at = compare_page(small_path, monkeypatch)
    at.radio(key="compare_group").set_value("neighbours").run()
    assert "(none recorded)" in text(at.info[0]) and "pidash neighbours --set" in text(at.info[0])
    assert not at.dataframe
    con = store.connect(small_path)
    try:
        with store.transaction(con):
            store.set_setting(con, compare_queries.NEIGHBOURS_KEY + HOME, f"{HACKNEY},{BIRMINGHAM}")
    finally:
        con.close()
    st.cache_data.clear()
    at.run()
    assert not at.exception
    rows = table(at)
    assert list(rows["Authority"]) == ["Hackney", "Birmingham", "Haringey"]
    neighbour, home = "◇ Statistical neighbour", "◆ Chosen authority"
    assert list(rows["Picked out"]) == [neighbour, neighbour, home]
    named = traces(charts(at)[0])
    assert named["Statistical neighbour"]["marker"]["pattern"]["shape"] == "."
    assert set(traces(charts(at)[2])) >= {"Hackney", "Birmingham", "Haringey (chosen)"}


def test_regional_scorecard_rows_cells_and_click_through(small_path, monkeypatch):
    at = start(small_path, monkeypatch, "pages/regional.py")
    at.selectbox(key="period").set_value("2009-09").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Regional scorecard"
    rows = table(at).set_index("Code")
    assert list(rows.index) == ["E06000023", BIRMINGHAM, HACKNEY, HOME, "E09000022"]
    assert rows.loc[HOME, "NI 59"] == ":material/horizontal_rule: ✖ Red · Common cause variation"  # a target: RAG
    assert rows.loc[HACKNEY, "NI 59"].endswith("▲ Better than England · Common cause variation")
    assert rows.loc["E06000023", "NI 59"] == ":material/more_horiz: — Not compared · no SPC this month"
    assert rows.loc[HOME, "✖ Red"] == 1 and rows.loc[HACKNEY, "▲ Better than England"] == 1
    at.selectbox(key="regional_pick").set_value(HACKNEY).run()
    at.button(key="regional_open").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Indicator detail"
    assert at.selectbox(key="org").value == HACKNEY
