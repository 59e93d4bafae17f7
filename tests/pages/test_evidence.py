"""The Evidence page under AppTest: choose a month and indicators, build, download."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_the_evidence_page_builds_a_pack_and_offers_the_downloads(seeded_path, monkeypatch):
    monkeypatch.setenv("PIDASH_DB", str(seeded_path))
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("pages/evidence.py").run()
    assert not at.exception
    assert at.title[0].value == "Evidence pack"
    assert at.selectbox[0].value == "2011-03"  # the latest month with returns
    at.selectbox[0].set_value("2009-09")
    at.multiselect[0].set_value(["NI59", "NI67"])
    at.button[0].click().run()
    assert not at.exception
    assert not at.error
    assert at.success[0].value.startswith("Built in")
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["Workbook (.xlsx)", "Report (.pdf)", "Whole pack (.zip)"]
    files = at.dataframe[0].value
    assert list(files["file"]) == ["evidence-E09000014-2009-09.xlsx", "evidence-E09000014-2009-09.pdf"]
    assert files["sha256"].str.len().eq(64).all()


def test_a_missing_chromium_still_offers_the_workbook(seeded_path, monkeypatch, tmp_path):
    monkeypatch.setenv("PIDASH_DB", str(seeded_path))
    monkeypatch.setenv("PIDASH_CHROMIUM", str(tmp_path / "no-chromium"))
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("pages/evidence.py").run()
    at.selectbox[0].set_value("2009-09")
    at.multiselect[0].set_value(["NI59"])
    at.button[0].click().run()
    assert not at.exception
    assert "apt-get install chromium" in at.error[0].value
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["Workbook (.xlsx)", "Whole pack (.zip)"]
