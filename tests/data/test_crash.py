"""A load killed at any moment (SIGKILL) leaves a database that opens with all of the batch or none of it.

A 201,600-row returns file is checked once; then a child process commits it to a fresh copy of
the database and is killed at a different moment each time: as the write starts, part-way
through, around the commit, during the checkpoint. Two more runs kill the real `pidash load`.
"""
from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data import store
from loads.pipeline import commit, load_file, prepare

ROOT = Path(__file__).resolve().parents[2]
ORGS = [f"X{n:05d}" for n in range(420)]
ROWS = len(ORGS) * 10 * 48  # 201,600
DELAYS = [0.0, 0.02, 0.08, 0.15, 0.25, 0.4, 0.6, 1.0]  # seconds after the write began

CHILD = """
import pickle, sys
from data import store
from loads.pipeline import commit
path, pickled = sys.argv[1], sys.argv[2]
prepared = pickle.load(open(pickled, "rb"))
con = store.connect(path)
def progress(fraction, message):
    if message.startswith("Writing"):
        print("writing", flush=True)
commit(con, prepared, "crash-test", progress)
print("committed", flush=True)
con.execute("CHECKPOINT")
print("checkpointed", flush=True)
con.close()
print("closed", flush=True)
"""


def big_returns(path: Path) -> None:
    rng = np.random.default_rng(7)
    keys = pd.MultiIndex.from_product(
        [ORGS, [f"NI{n}" for n in range(59, 69)], pd.period_range("2006-04", periods=48, freq="M").astype(str)],
        names=["org", "indicator", "period"]).to_frame(index=False)
    keys["denominator"] = rng.integers(50, 500, len(keys))
    keys["numerator"] = (keys["denominator"] * rng.uniform(0.3, 1, len(keys))).astype(int)
    keys["note"] = "synthetic crash-test figure"
    keys[["org", "indicator", "period", "numerator", "denominator", "note"]].to_csv(path, index=False)


@pytest.fixture(scope="module")
def crash_setup(tmp_path_factory, fresh_template):
    """A database that knows the 420 organisations, the big file, and the file checked and pickled."""
    work = tmp_path_factory.mktemp("crash")
    base = work / "base.duckdb"
    shutil.copy(fresh_template, base)
    organisations = work / "organisations.csv"
    pd.DataFrame({"code": ORGS, "name": [f"Authority {c}" for c in ORGS], "kind": "local_authority"}).to_csv(
        organisations, index=False)
    big = work / "returns.csv"
    big_returns(big)
    con = store.connect(base)
    assert load_file(con, "organisations", organisations, "setup").status == "accepted"
    prepared = prepare(con, "returns", big.read_bytes(), big.name)
    assert prepared.accepted and len(prepared.frame) == ROWS, prepared.report.text()
    con.execute("CHECKPOINT")
    con.close()
    pickled = work / "prepared.pkl"
    pickled.write_bytes(pickle.dumps(prepared))
    return base, big, pickled, prepared


def child_env() -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), GX_ANALYTICS_ENABLED="False")
    return env


def assert_all_or_nothing(path: Path) -> str:
    """Open the database after the kill; the batch must be wholly there or wholly absent."""
    con = store.connect(path)
    try:
        returns = con.execute("SELECT count(*) FROM indicator_return").fetchall()[0][0]
        loads = con.execute(
            "SELECT l.status, l.rows, l.rows_new, count(r.load_id) FROM load l "
            "LEFT JOIN indicator_return r ON r.load_id = l.id WHERE l.kind = 'returns' GROUP BY ALL").fetchall()
        checks = con.execute(
            "SELECT count(*) FROM check_result WHERE load_id IN (SELECT id FROM load WHERE kind = 'returns')"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert returns in (0, ROWS), f"{returns} of {ROWS} rows survived the kill"
    if returns == 0:
        assert loads == [] and checks == 0, loads
        return "none"
    assert loads == [("accepted", ROWS, ROWS, ROWS)], loads
    assert checks > 0
    return "all"


def kill_when(process: subprocess.Popen, stream, marker: str, delay: float) -> None:
    """Read the child's output until `marker` appears, wait `delay` seconds, then SIGKILL it."""
    deadline = time.monotonic() + 60
    for line in stream:
        if marker in line or time.monotonic() > deadline:
            break
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_a_load_killed_at_any_moment_leaves_all_or_none_of_the_batch(crash_setup, tmp_path):
    base, _, pickled, _ = crash_setup
    outcomes = []
    for number, delay in enumerate(DELAYS):
        path = tmp_path / f"run{number}.duckdb"
        shutil.copy(base, path)
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(pickled)], cwd=ROOT, env=child_env(),
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        kill_when(child, child.stdout, "writing", delay)
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL or child.returncode == 0
        outcomes.append(assert_all_or_nothing(path))
    assert "none" in outcomes  # killed inside the transaction at least once: nothing of it was kept


def test_the_real_load_command_killed_mid_way_leaves_all_or_none(crash_setup, tmp_path):
    base, big, _, prepared = crash_setup
    for number, (marker, delay) in enumerate([("Read", 1.0), ("Writing", 0.1)]):
        path = tmp_path / f"cli{number}.duckdb"
        shutil.copy(base, path)
        child = subprocess.Popen(
            [sys.executable, "-m", "cli", "--db", str(path), "--user", "crash-test", "load", "returns", str(big)],
            cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        kill_when(child, child.stderr, marker, delay)
        child.stderr.close()
        assert_all_or_nothing(path)
    # the database a kill left behind takes the next load as usual
    con = store.connect(path)
    try:
        outcome = commit(con, prepared, "after-the-crash")
        assert outcome.status == "accepted"
        assert con.execute("SELECT count(*) FROM indicator_return WHERE superseded_by IS NULL").fetchall()[0][0] == ROWS
    finally:
        con.close()
