"""What the plan pages show, assembled from the reports: pure functions, no streamlit, so the pages
stay thin (read widgets, call one function, render) and this is tested directly."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from vocab.text import csv_bytes
from vocab import MilestoneStatus, RiskKind, RiskStatus, label
from plan import reports

AREA_LABEL_LENGTH = 48
DUE_SOON_MONTHS = 3
# the tracker's counts the page shows, in order, each with what it is called
TRACKER_COUNTS = [("total", "Milestones"),
                  *((s.value, label(s.value)) for s in (MilestoneStatus.COMPLETE, MilestoneStatus.ON_TRACK,
                                                        MilestoneStatus.AT_RISK, MilestoneStatus.OFF_TRACK)),
                  ("overdue", label("overdue"))]


@dataclass
class Tracker:
    """The plan tracker for one as-of date and one choice of filters."""

    report: pd.DataFrame  # the filtered milestone report (plan.reports.REPORT_COLUMNS)
    counts: dict[str, int]  # complete, on_track, at_risk, off_track, not_started, no_update, overdue, total
    by_theme: pd.DataFrame  # plan.reports.status_counts by theme
    by_area: pd.DataFrame  # ... by area_label ("2.3 Improve the quality of …")
    spans: pd.DataFrame  # plan.reports.action_spans, for the timeline
    due_soon: pd.DataFrame  # readable rows due in the next DUE_SOON_MONTHS months
    table: pd.DataFrame  # readable rows, every milestone chosen


def area_label(action: str, area: str | None) -> str:
    """'2.3 Improve the quality of …': the area's code (from the action's) and its title, shortened."""
    code = str(action).rsplit(".", 1)[0]
    title = "" if area is None or area != area else str(area)
    if len(title) > AREA_LABEL_LENGTH:
        title = title[: AREA_LABEL_LENGTH - 1].rstrip() + "…"
    return f"{code} {title}".strip()


def filter_options(report: pd.DataFrame) -> dict[str, list[str]]:
    """The choices the filters offer: themes in plan order, leads alphabetically, statuses in order."""
    return {
        "themes": list(dict.fromkeys(report["theme"].dropna())),
        "leads": sorted(set(report["lead"].dropna())),
        "statuses": [str(s) for s in reports.STATUS_ORDER],
    }


def counts(report: pd.DataFrame) -> dict[str, int]:
    statuses = report["status"].fillna(reports.NO_UPDATE).value_counts()
    out = {str(s): int(statuses.get(str(s), 0)) for s in reports.STATUS_ORDER}
    out["overdue"] = int(report["overdue"].sum())
    out["total"] = len(report)
    return out


def tracker(report: pd.DataFrame, as_of, themes=None, leads=None, statuses=None) -> Tracker:
    """The tracker for the milestones whose theme, lead and status are among those chosen."""
    chosen = reports.filter_report(report, themes, leads, statuses)
    labelled = chosen.assign(area_label=[area_label(a, t) for a, t in zip(chosen["action"], chosen["area"])])
    return Tracker(
        report=chosen,
        counts=counts(chosen),
        by_theme=reports.status_counts(chosen, "theme"),
        by_area=reports.status_counts(labelled, "area_label"),
        spans=reports.action_spans(chosen),
        due_soon=reports.readable(reports.due_soon(chosen, as_of, DUE_SOON_MONTHS)),
        table=reports.readable(chosen),
    )


@dataclass
class Exceptions:
    """The milestone exception report page for one as-of date."""

    counts: dict[str, int]  # off_track, at_risk, overdue, total (exceptions), milestones (all)
    table: pd.DataFrame  # readable rows
    csv: bytes


def exception_page(report: pd.DataFrame) -> Exceptions:
    found = reports.exceptions(report)
    table = reports.readable(found)
    return Exceptions(
        counts={"off_track": int((found["status"] == MilestoneStatus.OFF_TRACK.value).sum()),
                "at_risk": int((found["status"] == MilestoneStatus.AT_RISK.value).sum()),
                "overdue": int(found["overdue"].sum()), "total": len(found), "milestones": len(report)},
        table=table,
        csv=csv_bytes(table),
    )


@dataclass
class Risks:
    """The risks and issues page for one as-of date."""

    grid: pd.DataFrame  # plan.reports.risk_grid
    table: pd.DataFrame  # plan.reports.risk_table
    counts: dict[str, int]  # open risks, open issues, high (open), closed


def risk_page(register: pd.DataFrame) -> Risks:
    open_ = register[register["status"] == RiskStatus.OPEN.value]
    table = reports.risk_table(register)
    return Risks(
        grid=reports.risk_grid(register),
        table=table,
        counts={"risks": int((open_["kind"] == RiskKind.RISK.value).sum()),
                "issues": int((open_["kind"] == RiskKind.ISSUE.value).sum()),
                "high": int((reports.risk_score(open_) >= 15).sum()) if len(open_) else 0,
                "closed": int((register["status"] == RiskStatus.CLOSED.value).sum())},
    )
