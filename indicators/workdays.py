"""Working days, and when a month's return is due.

A working day is Monday to Friday and not an England and Wales bank holiday (England and Wales
share one list; the `holidays` package's "GB"/"ENG" list holds it, substitute days such as
Monday 28 Dec 2009 for Boxing Day on a Saturday, and one-off days such as the 2012 Diamond
Jubilee included).

The counting rule, used throughout: a count of working days after a date D counts the days
*after* D, never D itself.

- `working_days_between(D, E)` = the number of working days d with D < d <= E. The same day is 0;
  Friday to the next Monday is 1; Friday to Saturday or Sunday is 0 (a weekend or bank holiday
  end day is not counted). "Within N working days of D" is `working_days_between(D, E) <= N`.
  When E is before D the count is negative: -working_days_between(E, D).
- `add_working_days(D, n)` = the n-th working day after D (n >= 1), so that
  `working_days_between(D, add_working_days(D, n)) == n`; n = 0 is D itself, working day or not.
- `due_date(period, N)` = add_working_days(the month's last calendar day, N). The last day itself
  never counts, even when it is a working day.
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
from functools import lru_cache

import holidays
import numpy as np
import pandas as pd

DEFAULT_DUE_DAYS = 10
_ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def bank_holidays(first_year: int, last_year: int | None = None) -> tuple[dt.date, ...]:
    """England and Wales bank holidays from `first_year` to `last_year` (inclusive), sorted."""
    last_year = first_year if last_year is None else last_year
    if last_year < first_year:
        raise ValueError(f"bank_holidays: {last_year} is before {first_year}")
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return tuple(sorted(found))


@lru_cache(maxsize=256)
def _holiday_set(year: int) -> frozenset[dt.date]:
    return frozenset(bank_holidays(year, year))


def as_date(value, name: str = "date") -> dt.date:
    """One date from a date, datetime, Timestamp, numpy datetime64 or ISO string; its time of day
    (and time zone: the wall-clock date is kept) is dropped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        raise ValueError(f"{name}: no date given")
    if isinstance(value, dt.datetime):  # Timestamp included; before `date`, its base class
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name}: not a date: {value!r} ({err})") from None


def to_days(values) -> np.ndarray:
    """Dates as a numpy datetime64[D] array, NaT where missing; times of day are dropped (a
    time-zone-aware value keeps its own wall-clock date)."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    stamps = pd.to_datetime(series)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    return stamps.to_numpy().astype("datetime64[D]")


def is_working_day(date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    day = as_date(date)
    return day.weekday() < 5 and day not in _holiday_set(day.year)


def add_working_days(date, n: int) -> dt.date:
    """The n-th working day after `date`, counting the days after it (n = 0: `date` itself)."""
    n = _count(n, "add_working_days: n")
    day = as_date(date)
    while n:
        day += _ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start, end) -> int:
    """Working days d with start < d <= end: the same day is 0; negative when end is before start."""
    first, last = as_date(start, "start"), as_date(end, "end")
    if last < first:
        return -working_days_between(last, first)
    count, day = 0, first
    while day < last:
        day += _ONE_DAY
        if is_working_day(day):
            count += 1
    return count


def working_days_between_many(starts, ends) -> np.ndarray:
    """`working_days_between` for equal-length sequences of dates, by numpy.busday_count: an int64
    array, or a float64 array with NaN wherever a start or an end is missing."""
    first, last = to_days(starts), to_days(ends)
    if len(first) != len(last):
        raise ValueError("working_days_between_many: starts and ends must be the same length")
    known = ~np.isnat(first) & ~np.isnat(last)
    counts = np.zeros(len(first), dtype="int64")
    if known.any():
        first, last = first[known], last[known]
        years = pd.DatetimeIndex(np.concatenate([first, last])).year
        days = np.array(bank_holidays(int(years.min()), int(years.max())), dtype="datetime64[D]")
        one = np.timedelta64(1, "D")
        # busday_count counts [begin, end); shifting both by a day gives (start, end]. Backwards
        # pairs are counted forwards and negated (numpy's own backward count is not the mirror)
        low, high = np.minimum(first, last), np.maximum(first, last)
        sign = np.where(last < first, -1, 1)
        counts[known] = sign * np.busday_count(low + one, high + one, weekmask="1111100", holidays=days)
    if known.all():
        return counts
    out = counts.astype("float64")
    out[~known] = np.nan
    return out


def month_end(period) -> dt.date:
    """The last calendar day of the month holding `period` ("YYYY-MM", a date, Timestamp or Period)."""
    if isinstance(period, pd.Period):
        period = period.to_timestamp()
    if isinstance(period, str) and len(period.strip()) == 7:
        period = period.strip() + "-01"
    day = as_date(period, "period")
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def due_date(period, working_days: int = DEFAULT_DUE_DAYS) -> dt.date:
    """When month `period`'s return is due: `working_days` working days after the month's last
    calendar day (the last day itself not counted)."""
    return add_working_days(month_end(period), _count(working_days, "due_date: working_days"))


def _count(n, name: str) -> int:
    """A whole number of days, 0 or more (10.0 is 10; NaN, 2.5 and -1 are errors)."""
    if isinstance(n, bool) or n is None:
        raise ValueError(f"{name} must be a whole number of days, 0 or more (got {n!r})")
    try:
        number = float(n)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number of days, 0 or more (got {n!r})") from None
    if math.isnan(number) or number < 0 or number != int(number):
        raise ValueError(f"{name} must be a whole number of days, 0 or more (got {n!r})")
    return int(number)
