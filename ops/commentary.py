"""Writing commentary on an indicator's month: every write is a new version; nothing is
overwritten or deleted, so the history of what was said, by whom and when, stays.

The rules are the commentary file's (checks/suites.py `commentary_suite`), worded alike, checked
here in plain Python so that one write from a page does not wait for great-expectations. The
text is stored exactly as written: it is never read as HTML or a formula, and whoever shows it
shows it as text. Who may write is the caller's check (`access.needed_to_load("commentary")`).
"""
from __future__ import annotations

import datetime as dt
import re

import duckdb
import pandas as pd

from checks.suites import COMMENTARY_MAX_CHARACTERS, FUTURE_MONTH_RULE, LONG_TEXT_RULE, MONTH_RULE
from data import cycle_queries, store
from indicators import clock

_MONTH = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")


def write_commentary(con: duckdb.DuckDBPyConnection, indicator: str, org: str, period, text: str, author: str,
                     doing: str | None = None, action: str | None = None, expected_by=None, *,
                     today: dt.date | None = None) -> int:
    """Write a new version of `indicator`'s commentary for `org` in `period` ('YYYY-MM'); returns
    its version number (the previous highest + 1, or 1).

    `doing`: what is being done about it; `action`: the plan action it belongs to (a code such as
    '2.3.1'); `expected_by`: the month improvement is expected ('YYYY-MM'); `today`: the cycle's
    today (default indicators.clock.today()). Raises ValueError naming the field, the value and
    the rule: an unknown indicator, organisation or action; a malformed or future month; a blank
    text or author; a text (or doing) over 4,000 characters.
    """
    doing, action, expected_by = (_optional(v) for v in (doing, action, expected_by))
    known = cycle_queries.codes(con)
    code = _code(indicator)
    _one_of("indicator", indicator, code, known["indicators"], "must be an indicator in the catalogue")
    _one_of("org", org, org, known["organisations"], "must be a known organisation code")
    month = _month("period", period)
    as_at = today or clock.today()
    if clock.month_index(month) > clock.month_index(as_at):
        raise ValueError(f"period {_shown(period)}: {FUTURE_MONTH_RULE} (today is {as_at:%Y-%m-%d})")
    _text("text", text, required=True)
    _text("doing", doing, required=False)
    if not isinstance(author, str) or not author.strip():
        raise ValueError(f"author {_shown(author)}: must not be blank (who wrote the commentary)")
    if action is not None:
        _one_of("action", action, action, known["actions"], "must be an action code in the plan")
    due = _month("expected_by", expected_by) if expected_by is not None else None

    row = pd.DataFrame([{"indicator": code, "org": org, "period": month, "text": text, "author": author,
                         "doing": doing, "action": action, "expected_by": due}])
    with store.transaction(con):
        cycle_queries.insert_commentary(con, row, load_id=None)
        written = cycle_queries.commentary_history(con, [org], [code], month)
    return int(written["version"].max())


def _optional(value):
    """A blank optional field (None or only spaces, as an empty form field sends) is no value."""
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _code(indicator) -> str | None:
    """'ni 59' → 'NI59', as the commentary file's normaliser reads it."""
    return indicator.upper().replace(" ", "") if isinstance(indicator, str) else None


def _one_of(field: str, given, value, allowed: set[str], rule: str) -> None:
    if value not in allowed:
        raise ValueError(f"{field} {_shown(given)}: {rule}")


def _month(field: str, value) -> dt.date:
    """A month written YYYY-MM (or a date or Timestamp) as its first day."""
    if isinstance(value, (dt.date, pd.Timestamp)):
        return dt.date(value.year, value.month, 1)
    if isinstance(value, str) and _MONTH.fullmatch(value):
        return dt.date(int(value[:4]), int(value[5:]), 1)
    raise ValueError(f"{field} {_shown(value)}: {MONTH_RULE}")


def _text(field: str, value, required: bool) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field} {_shown(value)}: must not be blank")
    if len(value) > COMMENTARY_MAX_CHARACTERS:
        raise ValueError(f"{field} ({len(value):,} characters, starting {value[:40]!r}): {LONG_TEXT_RULE}")


def _shown(value) -> str:
    return "(blank)" if value is None or (isinstance(value, str) and not value.strip()) else repr(value)
