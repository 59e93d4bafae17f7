"""RAG status of a value against its target, by the indicator's polarity.

`higher_is_better` / `lower_is_better`: green meets or beats the target (a tie is green), amber
misses it by no more than the tolerance (the edge is amber), red misses it by more.
`within_band` (NI 68): green inside target ± tolerance (edges included), red outside; no amber.
No value or no target: no RAG (None). A missing tolerance is 0 (no amber zone).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from vocab import Polarity, Rag

# Percentage points. Values are worked out from counts, so float noise such as 0.57 * 100 =
# 56.99999999999999 must read as a tie with 57, not as a miss; no real figure is this close.
EPSILON = 1e-9

POLARITIES = frozenset(p.value for p in Polarity)


def rag(value, target, tolerance, polarity) -> str | None:
    """The RAG status ("green", "amber", "red") of one value, or None without value or target."""
    return rags([value], [target], [tolerance], [polarity])[0]


def add_rag(frame: pd.DataFrame, value: str = "ytd_value") -> pd.DataFrame:
    """A copy of `frame` with a `rag` column worked out from `value`, `target`, `tolerance` and
    `polarity` columns (the scorecard rates the year-to-date value)."""
    missing = [c for c in (value, "target", "tolerance", "polarity") if c not in frame.columns]
    if missing:
        raise ValueError(f"add_rag: the frame has no column(s) {', '.join(missing)}")
    out = frame.copy()
    out["rag"] = pd.Series(
        rags(frame[value], frame["target"], frame["tolerance"], frame["polarity"]),
        index=frame.index, dtype=object,
    )
    return out


def rags(value, target, tolerance, polarity) -> np.ndarray:
    """Vectorised `rag`: equal-length sequences in, an object array of "green"/"amber"/"red"/None out."""
    v, t, tol = floats(value, "value"), floats(target, "target"), floats(tolerance, "tolerance")
    pol = check_polarities(polarity)
    if not len(v) == len(t) == len(tol) == len(pol):
        raise ValueError("rags: value, target, tolerance and polarity must be the same length")
    bad = ~np.isnan(tol) & (tol < 0)
    if bad.any():
        raise ValueError(f"tolerance must be 0 or more (got {float(tol[bad][0])!r})")
    tol = np.where(np.isnan(tol), 0.0, tol)
    known = ~np.isnan(v) & ~np.isnan(t)
    higher = pol == Polarity.HIGHER_IS_BETTER.value
    lower = pol == Polarity.LOWER_IS_BETTER.value
    band = pol == Polarity.WITHIN_BAND.value
    with np.errstate(invalid="ignore"):
        # how far the value falls short of the target (negative: beats it); the band's distance
        shortfall = np.select([higher, lower], [t - v, v - t], default=np.abs(v - t))
        green = known & np.where(band, shortfall <= tol + EPSILON, shortfall <= EPSILON)
        amber = known & ~band & ~green & (shortfall <= tol + EPSILON)
    out = np.full(len(v), None, dtype=object)
    out[known] = Rag.RED.value
    out[amber] = Rag.AMBER.value
    out[green] = Rag.GREEN.value
    return out


def floats(values, name: str) -> np.ndarray:
    """Numbers as a float array; None, NA and NaN all become NaN."""
    if np.isscalar(values) or values is None:
        values = [values]
    if isinstance(values, pd.Series) and pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    try:
        series = pd.to_numeric(pd.Series(list(values), dtype=object), errors="raise")
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be numbers: {err}") from None
    return series.astype("float64").to_numpy()


def check_polarities(polarity) -> np.ndarray:
    """Polarity values as an object array; raises on an unknown (or missing) one."""
    if isinstance(polarity, str) or polarity is None:
        polarity = [polarity]
    values = pd.Series(polarity, dtype=object).to_numpy()
    unknown = sorted({str(p) for p in pd.unique(values) if p not in POLARITIES})
    if unknown:
        raise ValueError(f"unknown polarity {', '.join(repr(p) for p in unknown)}; "
                         f"expected one of {', '.join(sorted(POLARITIES))}")
    return values
