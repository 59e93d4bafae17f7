"""The cycle on the demo (`pidash init --demo`): its synthetic commentary and sign-offs, and the
issue's done-when, as a user runs it: `pidash status --period 2009-10` names what is missing; an
approver signs off September 2009; a restatement of September loaded afterwards leaves
`pidash scorecard --period 2009-09 --as-signed-off --json` unchanged and shows
`changed_since_signoff` on the live scorecard."""
from __future__ import annotations

import contextlib
import csv
import json

import pandas as pd

from data import cycle_queries, store
from indicators.cycle_card import with_commentary
from loads.bootstrap import DEMO_APPROVER, DEMO_DIR, DEMO_SIGNED_OFF
from ops import signoff
from tests.cycle.conftest import LOGIN, pidash
from tests.helpers import HOME

COMMENTED = ["2009-04", "2009-05", "2009-06", "2009-07", "2009-08", "2009-09"]


def never_returned(con, period: str) -> dict[str, list[str]]:
    """Each local authority's indicators in force in `period` with no figure at all, read straight
    from the tables (not through the code under test)."""
    rows = con.execute(
        """
        SELECT o.code, i.code FROM organisation o
        CROSS JOIN (SELECT DISTINCT code FROM indicator
                    WHERE valid_from <= last_day(?::DATE) AND (valid_to IS NULL OR valid_to >= ?::DATE)) i
        WHERE o.kind = 'local_authority'
          AND NOT EXISTS (SELECT 1 FROM indicator_return r
                          WHERE r.org = o.code AND r.indicator = i.code AND r.period = ?::DATE)
        ORDER BY o.code, i.code
        """, [period + "-01"] * 3).fetchall()
    found: dict[str, list[str]] = {}
    for org, code in rows:
        found.setdefault(org, []).append(code)
    return found


def test_the_demo_comments_on_exactly_the_red_and_concern_lines_it_signs_off(seeded_db):
    with open(DEMO_DIR / "commentary_2009-04_to_2009-09.csv", newline="", encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert all(row["text"].endswith("(synthetic)") and row["doing"].endswith("(synthetic)") for row in written)
    for period in COMMENTED:
        card = signoff.scorecard_at(seeded_db, HOME, period)
        would_need = with_commentary(card, pd.DataFrame({"indicator": [], "text": []}))
        needing = set(would_need.loc[would_need["commentary_needed"], "indicator"])
        assert needing, period  # the demo's months have red lines to explain
        assert {r["indicator"] for r in written if r["period"] == period} == needing, period
        assert signoff.month_status(seeded_db, HOME, period).needing_commentary().empty


def test_the_demo_signs_off_april_to_august_2009_by_the_demo_approver(seeded_db):
    rows = cycle_queries.signoffs(seeded_db, HOME)
    assert list(rows["period"].dt.strftime("%Y-%m")) == DEMO_SIGNED_OFF == ["2009-04", "2009-05", "2009-06",
                                                                             "2009-07", "2009-08"]
    assert set(rows["signed_by"]) == {DEMO_APPROVER} == {"demo approver (synthetic)"}
    assert set(rows["kind"]) == {"signoff"}
    assert set(rows["load_id"]) == {cycle_queries.max_accepted_load(seeded_db)}
    missing = {period: never_returned(seeded_db, period).get(HOME, []) for period in DEMO_SIGNED_OFF}
    for row in rows.to_dict(orient="records"):
        period = row["period"].strftime("%Y-%m")
        status = signoff.month_status(seeded_db, HOME, period)
        assert status.signed_off and status.needing_commentary().empty
        if missing[period]:  # signed off without a return never made: the override says which
            assert not status.ready
            assert row["override"] == f"signed off without {', '.join(missing[period])}, never returned (synthetic)"
        else:
            assert status.ready and row["override"] is None
    assert signoff.current_signoff(seeded_db, HOME, "2009-09") is None  # September is left for the newcomer


def test_done_when_on_the_demo(seeded_path, tmp_path):
    roles = tmp_path / "roles.toml.example"
    roles.write_text(f'[users]\n"{LOGIN}" = "approver"\n')
    env = {"PIDASH_ROLES": str(roles), "PIDASH_TODAY": "2009-11-16"}
    with contextlib.closing(store.connect(seeded_path)) as con:
        # the demo has every return (its NI 61 hand-made, the rest computed from case records):
        # in this private copy, October's NI 61 has not come, so status has a return to name
        assert never_returned(con, "2009-10") == never_returned(con, "2009-09") == {}
        with store.transaction(con):
            con.execute("DELETE FROM indicator_return WHERE org = ? AND indicator = 'NI61' "
                        "AND period = '2009-10-01'", [HOME])
        october_missing = never_returned(con, "2009-10")
        september_missing = never_returned(con, "2009-09").get(HOME, [])
    assert october_missing == {HOME: ["NI61"]} and september_missing == []

    # `pidash status --period 2009-10` names what is missing
    shown = pidash(seeded_path, "status", "--period", "2009-10", env=env)
    assert shown.returncode == 0, shown.stderr
    for block in shown.stdout.split("\n\n"):
        org = block.split(" ", 1)[0]
        expected = ", ".join(f"{code} (due 2009-11-13)" for code in october_missing.get(org, [])) or "none"
        assert f"\n  missing (past the due day): {expected}\n" in block, block
    home = next(b for b in shown.stdout.split("\n\n") if b.startswith(HOME))
    assert "not ready for sign-off" in home
    # October's year to date misses its target by more than the tolerance on NI 59, 60, 65 and 67
    # (sums of Apr-Oct numerators over denominators; NI 67 is rated on its latest month), and NI 62's
    # monthly rate has run well above its earlier level since January 2009 (lower is better): a
    # special cause of concern though its latest month meets the target
    assert ("still need commentary: NI59 (Red; Common cause variation), NI60 (Red; Common cause variation), "
            "NI62 (Green; Special cause: concern), NI65 (Red; Common cause variation), "
            "NI67 (Red; Common cause variation)\n") in home

    # an approver signs off September 2009: every return came and its commentary is complete, so no
    # override is needed (one is recorded only when a month is not ready: tests/cycle/test_signoff.py)
    signed = pidash(seeded_path, "signoff", "--period", "2009-09", "--note", "PI report to Scrutiny", env=env)
    assert signed.returncode == 0, signed.stderr
    with contextlib.closing(store.connect(seeded_path, read_only=True)) as con:
        assert signoff.current_signoff(con, HOME, "2009-09")["override"] is None
    assert f"{HOME} 2009-09 signed off by {LOGIN}" in signed.stdout
    before = pidash(seeded_path, "scorecard", "--period", "2009-09", "--as-signed-off", "--json", env=env)
    assert before.returncode == 0, before.stderr
    live_before = json.loads(pidash(seeded_path, "scorecard", "--period", "2009-09", "--json", env=env).stdout)
    assert {row["changed_since_signoff"] is None for row in live_before} == {True}

    # a restatement of September, loaded afterwards
    restated = tmp_path / "september_restated.csv"
    restated.write_text("indicator,period,numerator,denominator,note\n"
                        "NI59,2009-09,160,189,restated after case-file audit (synthetic)\n")
    loaded = pidash(seeded_path, "load", "returns", str(restated), "--quiet", env=env)
    assert loaded.returncode == 0 and "1 restated" in loaded.stdout, loaded.stderr

    after = pidash(seeded_path, "scorecard", "--period", "2009-09", "--as-signed-off", "--json", env=env)
    assert after.returncode == 0 and after.stdout == before.stdout
    signed_rows = {r["indicator"]: r for r in json.loads(after.stdout)}
    assert signed_rows["NI59"]["value"] == {r["indicator"]: r for r in live_before}["NI59"]["value"]

    live = {r["indicator"]: r for r in json.loads(
        pidash(seeded_path, "scorecard", "--period", "2009-09", "--json", env=env).stdout)}
    assert live["NI59"]["value"] == 160 / 189 * 100
    change = live["NI59"]["changed_since_signoff"]
    assert change["signed_off"] == {k: signed_rows["NI59"][k] for k in ("value", "ytd_value", "rag", "variation",
                                                                         "assurance")}
    assert change["now"] == {k: live["NI59"][k] for k in ("value", "ytd_value", "rag", "variation", "assurance")}
    assert {code for code, row in live.items() if row["changed_since_signoff"] is not None} == {"NI59"}
