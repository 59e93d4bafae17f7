"""What each page shows, assembled from the computed frames: pure functions, no streamlit.

The pages stay thin (read widgets, call one function, render) and these are tested directly.
Figures come from indicators/ (scorecard, series, SPC) and data/queries.py; this module picks,
joins and words them, and does no indicator arithmetic of its own.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pandas as pd

from checks.suites import TABLES
from checks.coding import plain_cells
from charts import palette
from indicators.definitions import definition_changes, rebase_months
from vocab import Assurance, Improvement, OrgKind, Polarity, PointType, Rag
from ui import format as fmt

TREND_MONTHS = 24  # the scorecard's sparkline: two years up to the chosen month

TABLE_LABELS = {  # in the order the Load page offers them: the monthly work first
    "returns": "Monthly returns",
    "targets": "Targets",
    "milestones": "Milestone updates",
    "risks": "Risks and issues",
    "organisations": "Organisations",
    "indicators": "Indicator definitions",
    "themes": "Plan: themes",
    "areas": "Plan: areas for improvement",
    "actions": "Plan: actions",
    "plan_milestones": "Plan: milestones",
}

# One realistic row per loadable table, for the templates (a person replaces it with real rows).
EXAMPLES: dict[str, dict[str, str]] = {
    "returns": {"indicator": "NI59", "period": "2009-09", "numerator": "133", "denominator": "189",
                "org": "{home}", "value": "70.4", "note": "example row: replace with your figures"},
    "targets": {"indicator": "NI59", "year": "2009-10", "target": "78", "tolerance": "5",
                "org": "{home}", "source": "LAA improvement target"},
    "milestones": {"action": "1.1.1", "milestone": "1", "status": "complete", "as_of": "2009-09-30",
                   "commentary": "EPMG established; terms of reference agreed"},
    "risks": {"code": "R1", "kind": "risk", "title": "Social worker vacancies delay initial assessments",
              "likelihood": "3", "impact": "4", "status": "open", "as_of": "2009-09-30",
              "owner": "Deputy Director, Children and Families", "mitigation": "Agency cover; recruitment campaign"},
    "organisations": {"code": "{home}", "name": "Haringey", "kind": OrgKind.LOCAL_AUTHORITY.value},
    "indicators": {"code": "LOCAL1", "version": "1", "title": "Case files audited as good or better",
                   "unit": "percent", "polarity": Polarity.HIGHER_IS_BETTER.value, "ytd_rule": "sum",
                   "numerator_label": "case files rated good or better", "denominator_label": "case files audited",
                   "definition": "Case files audited in the month rated good or better, of all audited",
                   "valid_from": "2009-04-01", "source": "local case-file audit", "stable_band": "1",
                   "valid_to": ""},
    "themes": {"code": "1", "title": "Leadership and Partnership"},
    "areas": {"code": "1.1", "theme": "1",
              "title": "Creating a leadership team for safeguarding at partnership level and within agencies"},
    "actions": {"code": "1.1.1", "area": "1.1", "text": "Strengthen governance of safeguarding in the partnership",
                "lead": "Chief Executive", "involved_groups": "Partners to HSP", "timescale": "Feb - May 2009",
                "targets_outcomes": "Executive performance management group established", "indicators": "NI59"},
    "plan_milestones": {"action": "1.1.1", "milestone": "1",
                        "description": "Executive performance management group established", "timescale": "Feb - May 2009"},
}

SPECIAL_CAUSES = {PointType.SPECIAL_CAUSE_IMPROVEMENT.value, PointType.SPECIAL_CAUSE_CONCERN.value,
                  PointType.SPECIAL_CAUSE_NEUTRAL_HIGH.value, PointType.SPECIAL_CAUSE_NEUTRAL_LOW.value}


# --- scorecard ----------------------------------------------------------------------------------

def trends(returns: pd.DataFrame, org: str, period: str, months: int = TREND_MONTHS) -> dict[str, list[float]]:
    """Each indicator's monthly values for `org` over the `months` up to `period` (oldest first)."""
    end = fmt.to_month(period)
    start = end - pd.DateOffset(months=months - 1)
    when = pd.to_datetime(returns["period"])
    mine = returns[(returns["org"] == org) & (when >= start) & (when <= end)].sort_values("period")
    return {code: [float(v) for v in group["value"].dropna()] for code, group in mine.groupby("indicator")}


SCORECARD_TABLE_COLUMNS = ["code", "Indicator", "RAG (year to date)", "In month", "Year to date", "Target",
                           "Vs last month", "Vs last year", "Variation (SPC)", "Assurance (SPC)", "Trend", "Title",
                           "rag", "variation", "assurance"]
HIDDEN_COLUMNS = ("code", "rag", "variation", "assurance")  # for the click-through and the colours


def scorecard_table(card: pd.DataFrame, returns: pd.DataFrame, org: str, period: str) -> pd.DataFrame:
    """The scorecard (already in attention order) as people read it: one row per indicator."""
    lines = trends(returns, org, period)
    rows = []
    for row in card.itertuples(index=False):
        rows.append([
            row.indicator,
            fmt.indicator_code(row.indicator),
            fmt.rag(row.rag),
            fmt.percent(row.value) if row.has_data else "no return",
            fmt.percent(row.ytd_value),
            fmt.percent(row.target),
            fmt.direction(row.direction_vs_previous),
            fmt.direction(row.direction_vs_last_year),
            fmt.variation(row.variation, bool(row.too_short)),
            fmt.assurance(row.assurance),
            lines.get(row.indicator, []),
            row.title,
            row.rag, row.variation, row.assurance,
        ])
    return pd.DataFrame(rows, columns=SCORECARD_TABLE_COLUMNS)


def _cell(background: str, dark_text: bool = False) -> str:
    return f"background-color: {background}; color: {'#0B0C0C' if dark_text else '#FFFFFF'}"


# Cell colours: GOV.UK RAG, Making Data Count variation and assurance. Dark text where white
# would be too faint on the colour. The words in the cell say the same (greyscale, colour-blind).
CELL_STYLES = {
    "rag": {Rag.RED.value: _cell(palette.RAG_COLOURS[Rag.RED]),
            Rag.AMBER.value: _cell(palette.RAG_COLOURS[Rag.AMBER], dark_text=True),
            Rag.GREEN.value: _cell(palette.RAG_COLOURS[Rag.GREEN])},
    "variation": {kind.value: _cell(colour, dark_text=kind == PointType.SPECIAL_CAUSE_CONCERN)
                  for kind, colour in palette.POINT_COLOURS.items()},
    "assurance": {Assurance.CONSISTENT_PASS.value: _cell(palette.POINT_COLOURS[PointType.SPECIAL_CAUSE_IMPROVEMENT]),
                  Assurance.CONSISTENT_FAIL.value: _cell(palette.POINT_COLOURS[PointType.SPECIAL_CAUSE_CONCERN], True),
                  Assurance.INCONSISTENT.value: _cell(palette.POINT_COLOURS[PointType.COMMON_CAUSE])},
}
STYLED_COLUMNS = {"RAG (year to date)": "rag", "Variation (SPC)": "variation", "Assurance (SPC)": "assurance"}


def cell_styles(table: pd.DataFrame, columns: dict[str, str] = STYLED_COLUMNS) -> pd.DataFrame:
    """CSS for each cell of `table`: the shown column coloured by its raw category column."""
    css = pd.DataFrame("", index=table.index, columns=table.columns)
    for shown, raw in columns.items():
        if shown in table.columns and raw in table.columns:
            css[shown] = table[raw].map(lambda value, raw=raw: CELL_STYLES[raw].get(value, "") if isinstance(value, str) else "")
    return css


def styled(table: pd.DataFrame, columns: dict[str, str] = STYLED_COLUMNS):
    """`table` as a pandas Styler with its category cells coloured (st.dataframe shows the colours)."""
    return table.style.apply(lambda frame: cell_styles(frame, columns), axis=None)


def rag_counts(card: pd.DataFrame) -> dict[str, int]:
    """How many indicators are red, amber, green, without a RAG, and special-cause concern."""
    rags = card["rag"].astype(object)
    return {
        Rag.RED.value: int((rags == Rag.RED.value).sum()),
        Rag.AMBER.value: int((rags == Rag.AMBER.value).sum()),
        Rag.GREEN.value: int((rags == Rag.GREEN.value).sum()),
        "none": int(rags.isna().sum()),
        PointType.SPECIAL_CAUSE_CONCERN.value: int((card["variation"] == PointType.SPECIAL_CAUSE_CONCERN.value).sum()),
    }


def special_causes(card: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose latest point (up to the scorecard's month) is a special cause."""
    found = card[card["variation"].isin(SPECIAL_CAUSES) & card["has_data"]]
    return pd.DataFrame({
        "Indicator": found["indicator"].map(fmt.indicator_code).to_numpy(),
        "Title": found["title"].to_numpy(),
        "Month": found["period"].map(fmt.month).to_numpy(),
        "In month": found["value"].map(fmt.percent).to_numpy(),
        "Variation": found["variation"].map(fmt.variation).to_numpy(),
    })


# --- indicator detail ---------------------------------------------------------------------------

@dataclass
class Detail:
    """Everything the indicator detail page shows for one indicator, organisation and month."""

    indicator: str
    org: str
    period: str
    title: str
    polarity: str
    versions: pd.DataFrame  # the definition's versions, with the one in force marked
    series: pd.DataFrame  # values.series up to the month
    spc: pd.DataFrame | None  # the XmR points (with period), None when SPC cannot be drawn
    spc_note: str  # why there is no SPC (or why to read it with care), or ""
    variation: str | None
    assurance: str | None
    rebase_at: list  # charted months from which a new definition applied (SPC phases)
    comparators: dict[str, pd.DataFrame]  # organisation name -> period, value
    table: pd.DataFrame  # the data table as people read it, revisions marked
    csv: bytes  # the series for download
    commentary: pd.DataFrame  # latest first, up to the month
    milestones: pd.DataFrame | None  # the plan's milestones for this indicator (None: no plan query yet)
    @property
    def has_data(self) -> bool:
        return bool(len(self.series)) and bool(self.series["has_data"].any())

    @property
    def current(self) -> dict | None:
        """The chosen month's row of the series (None when that month has no return)."""
        month = self.series[(self.series["period"] == fmt.to_month(self.period)) & self.series["has_data"]]
        return None if month.empty else month.iloc[0].to_dict()


def versions_table(versions: pd.DataFrame, indicator: str, period: str) -> pd.DataFrame:
    """The indicator's definitions, oldest first, saying when each applied and which is in force."""
    mine = versions[versions["code"] == indicator].sort_values("version")
    start = fmt.to_month(period)
    end = start + pd.offsets.MonthEnd(0)
    in_force = [pd.Timestamp(f) <= end and (fmt.is_blank(t) or pd.Timestamp(t) >= start)
                for f, t in zip(mine["valid_from"], mine["valid_to"])]
    return pd.DataFrame({
        "Version": mine["version"].astype(int).to_numpy(),
        "Applies": [f"from {fmt.date(f)}" + ("" if fmt.is_blank(t) else f" to {fmt.date(t)}")
                    for f, t in zip(mine["valid_from"], mine["valid_to"])],
        "In force in the chosen month": ["✔ yes" if flag else "" for flag in in_force],
        "Title": mine["title"].to_numpy(),
        "Definition": mine["definition"].to_numpy(),
        "Numerator": mine["numerator_label"].to_numpy(),
        "Denominator": mine["denominator_label"].to_numpy(),
        "Source": mine["source"].to_numpy(),
    })


def revision_notes(revisions: pd.DataFrame, indicator: str) -> dict[pd.Timestamp, str]:
    """Per month, the restatements of a figure in words: "✎ was 61.2% (…, load 4), restated by load 5 (file)"."""
    mine = revisions[revisions["indicator"] == indicator].sort_values(["period", "new_load_id"])
    notes: dict[pd.Timestamp, str] = {}
    for when, group in mine.groupby("period"):
        notes[pd.Timestamp(when)] = "; ".join(
            f"✎ was {fmt.percent(r.old_value)} ({fmt.count(r.old_numerator)}/{fmt.count(r.old_denominator)}, "
            f"load {r.old_load_id}), restated by load {r.new_load_id} ({r.new_file_name})"
            for r in group.itertuples()
        )
    return notes


def series_table(series: pd.DataFrame, notes: dict[pd.Timestamp, str]) -> pd.DataFrame:
    """The monthly figures as people read them, latest first, with restated figures marked."""
    rows = series[series["has_data"]].sort_values("period", ascending=False)
    return pd.DataFrame({
        "Month": rows["period"].map(fmt.month).to_numpy(),
        "Numerator": rows["numerator"].map(fmt.count).to_numpy(),
        "Denominator": rows["denominator"].map(fmt.count).to_numpy(),
        "In month": rows["value"].map(fmt.percent).to_numpy(),
        "Year to date": rows["ytd_value"].map(fmt.percent).to_numpy(),
        "Target": rows["target"].map(fmt.percent).to_numpy(),
        "RAG (year to date)": rows["rag"].map(fmt.rag).to_numpy(),
        "Vs last month": rows["direction_vs_previous"].map(fmt.direction).to_numpy(),
        "Revisions": [notes.get(pd.Timestamp(p), "") for p in rows["period"]],
        "rag": rows["rag"].to_numpy(),
    })


def series_csv(series: pd.DataFrame, own_returns: pd.DataFrame, revisions: pd.DataFrame) -> bytes:
    """The series for download: one row per month with a return, machine-readable, with each
    figure's load and, where restated, the earliest figure and its load."""
    rows = series[series["has_data"]].sort_values("period")
    months = pd.to_datetime(rows["period"])
    loads = own_returns.assign(period=pd.to_datetime(own_returns["period"])).set_index("period")
    earlier = (revisions.assign(period=pd.to_datetime(revisions["period"]))
               .sort_values("new_load_id").drop_duplicates("period", keep="first").set_index("period"))
    out = pd.DataFrame({
        "org": rows["org"].to_numpy(),
        "indicator": rows["indicator"].to_numpy(),
        "period": months.map(fmt.month_key).to_numpy(),
        "numerator": rows["numerator"].to_numpy(),
        "denominator": rows["denominator"].to_numpy(),
        "value": rows["value"].round(4).to_numpy(),
        "ytd_value": rows["ytd_value"].round(4).to_numpy(),
        "target": rows["target"].to_numpy(),
        "tolerance": rows["tolerance"].to_numpy(),
        "rag": rows["rag"].to_numpy(),
        "direction_vs_previous": rows["direction_vs_previous"].to_numpy(),
        "direction_vs_last_year": rows["direction_vs_last_year"].to_numpy(),
        "load_id": months.map(loads["load_id"]).to_numpy(),
        "restated": months.map(loads["restated"]).fillna(False).astype(bool).to_numpy(),
        "earlier_value": months.map(earlier["old_value"]).round(4).to_numpy(),
        "earlier_load_id": months.map(earlier["old_load_id"]).astype("Int64").to_numpy(),
    })
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def comparator_series(returns: pd.DataFrame, organisations: pd.DataFrame, indicator: str, org: str,
                      period: str) -> dict[str, pd.DataFrame]:
    """England, the region and statistical neighbours (every organisation that is not a local
    authority, other than `org`) for one indicator up to the month: {name: frame of period, value}."""
    end = fmt.to_month(period)
    out = {}
    for code, name, kind in organisations[["code", "name", "kind"]].itertuples(index=False):
        if code == org or kind == OrgKind.LOCAL_AUTHORITY.value:
            continue
        theirs = returns[(returns["org"] == code) & (returns["indicator"] == indicator)
                         & (pd.to_datetime(returns["period"]) <= end)]
        if len(theirs):
            out[name] = theirs[["period", "value"]].sort_values("period").reset_index(drop=True)
    return out


IMPROVEMENT = {Polarity.HIGHER_IS_BETTER.value: Improvement.INCREASE.value,
               Polarity.LOWER_IS_BETTER.value: Improvement.DECREASE.value,
               Polarity.WITHIN_BAND.value: Improvement.NEUTRAL.value}


def charted(series: pd.DataFrame) -> pd.DataFrame:
    """The months of `series` the SPC chart plots: those with a return and a value, in order."""
    return series[series["has_data"] & series["value"].notna()].sort_values("period")


def spc_points(series: pd.DataFrame, polarity: str, rebase_at: list):
    """XmR on the charted months: (points with a `period` column, variation, assurance, note).

    As the scorecard does it (indicators/scorecard.py): the monthly values up to the chosen month,
    improvement from the polarity, the chosen month's target for assurance, and a new phase at
    each of `rebase_at` (charted months: indicators.definitions.rebase_months, as the scorecard's).
    Points is None when there are no values.
    """
    from indicators.spc import xmr

    values = charted(series)
    if values.empty:
        return None, None, None, "No values to chart."
    target = series["target"].iloc[-1] if "target" in series.columns and len(series) else None
    result = xmr(values.set_index("period")["value"], improvement=IMPROVEMENT.get(polarity, Improvement.NEUTRAL.value),
                 target=None if fmt.is_blank(target) else float(target), rebase_at=list(rebase_at))
    points = result.points.copy()
    points["period"] = pd.to_datetime(values["period"]).to_numpy()
    notes = []
    if rebase_at:
        notes.append("The mean and limits are worked out afresh from " + ", ".join(fmt.month(m) for m in rebase_at)
                     + ", when a new definition came in.")
    if result.too_short:
        notes.append("Fewer than 12 points in a phase: the limits are provisional, so read the variation with care.")
    return points, result.variation, result.assurance, " ".join(notes)


def detail(indicator: str, org: str, period: str, *, returns: pd.DataFrame, catalogue: pd.DataFrame,
           versions: pd.DataFrame, targets: pd.DataFrame, organisations: pd.DataFrame,
           revisions: pd.DataFrame, commentary: pd.DataFrame, milestones: pd.DataFrame | None) -> Detail:
    """The detail page's content for `indicator` and `org` up to `period` ("YYYY-MM").

    `versions`: every version of every definition; a later one starts a new SPC phase, as on the scorecard.
    """
    from indicators.values import series as compute_series

    about = catalogue.set_index("code").loc[indicator]
    end = fmt.to_month(period)
    full = compute_series(returns, catalogue, targets, indicator, org)
    upto = full.assign(period=pd.to_datetime(full["period"]))
    upto = upto[upto["period"] <= end].reset_index(drop=True)
    own = returns[(returns["org"] == org) & (returns["indicator"] == indicator)
                  & (pd.to_datetime(returns["period"]) <= end)]
    mine = revisions[(revisions["indicator"] == indicator) & (revisions["org"] == org)
                     & (pd.to_datetime(revisions["period"]) <= end)]
    has_rows = len(upto) > 0
    rebase = (rebase_months(definition_changes(versions).get(indicator, ()), charted(upto)["period"])
              if has_rows else [])
    points, variation, assurance, spc_note = (spc_points(upto, about["polarity"], rebase) if has_rows
                                              else (None, None, None, ""))
    said = commentary[pd.to_datetime(commentary["period"]) <= end] if len(commentary) else commentary
    if len(said):
        said = said.sort_values(["period", "written_at"], ascending=False).reset_index(drop=True)
    return Detail(
        indicator=indicator, org=org, period=period, title=str(about["title"]), polarity=str(about["polarity"]),
        versions=versions_table(versions, indicator, period), series=upto, spc=points,
        variation=variation, assurance=assurance, rebase_at=rebase, spc_note=spc_note.strip(),
        comparators=comparator_series(returns, organisations, indicator, org, period),
        table=series_table(upto, revision_notes(mine, indicator)) if has_rows else pd.DataFrame(),
        csv=series_csv(upto, own, mine) if has_rows else b"",
        commentary=said, milestones=milestones_until(milestones, end),
    )


def milestones_until(milestones: pd.DataFrame | None, end) -> pd.DataFrame | None:
    """The plan's milestones completed by the end of the chosen month (None: no plan query)."""
    if milestones is None or milestones.empty or "completed" not in milestones.columns:
        return milestones
    done = pd.to_datetime(milestones["completed"])
    return milestones[done <= end + pd.offsets.MonthEnd(0)].reset_index(drop=True)


def milestones_table(milestones: pd.DataFrame) -> pd.DataFrame:
    """The plan's completed milestones for the detail page: when, which action and milestone, what."""
    return pd.DataFrame({
        "Completed": milestones["completed"].map(fmt.date).to_numpy(),
        "Action": milestones["action"].astype(str).to_numpy(),
        "Milestone": milestones["milestone"].astype(str).to_numpy(),
        "Description": milestones["description"].to_numpy(),
    })


# --- data quality -------------------------------------------------------------------------------

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


FAILURE_COLUMNS = ["File", "Row", "Column", "Value", "Rule"]


def failures_table(failures) -> pd.DataFrame:
    """Failing rows (checks.runner.Failure objects or their dicts): file, row, column, value, rule."""
    rows = []
    for failure in failures:
        item = failure if isinstance(failure, dict) else vars(failure)
        rows.append([item.get("file") or "", "" if item.get("row") is None else str(item.get("row")),
                     item.get("column") or "", "" if item.get("value") is None else str(item.get("value")),
                     item.get("rule") or ""])
    return pd.DataFrame(rows, columns=FAILURE_COLUMNS)


def failure_lines(failures, limit: int = 5) -> list[str]:
    """The first failures as sentences ("row 2, column 'numerator', value '12': …"), and how many more."""
    lines = []
    for failure in list(failures)[:limit]:
        item = failure if isinstance(failure, dict) else vars(failure)
        where = f"row {item['row']}" if item.get("row") is not None else "the file"
        column = f", column '{item['column']}'" if item.get("column") else ""
        value = f", value '{item['value']}'" if item.get("value") is not None else ""
        lines.append(f"{where}{column}{value}: {item.get('rule')}")
    hidden = len(list(failures)) - limit
    if hidden > 0:
        lines.append(f"… and {hidden} more in the table below")
    return lines


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


# --- load ---------------------------------------------------------------------------------------

def loadable_tables(registered) -> list[str]:
    """The tables a file can be loaded into, most used first (returns, targets, milestone updates)."""
    order = list(TABLE_LABELS)
    return sorted(registered, key=lambda t: (order.index(t) if t in order else len(order), t))


def template_csv(table: str, home_org: str | None = None) -> bytes:
    """A blank template for `table`: its columns (required first) and one example row to replace."""
    spec = TABLES[table]
    columns = [*spec.required, *spec.optional]
    example = {k: v.replace("{home}", home_org or "E09000014") for k, v in EXAMPLES.get(table, {}).items()}
    frame = pd.DataFrame([[example.get(c, "") for c in columns]], columns=columns)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def template_help(table: str) -> str:
    """Which columns a file for `table` takes, in words."""
    spec = TABLES[table]
    text = f"Required columns: {', '.join(spec.required)}."
    if spec.optional:
        text += f" Optional: {', '.join(spec.optional)}."
    return text


def report_summary(report) -> pd.DataFrame:
    """A validation report's expectations: each rule, passed or failed, and how many rows failed."""
    rows = [["✖ Failed", "", f.rule, "—"] for f in report.file_errors]
    rows += [["✔ Passed" if r.success else "✖ Failed", r.column or "", r.rule, fmt.count(r.unexpected_count)]
             for r in sorted(report.results, key=lambda r: r.success)]
    return pd.DataFrame(rows, columns=["Result", "Column", "Rule", "Failing rows"])


def preview(frame: pd.DataFrame, table: str, rows: int = 20) -> pd.DataFrame:
    """The first rows of a checked file in its own columns (the loader's helper columns hidden)."""
    spec = TABLES[table]
    columns = [c for c in (*spec.required, *spec.optional) if c in frame.columns]
    first = frame.head(rows)
    shown = pd.DataFrame({c: plain_cells(first[c]) for c in columns}, index=first.index).astype(object)
    shown.insert(0, "Row", [str(i) for i in shown.index])
    return shown.reset_index(drop=True)
