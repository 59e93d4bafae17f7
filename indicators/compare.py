"""Comparing local authorities with England and with each other, as OHID Fingertips and DfE LAIT do.

Proportions only (numerator of denominator, shown in percent). The confidence limits and funnel
plot limits reproduce the R package PHEindicatormethods (ukhsa-collaboration/PHEindicatormethods):
`wilson_lower`/`wilson_upper` in R/utils.R, and `calculate_funnel_limits` /
`assign_funnel_significance` (once `phe_funnels` / `phe_funnel_significance`) in R/Funnels.R with
their `sigma_adjustment` helper in R/utils.R. Everything has a closed form, so the only quantile
needed is the normal one (`statistics.NormalDist`, as R's `qnorm`).
"""
from __future__ import annotations

import math
from enum import StrEnum
from statistics import NormalDist

import numpy as np
import pandas as pd

from vocab import Polarity

POLARITIES = frozenset(p.value for p in Polarity)
COLUMNS = ["org", "name", "numerator", "denominator",
           "value", "lower_95", "upper_95", "vs_england", "rank", "quartile", "funnel"]
QUARTILES = ("A", "B", "C", "D")  # A best


class Comparison(StrEnum):
    """An authority against England: its confidence interval either holds England's value or not."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"  # within_band indicators: different, but neither better nor worse
    LOWER = "lower"
    NOT_COMPARED = "not_compared"


class FunnelOutcome(StrEnum):
    """Where an authority falls against the group's funnel: outside the 99.8% limits (0.001 each
    side), outside only the 95% limits (0.025 each side), or inside both.

    PHEindicatormethods' labels: "High (0.001)", "High (0.025)", "Not significant",
    "Low (0.025)", "Low (0.001)".
    """

    HIGH_0_001 = "high_0.001"
    HIGH_0_025 = "high_0.025"
    NOT_SIGNIFICANT = "not_significant"
    LOW_0_025 = "low_0.025"
    LOW_0_001 = "low_0.001"


# ---------------------------------------------------------------------------------------------
# Wilson score confidence limits
# ---------------------------------------------------------------------------------------------

def wilson_limits(numerator, denominator, confidence=0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits of numerator/denominator in percent: PHEindicatormethods'
    `wilson_lower`/`wilson_upper` × 100, because Fingertips and LAIT publish these limits.

    `confidence` is 0.9–1 or 90–100, as in R (95 means 0.95); at 1 the limits are 0 and 100.
    NaN where the numerator or denominator is missing or the denominator is 0. Raises, as R does,
    on a negative count or a numerator above its denominator.
    """
    x, n = _floats(numerator, "numerator"), _floats(denominator, "denominator")
    x, n = np.broadcast_arrays(x, n)
    _check_counts(x, n)
    confidence = _confidence(confidence)
    known = ~np.isnan(x) & ~np.isnan(n) & (n > 0)
    lower = np.full(x.shape, np.nan)
    upper = np.full(x.shape, np.nan)
    if confidence == 1:
        lower[known], upper[known] = 0.0, 100.0
        return lower, upper
    z = NormalDist().inv_cdf(confidence + (1 - confidence) / 2)
    xk, nk = x[known], n[known]
    root = z * np.sqrt(z**2 + 4 * xk * (1 - xk / nk))
    lower[known] = (2 * xk + z**2 - root) / 2 / (nk + z**2) * 100
    upper[known] = (2 * xk + z**2 + root) / 2 / (nk + z**2) * 100
    return lower, upper


def _confidence(confidence) -> float:
    """R's rule: 0.9–1 as given, 90–100 scaled to 0.9–1, anything else refused."""
    c = float(confidence)
    if c < 0.9 or 1 < c < 90 or c > 100:
        raise ValueError("confidence level must be between 90 and 100 or between 0.9 and 1")
    return c / 100 if c >= 90 else c


# ---------------------------------------------------------------------------------------------
# Against England
# ---------------------------------------------------------------------------------------------

def vs_england(value, lower, upper, england_value, polarity) -> np.ndarray:
    """Each authority against England, the Fingertips way: `similar` when England's value lies in
    the authority's interval [lower, upper] (a limit equal to England's value counts as inside),
    otherwise `better`/`worse` by polarity, or `higher`/`lower` for a `within_band` indicator,
    where neither direction is better. `not_compared` without England's value, the authority's
    value or either limit. `england_value` and `polarity` may be one value or one per authority.
    Returns an object array of `Comparison` values (plain strings).
    """
    v, lo, hi = _floats(value, "value"), _floats(lower, "lower"), _floats(upper, "upper")
    eng = _floats(england_value, "england_value")
    pol = _polarities(polarity)
    v, lo, hi, eng, pol = np.broadcast_arrays(v, lo, hi, eng, pol)
    known = ~(np.isnan(v) | np.isnan(lo) | np.isnan(hi) | np.isnan(eng))
    with np.errstate(invalid="ignore"):
        above = known & (eng < lo)  # the whole interval is above England
        below = known & (eng > hi)
    higher = pol == Polarity.HIGHER_IS_BETTER.value
    lower_better = pol == Polarity.LOWER_IS_BETTER.value
    out = np.full(v.shape, Comparison.NOT_COMPARED.value, dtype=object)
    out[known] = Comparison.SIMILAR.value
    out[above] = np.select([higher[above], lower_better[above]],
                           [Comparison.BETTER.value, Comparison.WORSE.value], Comparison.HIGHER.value)
    out[below] = np.select([higher[below], lower_better[below]],
                           [Comparison.WORSE.value, Comparison.BETTER.value], Comparison.LOWER.value)
    return out


# ---------------------------------------------------------------------------------------------
# Rank and quartile
# ---------------------------------------------------------------------------------------------

def rank_and_quartile(values, polarity) -> tuple[pd.arrays.IntegerArray, np.ndarray]:
    """Rank 1 = best, and the LAIT-style quartile band A (best) to D (worst), so an authority can
    say where it stands among all authorities.

    `higher_is_better`: the highest value ranks 1; `lower_is_better`: the lowest. `within_band`
    has no best, so ranks run by value descending (highest 1), as for higher_is_better: there the
    rank and band say only where the value sits, not how good it is.
    Ties share the lowest rank they span (method "min": 1, 2, 2, 4), as LAIT ranks.
    Band: with n ranked authorities, band = floor(4 * (rank - 1) / n) + 1 -> 1..4 -> A..D: the
    share of authorities ranked above this one, in quarters, which cuts the ranked list into four
    groups as equal as n allows (n = 150: 38, 37, 38, 37) and puts the best of any group in A
    (the best of one, two or three authorities included); tied authorities share a band. Missing values get no rank (<NA>) and no band (None) and are not
    counted in n.
    """
    v = _floats(values, "values")
    pol = _polarities(polarity)
    if pol.size != 1:
        raise ValueError("rank_and_quartile: one polarity for the whole ranking")
    ascending = pol.item() == Polarity.LOWER_IS_BETTER.value
    ranks = pd.Series(v).rank(method="min", ascending=ascending, na_option="keep")
    rank = pd.array(ranks.to_numpy(), dtype="Int64")
    n = int((~np.isnan(v)).sum())
    quartile = np.full(v.shape, None, dtype=object)
    known = ~np.isnan(ranks.to_numpy())
    if n == 0:
        return rank, quartile
    r = ranks.to_numpy()[known].astype(np.int64)
    band = 4 * (r - 1) // n + 1  # in whole numbers: no float edge at exact quarters
    quartile[known] = np.array(QUARTILES, dtype=object)[band - 1]
    return rank, quartile


# ---------------------------------------------------------------------------------------------
# Funnel plots
# ---------------------------------------------------------------------------------------------

def group_average(numerators, denominators) -> float:
    """The funnel's baseline: sum(numerators) / sum(denominators) of the authorities compared, as a
    proportion (0-1), as PHEindicatormethods takes it. Authorities without both counts (or with a
    0 denominator) are left out, where R would refuse; NaN if none is left."""
    x, n = _floats(numerators, "numerators"), _floats(denominators, "denominators")
    x, n = np.broadcast_arrays(x, n)
    use = ~np.isnan(x) & ~np.isnan(n) & (n > 0)
    if not use.any():
        return math.nan
    return float(x[use].sum() / n[use].sum())


def funnel_limits(denominator, average_proportion, *, clip=True) -> pd.DataFrame:
    """The proportion funnel at each denominator, in percent: where an authority of that size
    would sit on its 95% (0.025 each side) or 99.8% (0.001 each side) limit around the average.

    PHEindicatormethods' `sigma_adjustment` (the Wilson score interval solved for the observed
    proportion; p = 0.975 and 0.999), which `calculate_funnel_limits` draws with
    lower = max(0, ..) and upper = min(100, ..): `clip=True` does the same, for drawing;
    `clip=False` gives the raw limits that `funnel_significance` classifies against.
    `average_proportion` is 0-1 (see `group_average`). NaN where the denominator is missing or
    not above 0. Columns: denominator, lower_95, upper_95, lower_99_8, upper_99_8, baseline
    (R's lower_2s_limit, upper_2s_limit, lower_3s_limit, upper_3s_limit, baseline).
    """
    n = np.atleast_1d(_floats(denominator, "denominator"))
    p = float(average_proportion)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_ok = np.where(n > 0, n, np.nan)
        limits = {
            "lower_95": _sigma_adjustment(0.975, n_ok, p, "low") * 100,
            "upper_95": _sigma_adjustment(0.975, n_ok, p, "high") * 100,
            "lower_99_8": _sigma_adjustment(0.999, n_ok, p, "low") * 100,
            "upper_99_8": _sigma_adjustment(0.999, n_ok, p, "high") * 100,
        }
    if clip:
        for name in limits:
            limits[name] = np.clip(limits[name], 0.0, 100.0)
    return pd.DataFrame({"denominator": n, **limits, "baseline": np.full(n.shape, p * 100)})


def _sigma_adjustment(p: float, population: np.ndarray, average: float, side: str) -> np.ndarray:
    """R/utils.R `sigma_adjustment` with multiplier 1, term for term."""
    z2 = NormalDist().inv_cdf(p) ** 2
    first_part = average * (population / z2 + 1)
    adj = np.sqrt((-8 * average * (population / z2 + 1)) ** 2
                  - 64 * (1 / z2 + 1 / population) * average
                  * (population * (average * (population / z2 + 2) - 1) + z2 * (average - 1)))
    last_part = 1 / z2 + 1 / population
    limit = (first_part - adj / 8) / last_part if side == "low" else (first_part + adj / 8) / last_part
    return limit / population


def funnel_significance(numerator, denominator, average_proportion) -> np.ndarray:
    """Each authority against the group funnel, as `assign_funnel_significance` does for
    proportions: below the lower 99.8% limit is low_0.001, else below the lower 95% limit
    low_0.025, else above the upper 99.8% limit high_0.001, else above the upper 95% limit
    high_0.025, else not_significant; strict comparisons against the unclipped limits, in R's
    order. None where a count is missing, the denominator is 0 or the average is missing (R
    refuses those). Raises on a negative count or a numerator above its denominator.
    Returns an object array of `FunnelOutcome` values (plain strings).
    """
    x, n = _floats(numerator, "numerator"), _floats(denominator, "denominator")
    x, n = np.broadcast_arrays(x, n)
    _check_counts(x, n)
    avg = float(average_proportion)
    known = ~np.isnan(x) & ~np.isnan(n) & (n > 0) & (not math.isnan(avg))
    out = np.full(x.shape, None, dtype=object)
    if not known.any():
        return out
    xk, nk = x[known], n[known]
    share = xk / nk
    with np.errstate(invalid="ignore"):
        out[known] = np.select(
            [share < _sigma_adjustment(0.999, nk, avg, "low"),
             share < _sigma_adjustment(0.975, nk, avg, "low"),
             share > _sigma_adjustment(0.999, nk, avg, "high"),
             share > _sigma_adjustment(0.975, nk, avg, "high")],
            [FunnelOutcome.LOW_0_001.value, FunnelOutcome.LOW_0_025.value,
             FunnelOutcome.HIGH_0_001.value, FunnelOutcome.HIGH_0_025.value],
            FunnelOutcome.NOT_SIGNIFICANT.value,
        ).astype(object)
    return out


def funnel_axis(denominators) -> np.ndarray:
    """The 100 denominators `calculate_funnel_limits` draws the funnel at, so a chart's lines match
    Fingertips': from 1 (or, when the largest denominator is at most twice the smallest, the
    smallest rounded down) to the largest rounded up, spaced geometrically, each step at least 1.
    """
    n = _floats(denominators, "denominators")
    n = n[~np.isnan(n)]
    if n.size == 0:
        raise ValueError("funnel_axis: no denominators")
    smallest, largest = float(n.min()), float(n.max())
    axis_minimum = 0.0 if largest > 2 * smallest else _signif_floor(smallest)
    axis_maximum = _signif_ceiling(largest)
    points = [max(1.0, axis_minimum)]
    for j in range(2, 101):
        previous = points[-1]
        step = np.rint((axis_maximum / previous) ** (1 / (101 - j)) * previous)  # R round(): half to even
        points.append(max(float(step), previous + 1))
    return np.array(points)


def _signif_floor(x: float, percentage_down: float = 0.95) -> float:
    """R's signif.floor in calculate_funnel_limits: x * 0.95 rounded down to its leading digit."""
    if x == 0:
        return 0.0
    digits = _r_nchar(math.floor(x * percentage_down)) - 1
    return math.floor(x * percentage_down / 10**digits) * 10**digits


def _signif_ceiling(x: float, percentage_up: float = 1.05) -> float:
    """R's signif.ceiling: x * 1.05 rounded up to its leading two digits."""
    if x == 0:
        return 0.0
    digits = _r_nchar(math.ceil(x * percentage_up)) - 2
    return math.ceil(x * percentage_up / 10**digits) * 10**digits


def _r_nchar(whole: int) -> int:
    """R's nchar() of a whole number stored as a double, which counts the characters R prints:
    R writes 100000 as "1e+05" and 12000000 as "1.2e+07" (scientific when strictly shorter)."""
    text = str(abs(int(whole)))
    fixed = len(text) + (whole < 0)
    significant = len(text.rstrip("0")) or 1
    exponent = len(text) - 1
    scientific = (whole < 0) + significant + (significant > 1) + 2 + max(2, len(str(exponent)))
    return fixed if fixed <= scientific else scientific


# ---------------------------------------------------------------------------------------------
# The comparison table
# ---------------------------------------------------------------------------------------------

def compare(frame: pd.DataFrame, england_value, polarity, *, statistic="value") -> pd.DataFrame:
    """One indicator's authorities side by side, as on a Fingertips or LAIT page: value (percent),
    95% Wilson limits, against England (`england_value`, in percent), rank and quartile band, and
    funnel outcome against the average of the authorities in `frame`.

    `frame` has one row per authority with columns org, name, numerator, denominator; the result
    has exactly the columns org, name, numerator, denominator, value, lower_95, upper_95,
    vs_england, rank, quartile, funnel (other columns are left out) and keeps the index.
    `statistic` is the column ranked and banded; only "value" is offered. `frame` is not changed.
    """
    if statistic != "value":
        raise ValueError(f"compare: statistic must be 'value' (got {statistic!r})")
    missing = [c for c in COLUMNS[:4] if c not in frame.columns]
    if missing:
        raise ValueError(f"compare: the frame has no column(s) {', '.join(missing)}")
    out = frame[COLUMNS[:4]].copy()
    x = _floats(frame["numerator"], "numerator")
    n = _floats(frame["denominator"], "denominator")
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(n > 0, x / n * 100, np.nan)
    lower, upper = wilson_limits(x, n, 0.95)
    rank, quartile = rank_and_quartile(value, polarity)
    out["value"] = value
    out["lower_95"] = lower
    out["upper_95"] = upper
    out["vs_england"] = pd.Series(vs_england(value, lower, upper, england_value, polarity),
                                  index=out.index, dtype=object)
    out["rank"] = pd.Series(rank, index=out.index)
    out["quartile"] = pd.Series(quartile, index=out.index, dtype=object)
    out["funnel"] = pd.Series(funnel_significance(x, n, group_average(x, n)),
                              index=out.index, dtype=object)
    return out[COLUMNS]


# ---------------------------------------------------------------------------------------------
# Input helpers
# ---------------------------------------------------------------------------------------------

def _floats(values, name: str) -> np.ndarray:
    """Numbers as a float array (a scalar as a 0-d one); None, NA and NaN all become NaN."""
    if values is None or pd.api.types.is_scalar(values):
        try:
            return np.array(np.nan if values is None or pd.isna(values) else float(values))
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be numbers (got {values!r})") from None
    if isinstance(values, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)) and \
            pd.api.types.is_numeric_dtype(values.dtype):
        return np.asarray(pd.Series(values).to_numpy(dtype="float64", na_value=np.nan))
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        return values.astype("float64")
    try:
        series = pd.to_numeric(pd.Series(list(values), dtype=object), errors="raise")
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be numbers: {err}") from None
    return series.astype("float64").to_numpy()


def _check_counts(x: np.ndarray, n: np.ndarray) -> None:
    """PHEindicatormethods' checks on counts, with its messages."""
    with np.errstate(invalid="ignore"):
        if (x < 0).any():
            raise ValueError("observed events must all be greater than or equal to zero")
        if (n < 0).any():
            raise ValueError("sample sizes must all be greater than zero")
        if (x > n).any():
            raise ValueError("numerators must be less than or equal to denominator")


def _polarities(polarity) -> np.ndarray:
    """Polarity as a string array (one polarity: 0-d); raises on an unknown or missing one."""
    if isinstance(polarity, str) or polarity is None or np.isscalar(polarity):
        values = np.array(None if polarity is None else str(polarity), dtype=object)
    else:
        values = np.array([None if p is None else str(p) for p in polarity], dtype=object)
    unknown = sorted({repr(p) for p in values.ravel() if p not in POLARITIES})
    if unknown:
        raise ValueError(f"unknown polarity {', '.join(unknown)}; "
                         f"expected one of {', '.join(sorted(POLARITIES))}")
    return values
