"""indicators.spc_batch.pchart_many against indicators.spc.pchart, series by series: seeded random
series of small counts (the p-chart's case) with gaps, zero denominators, phases and targets,
then the literal edges (no rows, only gaps, a full-limit point)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.spc import pchart
from indicators.spc_batch import pchart_many
from vocab import Improvement

IMPROVEMENTS = [Improvement.INCREASE.value, Improvement.DECREASE.value, Improvement.NEUTRAL.value]


def random_frame(seed: int, count: int) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    rows, expected = [], {}
    for s in range(count):
        n = int(rng.integers(0, 40))
        den = rng.integers(0, 40, n).astype(float)
        rate = rng.uniform(0, 1) if rng.random() < 0.9 else rng.choice([0.0, 1.0])
        num = rng.binomial(den.astype(int), rate).astype(float)
        if n and rng.random() < 0.3:  # a shift part way
            at = int(rng.integers(n))
            num[at:] = np.minimum(den[at:], num[at:] + rng.integers(0, 6))
        gaps = rng.random(n) < 0.08
        num[gaps] = np.nan
        phase = np.cumsum(rng.random(n) < 0.04) if rng.random() < 0.4 else np.zeros(n, dtype=int)
        improvement = IMPROVEMENTS[int(rng.integers(3))]
        target = float(rng.uniform(0, 100)) if rng.random() < 0.7 else math.nan
        rebase = list(np.flatnonzero(np.diff(phase)) + 1)
        result = pchart(num, den, improvement=improvement, target=None if math.isnan(target) else target,
                        rebase_at=rebase)
        expected[s] = (result.variation, result.assurance, result.too_short)
        rows += [(s, num[i], den[i], improvement, target, phase[i]) for i in range(n)]
    frame = pd.DataFrame(rows, columns=["series", "numerator", "denominator", "improvement", "target", "phase"])
    return frame, expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_series_as_pchart_gives_it(seed):
    frame, expected = random_frame(seed, 400)
    got = pchart_many(frame)
    assert len(got) == frame["series"].nunique()
    for s, row in got.iterrows():
        assert (row["variation"], row["assurance"], bool(row["too_short"])) == expected[s], s
    kinds = {v for v, _, _ in expected.values()}
    assert len(kinds) >= 4  # common cause, improvement, concern and neutral all met: the test can see a difference


def test_interleaved_series_keep_their_own_order():
    frame, expected = random_frame(9, 60)
    within = frame.groupby("series").cumcount().to_numpy()
    interleaved = frame.iloc[np.lexsort((frame["series"].to_numpy(), within))]  # month by month, every series
    assert not interleaved["series"].is_monotonic_increasing
    got = pchart_many(interleaved)
    assert {s: (r["variation"], r["assurance"], bool(r["too_short"])) for s, r in got.iterrows()} == {
        s: e for s, e in expected.items() if s in set(frame["series"])}


def test_edges_only_gaps_and_points_at_the_limits():
    frame = pd.DataFrame({
        "series": ["gaps", "gaps", "full", "full", "full"],
        "numerator": [np.nan, 0.0, 0.0, 0.0, 5.0],
        "denominator": [10.0, 0.0, 5.0, 5.0, 5.0],
        "improvement": "increase", "target": [50.0, 50.0, np.nan, np.nan, np.nan],
    })
    got = pchart_many(frame, phase=None)
    assert got.loc["gaps"].tolist() == [None, None, True, 0, 1]
    alone = pchart([0.0, 0.0, 5.0], [5.0, 5.0, 5.0])
    assert got.loc["full", "variation"] == alone.variation and got.loc["full", "assurance"] is None
    with pytest.raises(ValueError, match="no more than its denominator"):
        pchart_many(frame.assign(numerator=[11.0, 0, 0, 0, 0]))
    with pytest.raises(ValueError, match="no numerator column 'x'"):
        pchart_many(frame, numerator="x")
