"""Statistical process control (SPC) for indicators: NHS England "Making Data Count" charts.

`xmr` is the XmR (individuals) chart. With default options it reproduces the open reference,
NHSRplotthedots 0.2.x `ptd_spc()` (nhs-r-community): the centre line is the mean; moving ranges
of 3.267 x their mean or more are screened out and the rest re-averaged; process limits are the
mean ± 2.66 x that average moving range. `pchart` is a p-chart for percentages whose
denominators are small and vary, where an XmR chart's constant limits mislead.

Both run one pipeline of small steps, in the spirit of the R package:

    normalise input → phases (rebase) → limits per phase → classify points per phase → assurance

and return an `SpcResult`. The special-cause rules (`indicators._spc_rules`), applied within
each phase, strongest first: a point beyond a limit; part of a 7-point trend (6 rises or 6
falls in a row, a tie breaks it); part of 2-of-3 consecutive points beyond two-thirds of the
way to a limit, all 3 on the same side of the mean (only the 2 close points are flagged); part
of a run of 7 or more points on one side of the mean (a point on the mean breaks it). A trend
point's type follows the trend's direction, every other point's its side of the mean.

Choices where R gives no answer (R fails or misleads on them, see NHSRplotthedots issue #156):

- Missing values (None/NaN: a month with no return) are left out of every calculation — mean,
  moving ranges, runs and trends are computed on the points that exist, so a run or trend
  continues across a gap — and kept in `points` as rows with NaN value, NaN relative_to_mean,
  False flags and point_type None. XmR gap rows still carry their phase's mean and limits.
- Rows are taken in the order given (R sorts by date). A Series with a DatetimeIndex or
  PeriodIndex must be strictly increasing.

Phases are numbered from 0. Short phases (fewer than 12 points) are computed as usual and
flagged (`short_phase`, `too_short`), never hidden, as R's `short_group_warning` does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from indicators._spc_rules import classify
from vocab import Assurance, Improvement, SpcChart

LIMIT = 2.66  # process limits: mean ± 2.66 x average moving range (≈ 3 sigma)
LIMIT_CLOSE = 2 * (LIMIT / 3)  # two-thirds of the way to a limit (≈ 2 sigma), as R computes it
SCREEN = 3.267  # a moving range this many times the average is an outlier (screen_outliers)
SHORT_PHASE = 12  # fewer points than this: trial limits, flagged as too short
MIN_FIX_AFTER = 12  # ptd_spc refuses to fix limits on fewer points
P_SIGMAS = 3.0  # p-chart limits: p̄ ± 3 standard errors

XMR = SpcChart.XMR.value
P_CHART = SpcChart.P.value

__all__ = ["SpcResult", "assurance_type", "pchart", "xmr"]


@dataclass(frozen=True, eq=False)
class SpcResult:
    """The computed chart: one row per period, the verdicts a scorecard shows, one row per phase.

    points   — one row per input value, in input order (RangeIndex = position). Columns:
               x (the Series index label, else the position), phase (0-based), value, mean,
               lpl, upl (process limits), nlpl, nupl (two-thirds limits), then for XmR mr (moving
               range from the previous point of the phase) and amr (the screened average moving
               range of the phase), for a p-chart numerator and denominator; then
               outside_limits, relative_to_mean (-1, 0, 1), close_to_limits, trend,
               two_in_three, shift (part of that pattern), special_cause, rule (which rule
               decided the type: outside_limits/trend/two_in_three/shift, or None), point_type,
               short_phase, target.
    variation — the point type of the last point with a value (None if there is none).
    assurance — consistent_pass/consistent_fail/inconsistent from the last limits against the
               target; None without a target or when improvement is neutral.
    too_short — True if any phase has fewer than 12 points (results are still computed).
    phases   — phase, start, end (x of its first and last row), n (points with a value), mean,
               lpl, upl, amr (XmR; NaN limits on a p-chart, whose limits vary by point),
               variation (its last point's type), short.
    """

    variation: str | None
    assurance: str | None
    too_short: bool
    chart: str
    improvement: str
    target: float | None
    # points and phases are built on first use: a scorecard reads only the verdicts, for every
    # indicator of every organisation, and building two frames was most of each chart's time
    _frames: Callable[[], tuple[pd.DataFrame, pd.DataFrame]] = field(repr=False, default=None)
    _built: dict = field(repr=False, default_factory=dict)

    @property
    def points(self) -> pd.DataFrame:
        return self._frame("points")

    @property
    def phases(self) -> pd.DataFrame:
        return self._frame("phases")

    def _frame(self, name: str) -> pd.DataFrame:
        if not self._built:
            points, phases = self._frames()
            self._built.update(points=points, phases=phases)
        return self._built[name]


# ---------------------------------------------------------------------------------------------
# public API


def xmr(values, improvement: str = Improvement.INCREASE, target: float | None = None,
        screen_outliers: bool = True, fix_after_n_points: int | None = None, rebase_at=()) -> SpcResult:
    """An XmR chart of `values` (list, numpy array or pandas Series) as NHSRplotthedots' ptd_spc.

    improvement: "increase", "decrease" or "neutral" — which way is better.
    target: compared with the last phase's limits for assurance (ptd_calculate_assurance_type).
    screen_outliers: leave out moving ranges >= 3.267 x their mean before setting the limits.
    fix_after_n_points: base each phase's mean and limits on its first n points only (n >= 12,
        as ptd_spc requires); later points are judged against those fixed limits.
    rebase_at: where new phases start (a milestone delivered): Series index labels (e.g. a
        Timestamp) or integer positions; a label is tried first. Each phase has its own mean and
        limits, and no run or trend crosses into the next.

    Raises ValueError naming the bad argument, position and value.
    """
    improvement = _improvement(improvement)
    target = _target(target)
    fix = _fix_after(fix_after_n_points)
    if not isinstance(screen_outliers, (bool, np.bool_)):
        raise ValueError(f"screen_outliers must be True or False (got {screen_outliers!r})")
    y, x, labelled = _numbers(values, "values")
    phase = _phases(x, len(y), rebase_at, labelled)
    columns = _empty_columns(len(y), ("mean", "lpl", "upl", "nlpl", "nupl", "mr", "amr"))
    for p in np.unique(phase):
        rows = np.flatnonzero(phase == p)
        _put(columns, rows, _xmr_limits(y[rows], fix, bool(screen_outliers)))
    return _result(XMR, x, phase, y, columns, improvement, target)


def pchart(numerators, denominators, improvement: str = Improvement.INCREASE,
           target: float | None = None, rebase_at=()) -> SpcResult:
    """A p-chart of the percentages numerators / denominators, in percent (0-100) like pidash.

    Centre p̄ = Σ numerators / Σ denominators over each phase; each point's limits are
    p̄ ± 3·sqrt(p̄(1−p̄)/n_i) and its two-thirds limits p̄ ± 2·sqrt(...), clipped to [0, 1],
    then all expressed x 100 (value, mean, limits and target are percentages). Rules, point
    types, phases and assurance are as `xmr`; assurance uses the last point's own limits.
    A period with a missing numerator or denominator, or a denominator of 0, is a gap.

    Raises ValueError for unequal lengths, negative counts or a numerator above its denominator.
    """
    improvement = _improvement(improvement)
    target = _target(target)
    num, x_num, labelled_num = _numbers(numerators, "numerators")
    den, x_den, labelled_den = _numbers(denominators, "denominators")
    if len(num) != len(den):
        raise ValueError(f"numerators and denominators must be the same length ({len(num)} and {len(den)})")
    x, labelled = (x_num, True) if labelled_num else (x_den, labelled_den)
    _check_counts(num, den, x)
    with np.errstate(invalid="ignore", divide="ignore"):
        missing = np.isnan(num) | np.isnan(den) | (den == 0)
        num, den = np.where(missing, np.nan, num), np.where(missing, np.nan, den)
        y = 100.0 * num / den
    phase = _phases(x, len(y), rebase_at, labelled)
    columns = _empty_columns(len(y), ("mean", "lpl", "upl", "nlpl", "nupl"))
    for p in np.unique(phase):
        rows = np.flatnonzero(phase == p)
        _put(columns, rows, _p_limits(num[rows], den[rows]))
    columns["numerator"], columns["denominator"] = num, den
    return _result(P_CHART, x, phase, y, columns, improvement, target)


def assurance_type(lpl: float, upl: float, target: float | None, improvement: str) -> str | None:
    """Will the process meet the target? ptd_calculate_assurance_type, for one set of limits.

    Target beyond the upper limit: an increasing process consistently fails it (a decreasing
    one passes); beyond the lower limit: the reverse; between or on the limits, or with missing
    limits: inconsistent. None without a target or when improvement is neutral.
    """
    improvement = _improvement(improvement)
    if target is None or improvement == Improvement.NEUTRAL:
        return None
    increasing = improvement == Improvement.INCREASE
    if target > upl:
        return (Assurance.CONSISTENT_FAIL if increasing else Assurance.CONSISTENT_PASS).value
    if target < lpl:
        return (Assurance.CONSISTENT_PASS if increasing else Assurance.CONSISTENT_FAIL).value
    return Assurance.INCONSISTENT.value


# ---------------------------------------------------------------------------------------------
# limits: one phase at a time


def _xmr_limits(y: np.ndarray, fix: int | None, screen: bool) -> dict[str, np.ndarray]:
    """Mean and limits of one phase (ptd_spc_standard), from its points with a value."""
    present = y[~np.isnan(y)]
    base = present if fix is None else present[:fix]
    mean = _mean(base)
    ranges = np.abs(np.diff(base))
    amr = _mean(ranges)
    if screen:
        # R keeps mr < 3.267 * amr: if every range is 0 (a flat series) none is kept, amr is NaN
        # and so are the limits; we mirror that rather than invent limits R would not draw
        with np.errstate(invalid="ignore"):
            amr = _mean(ranges[ranges < SCREEN * amr])
    mr = np.full(len(y), np.nan)
    mr[np.flatnonzero(~np.isnan(y))[1:]] = np.abs(np.diff(present))
    n = len(y)
    return {
        "mean": np.full(n, mean),
        "lpl": np.full(n, mean - LIMIT * amr),
        "upl": np.full(n, mean + LIMIT * amr),
        "nlpl": np.full(n, mean - LIMIT_CLOSE * amr),
        "nupl": np.full(n, mean + LIMIT_CLOSE * amr),
        "mr": mr,
        "amr": np.full(n, amr),
    }


def _p_limits(num: np.ndarray, den: np.ndarray) -> dict[str, np.ndarray]:
    """p̄ and per-point limits of one phase, in percent; gaps (NaN den) get NaN limits."""
    present = ~np.isnan(den)
    total = den[present].sum()
    p = num[present].sum() / total if total > 0 else np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(p * (1 - p) / den)

    def limit(sigmas: float) -> np.ndarray:
        return 100.0 * np.clip(p + sigmas * se, 0.0, 1.0)

    return {"mean": np.full(len(den), 100.0 * p), "lpl": limit(-P_SIGMAS), "upl": limit(P_SIGMAS),
            "nlpl": limit(-2.0), "nupl": limit(2.0)}


# ---------------------------------------------------------------------------------------------
# classify and assemble


def _result(chart: str, x: pd.Index, phase: np.ndarray, y: np.ndarray, columns: dict,
            improvement: str, target: float | None) -> SpcResult:
    """Classify each phase's points, assemble the points and phases frames, judge assurance."""
    n = len(y)
    present = ~np.isnan(y)
    flags = {
        "outside_limits": np.zeros(n, bool), "relative_to_mean": np.full(n, np.nan),
        "close_to_limits": np.zeros(n, bool), "trend": np.zeros(n, bool),
        "two_in_three": np.zeros(n, bool), "shift": np.zeros(n, bool),
        "special_cause": np.zeros(n, bool), "rule": np.full(n, None, dtype=object),
        "point_type": np.full(n, None, dtype=object),
    }
    counts = {p: int((present & (phase == p)).sum()) for p in np.unique(phase)}
    for p in counts:
        rows = np.flatnonzero(present & (phase == p))
        got = classify(y[rows], *(columns[c][rows] for c in ("mean", "lpl", "upl", "nlpl", "nupl")),
                       improvement=improvement)
        for name, values in got.items():
            flags[name][rows] = values
    short = np.array([counts[p] < SHORT_PHASE for p in phase], dtype=bool)

    def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
        points = pd.DataFrame({"x": x, "phase": phase.astype(int), "value": y, **columns,
                               **{name: pd.Series(values, dtype=values.dtype) for name, values in flags.items()},
                               "short_phase": short, "target": np.full(n, np.nan if target is None else target)},
                              index=pd.RangeIndex(n))
        return points, _phase_table(points, chart)

    last = np.flatnonzero(present)
    last = last[-1] if len(last) else None
    variation = None if last is None else flags["point_type"][last]
    # assurance from the last row's limits: the last phase's (XmR), or the last point's (p-chart)
    judged = n - 1 if chart == XMR else last
    assurance = None
    if judged is not None and n:
        assurance = assurance_type(columns["lpl"][judged], columns["upl"][judged], target, improvement)
    too_short = (not counts) or any(c < SHORT_PHASE for c in counts.values())
    return SpcResult(variation=variation, assurance=assurance, too_short=bool(too_short), chart=chart,
                     improvement=improvement, target=target, _frames=frames)


def _phase_table(points: pd.DataFrame, chart: str) -> pd.DataFrame:
    """One row per phase: where it starts and ends, its points, centre line and last verdict."""
    rows = []
    phase = points["phase"].to_numpy()
    valued_rows = points["value"].notna().to_numpy()
    x, point_type = points["x"], points["point_type"].to_numpy()
    xmr_chart = chart == XMR
    column = {name: points[name].to_numpy() for name in ("mean", "lpl", "upl", "amr") if name in points.columns}
    for p in np.unique(phase):  # arrays, not a groupby: the scorecard runs this for every indicator
        members = np.flatnonzero(phase == p)
        valued = members[valued_rows[members]]
        first = members[0]
        rows.append({
            "phase": int(p), "start": x.iloc[first], "end": x.iloc[members[-1]], "n": len(valued),
            "mean": column["mean"][first],
            "lpl": column["lpl"][first] if xmr_chart else np.nan,
            "upl": column["upl"][first] if xmr_chart else np.nan,
            "amr": column["amr"][first] if xmr_chart else np.nan,
            "variation": point_type[valued[-1]] if len(valued) else None,
            "short": len(valued) < SHORT_PHASE,
        })
    columns = ["phase", "start", "end", "n", "mean", "lpl", "upl", "amr", "variation", "short"]
    if len(rows) == 1:  # one phase (no rebase): the quick way to the same frame
        return pd.DataFrame({c: [rows[0][c]] for c in columns}, columns=columns)
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------------------------------------
# input


def _numbers(values, name: str) -> tuple[np.ndarray, pd.Index, bool]:
    """A float array (NaN for missing) and its x labels; raises on text, infinities, 2-D input.

    Returns whether the labels came from a Series index (else they are positions 0..n-1).
    """
    if isinstance(values, pd.DataFrame) or (isinstance(values, np.ndarray) and values.ndim != 1):
        raise ValueError(f"{name} must be one-dimensional (a list, a 1-D array or a Series)")
    if isinstance(values, (str, bytes)) or not pd.api.types.is_list_like(values):
        raise ValueError(f"{name} must be a list, a 1-D array or a Series (got {type(values).__name__})")
    labelled = isinstance(values, pd.Series)
    series = values if labelled else pd.Series(list(values), dtype=object)
    if labelled and isinstance(series.index, (pd.DatetimeIndex, pd.PeriodIndex)):
        if not (series.index.is_monotonic_increasing and series.index.is_unique):
            raise ValueError(f"{name}: the index must be in time order with one value per period")
    numeric = pd.to_numeric(series.astype(object) if not labelled else series, errors="coerce")
    y = np.asarray(numeric.to_numpy(dtype="float64", na_value=np.nan), dtype=float)
    bad = np.flatnonzero(np.isnan(y) & ~pd.isna(series).to_numpy() | np.isinf(y))
    if len(bad):
        i = bad[0]
        where = f"position {i}" + (f" ({series.index[i]!r})" if labelled else "")
        raise ValueError(f"{name}: {series.iloc[i]!r} at {where} is not a finite number")
    x = series.index if labelled else pd.RangeIndex(len(y))
    return y, x, labelled


def _check_counts(num: np.ndarray, den: np.ndarray, x: pd.Index) -> None:
    """Counts are 0 or more and a numerator never exceeds its denominator."""
    with np.errstate(invalid="ignore"):
        for name, bad in (("numerators", num < 0), ("denominators", den < 0), ("numerators", num > den)):
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                problem = "is above its denominator" if name == "numerators" and num[i] >= 0 else "is negative"
                value = num[i] if name == "numerators" else den[i]
                raise ValueError(f"{name}: {value!r} at position {i} ({x[i]!r}) {problem}")


def _improvement(improvement) -> str:
    allowed = [i.value for i in Improvement]
    if not isinstance(improvement, str) or improvement not in allowed:
        raise ValueError(f"improvement must be one of {allowed} (got {improvement!r})")
    return str(Improvement(improvement).value)


def _target(target) -> float | None:
    """A finite number or None; NaN (a blank target cell) means no target."""
    if target is None:
        return None
    try:
        value = float(target)
    except (TypeError, ValueError):
        raise ValueError(f"target must be a number or None (got {target!r})") from None
    if np.isnan(value):
        return None
    if np.isinf(value):
        raise ValueError(f"target must be finite (got {target!r})")
    return value


def _fix_after(n) -> int | None:
    if n is None:
        return None
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < MIN_FIX_AFTER:
        raise ValueError(f"fix_after_n_points must be a whole number of {MIN_FIX_AFTER} or more (got {n!r})")
    return int(n)


def _phases(x: pd.Index, n: int, rebase_at, labelled: bool) -> np.ndarray:
    """Phase number (0-based) of each row: a new phase starts at each rebase point.

    A rebase at the first row changes nothing (there is no earlier phase).
    """
    starts = np.zeros(n, dtype=int)
    for position in _rebase_positions(x, n, rebase_at, labelled):
        if position > 0:
            starts[position] = 1
    return np.cumsum(starts)


def _rebase_positions(x: pd.Index, n: int, rebase_at, labelled: bool) -> list[int]:
    """Positions of rebase_at's items: index labels first, else integer positions."""
    if rebase_at is None:
        return []
    items = list(rebase_at) if pd.api.types.is_list_like(rebase_at) else [rebase_at]
    positions = []
    for item in items:
        position = _label_position(x, item) if labelled else None
        if position is None:
            if isinstance(item, (bool, np.bool_)) or not isinstance(item, (int, np.integer)):
                raise ValueError(f"rebase_at: {item!r} is neither a label of the series index nor a position")
            if not 0 <= item < n:
                raise ValueError(f"rebase_at: position {item!r} is outside the series (0 to {n - 1})")
            position = int(item)
        positions.append(position)
    return positions


def _label_position(x: pd.Index, item) -> int | None:
    """Where `item` is in the index, or None; raises if it labels more than one row."""
    key = item
    if isinstance(x, pd.DatetimeIndex) and not isinstance(item, (int, np.integer, float)):
        try:
            key = pd.Timestamp(item)  # exact match: no partial-string slices ("2020-01")
        except (TypeError, ValueError):
            return None
    try:
        found = x.get_loc(key)
    except (KeyError, TypeError, ValueError, pd.errors.InvalidIndexError):
        return None
    if isinstance(found, (int, np.integer)):
        return int(found)
    raise ValueError(f"rebase_at: {item!r} labels more than one row")


def _empty_columns(n: int, names) -> dict[str, np.ndarray]:
    return {name: np.full(n, np.nan) for name in names}


def _put(columns: dict[str, np.ndarray], rows: np.ndarray, values: dict[str, np.ndarray]) -> None:
    for name, v in values.items():
        columns[name][rows] = v


def _mean(v: np.ndarray) -> float:
    """R's mean(x, na.rm = TRUE) on an already NaN-free vector: NaN when empty (no warning)."""
    return float(np.mean(v)) if len(v) else float("nan")
