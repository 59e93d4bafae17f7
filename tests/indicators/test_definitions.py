"""Where a new definition starts a new SPC phase: the one rule the scorecard, the detail chart and
the evidence pack share (indicators.definitions)."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from indicators.definitions import definition_changes, rebase_months

T = pd.Timestamp


def versions(rows) -> pd.DataFrame:
    """The `indicator` table's versions as data.queries.catalogue(current_only=False) reads them."""
    return pd.DataFrame(rows, columns=["code", "version", "valid_from", "valid_to"])


def test_definition_changes_are_each_later_versions_start():
    found = definition_changes(versions([
        ("NI59", 1, dt.date(2007, 4, 1), dt.date(2010, 3, 31)),
        ("NI59", 2, dt.date(2010, 4, 1), None),
        ("NI60", 1, dt.date(2007, 4, 1), None),  # one version: no change
    ]))
    assert found == {"NI59": [T("2010-04-01")]}


def test_definition_changes_follow_version_order_and_months():
    found = definition_changes(versions([
        ("A", 3, "2011-10-15", None),  # mid-month: the month it applied from
        ("A", 1, "2009-01-01", "2010-06-30"),  # listed out of order: the first version is no change
        ("A", 2, "2010-07-01", "2011-10-14"),
        ("B", 1, "2008-04-01", None),
        ("B", 2, None, None),  # no start recorded: nothing to rebase on
    ]))
    assert found == {"A": [T("2010-07-01"), T("2011-10-01")]}


def test_definition_changes_of_no_versions():
    assert definition_changes(versions([])) == {}


def test_definition_changes_need_the_versions_columns():
    with pytest.raises(ValueError, match="versions: missing column"):
        definition_changes(pd.DataFrame({"code": ["NI59"], "version": [1]}))


MONTHS = pd.date_range("2009-01-01", "2009-12-01", freq="MS")
GAPPY = MONTHS.delete([3, 4])  # no April or May return


@pytest.mark.parametrize(("changes", "periods", "expected"), [
    ([T("2009-06-01")], MONTHS, [T("2009-06-01")]),  # inside: the month itself
    ([T("2009-12-01")], MONTHS, [T("2009-12-01")]),  # the last month: a phase of one point
    ([T("2009-04-01")], GAPPY, [T("2009-06-01")]),  # no return that month: the next charted one
    ([T("2009-04-01"), T("2009-05-01")], GAPPY, [T("2009-06-01")]),  # two changes, one phase
    ([T("2009-01-01")], MONTHS, []),  # at the first point: every point is under the new definition
    ([T("2008-04-01")], MONTHS, []),  # before the series
    ([T("2010-01-01")], MONTHS, []),  # after the last point: nothing charted under it yet
    ([T("2009-03-01"), T("2009-09-01")], MONTHS, [T("2009-03-01"), T("2009-09-01")]),
    ([], MONTHS, []),
    ((), MONTHS, []),
    ([T("2009-06-01")], [], []),
], ids=["inside", "last", "gap", "two-in-a-gap", "first", "before", "after", "two", "none", "none-tuple", "no-points"])
def test_rebase_months_are_charted_months(changes, periods, expected):
    assert rebase_months(changes, periods) == expected


def test_rebase_months_take_periods_in_any_datetime_form():
    """A Series of periods as the pages hold them, in another time unit than the changes."""
    periods = pd.Series(MONTHS.to_numpy().astype("datetime64[s]"))
    assert rebase_months([T("2009-06-01")], periods) == [T("2009-06-01")]
    assert rebase_months(np.array(["2009-06-01"], dtype="datetime64[ns]"), list(MONTHS)) == [T("2009-06-01")]
