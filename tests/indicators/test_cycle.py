"""The monthly cycle: each expected return's state around its due date, which scorecard lines
need commentary, and whether a month is ready for sign-off."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from indicators.cycle import commentary_needed, readiness, return_states
from vocab import ReturnState
from vocab import PointType, Rag

D = dt.date
NAN = math.nan
RECEIVED, LATE = ReturnState.RECEIVED, ReturnState.RECEIVED_LATE
MISSING, NOT_YET_DUE = ReturnState.MISSING, ReturnState.NOT_YET_DUE

# April 2009 is due 10 working days after Thu 30 Apr, over May Day (Mon 4 May): Fri 15 May 2009
APRIL_DUE = D(2009, 5, 15)


def expected_rows(rows):
    """(org, indicator, period, due_days) rows as an expected frame."""
    return pd.DataFrame(rows, columns=["org", "indicator", "period", "due_days"])


def received_rows(rows):
    """(org, indicator, period, load_id, loaded_at) rows as a received frame."""
    frame = pd.DataFrame(rows, columns=["org", "indicator", "period", "load_id", "loaded_at"])
    frame["loaded_at"] = pd.to_datetime(frame["loaded_at"])
    return frame


# (loaded_at or None, today, expected state) for LA1's NI59 return for April 2009
ONE_RETURN = [
    pytest.param("2009-05-01 09:00", "2009-05-20", RECEIVED, id="early"),
    pytest.param("2009-05-14 17:00", "2009-05-14", RECEIVED, id="day-before-due"),
    pytest.param("2009-05-15 00:00", "2009-05-20", RECEIVED, id="due-day-midnight"),
    pytest.param("2009-05-15 16:30", "2009-05-20", RECEIVED, id="on-the-due-day-is-not-late"),
    pytest.param("2009-05-15 23:59:59", "2009-05-15", RECEIVED, id="due-day-last-second"),
    pytest.param("2009-05-16 10:00", "2009-05-20", LATE, id="saturday-after-is-late"),
    pytest.param("2009-05-18 09:00", "2009-05-20", LATE, id="next-working-day-is-late"),
    pytest.param("2009-07-01 09:00", "2009-07-01", LATE, id="weeks-late"),
    pytest.param("2009-05-18 09:00", "2009-05-10", LATE, id="a-load-is-taken-as-given-whatever-today"),
    pytest.param(None, "2009-05-01", NOT_YET_DUE, id="none-early-in-the-window"),
    pytest.param(None, "2009-05-14", NOT_YET_DUE, id="none-day-before-due"),
    pytest.param(None, "2009-05-15", NOT_YET_DUE, id="none-today-is-the-due-day-not-missing"),
    pytest.param(None, "2009-05-16", MISSING, id="none-saturday-after-due-missing"),
    pytest.param(None, "2009-05-18", MISSING, id="none-next-working-day-missing"),
]


@pytest.mark.parametrize(("loaded_at", "today", "state"), ONE_RETURN)
def test_one_return_state(loaded_at, today, state):
    expected = expected_rows([("LA1", "NI59", "2009-04", 10)])
    loads = [] if loaded_at is None else [("LA1", "NI59", "2009-04", 7, loaded_at)]
    out = return_states(expected, received_rows(loads), pd.Timestamp(today))
    assert out["state"].tolist() == [state.value]
    assert out["due_date"].dt.date.tolist() == [APRIL_DUE]
    if loaded_at is None:
        assert out["load_id"].isna().all() and out["loaded_at"].isna().all()
    else:
        assert out["load_id"].tolist() == [7]
        assert out["loaded_at"].tolist() == [pd.Timestamp(loaded_at)]


def test_return_states_frame():
    """Several orgs, indicators and due days at once; periods as strings and as month starts."""
    expected = expected_rows([
        ("LA1", "NI59", pd.Timestamp("2009-04-01"), NAN),  # default 10: due 15 May
        ("LA1", "NI60", pd.Timestamp("2009-04-01"), 20.0),  # due 1 Jun (Spring bank holiday 25 May)
        ("LA2", "NI59", pd.Timestamp("2009-04-01"), 10.0),
        ("LA2", "NI60", pd.Timestamp("2009-04-01"), 5.0),  # due 8 May
        ("LA1", "NI59", pd.Timestamp("2009-03-01"), NAN),  # due 16 Apr (over Easter)
    ]).set_axis([10, 11, 12, 13, 14])
    received = received_rows([
        ("LA1", "NI59", "2009-04", 3, "2009-05-15 16:30"),
        ("LA1", "NI59", "2009-04", 9, "2009-06-02 09:00"),  # a later restatement: the first load counts
        ("LA2", "NI60", "2009-04", 4, "2009-05-11 09:00"),
        ("LA1", "NI59", "2009-03", 2, "2009-04-16 12:00"),
        ("LA3", "NI59", "2009-04", 5, "2009-05-01 12:00"),  # nobody expects LA3: ignored
    ])
    expected_before, received_before = expected.copy(), received.copy()

    out = return_states(expected, received, D(2009, 5, 20))

    assert out.index.tolist() == [10, 11, 12, 13, 14]
    assert out.columns.tolist() == [
        "org", "indicator", "period", "due_days", "due_date", "state", "load_id", "loaded_at"]
    assert out["due_date"].dt.date.tolist() == [
        D(2009, 5, 15), D(2009, 6, 1), D(2009, 5, 15), D(2009, 5, 8), D(2009, 4, 16)]
    assert out["state"].tolist() == ["received", "not_yet_due", "missing", "received_late", "received"]
    assert out["load_id"].tolist()[0] == 3 and out["load_id"].tolist()[3:] == [4, 2]
    assert out["load_id"].isna().tolist() == [False, True, True, False, False]
    assert str(out["load_id"].dtype) == "Int64"
    assert out["loaded_at"].tolist()[0] == pd.Timestamp("2009-05-15 16:30")
    assert out["due_days"].isna().tolist() == [True, False, False, False, True]  # left as given
    pd.testing.assert_frame_equal(expected, expected_before)
    pd.testing.assert_frame_equal(received, received_before)


@pytest.mark.parametrize("received", [
    pytest.param(pd.DataFrame(), id="no-columns"),
    pytest.param(received_rows([]), id="columns-no-rows"),
])
def test_nothing_received(received):
    expected = expected_rows([("LA1", "NI59", "2009-04", 10), ("LA1", "NI59", "2009-05", 10)])
    out = return_states(expected, received, "2009-06-01")  # April due 15 May; May due 12 Jun
    assert out["state"].tolist() == ["missing", "not_yet_due"]
    assert out["load_id"].isna().all() and out["loaded_at"].isna().all()


def test_nothing_expected():
    out = return_states(expected_rows([]), received_rows([]), "2009-06-01")
    assert len(out) == 0
    assert {"due_date", "state", "load_id", "loaded_at"} <= set(out.columns)


def test_return_states_refuses_bad_input():
    expected = expected_rows([("LA1", "NI59", "2009-04", 10)])
    with pytest.raises(ValueError, match="due_days"):
        return_states(expected_rows([("LA1", "NI59", "2009-04", -1)]), received_rows([]), "2009-06-01")
    with pytest.raises(ValueError, match="due_days"):
        return_states(expected_rows([("LA1", "NI59", "2009-04", 2.5)]), received_rows([]), "2009-06-01")
    with pytest.raises(ValueError, match="loaded_at"):
        return_states(expected, received_rows([("LA1", "NI59", "2009-04", 1, None)]), "2009-06-01")
    with pytest.raises(ValueError, match="load_id"):
        return_states(expected, pd.DataFrame({"org": ["LA1"], "indicator": ["NI59"], "period": ["2009-04"],
                                              "loaded_at": ["2009-05-01"]}), "2009-06-01")
    with pytest.raises(ValueError, match="today"):
        return_states(expected, received_rows([]), None)


# (rag, variation, has_commentary, needed)
COMMENTARY = [
    pytest.param(Rag.RED, PointType.COMMON_CAUSE, False, True, id="red-no-commentary"),
    pytest.param(Rag.RED, PointType.COMMON_CAUSE, True, False, id="red-with-commentary"),
    pytest.param(Rag.GREEN, PointType.SPECIAL_CAUSE_CONCERN, False, True, id="concern-no-commentary"),
    pytest.param(Rag.GREEN, PointType.SPECIAL_CAUSE_CONCERN, True, False, id="concern-with-commentary"),
    pytest.param(Rag.RED, PointType.SPECIAL_CAUSE_CONCERN, False, True, id="both-no-commentary"),
    pytest.param(Rag.RED, PointType.SPECIAL_CAUSE_CONCERN, True, False, id="both-with-commentary"),
    pytest.param(Rag.AMBER, PointType.COMMON_CAUSE, False, False, id="amber"),
    pytest.param(Rag.GREEN, PointType.COMMON_CAUSE, False, False, id="green"),
    pytest.param(Rag.AMBER, PointType.SPECIAL_CAUSE_IMPROVEMENT, False, False, id="improvement"),
    pytest.param(Rag.AMBER, PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, False, False, id="neutral-high"),
    pytest.param(None, None, False, False, id="no-rag-no-variation"),
    pytest.param(None, PointType.SPECIAL_CAUSE_CONCERN, False, True, id="no-rag-concern"),
    pytest.param(Rag.RED, None, False, True, id="red-no-variation"),
    pytest.param(Rag.RED, None, None, True, id="red-blank-commentary-is-none"),
]


@pytest.mark.parametrize(("rag", "variation", "has_commentary", "needed"), COMMENTARY)
def test_commentary_needed(rag, variation, has_commentary, needed):
    card = pd.DataFrame({"rag": [rag], "variation": [variation], "has_commentary": [has_commentary]})
    assert commentary_needed(card).tolist() == [needed]


def test_commentary_needed_frame():
    """The whole table at once, with Categorical columns and a non-default index."""
    rows = [p.values for p in COMMENTARY]
    card = pd.DataFrame({
        "rag": pd.Categorical([None if r[0] is None else r[0].value for r in rows], categories=list(Rag)),
        "variation": [None if r[1] is None else r[1].value for r in rows],
        "has_commentary": [r[2] for r in rows],
    }, index=range(100, 100 + len(rows)))
    before = card.copy()
    out = commentary_needed(card)
    assert out.dtype == bool
    assert out.index.tolist() == card.index.tolist()
    assert out.tolist() == [r[3] for r in rows]
    pd.testing.assert_frame_equal(card, before)


def states(*values):
    return pd.DataFrame({"state": [v.value for v in values]})


READINESS = [
    pytest.param(states(RECEIVED, RECEIVED, LATE), [False, False], {
        "ready": True, "missing": 0, "late": 1, "not_yet_due": 0, "received": 2, "commentary_needed": 0},
        id="all-in-late-does-not-block"),
    pytest.param(states(RECEIVED, MISSING, MISSING), [False], {
        "ready": False, "missing": 2, "late": 0, "not_yet_due": 0, "received": 1, "commentary_needed": 0},
        id="missing-blocks"),
    pytest.param(states(RECEIVED, NOT_YET_DUE), [False], {
        "ready": False, "missing": 0, "late": 0, "not_yet_due": 1, "received": 1, "commentary_needed": 0},
        id="not-yet-due-blocks"),
    pytest.param(states(RECEIVED, RECEIVED), [True, False, True], {
        "ready": False, "missing": 0, "late": 0, "not_yet_due": 0, "received": 2, "commentary_needed": 2},
        id="commentary-blocks"),
    pytest.param(states(MISSING, NOT_YET_DUE, LATE), [True], {
        "ready": False, "missing": 1, "late": 1, "not_yet_due": 1, "received": 0, "commentary_needed": 1},
        id="everything-blocks"),
    pytest.param(states(RECEIVED), pd.Series([None, False], dtype=object), {
        "ready": True, "missing": 0, "late": 0, "not_yet_due": 0, "received": 1, "commentary_needed": 0},
        id="blank-commentary-flag-is-false"),
    pytest.param(states(), [], {
        "ready": True, "missing": 0, "late": 0, "not_yet_due": 0, "received": 0, "commentary_needed": 0},
        id="nothing-expected-is-vacuously-ready"),
]


@pytest.mark.parametrize(("month", "needing", "expected"), READINESS)
def test_readiness(month, needing, expected):
    assert readiness(month, needing) == expected


def test_readiness_takes_the_state_column_too():
    assert readiness(states(RECEIVED, MISSING)["state"], [False])["missing"] == 1


def test_readiness_refuses_an_unknown_state():
    with pytest.raises(ValueError, match="unknown return state"):
        readiness(pd.DataFrame({"state": ["received", "lost"]}), [])


def test_the_whole_month():
    """return_states and commentary_needed feed readiness: April 2009 as at 20 May 2009."""
    expected = expected_rows([("LA1", "NI59", "2009-04", NAN), ("LA1", "NI60", "2009-04", NAN)])
    received = received_rows([("LA1", "NI59", "2009-04", 1, "2009-05-15 10:00"),
                              ("LA1", "NI60", "2009-04", 2, "2009-05-19 10:00")])
    card = pd.DataFrame({"rag": ["red", "green"], "variation": ["common_cause", "special_cause_concern"],
                         "has_commentary": [True, True]})
    month = return_states(expected, received, "2009-05-20")
    assert readiness(month, commentary_needed(card)) == {
        "ready": True, "missing": 0, "late": 1, "not_yet_due": 0, "received": 1, "commentary_needed": 0}
    card.loc[1, "has_commentary"] = False
    assert readiness(month, commentary_needed(card))["ready"] is False
