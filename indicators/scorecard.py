"""The scorecard: every indicator in the catalogue for one organisation and month.

One row per indicator, even with no return that month (`has_data` False): the in-month and
year-to-date values, the year's target and tolerance, the RAG on the year-to-date value, both
directions of travel, SPC variation and assurance on the monthly series up to the month, and the
comparator organisations' values for the same month. SPC comes from indicators.spc_series, as on
the indicator detail page and in the evidence pack, so all three read alike, on the same chart
(the p-chart where an indicator's monthly denominators are small, else the XmR).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from indicators.definitions import definition_changes
from indicators.rag import floats
from indicators.spc_series import indicator_spc
from indicators.values import (
    blank_categories, check_catalogue, check_targets, evaluate, financial_year, month_start,
    percent, require, series,
)
from vocab import OrgKind, PointType, Rag

__all__ = ["SCORECARD_COLUMNS", "scorecard", "series", "sort_for_attention"]

SCORECARD_COLUMNS = [
    "indicator", "title", "period", "value", "ytd_value", "target", "tolerance", "rag",
    "direction_vs_previous", "direction_vs_last_year", "variation", "assurance", "comparators",
    "numerator", "denominator", "polarity", "spc_points", "too_short", "has_data",
]


def scorecard(returns: pd.DataFrame, catalogue: pd.DataFrame, targets: pd.DataFrame,
              organisations: pd.DataFrame, period, org: str, *,
              versions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The scorecard for `org` in `period` (a month: "2009-09", a date or a Timestamp).

    `versions`: every version of every definition (code, version, valid_from), whose later
    versions start new SPC phases; None means no definition has changed. Rows follow the
    catalogue's order; columns are SCORECARD_COLUMNS. Raises ValueError for an organisation
    not in `organisations` or a missing column.
    """
    require(returns, ("org", "indicator", "period", "numerator", "denominator"), "returns")
    require(organisations, ("code", "kind"), "organisations")
    about = check_catalogue(catalogue)
    if "title" not in about.columns:
        about["title"] = about["code"]
    check_targets(targets)
    if org not in set(organisations["code"]):
        raise ValueError(f"scorecard: unknown organisation {org!r}")
    month = month_start([period]).iloc[0]
    codes = list(about["code"])

    periods = month_start(returns["period"])
    mine = returns[(returns["org"] == org).to_numpy() & returns["indicator"].isin(codes).to_numpy()
                   & (periods <= month).to_numpy()]
    done = evaluate(mine, about, targets[(targets["org"] == org) & targets["indicator"].isin(codes)])
    now = done[done["period"] == month].set_index("indicator")

    card = pd.DataFrame({"indicator": about["code"].to_numpy(), "title": about["title"].to_numpy(),
                         "polarity": about["polarity"].astype(object).to_numpy()})
    card["period"] = month
    card["has_data"] = card["indicator"].isin(now.index)
    for column in ("value", "ytd_value", "numerator", "denominator", "rag",
                   "direction_vs_previous", "direction_vs_last_year"):
        card[column] = card["indicator"].map(now[column]) if len(now) else np.nan
    year = targets[(targets["org"] == org) & (targets["year"] == financial_year(month))].set_index("indicator")
    card["target"] = card["indicator"].map(year["target"]).astype("float64")
    card["tolerance"] = card["indicator"].map(year["tolerance"]).astype("float64")
    card = blank_categories(card)

    # each indicator's months and its targets, split once rather than filtered once per indicator
    months = dict(tuple(done[["indicator", "period", "value", "numerator", "denominator"]]
                        .groupby("indicator", sort=False)))
    goals = dict(tuple(targets[targets["org"] == org].groupby("indicator", sort=False)))
    changes = {} if versions is None else definition_changes(versions)
    spc = [indicator_spc(months.get(code, done.iloc[:0]), polarity, month, targets=goals.get(code),
                         changes=changes.get(code, ()))
           for code, polarity in zip(card["indicator"], card["polarity"])]
    card["variation"] = pd.Series([s.variation for s in spc], index=card.index, dtype=object)
    card["assurance"] = pd.Series([s.assurance for s in spc], index=card.index, dtype=object)
    card["spc_points"] = np.array([s.n for s in spc], dtype="int64")
    card["too_short"] = np.array([s.too_short for s in spc], dtype=bool)
    card["comparators"] = _comparators(returns, periods, organisations, org, month, codes)
    return card[SCORECARD_COLUMNS]


def _comparators(returns, periods, organisations, org, month, codes) -> list[dict[str, float]]:
    """Per indicator, {org code: in-month value} for each non-local-authority organisation with a
    value that month, in the order of `organisations`."""
    others = [c for c, k in zip(organisations["code"], organisations["kind"])
              if k != OrgKind.LOCAL_AUTHORITY.value and c != org]
    theirs = returns[(periods == month).to_numpy() & returns["org"].isin(others).to_numpy()]
    numerator, denominator = floats(theirs["numerator"], "numerator"), floats(theirs["denominator"], "denominator")
    values = percent(numerator, denominator)
    if "value" in theirs.columns:  # as add_ytd: a return with no counts keeps the value it came with
        values = np.where(np.isnan(numerator) | np.isnan(denominator), floats(theirs["value"], "value"), values)
    found = {(i, o): v for i, o, v in zip(theirs["indicator"], theirs["org"], values) if not np.isnan(v)}
    return [{o: float(found[(code, o)]) for o in others if (code, o) in found} for code in codes]


def sort_for_attention(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard in the order that needs attention: red, then amber, then special-cause
    concern, then the rest; by indicator code within each (NI59 before NI100)."""
    require(card, ("indicator", "rag", "variation"), "scorecard")
    rank = np.select(
        [card["rag"].to_numpy() == Rag.RED.value, card["rag"].to_numpy() == Rag.AMBER.value,
         card["variation"].to_numpy() == PointType.SPECIAL_CAUSE_CONCERN.value],
        [0, 1, 2], default=3,
    )
    order = pd.DataFrame({"rank": rank, "code": card["indicator"].map(_code_key).to_numpy()}, index=card.index)
    return card.loc[order.sort_values(["rank", "code"], kind="stable").index].reset_index(drop=True)


def _code_key(code) -> str:
    """An indicator code with its numbers zero-padded, so NI59 sorts before NI100."""
    return re.sub(r"\d+", lambda m: m.group().zfill(10), str(code))
