"""great-expectations' import: deferred parts still work when used, and a background import is
waited for. Each check runs in a fresh interpreter (imports are process-wide)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def probe(code: str) -> dict:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_scipy_stats_and_altair_load_on_first_use_after_great_expectations():
    report = probe(
        "import json, sys\n"
        "from checks.runner import _gx\n"
        "gx = _gx()\n"
        "deferred = type(sys.modules['scipy.stats']).__name__\n"
        "import scipy.stats, altair\n"
        "cdf = float(scipy.stats.norm.cdf(0))\n"
        "chart = altair.Chart.__name__\n"
        "from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl\n"
        "print(json.dumps({'deferred': deferred, 'cdf': cdf, 'chart': chart, 'kl_stats': kl.stats.entropy([1, 1], [1, 1]),"
        " 'suite': type(gx.ExpectationSuite(name='x')).__name__}))\n"
    )
    assert report["deferred"] == "_LazyModule"  # not loaded by the import itself
    assert report == {**report, "cdf": 0.5, "chart": "Chart", "kl_stats": 0.0, "suite": "ExpectationSuite"}


def test_a_background_import_is_waited_for_and_checks_then_run():
    report = probe(
        "import json, pandas as pd\n"
        "from checks import runner\n"
        "from checks.suites import Check\n"
        "runner.preload(); runner.preload()  # twice: one import\n"
        "frame = pd.DataFrame({'n': ['1', 'x']}, index=pd.Index([2, 3], name='row'))\n"
        "report = runner.run_suite(frame, [Check('match_regex', 'must be a number', 'n', {'column': 'n', 'regex': '^[0-9]+$'})], 'f.csv', 'x')\n"
        "print(json.dumps({'rows': [f.row for f in report.failures], 'values': [f.value for f in report.failures]}))\n"
    )
    assert report == {"rows": [3], "values": ["x"]}
