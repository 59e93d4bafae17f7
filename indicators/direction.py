"""Direction of travel: is a figure improving, stable or deteriorating, by the indicator's polarity?

A change no bigger than the indicator's stable band is stable (band 0: only an exact tie).
`within_band` indicators improve when their distance from the target (the band's centre) shrinks
by more than the stable band; without a target they have no direction. Either figure missing:
no direction (None).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.rag import EPSILON, check_polarities, floats
from vocab import Direction, Polarity

FRAME_COLUMNS = ("org", "indicator", "period", "value", "ytd_value", "polarity", "stable_band", "target")


def direction(current, previous, polarity, stable_band=0.0, target=None) -> str | None:
    """"improving", "stable" or "deteriorating" from `previous` to `current`, or None."""
    return directions([current], [previous], [polarity], [stable_band], [target])[0]


def directions(current, previous, polarity, stable_band, target) -> np.ndarray:
    """Vectorised `direction` over equal-length sequences; an object array of values or None."""
    cur, prev = floats(current, "current"), floats(previous, "previous")
    band, tgt = floats(stable_band, "stable_band"), floats(target, "target")
    pol = check_polarities(polarity)
    if not len(cur) == len(prev) == len(band) == len(tgt) == len(pol):
        raise ValueError("directions: current, previous, polarity, stable_band and target must be the same length")
    bad = ~np.isnan(band) & (band < 0)
    if bad.any():
        raise ValueError(f"stable_band must be 0 or more (got {float(band[bad][0])!r})")
    band = np.where(np.isnan(band), 0.0, band)
    higher = pol == Polarity.HIGHER_IS_BETTER.value
    lower = pol == Polarity.LOWER_IS_BETTER.value
    with np.errstate(invalid="ignore"):
        # the gain: how much better `current` is than `previous` (for a band: distance shed)
        gain = np.select([higher, lower], [cur - prev, prev - cur],
                         default=np.abs(prev - tgt) - np.abs(cur - tgt))
        known = ~np.isnan(gain)
        improving = known & (gain > band + EPSILON)
        deteriorating = known & (gain < -(band + EPSILON))
    out = np.full(len(cur), None, dtype=object)
    out[known] = Direction.STABLE.value
    out[improving] = Direction.IMPROVING.value
    out[deteriorating] = Direction.DETERIORATING.value
    return out


def add_directions(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with the direction against last month and against last year.

    `frame` has one row per org, indicator and month (columns in FRAME_COLUMNS). For within_band
    indicators both figures are measured against the row's own target, so a change of target
    alone never reads as a change in performance. Added: `previous_value` (the in-month
    value of the previous calendar month, NaN when that month has no row),
    `direction_vs_previous`, `last_year_ytd_value` (the year-to-date value 12 months earlier)
    and `direction_vs_last_year`. Months are matched by calendar, never by position, so a gap
    gives None rather than a comparison with an older month.
    """
    missing = [c for c in FRAME_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"add_directions: the frame has no column(s) {', '.join(missing)}")
    keys = pd.DataFrame({"_series": series_ids(frame), "_month": month_number(frame["period"])})
    if keys.duplicated().any():
        first = frame[keys.duplicated().to_numpy()].iloc[0]
        raise ValueError(f"add_directions: more than one row for org {first['org']}, indicator "
                         f"{first['indicator']}, period {pd.Timestamp(first['period']):%Y-%m}")
    earlier = keys.assign(previous_value=floats(frame["value"], "value"),
                          last_year_ytd_value=floats(frame["ytd_value"], "ytd_value"))
    month_before = earlier[["_series", "_month", "previous_value"]].assign(_month=keys["_month"] + 1)
    year_before = earlier[["_series", "_month", "last_year_ytd_value"]].assign(_month=keys["_month"] + 12)
    looked_up = (keys.merge(month_before, on=["_series", "_month"], how="left")
                 .merge(year_before, on=["_series", "_month"], how="left"))
    out = frame.copy()
    out["previous_value"] = looked_up["previous_value"].to_numpy()
    out["last_year_ytd_value"] = looked_up["last_year_ytd_value"].to_numpy()
    common = (frame["polarity"], frame["stable_band"], frame["target"])
    out["direction_vs_previous"] = pd.Series(
        directions(frame["value"], out["previous_value"], *common), index=frame.index, dtype=object)
    out["direction_vs_last_year"] = pd.Series(
        directions(frame["ytd_value"], out["last_year_ytd_value"], *common), index=frame.index, dtype=object)
    return out


def series_ids(frame: pd.DataFrame) -> np.ndarray:
    """One integer per org and indicator pair: cheaper to group and join on than two strings."""
    org, _ = pd.factorize(frame["org"])
    indicator, indicators = pd.factorize(frame["indicator"])
    return org.astype("int64") * (len(indicators) + 1) + indicator


def month_number(periods) -> np.ndarray:
    """Months counted from year 0 (year × 12 + month − 1), so month arithmetic is integer arithmetic."""
    stamps = pd.to_datetime(pd.Series(periods))
    if stamps.isna().any():
        raise ValueError("period: every row needs a month (found a blank)")
    return (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy(dtype="int64")
