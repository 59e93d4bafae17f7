"""What the Data quality page shows the QA sub-group: the loads and their checks, which months are
missing or restated, the revisions log, which indicators show special-cause variation, and the
monthly cycle (each return received, late, missing or not yet due; commentary needed; ready for
sign-off; what changed since sign-off).

Pure (no streamlit).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from data.cycle_queries import CHANGED_COLUMNS
from ops.signoff import MonthStatus
from ui import format as fmt
from ui.scorecard_view import NEEDED, signoff_state
from ui.load_view import TABLE_LABELS, failures_table
from vocab import LoadStatus, PointType

SPECIAL_CAUSES = {PointType.SPECIAL_CAUSE_IMPROVEMENT.value, PointType.SPECIAL_CAUSE_CONCERN.value,
                  PointType.SPECIAL_CAUSE_NEUTRAL_HIGH.value, PointType.SPECIAL_CAUSE_NEUTRAL_LOW.value}


def load_counts(history: pd.DataFrame) -> dict[str, int]:
    """How many files were accepted and how many rejected."""
    statuses = history["status"].value_counts()
    return {status.value: int(statuses.get(status.value, 0)) for status in LoadStatus}


def first_rejected(history: pd.DataFrame) -> int:
    """The position in `history` of the newest rejected load (the one to look at first), else 0."""
    rejected = (history["status"] == LoadStatus.REJECTED.value).to_numpy().nonzero()[0]
    return int(rejected[0]) if len(rejected) else 0


def load_history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The load history as people read it (newest first)."""
    return pd.DataFrame({
        "Load": history["id"].astype(int).to_numpy(),
        "Status": history["status"].map(fmt.load_status).to_numpy(),
        "Table": history["kind"].map(lambda k: TABLE_LABELS.get(k, k)).to_numpy(),
        "File": history["file_name"].to_numpy(),
        "Rows": history["rows"].map(fmt.count).to_numpy(),
        "New": history["rows_new"].map(fmt.count).to_numpy(),
        "Restated": history["rows_restated"].map(fmt.count).to_numpy(),
        "Unchanged": history["rows_unchanged"].map(fmt.count).to_numpy(),
        "Loaded by": history["loaded_by"].to_numpy(),
        "Loaded at": history["loaded_at"].map(fmt.timestamp).to_numpy(),
        "sha256": history["sha256"].to_numpy(),
    })


def load_choice(load: dict) -> str:
    """How a load is named in a picker: "15 · computed from case load 14 · ✔ Accepted"."""
    return f"{int(load['id'])} · {load['file_name']} · {fmt.load_status(load['status'])}"


def check_table(results: pd.DataFrame) -> pd.DataFrame:
    """One load's expectations: each rule, on which column, passed or failed, how many rows failed."""
    return pd.DataFrame({
        "Result": ["✔ Passed" if ok else "✖ Failed" for ok in results["success"]],
        "Column": results["column_name"].fillna("").to_numpy(),
        "Rule": results["rule"].to_numpy(),
        "Failing rows": results["unexpected_count"].map(fmt.count).to_numpy(),
        "Check": results["expectation"].to_numpy(),
    })


def check_failures(results: pd.DataFrame) -> pd.DataFrame:
    """Every failing row recorded for one load's expectations."""
    found: list = []
    for text in results.loc[~results["success"].astype(bool), "failures"]:
        if isinstance(text, str) and text:
            found += json.loads(text)
    return failures_table(found)


def completeness(returns: pd.DataFrame, catalogue: pd.DataFrame, org: str, period: str | None = None) -> pd.DataFrame:
    """Indicator × month for `org`: "present", "restated" (a later file changed it) or "missing",
    from the organisation's first return to `period` (default: its last)."""
    mine = returns[returns["org"] == org]
    if mine.empty:
        return pd.DataFrame({"indicator": pd.Series(dtype=object), "period": pd.Series(dtype="datetime64[ns]"),
                             "status": pd.Series(dtype=object)})
    when = pd.to_datetime(mine["period"]).dt.to_period("M").dt.to_timestamp()
    end = fmt.to_month(period) if period else when.max()
    months = pd.date_range(when.min(), end, freq="MS")
    grid = pd.MultiIndex.from_product([list(catalogue["code"]), months],
                                      names=["indicator", "period"]).to_frame(index=False)
    held = pd.DataFrame({"indicator": mine["indicator"].to_numpy(), "period": when.to_numpy(),
                         "restated": mine["restated"].astype(bool).to_numpy()})
    grid["period"] = grid["period"].astype(held["period"].dtype)
    grid = grid.merge(held, on=["indicator", "period"], how="left")
    status = pd.Series("missing", index=grid.index, dtype=object)
    status[grid["restated"].notna()] = "present"
    status[grid["restated"].eq(True)] = "restated"
    grid["status"] = status
    return grid[["indicator", "period", "status"]]


def completeness_summary(grid: pd.DataFrame) -> dict[str, int]:
    """How many cells of the grid are present, restated and missing."""
    counts = grid["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in ("present", "restated", "missing")}


def revisions_table(revisions: pd.DataFrame) -> pd.DataFrame:
    """The revisions log: old value → new value, and which load made the change."""
    return pd.DataFrame({
        "Month": revisions["period"].map(fmt.month).to_numpy(),
        "Indicator": revisions["indicator"].map(fmt.indicator_code).to_numpy(),
        "Organisation": revisions["org"].to_numpy(),
        "Change": [f"{fmt.percent(o)} → {fmt.percent(n)}"
                   for o, n in zip(revisions["old_value"], revisions["new_value"])],
        "Counts": [f"{fmt.count(a)}/{fmt.count(b)} → {fmt.count(c)}/{fmt.count(d)}"
                   for a, b, c, d in zip(revisions["old_numerator"], revisions["old_denominator"],
                                         revisions["new_numerator"], revisions["new_denominator"])],
        "Earlier load": revisions["old_load_id"].astype(int).to_numpy(),
        "Restated by load": revisions["new_load_id"].astype(int).to_numpy(),
        "File": revisions["new_file_name"].to_numpy(),
        "Loaded by": revisions["loaded_by"].to_numpy(),
        "Loaded at": revisions["loaded_at"].map(fmt.timestamp).to_numpy(),
    })


def special_causes(card: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose point for the scorecard's month is a special cause."""
    found = card[card["variation"].isin(SPECIAL_CAUSES) & card["has_data"]]
    return pd.DataFrame({
        "Indicator": found["indicator"].map(fmt.indicator_code).to_numpy(),
        "Title": found["title"].to_numpy(),
        "Month": found["period"].map(fmt.month).to_numpy(),
        "In month": found["value"].map(fmt.percent).to_numpy(),
        "Variation": found["variation"].map(fmt.variation).to_numpy(),
    })


# --- the monthly cycle: returns this month, and what changed since sign-off ------------------------

ALL_ORGS_UP_TO = 12  # with more local authorities than this, the page starts on one of them


@dataclass
class MonthReturns:
    """The Data quality page's "Returns this month" and "Changed since sign-off" sections."""

    summary: pd.DataFrame  # one row per organisation: ready for sign-off or not, counts, commentary needed, sign-off
    returns: pd.DataFrame  # organisation × indicator: the return's state, due day, first load
    changed_lines: pd.DataFrame  # scorecard lines that read differently since sign-off: signed off → now
    changed_figures: pd.DataFrame  # each figure loaded since sign-off: the figure then → the figure now


def default_orgs(authorities: list[str], shown: str | None, home: str | None) -> list[str]:
    """The local authorities the section starts on: all of them when there are few, else the
    sidebar's organisation (or the home one when that is a comparator)."""
    if len(authorities) <= ALL_ORGS_UP_TO:
        return list(authorities)
    first = shown if shown in authorities else home
    return [first] if first in authorities else authorities[:1]


def month_returns(statuses: list[MonthStatus], moved: list[pd.DataFrame], names: dict[str, str]) -> MonthReturns:
    """The sections for `statuses` (ops.signoff.month_status, one per organisation) and `moved`
    (data.cycle_queries.returns_changed_since for each month that stands signed off)."""
    return MonthReturns(summary=month_summary(statuses, names), returns=returns_table(statuses, names),
                        changed_lines=changed_lines(statuses, names), changed_figures=changed_figures(moved, names))


def _name(org: str, names: dict[str, str]) -> str:
    return fmt.org_label(org, names)


def month_summary(statuses: list[MonthStatus], names: dict[str, str]) -> pd.DataFrame:
    """Per organisation: ready for sign-off or not (and why not), the return counts, the lines
    still needing commentary, and the sign-off."""
    rows = []
    for status in statuses:
        counts = status.counts
        needing = list(status.needing_commentary()["indicator"])
        rows.append({
            "Organisation": _name(status.org, names),
            "Ready for sign-off": "✔ Ready for sign-off" if status.ready else f"✖ Not ready: {status.shortfall()}",
            "Received": counts["received"], "Received late": counts["late"], "Missing": counts["missing"],
            "Not yet due": counts["not_yet_due"],
            "Commentary needed": (f"{NEEDED}: " + ", ".join(fmt.indicator_code(c) for c in needing)) if needing else "none",
            "Sign-off": signoff_state(status.signoff, fmt.month(status.period)),
        })
    return pd.DataFrame(rows, columns=["Organisation", "Ready for sign-off", "Received", "Received late", "Missing",
                                       "Not yet due", "Commentary needed", "Sign-off"])


def returns_table(statuses: list[MonthStatus], names: dict[str, str]) -> pd.DataFrame:
    """Organisation × indicator: the return's state (symbol and words), its due day, and the load
    that first brought it (when, which load, which file), with how often it was restated since."""
    frames = []
    for status in statuses:
        r = status.returns
        frames.append(pd.DataFrame({
            "Organisation": [_name(status.org, names)] * len(r),
            "Indicator": r["indicator"].map(fmt.indicator_code).to_numpy(),
            "Return": r["state"].map(fmt.return_state).to_numpy(),
            "Due": r["due_date"].map(fmt.date).to_numpy(),
            "First loaded": r["loaded_at"].map(fmt.timestamp).to_numpy(),
            "Load": r["load_id"].map(_load).to_numpy(),
            "File": r["file_name"].fillna(fmt.BLANK).to_numpy(),
            "Restated since": r["restatements"].map(lambda n: fmt.BLANK if fmt.is_blank(n) else fmt.count(n)).to_numpy(),
            "Title": r["title"].to_numpy(),
        }))
    columns = ["Organisation", "Indicator", "Return", "Due", "First loaded", "Load", "File", "Restated since", "Title"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def changed_lines(statuses: list[MonthStatus], names: dict[str, str]) -> pd.DataFrame:
    """The scorecard lines that read differently (or whose figures were loaded again) since the
    sign-off each month stands on: each field as signed off → as now."""
    rows = []
    for status in statuses:
        for code, change in status.changed_since_signoff.items():
            then, now = change["signed_off"], change["now"]
            rows.append({
                "Organisation": _name(status.org, names), "Indicator": fmt.indicator_code(code),
                "In month": f"{fmt.percent(then['value'])} → {fmt.percent(now['value'])}",
                "Year to date": f"{fmt.percent(then['ytd_value'])} → {fmt.percent(now['ytd_value'])}",
                "RAG (year to date)": f"{fmt.rag(then['rag'])} → {fmt.rag(now['rag'])}",
                "Variation (SPC)": f"{fmt.variation(then['variation'])} → {fmt.variation(now['variation'])}",
                "Assurance (SPC)": f"{fmt.assurance(then['assurance'])} → {fmt.assurance(now['assurance'])}",
            })
    return pd.DataFrame(rows, columns=["Organisation", "Indicator", "In month", "Year to date", "RAG (year to date)",
                                       "Variation (SPC)", "Assurance (SPC)"])


def changed_figures(moved: list[pd.DataFrame], names: dict[str, str]) -> pd.DataFrame:
    """Each figure loaded after a sign-off (data.cycle_queries.returns_changed_since): the month it
    is for, the figure in force at the sign-off and the one loaded since, and the load that brought it."""
    found = pd.concat([m for m in moved if len(m)], ignore_index=True) if any(len(m) for m in moved) \
        else pd.DataFrame(columns=CHANGED_COLUMNS)
    return pd.DataFrame({
        "Organisation": found["org"].map(lambda o: _name(o, names)).to_numpy(),
        "Indicator": found["indicator"].map(fmt.indicator_code).to_numpy(),
        "Month": found["period"].map(fmt.month).to_numpy(),
        "At sign-off": [f"{fmt.percent(v)} (load {_load(l)})" if not fmt.is_blank(l) else "no figure"
                        for v, l in zip(found["signed_value"], found["signed_load_id"])],
        "Now": found["value"].map(fmt.percent).to_numpy(),
        "Loaded by load": found["load_id"].map(_load).to_numpy(),
        "File": found["file_name"].to_numpy(),
        "Loaded at": found["loaded_at"].map(fmt.timestamp).to_numpy(),
    })


def _load(value) -> str:
    return fmt.BLANK if fmt.is_blank(value) else str(int(value))
