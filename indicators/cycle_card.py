"""The monthly cycle's columns on a scorecard: each line's commentary, whether it still needs
some, and what changed since the month was signed off. Pure: frames in, new frames out.

A line has changed since sign-off when a return feeding it (that month, or any earlier month of
its year to date or its SPC series) was loaded after the sign-off, or when any of the compared
fields (`CHANGE_FIELDS`) reads differently now (a target or a definition replaced since).
"""
from __future__ import annotations

import pandas as pd

from indicators.cycle import commentary_needed
from indicators.values import require

CHANGE_FIELDS = ("value", "ytd_value", "rag", "variation", "assurance")
COMMENTARY_COLUMNS = ("indicator", "text")


def with_commentary(card: pd.DataFrame, commentary: pd.DataFrame) -> pd.DataFrame:
    """A copy of `card` with `commentary` (the line's latest text exactly as written, or None),
    `has_commentary` and `commentary_needed` (red or special-cause concern, and no commentary).

    `commentary`: the latest version for the card's organisation and month, one row per
    indicator (indicator, text); indicators not on the card are ignored. Raises ValueError for a
    missing column or two rows for one indicator.
    """
    require(card, ("indicator", "rag", "variation"), "scorecard")
    require(commentary, COMMENTARY_COLUMNS, "commentary")
    if commentary["indicator"].duplicated().any():
        twice = commentary.loc[commentary["indicator"].duplicated(), "indicator"].iloc[0]
        raise ValueError(f"commentary: more than one latest text for indicator {twice!r}")
    texts = dict(zip(commentary["indicator"], commentary["text"]))
    out = card.copy()
    out["commentary"] = pd.Series([texts.get(code) for code in out["indicator"]], index=out.index, dtype=object)
    out["has_commentary"] = out["commentary"].map(lambda t: isinstance(t, str) and t.strip() != "").astype(bool)
    out["commentary_needed"] = commentary_needed(out).astype(bool)
    return out


def figures(card: pd.DataFrame) -> dict[str, dict]:
    """Each indicator's compared fields, JSON-ready (None for a blank): {indicator: {field: value}}."""
    require(card, ("indicator", *CHANGE_FIELDS), "scorecard")
    rows = card[["indicator", *CHANGE_FIELDS]].to_dict(orient="records")
    return {row.pop("indicator"): {k: _plain(v) for k, v in row.items()} for row in rows}


def changes_since_signoff(signed: pd.DataFrame, live: pd.DataFrame, changed_indicators=()) -> pd.Series:
    """For each line of `live` (its order and index): None when it reads as it did when signed off
    and no return feeding it was loaded since, else {"signed_off": {field: value}, "now": {...}}
    over CHANGE_FIELDS.

    `signed`: the scorecard as signed off; `changed_indicators`: the indicators with a return
    loaded after the sign-off's load. An indicator not on `signed` (added to the catalogue since)
    reads as all blank when signed off. Neither frame is changed.
    """
    before, now = figures(signed), figures(live)
    blank = {field: None for field in CHANGE_FIELDS}
    changed = set(changed_indicators)
    found = []
    for code in live["indicator"]:
        then = before.get(code, blank)
        found.append({"signed_off": then, "now": now[code]}
                     if code in changed or then != now[code] else None)
    return pd.Series(found, index=live.index, dtype=object, name="changed_since_signoff")


def _plain(value):
    """A number, text or None (NaN and pandas' missing values are None; numpy scalars unwrapped)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value

