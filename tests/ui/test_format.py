"""Numbers, months and categories as people read them: a literal table of input → output."""
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from vocab import Assurance, Direction, LoadStatus, PointType, Rag
from ui import format as fmt


@pytest.mark.parametrize(("function", "value", "expected"), [
    (fmt.percent, 57.333, "57.3%"),
    (fmt.percent, 57.35, "57.4%"),  # 57.35 is stored as 57.35000000000000142…
    (fmt.percent, 0, "0.0%"),
    (fmt.percent, 100, "100.0%"),
    (fmt.percent, None, "—"),
    (fmt.percent, math.nan, "—"),
    (fmt.percent, pd.NA, "—"),
    (fmt.percent, math.inf, "—"),
    (fmt.points, 5, "5.0 pts"),
    (fmt.count, 1234, "1,234"),
    (fmt.count, 12.0, "12"),
    (fmt.count, np.int64(0), "0"),
    (fmt.count, None, "—"),
    (fmt.month, "2009-09", "Sep 2009"),
    (fmt.month, "2009-09-17", "Sep 2009"),
    (fmt.month, pd.Timestamp("2010-04-01"), "Apr 2010"),
    (fmt.month, dt.date(2011, 3, 31), "Mar 2011"),
    (fmt.month, pd.NaT, "—"),
    (fmt.month_key, pd.Timestamp("2009-09-01"), "2009-09"),
    (fmt.date, dt.date(2010, 4, 1), "1 Apr 2010"),
    (fmt.date, None, "—"),
    (fmt.timestamp, pd.Timestamp("2009-10-12 14:05:33"), "12 Oct 2009 14:05"),
    (fmt.indicator_code, "NI59", "NI 59"),
    (fmt.indicator_code, "NI100", "NI 100"),
    (fmt.indicator_code, "LOCAL_AUDIT", "LOCAL_AUDIT"),
    (fmt.rag, Rag.RED.value, "✖ Red"),
    (fmt.rag, "amber", "▲ Amber"),
    (fmt.rag, "green", "✔ Green"),
    (fmt.rag, None, "— No RAG"),
    (fmt.direction, Direction.IMPROVING.value, "⬆ Improving"),
    (fmt.direction, "stable", "➡ Stable"),
    (fmt.direction, "deteriorating", "⬇ Deteriorating"),
    (fmt.direction, None, "—"),
    (fmt.variation, PointType.COMMON_CAUSE.value, "~ Common cause variation"),
    (fmt.variation, "special_cause_concern", "⚠ Special cause: concern"),
    (fmt.variation, "special_cause_improvement", "★ Special cause: improvement"),
    (fmt.variation, "special_cause_neutral_high", "▲ Special cause: neutral (high)"),
    (fmt.assurance, Assurance.CONSISTENT_PASS.value, "[P] Consistently meets target"),
    (fmt.assurance, "consistent_fail", "[F] Consistently fails target"),
    (fmt.assurance, "inconsistent", "[?] Inconsistently meets target"),
    (fmt.load_status, LoadStatus.REJECTED.value, "✖ Rejected"),
    (fmt.load_status, "accepted", "✔ Accepted"),
])
def test_values_are_written_as_people_read_them(function, value, expected):
    assert function(value) == expected


def test_every_category_has_a_word_as_well_as_a_colour():
    """Greyscale and colour-blind readers: each category's text holds its label, not only a symbol."""
    for value in [*Rag, *Direction, *PointType, *Assurance]:
        text = {Rag: fmt.rag, Direction: fmt.direction, PointType: fmt.variation, Assurance: fmt.assurance}[type(value)](value)
        word = text.split()[-1]
        assert word.isalpha() or word.endswith(")"), text
        assert len(text.split()) >= 2


def test_too_short_a_series_says_so_instead_of_a_variation():
    assert fmt.variation(None, too_short=True) == "Too few points for SPC"
    assert fmt.variation(None) == "—"


def test_an_unknown_category_is_shown_as_it_is_stored():
    assert fmt.rag("purple") == "purple"


def test_organisations_and_empty_states():
    assert fmt.org_label("E09000014", {"E09000014": "Haringey"}) == "Haringey (E09000014)"
    assert fmt.org_label("X1", {}) == "X1"
    assert fmt.no_returns("NI61") == "No returns for NI 61 yet — load one on the Load page."
