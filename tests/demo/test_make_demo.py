"""The demo's hand-made files are what their generators make: the returns from their seed, and the
commentary from the demo's own figures (so it quotes them and covers exactly the lines needing it)."""
from __future__ import annotations

import csv

from demo import commentary, make_demo
from loads.bootstrap import DEMO_DIR, DEMO_HOME
from ops.signoff import scorecard_at


def test_the_bundled_returns_are_regenerated_exactly(tmp_path):
    made = tmp_path / "returns.csv"
    make_demo.write_csv(made, make_demo.hand_made_returns())
    bundled = DEMO_DIR / "returns_2007-04_to_2011-03.csv"
    assert made.read_bytes() == bundled.read_bytes()
    with bundled.open(newline="", encoding="utf-8") as f:
        home = {row["indicator"] for row in csv.DictReader(f) if row["org"] == DEMO_HOME[0]}
    assert home == {"NI61"}  # the rest of the home authority's figures are computed from case records


def test_the_bundled_commentary_quotes_the_demos_figures(seeded_db):
    with commentary.OUT.open(newline="", encoding="utf-8") as f:
        bundled = list(csv.DictReader(f))
    made = [row for period in commentary.PERIODS
            for row in commentary.lines(scorecard_at(seeded_db, DEMO_HOME[0], period), period)]
    assert made == bundled
    april_ni59 = next(r for r in bundled if (r["indicator"], r["period"]) == ("NI59", "2009-04"))
    numerator, denominator = seeded_db.execute(
        "SELECT numerator, denominator FROM indicator_return WHERE org = ? AND indicator = 'NI59' "
        "AND period = DATE '2009-04-01' AND superseded_by IS NULL", [DEMO_HOME[0]]).fetchall()[0]
    assert april_ni59["text"].startswith(f"April 2009: {numerator / denominator * 100:.1f}% in the month")
