"""The date the monthly reporting cycle takes as today.

`$PIDASH_TODAY` (YYYY-MM-DD), when set, stands in for the system date wherever the cycle asks
what day it is: which returns are due, late, missing or not yet due (`pidash status`, sign-off
readiness) and which months are still in the future for commentary. It lets a test or a
demonstration stand on a chosen day (`PIDASH_TODAY=2009-11-16 pidash status --period 2009-10`).
Loading returns and plan files still checks "not in the future" against the system date.
"""
from __future__ import annotations

import datetime as dt
import os
import re

ENV = "PIDASH_TODAY"
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def today(environ=None) -> dt.date:
    """$PIDASH_TODAY when set, else the system date. `environ`: a mapping standing in for
    os.environ. Raises ValueError naming the variable when it is set but not a real YYYY-MM-DD date."""
    setting = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not setting:
        return dt.date.today()
    try:
        if not _ISO.fullmatch(setting):
            raise ValueError
        return dt.date.fromisoformat(setting)
    except ValueError:
        raise ValueError(f"{ENV} must be a date written YYYY-MM-DD, such as 2009-11-16 (got {setting!r})") from None


def month_index(day: dt.date) -> int:
    """A month as a count of months (year × 12 + month − 1), as the loaders' `_period_index`."""
    return day.year * 12 + day.month - 1
