"""Everything an evidence pack shows, read once from the store into one `Pack`.

The workbook and the PDF render this object and compute nothing: both show the same figures,
and each figure carries the load it came from. The scorecard and SPC are the dashboard's own
(indicators.scorecard, indicators.spc_series), so the pack reads as the dashboard does.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from data import plan_queries, queries
from indicators.definitions import definition_changes
from indicators.scorecard import scorecard
from indicators.spc_series import IndicatorSpc, indicator_spc
from indicators.values import financial_year, series_by_indicator
from plan import reports as plan_reports
from vocab import OrgKind
from vocab.progress import Progress, quiet
from reports import suppress as suppression

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
    commentary: pd.DataFrame
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
    suppressed_cells: int = 0

    @property
    def title(self) -> str:
        kind = "Quarterly performance report" if self.quarterly else "Inspection evidence pack"
        return f"{kind}: {self.org_name}, {month_label(self.period_start)}"

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
) -> Pack:
    """Read every figure and record the pack needs for `period` (YYYY-MM) from the store."""
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

    progress(0.05, "reading returns and targets")
    returns = queries.current_returns(con, orgs=org_codes, indicators=chosen)
    returns = returns[returns["period"] <= start].reset_index(drop=True)
    all_targets = queries.targets(con, orgs=[org])
    revisions = queries.revisions(con, orgs=[org])
    revisions = revisions[revisions["indicator"].isin(chosen) & (revisions["period"] <= start)].reset_index(drop=True)

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
    comments = queries.commentary(con, orgs=[org], indicators=chosen)
    comments = comments[comments["period"] <= start].reset_index(drop=True)

    progress(0.25, "collecting provenance and data-quality records")
    loads = queries.source_loads(con, org, org_codes, chosen, end)
    checks = queries.check_results_for(con, list(loads["id"]))
    history = queries.load_history(con)
    rejected = history[history["status"] != "accepted"].sort_values("id").reset_index(drop=True)

    quarter, quarter_label = None, ""
    if quarterly:
        q_start, quarter_label = quarter_of(period)
        quarter = _quarter(series, catalogue, q_start, start)

    pack = Pack(
        period=period, period_start=start, period_end=end, org=org,
        org_name=str(orgs.set_index("code").loc[org, "name"]), indicators=chosen,
        publish=publish, quarterly=quarterly,
        generated_at=dt.datetime.now().replace(microsecond=0), generated_by=user,
        catalogue=catalogue, comparators=comparators.reset_index(drop=True), scorecard=card,
        series=series, spc={code: s.points for code, s in spc.items() if s.n},
        rebase_at={code: s.rebase_at for code, s in spc.items()}, commentary=comments,
        milestones=milestones, exceptions=exceptions, loads=loads, checks=checks, revisions=revisions,
        rejected=rejected, quarter=quarter, quarter_label=quarter_label, markers=markers,
    )
    return apply_publication(pack) if publish else pack


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
