"""Setting up a database: the indicator catalogue, the home organisation, and the demo data.

Bundled files go through the same validated load path as any officer's file, so the demo
database has a load history like a real one.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from data import case_queries, store
from data.cycle_queries import insert_signoff, latest_signoff, max_accepted_load
from loads import cases, pseudonym
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
    # the real 2009 improvement plan (data/plan/), then its synthetic status updates and risk register
    ("themes", "../plan/themes.csv"),
    ("areas", "../plan/areas.csv"),
    ("actions", "../plan/actions.csv"),
    ("plan_milestones", "../plan/milestones.csv"),
    ("milestones", "milestone_status_2009-03_to_2009-10.csv"),
    ("risks", "risks_2009.csv"),
    # the monthly cycle: commentary on every red or concern line of April to September 2009 (synthetic)
    ("commentary", "commentary_2009-04_to_2009-09.csv"),
]
# ... and the home authority's synthetic case records (demo/cases.py), from which its NI 59, 60, 62-68
# and SA45 are computed: the extract of 31 August 2009, then that of 31 March 2011 (which restates
# what the autumn 2009 case-file audit corrected)
DEMO_CASES_EARLIER = DEMO_DIR / "cases_2009-08-31"
DEMO_CASES = DEMO_DIR / "cases"
DEMO_CASES_ORG = DEMO_HOME[0]
# ... and April to August 2009 signed off, so a newcomer sees the cycle (September is left to sign off)
DEMO_APPROVER = "demo approver (synthetic)"
DEMO_SIGNED_OFF = ["2009-04", "2009-05", "2009-06", "2009-07", "2009-08"]


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
    _make_key(con)
    if demo:
        for table, name in DEMO_FILES:
            outcomes.append(_must(load_file(con, table, DEMO_DIR / name, user)))
        for extract in (DEMO_CASES_EARLIER, DEMO_CASES):
            outcomes.append(_must(cases.load_cases(con, extract, user, org=DEMO_CASES_ORG, label="synthetic")))
        _sign_off_demo(con, home[0])
    return outcomes


def _sign_off_demo(con: duckdb.DuckDBPyConnection, org: str) -> None:
    """The demo's sign-offs, each recording the highest load then. Each month is ready (every
    return in, its commentary complete: tests/cycle/test_demo_cycle.py), so none needs an
    override. A month already signed off (a second `init --demo`) is left."""
    with store.transaction(con):
        load_id = max_accepted_load(con)
        for period in DEMO_SIGNED_OFF:
            latest = latest_signoff(con, org, period)
            if latest is not None and latest["kind"] == "signoff":
                continue
            insert_signoff(con, org, period, "signoff", DEMO_APPROVER, load_id,
                           note="signed off at the monthly performance meeting (synthetic)")


def _make_key(con: duckdb.DuckDBPyConnection) -> None:
    """The pseudonymisation key for case records, beside the database file (loads/pseudonym.py);
    an in-memory database without $PIDASH_KEY_FILE has nowhere to keep one, and gets none."""
    try:
        pseudonym.ensure_key(con)
    except pseudonym.KeyProblem as problem:
        if pseudonym.ENV in os.environ or case_queries.database_file(con) is not None:
            raise SetupError(str(problem)) from None


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
