"""great-expectations imports modules pidash never uses (altair, scipy.stats); the runner defers
them until someone reads one of their attributes. Run in a fresh interpreter: other tests (and
Streamlit) may already have imported them here."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_altair_and_scipy_stats_are_not_run_when_great_expectations_is_imported():
    out = run("""
        import sys
        from checks import gx
        gx.imported()
        print(sorted(m for m in ("altair.vegalite", "altair.utils", "scipy.stats._continuous_distns")
                     if m in sys.modules))
        print(type(sys.modules["altair"]).__name__, type(sys.modules["scipy.stats"]).__name__)
    """)
    assert out.splitlines() == ["[]", "_Deferred _Deferred"]


def test_a_deferred_module_works_when_used():
    out = run("""
        import sys
        from checks import gx
        gx.imported()
        import altair as alt
        chart = alt.Chart({"values": [{"x": 1}]}).mark_point().encode(x="x:Q")
        print(chart.to_dict()["mark"]["type"], type(sys.modules["altair"]).__name__, "altair.vegalite" in sys.modules)
        from scipy import stats
        print(stats.norm.cdf(0.0))
        from altair import Chart
        print(Chart is alt.Chart)
        from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
        print(kl.stats.entropy([1, 1], [1, 1]))  # GX's own use of the deferred module
    """)
    assert out.splitlines() == ["point module True", "0.5", "True", "0.0"]


def test_a_background_import_is_waited_for_and_checks_then_run():
    out = run("""
        import json, pandas as pd
        from checks import gx, runner
        from checks.suites import Check
        gx.preload(); gx.preload()  # twice: one import
        frame = pd.DataFrame({'n': ['1', 'x']}, index=pd.Index([2, 3], name='row'))
        report = runner.run_suite(frame, [Check('match_regex', 'must be a number', 'n', {'column': 'n', 'regex': '^[0-9]+$'})], 'f.csv', 'x')
        print(json.dumps({'rows': [f.row for f in report.failures], 'values': [f.value for f in report.failures]}))
    """)
    assert out.splitlines()[-1] == '{"rows": [3], "values": ["x"]}'
