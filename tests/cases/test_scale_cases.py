"""demo/cases.py at scale: the vectorised generator (`Scale`, `generate_scaled`, `write_scaled`,
`python -m demo.cases --authorities N`) makes case loads the case load accepts, the same files for
the same seed, and leaves the demo's own files exactly as they were."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from demo import cases as demo_cases
from indicators.workdays import add_working_days
from loads.bootstrap import DEMO_CASES, DEMO_CASES_EARLIER
from loads.cases import load_cases
from vocab import LoadStatus

from tests.helpers import HOME

SMALL = demo_cases.Scale(authorities=2, years=4, size=0.3)
RECORD_IDS = {"ssd_person": "pers_person_id", "ssd_cin_episodes": "cine_referral_id",
              "ssd_cin_assessments": "cina_assessment_id", "ssd_cp_plans": "cppl_cp_plan_id",
              "ssd_cp_reviews": "cppr_cp_review_id", "ssd_cla_episodes": "clae_cla_episode_id",
              "ssd_cla_placement": "clap_cla_placement_id", "ssd_cla_reviews": "clar_cla_review_id"}


def test_the_vectorised_date_steps_agree_with_working_days_and_calendar_months():
    made = demo_cases._Vectorised(np.random.default_rng(0), SMALL, demo_cases._holidays(1995))
    rng = np.random.default_rng(7)
    days = np.datetime64("1999-01-01") + rng.integers(0, 4500, 3000).astype("timedelta64[D]")
    n = rng.integers(0, 50, 3000)
    expected = [add_working_days(d.astype(dt.date), int(k)) for d, k in zip(days, n)]
    assert list(made.working_days_after(days, n).astype(dt.date)) == expected
    expected = [(pd.Timestamp(d) + pd.DateOffset(months=int(k))).date() for d, k in zip(days, n)]  # clamps to the month's end
    assert list(made.months_after(days, n).astype(dt.date)) == expected


def test_scaled_tables_have_the_demo_columns_unique_ids_and_the_demo_timeline():
    tables = demo_cases.generate_scaled(SMALL)
    assert list(tables) == list(demo_cases.TABLE_COLUMNS)
    for table, frame in tables.items():
        assert list(frame.columns) == demo_cases.TABLE_COLUMNS[table]
        assert len(frame) and frame[RECORD_IDS[table]].is_unique, table
    referrals = tables["ssd_cin_episodes"]["cine_referral_date"]
    assert referrals.min() >= np.datetime64(SMALL.referrals_from) and referrals.max() <= np.datetime64(demo_cases.END)
    assert (SMALL.referrals_from, SMALL.plans_from, SMALL.care_from) == (
        dt.date(2007, 4, 1), dt.date(2005, 1, 1), dt.date(2003, 1, 1))  # 4 years: the demo's timeline
    people = set(tables["ssd_person"]["pers_person_id"])
    for table in ("ssd_cin_episodes", "ssd_cin_assessments", "ssd_cp_plans", "ssd_cla_episodes", "ssd_cla_placement"):
        column = next(c for c in tables[table].columns if c.endswith("_person_id"))
        assert set(tables[table][column]) <= people, table


def test_size_and_years_scale_the_records():
    small = sum(len(f) for f in demo_cases.generate_scaled(demo_cases.Scale(1, 4, 0.3)).values())
    double = sum(len(f) for f in demo_cases.generate_scaled(demo_cases.Scale(1, 4, 0.6)).values())
    longer = sum(len(f) for f in demo_cases.generate_scaled(demo_cases.Scale(1, 8, 0.3)).values())
    assert 1.7 < double / small < 2.3 and longer > 1.6 * small
    with pytest.raises(ValueError):
        demo_cases.Scale(authorities=0)


def test_the_same_seed_writes_the_same_files_and_each_authority_its_own(tmp_path):
    first = demo_cases.write_scaled(tmp_path / "a", SMALL)
    second = demo_cases.write_scaled(tmp_path / "b", SMALL, codes=["X1", "X2"])
    assert list(first) == ["SYN001", "SYN002"] and list(second) == ["X1", "X2"]
    for table in demo_cases.TABLE_COLUMNS:
        one = (tmp_path / "a" / "SYN001" / f"{table}.csv").read_bytes()
        assert one == (tmp_path / "b" / "X1" / f"{table}.csv").read_bytes()
        assert one != (tmp_path / "a" / "SYN002" / f"{table}.csv").read_bytes()
        assert one.split(b"\n", 1)[0].decode() == ",".join(demo_cases.TABLE_COLUMNS[table])
    assert (tmp_path / "a" / "README.md").exists()


def test_a_scaled_case_load_is_accepted_with_every_returns_month_computed(fresh_db, tmp_path):
    demo_cases.write_scaled(tmp_path, demo_cases.Scale(1, 4, 0.3), codes=[HOME])
    outcome = load_cases(fresh_db, tmp_path / HOME, "test-officer", org=HOME)
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()[:3000]
    assert {f.code for f in outcome.prepared.findings} <= {"C901Q", "C902Q"}  # queries only, as the demo's
    assert outcome.derived.rows == 10 * 48 and not outcome.not_computed


def test_the_command_writes_the_demo_as_before_by_default_and_case_loads_with_authorities(tmp_path, capsys):
    demo_cases.main(["--out", str(tmp_path / "demo")])
    for bundled in (DEMO_CASES_EARLIER, DEMO_CASES):
        for path in sorted(bundled.iterdir()):
            assert (tmp_path / "demo" / bundled.name / path.name).read_bytes() == path.read_bytes(), path.name
    demo_cases.main(["--authorities", "2", "--years", "1", "--size", "0.2", "--out", str(tmp_path / "scaled")])
    assert sorted(p.name for p in (tmp_path / "scaled").iterdir()) == ["README.md", "SYN001", "SYN002"]
    assert "2 authorities" in capsys.readouterr().out
