"""What the Data quality page shows the QA sub-group: the loads and their checks, which months are
missing or restated, the revisions log, and which indicators show special-cause variation.

Pure (no streamlit).
"""
from __future__ import annotations

import json

import pandas as pd

from ui import format as fmt
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
    """How a load is named in a picker: "5 · returns_restated_2009-08.csv · ✔ Accepted"."""
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
