"""The dashboard's start-up path stays light: great-expectations (seconds to import), kaleido and
WeasyPrint are imported only when a file is checked or a pack is drawn, never to show a page.

Each check runs in a fresh interpreter, so what an earlier test imported cannot hide anything.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("great_expectations", "kaleido", "weasyprint")
APP_PATH_MODULES = [  # what app.py and the pages import, and the modules they call on demand
    "ui.db", "ui.scorecard_view", "ui.detail_view", "ui.quality_view", "ui.load_view", "ui.sidebar", "ui.auth", "ui.format", "ui.safe",
    "charts.spc", "charts.completeness", "charts.palette",
    "loads.pipeline", "checks.runner", "data.queries", "indicators.scorecard", "indicators.spc",
    "reports.build", "reports.gather", "cli",
]


def probe(code: str, env: dict | None = None) -> dict:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_app_path_modules_loads_none_of_the_heavy_libraries():
    # every name is imported: one that no longer exists fails here (rename it in the list)
    code = (
        "import importlib, json, sys\n"
        f"for name in {APP_PATH_MODULES!r}: importlib.import_module(name)\n"
        f"print(json.dumps({{'loaded': [m for m in {HEAVY!r} if m in sys.modules], 'modules': len(sys.modules)}}))\n"
    )
    report = probe(code)
    assert report["loaded"] == [], f"imported on the app path: {report['loaded']}"
    assert report["modules"] > 100  # it really imported the app's modules


APP_RUN = r"""
import json, sys
from pathlib import Path
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

original = PagesManager.__init__
def init(self, *args, **kwargs):  # run app.py on every rerun, as the server does (see tests/pages/apptest.py)
    original(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False
PagesManager.__init__ = init

at = AppTest.from_file(str(Path("app.py").resolve()), default_timeout=300).run()
titles = [at.title[0].value if at.title else None]
pages = sorted(str(p) for p in Path("pages").glob("*.py") if p.name != "__init__.py")
for page in pages:
    at.switch_page(page).run()
    titles.append(at.title[0].value if at.title else None)
print(json.dumps({"pages": pages, "titles": titles, "loaded": [m for m in %r if m in sys.modules]}))
""" % (HEAVY,)


def test_starting_the_app_and_opening_every_page_loads_none_of_them(seeded_path):
    report = probe(APP_RUN, {"PIDASH_DB": str(seeded_path)})
    assert len(report["pages"]) >= 5
    assert report["titles"][0] == "Scorecard"  # the app really ran, on its default page
    assert sum(t is not None for t in report["titles"]) >= len(report["pages"])  # and drew the pages
    assert report["loaded"] == [], f"imported while showing pages: {report['loaded']}"


def test_the_probe_would_see_great_expectations_if_it_were_imported():
    report = probe(
        "import json, sys\nfrom checks.gx import imported\nimported()\n"
        f"print(json.dumps({{'loaded': [m for m in {HEAVY!r} if m in sys.modules]}}))\n"
    )
    assert report["loaded"] == ["great_expectations"]
