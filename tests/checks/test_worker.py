"""`pidash load` checks a file in a process of its own (checks/worker.py): the same report as
checking in the loading process, nothing written when that process fails, and great-expectations
never imported by the loading process itself."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from checks import worker
from checks.suites import Check
from loads.pipeline import load_file
from vocab import LoadStatus
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[2]
HEADER = "indicator,period,numerator,denominator,value,note\n"
PROBLEMS = (HEADER + "NI59,2009-13,1,2,,\nNI999,2009-09,1,2,,\nNI59,2009-10,12,10,,\nNI60,2009-10,5,10,55.0,\n"
            "NI61,2009-10,5,10,,\nNI61,2009-10,6,10,,\nNI62,2009-11,ten,10,,\n")


@pytest.fixture
def checker():
    running = worker.start()
    yield running
    worker.stop()


def test_a_rejected_file_gets_the_same_report_from_the_checking_process(seeded_db, tmp_path, checker):
    path = tmp_path / "october.csv"
    path.write_text(PROBLEMS)
    elsewhere = load_file(seeded_db, "returns", path, "alice", checker=checker)
    here = load_file(seeded_db, "returns", path, "alice")  # great-expectations in this process
    assert elsewhere.status == here.status == LoadStatus.REJECTED
    assert elsewhere.report.text().splitlines()[1:] == here.report.text().splitlines()[1:]
    assert len(elsewhere.report.failures) == 7
    assert {(f.row, f.column) for f in elsewhere.report.failures} >= {(2, "period"), (3, "indicator"), (4, "numerator"),
                                                                      (5, "value"), (7, "period"), (8, "numerator")}


def test_an_accepted_file_loads_through_the_checking_process(fresh_db, tmp_path, checker):
    path = tmp_path / "returns.csv"
    path.write_text(HEADER + "NI59,2009-09,8,10,80.0,\nNI60,2009-09,3,4,,\n")
    outcome = load_file(fresh_db, "returns", path, "alice", checker=checker)
    assert outcome.status == LoadStatus.ACCEPTED and outcome.counts.new == 2
    assert len(outcome.report.results) > 10 and all(r.success for r in outcome.report.results)
    assert fresh_db.execute("SELECT indicator, numerator FROM indicator_return ORDER BY 1").fetchall() == [
        ("NI59", 8), ("NI60", 3)]


def test_if_the_checking_process_dies_nothing_is_written(seeded_db, tmp_path, checker):
    path = tmp_path / "returns.csv"
    path.write_text(HEADER + "NI59,2008-09,8,10,,\n")
    before = snapshot(seeded_db)
    loads = seeded_db.execute("SELECT count(*) FROM load").fetchall()
    checker.process.kill()
    checker.process.wait()
    with pytest.raises(worker.CheckerStopped, match="nothing was written"):
        load_file(seeded_db, "returns", path, "alice", checker=checker)
    assert snapshot(seeded_db) == before
    assert seeded_db.execute("SELECT count(*) FROM load").fetchall() == loads
    again = worker.start()
    assert again is not checker  # a new one for the next load
    assert load_file(seeded_db, "returns", path, "alice", checker=again).status == LoadStatus.ACCEPTED


def test_a_check_great_expectations_cannot_run_is_an_error_not_a_pass(checker):
    frame = pd.DataFrame({"x": [1.0, 2.0]})
    with pytest.raises(worker.CheckerStopped, match="the checks could not run"):
        checker.validate([(frame, [Check("between", "r", "x", {"column": "x", "no_such_argument": 1})])])
    outcomes = checker.validate([(frame, [Check("between", "r", "x", {"column": "x", "max_value": 1.5})])])
    assert [(o.success, o.result["unexpected_index_list"]) for o in outcomes[0]] == [(False, [1])]


def test_pidash_load_never_imports_great_expectations_itself(fresh_path, tmp_path):
    path = tmp_path / "returns.csv"
    path.write_text(HEADER + "NI59,2009-09,8,10,,\n")
    code = textwrap.dedent(f"""
        import sys
        from cli import main
        status = main(["--db", {str(fresh_path)!r}, "--user", "alice", "load", "returns", {str(path)!r}, "--quiet"])
        print(status, "great_expectations" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 False"
    assert "accepted as load" in done.stdout


def test_a_checking_process_whose_parent_dies_mid_request_exits_quietly():
    """A killed `pidash load` can leave its checking process a half-written request: it must end
    without an unpickling traceback on the terminal."""
    import os
    import pickle

    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False"}
    child = subprocess.Popen([sys.executable, "-m", "checks.worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, cwd=ROOT, env=env)
    request = pickle.dumps([(pd.DataFrame({"x": [1.0]}), [])], protocol=pickle.HIGHEST_PROTOCOL)
    child.stdin.write(request[: len(request) // 2])  # the parent dies half-way through sending
    child.stdin.close()
    errors = child.stderr.read()
    child.wait(timeout=120)
    child.stdout.close()
    child.stderr.close()
    assert child.returncode == 0
    assert b"Traceback" not in errors and b"UnpicklingError" not in errors
