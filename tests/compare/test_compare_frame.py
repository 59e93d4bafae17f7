"""One indicator for every authority (indicators.regional.benchmark) on the small literal store
(tests/compare/conftest.py): the month and the year to date, the current returns only, groups,
ranks and quartiles with ties under each polarity, the comparison with England, the funnel."""
from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from data import compare_queries, queries, store
from indicators.compare import COLUMNS, funnel_axis
from indicators.regional import benchmark, compare_indicator, funnel_lines, group_members, region_of

from tests.compare.conftest import BIRMINGHAM, BRISTOL, HACKNEY, HOME, LAMBETH

Z = NormalDist().inv_cdf(0.975)


def wilson(x: int, n: int) -> tuple[float, float]:
    """The Wilson score interval in percent, written the textbook way (not compare.py's form)."""
    p = x / n
    centre = p + Z**2 / (2 * n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return (centre - half) / (1 + Z**2 / n) * 100, (centre + half) / (1 + Z**2 / n) * 100


def run(con, indicator="NI59", ytd=False, group="all", neighbours=()):
    returns = compare_queries.indicator_returns(con, indicator, "2009-04", "2009-09")
    return benchmark(returns, queries.catalogue_at(con, "2009-09"), queries.organisations(con), indicator,
                     "2009-09", ytd=ytd, group=group, home=HOME, neighbours=neighbours)


def rows(result) -> list[tuple]:
    t = result.table
    return list(zip(t["org"], t["numerator"].astype(object).where(t["numerator"].notna(), None),
                    t["denominator"].astype(object).where(t["denominator"].notna(), None),
                    t["rank"].astype(object).where(t["rank"].notna(), None), t["quartile"], t["vs_england"],
                    t["funnel"]))


def test_the_month_for_every_authority_uses_the_current_returns(small_db):
    result = run(small_db)
    assert list(result.table.columns) == COLUMNS
    assert rows(result) == [
        (HACKNEY, 80, 100, 1, "A", "better", "not_significant"),  # restated from 90: the current figure
        (BIRMINGHAM, 300, 400, 2, "B", "better", "not_significant"),
        (HOME, 70, 100, 3, "C", "similar", "not_significant"),  # a tie shares the lower rank
        (LAMBETH, 70, 100, 3, "C", "similar", "not_significant"),
        (BRISTOL, None, None, None, None, "not_compared", None),  # no September return: listed, last
    ]
    assert list(result.table["name"]) == ["Hackney", "Birmingham", "Haringey", "Lambeth", "Bristol"]
    assert result.table["value"].tolist()[:4] == [80.0, 75.0, 70.0, 70.0]
    assert math.isnan(result.table["value"].iloc[4])
    for (x, n), lower, upper in zip([(80, 100), (300, 400), (70, 100)], result.table["lower_95"],
                                    result.table["upper_95"]):
        assert (lower, upper) == pytest.approx(wilson(x, n), abs=1e-9)
    assert result.table["lower_95"].iloc[2] == pytest.approx(60.415145366653334, abs=1e-12)
    assert result.table["upper_95"].iloc[2] == pytest.approx(78.10511470506724, abs=1e-12)
    assert (result.england, result.region, result.region_name) == (70.0, 70.0, "London")
    assert result.average == pytest.approx(520 / 700 * 100)  # 80+300+70+70 of 100+400+100+100


def test_the_year_to_date_sums_april_to_the_month(small_db):
    result = run(small_db, ytd=True)
    assert rows(result) == [
        (HACKNEY, 80, 100, 1, "A", "better", "high_0.025"),
        (BIRMINGHAM, 300, 400, 2, "B", "better", "high_0.025"),
        (HOME, 130, 200, 3, "C", "similar", "not_significant"),  # August + September, not March 2009
        (LAMBETH, 120, 200, 4, "D", "similar", "low_0.025"),  # July + September
        (BRISTOL, None, None, None, None, "not_compared", None),  # August only: no year to date in September
    ]
    assert result.england == 65.0  # 13000 of 20000, on the same basis
    assert result.table["lower_95"].iloc[2] == pytest.approx(wilson(130, 200)[0], abs=1e-9)
    assert result.average == pytest.approx(630 / 900 * 100)


def test_a_latest_rule_year_to_date_is_the_month(small_db):
    month, ytd = run(small_db, "NI62"), run(small_db, "NI62", ytd=True)
    pd.testing.assert_frame_equal(month.table, ytd.table)


def test_lower_is_better_ranks_the_lowest_first_and_ties_share_a_rank(small_db):
    result = run(small_db, "NI62")
    assert rows(result) == [
        (BIRMINGHAM, 5, 100, 1, "A", "similar", "low_0.025"),
        (HOME, 10, 100, 2, "B", "similar", "not_significant"),
        (HACKNEY, 20, 100, 3, "C", "worse", "not_significant"),  # England 11% is below its limits: worse
        (LAMBETH, 20, 100, 3, "C", "worse", "not_significant"),
        (BRISTOL, None, None, None, None, "not_compared", None),
    ]


def test_within_band_is_higher_or_lower_than_england_not_better_or_worse(small_db):
    result = run(small_db, "NI68")
    assert [(o, v) for o, v in zip(result.table["org"], result.table["vs_england"])][:2] == [
        (HACKNEY, "higher"), (HOME, "lower")]
    assert result.table["rank"].tolist()[:2] == [1, 2]  # by value, highest first: where it sits, not how good
    assert set(result.table["vs_england"].iloc[2:]) == {"not_compared"}


def test_the_region_is_the_london_boroughs(small_db):
    result = run(small_db, group="region")
    assert list(result.table["org"]) == [HACKNEY, HOME, LAMBETH]
    assert result.table["rank"].tolist() == [1, 2, 2]
    assert result.table["quartile"].tolist() == ["A", "B", "B"]  # floor(4 × (rank - 1) / 3) + 1: 1, 2, 2
    assert result.average == pytest.approx(220 / 300 * 100)  # the funnel is around the group's own average


def test_the_neighbours_group_is_the_home_authority_and_its_recorded_neighbours(small_db):
    with pytest.raises(ValueError, match="no statistical neighbours are recorded for E09000014"):
        run(small_db, group="neighbours")
    with store.transaction(small_db):
        store.set_setting(small_db, compare_queries.NEIGHBOURS_KEY + HOME, f"{HACKNEY},{BIRMINGHAM}")
    recorded = compare_queries.neighbours(small_db, HOME)
    assert recorded == [HACKNEY, BIRMINGHAM]
    result = run(small_db, group="neighbours", neighbours=recorded)
    assert list(result.table["org"]) == [HACKNEY, BIRMINGHAM, HOME]
    assert result.neighbours == (HACKNEY, BIRMINGHAM)


def test_groups_that_cannot_be_formed_say_why(small_db):
    organisations = queries.organisations(small_db)
    assert group_members(organisations, "all") == sorted([HOME, HACKNEY, LAMBETH, BIRMINGHAM, BRISTOL])
    with pytest.raises(ValueError, match="which region E08000025 is in"):
        group_members(organisations, "region", BIRMINGHAM)
    with pytest.raises(ValueError, match="needs a home authority"):
        group_members(organisations, "region", None)
    with pytest.raises(ValueError, match="E92000001 is not a local authority"):
        group_members(organisations, "region", "E92000001")
    with pytest.raises(ValueError, match="E12000007 of E09000014 are not local authorities"):
        group_members(organisations, "neighbours", HOME, ["E12000007"])
    with pytest.raises(ValueError, match="group must be one of all, region, neighbours"):
        group_members(organisations, "county")
    assert (region_of("E09000033"), region_of("E06000023"), region_of(None)) == ("E12000007", None, None)


def test_without_england_every_authority_is_not_compared(small_db):
    organisations = queries.organisations(small_db)
    organisations = organisations[organisations["kind"] != "england"]
    returns = compare_queries.indicator_returns(small_db, "NI59", "2009-04", "2009-09")
    table = compare_indicator(returns, queries.catalogue_at(small_db, "2009-09"), organisations, "NI59", "2009-09")
    assert set(table["vs_england"]) == {"not_compared"}
    assert table["rank"].tolist()[:4] == [1, 2, 3, 3]  # ranks need no England


def test_the_funnel_is_drawn_as_phe_draws_it(small_db):
    result = run(small_db, ytd=True)
    lines = result.funnel
    assert list(lines["denominator"]) == list(funnel_axis([100, 400, 200, 200]))
    assert (lines[["lower_95", "upper_95", "lower_99_8", "upper_99_8"]].to_numpy() >= 0).all()
    assert (lines[["lower_95", "upper_95", "lower_99_8", "upper_99_8"]].to_numpy() <= 100).all()
    assert lines["baseline"].tolist() == pytest.approx([630 / 900 * 100] * len(lines))
    assert (lines["lower_99_8"] <= lines["lower_95"]).all() and (lines["upper_95"] <= lines["upper_99_8"]).all()
    empty = funnel_lines(result.table.iloc[4:])  # Bristol alone: no denominator
    assert empty.empty and list(empty.columns) == list(lines.columns)


def test_the_inputs_are_left_as_they_were(small_db):
    returns = compare_queries.indicator_returns(small_db, "NI59", "2009-04", "2009-09")
    before = returns.copy()
    organisations = queries.organisations(small_db)
    benchmark(returns, queries.catalogue_at(small_db, "2009-09"), organisations, "NI59", "2009-09", ytd=True,
              group="region", home=HOME)
    pd.testing.assert_frame_equal(returns, before)


def test_an_unknown_indicator_is_refused(small_db):
    returns = compare_queries.indicator_returns(small_db, "NI59", "2009-04", "2009-09")
    with pytest.raises(ValueError, match="'NI99' is not in the catalogue"):
        compare_indicator(returns, queries.catalogue_at(small_db, "2009-09"), queries.organisations(small_db),
                          "NI99", "2009-09")


@pytest.mark.parametrize("values, polarity, ranks, quartiles", [
    ([50, 60, 60, 70, np.nan], "higher_is_better", [4, 2, 2, 1, None], ["D", "B", "B", "A", None]),
    ([50, 60, 60, 70, np.nan], "lower_is_better", [1, 2, 2, 4, None], ["A", "B", "B", "D", None]),
    ([50, 60, 60, 70, np.nan], "within_band", [4, 2, 2, 1, None], ["D", "B", "B", "A", None]),
    ([55, 55, 55, 55, 55], "higher_is_better", [1, 1, 1, 1, 1], ["A"] * 5),
])
def test_ranks_and_quartiles_by_polarity_with_ties(values, polarity, ranks, quartiles):
    codes = [f"E0900000{i}" for i in range(1, 6)]
    organisations = pd.DataFrame({"code": codes, "name": codes, "kind": "local_authority"})
    returns = pd.DataFrame({"org": codes, "indicator": "X", "period": pd.Timestamp("2009-09-01"),
                            "numerator": values, "denominator": [100.0] * 5})
    returns = returns[returns["numerator"].notna()]
    catalogue = pd.DataFrame({"code": ["X"], "polarity": [polarity], "ytd_rule": ["sum"], "title": ["X"]})
    table = compare_indicator(returns, catalogue, organisations, "X", "2009-09").set_index("org").loc[codes]
    assert [None if pd.isna(r) else int(r) for r in table["rank"]] == ranks
    assert list(table["quartile"]) == quartiles
