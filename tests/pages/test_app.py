"""The whole app under AppTest against the demo database."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")

TIMEOUT = 60


def test_app_starts_on_the_indicator_page(seeded_path, monkeypatch):
    monkeypatch.setenv("PIDASH_DB", str(seeded_path))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.title[0].value == "Indicators"
    catalogue = at.dataframe[0].value
    assert sorted(catalogue["code"]) == ["NI59", "NI60", "NI61", "NI62", "NI63", "NI64", "NI65", "NI66", "NI67", "NI68"]
    history = at.dataframe[1].value
    assert set(history["status"]) == {"accepted"}
