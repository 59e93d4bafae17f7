"""Small shared helpers for tests (fixtures live in conftest.py)."""

HOME = "E09000014"


def snapshot(con, tables=("organisation", "indicator", "target", "indicator_return", "milestone_status", "risk")):
    """Every row of the data tables, to compare before and after a rejected load."""
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
