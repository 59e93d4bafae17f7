"""Starting the dashboard under AppTest and reading what it drew (plotly specs, markdown text)."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 90


def start(db_path, monkeypatch, page: str | None = None) -> AppTest:
    """The app on `db_path`, run once, then switched to `page` (e.g. "pages/detail.py") if given."""
    monkeypatch.setenv("PIDASH_DB", str(db_path))
    run_app_py_every_time(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    if page:
        at.switch_page(page).run()
    return at


def charts(at: AppTest) -> list[dict]:
    """Every plotly chart on the page, as its figure JSON ({"data": [...], "layout": {...}})."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def traces(figure: dict) -> dict[str, dict]:
    """A figure's traces by name, each array decoded to a plain list (plotly sends numbers as
    base64 typed arrays: {"dtype": "f8", "bdata": ...})."""
    return {trace.get("name"): {key: _decoded(value) for key, value in trace.items()} for trace in figure["data"]}


def _decoded(value):
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array.tolist()
    return value


def text(element) -> str:
    """An element's markdown as people read it (ui.safe.plain escapes punctuation with backslashes)."""
    return element.value.replace("\\", "")


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def run_app_py_every_time(monkeypatch) -> None:
    """Make AppTest run app.py on every run, as the server does.

    AppTest (streamlit 1.67) forgets before each run that the app uses st.navigation and, seeing
    a pages/ folder, runs the page file alone from the second run on: no app.py, so no sidebar
    and no sign-in. The server remembers (st.navigation sets this flag for the process).
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def frame_with(at: AppTest, column: str):
    """The first data frame on the page that has `column`."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no data frame with a column {column!r}")
