"""Writes the demo's exception commentary (data/demo/commentary_2009-04_to_2009-09.csv): a line
for every red or special-cause-concern figure of the home authority from April to September 2009,
and no other, each quoting its month's figures, so the demo's months can be signed off.

The figures come from the demo itself (most are computed from its synthetic case records), so
this builds a demo database in a temporary folder and reads each month's scorecard from it: run it
after `python -m demo.make_demo` whenever the demo's figures change.

Run: python -m demo.commentary
"""
from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd

from data import store
from indicators.cycle_card import with_commentary
from loads.bootstrap import DEMO_DIR, DEMO_HOME, init_database
from ops.signoff import scorecard_at
from vocab import PointType

OUT = DEMO_DIR / "commentary_2009-04_to_2009-09.csv"
PERIODS = ["2009-04", "2009-05", "2009-06", "2009-07", "2009-08", "2009-09"]
COLUMNS = ["indicator", "period", "text", "doing", "action", "expected_by"]

# indicator: (why, what is being done, the plan action it is done under, when it should show)
EXPLAINED: dict[str, tuple[str, str, str, str]] = {
    "NI59": ("the surge in referrals after the Baby Peter case is still working through the assessment teams",
             "Screening officers now filter referrals at the front door and extra administrative staff free "
             "social worker time for assessments", "3.2.1", "2009-12"),
    "NI60": ("core assessments started during the winter backlog are still being completed late",
             "Weekly tracking of every open core assessment by team managers, with a minimum standard for their "
             "quality", "2.1.7", "2010-01"),
    "NI61": ("few adoptions in the month, so one delayed placement moves the figure a long way",
             "Every child under 6 coming into care is tracked for a prompt placement for adoption", "2.7.4", "2010-03"),
    "NI62": ("too many children looked after have moved placement three or more times in the last year",
             "Placement stability meetings for every child with two moves; more local foster carers recruited",
             "2.7.2", "2010-03"),
    "NI63": ("fewer children in long-term care have stayed in the same placement for two years",
             "Long-term matching panel reviews every child in care for 2.5 years or more", "2.7.2", "2010-03"),
    "NI64": ("several long-standing child protection plans ended this year after two years or more",
             "Every plan over 15 months is reviewed by the conference chair with the team manager", "2.6.1", "2009-12"),
    "NI65": ("more children than expected are becoming subject to a plan for a second time",
             "Core groups defined for every plan; step-down to child in need is reviewed at three months",
             "2.6.2", "2010-01"),
    "NI66": ("reviews for looked after children slipped while independent reviewing officer posts were vacant",
             "Two independent reviewing officers appointed; review dates tracked weekly", "7.3.3", "2009-11"),
    "NI67": ("child protection reviews were held out of timescale while conference chairs were covering vacancies",
             "Conference chairs' diaries booked six weeks ahead; late reviews escalated to the Head of Service",
             "2.6.1", "2009-11"),
    "NI68": ("fewer referrals went on to an initial assessment while the new referral pathway settled in",
             "The duty manager checks every referral closed without an assessment", "2.1.1", "2009-12"),
}


def lines(card: pd.DataFrame, period: str) -> list[dict]:
    """The commentary rows for one month's scorecard: every line needing commentary."""
    needing = with_commentary(card, pd.DataFrame({"indicator": [], "text": []}))
    month = dt.date.fromisoformat(period + "-01").strftime("%B %Y")
    rows = []
    for line in needing[needing["commentary_needed"]].itertuples():
        why, doing, action, expected_by = EXPLAINED[line.indicator]
        spc = " The SPC chart shows special cause concern." if line.variation == PointType.SPECIAL_CAUSE_CONCERN.value else ""
        text = (f"{month}: {line.value:.1f}% in the month and {line.ytd_value:.1f}% year to date against a target "
                f"of {line.target:g}% ({line.rag}): {why}.{spc} (synthetic)")
        rows.append({"indicator": line.indicator, "period": period, "text": text, "doing": f"{doing} (synthetic)",
                     "action": action, "expected_by": expected_by})
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        con = store.connect(Path(folder) / "demo.duckdb")
        try:
            init_database(con, "demo.commentary", demo=True)
            rows = [row for period in PERIODS for row in lines(scorecard_at(con, DEMO_HOME[0], period), period)]
        finally:
            con.close()
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT.name}: {len(rows)} lines")


if __name__ == "__main__":
    main()
