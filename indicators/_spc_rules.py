"""The Making Data Count special-cause rules, one small function per NHSRplotthedots helper.

Each function mirrors its namesake in NHSRplotthedots 0.2.x `R/ptd_calculate_point_type.R`
(`ptd_seven_point_one_side_mean`, `ptd_part_of_seven_trend`, ...) so that the R package's own
unit-test vectors can be run against them unchanged. They work on the points of ONE phase with no
gaps, in time order: runs and trends never cross a rebase, exactly as R groups by `rebase_group`.

Flags are numpy int arrays of 0/1 (or -1/0/1 for a trend's direction), as in R.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from vocab import Improvement, PointType

RUN = 7  # points in a shift (one side of the mean) or a trend, Making Data Count's rule of 7

# Which rule decided a point's type, strongest first (`special_cause` applies them in this order).
OUTSIDE_LIMITS = "outside_limits"
TREND = "trend"
TWO_IN_THREE = "two_in_three"
SHIFT = "shift"
RULES = (OUTSIDE_LIMITS, TREND, TWO_IN_THREE, SHIFT)


def seven_point_one_side_mean(relative_to_mean) -> np.ndarray:
    """1 where a point and the 6 before it are all on the same side of the mean, else 0.

    A point on the mean (0) breaks the run, and so belongs to no shift.
    """
    rtm = np.asarray(relative_to_mean, dtype=float)
    out = np.zeros(len(rtm), dtype=int)
    if len(rtm) >= RUN:  # each window of 7 ending at a point: all equal to that point, not 0
        windows = sliding_window_view(rtm, RUN)
        last = windows[:, -1]
        out[RUN - 1:] = ((windows == last[:, None]).all(axis=1) & (last != 0)).astype(int)
    return out


def part_of_seven(flags) -> np.ndarray:
    """1 for every point of a run whose 7th point is flagged (the flag or any of the next 6 is ±1).

    R's `ptd_part_of_seven_trend`, used for both shifts and trends.
    """
    v = np.abs(np.asarray(flags, dtype=float)) == 1
    if len(v) == 0:
        return np.zeros(0, dtype=int)
    padded = np.concatenate([v, np.zeros(RUN - 1, dtype=bool)])  # windows may run past the end
    return sliding_window_view(padded, RUN).any(axis=1).astype(int)


def seven_point_trend(values) -> np.ndarray:
    """1 (-1) where a point ends 7 points each strictly above (below) the one before, else 0.

    Seven points make six rises; a tie (no change) breaks the trend.
    """
    y = np.asarray(values, dtype=float)
    out = np.zeros(len(y), dtype=int)
    if len(y) >= RUN:  # the 6 steps into each point from the 6 before it
        steps = sliding_window_view(np.sign(np.diff(y)), RUN - 1)
        out[RUN - 1:] = np.where((steps == 1).all(axis=1), 1, np.where((steps == -1).all(axis=1), -1, 0))
    return out


def two_in_three(close_to_limits, relative_to_mean) -> np.ndarray:
    """1 where a point sits in some run of 3 consecutive points, all on one side of the mean, of
    which at least 2 are close to the limits (beyond two-thirds of the way, not beyond a limit).

    As in R, the window must hold 3 real points: it never hangs over either end of the phase.
    """
    close = np.asarray(close_to_limits, dtype=float)
    n = len(close)
    if n == 0:
        return np.zeros(0, dtype=int)
    rtm = np.asarray(relative_to_mean, dtype=float)
    if len(rtm) < n:  # only in R's own test: beyond its end R reads NA, which never makes 3 a side
        rtm = np.concatenate([rtm, np.zeros(n - len(rtm))])
    cp = np.concatenate([[0.0, 0.0], close, [0.0, 0.0]])
    rp = np.concatenate([[0.0, 0.0], rtm, [0.0, 0.0]])
    # window j covers padded points j..j+2; point i lies in windows i, i+1 and i+2
    with np.errstate(invalid="ignore"):
        hit = ((sliding_window_view(cp, 3).sum(axis=1) >= 2)
               & (np.abs(sliding_window_view(rp, 3).sum(axis=1)[:n + 2]) == 3))
    return (hit[:n] | hit[1:n + 1] | hit[2:n + 2]).astype(int)


def part_of_two_in_three(flags, close_to_limits) -> np.ndarray:
    """1 for the close-to-limit points of a two-in-three pattern; the third point is not flagged."""
    v = np.asarray(flags, dtype=float)
    close = np.abs(np.asarray(close_to_limits, dtype=float))
    return ((v == 1) & (close == 1)).astype(int)


def trend_direction(values, part_of_trend) -> np.ndarray:
    """The direction (1 up, -1 down, 0 flat) a point moves within its trend.

    A point followed by another trend point takes the step to the next point, else the step from
    the previous one, so the turning point between two trends belongs to the later one (R 0.2.x).
    """
    y = np.asarray(values, dtype=float)
    part = np.asarray(part_of_trend, dtype=float) != 0
    if len(y) == 0:
        return np.zeros(0, dtype=int)
    steps = np.sign(np.diff(y))
    from_next = np.concatenate([steps, steps[-1:]]) if len(steps) else np.zeros(1)
    from_previous = np.concatenate([[0.0], steps])
    next_is_trend = np.concatenate([part[1:], [False]])
    return np.where(next_is_trend & part, from_next, from_previous).astype(int)


def special_cause(values, relative_to_mean, outside_limits, part_of_trend, part_of_two_in_three,
                  part_of_shift) -> tuple[np.ndarray, np.ndarray]:
    """The rule that flags each point, and the side it points to (1 high, -1 low, 0 none).

    R's `ptd_special_cause_type`: beyond a limit beats a trend, which beats two-in-three, which
    beats a shift. A trend point's side is the trend's direction, not its side of the mean (so a
    falling trend above the mean is low: R 0.2.x, issues #167 and #171).
    """
    rtm = np.asarray(relative_to_mean, dtype=float)
    outside = np.asarray(outside_limits, dtype=float) != 0
    trend = np.asarray(part_of_trend, dtype=float) != 0
    two = np.asarray(part_of_two_in_three, dtype=float) != 0
    shift = np.asarray(part_of_shift, dtype=float) != 0
    direction = trend_direction(values, part_of_trend)
    above = np.where(rtm > 0, 1, -1)
    rule = np.select([outside, trend, two, shift], list(RULES), default="")
    side = np.select([outside, trend, two, shift],
                     [np.where(rtm == 1, 1, -1), np.where(direction == 1, 1, -1), above, above],
                     default=0)
    return np.where(rule == "", None, rule).astype(object), side.astype(int)


def point_types(side, improvement: str) -> np.ndarray:
    """Making Data Count point types from each point's side and the improvement direction."""
    side = np.asarray(side, dtype=int)
    if improvement == Improvement.NEUTRAL:
        high, low = PointType.SPECIAL_CAUSE_NEUTRAL_HIGH.value, PointType.SPECIAL_CAUSE_NEUTRAL_LOW.value
    elif improvement == Improvement.INCREASE:
        high, low = PointType.SPECIAL_CAUSE_IMPROVEMENT.value, PointType.SPECIAL_CAUSE_CONCERN.value
    else:
        high, low = PointType.SPECIAL_CAUSE_CONCERN.value, PointType.SPECIAL_CAUSE_IMPROVEMENT.value
    return np.select([side > 0, side < 0], [high, low], default=PointType.COMMON_CAUSE.value).astype(object)


def classify(values, mean, lpl, upl, nlpl, nupl, improvement: str) -> dict[str, np.ndarray]:
    """Every rule flag and the point type for the points of one phase (no gaps).

    `mean` and the limits may be scalars (XmR) or per-point arrays (p-chart). A missing (NaN)
    limit is never crossed, as in R where the comparison is NA.
    """
    y = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        outside = (y > upl) | (y < lpl)
        relative_to_mean = np.sign(y - mean) * np.ones_like(y)
        close = ~outside & ((y < nlpl) | (y > nupl))
    shift = part_of_seven(seven_point_one_side_mean(relative_to_mean))
    trend = part_of_seven(seven_point_trend(y))
    two = part_of_two_in_three(two_in_three(close, relative_to_mean), close)
    rule, side = special_cause(y, relative_to_mean, outside, trend, two, shift)
    return {
        "outside_limits": outside,
        "relative_to_mean": relative_to_mean,
        "close_to_limits": close,
        "trend": trend.astype(bool),
        "two_in_three": two.astype(bool),
        "shift": shift.astype(bool),
        "special_cause": side != 0,
        "rule": rule,
        "point_type": point_types(side, improvement),
    }
