"""Where an indicator's definition changed, and so where its SPC starts afresh.

A new version of a definition (the `indicator` table: a row per code and version, each with the
date it applied from) measures something else — NI 59 went from 7 to 10 working days in April
2010 — so the months before and after are not one process. SPC gives the new definition a phase
of its own (a rebase, as NHSRplotthedots' `rebase`). The scorecard, the indicator detail chart
and the evidence pack all take their phases from these two functions, so they cannot disagree.
"""
from __future__ import annotations

import pandas as pd

from indicators.values import month_start, require

__all__ = ["definition_changes", "rebase_months"]


def definition_changes(versions: pd.DataFrame) -> dict[str, list[pd.Timestamp]]:
    """Per indicator, the months (first day, oldest first) from which a later version of its
    definition applied; an indicator with one version is left out. The first version's start is
    no change: the figures before it were never under another definition.

    `versions`: every version of every definition (code, version, valid_from), as
    data.queries.catalogue(con, current_only=False) reads them. Worked out once for a
    whole scorecard, not once per indicator.
    """
    require(versions, ("code", "version", "valid_from"), "versions")
    ordered = versions.sort_values(["code", "version"], kind="stable")
    later = ordered[ordered["code"].duplicated().to_numpy()]  # every version after an indicator's first
    changes: dict[str, list[pd.Timestamp]] = {}
    for code, start in zip(later["code"], month_start(later["valid_from"])):  # the few later versions only
        if not pd.isna(start):
            changes.setdefault(str(code), []).append(pd.Timestamp(start))
    return {code: sorted(set(months)) for code, months in changes.items()}


def rebase_months(changes, periods) -> list[pd.Timestamp]:
    """The charted months at which SPC starts a new phase, for `rebase_at`.

    `changes`: one indicator's definition changes (from `definition_changes`); `periods`: the
    months charted (those with a value), in order. For each change after the first charted month
    and not after the last, the first charted month on or after it: a month with no return is not
    charted, so the new phase starts with the next one that is. A change at or before the first
    charted month changes nothing (every point is under the new definition); one after the last
    has no point yet.
    """
    if not len(changes) or not len(periods):
        return []
    months = pd.DatetimeIndex(periods)
    at = months.searchsorted(pd.DatetimeIndex(changes).as_unit(months.unit), side="left")
    return list(dict.fromkeys(months[i] for i in at if 0 < i < len(months)))
