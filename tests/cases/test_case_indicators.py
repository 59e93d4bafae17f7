"""The pure part of the indicators computed from case records: the working-day calendar the
queries read, the months a case load covers, monthly counts and the order of the records behind
a figure."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from indicators.case_indicators import (CASE_INDICATORS, RECORD_COLUMNS, behind_figure, case_indicator,
                                        covered_months, monthly_counts, ordered, version_months,
                                        working_day_calendar)
from indicators.workdays import working_days_between_many

D = dt.date


def test_the_calendar_counts_the_working_days_between_any_two_of_its_days():
    calendar = working_day_calendar("2008-12-01", "2011-01-31").set_index("day")["n"]
    rng = np.random.default_rng(7)
    days = np.array(calendar.index)
    starts, ends = rng.choice(days, 400), rng.choice(days, 400)
    starts, ends = np.minimum(starts, ends), np.maximum(starts, ends)
    expected = working_days_between_many(pd.Series(starts), pd.Series(ends))
    assert list(calendar.loc[ends].to_numpy() - calendar.loc[starts].to_numpy()) == list(expected)


@pytest.mark.parametrize(("day", "n"), [
    (D(2009, 12, 24), 1), (D(2009, 12, 25), 1), (D(2009, 12, 28), 1), (D(2009, 12, 29), 2), (D(2010, 1, 1), 4),
    (D(2010, 1, 4), 5),
])
def test_the_calendar_skips_weekends_and_bank_holidays(day, n):
    calendar = working_day_calendar("2009-12-23", "2010-01-08").set_index("day")["n"]
    assert calendar[day] - calendar[D(2009, 12, 23)] == n  # working days after 23 December up to and including `day`


def test_a_calendar_cannot_run_backwards():
    with pytest.raises(ValueError, match="is before"):
        working_day_calendar("2010-01-02", "2010-01-01")


@pytest.mark.parametrize(("first", "last", "today", "expected"), [
    (D(2009, 5, 3), D(2009, 8, 20), D(2026, 1, 1), (D(2009, 5, 1), D(2009, 8, 1))),
    (D(2025, 11, 3), D(2026, 1, 20), D(2026, 1, 21), (D(2025, 11, 1), D(2025, 12, 1))),  # not the month in progress
    (D(2026, 1, 3), D(2026, 1, 20), D(2026, 1, 21), None),
    (None, None, D(2026, 1, 21), None),
])
def test_the_months_a_case_load_covers(first, last, today, expected):
    assert covered_months(first, last, today) == expected


@pytest.mark.parametrize(("valid_from", "valid_to", "expected"), [
    (D(2007, 4, 1), D(2010, 3, 31), (D(2009, 1, 1), D(2010, 3, 1))),
    (D(2010, 4, 1), None, (D(2010, 4, 1), D(2010, 12, 1))),
    (D(2011, 4, 1), None, None),
])
def test_a_definition_version_covers_the_months_it_is_in_force(valid_from, valid_to, expected):
    assert version_months(valid_from, valid_to, (D(2009, 1, 1), D(2010, 12, 1))) == expected


def records(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=RECORD_COLUMNS)


def test_monthly_counts_fill_months_with_no_records_with_zeros():
    found = records([(D(2009, 5, 1), "a", "1", None, None, 3, True), (D(2009, 5, 1), "b", "2", None, None, 9, False),
                     (D(2009, 7, 1), "c", "3", None, None, 1, True)])
    counts = monthly_counts(found, D(2009, 4, 1), D(2009, 7, 1))
    assert counts.to_dict("list") == {"period": [D(2009, 4, 1), D(2009, 5, 1), D(2009, 6, 1), D(2009, 7, 1)],
                                      "numerator": [0, 1, 0, 1], "denominator": [0, 2, 0, 1]}
    assert monthly_counts(records([]), D(2009, 4, 1), D(2009, 4, 1))["denominator"].tolist() == [0]
    with pytest.raises(ValueError, match="outside"):
        monthly_counts(found, D(2009, 4, 1), D(2009, 6, 1))


def test_the_records_needing_attention_come_first():
    rows = records([(D(2009, 5, 1), "a", "A1", D(2009, 5, 1), D(2009, 5, 29), 20, True),
                    (D(2009, 5, 1), "b", "A2", D(2009, 5, 1), D(2009, 5, 19), 12, False),
                    (D(2009, 5, 1), "c", "A3", D(2009, 5, 2), None, None, False),
                    (D(2009, 5, 1), "d", "A4", D(2009, 5, 1), D(2009, 5, 14), 8, False)])
    assert list(ordered(rows, "NI59")["person_id"]) == ["c", "b", "d", "a"]  # not known, then the latest
    assert list(ordered(rows, "NI62")["person_id"]) == ["a", "c", "b", "d"]  # counted is the concern for NI 62
    assert list(ordered(rows, "NI68")["person_id"]) == ["c", "a", "b", "d"]  # no concern: by measure alone
    table = behind_figure(rows, "NI59")
    assert list(table.columns) == ["Person (pseudonymous id)", "Record", "Referral date", "Authorised", "Working days",
                                   "In time"]
    assert table.iloc[1].tolist() == ["b", "A2", "2009-05-01", "2009-05-19", 12, "no"]
    assert rows["person_id"].tolist() == ["a", "b", "c", "d"]  # the input is left as it was


def test_an_indicator_not_computed_from_cases_is_refused_by_name():
    assert case_indicator("ni 59").code == "NI59"
    with pytest.raises(ValueError, match="'NI61' is not computed from case records; choose one of NI59"):
        case_indicator("NI61")
    assert set(CASE_INDICATORS) == {"NI59", "NI60", "NI62", "NI63", "NI64", "NI65", "NI66", "NI67", "NI68", "SA45"}
