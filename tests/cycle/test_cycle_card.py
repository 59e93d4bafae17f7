"""The scorecard's cycle columns, pure: commentary and whether a line still needs it, and what
changed since sign-off, on literal tables."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.cycle_card import CHANGE_FIELDS, changes_since_signoff, with_commentary

NAN = math.nan


def card(rows):
    """(indicator, value, ytd_value, rag, variation, assurance) rows as a scorecard."""
    return pd.DataFrame(rows, columns=["indicator", *CHANGE_FIELDS])


SIGNED = card([
    ("NI59", 70.4, 65.8, "red", "common_cause", "consistent_fail"),
    ("NI60", 73.5, 66.8, "red", "common_cause", "inconsistent"),
    ("NI61", NAN, NAN, None, None, None),
    ("NI62", 12.2, 12.4, "red", "special_cause_concern", "inconsistent"),
])


@pytest.mark.parametrize("change, moved, expected", [
    pytest.param({}, set(), {}, id="nothing-changed"),
    pytest.param({("NI59", "value"): 84.7}, set(), {"NI59"}, id="a-value-reads-differently"),
    pytest.param({("NI62", "rag"): "amber"}, set(), {"NI62"}, id="a-rag-moved-with-no-return-loaded"),
    pytest.param({("NI60", "assurance"): "consistent_fail"}, set(), {"NI60"}, id="assurance"),
    pytest.param({}, {"NI60"}, {"NI60"}, id="a-return-loaded-since-though-nothing-reads-differently"),
    pytest.param({("NI61", "value"): 50.0}, set(), {"NI61"}, id="a-first-figure-where-there-was-none"),
    pytest.param({("NI59", "value"): 70.4000001}, set(), {"NI59"}, id="any-difference-counts"),
    pytest.param({}, {"NI999"}, {}, id="a-moved-indicator-not-on-the-card-is-ignored"),
])
def test_changes_since_signoff(change, moved, expected):
    live = SIGNED.copy()
    for (code, field), value in change.items():
        live.loc[live["indicator"] == code, field] = value
    found = changes_since_signoff(SIGNED, live, moved)
    assert list(found.index) == list(live.index)
    assert {code for code, c in zip(live["indicator"], found) if c is not None} == set(expected)
    for code, c in zip(live["indicator"], found):
        if c is not None:
            assert c == {"signed_off": plain(SIGNED, code), "now": plain(live, code)}


def plain(frame, code) -> dict:
    """A line's compared fields with blanks as None."""
    row = frame.set_index("indicator").loc[code, list(CHANGE_FIELDS)]
    return {field: (None if pd.isna(value) else value) for field, value in row.items()}


def test_blanks_read_as_none_and_a_new_indicator_reads_blank_when_signed_off():
    live = pd.concat([SIGNED, card([("SA45", 90.0, 90.0, None, None, None)])], ignore_index=True)
    found = dict(zip(live["indicator"], changes_since_signoff(SIGNED, live, set())))
    assert found["SA45"] == {"signed_off": dict.fromkeys(CHANGE_FIELDS),
                             "now": {"value": 90.0, "ytd_value": 90.0, "rag": None, "variation": None, "assurance": None}}
    assert found["NI61"] is None  # blank then, blank now
    moved = changes_since_signoff(SIGNED, live.assign(value=live["value"] + 1), set())
    assert type(moved.iloc[0]["now"]["value"]) is float  # numpy scalars unwrapped, for JSON


def test_neither_card_is_changed():
    signed, live = SIGNED.copy(), SIGNED.assign(value=1.0)
    changes_since_signoff(signed, live, {"NI59"})
    pd.testing.assert_frame_equal(signed, SIGNED)
    pd.testing.assert_frame_equal(live, SIGNED.assign(value=1.0))


LINES = pd.DataFrame({"indicator": ["NI59", "NI60", "NI61", "NI62", "NI63"],
                      "rag": ["red", "red", "green", "amber", None],
                      "variation": ["common_cause", "common_cause", "special_cause_concern", "common_cause", None]})


@pytest.mark.parametrize("said, text, needed", [
    pytest.param({}, [None] * 5, [True, True, True, False, False], id="none-written"),
    pytest.param({"NI59": "Below target (synthetic)"}, ["Below target (synthetic)", None, None, None, None],
                 [False, True, True, False, False], id="one-written"),
    pytest.param({"NI60": "   "}, [None, "   ", None, None, None], [True, True, True, False, False],
                 id="blank-text-is-no-commentary"),
    pytest.param({"NI61": "<script>x</script>", "NI63": "=1+1"}, [None, None, "<script>x</script>", None, "=1+1"],
                 [True, True, False, False, False], id="kept-exactly-as-written"),
    pytest.param({"NI999": "elsewhere"}, [None] * 5, [True, True, True, False, False], id="other-indicators-ignored"),
])
def test_with_commentary(said, text, needed):
    commentary = pd.DataFrame({"indicator": list(said), "text": list(said.values())})
    out = with_commentary(LINES, commentary)
    assert list(out["commentary"]) == text
    assert list(out["commentary_needed"]) == needed
    assert "commentary" not in LINES.columns


def test_two_latest_texts_for_one_indicator_is_an_error():
    with pytest.raises(ValueError, match="more than one latest text for indicator 'NI59'"):
        with_commentary(LINES, pd.DataFrame({"indicator": ["NI59", "NI59"], "text": ["a", "b"]}))
