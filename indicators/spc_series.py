"""One indicator's SPC, worked out one way for every view: the scorecard, the detail page, the pack.

NHSRplotthedots has one entry point, `ptd_spc()`, so that every plot and summary answers "which
values, which target, which phases" alike; `indicator_spc` is pidash's. From one indicator's
monthly figures for one organisation it charts the months up to the chosen month that have a
value (a month with no return is left out), takes improvement from the polarity, assurance
against the target of the chosen month's financial year, and a new phase at each change of
definition (indicators.definitions), then runs indicators.spc.xmr.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from indicators.definitions import rebase_months
from indicators.rag import floats
from indicators.spc import SpcResult, xmr
from indicators.values import financial_year, month_start, require
from vocab import Improvement, Polarity

__all__ = ["IMPROVEMENT", "POINT_COLUMNS", "IndicatorSpc", "indicator_spc", "year_target"]

IMPROVEMENT = {
    Polarity.HIGHER_IS_BETTER.value: Improvement.INCREASE.value,
    Polarity.LOWER_IS_BETTER.value: Improvement.DECREASE.value,
    Polarity.WITHIN_BAND.value: Improvement.NEUTRAL.value,
}

# `IndicatorSpc.points`: the month, then SpcResult.points' columns (its `x` is the month)
POINT_COLUMNS = ["period", "phase", "value", "mean", "lpl", "upl", "nlpl", "nupl", "mr", "amr",
                 "outside_limits", "relative_to_mean", "close_to_limits", "trend", "two_in_three", "shift",
                 "special_cause", "rule", "point_type", "short_phase", "target"]


@dataclass(frozen=True, eq=False)
class IndicatorSpc:
    """One indicator's SPC for one organisation up to a month: the verdicts and the charted points.

    month      the chosen month (first day).
    variation  the chosen month's point type; None when that month has no value, whatever the
               months before it say (a scorecard shows no variation icon for a missing return).
    assurance  consistent_pass / consistent_fail / inconsistent: the last phase's limits against
               `target`; None without a target, with neutral improvement, or with no values.
    too_short  a phase has fewer than 12 points, or there are none (the limits are provisional).
    n          months charted.
    target     the target of the chosen month's financial year (None: none set).
    rebase_at  charted months at which a new phase starts (a new definition came in), oldest first.
    points     one row per charted month, oldest first, columns POINT_COLUMNS: period, phase
               (0-based), value, mean, lpl, upl (process limits), nlpl, nupl (two-thirds limits),
               mr, amr, the rule flags, rule, point_type, short_phase, target. Empty with no values.
               Built on first use: a scorecard reads only the verdicts.
    """

    month: pd.Timestamp
    variation: str | None
    assurance: str | None
    too_short: bool
    n: int
    target: float | None
    rebase_at: list[pd.Timestamp]
    _result: SpcResult | None = field(repr=False, default=None)

    @cached_property
    def points(self) -> pd.DataFrame:
        if self._result is None:
            return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "period" else object)
                                 for c in POINT_COLUMNS})
        points = self._result.points.rename(columns={"x": "period"})
        points["period"] = pd.DatetimeIndex(points["period"])
        return points[POINT_COLUMNS]


def indicator_spc(series: pd.DataFrame, polarity: str, month, *, targets: pd.DataFrame | None = None,
                  changes=()) -> IndicatorSpc:
    """The SPC of one indicator for one organisation up to `month` ("2009-09", a date or a Timestamp).

    series: the indicator's months (period, value), in any order; later months and months with no
        value are left out. values.series' frame, or any frame with those two columns.
    polarity: the indicator's (vocab.Polarity); sets which way is an improvement.
    targets: the indicator's targets for the organisation (year, target); the chosen month's
        financial year's is used. None: no target.
    changes: the months its definition changed (indicators.definitions.definition_changes(...)
        .get(code, ())); each starts a new phase at the first charted month on or after it.

    Raises ValueError for a missing column, an unknown polarity, a blank month, two rows for one
    month, or two targets for one year (targets for more than one indicator or organisation).
    """
    require(series, ("period", "value"), "series")
    if polarity not in IMPROVEMENT:
        raise ValueError(f"polarity must be one of {list(IMPROVEMENT)} (got {polarity!r})")
    month = _month(month)
    periods = month_start(series["period"]).to_numpy()
    values = floats(series["value"], "value")
    keep = (periods <= month.to_datetime64()) & ~np.isnan(values)
    charted = pd.Series(values[keep], index=pd.DatetimeIndex(periods[keep], name="period"), name="value")
    charted = charted.sort_index(kind="stable")
    if charted.index.has_duplicates:
        twice = charted.index[charted.index.duplicated()][0]
        raise ValueError(f"series: more than one row for {twice:%Y-%m} (pass one indicator for one organisation)")
    target = year_target(targets, month)
    if charted.empty:
        return IndicatorSpc(month, None, None, True, 0, target, [])
    rebase = rebase_months(changes, charted.index)
    result = xmr(charted, improvement=IMPROVEMENT[polarity], target=target, rebase_at=rebase)
    variation = result.variation if charted.index[-1] == month else None
    return IndicatorSpc(month, variation, result.assurance, bool(result.too_short), len(charted), target,
                        list(rebase), result)


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
