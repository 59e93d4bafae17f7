"""Everything an evidence pack shows, read once from the store into one `Pack`.

The workbook and the PDF render this object and compute nothing: both show the same figures,
and each figure carries the load it came from. The scorecard and SPC are the dashboard's own
(indicators.scorecard, indicators.spc_series), so the pack reads as the dashboard does.

A pack "as signed off" (`as_signed_off=True`) reads only the figures in force at the load the
month's sign-off recorded (`max_load_id`; every return keeps its revisions by load, as
ops.signoff.scorecard_at does) and the commentary written by the sign-off; targets, definitions
and organisations keep only their current rows, so those replaced since are named in its notes.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from data import cycle_queries, plan_queries, queries
from indicators.definitions import definition_changes
from indicators.scorecard import scorecard
from indicators.spc_series import IndicatorSpc, indicator_spc
from indicators.values import financial_year, series_by_indicator
from ops import signoff as cycle
from plan import reports as plan_reports
from vocab import OrgKind
from vocab.progress import Progress, quiet
from reports import suppress as suppression
from reports.inspection import InspectionLists, annex_a

COMPARATOR_KINDS = [OrgKind.ENGLAND, OrgKind.REGION, OrgKind.STATISTICAL_NEIGHBOURS]


class ReportError(Exception):
    """A pack cannot be built as asked (bad period, unknown organisation or indicator)."""


@dataclass
class Pack:
    """The figures and records of one evidence pack, ready to render."""

    period: str  # YYYY-MM
    period_start: pd.Timestamp
    period_end: dt.date
    org: str
    org_name: str
    indicators: list[str]
    publish: bool
    quarterly: bool
    generated_at: dt.datetime
    generated_by: str
    catalogue: pd.DataFrame  # the definitions in force in the period, one row per indicator
    comparators: pd.DataFrame  # code, name, kind
    scorecard: pd.DataFrame
    series: dict[str, pd.DataFrame]  # indicator -> monthly rows up to the period
    spc: dict[str, pd.DataFrame]  # indicator -> IndicatorSpc.points (indicators with a value only)
    rebase_at: dict[str, list[pd.Timestamp]]  # indicator -> months a new definition started a phase
    commentary: pd.DataFrame  # the month's latest commentary on each indicator (cycle_queries.latest_commentary)
    milestones: pd.DataFrame
    exceptions: pd.DataFrame
    loads: pd.DataFrame  # every load behind the figures
    checks: pd.DataFrame  # the expectations run on those loads
    revisions: pd.DataFrame  # restated figures with their earlier values
    rejected: pd.DataFrame  # files rejected up to the build (not used; listed for the QA sub-group)
    quarter: pd.DataFrame | None = None  # quarterly variant: the quarter's months per indicator
    quarter_label: str = ""
    notes: list[str] = field(default_factory=list)  # what the pack leaves out, and why
    charts_withheld: set[str] = field(default_factory=set)  # publication mode: charts of suppressed values
    markers: dict[str, pd.DataFrame] = field(default_factory=dict)  # indicator -> plan milestones completed
    chart: dict[str, str] = field(default_factory=dict)  # indicator -> its SPC chart, "xmr" or "p" (the rule's)
    chart_reason: dict[str, str] = field(default_factory=dict)  # indicator -> which chart and why, a sentence
    suppressed_cells: int = 0
    # the monthly cycle: every sign-off and reopening of the organisation's months in the financial
    # year up to the period (cycle_queries.signoffs), each reported month's record (the month; the
    # quarter's months in the quarterly report), the figures loaded since a reported month's
    # sign-off (cycle_queries.returns_changed_since, with signoff_period), and the sign-off the
    # pack is built as (None: the figures held now)
    signoffs: pd.DataFrame = field(default_factory=pd.DataFrame)
    signoff_record: list[dict] = field(default_factory=list)  # period, state, words, row (or None)
    changes_since_signoff: pd.DataFrame = field(default_factory=pd.DataFrame)
    as_signed_off: dict | None = None
    basis: list[str] = field(default_factory=list)  # as signed off: which sign-off, and what it reads as now
    inspection: InspectionLists | None = None  # the Annex A-style lists from case records (reports/inspection.py)

    @property
    def title(self) -> str:
        kind = "Quarterly performance report" if self.quarterly else "Inspection evidence pack"
        signed = " (as signed off)" if self.as_signed_off else ""
        return f"{kind}: {self.org_name}, {month_label(self.period_start)}{signed}"

    @property
    def suppression_note(self) -> str:
        return suppression.NOTE if self.publish else ""


def month_label(when) -> str:
    return pd.Timestamp(when).strftime("%B %Y")


def quarter_of(period: str) -> tuple[pd.Timestamp, str]:
    """The first month of the financial quarter holding `period`, and its label (Q2 2009-10)."""
    ts = pd.Timestamp(period + "-01")
    offset = (ts.month - 4) % 3
    start = ts - pd.DateOffset(months=offset)
    number = ((ts.month - 4) % 12) // 3 + 1
    months = f"{start.strftime('%B')} to {ts.strftime('%B %Y')}" if offset else ts.strftime("%B %Y")
    to_date = " to date" if offset < 2 else ""
    return start, f"Q{number} {financial_year(ts)}{to_date} ({months})"


def check_period(period: str) -> str:
    if not isinstance(period, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise ReportError(f"the period must be a month written YYYY-MM, such as 2009-09 (got '{period}')")
    return period


def gather(
    con,
    period: str,
    org: str | None = None,
    indicators: list[str] | None = None,
    publish: bool = False,
    quarterly: bool = False,
    user: str = "",
    progress: Progress = quiet,
    as_signed_off: bool = False,
    inspection_lists: bool = False,
) -> Pack:
    """Read every figure and record the pack needs for `period` (YYYY-MM) from the store.
    `inspection_lists`: the builder may see child-level rows, so an evidence pack for an
    organisation with case records holds the inspection lists (reports/inspection.py).

    `as_signed_off`: as the month's sign-off saw it (only the loads up to the one it recorded, the
    commentary written by then); ReportError when the month does not stand signed off.
    """
    check_period(period)
    start = pd.Timestamp(period + "-01")
    end = (start + pd.offsets.MonthEnd(0)).date()
    orgs = queries.organisations(con)
    org = org or queries.home_org(con)
    if org is None:
        raise ReportError("no home organisation is set; run 'pidash init --home CODE' or pass --org")
    if org not in set(orgs["code"]):
        raise ReportError(f"unknown organisation '{org}'; known: {', '.join(orgs['code'])}")
    catalogue = queries.catalogue_at(con, period)
    known = list(catalogue["code"])
    chosen = [i.strip().upper() for i in (indicators or known) if i and i.strip()]
    unknown = [i for i in chosen if i not in known]
    if unknown:
        raise ReportError(f"unknown indicator(s) {', '.join(unknown)}; known: {', '.join(known)}")
    if not chosen:
        raise ReportError("no indicators to report on; load the indicator catalogue first")
    chosen = list(dict.fromkeys(chosen))
    catalogue = catalogue[catalogue["code"].isin(chosen)].set_index("code").loc[chosen].reset_index()
    comparators = orgs[orgs["kind"].isin([k.value for k in COMPARATOR_KINDS]) & (orgs["code"] != org)]
    org_codes = [org, *comparators["code"]]
    signed = _signed_off(con, org, period) if as_signed_off else None
    max_load_id = None if signed is None else int(signed["load_id"])  # the loads the pack may read

    progress(0.05, "reading returns and targets")
    returns = (queries.current_returns(con, orgs=org_codes, indicators=chosen) if max_load_id is None
               else cycle_queries.returns_in_force_at(con, max_load_id, org_codes, chosen))
    returns = returns[returns["period"] <= start].reset_index(drop=True)
    all_targets = queries.targets(con, orgs=[org])
    revisions = queries.revisions(con, orgs=[org])
    revisions = revisions[revisions["indicator"].isin(chosen) & (revisions["period"] <= start)
                          & (revisions["new_load_id"] <= (max_load_id or queries.NO_LIMIT))].reset_index(drop=True)

    progress(0.12, "computing the scorecard")
    # each indicator's rows, split once: _series filters by indicator, and at national scale
    # filtering the whole frame for every indicator and comparator was most of the pack's time
    by_indicator = dict(tuple(returns.groupby("indicator", sort=False)))
    computed = series_by_indicator(returns, catalogue, all_targets, org, chosen)  # one pass for all
    series = {code: _series(by_indicator.get(code, returns.iloc[:0]), revisions, comparators, code, org, start,
                            computed[code])
              for code in chosen}
    versions = queries.catalogue(con, current_only=False)  # a later definition starts a new SPC phase
    card = _scorecard(returns, catalogue, all_targets, orgs, period, org, series, versions)
    spc = _spc(computed, catalogue, all_targets, start, versions)

    progress(0.2, "reading the improvement plan")
    milestones, exceptions = milestone_report(con, end), exception_report(con, end)
    markers = _milestone_markers(con, chosen, end)
    comments = cycle_queries.latest_commentary(con, orgs=[org], indicators=chosen, period=period,
                                               as_at=None if signed is None else signed["signed_at"])

    progress(0.25, "collecting provenance and data-quality records")
    loads = queries.source_loads(con, org, org_codes, chosen, end, max_load_id)
    checks = queries.check_results_for(con, list(loads["id"]))
    history = queries.load_history(con)
    rejected = history[(history["status"] != "accepted") & (history["id"] <= (max_load_id or queries.NO_LIMIT))]
    rejected = rejected.sort_values("id").reset_index(drop=True)

    quarter, quarter_label = None, ""
    q_start = start
    if quarterly:
        q_start, quarter_label = quarter_of(period)
        quarter = _quarter(series, catalogue, q_start, start)
    signoffs, record, changed = _cycle_record(con, org, start, pd.date_range(q_start, start, freq="MS"), chosen,
                                              signed)

    pack = Pack(
        period=period, period_start=start, period_end=end, org=org,
        org_name=str(orgs.set_index("code").loc[org, "name"]), indicators=chosen,
        publish=publish, quarterly=quarterly,
        generated_at=dt.datetime.now().replace(microsecond=0), generated_by=user,
        catalogue=catalogue, comparators=comparators.reset_index(drop=True), scorecard=card,
        series=series, spc={code: s.points for code, s in spc.items() if s.n},
        rebase_at={code: s.rebase_at for code, s in spc.items()}, commentary=comments,
        chart={code: s.chart for code, s in spc.items()},
        chart_reason={code: s.chart_reason for code, s in spc.items()},
        milestones=milestones, exceptions=exceptions, loads=loads, checks=checks, revisions=revisions,
        rejected=rejected, quarter=quarter, quarter_label=quarter_label, markers=markers,
        signoffs=signoffs, signoff_record=record, changes_since_signoff=changed, as_signed_off=signed,
    )
    if signed is not None:
        pack.basis = _as_signed_off_notes(con, signed, org, changed)
    pack.inspection, left_out = annex_a(con, org, end, inspection_lists, publish, quarterly, max_load_id)
    if left_out:
        pack.notes.append(left_out)
    return apply_publication(pack) if publish else pack


# --- the monthly cycle: sign-offs and what changed since ---------------------------------------

def _signed_off(con, org: str, period: str) -> dict:
    """The sign-off `org`'s month stands on; ReportError when it stands on none."""
    signed = cycle.current_signoff(con, org, period)
    if signed is None:
        latest = cycle_queries.latest_signoff(con, org, period)
        why = "it has never been signed off" if latest is None else "it was reopened after its sign-off"
        raise ReportError(f"{org} {period} is not signed off ({why}), so there is no pack as signed off; "
                          "build it without --as-signed-off, or sign the month off first")
    return signed


def _cycle_record(con, org: str, start: pd.Timestamp, months, indicators: list[str], signed: dict | None):
    """The sign-offs and reopenings of `org`'s months from the start of the financial year to
    `start` (those up to `signed`, for a pack as signed off), each of `months`' latest record in
    words, and the figures loaded since the sign-off each of `months` stands on."""
    year_start = pd.Timestamp(year=start.year if start.month >= 4 else start.year - 1, month=4, day=1)
    rows = cycle_queries.signoffs(con, org)
    rows = rows[(rows["period"] >= year_start) & (rows["period"] <= start)]
    if signed is not None:
        rows = rows[rows["id"] <= int(signed["id"])]
    rows = rows.reset_index(drop=True)
    record, changed = [], []
    for month in months:
        mine = rows[rows["period"] == month]
        latest = None if mine.empty else mine.iloc[-1].to_dict()
        record.append({"period": month, "state": signoff_state(latest), "row": latest,
                       "words": signoff_words(latest, month)})
        if latest is not None and latest["kind"] == cycle.SIGNOFF:
            moved = cycle_queries.returns_changed_since(con, int(latest["load_id"]), org, month.strftime("%Y-%m"))
            moved = moved[moved["indicator"].isin(indicators)]
            changed.append(moved.assign(signoff_period=month, signoff_load_id=int(latest["load_id"])))
    columns = ["signoff_period", "signoff_load_id", *cycle_queries.CHANGED_COLUMNS]
    changed = pd.concat(changed, ignore_index=True) if changed else pd.DataFrame(columns=columns)
    return rows, record, changed.reindex(columns=columns)


def signoff_state(row: dict | None) -> str:
    """"Signed off", "Reopened" or "Not signed off": where a month's latest record leaves it."""
    if row is None:
        return "Not signed off"
    return "Signed off" if row["kind"] == cycle.SIGNOFF else "Reopened"


def signoff_words(row: dict | None, month) -> str:
    """A month's latest sign-off record in a sentence, for the reports."""
    name = month_label(month)
    if row is None:
        return f"{name}: not signed off."
    when = pd.Timestamp(row["signed_at"]).strftime("%d %B %Y %H:%M")
    if row["kind"] != cycle.SIGNOFF:
        return f"{name}: reopened by {row['signed_by']} on {when} ({row['note']}); not signed off now."
    words = f"{name}: signed off by {row['signed_by']} on {when}, with the figures loaded up to load {int(row['load_id'])}."
    if not _blank(row.get("note")):
        words += f" Note: {_sentence(row['note'])}"
    if not _blank(row.get("override")):
        words += f" Signed off although not ready: {_sentence(row['override'])}"
    return words


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _sentence(text) -> str:
    """Text people wrote, ended with a full stop when it has no closing punctuation of its own."""
    words = str(text).strip()
    return words if words.endswith((".", "!", "?")) else words + "."


def _as_signed_off_notes(con, signed: dict, org: str, changed: pd.DataFrame) -> list[str]:
    """What a pack as signed off says about itself: which sign-off, and what it reads as it is now."""
    notes = [f"As signed off by {signed['signed_by']} on {pd.Timestamp(signed['signed_at']):%d %B %Y %H:%M}: only "
             f"the figures in force at load {int(signed['load_id'])}, and the commentary written by then."]
    if len(changed):
        notes.append(f"{len(changed)} figure(s) have been loaded since the sign-off; they are not in this pack and "
                     "are listed on the Provenance sheet.")
    for change in cycle_queries.reference_changed_since(con, int(signed["load_id"]), org).itertuples(index=False):
        notes.append(f"{change.what} {change.item} ({change.detail}) were replaced by load {change.load_id} after "
                     "the sign-off: pidash keeps only their current rows, so this pack reads them as they are now.")
    return notes


# --- the parts ---------------------------------------------------------------------------------

def _scorecard(returns, catalogue, targets, orgs, period, org, series, versions) -> pd.DataFrame:
    card = scorecard(returns, catalogue, targets, orgs, period, org, versions=versions)
    card = card[card["indicator"].isin(catalogue["code"])].copy()
    order = {code: n for n, code in enumerate(catalogue["code"])}
    card = card.sort_values("indicator", key=lambda s: s.map(order)).reset_index(drop=True)
    month = pd.Timestamp(period + "-01")
    for column in ("ytd_numerator", "ytd_denominator"):
        # the counts behind the year-to-date figures, so publication mode can tell which to hide
        found = {code: frame.loc[frame["period"] == month, column].iloc[0]
                 for code, frame in series.items() if (frame["period"] == month).any()}
        card[column] = card["indicator"].map(found)
    return card


def _series(returns, revisions, comparators, code, org, start, computed: pd.DataFrame) -> pd.DataFrame:
    """One indicator's months up to the period: counts, value, restatement, YTD, target, comparators
    (`computed`: the indicator engine's series for it, worked out with the others)."""
    own = returns[(returns["org"] == org) & (returns["indicator"] == code)]
    frame = own[["period", "numerator", "denominator", "value", "restated", "note", "load_id"]].copy()
    computed = computed[pd.to_datetime(computed["period"]) <= start].copy()
    computed["period"] = pd.to_datetime(computed["period"])
    frame = frame.merge(computed[["period", "ytd_numerator", "ytd_denominator", "ytd_value", "target", "tolerance",
                                  "rag", "direction_vs_previous", "direction_vs_last_year"]],
                        on="period", how="left")
    earlier = revisions[revisions["indicator"] == code].sort_values("new_load_id").drop_duplicates("period")
    frame["earlier_value"] = frame["period"].map(earlier.set_index("period")["old_value"])
    frame["earlier_load_id"] = frame["period"].map(earlier.set_index("period")["old_load_id"])
    # every comparator's value by month, side by side (one pivot rather than a filter per comparator)
    theirs = returns[(returns["indicator"] == code) & returns["org"].isin(list(comparators["code"]))]
    wide = theirs.pivot(index="period", columns="org", values="value")
    none = returns.iloc[:0].set_index("period")["value"]
    for comp in comparators.itertuples():
        frame[f"comparator:{comp.code}"] = frame["period"].map(wide[comp.code] if comp.code in wide.columns else none)
    return frame.reset_index(drop=True)


def _spc(series: dict[str, pd.DataFrame], catalogue: pd.DataFrame, targets: pd.DataFrame, month: pd.Timestamp,
         versions: pd.DataFrame) -> dict[str, IndicatorSpc]:
    """Each indicator's SPC up to the period (`series`: values.series frames), as the scorecard
    and the detail page work it out."""
    polarity = catalogue.set_index("code")["polarity"]
    goals = dict(tuple(targets.groupby("indicator", sort=False)))
    changes = definition_changes(versions)
    return {code: indicator_spc(frame, polarity[code], month, targets=goals.get(code), changes=changes.get(code, ()))
            for code, frame in series.items()}


def milestone_report(con, as_of: dt.date) -> pd.DataFrame:
    """The milestone report as of a date, read from the store."""
    return plan_reports.milestone_status_report(plan_queries.plan_milestones(con),
                                                plan_queries.milestone_history(con), as_of)


def exception_report(con, as_of: dt.date) -> pd.DataFrame:
    """The milestone exception report as of a date, read from the store."""
    return plan_reports.exceptions(milestone_report(con, as_of))


def _milestone_markers(con, indicators: list[str], end: dt.date) -> dict[str, pd.DataFrame]:
    """The plan's milestones completed by the period end for actions naming each indicator."""
    out = {}
    for code in indicators:
        frame = plan_queries.milestone_markers(con, code)
        out[code] = frame[pd.to_datetime(frame["completed"]) <= pd.Timestamp(end)].reset_index(drop=True)
    return out


def _quarter(series, catalogue, q_start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The quarter's months side by side per indicator, for the performance indicator report."""
    rows = []
    for code, frame in series.items():
        months = frame[(frame["period"] >= q_start) & (frame["period"] <= end)]
        for row in months.itertuples():
            rows.append({"indicator": code, "period": row.period, "numerator": row.numerator,
                         "denominator": row.denominator, "value": row.value})
    return pd.DataFrame(rows, columns=["indicator", "period", "numerator", "denominator", "value"])


# --- publication mode --------------------------------------------------------------------------

def apply_publication(pack: Pack) -> Pack:
    """Suppress small counts (and the percentages built on them) everywhere the pack shows them."""
    changed = 0
    for code, frame in list(pack.series.items()):
        hidden = suppression.suppress(frame, rates=("value", "earlier_value"),
                                      linked={"ytd_numerator": ["ytd_value"], "ytd_denominator": ["ytd_value"]})
        count = suppression.suppressed_count(frame, hidden)
        if count:  # a chart would plot the hidden values back
            pack.spc.pop(code, None)
            pack.charts_withheld.add(code)
            pack.notes.append(f"{code}: the chart is left out in publication mode because some of its "
                              "monthly values are suppressed.")
        changed += count
        pack.series[code] = hidden
    linked = {"ytd_numerator": ["ytd_value"], "ytd_denominator": ["ytd_value"]}
    hidden = suppression.suppress(pack.scorecard, linked=linked)
    changed += suppression.suppressed_count(pack.scorecard, hidden)
    pack.scorecard = hidden
    if pack.quarter is not None:
        hidden = suppression.suppress(pack.quarter)
        changed += suppression.suppressed_count(pack.quarter, hidden)
        pack.quarter = hidden
    if not pack.revisions.empty:
        hidden = suppression.suppress(pack.revisions, counts=("old_numerator", "old_denominator"),
                                      rates=("old_value",))
        hidden = suppression.suppress(hidden, counts=("new_numerator", "new_denominator"), rates=("new_value",))
        changed += suppression.suppressed_count(pack.revisions, hidden)
        pack.revisions = hidden
    pack.suppressed_cells = changed
    return pack
