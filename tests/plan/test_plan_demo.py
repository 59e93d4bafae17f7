"""The demo's synthetic milestone updates and risk register: regenerated exactly, labelled
synthetic, and telling the progress report's story (most complete or on track by October 2009)."""
from __future__ import annotations

import csv

import pytest

from demo import make_plan_demo
from loads.bootstrap import DEMO_DIR, DEMO_FILES


def read(name):
    with open(DEMO_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_bundled_files_are_what_the_generator_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(make_plan_demo, "OUT", tmp_path)
    make_plan_demo.main()
    for name in (make_plan_demo.STATUS_FILE, make_plan_demo.RISKS_FILE):
        assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), name


def test_init_demo_loads_the_plan_then_its_updates_and_risks():
    tables = [t for t, _ in DEMO_FILES]
    plan = ["themes", "areas", "actions", "plan_milestones", "milestones", "risks"]
    start = tables.index("themes")
    assert tables[start:start + 6] == plan  # in that order, the plan before its updates (commentary after)


@pytest.fixture(scope="module")
def updates():
    return read(make_plan_demo.STATUS_FILE)


def test_every_milestone_is_reported_each_month_end_march_to_october(updates):
    with open(make_plan_demo.PLAN / "milestones.csv", newline="", encoding="utf-8") as f:
        milestones = {(r["action"], r["milestone"]) for r in csv.DictReader(f)}
    months = sorted({u["as_of"] for u in updates})
    assert months == ["2009-03-31", "2009-04-30", "2009-05-31", "2009-06-30", "2009-07-31", "2009-08-31",
                      "2009-09-30", "2009-10-31"]
    for month in months:
        assert {(u["action"], u["milestone"]) for u in updates if u["as_of"] == month} == milestones


def test_every_commentary_says_it_is_synthetic(updates):
    said = [u["commentary"] for u in updates if u["commentary"]]
    assert said and all(c.endswith("(synthetic)") for c in said)
    assert all(r["mitigation"].endswith("(synthetic)") for r in read(make_plan_demo.RISKS_FILE))


def test_october_most_complete_or_on_track_some_exceptions_with_commentary(updates):
    october = [u for u in updates if u["as_of"] == "2009-10-31"]
    share = sum(u["status"] in ("complete", "on_track") for u in october) / len(october)
    assert share > 0.85
    exceptions = [u for u in october if u["status"] in ("off_track", "at_risk")]
    assert 10 <= len(exceptions) <= 40
    assert all(u["commentary"] for u in exceptions)
    assert any("Slippage noted in the May 2009 performance report" in u["commentary"] for u in updates)


def test_once_complete_a_milestone_stays_complete(updates):
    seen: dict[tuple, str] = {}
    for u in sorted(updates, key=lambda u: u["as_of"]):
        key = (u["action"], u["milestone"])
        assert not (seen.get(key) == "complete" and u["status"] != "complete"), key
        seen[key] = u["status"]


def test_the_register_names_the_programmes_risks():
    titles = " ".join(r["title"] for r in read(make_plan_demo.RISKS_FILE)).lower()
    for words in ("recruitment", "referrals", "data quality", "partner", "inspection"):
        assert words in titles
