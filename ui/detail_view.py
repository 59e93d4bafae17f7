"""What the Indicator detail page shows for one indicator, organisation and month.

Pure (no streamlit): the figures come from indicators.values (the series) and
indicators.spc_series (SPC, as the scorecard and the evidence pack have it); this picks, joins
and words them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from checks.suites import COMMENTARY_MAX_CHARACTERS
from indicators.definitions import definition_changes
from indicators.spc_series import IndicatorSpc, indicator_spc
from indicators.values import series as compute_series
from ui import format as fmt
from vocab import OrgKind
from vocab.text import csv_bytes


# the detail page's SPC chart switch: its options, and the `chart` each asks indicator_spc for
SPC_CHOICES = {"Automatic": None, "XmR": "xmr", "p-chart": "p"}


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
    spc: pd.DataFrame | None  # IndicatorSpc.points, None when there is no value to chart
    spc_note: str  # why there is no SPC (or why to read it with care), or ""
    variation: str | None  # the chosen month's (None when it has no return)
    assurance: str | None
    rebase_at: list  # charted months from which a new definition applied (SPC phases)
    chart: str  # the SPC chart drawn, "xmr" or "p" (IndicatorSpc.chart)
    chart_reason: str  # which chart and why, in a sentence (IndicatorSpc.chart_reason)
    comparators: dict[str, pd.DataFrame]  # organisation name -> period, value
    table: pd.DataFrame  # the data table as people read it, revisions marked
    csv: bytes  # the series for download
    commentary: pd.DataFrame  # every version of the chosen month's commentary, newest first
    milestones: pd.DataFrame  # the plan's milestones for this indicator completed by the month

    @property
    def has_data(self) -> bool:
        return bool(len(self.series)) and bool(self.series["has_data"].any())

    @property
    def latest_commentary(self) -> dict | None:
        """The chosen month's latest commentary (cycle_queries columns), or None when it has none."""
        return None if self.commentary.empty else self.commentary.iloc[0].to_dict()

    @property
    def current(self) -> dict | None:
        """The chosen month's row of the series (None when that month has no return)."""
        month = self.series[(self.series["period"] == fmt.to_month(self.period)) & self.series["has_data"]]
        return None if month.empty else month.iloc[0].to_dict()


def detail(indicator: str, org: str, period: str, *, returns: pd.DataFrame, catalogue: pd.DataFrame,
           versions: pd.DataFrame, targets: pd.DataFrame, organisations: pd.DataFrame,
           revisions: pd.DataFrame, commentary: pd.DataFrame, milestones: pd.DataFrame,
           chart: str | None = None) -> Detail:
    """The detail page's content for `indicator` and `org` up to `period` ("YYYY-MM").

    `versions`: every version of every definition; a later one starts a new SPC phase, as on the scorecard.
    `chart`: the SPC chart, "xmr" or "p"; None draws the one the scorecard and the pack use (indicator_spc's rule).
    """
    about = catalogue.set_index("code").loc[indicator]
    end = fmt.to_month(period)
    full = compute_series(returns, catalogue, targets, indicator, org)
    upto = full.assign(period=pd.to_datetime(full["period"]))
    upto = upto[upto["period"] <= end].reset_index(drop=True)
    own = returns[(returns["org"] == org) & (returns["indicator"] == indicator)
                  & (pd.to_datetime(returns["period"]) <= end)]
    mine = revisions[(revisions["indicator"] == indicator) & (revisions["org"] == org)
                     & (pd.to_datetime(revisions["period"]) <= end)]
    spc = indicator_spc(upto, str(about["polarity"]), end,
                        targets=targets[(targets["org"] == org) & (targets["indicator"] == indicator)],
                        changes=definition_changes(versions).get(indicator, ()), chart=chart)
    has_rows = len(upto) > 0
    said = commentary[pd.to_datetime(commentary["period"]) == end] if len(commentary) else commentary
    if len(said):
        said = said.sort_values("version", ascending=False).reset_index(drop=True)
    return Detail(
        indicator=indicator, org=org, period=period, title=str(about["title"]), polarity=str(about["polarity"]),
        versions=versions_table(versions, indicator, period), series=upto, spc=spc.points if spc.n else None,
        variation=spc.variation, assurance=spc.assurance, rebase_at=spc.rebase_at,
        chart=spc.chart, chart_reason=spc.chart_reason,
        spc_note=spc_note(spc) if has_rows else "",
        comparators=comparator_series(returns, organisations, indicator, org, period),
        table=series_table(upto, revision_notes(mine, indicator)) if has_rows else pd.DataFrame(),
        csv=series_csv(upto, own, mine) if has_rows else b"",
        commentary=said, milestones=milestones_until(milestones, end),
    )


def spc_note(spc: IndicatorSpc) -> str:
    """Why there is no SPC chart, or why to read it with care; "" when neither."""
    if not spc.n:
        return "No values to chart."
    notes = []
    if spc.rebase_at:
        notes.append("The mean and limits are worked out afresh from " + ", ".join(fmt.month(m) for m in spc.rebase_at)
                     + ", when a new definition came in.")
    if spc.too_short:
        notes.append("Fewer than 12 points in a phase: the limits are provisional, so read the variation with care.")
    return " ".join(notes)


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
    return csv_bytes(out)


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


def milestones_until(milestones: pd.DataFrame, end) -> pd.DataFrame:
    """The plan's milestones (data.plan_queries.milestone_markers) completed by the end of the
    chosen month."""
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


# --- commentary: the month's latest, its history, and the form to write a new version ------------

MAX_CHARACTERS = COMMENTARY_MAX_CHARACTERS  # what happened, and what is being done: each at most this
EXPECTED_BY_MONTHS = 36  # the expected-by picker: the month itself and the three years after it


def commentary_byline(row: dict) -> str:
    """Who wrote a version and when: "Version 2 · written by A. Officer on 05 Oct 2009 10:00"
    (and the file it came in, for one loaded from a commentary file)."""
    loaded = "" if fmt.is_blank(row.get("load_id")) else f" · loaded from a file (load {int(row['load_id'])})"
    return f"Version {int(row['version'])} · written by {row['author']} on {fmt.timestamp(row['written_at'])}{loaded}"


def commentary_facts(row: dict) -> list[tuple[str, str]]:
    """A version's fields as (label, text) pairs: what happened, what is being done, plan action,
    expected by; a blank field is "—". The texts are exactly as written (the page shows them as text)."""
    return [
        ("What happened", str(row["text"])),
        ("What is being done", fmt.BLANK if fmt.is_blank(row.get("doing")) else str(row["doing"])),
        ("Plan action", fmt.BLANK if fmt.is_blank(row.get("action")) else str(row["action"])),
        ("Expected by", fmt.month(row.get("expected_by"))),
    ]


def commentary_history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Every version of a month's commentary, newest first, as people read it (nothing is deleted)."""
    return pd.DataFrame({
        "Version": history["version"].astype(int).to_numpy(),
        "Written": history["written_at"].map(fmt.timestamp).to_numpy(),
        "By": history["author"].to_numpy(),
        "What happened": history["text"].to_numpy(),
        "What is being done": history["doing"].fillna(fmt.BLANK).to_numpy(),
        "Plan action": history["action"].fillna(fmt.BLANK).to_numpy(),
        "Expected by": history["expected_by"].map(fmt.month).to_numpy(),
        "Load": history["load_id"].map(lambda v: fmt.BLANK if fmt.is_blank(v) else str(int(v))).to_numpy(),
    })


def plan_order(code: str) -> tuple:
    """An action code's place in the plan: "2.1.7" before "2.10.1" (numbers compared as numbers)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in str(code).split("."))


@dataclass
class CommentaryForm:
    """What the commentary form starts with: the latest version's fields (a new version usually
    revises it), and the plan actions and months it offers (None: none chosen)."""

    text: str
    doing: str
    actions: list[str | None]
    action_index: int
    months: list[str | None]  # YYYY-MM
    month_index: int


def commentary_form(latest: dict | None, period: str, action_codes: list[str]) -> CommentaryForm:
    """The form for a new version of a month's commentary: filled from `latest` (or empty), with
    none and every plan action, and none and the chosen month and the EXPECTED_BY_MONTHS after it
    (the latest version's action and month are offered even when outside those)."""
    latest = latest or {}
    action = None if fmt.is_blank(latest.get("action")) else str(latest["action"])
    actions = [None, *action_codes, *([action] if action and action not in action_codes else [])]
    start = fmt.to_month(period)
    months = [fmt.month_key(start + pd.DateOffset(months=n)) for n in range(EXPECTED_BY_MONTHS + 1)]
    expected = None if fmt.is_blank(latest.get("expected_by")) else fmt.month_key(latest["expected_by"])
    if expected and expected not in months:
        months = sorted([*months, expected])
    months = [None, *months]
    return CommentaryForm(
        text="" if fmt.is_blank(latest.get("text")) else str(latest["text"]),
        doing="" if fmt.is_blank(latest.get("doing")) else str(latest["doing"]),
        actions=actions, action_index=actions.index(action), months=months, month_index=months.index(expected),
    )
