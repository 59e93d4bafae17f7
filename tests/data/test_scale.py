"""Synthetic national-scale files (`pidash demo-scale`): their shape, and that pidash loads them."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from loads.pipeline import load_file
from demo.scale import months, write_scale_files
from vocab import LoadStatus
from tests.helpers import HOME

ROOT = Path(__file__).resolve().parents[2]


def rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return write_scale_files(tmp_path_factory.mktemp("scale"), orgs=40, years=2, local=3, seed=7)


def test_months_run_for_whole_financial_years_ending_march_2011():
    got = months(2)
    assert (got[0].isoformat(), got[-1].isoformat(), len(got)) == ("2009-04-01", "2011-03-01", 24)


def test_authorities_are_london_first_then_the_other_kinds_with_ons_style_codes(files):
    organisations = rows(files.organisations)
    authorities = [o for o in organisations if o["kind"] == "local_authority"]
    assert len(authorities) == 40
    assert [o["code"] for o in authorities[:33]] == [f"E09{i:06d}" for i in range(1, 34)]
    assert authorities[13] == {"code": HOME, "name": "Haringey", "kind": "local_authority"}
    assert {o["code"][:3] for o in authorities[33:]} <= {"E06", "E08", "E10"}
    comparators = {o["code"]: o["kind"] for o in organisations if o["kind"] != "local_authority"}
    assert comparators["E92000001"] == "england" and comparators[f"SN-{HOME}"] == "statistical_neighbours"
    assert "E12000007" in comparators  # London, the region of every borough


def test_returns_cover_every_org_indicator_and_month_and_comparators_are_sums(files):
    returns = rows(files.returns)
    organisations = rows(files.organisations)
    assert files.rows["returns"] == len(returns) == len(organisations) * 13 * 24
    assert Counter(r["indicator"] for r in returns)["LOCAL03"] == len(organisations) * 24
    assert all(int(r["numerator"]) <= int(r["denominator"]) for r in returns)
    assert all(r["note"] == "synthetic scale-test figure" for r in returns)
    month = [r for r in returns if r["indicator"] == "NI59" and r["period"] == "2010-09"]
    england = next(r for r in month if r["org"] == "E92000001")
    authorities = [r for r in month if r["org"].startswith(("E06", "E08", "E09", "E10"))]
    assert int(england["denominator"]) == sum(int(r["denominator"]) for r in authorities)
    sizes = sorted(int(r["denominator"]) for r in authorities)
    assert sizes[-1] > 2 * sizes[len(sizes) // 2]  # bigger authorities, bigger denominators


def test_the_same_seed_writes_the_same_files(files, tmp_path):
    again = write_scale_files(tmp_path, orgs=40, years=2, local=3, seed=7)
    assert again.returns.read_bytes() == files.returns.read_bytes()


def test_pidash_loads_every_file_it_writes(fresh_db, files):
    for table, path in (("indicators", files.indicators), ("organisations", files.organisations),
                        ("targets", files.targets), ("returns", files.returns)):
        outcome = load_file(fresh_db, table, path, "scale-test")
        assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    count = fresh_db.execute("SELECT count(*), count(DISTINCT org) FROM indicator_return").fetchall()[0]
    assert count == (files.rows["returns"], files.rows["organisations"])


def test_the_command_writes_the_files_and_says_how_to_load_them(tmp_path):
    out = tmp_path / "national"
    result = subprocess.run([sys.executable, "-m", "cli", "demo-scale", "--orgs", "3", "--years", "1",
                             "--local-indicators", "1", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["indicators.csv", "organisations.csv", "returns.csv", "targets.csv"]
    assert f"pidash load returns {out / 'returns.csv'}" in result.stdout
    bad = subprocess.run([sys.executable, "-m", "cli", "demo-scale", "--orgs", "0", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "--orgs and --years must be at least 1" in bad.stderr


def test_with_no_local_indicators_the_files_are_written_and_name_none(tmp_path):
    """`pidash demo-scale` defaults to --local-indicators 0: that once crashed with KeyError: 'code'."""
    from cli import main

    assert main(["demo-scale", "--orgs", "3", "--years", "1", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["organisations.csv", "returns.csv", "targets.csv"]
    indicators = {line.split(",")[1] for line in (tmp_path / "returns.csv").read_text().splitlines()[1:]}
    assert indicators and not any(code.startswith("LOCAL") for code in indicators)
