"""The whole app under AppTest against the demo database: default page, shared sidebar, catalogue."""
from tests.pages.apptest import metrics, start, text


def test_the_app_opens_on_the_scorecard_for_the_home_org_and_its_latest_month(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch)
    assert not at.exception
    assert at.title[0].value == "Scorecard"
    assert at.selectbox(key="org").value == "E09000014"
    assert at.selectbox(key="period").value == "2011-03"  # the latest month with a Haringey return
    assert at.selectbox(key="period").options[:2] == ["Mar 2011", "Feb 2011"]  # months as people read them
    assert "Haringey (E09000014)" in at.selectbox(key="org").options


def test_the_sidebar_choice_is_shared_by_every_page(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch)
    at.selectbox(key="period").set_value("2009-09").run()
    assert metrics(at)["✖ Red"] == "6"
    at.switch_page("pages/detail.py").run()
    assert not at.exception
    assert at.selectbox(key="period").value == "2009-09"
    assert "In month (Sep 2009)" in metrics(at)
    at.switch_page("pages/quality.py").run()
    assert not at.exception
    assert "up to Sep 2009" in text(at.header[1]) or metrics(at)["Months present"] == "297"


def test_the_catalogue_page_lists_the_indicators_and_the_loads(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/indicators.py")
    assert not at.exception
    assert at.title[0].value == "Indicators"
    catalogue = at.dataframe[0].value
    assert sorted(catalogue["code"]) == ["NI59", "NI60", "NI61", "NI62", "NI63", "NI64", "NI65", "NI66", "NI67", "NI68"]
    history = at.dataframe[1].value
    assert set(history["status"]) == {"accepted"}


def test_an_empty_store_explains_itself_on_every_page(fresh_path, monkeypatch):
    at = start(fresh_path, monkeypatch)
    assert not at.exception
    assert text(at.info[0]) == "No returns for Haringey yet — load one on the Load page."
    at.switch_page("pages/detail.py").run()
    assert not at.exception
    assert text(at.info[0]) == "No returns for NI 59 yet — load one on the Load page."
    at.switch_page("pages/quality.py").run()
    assert not at.exception
    assert "No returns for Haringey yet — load one on the Load page." in [text(i) for i in at.info]
