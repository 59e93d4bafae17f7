"""`pidash compare`, `pidash neighbours` and `pidash scorecard --all-orgs`, run as a user runs them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.compare.conftest import BIRMINGHAM, BRISTOL, HACKNEY, HOME, LAMBETH

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["org", "name", "numerator", "denominator", "value", "lower_95", "upper_95", "vs_england", "rank",
        "quartile", "funnel"]


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", "--db", str(db), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_compare_json_for_the_month(small_path):
    done = run(small_path, "compare", "--indicator", "NI59", "--period", "2009-09", "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert all(list(row) == KEYS for row in got)
    assert [(r["org"], r["numerator"], r["denominator"], r["value"], r["vs_england"], r["rank"], r["quartile"],
             r["funnel"]) for r in got] == [
        (HACKNEY, 80, 100, 80.0, "better", 1, "A", "not_significant"),
        (BIRMINGHAM, 300, 400, 75.0, "better", 2, "B", "not_significant"),
        (HOME, 70, 100, 70.0, "similar", 3, "C", "not_significant"),
        (LAMBETH, 70, 100, 70.0, "similar", 3, "C", "not_significant"),
        (BRISTOL, None, None, None, "not_compared", None, None, None),
    ]
    assert got[2]["lower_95"] == pytest.approx(60.415145366653334, abs=1e-12)
    assert got[2]["upper_95"] == pytest.approx(78.10511470506724, abs=1e-12)
    assert got[4]["lower_95"] is None and got[4]["name"] == "Bristol"


def test_compare_year_to_date_in_the_region_as_text_and_json(small_path):
    done = run(small_path, "compare", "--indicator", "NI59", "--period", "2009-09", "--ytd", "--group", "region",
               "--json")
    assert done.returncode == 0, done.stderr
    assert [(r["org"], r["value"], r["rank"]) for r in json.loads(done.stdout)] == [
        (HACKNEY, 80.0, 1), (HOME, 65.0, 2), (LAMBETH, 60.0, 3)]
    text = run(small_path, "compare", "--indicator", "NI59", "--period", "2009-09", "--ytd", "--group", "region")
    assert text.returncode == 0, text.stderr
    assert "financial year to date" in text.stdout and "England 65.0%" in text.stdout
    assert "Haringey (E09000014) (home)" in text.stdout


def test_neighbours_are_recorded_then_compared(small_path):
    refused = run(small_path, "compare", "--indicator", "NI59", "--period", "2009-09", "--group", "neighbours")
    assert refused.returncode == 1 and "no statistical neighbours are recorded for E09000014" in refused.stderr
    assert "Traceback" not in refused.stderr
    shown = run(small_path, "neighbours")
    assert shown.returncode == 0 and "No statistical neighbours are recorded for Haringey" in shown.stdout
    bad = run(small_path, "neighbours", "--set", f"{HACKNEY},E92000001")
    assert bad.returncode == 1 and "not local authorities in the store: E92000001" in bad.stderr
    done = run(small_path, "neighbours", "--set", f"{HACKNEY},{BIRMINGHAM}")
    assert done.returncode == 0, done.stderr
    listed = json.loads(run(small_path, "neighbours", "--json").stdout)
    assert listed == {"org": HOME, "neighbours": [HACKNEY, BIRMINGHAM]}
    compared = run(small_path, "compare", "--indicator", "NI59", "--period", "2009-09", "--group", "neighbours",
                   "--json")
    assert compared.returncode == 0, compared.stderr
    assert [r["org"] for r in json.loads(compared.stdout)] == [HACKNEY, BIRMINGHAM, HOME]


def test_compare_refuses_a_bad_period_or_indicator(small_path):
    bad = run(small_path, "compare", "--indicator", "NI59", "--period", "Sep-09")
    assert bad.returncode == 1 and "YYYY-MM" in bad.stderr
    unknown = run(small_path, "compare", "--indicator", "NI99", "--period", "2009-09")
    assert unknown.returncode == 1 and "unknown indicator 'NI99'" in unknown.stderr


def test_scorecard_all_orgs_json_is_every_authoritys_single_scorecard(scale_path):
    done = run(scale_path, "scorecard", "--period", "2010-06", "--all-orgs", "--json")
    assert done.returncode == 0, done.stderr
    every = json.loads(done.stdout)
    orgs = list(dict.fromkeys(r["org"] for r in every))
    assert len(orgs) == 36 and orgs[0].startswith("E06") and "E09000014" in orgs
    for org in ("E09000014", orgs[0]):
        alone = run(scale_path, "scorecard", "--period", "2010-06", "--org", org, "--json")
        assert alone.returncode == 0, alone.stderr
        single = json.loads(alone.stdout)
        mine = [r for r in every if r["org"] == org]
        assert [list(r) for r in mine] == [["org", *row] for row in single]  # the same fields, org first
        assert [{k: v for k, v in r.items() if k != "org"} for r in mine] == single
    assert {r["vs_england"] for r in every} >= {"better", "similar", "worse"}


def test_scorecard_all_orgs_text_and_refusals(small_path):
    text = run(small_path, "scorecard", "--period", "2009-09", "--all-orgs")
    assert text.returncode == 0, text.stderr
    assert text.stdout.count("== E0") == 5 and "vs England: similar" in text.stdout
    both = run(small_path, "scorecard", "--period", "2009-09", "--all-orgs", "--org", HOME)
    assert both.returncode == 1 and "leave out --org" in both.stderr
