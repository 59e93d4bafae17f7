"""Setting up a database: the indicator catalogue, the home organisation, and the demo data.

Bundled files go through the same validated load path as any officer's file, so the demo
database has a load history like a real one.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from data import store
from loads.pipeline import LoadOutcome, load_file
from vocab import LoadStatus, OrgKind

CATALOGUE = store.DATA_DIR / "indicators.csv"
DEMO_DIR = store.DATA_DIR / "demo"
DEMO_HOME = ("E09000014", "Haringey")

# (table, file) in the order a new authority would load them
DEMO_FILES: list[tuple[str, str]] = [
    ("organisations", "organisations.csv"),
    ("targets", "targets.csv"),
    ("returns", "returns_2007-04_to_2011-03.csv"),
    ("returns", "returns_restated_2009-08.csv"),
    # the real 2009 improvement plan (data/plan/), then its synthetic status updates and risk register
    ("themes", "../plan/themes.csv"),
    ("areas", "../plan/areas.csv"),
    ("actions", "../plan/actions.csv"),
    ("plan_milestones", "../plan/milestones.csv"),
    ("milestones", "milestone_status_2009-03_to_2009-10.csv"),
    ("risks", "risks_2009.csv"),
]


class SetupError(Exception):
    pass


def init_database(
    con: duckdb.DuckDBPyConnection,
    user: str,
    home: tuple[str, str] | None = None,
    demo: bool = False,
) -> list[LoadOutcome]:
    """Create the schema (already done by connect), load the catalogue, set the home organisation."""
    outcomes: list[LoadOutcome] = []
    if not con.execute("SELECT count(*) FROM indicator").fetchall()[0][0]:
        outcomes.append(_must(load_file(con, "indicators", CATALOGUE, user)))
    if demo:
        home = home or DEMO_HOME
    if home:
        code, name = home
        with store.transaction(con):
            con.execute(
                "INSERT INTO organisation (code, name, kind) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING",
                [code, name, OrgKind.LOCAL_AUTHORITY.value],
            )
            store.set_setting(con, "home_org", code)
    if demo:
        for table, name in DEMO_FILES:
            outcomes.append(_must(load_file(con, table, DEMO_DIR / name, user)))
    return outcomes


def _must(outcome: LoadOutcome) -> LoadOutcome:
    if outcome.status != LoadStatus.ACCEPTED:
        raise SetupError(f"a bundled file was rejected, which is a bug:\n{outcome.summary()}")
    return outcome


def is_initialised(path: Path) -> bool:
    """True when the file exists and holds the catalogue (used by `make run` to build the demo once)."""
    if not path.exists():
        return False
    con = duckdb.connect(str(path), read_only=True)
    try:
        return bool(con.execute("SELECT count(*) FROM indicator").fetchall()[0][0])
    except duckdb.Error:
        return False
    finally:
        con.close()
