"""Small-number suppression for published figures, as children's statistics are published.

Counts from 1 to 5 could identify a child, so a published table shows "[c]" (confidential) in
their place, and any percentage worked out from such a count is hidden too (it would give the
count back). Zero is not suppressed: it identifies nobody. Pure functions, no input mutated.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

SUPPRESSED = "[c]"
SMALLEST, LARGEST = 1, 5
NOTE = (
    "Publication mode: counts from 1 to 5 are suppressed and shown as [c], and the percentages "
    "worked out from them are hidden, as in published children's statistics. Zero is shown."
)


def is_small(count: object) -> bool:
    """True for a count that must not be published (1 to 5); blanks and zero are not small."""
    if count is None or isinstance(count, bool):
        return False
    try:
        number = float(count)
    except (TypeError, ValueError):
        return False
    return not math.isnan(number) and SMALLEST <= number <= LARGEST


def suppress(
    frame: pd.DataFrame,
    counts: Iterable[str] = ("numerator", "denominator"),
    rates: Iterable[str] = ("value",),
    linked: Mapping[str, Iterable[str]] | None = None,
) -> pd.DataFrame:
    """A copy of `frame` with small counts replaced by "[c]" and the rates on those rows hidden.

    `counts` are checked and suppressed; every column in `rates` is hidden on any row where one of
    the counts is small. `linked` hides further columns when a particular count is small, e.g.
    {"ytd_numerator": ["ytd_value"]} for a year-to-date figure with its own counts. Missing
    columns are ignored, so one call serves frames with and without a column.
    """
    out = frame.copy()
    counts = [c for c in counts if c in out.columns]
    rates = [c for c in rates if c in out.columns]
    if out.empty:
        return out
    small_any = pd.Series(False, index=out.index)
    small_by_col: dict[str, pd.Series] = {}
    for column in counts:
        small = out[column].map(is_small).astype(bool)
        small_by_col[column] = small
        small_any |= small
    for column in [*counts, *rates]:
        out[column] = out[column].astype(object)
    for column, small in small_by_col.items():
        out.loc[small, column] = SUPPRESSED
    for column in rates:
        out.loc[small_any, column] = SUPPRESSED
    for count_column, hidden in (linked or {}).items():
        if count_column not in out.columns:
            continue
        small = frame[count_column].map(is_small).astype(bool)
        out[count_column] = out[count_column].astype(object)
        out.loc[small, count_column] = SUPPRESSED
        for column in hidden:
            if column in out.columns:
                out[column] = out[column].astype(object)
                out.loc[small, column] = SUPPRESSED
    return out


def suppressed_count(before: pd.DataFrame, after: pd.DataFrame) -> int:
    """How many cells suppression changed, for the pack's statement that it was applied."""
    shared = [c for c in after.columns if c in before.columns]
    return int(sum((after[c].astype(object) == SUPPRESSED).sum() - (before[c].astype(object) == SUPPRESSED).sum()
                   for c in shared))
