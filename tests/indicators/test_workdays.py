"""Working days and due dates: literal tables across weekends, bank holidays and the year end,
and the vectorised count checked against the scalar one."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from indicators.workdays import (
    add_working_days, bank_holidays, due_date, is_working_day, month_end, working_days_between,
    working_days_between_many,
)

D = dt.date

IS_WORKING_DAY = [
    pytest.param(D(2009, 4, 9), True, id="thursday-before-good-friday"),
    pytest.param(D(2009, 4, 10), False, id="good-friday-2009"),
    pytest.param(D(2009, 4, 11), False, id="saturday"),
    pytest.param(D(2009, 4, 12), False, id="sunday"),
    pytest.param(D(2009, 4, 13), False, id="easter-monday-2009"),
    pytest.param(D(2009, 4, 14), True, id="tuesday-after-easter"),
    pytest.param(D(2009, 5, 4), False, id="may-day-2009"),
    pytest.param(D(2009, 5, 25), False, id="spring-bank-holiday-2009"),
    pytest.param(D(2009, 8, 31), False, id="august-bank-holiday-2009"),
    pytest.param(D(2009, 9, 1), True, id="day-after-august-bank-holiday"),
    pytest.param(D(2009, 12, 24), True, id="christmas-eve-2009"),
    pytest.param(D(2009, 12, 25), False, id="christmas-2009"),
    pytest.param(D(2009, 12, 26), False, id="boxing-day-2009-saturday"),
    pytest.param(D(2009, 12, 28), False, id="boxing-day-substitute-2009"),
    pytest.param(D(2009, 12, 29), True, id="tuesday-after-christmas-2009"),
    pytest.param(D(2010, 1, 1), False, id="new-year-2010"),
    pytest.param(D(2010, 4, 1), True, id="thursday-before-good-friday-2010"),
    pytest.param(D(2010, 4, 2), False, id="good-friday-2010"),
    pytest.param(D(2010, 4, 5), False, id="easter-monday-2010"),
    pytest.param(D(2010, 12, 27), False, id="christmas-substitute-2010"),
    pytest.param(D(2010, 12, 28), False, id="boxing-day-substitute-2010"),
    pytest.param(D(2012, 6, 5), False, id="diamond-jubilee-2012"),
    pytest.param(pd.Timestamp("2009-04-10 09:30"), False, id="timestamp-good-friday"),
    pytest.param("2009-04-14", True, id="iso-string"),
]


@pytest.mark.parametrize(("day", "expected"), IS_WORKING_DAY)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_bank_holidays_2009_are_the_england_and_wales_list():
    assert bank_holidays(2009) == (
        D(2009, 1, 1), D(2009, 4, 10), D(2009, 4, 13), D(2009, 5, 4), D(2009, 5, 25),
        D(2009, 8, 31), D(2009, 12, 25), D(2009, 12, 26), D(2009, 12, 28),
    )


# (date, n, expected): the n-th working day after date, the date itself not counted
ADD_WORKING_DAYS = [
    pytest.param(D(2009, 6, 3), 0, D(2009, 6, 3), id="zero-is-the-day-itself"),
    pytest.param(D(2009, 6, 6), 0, D(2009, 6, 6), id="zero-on-a-saturday-is-the-saturday"),
    pytest.param(D(2009, 6, 3), 1, D(2009, 6, 4), id="wednesday-plus-one"),
    pytest.param(D(2009, 6, 5), 1, D(2009, 6, 8), id="friday-plus-one-is-monday"),
    pytest.param(D(2009, 6, 6), 1, D(2009, 6, 8), id="saturday-plus-one-is-monday"),
    pytest.param(D(2009, 6, 7), 1, D(2009, 6, 8), id="sunday-plus-one-is-monday"),
    pytest.param(D(2009, 6, 5), 5, D(2009, 6, 12), id="friday-plus-five-is-next-friday"),
    pytest.param(D(2009, 4, 9), 1, D(2009, 4, 14), id="over-easter-2009"),
    pytest.param(D(2009, 5, 1), 1, D(2009, 5, 5), id="over-may-day-2009"),
    pytest.param(D(2009, 8, 28), 1, D(2009, 9, 1), id="over-august-bank-holiday-2009"),
    pytest.param(D(2009, 12, 24), 1, D(2009, 12, 29), id="over-christmas-and-the-28th-2009"),
    pytest.param(D(2009, 12, 31), 1, D(2010, 1, 4), id="over-new-year-2010"),
    pytest.param(D(2010, 4, 1), 1, D(2010, 4, 6), id="over-easter-2010"),
    pytest.param(pd.Timestamp("2009-06-05 17:45"), 1, D(2009, 6, 8), id="timestamp-drops-the-time"),
]


@pytest.mark.parametrize(("day", "n", "expected"), ADD_WORKING_DAYS)
def test_add_working_days(day, n, expected):
    assert add_working_days(day, n) == expected
    assert working_days_between(day, expected) == n


@pytest.mark.parametrize("n", [-1, 2.5, math.nan, None, "ten"])
def test_add_working_days_refuses_a_bad_count(n):
    with pytest.raises(ValueError, match="whole number"):
        add_working_days(D(2009, 6, 3), n)


# (period, working days, due date)
DUE_DATES = [
    # ordinary months
    pytest.param("2009-06", 10, D(2009, 7, 14), id="june-2009"),
    pytest.param("2009-11", 10, D(2009, 12, 14), id="november-2009"),
    # Easter 2009: Good Friday 10 Apr and Easter Monday 13 Apr push the due day two days on
    pytest.param("2009-03", 10, D(2009, 4, 16), id="march-2009-over-easter"),
    # May Day 2009 (Mon 4 May)
    pytest.param("2009-04", 10, D(2009, 5, 15), id="april-2009-over-may-day"),
    # August bank holiday 2009 (Mon 31 Aug)
    pytest.param("2009-07", 10, D(2009, 8, 14), id="july-2009-before-the-holiday"),
    pytest.param("2009-07", 21, D(2009, 9, 1), id="july-2009-21-days-over-august-holiday"),
    pytest.param("2009-08", 10, D(2009, 9, 14), id="august-2009-month-end-is-the-holiday"),
    # Christmas 2009: Fri 25, Sat 26 (Boxing Day), Mon 28 Dec the substitute day
    pytest.param("2009-11", 20, D(2009, 12, 30), id="november-2009-20-days-over-christmas"),
    pytest.param("2009-12", 10, D(2010, 1, 15), id="december-2009-over-new-year"),
    # months ending on a weekend: the count starts on the Monday
    pytest.param("2009-02", 10, D(2009, 3, 13), id="february-2009-ends-saturday"),
    pytest.param("2009-05", 10, D(2009, 6, 12), id="may-2009-ends-sunday"),
    pytest.param("2009-10", 10, D(2009, 11, 13), id="october-2009-ends-saturday"),
    pytest.param("2010-01", 10, D(2010, 2, 12), id="january-2010-ends-sunday"),
    # the year end: March 2010 is due in April 2010, over Good Friday 2 and Easter Monday 5 April
    pytest.param("2010-03", 10, D(2010, 4, 16), id="march-2010-year-end-over-easter"),
    pytest.param("2010-03", 1, D(2010, 4, 1), id="march-2010-one-day"),
    pytest.param("2010-03", 2, D(2010, 4, 6), id="march-2010-two-days-over-easter"),
    # zero days: the month end itself, even on a weekend
    pytest.param("2009-05", 0, D(2009, 5, 31), id="zero-days-is-the-month-end"),
    # other ways of naming the month
    pytest.param(D(2010, 3, 15), 10, D(2010, 4, 16), id="a-date-in-the-month"),
    pytest.param(pd.Timestamp("2010-03-01"), 10, D(2010, 4, 16), id="month-start-timestamp"),
    pytest.param(pd.Period("2010-03", "M"), 10, D(2010, 4, 16), id="a-period"),
    pytest.param("2010-03-31", 10, D(2010, 4, 16), id="iso-date-string"),
]


@pytest.mark.parametrize(("period", "working_days", "expected"), DUE_DATES)
def test_due_date(period, working_days, expected):
    assert due_date(period, working_days) == expected


def test_due_date_defaults_to_ten_working_days():
    assert due_date("2009-03") == D(2009, 4, 16)


@pytest.mark.parametrize(("period", "expected"), [
    ("2009-02", D(2009, 2, 28)), ("2008-02", D(2008, 2, 29)), ("2009-12", D(2009, 12, 31)),
    (pd.Timestamp("2009-04-01"), D(2009, 4, 30)),
])
def test_month_end(period, expected):
    assert month_end(period) == expected


# (start, end, expected): working days d with start < d <= end
BETWEEN = [
    pytest.param(D(2009, 6, 3), D(2009, 6, 3), 0, id="same-day"),
    pytest.param(D(2009, 6, 6), D(2009, 6, 6), 0, id="same-day-saturday"),
    pytest.param(D(2009, 6, 3), D(2009, 6, 4), 1, id="next-day"),
    # "within 7 working days" of Wed 1 Apr 2009 (over Easter): the 14th is the 7th, the 15th the 8th
    pytest.param(D(2009, 4, 1), D(2009, 4, 14), 7, id="exactly-seven-over-easter"),
    pytest.param(D(2009, 4, 1), D(2009, 4, 15), 8, id="seven-plus-one-over-easter"),
    pytest.param(D(2009, 6, 1), D(2009, 6, 10), 7, id="exactly-seven"),
    pytest.param(D(2009, 6, 1), D(2009, 6, 11), 8, id="seven-plus-one"),
    # weekends: the weekend end day is not counted
    pytest.param(D(2009, 6, 5), D(2009, 6, 6), 0, id="friday-to-saturday"),
    pytest.param(D(2009, 6, 5), D(2009, 6, 7), 0, id="friday-to-sunday"),
    pytest.param(D(2009, 6, 5), D(2009, 6, 8), 1, id="friday-to-monday"),
    pytest.param(D(2009, 6, 4), D(2009, 6, 6), 1, id="thursday-to-saturday"),
    pytest.param(D(2009, 6, 6), D(2009, 6, 8), 1, id="saturday-to-monday"),
    pytest.param(D(2009, 6, 5), D(2009, 6, 12), 5, id="friday-to-friday"),
    # bank holidays
    pytest.param(D(2009, 4, 9), D(2009, 4, 13), 0, id="thursday-to-easter-monday"),
    pytest.param(D(2009, 4, 9), D(2009, 4, 14), 1, id="over-easter-2009"),
    pytest.param(D(2009, 8, 28), D(2009, 9, 1), 1, id="over-august-bank-holiday"),
    pytest.param(D(2009, 12, 24), D(2009, 12, 29), 1, id="over-christmas-2009"),
    pytest.param(D(2009, 12, 31), D(2010, 1, 4), 1, id="over-new-year"),
    pytest.param(D(2010, 3, 31), D(2010, 4, 16), 10, id="year-end-over-easter-2010"),
    # a whole year: 261 weekdays in 2010, less its 8 weekday bank holidays
    pytest.param(D(2009, 12, 31), D(2010, 12, 31), 253, id="all-of-2010"),
    # backwards: negative
    pytest.param(D(2009, 4, 14), D(2009, 4, 9), -1, id="backwards-over-easter"),
    pytest.param(pd.Timestamp("2009-06-05 23:00"), "2009-06-08 08:00", 1, id="times-are-dropped"),
]


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN)
def test_working_days_between_many_on_the_literal_table(start, end, expected):
    out = working_days_between_many([start], [end])
    assert out.dtype == np.int64
    assert out.tolist() == [expected]


def test_vectorised_equals_scalar_on_random_pairs():
    rng = np.random.default_rng(20090401)
    base = np.datetime64("2008-01-01")
    starts = base + rng.integers(0, 5 * 365, 500).astype("timedelta64[D]")
    ends = starts + rng.integers(-40, 400, 500).astype("timedelta64[D]")
    starts_d = [s.astype(object) for s in starts]
    ends_d = [e.astype(object) for e in ends]
    many = working_days_between_many(starts_d, ends_d)
    scalar = [working_days_between(s, e) for s, e in zip(starts_d, ends_d)]
    assert many.dtype == np.int64
    assert many.tolist() == scalar
    assert (many < 0).any() and (many == 0).any() and many.max() > 200  # the draw spans each case
    # and as Series of Timestamps with times of day
    noon = pd.Series(pd.to_datetime(starts_d)) + pd.Timedelta(hours=12)
    assert working_days_between_many(noon, pd.Series(pd.to_datetime(ends_d))).tolist() == scalar


def test_vectorised_missing_is_nan():
    out = working_days_between_many(
        ["2009-04-01", None, "2009-06-05", pd.NaT], ["2009-04-14", "2009-04-15", pd.NaT, "2009-06-08"])
    assert out.dtype == np.float64
    assert out[0] == 7.0
    assert np.isnan(out[1:]).all()


def test_vectorised_empty_and_unequal():
    assert working_days_between_many([], []).tolist() == []
    with pytest.raises(ValueError, match="same length"):
        working_days_between_many(["2009-04-01"], [])


def test_inputs_are_not_changed():
    starts = pd.Series(pd.to_datetime(["2009-04-01 10:00", "2009-06-05 12:00"]))
    ends = pd.Series(pd.to_datetime(["2009-04-14", "2009-06-08"]))
    before = starts.copy(), ends.copy()
    assert working_days_between_many(starts, ends).tolist() == [7, 1]
    pd.testing.assert_series_equal(starts, before[0])
    pd.testing.assert_series_equal(ends, before[1])
