"""Numbers, months and categories written the way people read them on the dashboard.

Pure functions (no streamlit): one decimal place for percentages, months as "Sep 2009",
indicator codes as "NI 59", and every category (RAG, direction of travel, SPC variation and
assurance) as a symbol *and* words, so nothing is carried by colour alone (greyscale prints,
colour-blind readers). The words come from `vocab.label`.
"""
from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from vocab import Assurance, Direction, LoadStatus, PointType, Rag, label

BLANK = "—"

# Symbols every browser font has (no colour emoji: many machines cannot draw them); the colour
# itself comes from the table styles and the charts (charts/palette.py).
RAG_SYMBOLS = {Rag.RED: "✖", Rag.AMBER: "▲", Rag.GREEN: "✔"}
DIRECTION_ARROWS = {Direction.IMPROVING: "⬆", Direction.STABLE: "➡", Direction.DETERIORATING: "⬇"}
# Making Data Count icons, as a symbol: ~ common cause, ★ improvement, ⚠ concern, ▲/▼ neutral.
VARIATION_SYMBOLS = {
    PointType.COMMON_CAUSE: "~",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "★",
    PointType.SPECIAL_CAUSE_CONCERN: "⚠",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "▲",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "▼",
}
# Making Data Count assurance icons carry a letter: P pass, F fail, ? inconsistent.
ASSURANCE_SYMBOLS = {
    Assurance.CONSISTENT_PASS: "[P]",
    Assurance.CONSISTENT_FAIL: "[F]",
    Assurance.INCONSISTENT: "[?]",
}
LOAD_SYMBOLS = {LoadStatus.ACCEPTED: "✔", LoadStatus.REJECTED: "✖"}
# The monthly cycle: each return's state, a line still needing commentary, a line changed since sign-off.
RETURN_STATE_SYMBOLS = {"received": "✔", "received_late": "◷", "missing": "✖", "not_yet_due": "○"}
COMMENTARY_NEEDED_SYMBOL = "⚑"
CHANGED_SYMBOL = "↻"


def is_blank(value: object) -> bool:
    """None, NaN, NaT and pandas NA all mean "no figure"."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, dicts: not a scalar, so not blank
        return False


def percent(value: object, decimals: int = 1) -> str:
    """57.333 → "57.3%"; blank → "—"."""
    if is_blank(value):
        return BLANK
    number = float(value)
    if math.isinf(number):
        return BLANK
    return f"{number:.{decimals}f}%"


def points(value: object, decimals: int = 1) -> str:
    """A difference or tolerance in percentage points: 5 → "5.0 pts"."""
    if is_blank(value):
        return BLANK
    return f"{float(value):.{decimals}f} pts"


def count(value: object) -> str:
    """1234 → "1,234"; blank → "—"."""
    if is_blank(value):
        return BLANK
    return f"{int(round(float(value))):,}"


def to_month(period: object) -> pd.Timestamp | None:
    """"2009-09", a date or a Timestamp → the first day of that month (None when blank)."""
    if is_blank(period):
        return None
    if isinstance(period, str) and re.fullmatch(r"\d{4}-\d{2}", period.strip()):
        period = period.strip() + "-01"
    return pd.Timestamp(period).to_period("M").to_timestamp()


def month(period: object) -> str:
    """"2009-09" (or a date) → "Sep 2009"; blank → "—"."""
    when = to_month(period)
    return BLANK if when is None else when.strftime("%b %Y")


def month_key(period: object) -> str:
    """A date → "2009-09", the form the sidebar and the CLI use."""
    when = to_month(period)
    return "" if when is None else when.strftime("%Y-%m")


def timestamp(value: object) -> str:
    """A load time as "12 Oct 2009 14:05"."""
    if is_blank(value):
        return BLANK
    return pd.Timestamp(value).strftime("%d %b %Y %H:%M")


def date(value: object) -> str:
    """A date as "1 Apr 2010"."""
    if is_blank(value):
        return BLANK
    when = value if isinstance(value, (dt.date, pd.Timestamp)) else pd.Timestamp(value)
    return f"{when.day} {when.strftime('%b %Y')}"


def indicator_code(code: object) -> str:
    """"NI59" → "NI 59" (as the council papers write national indicators); other codes unchanged."""
    if is_blank(code):
        return BLANK
    return re.sub(r"^NI(\d+)$", r"NI \1", str(code))


def rag(value: object) -> str:
    """"red" → "✖ Red": a shape and the word (the colour is the cell's); no RAG → "— No RAG"."""
    if is_blank(value):
        return f"{BLANK} No RAG"
    return f"{RAG_SYMBOLS.get(str(value), '')} {label(value)}".strip()


def direction(value: object) -> str:
    """"improving" → "⬆ Improving"."""
    if is_blank(value):
        return BLANK
    return f"{DIRECTION_ARROWS.get(str(value), '')} {label(value)}".strip()


def variation(value: object, too_short: bool = False) -> str:
    """An SPC point type as its Making Data Count symbol and its label: "⚠ Special cause: concern"."""
    if is_blank(value):
        return "Too few points for SPC" if too_short else BLANK
    return f"{VARIATION_SYMBOLS.get(str(value), '')} {label(value)}".strip()


def assurance(value: object) -> str:
    """An SPC assurance value as its Making Data Count letter and its label: "[P] Consistently meets target"."""
    if is_blank(value):
        return BLANK
    return f"{ASSURANCE_SYMBOLS.get(str(value), '')} {label(value)}".strip()


def load_status(value: object) -> str:
    """"accepted" → "✔ Accepted"."""
    if is_blank(value):
        return BLANK
    return f"{LOAD_SYMBOLS.get(str(value), '')} {label(value)}".strip()


def return_state(value: object) -> str:
    """A monthly return's state (indicators.cycle.ReturnState) as a symbol and words: "◷ Received late"."""
    if is_blank(value):
        return BLANK
    return f"{RETURN_STATE_SYMBOLS.get(str(value), '')} {label(str(value))}".strip()


def org_label(code: str, names: dict[str, str]) -> str:
    """"E09000014" → "Haringey (E09000014)"; an unknown code as itself."""
    name = names.get(code)
    return f"{name} ({code})" if name else str(code)


def no_returns(indicator: str) -> str:
    """The empty-state sentence for an indicator with no data."""
    return f"No returns for {indicator_code(indicator)} yet — load one on the Load page."
