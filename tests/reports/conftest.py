"""A pack built once for the module's tests: the real command on a copy of the demo database."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest


def run_pidash(*args, db, env_extra=None):
    env = {**os.environ, "PIDASH_USER": "qa-officer", **(env_extra or {})}
    command = [sys.executable, "-m", "cli", "--db", str(db), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="session")
def demo_pack(seeded_template, tmp_path_factory):
    """`pidash evidence --period 2009-09 --out DIR` on the demo: the pack CI builds."""
    folder = tmp_path_factory.mktemp("pack")
    db = folder / "pidash.duckdb"
    shutil.copy(seeded_template, db)
    out = folder / "pack"
    started = time.perf_counter()
    result = run_pidash("evidence", "--period", "2009-09", "--out", str(out), db=db)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    return {"db": db, "out": out, "result": result, "seconds": seconds,
            "xlsx": out / "evidence-E09000014-2009-09.xlsx", "pdf": out / "evidence-E09000014-2009-09.pdf",
            "index": out / "index.csv"}
