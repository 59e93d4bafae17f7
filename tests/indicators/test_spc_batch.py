"""xmr_many / xmr_points_many against indicators.spc.xmr: 1,000 seeded random series compared
series by series and point by point, then small literal cases (empty, 1 and 2 points, runs and
trends of 6, 7 and 8 points, input checks)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.spc import xmr
from indicators.spc_batch import POINT_COLUMNS, SUMMARY_COLUMNS, xmr_many, xmr_points_many
from vocab import Assurance, Improvement, PointType

CC = PointType.COMMON_CAUSE.value
IMP = PointType.SPECIAL_CAUSE_IMPROVEMENT.value
CON = PointType.SPECIAL_CAUSE_CONCERN.value
UP, DOWN, NEUTRAL = Improvement.INCREASE.value, Improvement.DECREASE.value, Improvement.NEUTRAL.value
NAN = math.nan


# ---------------------------------------------------------------------------------------------
# random series


def _values(rng: np.random.Generator, n: int) -> np.ndarray:
    """One series of n values of a random kind: noise, rounded noise (ties), constant, walks,
    trends, steps and outliers, at random scales, with random gaps."""
    kind = rng.integers(8)
    scale = 10.0 ** rng.uniform(-2, 3)
    if kind == 0:
        y = rng.normal(50, 5, n) * scale
    elif kind == 1:  # rounded: many ties, points on the mean, flat steps inside trends
        y = np.round(rng.normal(10, 2, n), int(rng.integers(0, 2)))
    elif kind == 2:  # constant: zero moving ranges; 0.1 x n does not average back to 0.1
        y = np.full(n, rng.choice([0.0, 0.1, 1.0 / 3.0, 7.0, 62.5]))
    elif kind == 3:  # random walk of small integers: trends with ties
        y = np.cumsum(rng.integers(-1, 3, n)).astype(float)
    elif kind == 4:  # runs of rises or falls
        y = np.cumsum(rng.choice([-1.0, 1.0]) * rng.uniform(0, 1, n) * scale)
    elif kind == 5:  # a step: shifts
        y = rng.normal(0, 1, n) + np.where(np.arange(n) > rng.integers(0, n + 1), rng.uniform(0, 4), 0)
    elif kind == 6:  # outliers: screened moving ranges, points beyond the limits
        y = rng.normal(0, 1, n) + rng.choice([0.0, 8.0, -8.0], n, p=[0.85, 0.1, 0.05])
    else:  # percentages rounded to one decimal
        y = np.round(rng.uniform(60, 90) + rng.normal(0, 3, n), 1)
    gaps = rng.uniform(0, 0.4) if rng.uniform() < 0.5 else 0.0
    y[rng.uniform(size=n) < gaps] = np.nan
    return y


def _random_frame(seed: int, count: int, lengths=(0, 60)) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(count):
        n = int(rng.integers(lengths[0], lengths[1] + 1))
        y = _values(rng, n)
        rebase = np.zeros(n, dtype=bool)
        if n and rng.uniform() < 0.4:  # 1-3 rebases anywhere, a first-row one or a gap row included
            rebase[rng.integers(0, n, int(rng.integers(1, 4)))] = True
        improvement = rng.choice([UP, DOWN, NEUTRAL])
        present = y[~np.isnan(y)]
        target = NAN
        if rng.uniform() < 0.6 and len(present):  # near the data or well away from it
            target = float(np.round(np.median(present) + rng.normal(0, 3) * (np.std(present) + 0.1), 1))
        rows.append(pd.DataFrame({"series": f"s{s:04d}", "value": y, "rebase": rebase,
                                  "improvement": improvement, "target": target, "period": np.arange(n)}))
    frame = pd.concat(rows, ignore_index=True)
    # every id a category, so series of 0 points are asked about too
    frame["series"] = pd.Categorical(frame["series"], categories=[f"s{s:04d}" for s in range(count)])
    return frame


def _expected(frame: pd.DataFrame, **options) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """xmr run once per series: (summary like xmr_many's, points per series)."""
    summary, points = {}, {}
    for sid in frame["series"].cat.categories:
        rows = frame[frame["series"] == sid]
        target = rows["target"].iloc[0] if len(rows) else None
        improvement = rows["improvement"].iloc[0] if len(rows) else UP
        result = xmr(rows["value"].to_numpy(), improvement=improvement, target=target,
                     rebase_at=list(np.flatnonzero(rows["rebase"].to_numpy())), **options)
        phases = result.phases
        last = phases.iloc[-1] if len(phases) else {c: NAN for c in ("mean", "lpl", "upl", "amr")}
        summary[sid] = {"variation": result.variation, "assurance": result.assurance,
                        "too_short": result.too_short, "points": int(rows["value"].notna().sum()),
                        "phases": len(phases), **{c: float(last[c]) for c in ("mean", "lpl", "upl", "amr")}}
        points[sid] = result.points.drop(columns="x")
    out = pd.DataFrame({c: pd.Series([summary[sid][c] for sid in summary], dtype=object)
                        for c in SUMMARY_COLUMNS})
    out.index = pd.Index(list(summary), name="series")
    return out, points


def _assert_same(frame: pd.DataFrame, got_summary: pd.DataFrame, got_points: pd.DataFrame, **options) -> None:
    want_summary, want_points = _expected(frame, **options)
    assert list(got_summary.columns) == SUMMARY_COLUMNS
    assert list(got_summary.index) == list(want_summary.index)
    for column in ("variation", "assurance", "too_short", "points", "phases"):
        got, want = got_summary[column].tolist(), want_summary[column].tolist()
        bad = [i for i, (g, w) in enumerate(zip(got, want)) if g != w]
        assert not bad, f"{column}: {got_summary.index[bad[0]]} got {got[bad[0]]!r}, xmr {want[bad[0]]!r}"
    for column in ("mean", "lpl", "upl", "amr"):
        np.testing.assert_allclose(got_summary[column].to_numpy(float), want_summary[column].to_numpy(float),
                                   rtol=0, atol=1e-9, equal_nan=True, err_msg=column)

    assert list(got_points.columns) == ["series", *POINT_COLUMNS]
    assert got_points.index.equals(frame.index)
    for sid, got in got_points.groupby("series", observed=True, sort=False):
        got = got.drop(columns="series").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want_points[sid], check_exact=False, rtol=0, atol=1e-9,
                                      obj=f"points of {sid}")
    assert len(got_points) == sum(len(p) for p in want_points.values())


def test_1000_random_series_match_xmr_point_by_point():
    frame = _random_frame(seed=20240501, count=1000)
    assert {len(g) for _, g in frame.groupby("series", observed=False)} >= {0, 1, 2}
    _assert_same(frame, xmr_many(frame), xmr_points_many(frame))


def test_random_series_match_xmr_given_as_phase_numbers_shuffled_and_ordered():
    frame = _random_frame(seed=7, count=300)
    first = frame.groupby("series", observed=True)["rebase"].transform(lambda r: r.cumsum() - r.iloc[0])
    phased = frame.assign(phase=first.astype(int) * 3).drop(columns="rebase")  # any whole numbers
    shuffled = phased.sample(frac=1, random_state=1)
    summary = xmr_many(shuffled, order="period")
    points = xmr_points_many(shuffled, order="period")
    assert points.index.equals(shuffled.index)
    _assert_same(frame, summary, points.loc[frame.index])


@pytest.mark.parametrize("options", [{"screen_outliers": False}, {"fix_after_n_points": 12}])
def test_random_series_match_xmr_with_options(options):
    frame = _random_frame(seed=99, count=300)
    _assert_same(frame, xmr_many(frame, **options), xmr_points_many(frame, **options), **options)


def test_long_series_sum_in_numpys_order():
    """Above 128 points numpy sums halves separately: means must still match xmr's exactly."""
    frame = _random_frame(seed=3, count=40, lengths=(100, 700))
    summary = xmr_many(frame)
    _assert_same(frame, summary, xmr_points_many(frame))
    want, _ = _expected(frame)
    np.testing.assert_array_equal(summary["mean"].to_numpy(), want["mean"].to_numpy())


# ---------------------------------------------------------------------------------------------
# literal cases


def _frame(*series: tuple[str, list, str, float]) -> pd.DataFrame:
    return pd.concat([pd.DataFrame({"series": sid, "value": pd.Series(values, dtype=float),
                                    "improvement": improvement, "target": target})
                      for sid, values, improvement, target in series], ignore_index=True)


def test_empty_frame_and_unused_category():
    empty = pd.DataFrame({"series": pd.Series([], dtype=object), "value": pd.Series([], dtype=float),
                          "improvement": pd.Series([], dtype=object)})
    assert xmr_many(empty).empty and list(xmr_many(empty).columns) == SUMMARY_COLUMNS
    assert xmr_points_many(empty).empty

    frame = _frame(("a", [1.0, 2.0], UP, 5.0))
    frame["series"] = pd.Categorical(frame["series"], categories=["a", "none"])
    none = xmr_many(frame).loc["none"]
    assert (none["variation"], none["assurance"], none["too_short"], none["points"], none["phases"]) == \
        (None, None, True, 0, 0)
    assert math.isnan(none["mean"]) and math.isnan(none["lpl"])
    assert xmr([]).variation is None and xmr([]).assurance is None and xmr([]).too_short


def test_one_two_and_no_points():
    frame = _frame(("one", [5.0], UP, 3.0), ("two", [1.0, 3.0], DOWN, 10.0), ("gaps", [NAN, NAN], UP, 1.0))
    got = xmr_many(frame)
    one, two, gaps = got.loc["one"], got.loc["two"], got.loc["gaps"]
    assert (one["variation"], one["assurance"], one["points"]) == (CC, Assurance.INCONSISTENT, 1)
    assert one["mean"] == 5.0
    assert math.isnan(one["lpl"]) and math.isnan(one["upl"])  # no moving range: no limits
    assert two["mean"] == 2.0 and two["amr"] == 2.0
    assert two["lpl"] == pytest.approx(2.0 - 2.66 * 2) and two["upl"] == pytest.approx(2.0 + 2.66 * 2)
    assert two["assurance"] == Assurance.CONSISTENT_PASS  # lower is better, every value below the target
    assert (gaps["variation"], gaps["points"], gaps["too_short"], gaps["assurance"]) == \
        (None, 0, True, Assurance.INCONSISTENT)
    points = xmr_points_many(frame)
    assert points["point_type"].tolist() == [CC, CC, CC, None, None]
    assert points["mr"].tolist()[2] == 2.0 and math.isnan(points["mr"].tolist()[1])  # "two"


@pytest.mark.parametrize("run, flagged", [(6, []), (7, list(range(8, 15))), (8, list(range(8, 16)))])
def test_shift_needs_seven_points_on_one_side(run, flagged):
    values = [12, 8] * 4 + [11, 10.5, 11, 10.5, 11, 10.5, 11, 10.5][:run] + [8, 12] * 3
    points = xmr_points_many(_frame(("s", values, UP, NAN)))
    assert list(np.flatnonzero(points["shift"])) == flagged
    assert set(points["point_type"].iloc[flagged]) <= {IMP}
    assert xmr_many(_frame(("s", values, UP, NAN)))["assurance"].tolist() == [None]


@pytest.mark.parametrize("rises, trend", [([8, 9, 10, 11, 12, 13], False), ([8, 9, 10, 11, 12, 13, 14], True),
                                          ([8, 9, 10, 10, 11, 12, 13, 14], False)])
def test_trend_needs_six_rises_and_a_tie_breaks_it(rises, trend):
    values = [10, 12, 10, 12, 10, 12] + rises + [10, 12, 10, 12]
    points = xmr_points_many(_frame(("s", values, DOWN, NAN)))
    expected = list(range(6, 6 + len(rises))) if trend else []
    assert list(np.flatnonzero(points["trend"])) == expected
    if trend:  # a rising trend is high: concern when lower is better
        assert set(points["point_type"].iloc[expected]) == {CON}
    assert xmr(values, improvement=DOWN).points["trend"].tolist() == points["trend"].tolist()


def test_constant_series_has_no_limits_and_follows_xmr_on_the_mean():
    frame = _frame(("zero", [4.0] * 9, UP, 1.0), ("tenth", [0.1] * 9, NEUTRAL, 1.0))
    got = xmr_many(frame)
    assert got["lpl"].isna().all() and got["amr"].isna().all()  # every moving range 0: screened out
    for sid, values in (("zero", [4.0] * 9), ("tenth", [0.1] * 9)):
        assert got.loc[sid, "variation"] == xmr(values, improvement=frame.set_index("series")
                                                .loc[sid, "improvement"].iloc[0]).variation
    assert got.loc["tenth", "assurance"] is None  # neutral


def test_rebase_starts_phases_and_short_phases_are_flagged():
    frame = _frame(("s", list(range(20)), UP, NAN))
    frame["rebase"] = [i in (0, 5) for i in range(20)]  # a rebase on the first row changes nothing
    points = xmr_points_many(frame)
    assert points["phase"].tolist() == [0] * 5 + [1] * 15
    assert points["short_phase"].tolist() == [True] * 5 + [False] * 15
    summary = xmr_many(frame)
    assert summary.loc["s", "phases"] == 2 and summary.loc["s", "too_short"]
    assert summary.loc["s", "mean"] == pytest.approx(np.mean(range(5, 20)))


def test_bad_input_is_refused():
    good = _frame(("a", [1.0, 2.0], UP, 1.0))
    with pytest.raises(ValueError, match="improvement"):
        xmr_many(good.assign(improvement="sideways"))
    with pytest.raises(ValueError, match="more than one target"):
        xmr_many(good.assign(target=[1.0, 2.0]))
    with pytest.raises(ValueError, match="not a finite number"):
        xmr_many(good.assign(value=[1.0, math.inf]))
    with pytest.raises(ValueError, match="not both"):
        xmr_many(good.assign(phase=0, rebase=False))
    with pytest.raises(ValueError, match="earlier phase"):
        xmr_many(good.assign(phase=[1, 0]))
    with pytest.raises(ValueError, match="more than one row"):
        xmr_many(good.assign(period=[3, 3]), order="period")
    with pytest.raises(ValueError, match="no value column"):
        xmr_many(good.drop(columns="value"))
    with pytest.raises(ValueError, match="fix_after_n_points"):
        xmr_many(good, fix_after_n_points=5)


def test_interleaved_series_are_taken_in_frame_order():
    frame = _random_frame(seed=11, count=50)
    frame["series"] = frame["series"].astype(str)
    interleaved = frame.sort_values("period", kind="stable")  # month by month, all series each month
    summary, points = xmr_many(interleaved), xmr_points_many(interleaved)
    assert points.index.equals(interleaved.index)
    pd.testing.assert_frame_equal(summary.sort_index(), xmr_many(frame).sort_index())
    pd.testing.assert_frame_equal(points.loc[frame.index], xmr_points_many(frame))
