"""Indicators computed from case records: what each counts, the working-day calendar its query
reads, the months a case load covers, and the records behind a figure shaped for a person to read.

Pure: frames and dates in, new frames out. The definitions themselves are SQL, one query per
definition version in data/computed/ (each headed by its words); every query returns one row per
record it counts, in the columns of RECORD_COLUMNS:

- `period`: the month (its first day) the record is counted in;
- `person_id`: pidash's pseudonymous id for the child (never the case system's);
- `record_id`: the record's own id (assessment, plan, review, placement, referral), if it has one;
- `from_date`, `to_date`, `measure`: the two dates and the number the definition judges, named per
  indicator by CaseIndicator's labels;
- `counted`: whether the record is in the numerator (every row is in the denominator).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.workdays import as_date, bank_holidays

RECORD_COLUMNS = ["period", "person_id", "record_id", "from_date", "to_date", "measure", "counted"]


@dataclass(frozen=True)
class CaseIndicator:
    """How the records behind one indicator read: what a row is and what its columns mean."""

    code: str
    tables: tuple[str, ...]  # the case tables its definition reads: without them it is not computed
    record: str  # what one row is, e.g. "initial assessment authorised in the month"
    from_label: str
    to_label: str
    measure_label: str
    counted_label: str
    # which records need a person's attention first: those not counted (timeliness), those counted
    # (NI 62's three placements), or neither (NI 68, good within a band)
    counted_is_good: bool | None


CASE_INDICATORS: dict[str, CaseIndicator] = {c.code: c for c in [
    CaseIndicator("NI59", ("ssd_cin_episodes", "ssd_cin_assessments"), "initial assessment authorised in the month",
                  "Referral date", "Authorised", "Working days", "In time", True),
    CaseIndicator("NI60", ("ssd_cin_assessments",), "core assessment authorised in the month",
                  "Started", "Authorised", "Working days", "In time", True),
    CaseIndicator("NI62", ("ssd_cla_episodes", "ssd_cla_placement"), "child looked after on the month's last day",
                  "12 months from", "Month end", "Placements in the 12 months", "3 or more placements", False),
    CaseIndicator("NI63", ("ssd_person", "ssd_cla_episodes", "ssd_cla_placement"),
                  "child under 16 looked after for 2½ years or more on the month's last day",
                  "Looked after since", "In this placement since", "Months in this placement",
                  "Same placement 2 years or more", True),
    CaseIndicator("NI64", ("ssd_cp_plans",), "child protection plan ended in the month",
                  "Plan started", "Plan ended", "Days", "Lasted 2 years or more", False),
    CaseIndicator("NI65", ("ssd_cp_plans",), "child protection plan started in the month",
                  "Plan started", "Latest earlier plan ended", "Earlier plans", "Second or later plan", False),
    CaseIndicator("NI66", ("ssd_cla_episodes", "ssd_cla_reviews"), "looked-after child's review due in the month",
                  "Due", "Held", "Days after due", "On time", True),
    CaseIndicator("NI67", ("ssd_cp_reviews",), "child protection review due in the month",
                  "Due", "Held", "Days after due", "On time", True),
    CaseIndicator("NI68", ("ssd_cin_episodes", "ssd_cin_assessments"), "referral in the month",
                  "Referral date", "Initial assessment started", "Working days", "Went on to initial assessment", None),
    CaseIndicator("SA45", ("ssd_cin_assessments",), "single assessment authorised in the month",
                  "Started", "Authorised", "Working days", "In time", True),
]}


def case_indicator(code: str) -> CaseIndicator:
    """The indicator's CaseIndicator; ValueError naming those computed from case records."""
    found = CASE_INDICATORS.get(str(code).strip().upper().replace(" ", ""))
    if found is None:
        raise ValueError(f"{code!r} is not computed from case records; choose one of {', '.join(CASE_INDICATORS)}")
    return found


# --- working days ---------------------------------------------------------------------------

def working_day_calendar(first, last) -> pd.DataFrame:
    """Every day from `first` to `last` with `n`, the number of working days from `first` up to
    and including it, so that for any two days D <= E in the calendar n(E) - n(D) is the number of
    working days after D up to and including E: indicators.workdays.working_days_between(D, E).

    A working day is Monday to Friday and not an England and Wales bank holiday
    (indicators.workdays.bank_holidays). Columns: day (date), n (int64).
    """
    start, end = as_date(first, "first"), as_date(last, "last")
    if end < start:
        raise ValueError(f"working_day_calendar: {end} is before {start}")
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    holidays = np.array(bank_holidays(start.year, end.year), dtype="datetime64[D]")
    working = np.is_busday(days, weekmask="1111100", holidays=holidays)
    return pd.DataFrame({"day": pd.Series(days).dt.date, "n": np.cumsum(working).astype("int64")})


# --- months ---------------------------------------------------------------------------------

def month_start(value) -> dt.date:
    """The first day of the month holding `value` (a date, a Timestamp or 'YYYY-MM[-DD]')."""
    if isinstance(value, str) and len(value.strip()) == 7:
        value = value.strip() + "-01"
    return as_date(value).replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_starts(first, last) -> list[dt.date]:
    """Every month from `first` to `last` (inclusive) as its first day; empty when last is earlier."""
    month, end = month_start(first), month_start(last)
    found = []
    while month <= end:
        found.append(month)
        month = add_months(month, 1)
    return found


def covered_months(first_date, last_date, today) -> tuple[dt.date, dt.date] | None:
    """The months a case load's figures are computed for: from the month of its earliest record
    date to the month of its latest, but never the month in progress on `today` (its figure
    would be part of a month). None when that leaves no month."""
    if first_date is None or last_date is None or pd.isna(first_date) or pd.isna(last_date):
        return None
    first = month_start(first_date)
    last = min(month_start(last_date), add_months(month_start(today), -1))
    return (first, last) if first <= last else None


def version_months(valid_from, valid_to, months: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date] | None:
    """The part of `months` (first, last) in which a definition version is in force (from
    `valid_from`'s month to `valid_to`'s, open-ended when valid_to is missing), or None."""
    first = max(months[0], month_start(valid_from))
    last = months[1]
    if valid_to is not None and not pd.isna(valid_to):
        last = min(last, month_start(valid_to))
    return (first, last) if first <= last else None


# --- from records to figures ----------------------------------------------------------------

def monthly_counts(records: pd.DataFrame, first, last) -> pd.DataFrame:
    """The monthly numerator (records counted) and denominator (all records) of every month from
    `first` to `last`, 0 and 0 for a month with none. Columns: period (date), numerator, denominator.
    A record with no period is not counted; one whose period is not the first day of one of those
    months is an error."""
    months = month_starts(first, last)
    starts = np.array(months, dtype="datetime64[D]")
    if len(records):
        days = pd.to_datetime(records["period"]).to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        counted = records["counted"].fillna(False).astype(bool).to_numpy()
    else:
        days, counted = np.array([], dtype="datetime64[D]"), np.array([], dtype=bool)
    dated = ~np.isnat(days)
    days, counted = days[dated], counted[dated]
    at = np.minimum(np.searchsorted(starts, days), max(len(starts) - 1, 0))
    inside = (starts[at] == days) if len(starts) else np.zeros(len(days), dtype=bool)
    if not inside.all():
        outside = sorted(set(days[~inside].astype(object)))
        raise ValueError(f"monthly_counts: records counted in months outside {months[0]}–{months[-1]}: "
                         f"{', '.join(str(m) for m in outside[:3])}")
    return pd.DataFrame({
        "period": months,
        "numerator": np.bincount(at[counted], minlength=len(months)).astype("int64"),
        "denominator": np.bincount(at, minlength=len(months)).astype("int64"),
    })


def ordered(records: pd.DataFrame, code: str) -> pd.DataFrame:
    """The records (RECORD_COLUMNS) with those needing attention first — for NI 59 the assessments
    out of time, the longest first; for NI 62 the children with 3 or more placements — then by
    date and person; a new frame with a fresh index, `counted` as bool and `measure` as Int64."""
    indicator = case_indicator(code)
    counted = records["counted"].fillna(False).astype(bool)
    if indicator.counted_is_good is None:
        concern = pd.Series(False, index=records.index)
    else:
        concern = ~counted if indicator.counted_is_good else counted
    measure = pd.to_numeric(records["measure"], errors="coerce")
    frame = records.assign(counted=counted, measure=measure.astype("Int64"), _concern=concern,
                           _unknown=measure.isna(), _measure=measure)
    frame = frame.sort_values(["_concern", "_unknown", "_measure", "from_date", "person_id"],
                              ascending=[False, False, False, True, True], kind="stable", na_position="last")
    return frame[RECORD_COLUMNS].reset_index(drop=True)


def behind_figure(records: pd.DataFrame, code: str) -> pd.DataFrame:
    """The records behind one month's figure as a person reads them, in `ordered`'s order: the
    pseudonymous person id, the record, the indicator's two dates and measure, and whether it is
    counted ("yes"/"no").

    Columns: Person (pseudonymous id), Record, then the indicator's from, to, measure and counted labels.
    """
    indicator = case_indicator(code)
    frame = ordered(records, code)
    return pd.DataFrame({
        "Person (pseudonymous id)": frame["person_id"].to_numpy(dtype=object),
        "Record": frame["record_id"].to_numpy(dtype=object),
        indicator.from_label: _dates(frame["from_date"]),
        indicator.to_label: _dates(frame["to_date"]),
        indicator.measure_label: frame["measure"].to_numpy(),
        indicator.counted_label: np.where(frame["counted"], "yes", "no"),
    })


def _dates(column: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(column)
    return np.where(stamps.isna(), None, stamps.dt.strftime("%Y-%m-%d"))
