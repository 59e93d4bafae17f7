"""XmR charts for many series in one pass: `indicators.spc.xmr`'s results, computed with array
operations over one long frame instead of once per series in Python.

A scorecard charts every indicator of every authority; `xmr` costs about a millisecond a series,
almost all of it per-call overhead. Here every step of xmr's pipeline (phases, limits per phase,
the special-cause rules per phase, point types, assurance) runs on whole columns, with each
point's position inside its phase standing in for the per-phase loop: a rule that looks k points
back or ahead is a shift of the column by k, valid where the point is at least k from the edge of
its phase. The only Python loops are over the rule window (7 points) and the summation blocks.

Results are identical to `xmr(values, improvement, target, rebase_at=..., screen_outliers=...,
fix_after_n_points=...)` run per series, bit for bit: means are summed in numpy's own order (see
`_pairwise_sum`), because a point exactly on the mean (a constant or rounded series) belongs to no
shift, and a last-bit difference in the mean would put it on one side. tests/indicators/
test_spc_batch.py checks every point of 1,000 random series against `xmr`.

Input, one long frame (any index), one row per (series, period):

    series       id of the series (any hashable; e.g. an indicator code or (org, indicator)
                 key); rows of different series may be interleaved. A categorical column gives a
                 result row for every category, an unused one as `xmr([])`.
    value        the value, NaN/None for a gap (a month with no return): left out of every
                 calculation as xmr does, but kept as a row.
    improvement  "increase", "decrease" or "neutral" (`vocab.Improvement`), the same on every
                 row of a series.
    target       optional: the series' target, the same on every row; NaN = no target.
    phase        optional: the phase of each row (whole numbers, never decreasing along a
                 series); each change of number starts a new phase (a definition change).
    rebase       optional, instead of phase: True on the first row of a new phase (xmr's
                 rebase_at); True on a series' first row changes nothing.
    order        optional: a column to sort each series by (e.g. the period); without it rows are
                 taken in frame order within each series. Duplicate values within a series are
                 refused.

An optional column is absent when its name is None or not a column of the frame.

`xmr_many` returns one row per series (index: the series ids, in order of first appearance, or
the categories), columns:

    variation  point type of the series' last point with a value (None if it has none)
    assurance  consistent_pass / consistent_fail / inconsistent from the last phase's limits
               against the target; None without a target, when neutral, or with no rows
    too_short  any phase with fewer than 12 points with a value (or no rows at all)
    points     number of points with a value
    phases     number of phases
    mean, lpl, upl, amr   the last phase's centre line, process limits and average moving range

`xmr_points_many` returns one row per input row, in input order with the input index, columns:
the series column (under its own name), then exactly `SpcResult.points`' columns except `x`:
phase (0-based within the series), value, mean, lpl, upl, nlpl, nupl, mr, amr, outside_limits,
relative_to_mean, close_to_limits, trend, two_in_three, shift, special_cause, rule, point_type,
short_phase, target.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators._spc_rules import RULES, RUN
from indicators.spc import LIMIT, LIMIT_CLOSE, MIN_FIX_AFTER, P_SIGMAS, SCREEN, SHORT_PHASE
from vocab import Assurance, Improvement, PointType

__all__ = ["SUMMARY_COLUMNS", "POINT_COLUMNS", "pchart_many", "xmr_many", "xmr_points_many"]

SUMMARY_COLUMNS = ["variation", "assurance", "too_short", "points", "phases", "mean", "lpl", "upl", "amr"]
POINT_COLUMNS = ["phase", "value", "mean", "lpl", "upl", "nlpl", "nupl", "mr", "amr", "outside_limits",
                 "relative_to_mean", "close_to_limits", "trend", "two_in_three", "shift", "special_cause",
                 "rule", "point_type", "short_phase", "target"]

IMPROVEMENTS = [Improvement.INCREASE.value, Improvement.DECREASE.value, Improvement.NEUTRAL.value]
INCREASE, DECREASE, NEUTRAL = 0, 1, 2  # codes into IMPROVEMENTS
# point type by improvement code and side (-1 low, 0 none, 1 high), as _spc_rules.point_types
_CC = PointType.COMMON_CAUSE.value
_IMPROVEMENT, _CONCERN = PointType.SPECIAL_CAUSE_IMPROVEMENT.value, PointType.SPECIAL_CAUSE_CONCERN.value
_LOW, _HIGH = PointType.SPECIAL_CAUSE_NEUTRAL_LOW.value, PointType.SPECIAL_CAUSE_NEUTRAL_HIGH.value
POINT_TYPES = np.array([
    [_CONCERN, _CC, _IMPROVEMENT],  # increase
    [_IMPROVEMENT, _CC, _CONCERN],  # decrease
    [_LOW, _CC, _HIGH],  # neutral
], dtype=object)
RULE_NAMES = np.array([None, *RULES], dtype=object)  # 0: no rule, then strongest first
PASS, FAIL, INCONSISTENT = (Assurance.CONSISTENT_PASS.value, Assurance.CONSISTENT_FAIL.value,
                            Assurance.INCONSISTENT.value)
BLOCK = 128  # numpy's pairwise-summation leaf size (PW_BLOCKSIZE)
UNROLL = 8  # and its unroll factor


# ---------------------------------------------------------------------------------------------
# public API


def xmr_many(frame: pd.DataFrame, *, series: str = "series", value: str = "value",
             improvement: str = "improvement", target: str | None = "target", phase: str | None = "phase",
             rebase: str | None = "rebase", order: str | None = None, screen_outliers: bool = True,
             fix_after_n_points: int | None = None) -> pd.DataFrame:
    """One row per series: xmr's variation, assurance, too_short, points and last-phase limits.

    `frame` is long (see the module docstring for its columns); the keyword arguments name its
    columns, and `screen_outliers`/`fix_after_n_points` are xmr's. Raises ValueError naming the
    bad column and series.
    """
    return _compute(frame, series, value, improvement, target, phase, rebase, order,
                    screen_outliers, fix_after_n_points).summary()


def xmr_points_many(frame: pd.DataFrame, *, series: str = "series", value: str = "value",
                    improvement: str = "improvement", target: str | None = "target",
                    phase: str | None = "phase", rebase: str | None = "rebase", order: str | None = None,
                    screen_outliers: bool = True, fix_after_n_points: int | None = None) -> pd.DataFrame:
    """One row per input row (input order and index): xmr's `points` columns, per series."""
    return _compute(frame, series, value, improvement, target, phase, rebase, order,
                    screen_outliers, fix_after_n_points).points()


P_SUMMARY_COLUMNS = ["variation", "assurance", "too_short", "points", "phases"]


def pchart_many(frame: pd.DataFrame, *, series: str = "series", numerator: str = "numerator",
                denominator: str = "denominator", improvement: str = "improvement", target: str | None = "target",
                phase: str | None = "phase") -> pd.DataFrame:
    """One row per series: `indicators.spc.pchart`'s variation, assurance and too_short, with its
    points (months with a value) and phases, for many series in one pass.

    `frame` is long, one row per (series, period), rows of a series in time order (series may be
    interleaved); `numerator` and `denominator` are its counts (a row missing either, or with a
    denominator of 0, is a gap, as pchart has it); `improvement`, `target` (NaN = none) and `phase`
    (whole numbers, a change of number starts a new phase: pchart's rebase_at) as for `xmr_many`.
    Each phase's centre is Σ numerators / Σ denominators; each point's limits p̄ ± 3 and ± 2
    standard errors of its own denominator, clipped to 0-100%; assurance is judged on the last
    point's own limits. Identical to pchart series by series (tests/compare/test_pchart_many.py).
    Index: the series ids in order of first appearance; columns P_SUMMARY_COLUMNS.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame (got {type(frame).__name__})")
    for role, name in (("series", series), ("numerator", numerator), ("denominator", denominator),
                       ("improvement", improvement)):
        if name not in frame.columns:
            raise ValueError(f"frame has no {role} column {name!r}")
    target = target if target is not None and target in frame.columns else None
    phase = phase if phase is not None and phase in frame.columns else None
    code, ids = pd.factorize(frame[series], sort=False)
    code = code.astype(np.int64)
    if (code < 0).any():
        raise ValueError(f"{series}: a row has no series id")
    n = len(frame)
    perm = np.arange(n) if not n or (np.diff(code) >= 0).all() else np.argsort(code, kind="stable")
    code = code[perm]
    ids = pd.Index(ids)
    k = len(ids)
    first = np.r_[True, code[1:] != code[:-1]] if n else np.zeros(0, bool)
    num = _floats(frame[numerator], numerator, perm, frame.index)
    den = _floats(frame[denominator], denominator, perm, frame.index)
    if ((num < 0) | (den < 0) | (num > den)).any():
        raise ValueError("counts must be 0 or more, and a numerator no more than its denominator")
    imp = _per_series(frame[improvement], improvement, perm, code, first, ids, _improvement_codes)
    tgt = _per_series(frame[target], target, perm, code, first, ids, _target_values) if target \
        else np.full(k, np.nan)
    imp_series, tgt_series = np.full(k, INCREASE, dtype=np.int64), np.full(k, np.nan)
    imp_series[code[first]], tgt_series[code[first]] = imp, tgt
    if phase is not None:
        numbers = _floats(frame[phase], phase, perm, frame.index)
        change = ~first & (np.r_[0.0, np.diff(numbers)] != 0) if n else np.zeros(0, bool)
    else:
        change = np.zeros(n, dtype=bool)
    seg = np.cumsum(first | change) - 1
    n_seg = int((first | change).sum())
    seg_code = code[first | change]
    with np.errstate(invalid="ignore", divide="ignore"):
        present = ~(np.isnan(num) | np.isnan(den) | (den == 0))
        numbers_p, den_p, segp = num[present], den[present], seg[present]
        y = 100.0 * numbers_p / den_p
        count = np.bincount(segp, minlength=n_seg).astype(np.int64)
        totals = np.bincount(segp, weights=den_p, minlength=n_seg)  # whole counts: exact in any order
        p = np.where(totals > 0, np.bincount(segp, weights=numbers_p, minlength=n_seg) / totals, np.nan)[segp]
        se = np.sqrt(p * (1 - p) / den_p)

        def limit(sigmas: float) -> np.ndarray:
            return 100.0 * np.clip(p + sigmas * se, 0.0, 1.0)

        limits = (np.full(len(y), 100.0) * p, limit(-P_SIGMAS), limit(P_SIGMAS), limit(-2.0), limit(2.0))
    code_p = code[present]
    flags = _classify(y, segp, {"n": count}, imp_series[code_p], limits=limits)
    points = np.bincount(code_p, minlength=k)
    phases = np.bincount(seg_code, minlength=k)
    too_short = (np.bincount(seg_code, weights=count < SHORT_PHASE, minlength=k) > 0) | (phases == 0)
    variation = np.full(k, None, dtype=object)
    lpl, upl = np.full(k, np.nan), np.full(k, np.nan)
    if len(code_p):
        last = np.flatnonzero(np.r_[code_p[1:] != code_p[:-1], True])
        variation[code_p[last]] = flags["point_type"][last]
        lpl[code_p[last]], upl[code_p[last]] = limits[1][last], limits[2][last]
    assurance = _assurance(lpl, upl, tgt_series, imp_series, has_rows=points > 0)
    out = pd.DataFrame({"variation": pd.Series(variation, dtype=object), "assurance": pd.Series(assurance, dtype=object),
                        "too_short": too_short, "points": points.astype("int64"), "phases": phases.astype("int64")})
    out.index = ids
    out.index.name = series
    return out


# ---------------------------------------------------------------------------------------------
# the computation: rows sorted by series (then order), phases as contiguous segments


@dataclass
class _Batch:
    ids: pd.Index  # series ids, by series code
    series_name: str
    series_column: pd.Series  # the input's series column, as given
    index: pd.Index  # the input frame's index
    perm: np.ndarray  # sorted row -> input row
    code: np.ndarray  # series code of each sorted row
    phase: np.ndarray  # 0-based phase of each sorted row
    seg: np.ndarray  # global phase segment of each sorted row
    seg_code: np.ndarray  # series code of each segment
    y: np.ndarray  # values, sorted
    present: np.ndarray  # sorted rows with a value
    seg_stats: dict  # per segment: n, mean, lpl, upl, nlpl, nupl, amr
    mr: np.ndarray  # per sorted row
    flags: dict  # per present row (in sorted order)
    imp: np.ndarray  # improvement code per series
    target: np.ndarray  # target per series (NaN = none)

    def summary(self) -> pd.DataFrame:
        k = len(self.ids)
        n_rows = len(self.code)
        code_p = self.code[self.present]
        points = np.bincount(code_p, minlength=k)
        phases = np.bincount(self.seg_code, minlength=k)
        short_seg = self.seg_stats["n"] < SHORT_PHASE
        too_short = (np.bincount(self.seg_code, weights=short_seg, minlength=k) > 0) | (phases == 0)

        variation = np.full(k, None, dtype=object)
        if len(code_p):
            last_p = np.flatnonzero(np.r_[code_p[1:] != code_p[:-1], True])
            variation[code_p[last_p]] = self.flags["point_type"][last_p]

        stats = {name: np.full(k, np.nan) for name in ("mean", "lpl", "upl", "amr")}
        if n_rows:
            last_row = np.flatnonzero(np.r_[self.code[1:] != self.code[:-1], True])
            last_seg = self.seg[last_row]
            for name in stats:
                stats[name][self.code[last_row]] = self.seg_stats[name][last_seg]
        assurance = _assurance(stats["lpl"], stats["upl"], self.target, self.imp, has_rows=phases > 0)
        out = pd.DataFrame({"variation": pd.Series(variation, dtype=object),
                            "assurance": pd.Series(assurance, dtype=object), "too_short": too_short,
                            "points": points.astype("int64"), "phases": phases.astype("int64"), **stats},
                           index=pd.RangeIndex(k))
        out.index = self.ids
        out.index.name = self.series_name
        return out

    def points(self) -> pd.DataFrame:
        n = len(self.code)
        present = self.present
        seg = self.seg
        columns = {"phase": self.phase.astype(int), "value": self.y}
        for name in ("mean", "lpl", "upl", "nlpl", "nupl"):
            columns[name] = self.seg_stats[name][seg]
        columns["mr"] = self.mr
        columns["amr"] = self.seg_stats["amr"][seg]
        for name, fill in (("outside_limits", False), ("relative_to_mean", np.nan), ("close_to_limits", False),
                           ("trend", False), ("two_in_three", False), ("shift", False),
                           ("special_cause", False), ("rule", None), ("point_type", None)):
            got = self.flags[name]
            column = np.full(n, fill, dtype=got.dtype)
            column[present] = got
            columns[name] = column
        columns["short_phase"] = self.seg_stats["n"][seg] < SHORT_PHASE
        columns["target"] = self.target[self.code]
        # back to input order, with the input index; object columns stay object (None, not NaN)
        inverse = np.empty(n, dtype=np.int64)
        inverse[self.perm] = np.arange(n)
        out = pd.DataFrame({self.series_name: self.series_column.reset_index(drop=True),
                            **{name: pd.Series(v[inverse], dtype=v.dtype) for name, v in columns.items()}})
        out.index = self.index
        return out


def _compute(frame, series, value, improvement, target, phase, rebase, order, screen_outliers, fix) -> _Batch:
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame (got {type(frame).__name__})")
    if not isinstance(screen_outliers, (bool, np.bool_)):
        raise ValueError(f"screen_outliers must be True or False (got {screen_outliers!r})")
    fix = _fix_after(fix)
    for role, name in (("series", series), ("value", value), ("improvement", improvement)):
        if name not in frame.columns:
            raise ValueError(f"frame has no {role} column {name!r}")
    if series in POINT_COLUMNS:
        raise ValueError(f"the series column may not be called {series!r} (a column of the result)")

    def optional(name):
        return name if name is not None and name in frame.columns else None

    target, phase, rebase, order = optional(target), optional(phase), optional(rebase), optional(order)
    if phase is not None and rebase is not None:
        raise ValueError(f"give phases either as {phase!r} or as {rebase!r}, not both")

    # series codes, then the rows sorted by series (stable: frame order within a series) or by order
    ids_column = frame[series]
    if isinstance(ids_column.dtype, pd.CategoricalDtype):
        code = ids_column.cat.codes.to_numpy().astype(np.int64)
        ids = pd.Index(ids_column.cat.categories)
    else:
        code, ids = pd.factorize(ids_column, sort=False)
        code = code.astype(np.int64)
        ids = pd.Index(ids)
    if (code < 0).any():
        raise ValueError(f"{series}: a row has no series id (at {frame.index[np.argmax(code < 0)]!r})")
    n = len(frame)
    if order is not None:
        rank, _ = pd.factorize(frame[order], sort=True)
        if (rank < 0).any():
            where = frame.index[np.argmax(rank < 0)]
            raise ValueError(f"{order}: a row has no value to order by (at {where!r})")
        perm = np.lexsort((rank, code))
    elif n and (np.diff(code) >= 0).all():
        perm = np.arange(n)
    else:
        perm = np.argsort(code, kind="stable")
    code = code[perm]
    first = np.r_[True, code[1:] != code[:-1]] if n else np.zeros(0, bool)
    if order is not None:
        ranked = rank[perm]
        repeated = ~first & (np.r_[-1, ranked[:-1]] == ranked)
        if repeated.any():
            i = int(np.argmax(repeated))
            raise ValueError(f"{order}: series {ids[code[i]]!r} has more than one row for "
                             f"{frame[order].iloc[perm[i]]!r}")

    y = _floats(frame[value], value, perm, frame.index)
    imp = _per_series(frame[improvement], improvement, perm, code, first, ids, _improvement_codes)
    tgt = _per_series(frame[target], target, perm, code, first, ids, _target_values) if target \
        else np.full(len(ids), np.nan)
    k = len(ids)
    imp_series = np.full(k, INCREASE, dtype=np.int64)
    tgt_series = np.full(k, np.nan)
    imp_series[code[first]] = imp
    tgt_series[code[first]] = tgt

    # phases: a new one at each rebase / change of phase number, never at a series' first row
    if phase is not None:
        numbers = _floats(frame[phase], phase, perm, frame.index)
        if np.isnan(numbers).any() or (numbers != np.round(numbers)).any():
            raise ValueError(f"{phase}: phase numbers must be whole numbers (no gaps)")
        step = np.r_[0.0, np.diff(numbers)] if n else np.zeros(0)
        if (step[~first] < 0).any():
            i = int(np.flatnonzero(~first & (step < 0))[0])
            raise ValueError(f"{phase}: series {ids[code[i]]!r} goes back to an earlier phase "
                             f"at {frame.index[perm[i]]!r}")
        change = ~first & (step != 0)
    elif rebase is not None:
        flags = frame[rebase].to_numpy()[perm]
        if flags.dtype != bool:
            if pd.isna(flags).any() or not np.isin(flags, [0, 1, True, False]).all():
                raise ValueError(f"{rebase}: must be True or False on every row")
            flags = flags.astype(bool)
        change = ~first & flags
    else:
        change = np.zeros(n, dtype=bool)
    new_seg = first | change
    seg = np.cumsum(new_seg) - 1
    counted = np.cumsum(change)
    phase_number = counted - counted[np.flatnonzero(first)][np.cumsum(first) - 1] if n else counted
    seg_code = code[new_seg]
    n_seg = int(new_seg.sum())

    present = ~np.isnan(y)
    yp = y[present]
    segp = seg[present]
    stats, mr_p = _limits(yp, segp, n_seg, fix, bool(screen_outliers))
    mr = np.full(n, np.nan)
    mr[present] = mr_p
    flags = _classify(yp, segp, stats, imp_series[code[present]])
    return _Batch(ids=ids, series_name=series, series_column=frame[series], index=frame.index, perm=perm,
                  code=code, phase=phase_number, seg=seg, seg_code=seg_code, y=y, present=present,
                  seg_stats=stats, mr=mr, flags=flags, imp=imp_series, target=tgt_series)


# ---------------------------------------------------------------------------------------------
# limits per phase (xmr's _xmr_limits, every phase at once)


def _limits(yp: np.ndarray, segp: np.ndarray, n_seg: int, fix: int | None, screen: bool):
    """Per segment n, mean and limits from its points with a value (yp, grouped by segment)."""
    count = np.bincount(segp, minlength=n_seg).astype(np.int64)
    start = np.r_[0, np.cumsum(count)[:-1]].astype(np.int64)
    pos = np.arange(len(yp)) - start[segp]
    base = count if fix is None else np.minimum(count, fix)
    mean = _mean(yp, start, base)
    # moving ranges between consecutive points with a value (a gap is skipped), within a phase
    ranges = np.full(len(yp), np.nan)
    later = pos >= 1
    ranges[later] = np.abs(yp[later] - yp[np.flatnonzero(later) - 1])
    base_ranges = np.maximum(base - 1, 0)
    amr = _mean(ranges, start + 1, base_ranges)
    if screen:
        # R keeps mr < 3.267 * amr: none of a flat phase's (amr 0 or NaN), whose limits stay NaN
        in_base = later & (pos < base[segp])
        with np.errstate(invalid="ignore"):
            kept = in_base & (ranges < SCREEN * amr[segp])
        kept_count = np.bincount(segp[kept], minlength=n_seg).astype(np.int64)
        kept_start = np.r_[0, np.cumsum(kept_count)[:-1]].astype(np.int64)
        amr = _mean(ranges[kept], kept_start, kept_count)
    stats = {"n": count, "mean": mean, "lpl": mean - LIMIT * amr, "upl": mean + LIMIT * amr,
             "nlpl": mean - LIMIT_CLOSE * amr, "nupl": mean + LIMIT_CLOSE * amr, "amr": amr}
    return stats, ranges


def _mean(values: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """np.mean of each values[start:start + length], bit for bit; NaN where length is 0."""
    total = _pairwise_sum(values, start, length)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(length > 0, total / np.maximum(length, 1), np.nan)


def _pairwise_sum(values: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """np.sum of each values[start:start + length] in numpy's own order of additions.

    numpy sums a contiguous float array pairwise (numpy/_core/src/umath/loops_utils.h.src,
    pairwise_sum): under 8 items one by one from 0; up to 128 in 8 interleaved accumulators, then
    the remainder one by one; above 128 the two halves (split at a multiple of 8) separately.
    Sums in another order differ in the last bit, which decides whether a point is on the mean.
    """
    out = np.zeros(len(start))
    if not len(values) or not len(start):
        return out
    big = length > BLOCK
    small = ~big
    out[small] = _block_sum(values, start[small], length[small])
    if big.any():
        n = length[big]
        half = n // 2
        half -= half % UNROLL
        out[big] = (_pairwise_sum(values, start[big], half)
                    + _pairwise_sum(values, start[big] + half, n - half))
    return out


def _block_sum(values: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """pairwise_sum's leaf (length <= 128) for many slices at once."""
    last = len(values) - 1

    def at(offset) -> np.ndarray:
        return values[np.minimum(start + offset, last)]

    # fewer than 8: one by one from 0.0
    one_by_one = np.zeros(len(start))
    for i in range(UNROLL - 1):
        one_by_one = np.where(i < length, one_by_one + at(i), one_by_one)
    # 8 or more: 8 accumulators over the whole blocks of 8, combined, then the rest one by one
    blocks = length // UNROLL
    acc = [at(j) for j in range(UNROLL)]
    for b in range(1, int(blocks.max(initial=0))):
        more = b < blocks
        for j in range(UNROLL):
            acc[j] = np.where(more, acc[j] + at(b * UNROLL + j), acc[j])
    total = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
    rest = length % UNROLL
    for i in range(UNROLL - 1):
        total = np.where(i < rest, total + at(blocks * UNROLL + i), total)
    return np.where(length < UNROLL, one_by_one, total)


# ---------------------------------------------------------------------------------------------
# the rules (indicators._spc_rules.classify, every phase at once)


def _classify(y: np.ndarray, segp: np.ndarray, stats: dict, imp: np.ndarray,
              limits: tuple | None = None) -> dict[str, np.ndarray]:
    """Flags and point types of the points with a value, each judged within its own phase.
    `limits`: (mean, lpl, upl, nlpl, nupl) per point (a p-chart's), instead of `stats`' per phase."""
    n = len(y)
    count = stats["n"]
    start = np.r_[0, np.cumsum(count)[:-1]].astype(np.int64)
    pos = np.arange(n) - start[segp]
    left = count[segp] - 1 - pos  # points after this one in its phase

    def back(a, k):  # a[i - k] (valid where pos >= k)
        return np.concatenate([np.zeros(k, a.dtype), a[:n - k]]) if k < n else np.zeros(n, a.dtype)

    def ahead(a, k):  # a[i + k] where it is in the same phase, else 0/False
        if k >= n:
            return np.zeros(n, a.dtype)
        shifted = np.concatenate([a[k:], np.zeros(k, a.dtype)])
        return np.where(left >= k, shifted, np.zeros(1, a.dtype))

    def part_of_run(ends):  # part_of_seven: a point is in a run ending at it or up to 6 later
        part = ends.copy()
        for k in range(1, RUN):
            part |= ahead(ends, k)
        return part

    mean, lpl, upl, nlpl, nupl = limits if limits is not None else (
        stats[c][segp] for c in ("mean", "lpl", "upl", "nlpl", "nupl"))
    with np.errstate(invalid="ignore"):
        outside = (y > upl) | (y < lpl)
        relative_to_mean = np.sign(y - mean)
        close = ~outside & ((y < nlpl) | (y > nupl))

    # shift: 7 in a row on one side of the mean (a point on the mean breaks it)
    one_side = (relative_to_mean != 0) & (pos >= RUN - 1)
    for k in range(1, RUN):
        one_side &= back(relative_to_mean, k) == relative_to_mean
    shift = part_of_run(one_side)

    # trend: 6 rises (falls) in a row into a point; a tie breaks it
    step = np.where(pos >= 1, np.sign(y - back(y, 1)), 0.0)
    rising, falling = pos >= RUN - 1, pos >= RUN - 1
    for k in range(RUN - 1):
        earlier = back(step, k)
        rising = rising & (earlier == 1)
        falling = falling & (earlier == -1)
    trend = part_of_run(rising | falling)

    # two in three: a full window of 3 in the phase, one side of the mean, 2+ close to a limit
    closef = close.astype(float)
    window = pos >= 2
    hit = (window & (closef + back(closef, 1) + back(closef, 2) >= 2)
           & (np.abs(relative_to_mean + back(relative_to_mean, 1) + back(relative_to_mean, 2)) == 3))
    two = (hit | ahead(hit, 1) | ahead(hit, 2)) & close

    # a trend point's side is its direction: the step to the next point if that is a trend point too
    step_next = ahead(step, 1)
    direction = np.where(trend & ahead(trend, 1), step_next, step)
    above = np.where(relative_to_mean > 0, 1, -1)
    conditions = [outside, trend, two, shift]
    rule = np.select(conditions, [1, 2, 3, 4], default=0)
    side = np.select(conditions, [np.where(relative_to_mean == 1, 1, -1), np.where(direction == 1, 1, -1),
                                  above, above], default=0)
    return {
        "outside_limits": outside, "relative_to_mean": relative_to_mean, "close_to_limits": close,
        "trend": trend, "two_in_three": two, "shift": shift, "special_cause": side != 0,
        "rule": RULE_NAMES[rule], "point_type": POINT_TYPES[imp, side + 1],
    }


def _assurance(lpl, upl, target, imp, has_rows) -> np.ndarray:
    """ptd_calculate_assurance_type per series (spc.assurance_type, vectorised)."""
    with np.errstate(invalid="ignore"):
        above, below = target > upl, target < lpl
    increasing = imp == INCREASE
    out = np.select([above & increasing, above, below & increasing, below],
                    [FAIL, PASS, PASS, FAIL], default=INCONSISTENT).astype(object)
    out[np.isnan(target) | (imp == NEUTRAL) | ~has_rows] = None
    return out


# ---------------------------------------------------------------------------------------------
# input


def _floats(column: pd.Series, name: str, perm: np.ndarray, index: pd.Index) -> np.ndarray:
    """A float column (NaN for missing) in sorted order; raises on text and infinities."""
    numeric = pd.to_numeric(column, errors="coerce")
    y = np.asarray(numeric.to_numpy(dtype="float64", na_value=np.nan), dtype=float)
    bad = (np.isnan(y) & ~pd.isna(column).to_numpy()) | np.isinf(y)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{name}: {column.iloc[i]!r} at {index[i]!r} is not a finite number")
    return y[perm]


def _per_series(column: pd.Series, name: str, perm, code, first, ids, parse) -> np.ndarray:
    """The column's value for each series (at its first row), checked equal on all its rows."""
    values = parse(column, name)[perm]
    firsts = values[np.flatnonzero(first)][np.cumsum(first) - 1] if len(values) else values
    differs = ~((values == firsts) | (np.isnan(values) & np.isnan(firsts))) if values.dtype.kind == "f" \
        else values != firsts
    if differs.any():
        i = int(np.argmax(differs))
        raise ValueError(f"{name}: series {ids[code[i]]!r} has more than one {name} "
                         f"({column.iloc[perm[i]]!r} and the first row's)")
    return values[first]


def _improvement_codes(column: pd.Series, name: str) -> np.ndarray:
    found, uniques = pd.factorize(column)  # a few distinct values: look those up, not every row
    known = np.array([IMPROVEMENTS.index(u) if isinstance(u, str) and u in IMPROVEMENTS else -1
                      for u in uniques] + [-1], dtype=np.int64)
    codes = known[found]  # a missing value (-1) takes the trailing -1
    if (codes < 0).any():
        bad = column.iloc[int(np.argmax(codes < 0))]
        raise ValueError(f"{name} must be one of {IMPROVEMENTS} (got {bad!r})")
    return codes


def _target_values(column: pd.Series, name: str) -> np.ndarray:
    return _floats(column, name, np.arange(len(column)), column.index)


def _fix_after(n) -> int | None:
    if n is None:
        return None
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < MIN_FIX_AFTER:
        raise ValueError(f"fix_after_n_points must be a whole number of {MIN_FIX_AFTER} or more (got {n!r})")
    return int(n)
