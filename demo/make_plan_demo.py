"""Writes the demo's milestone status updates and programme risk register into data/demo/.

The plan itself (data/plan/*.csv) is the real 2009 Haringey action plan. Its delivery reports
are not public in full, so these updates are **synthetic**, shaped by the council's October 2009
progress report (seeds/003): most milestones complete or on track by October 2009; slippage
noted in May's performance report; timelines revisited when the plan was refreshed in August;
a handful off track or at risk with commentary. Every commentary ends "(synthetic)".
Deterministic: a fixed seed, and the plan's own milestones in file order.

Run: python -m demo.make_plan_demo
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from pathlib import Path

import numpy as np

from plan.timescale import parse_timescale

DATA = Path(__file__).resolve().parents[1] / "data"
PLAN = DATA / "plan"
OUT = DATA / "demo"
STATUS_FILE = "milestone_status_2009-03_to_2009-10.csv"
RISKS_FILE = "risks_2009.csv"
SEED = 2009
SYNTHETIC = " (synthetic)"

MONTH_ENDS = [dt.date(2009, m, calendar.monthrange(2009, m)[1]) for m in range(3, 11)]
MAY, AUGUST, SEPTEMBER = MONTH_ENDS[2], MONTH_ENDS[5], MONTH_ENDS[6]

# What held a milestone up, by what it is about (first match wins), in the progress report's words.
CAUSES: list[tuple[str, str]] = [
    (r"recruit|retain|retention|workforce|vacanc|social work(er)? posts|haringey offer",
     "recruitment to permanent posts slower than planned; interim and agency staff covering vacancies"),
    (r"referral|contact|assessment|threshold|duty",
     "rise in referrals since the Baby Peter case has stretched assessment capacity"),
    (r"data|\bics\b|system|performance|information|record",
     "data quality problems in ICS recording are delaying reliable reporting"),
    (r"foster|placement|looked after|in care",
     "shortage of local foster placements; commissioning review under way"),
    (r"commission|contract|procure|tender",
     "commissioning timetable slipped; contract award now expected later"),
    (r"training|workshop|briefing|induction|learning|course",
     "take-up of training by partner agencies lower than planned; further sessions booked"),
    (r"policy|protocol|procedure|strategy|guidance|framework|standards",
     "draft awaiting sign-off by the Children's Trust"),
    (r"partner|agenc|health|police|school|lscb|\bgp|nhs",
     "awaiting agreement from partner agencies; escalated to the LSCB"),
]
OTHER_CAUSES = [
    "lead officer capacity taken up by inspection preparation",
    "lead officer post vacant until an interim appointment is made",
    "dependent on the refreshed Children and Young People's Plan 2009-12",
]


def month_label(day: dt.date) -> str:
    return day.strftime("%b %Y")


def cause(description: str) -> str:
    for pattern, words in CAUSES:
        if re.search(pattern, description, re.IGNORECASE):
            return words
    return OTHER_CAUSES[len(description) % len(OTHER_CAUSES)]


def read_milestones() -> list[dict]:
    with open(PLAN / "milestones.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        read = parse_timescale(row["timescale"]) if row["timescale"] else None
        row["start"] = min(s for s, _ in read.ranges) if read and read.ranges else None
        row["end"] = max(e for _, e in read.ranges) if read and read.ranges else None
        row["recurring"] = read.recurring if read else None
    return rows


def month_end_after(day: dt.date, months: int) -> dt.date:
    """The month end `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def fate(rng: np.random.Generator, row: dict) -> str:
    """How this milestone's delivery goes (drawn once per milestone, in file order)."""
    draw = rng.random()
    if row["start"] is None or row["start"] > MONTH_ENDS[-1]:
        return "on_time"
    if draw < 0.87:
        return "on_time"
    if draw < 0.92:
        return "late"
    if draw < 0.94:
        return "rescheduled" if row["end"] < AUGUST else "late"
    if draw < 0.97:
        return "off_track"
    return "at_risk_lately" if row["end"] >= MONTH_ENDS[-1] else "late"


def history(row: dict, how: str, rng: np.random.Generator) -> list[tuple[dt.date, str, str]]:
    """(month end, status, commentary) for each report month, March to October 2009."""
    start, end, why = row["start"], row["end"], cause(row["description"])
    if row["recurring"]:
        return [(m, "on_track", f"{row['recurring'].capitalize()} reporting in place{SYNTHETIC}") for m in MONTH_ENDS]
    if start is None:  # no timescale in the plan: reported on, completed when the work was done
        done = MONTH_ENDS[int(rng.integers(1, len(MONTH_ENDS)))] if rng.random() < 0.6 else None
        return [_done(m, done) if done and m >= done else (m, "on_track", "") for m in MONTH_ENDS]
    slip = max(MAY, month_end_after(start, 0))  # slippage first shows in May's report at the earliest
    done = None
    if how == "on_time":
        done = month_end_after(end, -int(rng.random() < 0.2))
    elif how == "late":
        done = month_end_after(end, int(rng.integers(1, 4)))
    elif how == "rescheduled":
        done = month_end_after(end, int(rng.integers(4, 8)))
    rows = []
    for m in MONTH_ENDS:
        if done is not None and done <= MONTH_ENDS[-1] and m >= done:
            rows.append(_done(m, done))
        elif m < month_end_after(start, 0):
            rows.append((m, "not_started", ""))
        elif how == "late" and m >= slip:
            late = m > end
            rows.append((m, "off_track" if late else "at_risk",
                         f"{'Overdue' if late else 'Slippage noted in the ' + month_label(slip) + ' performance report'}: {why}; "
                         f"completion now expected {month_label(done)}{SYNTHETIC}"))
        elif how == "rescheduled" and m >= slip:
            if m >= AUGUST:
                rows.append((m, "on_track", f"Timeline revisited in the August refresh of the plan: {why}; "
                                            f"revised completion {month_label(done)}{SYNTHETIC}"))
            else:
                rows.append((m, "at_risk", f"Slippage noted in the {month_label(slip)} performance report: {why}{SYNTHETIC}"))
        elif how == "off_track" and m >= slip:
            worse = m > end or m >= AUGUST
            rows.append((m, "off_track" if worse else "at_risk",
                         (f"Off track: {why}; recovery plan to the Programme Board" if worse
                          else f"Slippage noted in the {month_label(slip)} performance report: {why}") + SYNTHETIC))
        elif how == "at_risk_lately" and m >= SEPTEMBER:
            rows.append((m, "at_risk", f"At risk: {why}; lead officer to report to the Programme Board{SYNTHETIC}"))
        else:
            rows.append((m, "on_track", ""))
    return rows


def _done(m: dt.date, done: dt.date) -> tuple[dt.date, str, str]:
    return m, "complete", f"Completed {month_label(done)}{SYNTHETIC}"


def status_rows() -> list[dict]:
    rng = np.random.default_rng(SEED)
    out = []
    for row in read_milestones():
        how = fate(rng, row)
        for as_of, status, commentary in history(row, how, rng):
            out.append({"action": row["action"], "milestone": row["milestone"], "status": status,
                        "as_of": as_of.isoformat(), "commentary": commentary})
    return out


# The programme's risks and issues (synthetic entries on the themes the progress report names),
# reviewed at the end of June and again at the end of October 2009.
RISKS: list[dict] = [
    {"code": "R1", "kind": "risk", "title": "Recruitment and retention of permanent social workers",
     "owner": "Head of Human Resources", "reviews": [(5, 5, "open"), (4, 5, "open")],
     "mitigation": "Haringey Offer and cross-partnership recruitment campaign; market supplement; "
                   "caseload limits; agency staff covering vacancies in the meantime"},
    {"code": "R2", "kind": "risk", "title": "Rising referrals after the Baby Peter case exceed assessment capacity",
     "owner": "Deputy Director Children and Families", "reviews": [(5, 4, "open"), (4, 4, "open")],
     "mitigation": "Additional duty and assessment social workers; new referral pathway with decisions within "
                   "24 hours; weekly monitoring of contacts and referrals"},
    {"code": "R3", "kind": "risk", "title": "Data quality in ICS undermines performance reporting",
     "owner": "Head of Performance", "reviews": [(4, 4, "open"), (3, 4, "open")],
     "mitigation": "Monthly data-quality checks before each return; ICS recording guidance and training; "
                   "exceptions reported to the Quality Assurance sub-group"},
    {"code": "R4", "kind": "risk", "title": "Partner agencies do not sustain engagement in the plan",
     "owner": "Chair LSCB", "reviews": [(3, 4, "open"), (2, 4, "open")],
     "mitigation": "Named lead in every partner agency; attendance at LSCB sub-groups monitored; "
                   "escalation to the Children's Trust"},
    {"code": "R5", "kind": "risk", "title": "Evidence of improvement not ready for the unannounced inspection",
     "owner": "Programme Manager", "reviews": [(3, 5, "open"), (3, 5, "open")],
     "mitigation": "Self-assessment and evidence gathering through November and December; external "
                   "assessments of progress commissioned; review of published inspection reports"},
    {"code": "I1", "kind": "issue", "title": "Vacancy rate in referral and assessment teams above 30%",
     "owner": "Deputy Director Children and Families", "reviews": [(5, 4, "open"), (5, 3, "open")],
     "mitigation": "Interim managers and agency social workers in post; fast-track recruitment and CRB checks"},
    {"code": "I2", "kind": "issue", "title": "Slippage in plan milestones reported in May",
     "owner": "Programme Manager", "reviews": [(5, 3, "open"), (5, 2, "closed")],
     "mitigation": "Plan refreshed in August 2009 with a smaller, more focused set of actions and revised "
                   "timelines; monthly milestone exception report to the Programme Board"},
    {"code": "I3", "kind": "issue", "title": "Initial assessments within timescale (NI 59) below target",
     "owner": "Head of Safeguarding and Support", "reviews": [(5, 4, "open"), (5, 3, "open")],
     "mitigation": "Daily tracking of assessments due; additional team manager capacity; case-file audit"},
]
REVIEWS = [dt.date(2009, 6, 30), dt.date(2009, 10, 31)]


def risk_rows() -> list[dict]:
    rows = []
    for risk in RISKS:
        for as_of, (likelihood, impact, status) in zip(REVIEWS, risk["reviews"]):
            rows.append({"code": risk["code"], "kind": risk["kind"], "title": risk["title"], "owner": risk["owner"],
                         "likelihood": likelihood, "impact": impact,
                         "mitigation": risk["mitigation"] + SYNTHETIC, "status": status,
                         "as_of": as_of.isoformat()})
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    write_csv(OUT / STATUS_FILE, status_rows())
    write_csv(OUT / RISKS_FILE, risk_rows())


if __name__ == "__main__":
    main()
