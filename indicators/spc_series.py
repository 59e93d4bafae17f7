"""One indicator's SPC, worked out one way for every view: the scorecard, the detail page, the pack.

NHSRplotthedots has one entry point, `ptd_spc()`, so that every plot and summary answers "which
values, which target, which phases" alike; `indicator_spc` is pidash's. From one indicator's
monthly figures for one organisation it charts the months up to the chosen month that have a
value (a month with no return is left out), takes improvement from the polarity, assurance
against the target of the chosen month's financial year, and a new phase at each change of
definition (indicators.definitions), then draws one of two charts, and says which and why:

    where the median denominator of the months charted is under 30 (a few adoptions or child
    protection plans a month), the p-chart (indicators.spc.pchart), whose limits are worked
    out for each month from that month's denominator; otherwise the XmR chart (indicators.spc.xmr).

A caller may force either chart (`chart=`); the verdicts (variation, assurance) are the chosen
chart's, so a scorecard, a detail page and a pack that make the same choice read alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from indicators.definitions import rebase_months
from indicators.rag import floats
from indicators.spc import P_CHART, XMR, SpcResult, pchart, xmr
from indicators.values import financial_year, month_start, require
from vocab import Improvement, Polarity

__all__ = ["CHARTS", "IMPROVEMENT", "POINT_COLUMNS", "SMALL_DENOMINATOR", "IndicatorSpc", "choose_chart",
           "indicator_spc", "year_target"]

IMPROVEMENT = {
    Polarity.HIGHER_IS_BETTER.value: Improvement.INCREASE.value,
    Polarity.LOWER_IS_BETTER.value: Improvement.DECREASE.value,
    Polarity.WITHIN_BAND.value: Improvement.NEUTRAL.value,
}
CHARTS = (XMR, P_CHART)  # vocab.SpcChart's values
SMALL_DENOMINATOR = 30  # a median monthly denominator under this: the p-chart

# `IndicatorSpc.points`: the month, then SpcResult.points' columns (its `x` is the month), with the
# month's counts on either chart and mr, amr blank on a p-chart
POINT_COLUMNS = ["period", "phase", "value", "numerator", "denominator", "mean", "lpl", "upl", "nlpl", "nupl",
                 "mr", "amr", "outside_limits", "relative_to_mean", "close_to_limits", "trend", "two_in_three",
                 "shift", "special_cause", "rule", "point_type", "short_phase", "target"]


@dataclass(frozen=True, eq=False)
class IndicatorSpc:
    """One indicator's SPC for one organisation up to a month: the verdicts and the charted points.

    month      the chosen month (first day).
    variation  the chosen month's point type; None when that month has no value, whatever the
               months before it say (a scorecard shows no variation icon for a missing return).
    assurance  consistent_pass / consistent_fail / inconsistent: the last phase's limits (on a
               p-chart, the last month's) against `target`; None without a target, with neutral
               improvement, or with no values.
    too_short  a phase has fewer than 12 points, or there are none (the limits are provisional).
    n          months charted.
    target     the target of the chosen month's financial year (None: none set).
    rebase_at  charted months at which a new phase starts (a new definition came in), oldest first.
    chart      "xmr" or "p" (vocab.SpcChart): the chart drawn, by the rule or as the caller chose.
    chart_reason  which chart and why, in a sentence a reader can take.
    points     one row per charted month, oldest first, columns POINT_COLUMNS: period, phase
               (0-based), value, numerator, denominator, mean, lpl, upl (process limits: the same
               for every month of a phase on an XmR chart, each month's own on a p-chart), nlpl,
               nupl (two-thirds limits), mr, amr (XmR only), the rule flags, rule, point_type,
               short_phase, target. Empty with no values. Built on first use: a scorecard reads
               only the verdicts.
    """

    month: pd.Timestamp
    variation: str | None
    assurance: str | None
    too_short: bool
    n: int
    target: float | None
    rebase_at: list[pd.Timestamp]
    chart: str
    chart_reason: str
    _result: SpcResult | None = field(repr=False, default=None)
    _counts: pd.DataFrame | None = field(repr=False, default=None)

    @cached_property
    def points(self) -> pd.DataFrame:
        if self._result is None:
            return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "period" else object)
                                 for c in POINT_COLUMNS})
        points = self._result.points.rename(columns={"x": "period"})
        points["period"] = pd.DatetimeIndex(points["period"])
        if self.chart == XMR:
            points["numerator"] = self._counts["numerator"].to_numpy()
            points["denominator"] = self._counts["denominator"].to_numpy()
        else:
            points["mr"] = points["amr"] = np.nan
        return points[POINT_COLUMNS]


def indicator_spc(series: pd.DataFrame, polarity: str, month, *, targets: pd.DataFrame | None = None,
                  changes=(), chart: str | None = None) -> IndicatorSpc:
    """The SPC of one indicator for one organisation up to `month` ("2009-09", a date or a Timestamp).

    series: the indicator's months (period, value, and numerator, denominator for a p-chart), in
        any order; later months and months with no value are left out. values.series' frame, or
        any frame with those columns (without the counts, the chart is the XmR).
    polarity: the indicator's (vocab.Polarity); sets which way is an improvement.
    targets: the indicator's targets for the organisation (year, target); the chosen month's
        financial year's is used. None: no target.
    changes: the months its definition changed (indicators.definitions.definition_changes(...)
        .get(code, ())); each starts a new phase at the first charted month on or after it.
    chart: None for the rule (`choose_chart`: the p-chart where the median denominator of the
        months charted is under 30, else the XmR), or "xmr" or "p" to draw that chart.

    Raises ValueError for a missing column, an unknown polarity or chart, a blank month, two rows
    for one month, two targets for one year (targets for more than one indicator or
    organisation), or a p-chart asked for where a month charted has no counts.
    """
    require(series, ("period", "value"), "series")
    if polarity not in IMPROVEMENT:
        raise ValueError(f"polarity must be one of {list(IMPROVEMENT)} (got {polarity!r})")
    if chart is not None and chart not in CHARTS:
        raise ValueError(f"chart must be one of {list(CHARTS)} or None for the rule (got {chart!r})")
    month = _month(month)
    periods = month_start(series["period"]).to_numpy()
    values = floats(series["value"], "value")
    keep = (periods <= month.to_datetime64()) & ~np.isnan(values)
    counted = "numerator" in series.columns and "denominator" in series.columns
    charted = pd.DataFrame({
        "value": values[keep],
        **{c: floats(series[c], c)[keep] if counted else np.full(int(keep.sum()), np.nan)
           for c in ("numerator", "denominator")},
    }, index=pd.DatetimeIndex(periods[keep], name="period")).sort_index(kind="stable")
    if charted.index.has_duplicates:
        twice = charted.index[charted.index.duplicated()][0]
        raise ValueError(f"series: more than one row for {twice:%Y-%m} (pass one indicator for one organisation)")
    target = year_target(targets, month)
    chosen, reason = choose_chart(charted["denominator"], chart)
    if charted.empty:
        return IndicatorSpc(month, None, None, True, 0, target, [], chosen, reason)
    rebase = rebase_months(changes, charted.index)
    if chosen == P_CHART:
        result = pchart(charted["numerator"], charted["denominator"], improvement=IMPROVEMENT[polarity],
                        target=target, rebase_at=rebase)
    else:
        result = xmr(charted["value"], improvement=IMPROVEMENT[polarity], target=target, rebase_at=rebase)
    variation = result.variation if charted.index[-1] == month else None
    return IndicatorSpc(month, variation, result.assurance, bool(result.too_short), len(charted), target,
                        list(rebase), chosen, reason, result, charted[["numerator", "denominator"]])


def choose_chart(denominators, chart: str | None = None) -> tuple[str, str]:
    """Which chart for months with these denominators, and why in a sentence: the p-chart where
    their median is under SMALL_DENOMINATOR (30), else the XmR; `chart` ("xmr" or "p") forces one.

    A p-chart needs every month's count: with any denominator missing the rule picks the XmR, and
    forcing the p-chart raises ValueError.
    """
    den = floats(denominators, "denominator")
    if chart is not None and chart not in CHARTS:
        raise ValueError(f"chart must be one of {list(CHARTS)} or None for the rule (got {chart!r})")
    if not len(den):
        return chart or XMR, "No values to chart."
    missing = int(np.isnan(den).sum())
    if missing:
        if chart == P_CHART:
            raise ValueError(f"a p-chart needs each month's numerator and denominator: {missing} of the "
                             f"{len(den)} months charted have none")
        return XMR, (f"XmR chart: {missing} of the {len(den)} months charted have no numerator and denominator, "
                     "so a p-chart cannot be drawn.")
    median = float(np.median(den))
    said = f"the median monthly denominator is {_count(median)}"
    rule = P_CHART if median < SMALL_DENOMINATOR else XMR
    if chart is None or chart == rule:
        if rule == P_CHART:
            return rule, f"p-chart: {said}, under {SMALL_DENOMINATOR}, so the limits vary with each month's count."
        return rule, f"XmR chart: {said}, {SMALL_DENOMINATOR} or more, so one set of limits serves every month."
    if chart == P_CHART:
        return chart, (f"p-chart, as chosen: the limits vary with each month's count ({said}, "
                       f"{SMALL_DENOMINATOR} or more, so the rule would draw the XmR chart).")
    return chart, (f"XmR chart, as chosen: one set of limits for every month ({said}, under "
                   f"{SMALL_DENOMINATOR}, so the rule would draw the p-chart).")


def year_target(targets: pd.DataFrame | None, month) -> float | None:
    """The target (year, target) of the financial year holding `month`; None if none is set."""
    if targets is None:
        return None
    require(targets, ("year", "target"), "targets")
    found = targets.loc[targets["year"] == financial_year(_month(month)), "target"]
    if len(found) > 1:
        raise ValueError(f"targets: more than one target for {financial_year(_month(month))} "
                         "(pass one indicator's targets for one organisation)")
    value = floats(found, "target")
    return None if not len(value) or np.isnan(value[0]) else float(value[0])


def _month(month) -> pd.Timestamp:
    """The first day of `month`'s month; raises on a blank."""
    start = month_start([month]).iloc[0]
    if pd.isna(start):
        raise ValueError(f"month: no month given (got {month!r})")
    return pd.Timestamp(start)


def _count(number: float) -> str:
    """12, 29.5, 1,500: a count as a person writes it."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.1f}"
