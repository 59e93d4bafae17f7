"""Direction of travel: a literal table for the scalar rule, and literal frames for the calendar
lookups (previous month, same month last year) that the scorecard relies on."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.direction import add_directions, direction
from vocab import Direction, Polarity

HIGHER, LOWER, BAND = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.WITHIN_BAND
UP, SAME, DOWN = Direction.IMPROVING, Direction.STABLE, Direction.DETERIORATING
NAN = math.nan

# (current, previous, polarity, stable_band, target, expected)
CASES = [
    # higher is better; band 0: only an exact tie is stable
    pytest.param(70.0, 65.0, HIGHER, 0.0, None, UP, id="higher-rises"),
    pytest.param(65.0, 70.0, HIGHER, 0.0, None, DOWN, id="higher-falls"),
    pytest.param(65.0, 65.0, HIGHER, 0.0, None, SAME, id="higher-tie"),
    pytest.param(65.1, 65.0, HIGHER, 0.0, None, UP, id="higher-smallest-rise-with-band-0"),
    pytest.param(0.57 * 100, 57.0, HIGHER, 0.0, None, SAME, id="higher-float-noise-is-a-tie"),
    # a stable band: a change no bigger than the band is stable (edges included)
    pytest.param(66.0, 65.0, HIGHER, 1.0, None, SAME, id="higher-band-upper-edge"),
    pytest.param(64.0, 65.0, HIGHER, 1.0, None, SAME, id="higher-band-lower-edge"),
    pytest.param(66.1, 65.0, HIGHER, 1.0, None, UP, id="higher-beyond-band-up"),
    pytest.param(63.9, 65.0, HIGHER, 1.0, None, DOWN, id="higher-beyond-band-down"),
    pytest.param(65.0, 65.0, HIGHER, NAN, None, SAME, id="higher-blank-band-is-zero"),
    # lower is better: a fall is an improvement
    pytest.param(10.0, 12.0, LOWER, 0.0, None, UP, id="lower-falls"),
    pytest.param(12.0, 10.0, LOWER, 0.0, None, DOWN, id="lower-rises"),
    pytest.param(12.0, 12.0, LOWER, 0.0, None, SAME, id="lower-tie"),
    pytest.param(11.0, 12.0, LOWER, 1.0, None, SAME, id="lower-band-edge"),
    pytest.param(10.9, 12.0, LOWER, 1.0, None, UP, id="lower-beyond-band-down"),
    pytest.param(13.1, 12.0, LOWER, 1.0, None, DOWN, id="lower-beyond-band-up"),
    # the target does not matter for the one-sided polarities
    pytest.param(70.0, 65.0, HIGHER, 0.0, 99.0, UP, id="higher-ignores-target"),
    # within band: distance from the target (band centre), shrinking by more than the stable band
    pytest.param(62.0, 65.0, BAND, 0.0, 60.0, UP, id="band-closer-from-above"),
    pytest.param(58.0, 55.0, BAND, 0.0, 60.0, UP, id="band-closer-from-below"),
    pytest.param(65.0, 62.0, BAND, 0.0, 60.0, DOWN, id="band-further-above"),
    pytest.param(52.0, 55.0, BAND, 0.0, 60.0, DOWN, id="band-further-below"),
    pytest.param(55.0, 65.0, BAND, 0.0, 60.0, SAME, id="band-crosses-at-same-distance"),
    pytest.param(60.0, 60.0, BAND, 0.0, 60.0, SAME, id="band-tie-on-target"),
    pytest.param(62.0, 65.0, BAND, 2.0, 60.0, UP, id="band-shrinks-more-than-stable-band"),
    pytest.param(63.0, 65.0, BAND, 2.0, 60.0, SAME, id="band-shrinks-by-exactly-stable-band"),
    pytest.param(67.0, 65.0, BAND, 2.0, 60.0, SAME, id="band-grows-by-exactly-stable-band"),
    pytest.param(70.0, 65.0, BAND, 2.0, 60.0, DOWN, id="band-grows-more-than-stable-band"),
    pytest.param(62.0, 65.0, BAND, 0.0, None, None, id="band-no-target"),
    pytest.param(62.0, 65.0, BAND, 0.0, NAN, None, id="band-nan-target"),
    # a missing figure: no direction
    pytest.param(NAN, 65.0, HIGHER, 0.0, None, None, id="no-current"),
    pytest.param(70.0, NAN, HIGHER, 0.0, None, None, id="no-previous"),
    pytest.param(70.0, None, LOWER, 0.0, None, None, id="previous-none"),
]


@pytest.mark.parametrize(("current", "previous", "polarity", "band", "target", "expected"), CASES)
def test_direction(current, previous, polarity, band, target, expected):
    """Each rule of the issue, one literal case at a time."""
    assert direction(current, previous, polarity, band, target) == expected


def frame(rows):
    """(org, indicator, YYYY-MM, value, ytd_value, polarity, stable_band, target) rows as a frame."""
    columns = ["org", "indicator", "period", "value", "ytd_value", "polarity", "stable_band", "target"]
    out = pd.DataFrame(rows, columns=columns)
    out["period"] = pd.to_datetime(out["period"])
    return out


# The input, and per row: (previous_value, direction_vs_previous, last_year_ytd_value, direction_vs_last_year)
ROWS = [
    (("LA1", "NI59", "2008-09", 60.0, 55.0, "higher_is_better", 0.0, 50.0), (NAN, None, NAN, None)),
    (("LA1", "NI59", "2009-03", 70.0, 65.0, "higher_is_better", 0.0, 50.0), (NAN, None, NAN, None)),
    # April against March: across the financial-year boundary, still the previous calendar month
    (("LA1", "NI59", "2009-04", 72.0, 72.0, "higher_is_better", 0.0, 78.0), (70.0, UP, NAN, None)),
    # May is missing: June has no previous month, and no June a year before
    (("LA1", "NI59", "2009-06", 72.0, 71.0, "higher_is_better", 0.0, 78.0), (NAN, None, NAN, None)),
    (("LA1", "NI59", "2009-07", 72.0, 71.5, "higher_is_better", 0.0, 78.0), (72.0, SAME, NAN, None)),
    # August is missing (LA2's August must not stand in); last year's September YTD was 55
    (("LA1", "NI59", "2009-09", 58.0, 54.0, "higher_is_better", 0.0, 78.0), (NAN, None, 55.0, DOWN)),
    (("LA2", "NI59", "2009-08", 10.0, 10.0, "higher_is_better", 0.0, NAN), (NAN, None, NAN, None)),
    # lower is better with a stable band of 1
    (("LA1", "NI62", "2008-09", 14.0, 14.0, "lower_is_better", 1.0, NAN), (NAN, None, NAN, None)),
    (("LA1", "NI62", "2009-08", 12.0, 12.0, "lower_is_better", 1.0, 11.0), (NAN, None, NAN, None)),
    (("LA1", "NI62", "2009-09", 11.5, 11.5, "lower_is_better", 1.0, 11.0), (12.0, SAME, 14.0, UP)),
    # within band: measured against the row's target; no target, no direction
    (("LA1", "NI68", "2009-08", 70.0, 70.0, "within_band", 0.0, 60.0), (NAN, None, NAN, None)),
    (("LA1", "NI68", "2009-09", 55.0, 62.0, "within_band", 0.0, 60.0), (70.0, UP, NAN, None)),
    (("LA2", "NI68", "2009-09", 60.0, 60.0, "within_band", 0.0, NAN), (NAN, None, NAN, None)),
    (("LA2", "NI68", "2009-10", 65.0, 65.0, "within_band", 0.0, NAN), (60.0, None, NAN, None)),
]


@pytest.mark.parametrize("rows", [ROWS, ROWS[::-1]], ids=["in-order", "reversed"])
def test_add_directions_looks_months_up_by_calendar(rows):
    """Previous month and same month last year are found by date within the org and indicator,
    whatever the row order: a gap gives None, never a comparison with an older month."""
    given = frame([r[0] for r in rows])
    before = given.copy()
    out = add_directions(given)
    expected = [r[1] for r in rows]
    assert out["previous_value"].tolist() == pytest.approx([e[0] for e in expected], nan_ok=True)
    assert out["direction_vs_previous"].tolist() == [e[1] for e in expected]
    assert out["last_year_ytd_value"].tolist() == pytest.approx([e[2] for e in expected], nan_ok=True)
    assert out["direction_vs_last_year"].tolist() == [e[3] for e in expected]
    pd.testing.assert_frame_equal(given, before)


def test_add_directions_refuses_two_rows_for_one_month():
    """A repeated month would make "the previous month" ambiguous: refuse it by name."""
    given = frame([ROWS[0][0], ROWS[0][0]])
    with pytest.raises(ValueError, match="more than one row for org LA1, indicator NI59"):
        add_directions(given)


@pytest.mark.parametrize(("call", "message"), [
    pytest.param(lambda: direction(70.0, 65.0, "up", 0.0), "unknown polarity 'up'", id="bad-polarity"),
    pytest.param(lambda: direction(70.0, 65.0, "higher_is_better", -0.5), r"stable_band must be 0 or more \(got -0.5\)",
                 id="negative-band"),
    pytest.param(lambda: add_directions(pd.DataFrame({"org": ["LA1"]})), "no column.*indicator, period",
                 id="missing-columns"),
])
def test_bad_input_is_refused_with_a_message_naming_it(call, message):
    """Bad input raises ValueError naming the bad value."""
    with pytest.raises(ValueError, match=message):
        call()
