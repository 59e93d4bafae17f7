"""The whole app under AppTest against the demo database: default page, shared sidebar, catalogue,
and what a person sees when a page fails."""
import logging
import re
import tomllib
from pathlib import Path

import ui.db

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
    assert metrics(at)["✖ Red"] == "4"  # NI 59, 60, 65 and 66 miss their 2009-10 targets by more than the tolerance
    at.switch_page("pages/detail.py").run()
    assert not at.exception
    assert at.selectbox(key="period").value == "2009-09"
    assert "In month (Sep 2009)" in metrics(at)
    at.switch_page("pages/quality.py").run()
    assert not at.exception
    assert at.selectbox(key="period").value == "2009-09"
    assert metrics(at)["Months present"] == "326"  # 11 x 30 months up to Sep 2009, less 4 restated (524 up to Mar 2011)
    assert any("for Sep 2009 is a special cause" in text(c) for c in at.caption)


def test_the_catalogue_page_lists_the_indicators_and_the_loads(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/indicators.py")
    assert not at.exception
    assert at.title[0].value == "Indicators"
    catalogue = at.dataframe[0].value
    assert sorted(catalogue["code"]) == ["NI59", "NI60", "NI61", "NI62", "NI63", "NI64", "NI65", "NI66", "NI67", "NI68",
                                        "SA45"]
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


def test_an_error_on_a_page_shows_a_reference_and_not_the_traceback(seeded_path, monkeypatch, caplog):
    def broken():
        raise RuntimeError("SELECT secret FROM load -- a detail no user should see")

    monkeypatch.setattr(ui.db, "load_history", broken)  # the catalogue page's second read
    with caplog.at_level(logging.ERROR, logger="pidash"):
        at = start(seeded_path, monkeypatch, "pages/indicators.py")
    assert not at.exception  # Streamlit's own error box (type, message, traceback) is not drawn
    assert at.title[0].value == "Indicators"  # what the page drew before the error stays
    [error] = at.error
    found = re.fullmatch(r"Something went wrong on this page\. .*\(reference ([0-9a-f]{8})\)\.", error.value)
    assert found, error.value
    assert "secret" not in error.value and "RuntimeError" not in error.value and "Traceback" not in error.value
    [logged] = [r for r in caplog.records if r.name == "pidash"]
    assert found.group(1) in logged.getMessage() and "Catalogue" in logged.getMessage()
    assert logged.exc_info[0] is RuntimeError  # the traceback goes to the server log


def test_users_get_the_viewer_toolbar_and_no_error_details():
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"] == {"toolbarMode": "viewer", "showErrorDetails": "none"}


def test_the_dashboard_brings_an_older_database_up_to_date_before_reading_it(tmp_path, monkeypatch):
    """Pages read through read-only connections, which cannot migrate: the app upgrades the file
    once, read-write, before its first read (a database from an older pidash, or a restored backup)."""
    import duckdb

    from data import store

    older = tmp_path / "older.duckdb"
    with duckdb.connect(str(older)) as con:
        store.migrate(con, upto=4)  # as a database made before the reporting cycle and case records
    at = start(older, monkeypatch)
    assert not at.exception and not at.error
    with duckdb.connect(str(older), read_only=True) as con:
        assert store.schema_version(con) == store.SCHEMA_VERSION
