"""The plan's reports, as the council's progress report has them: the milestone report (every
milestone with its latest status as of a date) and the milestone exception report (the ones a
programme board must hear about), plus the views the plan pages show.

Pure functions on frames (plan_milestones and milestone_history from data/plan_queries.py):
they never change their input and import neither streamlit nor duckdb.
"""
from __future__ import annotations


import pandas as pd

from vocab import MilestoneStatus, RiskStatus, label

REPORT_COLUMNS = ["action", "milestone", "theme", "area", "lead", "description", "due_start", "due_end",
                  "status", "as_of", "overdue", "commentary"]
EXCEPTION_STATUSES = (MilestoneStatus.OFF_TRACK.value, MilestoneStatus.AT_RISK.value)
NO_UPDATE = "no_update"  # no status reported for the milestone by the date (counted, never stored)
STATUS_ORDER = [MilestoneStatus.COMPLETE, MilestoneStatus.ON_TRACK, MilestoneStatus.AT_RISK,
                MilestoneStatus.OFF_TRACK, MilestoneStatus.NOT_STARTED, NO_UPDATE]


def _day(as_of) -> pd.Timestamp:
    return pd.Timestamp(as_of).normalize()


def latest_status(history: pd.DataFrame, as_of) -> pd.DataFrame:
    """Each milestone's latest update on or before `as_of`; of two loads for one date, the later load."""
    upto = history[pd.to_datetime(history["as_of"]) <= _day(as_of)]
    ordered = upto.sort_values(["as_of", "load_id"], kind="stable")
    return ordered.drop_duplicates(["action", "milestone"], keep="last").reset_index(drop=True)


def milestone_status_report(plan: pd.DataFrame, history: pd.DataFrame, as_of) -> pd.DataFrame:
    """Every milestone of the plan, in plan order, with its latest status as of `as_of`.

    A milestone is overdue when its due end is before `as_of` and it is not complete (whatever
    else was reported: "on track" past the due date is still overdue). A milestone with no due
    end (no timescale, or a recurring one such as "Monthly") is never overdue.
    """
    day = _day(as_of)
    latest = latest_status(history, day)[["action", "milestone", "status", "as_of", "commentary"]]
    report = plan.merge(latest, on=["action", "milestone"], how="left", validate="one_to_one")
    due_end = pd.to_datetime(report["due_end"])
    report["overdue"] = (due_end.notna() & (due_end < day)
                         & (report["status"] != MilestoneStatus.COMPLETE.value)).astype(bool)
    for column in ("due_start", "due_end", "as_of"):
        report[column] = pd.to_datetime(report[column])
    report = report.astype({"status": object, "commentary": object})
    report["status"] = report["status"].where(report["status"].notna(), None)
    report["commentary"] = report["commentary"].where(report["commentary"].notna(), None)
    return report.reindex(columns=REPORT_COLUMNS)


def exceptions(report: pd.DataFrame) -> pd.DataFrame:
    """The milestone exception report: overdue, off-track and at-risk milestones, off track first,
    then at risk, then overdue ones reported otherwise; plan order within each."""
    flagged = report[report["overdue"] | report["status"].isin(EXCEPTION_STATUSES)]
    severity = flagged["status"].map({MilestoneStatus.OFF_TRACK.value: 0, MilestoneStatus.AT_RISK.value: 1}).fillna(2)
    return flagged.assign(_severity=severity).sort_values("_severity", kind="stable") \
        .drop(columns="_severity").reset_index(drop=True)


def filter_report(report: pd.DataFrame, themes=None, leads=None, statuses=None) -> pd.DataFrame:
    """The rows whose theme, lead and status are among those chosen (None or empty: any)."""
    keep = pd.Series(True, index=report.index)
    if themes:
        keep &= report["theme"].isin(list(themes))
    if leads:
        keep &= report["lead"].isin(list(leads))
    if statuses:
        keep &= report["status"].fillna(NO_UPDATE).isin(list(statuses))
    return report[keep].reset_index(drop=True)


def due_soon(report: pd.DataFrame, as_of, months: int = 3) -> pd.DataFrame:
    """Milestones not complete whose due end falls after `as_of`, by the end of the `months`-th month
    after its month (as of 30 April: May, June and July)."""
    day = _day(as_of)
    until = day + pd.offsets.MonthEnd(0) + pd.DateOffset(months=months) + pd.offsets.MonthEnd(0)
    due_end = pd.to_datetime(report["due_end"])
    soon = (due_end > day) & (due_end <= until) & (report["status"] != MilestoneStatus.COMPLETE.value)
    return report[soon].sort_values("due_end", kind="stable").reset_index(drop=True)


def status_counts(report: pd.DataFrame, by: str) -> pd.DataFrame:
    """Milestones per `by` (theme, area, lead) and status: one row per group, a column per status
    in STATUS_ORDER (zeros included), groups in the report's order."""
    statuses = [str(s) for s in STATUS_ORDER]
    counts = (report.assign(status=report["status"].fillna(NO_UPDATE))
              .groupby([by, "status"], sort=False).size().unstack(fill_value=0))
    groups = list(dict.fromkeys(report[by]))
    return counts.reindex(index=groups, columns=statuses, fill_value=0).rename_axis(index=by, columns=None) \
        .reset_index()


def action_spans(report: pd.DataFrame) -> pd.DataFrame:
    """One row per action with dated milestones: its earliest due start and latest due end, its
    lead and theme, and how many of its milestones are complete, for the timeline."""
    dated = report[report["due_start"].notna() & report["due_end"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=["action", "theme", "lead", "start", "end", "milestones", "complete"])
    spans = dated.groupby("action", sort=False).agg(
        theme=("theme", "first"), lead=("lead", "first"), start=("due_start", "min"), end=("due_end", "max"),
        milestones=("milestone", "size"),
        complete=("status", lambda s: int((s == MilestoneStatus.COMPLETE.value).sum())),
    )
    return spans.reset_index()


# --- what people read: the CLI's tables and the pages' tables ----------------------------------

def _date(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%d %b %Y")


def readable(report: pd.DataFrame) -> pd.DataFrame:
    """The report as a table people read: labels for statuses, dates as 30 Sep 2009, 'Overdue' said in words."""
    return pd.DataFrame({
        "Action": report["action"].astype(str),
        "No.": report["milestone"].astype(int),
        "Status": [label(s) if s is not None else "No update" for s in report["status"]],
        "Overdue": ["Overdue" if o else "" for o in report["overdue"]],
        "Due": [_due(s, e) for s, e in zip(report["due_start"], report["due_end"])],
        "Lead": report["lead"].astype(object),
        "Milestone": report["description"].astype(object),
        "Commentary": report["commentary"].astype(object),
        "Reported": [_date(d) for d in report["as_of"]],
        "Theme": report["theme"].astype(object),
    })


def _due(start, end) -> str:
    if pd.isna(end):
        return "no date"
    if pd.isna(start) or pd.Timestamp(start).to_period("M") == pd.Timestamp(end).to_period("M"):
        return pd.Timestamp(end).strftime("%b %Y")
    return f"{pd.Timestamp(start):%b %Y} – {pd.Timestamp(end):%b %Y}"


def as_records(report: pd.DataFrame) -> list[dict]:
    """The report as JSON-ready records: dates as YYYY-MM-DD, blanks as None, overdue as a bool."""
    records = []
    for row in report.reindex(columns=REPORT_COLUMNS).to_dict("records"):
        out = {}
        for key, value in row.items():
            if key in ("due_start", "due_end", "as_of"):
                out[key] = None if pd.isna(value) else pd.Timestamp(value).date().isoformat()
            elif key == "milestone":
                out[key] = int(value)
            elif key == "overdue":
                out[key] = bool(value)
            else:
                out[key] = None if value is None or (isinstance(value, float) and value != value) else str(value)
        records.append(out)
    return records


# --- risks and issues -------------------------------------------------------------------------

def risk_score(register: pd.DataFrame) -> pd.Series:
    """Likelihood × impact, 1 to 25."""
    return register["likelihood"].astype(int) * register["impact"].astype(int)


def risk_rating(score: int) -> str:
    """high (15-25), medium (6-14) or low (1-5), the usual 5 × 5 risk matrix bands."""
    return "high" if score >= 15 else "medium" if score >= 6 else "low"


def risk_grid(register: pd.DataFrame) -> pd.DataFrame:
    """The 5 × 5 likelihood × impact grid: every cell with its score and rating, and the open risks
    and issues in it (count, and codes such as "R1, I2")."""
    open_ = register[register["status"] == RiskStatus.OPEN.value]
    rows = []
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            here = open_[(open_["likelihood"].astype(int) == likelihood) & (open_["impact"].astype(int) == impact)]
            rows.append({"likelihood": likelihood, "impact": impact, "score": likelihood * impact,
                         "rating": risk_rating(likelihood * impact), "count": len(here),
                         "codes": ", ".join(sorted(here["code"]))})
    return pd.DataFrame(rows, columns=["likelihood", "impact", "score", "rating", "count", "codes"])


def risk_table(register: pd.DataFrame) -> pd.DataFrame:
    """The register as people read it, highest score first, closed entries last."""
    score = risk_score(register)
    shown = pd.DataFrame({
        "Code": register["code"].astype(str),
        "Kind": [label(k) for k in register["kind"]],
        "Title": register["title"].astype(object),
        "Owner": register["owner"].astype(object),
        "Likelihood": register["likelihood"].astype(int),
        "Impact": register["impact"].astype(int),
        "Score": score,
        "Rating": [risk_rating(int(n)).capitalize() for n in score],
        "Status": [label(k) for k in register["status"]],
        "Mitigation": register["mitigation"].astype(object),
        "Reviewed": [_date(d) for d in register["as_of"]],
    })
    order = shown.assign(_closed=register["status"].to_numpy() != RiskStatus.OPEN.value) \
        .sort_values(["_closed", "Score", "Code"], ascending=[True, False, True], kind="stable")
    return order.drop(columns="_closed").reset_index(drop=True)
