"""The scorecard on a tiny literal store: every column of every row asserted, then the attention
order the dashboard lists it in."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.scorecard import SCORECARD_COLUMNS, scorecard, sort_for_attention
from indicators.spc import xmr
from vocab import Assurance, Direction, Improvement, OrgKind, Polarity, PointType, Rag, YtdRule

NAN = math.nan
HIGHER, LOWER, BAND = Polarity.HIGHER_IS_BETTER.value, Polarity.LOWER_IS_BETTER.value, Polarity.WITHIN_BAND.value

ORGANISATIONS = pd.DataFrame({
    "code": ["LA1", "LA2", "ENG", "LON", "SN"],
    "name": ["Home", "Neighbour borough", "England", "London", "Statistical neighbours"],
    "kind": [OrgKind.LOCAL_AUTHORITY.value, OrgKind.LOCAL_AUTHORITY.value, OrgKind.ENGLAND.value,
             OrgKind.REGION.value, OrgKind.STATISTICAL_NEIGHBOURS.value],
})
CATALOGUE = pd.DataFrame({
    "code": ["NI59", "NI62", "NI66", "NI68", "NI99"],
    "title": ["Initial assessments within 7 working days", "Placement stability: 3+ placements",
              "LAC reviews on time", "Referrals going on to initial assessment", "Local indicator, no returns"],
    "unit": "percent",
    "polarity": [HIGHER, LOWER, HIGHER, BAND, HIGHER],
    "ytd_rule": [YtdRule.SUM.value, YtdRule.LATEST.value, YtdRule.LATEST.value, YtdRule.SUM.value,
                 YtdRule.SUM.value],
    "stable_band": [0.0, 1.0, 0.0, 0.0, 0.0],
})
TARGETS = pd.DataFrame([
    ("NI59", "LA1", "2008-09", 50.0, 0.0),  # last year's: must not be used in September 2009
    ("NI59", "LA1", "2009-10", 78.0, 5.0),
    ("NI62", "LA1", "2009-10", 11.0, 1.0),
    ("NI66", "LA1", "2009-10", 90.0, 2.0),
    ("NI68", "LA1", "2009-10", 60.0, 10.0),
    ("NI59", "LA2", "2009-10", 10.0, 0.0),  # another org's: must not be used
], columns=["indicator", "org", "year", "target", "tolerance"])


def _returns() -> pd.DataFrame:
    rows = []
    # NI59, LA1: April 2008 to August 2009 alternating 50% / 52%, then 90% in September 2009 (a
    # special cause), then a 0% October that lies after the period and must be ignored.
    for i, month in enumerate(pd.date_range("2008-04-01", "2009-08-01", freq="MS")):
        rows.append(("LA1", "NI59", month, 50 if i % 2 == 0 else 52, 100))
    rows += [("LA1", "NI59", "2009-09", 90, 100), ("LA1", "NI59", "2009-10", 0, 100)]
    rows += [("LA1", "NI62", "2008-09", 15, 100), ("LA1", "NI62", "2009-08", 12, 100),
             ("LA1", "NI62", "2009-09", 23, 200)]
    rows += [("LA1", "NI66", "2009-08", 95, 100)]  # no September return
    rows += [("LA1", "NI68", "2009-07", 28, 40), ("LA1", "NI68", "2009-09", 24, 40)]  # August missing
    rows += [
        ("LA2", "NI59", "2009-09", 99, 100),  # a local authority: not a comparator
        ("ENG", "NI59", "2009-09", 70, 100), ("LON", "NI59", "2009-09", 0, 0),  # London: no value
        ("SN", "NI59", "2009-08", 60, 100),  # wrong month
        ("ENG", "NI62", "2009-09", 10, 100), ("LON", "NI62", "2009-09", 12, 100),
        ("ENG", "NI66", "2009-09", 91, 100),
    ]
    frame = pd.DataFrame(rows, columns=["org", "indicator", "period", "numerator", "denominator"])
    frame["period"] = pd.to_datetime(frame["period"])
    frame["value"] = [n * 100 / d if d else NAN for n, d in zip(frame["numerator"], frame["denominator"])]
    return frame


RETURNS = _returns()

# Everything but the SPC columns, per indicator, worked out by hand.
EXPECTED = {
    "NI59": dict(
        title="Initial assessments within 7 working days", period=pd.Timestamp("2009-09-01"),
        value=90.0, ytd_value=344 / 6,  # April–September 2009: 50+52+50+52+50+90 over 600
        target=78.0, tolerance=5.0, rag=Rag.RED, direction_vs_previous=Direction.IMPROVING,  # 50 → 90
        direction_vs_last_year=Direction.IMPROVING,  # YTD September 2008 was 306/600 = 51
        comparators={"ENG": 70.0}, numerator=90, denominator=100, polarity=HIGHER, has_data=True,
    ),
    "NI62": dict(
        title="Placement stability: 3+ placements", period=pd.Timestamp("2009-09-01"),
        value=11.5, ytd_value=11.5,  # latest rule
        target=11.0, tolerance=1.0, rag=Rag.AMBER,  # 0.5 worse than target, within 1
        direction_vs_previous=Direction.STABLE,  # 12 → 11.5 is within the stable band of 1
        direction_vs_last_year=Direction.IMPROVING,  # 15 → 11.5, lower is better
        comparators={"ENG": 10.0, "LON": 12.0}, numerator=23, denominator=200, polarity=LOWER, has_data=True,
    ),
    "NI66": dict(
        title="LAC reviews on time", period=pd.Timestamp("2009-09-01"),
        value=NAN, ytd_value=NAN, target=90.0, tolerance=2.0, rag=None, direction_vs_previous=None,
        direction_vs_last_year=None, comparators={"ENG": 91.0}, numerator=NAN, denominator=NAN,
        polarity=HIGHER, has_data=False,
    ),
    "NI68": dict(
        title="Referrals going on to initial assessment", period=pd.Timestamp("2009-09-01"),
        value=60.0, ytd_value=65.0,  # (28 + 24) / (40 + 40); August is a gap
        target=60.0, tolerance=10.0, rag=Rag.GREEN,  # inside 60 ± 10
        direction_vs_previous=None,  # August missing
        direction_vs_last_year=None,  # no September 2008
        comparators={}, numerator=24, denominator=40, polarity=BAND, has_data=True,
    ),
    "NI99": dict(
        title="Local indicator, no returns", period=pd.Timestamp("2009-09-01"),
        value=NAN, ytd_value=NAN, target=NAN, tolerance=NAN, rag=None, direction_vs_previous=None,
        direction_vs_last_year=None, comparators={}, numerator=NAN, denominator=NAN, polarity=HIGHER,
        has_data=False,
    ),
}

# The SPC columns: XmR on the org's months with a value, up to and including September 2009.
EXPECTED_SPC = {
    # 18 points (not October's); the 90 is far above the upper limit of 58.4 (the moving range of
    # 40 is screened out, leaving 2); this year's target of 78 is above it: consistent fail (last
    # year's 50 would have been inconsistent)
    "NI59": dict(variation=PointType.SPECIAL_CAUSE_IMPROVEMENT, assurance=Assurance.CONSISTENT_FAIL,
                 spc_points=18, too_short=False),
    "NI62": dict(variation=PointType.COMMON_CAUSE, assurance=Assurance.INCONSISTENT, spc_points=3, too_short=True),
    # no September value: no variation icon, whatever the earlier months say
    "NI66": dict(variation=None, spc_points=1, too_short=True),
    # within band: neutral improvement, so no assurance even with a target
    "NI68": dict(variation=PointType.COMMON_CAUSE, assurance=None, spc_points=2, too_short=True),
    "NI99": dict(variation=None, assurance=None, spc_points=0, too_short=True),
}


@pytest.fixture(scope="module")
def card() -> pd.DataFrame:
    return scorecard(RETURNS, CATALOGUE, TARGETS, ORGANISATIONS, "2009-09", "LA1").set_index("indicator")


def same(actual, expected) -> bool:
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    if isinstance(expected, float):
        return actual == pytest.approx(expected)
    if expected is None:
        return actual is None
    return actual == expected


@pytest.mark.parametrize(("indicator", "column"), [
    (code, column) for code, row in EXPECTED.items() for column in row
])
def test_scorecard_value(card, indicator, column):
    """Each column of each row, against a figure worked out by hand from the literal returns."""
    actual, expected = card.loc[indicator, column], EXPECTED[indicator][column]
    assert same(actual, expected), f"{indicator}.{column}: got {actual!r}, expected {expected!r}"


@pytest.mark.parametrize(("indicator", "column"), [
    (code, column) for code, row in EXPECTED_SPC.items() for column in row
])
def test_scorecard_spc_value(card, indicator, column):
    """The SPC columns come from indicators.spc.xmr on the months up to the period."""
    actual, expected = card.loc[indicator, column], EXPECTED_SPC[indicator][column]
    assert same(actual, expected), f"{indicator}.{column}: got {actual!r}, expected {expected!r}"


def test_scorecard_columns_and_rows():
    """Exactly the agreed columns, one row per catalogue indicator in the catalogue's order."""
    out = scorecard(RETURNS, CATALOGUE, TARGETS, ORGANISATIONS, "2009-09", "LA1")
    assert list(out.columns) == [
        "indicator", "title", "period", "value", "ytd_value", "target", "tolerance", "rag",
        "direction_vs_previous", "direction_vs_last_year", "variation", "assurance", "comparators",
        "numerator", "denominator", "polarity", "spc_points", "too_short", "has_data",
    ]
    assert list(out.columns) == SCORECARD_COLUMNS
    assert out["indicator"].tolist() == ["NI59", "NI62", "NI66", "NI68", "NI99"]


@pytest.mark.parametrize("period", ["2009-09", "2009-09-01", "2009-09-30", pd.Timestamp("2009-09-01")],
                         ids=["month", "first-day", "last-day", "timestamp"])
def test_scorecard_takes_the_period_in_any_form(period):
    """The CLI passes "2009-09", a page may pass a date: both mean the month."""
    out = scorecard(RETURNS, CATALOGUE, TARGETS, ORGANISATIONS, period, "LA1")
    assert out["period"].tolist() == [pd.Timestamp("2009-09-01")] * 5
    assert out["value"].tolist() == pytest.approx([90.0, 11.5, NAN, 60.0, NAN], nan_ok=True)


def test_scorecard_of_an_earlier_month_uses_only_what_was_known_then():
    """August 2009: no later months in the YTD, and that month's own figures and target."""
    out = scorecard(RETURNS, CATALOGUE, TARGETS, ORGANISATIONS, "2009-08", "LA1").set_index("indicator")
    assert out.loc["NI59", "ytd_value"] == pytest.approx(254 / 5)  # 50+52+50+52+50 over 500
    assert out.loc["NI59", "rag"] == Rag.RED
    assert out.loc["NI66", "value"] == 95.0 and out.loc["NI66", "rag"] == Rag.GREEN
    assert out.loc["NI68", "has_data"] == False  # noqa: E712 (numpy bool)
    assert out.loc["NI59", "comparators"] == {"SN": 60.0}


def test_scorecard_for_a_comparator_leaves_itself_out():
    """England's own scorecard lists the other comparators, not England."""
    out = scorecard(RETURNS, CATALOGUE, TARGETS, ORGANISATIONS, "2009-09", "ENG").set_index("indicator")
    assert out.loc["NI59", "value"] == 70.0
    assert out.loc["NI59", "target"] != out.loc["NI59", "target"]  # no target for England: NaN
    assert out.loc["NI59", "rag"] is None
    assert out.loc["NI62", "comparators"] == {"LON": 12.0}


def test_scorecard_leaves_its_inputs_alone():
    """A pure function: none of the four frames it is given changes."""
    frames = [RETURNS, CATALOGUE, TARGETS, ORGANISATIONS]
    before = [f.copy() for f in frames]
    out = scorecard(*frames, "2009-09", "LA1")
    assert len(out) == 5
    for frame, copy in zip(frames, before):
        pd.testing.assert_frame_equal(frame, copy)


def test_scorecard_refuses_an_unknown_organisation():
    """A typo in an organisation code is an error, not a blank scorecard."""
    with pytest.raises(ValueError, match="unknown organisation 'LA9'"):
        scorecard(RETURNS, CATALOGUE, TARGETS, ORGANISATIONS, "2009-09", "LA9")


# indicator, rag, variation → position in the attention order
ATTENTION = [
    ("NI100", None, PointType.SPECIAL_CAUSE_CONCERN),
    ("NI59", Rag.GREEN, PointType.COMMON_CAUSE),
    ("NI62", Rag.AMBER, PointType.SPECIAL_CAUSE_CONCERN),
    ("NI64", Rag.RED, PointType.SPECIAL_CAUSE_IMPROVEMENT),
    ("NI60", Rag.RED, None),
    ("NI66", None, None),
    ("NI61", Rag.AMBER, None),
    ("NI65", Rag.GREEN, PointType.SPECIAL_CAUSE_CONCERN),
    ("NI101", Rag.RED, None),
]


def test_sort_for_attention():
    """Red, then amber, then special-cause concern, then the rest; by code within each, with
    NI59 before NI100 (numbers compared as numbers)."""
    card = pd.DataFrame(ATTENTION, columns=["indicator", "rag", "variation"])
    before = card.copy()
    out = sort_for_attention(card)
    assert out["indicator"].tolist() == ["NI60", "NI64", "NI101", "NI61", "NI62", "NI65", "NI100", "NI59", "NI66"]
    assert list(out.index) == list(range(len(ATTENTION)))
    pd.testing.assert_frame_equal(card, before)


def test_sort_for_attention_of_a_real_scorecard(card):
    """On the literal scorecard: NI59 is red, NI62 amber, and the rest keep code order."""
    out = sort_for_attention(card.reset_index())
    assert out["indicator"].tolist() == ["NI59", "NI62", "NI66", "NI68", "NI99"]


# --- a new definition starts a new SPC phase, as on the detail chart ----------------------------
#
# NI59 and NI60 have the same figures: April 2008 to March 2009 alternate 50% / 52%, April 2009 to
# March 2010 alternate 70% / 72%. NI59's definition changed in April 2009 (version 2); NI60's never.
#
# With a new phase from April 2009 the second year is a process of its own: mean 71, average moving
# range 2, limits 71 ± 5.32 = 65.68 to 76.32; March's 72 is common cause and the target of 60 is
# below the lower limit: consistent pass. As one process (NI60): mean 61, the jump of 18 is screened
# out of the moving ranges (it is more than 3.267 × their mean of 62/23), leaving 2, so the limits
# are 55.68 to 66.32: March's 72 is above the upper limit, special cause improvement, and the
# target of 60 lies between the limits: inconsistent.

CHANGED = pd.DataFrame({
    "code": ["NI59", "NI60"], "title": ["Initial assessments within 10 working days", "Core assessments"],
    "unit": "percent", "polarity": HIGHER, "ytd_rule": YtdRule.SUM.value, "stable_band": 0.0,
})
CHANGED_VERSIONS = pd.DataFrame({
    "code": ["NI59", "NI59", "NI60"], "version": [1, 2, 1],
    "valid_from": pd.to_datetime(["2007-04-01", "2009-04-01", "2007-04-01"]),
    "valid_to": pd.to_datetime(["2009-03-31", None, None]),
})
CHANGED_TARGETS = pd.DataFrame([(code, "LA1", year, 60.0, 0.0) for code in ("NI59", "NI60")
                                for year in ("2008-09", "2009-10")],
                               columns=["indicator", "org", "year", "target", "tolerance"])
BOTH_YEARS = pd.date_range("2008-04-01", "2010-03-01", freq="MS")


def _changed_returns(leave_out=()) -> pd.DataFrame:
    rows = [("LA1", code, month, (50 if i < 12 else 70) + 2 * (i % 2), 100)
            for code in ("NI59", "NI60") for i, month in enumerate(BOTH_YEARS) if month not in leave_out]
    return pd.DataFrame(rows, columns=["org", "indicator", "period", "numerator", "denominator"])


def _card(period="2010-03", versions=CHANGED_VERSIONS, returns=None) -> pd.DataFrame:
    returns = _changed_returns() if returns is None else returns
    return scorecard(returns, CHANGED, CHANGED_TARGETS, ORGANISATIONS, period, "LA1",
                     versions=versions).set_index("indicator")


def _xmr(returns: pd.DataFrame, code: str, period: str, rebase_at=()):
    """The SPC of one indicator's values up to `period`, straight from indicators.spc."""
    mine = returns[(returns["indicator"] == code) & (returns["period"] <= pd.Timestamp(period + "-01"))]
    values = pd.Series((mine["numerator"] * 100 / mine["denominator"]).to_numpy(dtype=float),
                       index=pd.DatetimeIndex(mine["period"]))
    return xmr(values, improvement=Improvement.INCREASE.value, target=60.0, rebase_at=rebase_at)


def test_after_a_definition_change_the_scorecard_starts_a_new_phase():
    card = _card()
    assert card.loc["NI59", "variation"] == PointType.COMMON_CAUSE
    assert card.loc["NI59", "assurance"] == Assurance.CONSISTENT_PASS
    assert (card.loc["NI59", "spc_points"], card.loc["NI59", "too_short"]) == (24, False)  # two phases of 12


def test_the_scorecard_reads_as_spc_with_the_definition_change_as_rebase():
    """The same verdicts as xmr with rebase_at the month the new definition came in (as the detail
    chart draws it), and not those of the whole series as one process."""
    returns = _changed_returns()
    card = _card()
    rebased = _xmr(returns, "NI59", "2010-03", rebase_at=[pd.Timestamp("2009-04-01")])
    assert (card.loc["NI59", "variation"], card.loc["NI59", "assurance"]) == (rebased.variation, rebased.assurance)
    assert list(rebased.phases["mean"]) == pytest.approx([51.0, 71.0])
    assert rebased.phases["upl"].iloc[-1] == pytest.approx(71 + 2.66 * 2)
    whole = _xmr(returns, "NI59", "2010-03")
    assert (whole.variation, whole.assurance) == (PointType.SPECIAL_CAUSE_IMPROVEMENT, Assurance.INCONSISTENT)


def test_an_indicator_whose_definition_never_changed_is_unaffected():
    card = _card()
    assert card.loc["NI60", "variation"] == PointType.SPECIAL_CAUSE_IMPROVEMENT
    assert card.loc["NI60", "assurance"] == Assurance.INCONSISTENT
    without = _card(versions=None)
    for column in ("variation", "assurance", "spc_points", "too_short"):
        assert card.loc["NI60", column] == without.loc["NI60", column]
    # with no versions given, no definition has changed: NI59 reads as NI60 does
    assert (without.loc["NI59", "variation"], without.loc["NI59", "assurance"]) == (
        PointType.SPECIAL_CAUSE_IMPROVEMENT, Assurance.INCONSISTENT)


def test_before_the_definition_change_the_scorecard_is_unaffected():
    """March 2009, the last month of the old definition: one phase, as without versions."""
    card, without = _card("2009-03"), _card("2009-03", versions=None)
    assert card.loc["NI59", "spc_points"] == 12
    assert card.loc["NI59", ["variation", "assurance"]].tolist() == without.loc["NI59", ["variation", "assurance"]].tolist()
    # the 12 points of 50/52: mean 51, limits 45.68 to 56.32, the target of 60 above them
    assert card.loc["NI59", "assurance"] == Assurance.CONSISTENT_FAIL


def test_a_definition_change_in_a_month_with_no_return_starts_the_phase_at_the_next_return():
    """No April 2009 return: the new phase starts in May, the first month under the new definition
    with a figure (xmr would refuse April as a rebase label: it is not a charted month)."""
    returns = _changed_returns(leave_out=[pd.Timestamp("2009-04-01")])
    card = _card(returns=returns)
    rebased = _xmr(returns, "NI59", "2010-03", rebase_at=[pd.Timestamp("2009-05-01")])
    assert list(rebased.phases["n"]) == [12, 11]
    assert (card.loc["NI59", "variation"], card.loc["NI59", "assurance"], card.loc["NI59", "too_short"]) == (
        rebased.variation, rebased.assurance, True)
    assert (card.loc["NI59", "variation"], card.loc["NI59", "assurance"]) == (
        PointType.COMMON_CAUSE, Assurance.CONSISTENT_PASS)
