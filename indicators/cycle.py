"""The monthly reporting cycle: whether each expected return is in, and whether a month is ready
for sign-off.

A month's return is due `due_days` working days after the month's last calendar day
(`indicators.workdays.due_date`; 10 when `due_days` is blank). Its state, as at `today`:

- `received`: its first load was on or before the due date (by the calendar date of `loaded_at`,
  so a load at 16:30 on the due day is on time);
- `received_late`: its first load was after the due date (a Saturday after a Friday due date is
  late, although not a working day);
- `missing`: no load, and `today` is after the due date;
- `not_yet_due`: no load, and `today` is on or before the due date (the due day itself is still
  in time).

A month is ready for sign-off when every expected return is in (on time or late) and no
scorecard line still needs commentary; see `readiness`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.workdays import DEFAULT_DUE_DAYS, as_date, due_date, month_end, to_days
from vocab import PointType, Rag, ReturnState

EXPECTED_COLUMNS = ("org", "indicator", "period")  # and `due_days`, optional (blank = 10)
RECEIVED_COLUMNS = ("org", "indicator", "period", "load_id", "loaded_at")
STATE_COLUMNS = ("due_date", "state", "load_id", "loaded_at")
CARD_COLUMNS = ("rag", "variation", "has_commentary")


_KEY = ["org", "indicator", "_month"]


def return_states(expected: pd.DataFrame, received: pd.DataFrame, today) -> pd.DataFrame:
    """A copy of `expected` (org, indicator, period, due_days) with `due_date` (datetime64, midnight),
    `state` (a ReturnState value), and the `load_id` and `loaded_at` of the return's load (blank
    when none).

    `received` (org, indicator, period, load_id, loaded_at) is the first load of each month's
    figure; if a month has more than one row the earliest `loaded_at` is taken. Periods match by
    month, so a "YYYY-MM" string matches a month-start Timestamp. Received rows nobody expects are
    ignored. Neither frame is changed.
    """
    _require(expected, EXPECTED_COLUMNS, "expected")
    as_at = np.datetime64(as_date(today, "today"), "D")

    months = _months(expected["period"])
    days = _due_days(expected)
    dues = {pair: due_date(*pair) for pair in set(zip(months, days))}
    due = [dues[pair] for pair in zip(months, days)]

    left = pd.DataFrame({
        "org": expected["org"].astype(object).to_numpy(),
        "indicator": expected["indicator"].astype(object).to_numpy(),
        "_month": pd.Series(months, dtype=object),
    })
    joined = left.merge(_first_loads(received), how="left", on=_KEY, validate="many_to_one")

    due_days = np.array(due, dtype="datetime64[D]")
    loaded = to_days(joined["loaded_at"])
    got = ~np.isnat(loaded)
    state = np.select(
        [got & (loaded <= due_days), got, as_at > due_days],
        [ReturnState.RECEIVED.value, ReturnState.RECEIVED_LATE.value, ReturnState.MISSING.value],
        default=ReturnState.NOT_YET_DUE.value,
    )

    out = expected.copy()
    out["due_date"] = pd.Series(pd.to_datetime(due), index=expected.index)
    out["state"] = pd.Series(state, index=expected.index, dtype=object)
    out["load_id"] = joined["load_id"].set_axis(expected.index)
    out["loaded_at"] = joined["loaded_at"].set_axis(expected.index)
    return out


def commentary_needed(card: pd.DataFrame) -> pd.Series:
    """True for each scorecard line that is red, or shows special-cause concern, and has no
    commentary: (rag == red or variation == special_cause_concern) and not has_commentary.
    A blank `has_commentary` counts as no commentary; a blank rag or variation as neither."""
    _require(card, CARD_COLUMNS, "commentary_needed")
    red = card["rag"].astype(object).eq(Rag.RED.value)
    concern = card["variation"].astype(object).eq(PointType.SPECIAL_CAUSE_CONCERN.value)
    has = card["has_commentary"].astype("boolean").fillna(False).astype(bool)
    return ((red | concern) & ~has).rename("commentary_needed")


def readiness(states, needing_commentary) -> dict:
    """Whether a month is ready for sign-off, with the counts behind it.

    `states`: the `return_states` frame (or its `state` column); `needing_commentary`: the
    `commentary_needed` Series (blanks count as False). The return counts partition the expected
    returns: `received` is on time only, `late` is received late.

    Ready means nothing missing, nothing not yet due, and no commentary needed. A return not yet
    due counts against readiness: signing off closes the month, and a month signed off before all
    its returns could have arrived would be published with a gap that was still expected to be
    filled. Late returns do not block: they are in. With no expected returns and nothing needing
    commentary a month is (vacuously) ready.
    """
    column = states["state"] if isinstance(states, pd.DataFrame) else pd.Series(states, dtype=object)
    values = column.astype(object)
    known = {s.value for s in ReturnState}
    unknown = sorted({str(v) for v in values if v not in known})
    if unknown:
        raise ValueError(f"readiness: unknown return state(s) {', '.join(unknown)}")
    counts = values.value_counts()
    flags = pd.Series(needing_commentary).astype("boolean").fillna(False).astype(bool)

    def count(state: ReturnState) -> int:
        return int(counts.get(state.value, 0))

    summary = {
        "missing": count(ReturnState.MISSING),
        "late": count(ReturnState.RECEIVED_LATE),
        "not_yet_due": count(ReturnState.NOT_YET_DUE),
        "received": count(ReturnState.RECEIVED),
        "commentary_needed": int(flags.sum()),
    }
    ready = summary["missing"] == 0 and summary["not_yet_due"] == 0 and summary["commentary_needed"] == 0
    return {"ready": bool(ready), **summary}


def _first_loads(received: pd.DataFrame) -> pd.DataFrame:
    """One row per (org, indicator, month): the earliest load. An empty frame may lack columns."""
    if received is None or len(received) == 0:
        return pd.DataFrame({
            "org": pd.Series([], dtype=object), "indicator": pd.Series([], dtype=object),
            "_month": pd.Series([], dtype=object), "load_id": pd.Series([], dtype="Int64"),
            "loaded_at": pd.Series([], dtype="datetime64[us]"),
        })
    _require(received, RECEIVED_COLUMNS, "received")
    loaded_at = pd.to_datetime(received["loaded_at"])
    if loaded_at.isna().any():
        raise ValueError(f"received: {int(loaded_at.isna().sum())} row(s) have no loaded_at")
    load_id = received["load_id"]
    if pd.api.types.is_integer_dtype(load_id.dtype):
        load_id = load_id.astype("Int64")  # stays whole numbers once unmatched rows are blank
    loads = pd.DataFrame({
        "org": received["org"].astype(object).to_numpy(),
        "indicator": received["indicator"].astype(object).to_numpy(),
        "_month": pd.Series(_months(received["period"]), dtype=object),
        "load_id": load_id.reset_index(drop=True),
        "loaded_at": loaded_at.reset_index(drop=True),
    })
    loads = loads.sort_values(["loaded_at", "load_id"], kind="stable")
    return loads.drop_duplicates(_KEY, keep="first")


def _months(periods: pd.Series) -> list:
    """Each period's month, as its last calendar day (worked out once per distinct period)."""
    values = list(periods.astype(object))
    ends = {p: month_end(p) for p in set(values)}
    return [ends[p] for p in values]


def _due_days(expected: pd.DataFrame) -> list[int]:
    """Each row's due days: blank (or no column) is the default; otherwise a whole number >= 0."""
    if "due_days" not in expected.columns:
        return [DEFAULT_DUE_DAYS] * len(expected)
    days = pd.to_numeric(expected["due_days"].astype(object), errors="coerce").astype("float64")
    bad_text = days.isna() & expected["due_days"].notna()
    days = days.fillna(float(DEFAULT_DUE_DAYS)).to_numpy()
    bad = bad_text.to_numpy() | (days < 0) | (days != np.floor(days))
    if bad.any():
        first = expected["due_days"].to_numpy()[bad][0]
        raise ValueError(f"expected: due_days must be whole numbers of working days, 0 or more (got {first!r})")
    return [int(d) for d in days]


def _require(frame: pd.DataFrame, columns, name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: the frame has no column(s) {', '.join(missing)}")
