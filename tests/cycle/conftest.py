"""Helpers for the monthly cycle's tests: the command run in this process or as a real one, roles
files, and a return loaded as if on a given day."""
from __future__ import annotations

import contextlib
import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from data import cycle_queries, store
from loads.pipeline import load_file
from tests.helpers import HOME
from vocab import LoadStatus

LOGIN = getpass.getuser()


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    """`pidash --db DB ARGS` in this process: (exit status, stdout, stderr)."""
    capsys.readouterr()
    status = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, db: Path, *args: str):
    status, out, err = run(capsys, db, *args, "--json")
    assert status == 0, err
    return json.loads(out)


def pidash(db: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`pidash --db DB ARGS` as a user runs it: a process of its own."""
    environment = {**os.environ, "PIDASH_USER": LOGIN, **(env or {})}
    return subprocess.run([sys.executable, "-m", "cli", "--db", str(db), *args], capture_output=True, text=True,
                          env=environment, timeout=300)


@pytest.fixture
def as_role(tmp_path, monkeypatch):
    """as_role('viewer'): from now on this test's login (and --user, the same name) holds that role."""
    def use(role: str) -> Path:
        path = tmp_path / f"roles-{role}.toml"
        path.write_text(f'[users]\n"{LOGIN}" = "{role}"\n')
        monkeypatch.setenv("PIDASH_ROLES", str(path))
        monkeypatch.setenv("PIDASH_USER", LOGIN)
        return path

    return use


def load_text(con, table: str, tmp_path: Path, name: str, text: str, user: str = "test-officer"):
    """Load `text` as the file `name` through the real load path; the outcome."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_file(con, table, path, user)


def load_returns_on(con, tmp_path: Path, name: str, rows: str, loaded_at: str) -> int:
    """Load returns (`indicator,period,numerator,denominator` lines) and record the load as made at
    `loaded_at` ('YYYY-MM-DD HH:MM'), as if the file had arrived then; its load id."""
    outcome = load_text(con, "returns", tmp_path, name, "indicator,period,numerator,denominator\n" + rows)
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    with store.transaction(con):
        con.execute("UPDATE load SET loaded_at = ?::TIMESTAMP WHERE id = ?", [loaded_at, outcome.load_id])
    return outcome.load_id


def fill_unreturned(con, folder: Path, period: str, org: str = HOME) -> list[str]:
    """Load a figure (1 of 2) for each return `org` never made for `period` (a return deleted or
    never loaded in a test's own copy), so that only commentary can stand between the month and
    sign-off; the indicators filled."""
    missing = cycle_queries.unreturned(con, period, org)
    if missing:
        rows = "".join(f"{org},{code},{period},1,2\n" for code in missing)
        outcome = load_text(con, "returns", folder, f"fill-{org}-{period}.csv",
                            "org,indicator,period,numerator,denominator\n" + rows)
        assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    return missing


@pytest.fixture(scope="session")
def ready_template(seeded_template) -> Path:
    """The demo, whose home authority's September and October 2009 returns are complete (its NI 61
    hand-made, the rest computed from its case records): checked here, straight from the tables,
    since the tests on it count on only commentary standing in the way of sign-off."""
    with contextlib.closing(store.connect(seeded_template, read_only=True)) as con:
        for period in ("2009-09", "2009-10"):
            expected = {code for (code,) in con.execute(
                "SELECT DISTINCT code FROM indicator WHERE valid_from <= ?::DATE "
                "AND (valid_to IS NULL OR valid_to >= ?::DATE)", [period + "-01"] * 2).fetchall()}
            there = {code for (code,) in con.execute(
                "SELECT DISTINCT indicator FROM indicator_return WHERE org = ? AND period = ?::DATE",
                [HOME, period + "-01"]).fetchall()}
            assert expected and expected <= there, (period, sorted(expected - there))
    return seeded_template


@pytest.fixture
def ready_path(ready_template, seeded_path) -> Path:
    """A private copy of the demo (and its key), its September and October 2009 checked complete."""
    return seeded_path


@pytest.fixture
def ready_db(ready_path):
    con = store.connect(ready_path)
    yield con
    con.close()
