"""Named fixtures the feature tests build on: a fresh database, a seeded (demo) database, files."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("PIDASH_USER", "test-officer")

from data import store  # noqa: E402
from loads.bootstrap import init_database  # noqa: E402

from tests.helpers import HOME  # noqa: E402


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """The demo database, built once per session through the real load path."""
    path = tmp_path_factory.mktemp("seeded") / "pidash.duckdb"
    con = store.connect(path)
    init_database(con, "test-officer", demo=True)
    con.execute("CHECKPOINT")
    con.close()
    return path


@pytest.fixture(scope="session")
def demo_returns_csv(seeded_template, tmp_path_factory) -> Path:
    """The demo's figures in force, hand-made and computed from the home authority's case records,
    as one returns file: for tests that load the demo's returns, some left out or changed, through
    the returns path alone (DEMO_FILES with this in place of returns_2007-04_to_2011-03.csv)."""
    path = tmp_path_factory.mktemp("demo-returns") / "returns_2007-04_to_2011-03.csv"
    con = store.connect(seeded_template, read_only=True)
    try:
        con.execute(
            "COPY (SELECT org, indicator, strftime(period, '%Y-%m') AS period, numerator, denominator, value, note "
            f"FROM indicator_return WHERE superseded_by IS NULL ORDER BY org, indicator, period) TO '{path}' (HEADER)")
    finally:
        con.close()
    return path


@pytest.fixture
def seeded_path(seeded_template, tmp_path) -> Path:
    """A private copy of the demo database file, and its pseudonymisation key, for one test."""
    path = tmp_path / "pidash.duckdb"
    shutil.copy(seeded_template, path)
    shutil.copy(str(seeded_template) + ".key", str(path) + ".key")
    return path


@pytest.fixture
def seeded_db(seeded_path):
    con = store.connect(seeded_path)
    yield con
    con.close()


@pytest.fixture(scope="session")
def fresh_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fresh") / "pidash.duckdb"
    con = store.connect(path)
    init_database(con, "test-officer", home=(HOME, "Haringey"))
    con.execute("CHECKPOINT")
    con.close()
    return path


@pytest.fixture
def fresh_path(fresh_template, tmp_path) -> Path:
    """A database with the schema, the indicator catalogue and the home organisation only."""
    path = tmp_path / "fresh.duckdb"
    shutil.copy(fresh_template, path)
    return path


@pytest.fixture
def fresh_db(fresh_path):
    con = store.connect(fresh_path)
    yield con
    con.close()
