"""Benchmarking across authorities: one indicator for every authority (Compare), the comparison with
England on a scorecard, and every authority's scorecard at once (the regional scorecard).

The comparison methods are indicators.compare's (OHID Fingertips / PHEindicatormethods: Wilson
limits, England inside or outside them, LAIT-style rank and quartile, funnel around the group's
average). The scorecards are indicators.scorecard's, worked out for every local authority in one
pass: year to date, RAG and direction of travel on a window of at most 25 months, and SPC with
`indicators.spc_batch.xmr_many` over every (authority, indicator) series at once (and
`indicators.spc_batch.pchart_many` over those where indicators.spc_series' rule picks the
p-chart), which gives exactly what `indicators.scorecard.scorecard` gives for each authority alone
(tests/compare/test_regional_scorecard.py holds the two side by side).

Groups of authorities (`group_members`):

- `all`: every organisation of kind local_authority.
- `region`: the authorities in the home authority's region. The store holds regions only as
  comparator organisations (kind `region`), not which authorities belong to them; ONS codes tell
  one region apart: every London borough's code starts E09 (London is E12000007), so the London
  region is known. For an authority outside London the region is not known, and asking for it
  raises (ONS codes of other authorities do not carry their region).
- `neighbours`: the home authority and its statistical neighbours, as recorded for it (the store's
  statistical-neighbour organisation is an average and does not say whom it averages: see
  data.compare_queries.neighbours).

Pure functions: frames in, new frames out; inputs are never changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.compare import COLUMNS as COMPARE_COLUMNS
from indicators.compare import Comparison, compare, funnel_axis, funnel_limits, group_average, vs_england, wilson_limits
from indicators.definitions import definition_changes
from indicators.direction import add_directions, month_number
from indicators.rag import add_rag, floats
from indicators.scorecard import SCORECARD_COLUMNS
from indicators.spc import P_CHART, XMR as XMR_CHART
from indicators.spc_batch import pchart_many, xmr_many
from indicators.spc_series import IMPROVEMENT, SMALL_DENOMINATOR
from indicators.values import (
    add_targets, add_ytd, blank_categories, check_catalogue, check_targets, financial_year, month_start, percent,
    require,
)
from vocab import OrgKind, PointType, Rag

__all__ = [
    "GROUPS", "LONDON", "REGIONAL_COUNTS", "Benchmark", "benchmark", "cell_columns", "compare_indicator",
    "england_code", "funnel_lines", "group_members", "monthly_values", "period_counts", "region_of",
    "regional_scorecard", "scorecards", "target_years", "vs_england_for_card",
]

GROUPS = ("all", "region", "neighbours")
LONDON = "E12000007"  # ONS code of the London region; every London borough's code starts E09
LONDON_PREFIX = "E09"
ALL_ORGS_COLUMNS = ["org", *SCORECARD_COLUMNS]
# the regional scorecard's count columns, then per indicator `cell_columns(code)`
REGIONAL_COUNTS = ["red", "amber", "green", "worse", "better", "special_cause_concern",
                   "special_cause_improvement"]
RETURN_COLUMNS = ("org", "indicator", "period", "numerator", "denominator")


# ---------------------------------------------------------------------------------------------
# Groups of authorities
# ---------------------------------------------------------------------------------------------

def region_of(code) -> str | None:
    """The ONS region code of an authority when its own code says it (London boroughs, E09…:
    E12000007), else None: other authorities' codes do not carry their region."""
    return LONDON if isinstance(code, str) and code.startswith(LONDON_PREFIX) else None


def authorities(organisations: pd.DataFrame) -> list[str]:
    """The local authorities' codes, in the order of `organisations`."""
    require(organisations, ("code", "kind"), "organisations")
    return [str(c) for c, k in zip(organisations["code"], organisations["kind"])
            if k == OrgKind.LOCAL_AUTHORITY.value]


def group_members(organisations: pd.DataFrame, group: str, home: str | None = None,
                  neighbours=()) -> list[str]:
    """The local authorities compared in `group` ("all", "region" or "neighbours"), in the order of
    `organisations`.

    `home`: the authority whose region or neighbours are meant (needed for those two groups).
    `neighbours`: its statistical neighbours' codes (data.compare_queries.neighbours); the group
    holds the home authority and them. Raises ValueError for an unknown group, a missing or
    unknown home authority, a region that cannot be told, no recorded neighbours, or a
    neighbour that is not a local authority in `organisations`.
    """
    if group not in GROUPS:
        raise ValueError(f"group must be one of {', '.join(GROUPS)} (got {group!r})")
    every = authorities(organisations)
    if group == "all":
        return every
    if not home:
        raise ValueError(f"the {group} group needs a home authority (none is set)")
    if home not in every:
        raise ValueError(f"{home} is not a local authority in the store, so it has no {group} group")
    if group == "region":
        region = region_of(home)
        if region is None:
            raise ValueError(f"the store does not say which region {home} is in: only London boroughs "
                             f"(codes starting {LONDON_PREFIX}) can be placed in a region")
        return [code for code in every if region_of(code) == region]
    chosen = [str(code) for code in neighbours]
    if not chosen:
        raise ValueError(f"no statistical neighbours are recorded for {home}")
    unknown = [code for code in chosen if code not in every]
    if unknown:
        raise ValueError(f"statistical neighbour(s) {', '.join(unknown)} of {home} are not local authorities "
                         "in the store")
    wanted = {home, *chosen}
    return [code for code in every if code in wanted]


def england_code(organisations: pd.DataFrame) -> str | None:
    """The code of the organisation of kind `england` (the first, if several), or None."""
    require(organisations, ("code", "kind"), "organisations")
    found = organisations.loc[organisations["kind"] == OrgKind.ENGLAND.value, "code"]
    return None if found.empty else str(found.iloc[0])


# ---------------------------------------------------------------------------------------------
# One indicator, every authority
# ---------------------------------------------------------------------------------------------

def period_counts(returns: pd.DataFrame, catalogue: pd.DataFrame, indicator: str, period, *,
                  ytd: bool = False) -> pd.DataFrame:
    """Each organisation's numerator, denominator and value (percent) of `indicator` for the month
    `period`, or with `ytd` for its financial year to date by the indicator's ytd rule (`sum`: the
    year's numerators and denominators April to the month; `latest`: the month's own), as
    indicators.values.add_ytd works them out. Only organisations with a return for the month
    itself have a row (a year to date is reported in the months that have a return, as on the
    scorecard). Columns org, numerator, denominator, value; one row per organisation.
    """
    require(returns, RETURN_COLUMNS, "returns")
    about = check_catalogue(catalogue)
    if indicator not in set(about["code"]):
        raise ValueError(f"indicator {indicator!r} is not in the catalogue")
    month = _month(period)
    start = _year_start(month)
    when = month_start(returns["period"])
    rows = returns[(returns["indicator"] == indicator).to_numpy() & (when >= start).to_numpy()
                   & (when <= month).to_numpy()]
    rows = _plain_keys(rows)
    done = add_ytd(rows[[c for c in (*RETURN_COLUMNS, "value") if c in rows.columns]],
                   about[about["code"] == indicator])
    now = done[done["period"] == month]
    names = ("ytd_numerator", "ytd_denominator", "ytd_value") if ytd else ("numerator", "denominator", "value")
    out = pd.DataFrame({"org": now["org"].astype(object).to_numpy(),
                        "numerator": floats(now[names[0]], "numerator"),
                        "denominator": floats(now[names[1]], "denominator"),
                        "value": floats(now[names[2]], "value")})
    return out.reset_index(drop=True)


def compare_indicator(returns: pd.DataFrame, catalogue: pd.DataFrame, organisations: pd.DataFrame,
                      indicator: str, period, *, ytd: bool = False, members=None) -> pd.DataFrame:
    """One indicator for every authority in `members` (default: every local authority), as
    indicators.compare.compare: columns org, name, numerator, denominator, value, lower_95,
    upper_95, vs_england, rank, quartile, funnel, best rank first (no value last, then by code).

    An authority without a return for the month is listed with blank figures, `not_compared`
    and no rank. England is the organisation of kind `england`, compared on the same basis
    (month, or year to date); without its figure every authority is `not_compared`. The funnel
    is drawn around the average of the authorities listed.
    """
    require(organisations, ("code", "name", "kind"), "organisations")
    about = check_catalogue(catalogue).set_index("code")
    counts = period_counts(returns, catalogue, indicator, period, ytd=ytd).set_index("org")
    chosen = authorities(organisations) if members is None else [str(m) for m in members]
    names = dict(zip(organisations["code"].astype(str), organisations["name"]))
    frame = pd.DataFrame({"org": chosen, "name": [names.get(code, code) for code in chosen]})
    frame["numerator"] = frame["org"].map(counts["numerator"]).astype("float64")
    frame["denominator"] = frame["org"].map(counts["denominator"]).astype("float64")
    england = england_code(organisations)
    england_value = counts["value"].get(england, np.nan) if england is not None else np.nan
    table = compare(frame, england_value, about.at[indicator, "polarity"])
    order = pd.DataFrame({"missing": table["rank"].isna().to_numpy(),
                          "rank": table["rank"].fillna(0).astype("int64").to_numpy(),
                          "org": table["org"].to_numpy()}, index=table.index)
    table = table.loc[order.sort_values(["missing", "rank", "org"], kind="stable").index].reset_index(drop=True)
    for column in ("numerator", "denominator"):
        if table[column].notna().all() or table[column].dropna().mod(1).eq(0).all():
            table[column] = table[column].astype("Int64")
    return table[COMPARE_COLUMNS]


def funnel_lines(table: pd.DataFrame) -> pd.DataFrame:
    """The funnel plot's limit lines for a `compare_indicator` table, as PHEindicatormethods draws
    them: at `funnel_axis` of the authorities' denominators, around their average, clipped to
    0-100 (columns of indicators.compare.funnel_limits). Empty without a denominator above 0."""
    require(table, ("numerator", "denominator"), "table")
    n = floats(table["denominator"], "denominator")
    x = floats(table["numerator"], "numerator")
    usable = ~np.isnan(n) & (n > 0) & ~np.isnan(x)
    average = group_average(x[usable], n[usable]) if usable.any() else np.nan
    if not usable.any() or np.isnan(average):
        return funnel_limits([], 0.0).iloc[:0]
    return funnel_limits(funnel_axis(n[usable]), average, clip=True)


def monthly_values(returns: pd.DataFrame, indicator: str, orgs, period, months: int = 24) -> pd.DataFrame:
    """The in-month values of `indicator` for `orgs` over the `months` up to `period`: columns org,
    period (month start), value (percent; a return with no counts keeps its value), oldest first
    within each organisation, organisations in the order given."""
    require(returns, RETURN_COLUMNS, "returns")
    month = _month(period)
    start = month - pd.DateOffset(months=months - 1)
    when = month_start(returns["period"])
    wanted = [str(o) for o in orgs]
    rows = returns[(returns["indicator"] == indicator).to_numpy() & (when >= start).to_numpy()
                   & (when <= month).to_numpy() & (_positions(returns["org"], wanted) >= 0)]
    out = pd.DataFrame({"org": rows["org"].astype(object).to_numpy(),
                        "period": month_start(rows["period"]).to_numpy(),
                        "value": _values(rows)})
    out["_order"] = out["org"].map({code: i for i, code in enumerate(wanted)})
    out = out.sort_values(["_order", "period"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Benchmark:
    """What the Compare page and `pidash compare` show for one indicator and period.

    table       compare_indicator's frame for the group (best rank first).
    funnel      funnel_lines(table): the 95% and 99.8% limits to draw.
    england     England's value on the same basis (None: no figure).
    region      the home authority's region's value (None: no region known or no figure).
    region_name its name ("" when none).
    average     the group's average in percent (sum of numerators / sum of denominators).
    """

    indicator: str
    title: str
    polarity: str
    ytd_rule: str
    period: pd.Timestamp
    ytd: bool
    group: str
    home: str | None
    neighbours: tuple[str, ...]
    table: pd.DataFrame
    funnel: pd.DataFrame
    england: float | None
    region: float | None
    region_name: str
    average: float | None
    members: tuple[str, ...] = field(default=())


def benchmark(returns: pd.DataFrame, catalogue: pd.DataFrame, organisations: pd.DataFrame, indicator: str,
              period, *, ytd: bool = False, group: str = "all", home: str | None = None,
              neighbours=()) -> Benchmark:
    """The comparison of one indicator across the authorities of `group` (see `group_members`),
    with England's and the home authority's region's value on the same basis, and the funnel."""
    about = check_catalogue(catalogue).set_index("code")
    members = group_members(organisations, group, home, neighbours)
    table = compare_indicator(returns, catalogue, organisations, indicator, period, ytd=ytd, members=members)
    counts = period_counts(returns, catalogue, indicator, period, ytd=ytd).set_index("org")["value"]
    names = dict(zip(organisations["code"].astype(str), organisations["name"]))
    kinds = dict(zip(organisations["code"].astype(str), organisations["kind"]))
    england = england_code(organisations)
    region = region_of(home) if home else None
    if region is not None and kinds.get(region) != OrgKind.REGION.value:
        region = None
    n = floats(table["denominator"], "denominator")
    x = floats(table["numerator"], "numerator")
    average = group_average(x, n) if len(table) else np.nan
    title = about.at[indicator, "title"] if "title" in about.columns else indicator
    return Benchmark(
        indicator=indicator, title=str(title), polarity=str(about.at[indicator, "polarity"]),
        ytd_rule=str(about.at[indicator, "ytd_rule"]), period=_month(period), ytd=ytd, group=group, home=home,
        neighbours=tuple(str(c) for c in neighbours), table=table, funnel=funnel_lines(table),
        england=_number(counts.get(england)) if england else None,
        region=_number(counts.get(region)) if region else None,
        region_name=str(names.get(region, "")) if region else "",
        average=None if np.isnan(average) else float(average * 100), members=tuple(members),
    )


# ---------------------------------------------------------------------------------------------
# The comparison with England on a scorecard
# ---------------------------------------------------------------------------------------------

def vs_england_for_card(card: pd.DataFrame, returns: pd.DataFrame, organisations: pd.DataFrame) -> pd.Series:
    """Each scorecard row against England for its month, the Fingertips way: the row's Wilson 95%
    limits (its numerator of its denominator) hold England's value (`similar`) or lie above or
    below it (`better`/`worse` by polarity; `higher`/`lower` for within_band); `not_compared`
    without a return that month or without England's figure.

    `card`: scorecard rows (indicator, period, numerator, denominator, polarity; one card or many
    authorities' in one frame). `returns`: must hold England's returns for the cards' months
    (England = the organisation of kind england; its value from its counts, or the value it came
    with when it has none). Returns a Series of Comparison values with the card's index.
    """
    require(card, ("indicator", "period", "numerator", "denominator", "polarity"), "card")
    require(returns, RETURN_COLUMNS, "returns")
    england = england_code(organisations)
    if england is None or card.empty:
        return pd.Series(Comparison.NOT_COMPARED.value, index=card.index, dtype=object)
    theirs = returns[(returns["org"] == england).to_numpy()]
    found = dict(zip(zip(theirs["indicator"].astype(object), month_number(theirs["period"])), _values(theirs)))
    england_value = np.array([found.get(key, np.nan) for key in
                              zip(card["indicator"].astype(object), month_number(card["period"]))], dtype="float64")
    x, n = floats(card["numerator"], "numerator"), floats(card["denominator"], "denominator")
    lower, upper = wilson_limits(x, n, 0.95)
    value = percent(x, n)
    out = vs_england(value, lower, upper, england_value, card["polarity"].astype(object).to_numpy())
    return pd.Series(out, index=card.index, dtype=object)


# ---------------------------------------------------------------------------------------------
# Every authority's scorecard
# ---------------------------------------------------------------------------------------------

def scorecards(returns: pd.DataFrame, catalogue: pd.DataFrame, targets: pd.DataFrame,
               organisations: pd.DataFrame, period, *, versions: pd.DataFrame | None = None,
               orgs=None) -> pd.DataFrame:
    """Every local authority's scorecard for `period` in one frame: column `org`, then exactly
    indicators.scorecard's SCORECARD_COLUMNS, one row per authority and indicator (authorities in
    the order of `organisations`, indicators in the catalogue's), each row as
    `scorecard(returns, catalogue, targets, organisations, period, org, versions=versions)` gives it.

    `returns` needs every authority's returns up to the month (earlier months for SPC) and the
    comparators' for the month; later months are left out. `orgs`: only these authorities
    (default: every local authority). SPC runs once over every series (indicators.spc_batch).
    Raises ValueError for a missing column, an organisation that is not a local authority, or two
    returns for one organisation, indicator and month.
    """
    require(returns, RETURN_COLUMNS, "returns")
    require(organisations, ("code", "kind"), "organisations")
    about = check_catalogue(catalogue)
    if "title" not in about.columns:
        about["title"] = about["code"]
    check_targets(targets)
    every = authorities(organisations)
    chosen = every if orgs is None else [str(o) for o in orgs]
    strangers = [o for o in chosen if o not in set(every)]
    if strangers:
        raise ValueError(f"scorecards: {', '.join(strangers)} is not a local authority in organisations")
    month = _month(period)
    codes = [str(c) for c in about["code"]]
    n_org, n_ind = len(chosen), len(codes)
    size = n_org * n_ind

    # every return of the chosen authorities and indicators up to the month, as arrays keyed by
    # position (the authority's in `chosen`, the indicator's in the catalogue): no text per row
    org_pos = _positions(returns["org"], chosen)
    ind_pos = _positions(returns["indicator"], codes)
    when = _month_starts(returns["period"])
    at = np.flatnonzero((org_pos >= 0) & (ind_pos >= 0) & (when <= month.to_datetime64()))
    rows = {"org": org_pos[at], "indicator": ind_pos[at], "period": when[at],
            "numerator": returns["numerator"].to_numpy()[at], "denominator": returns["denominator"].to_numpy()[at]}
    if "value" in returns.columns:
        rows["value"] = returns["value"].to_numpy()[at]
    rows = _in_order(rows, n_ind, chosen, codes)  # by card row, then month; one return a month
    cell = rows["org"] * n_ind + rows["indicator"]  # the card row of each return
    kinds = pd.CategoricalDtype(codes)

    # year to date, RAG and directions, by indicators.values.evaluate on the months they read:
    # this financial year to the month, the month before, and last year's to 12 months before
    window = _evaluated_months(rows["period"], month)
    frame = pd.DataFrame({name: values[window] for name, values in rows.items()})
    frame["indicator"] = pd.Categorical.from_codes(frame["indicator"].to_numpy(), dtype=kinds)
    goal_org, goal_ind = _positions(targets["org"], chosen), _positions(targets["indicator"], codes)
    keep = (goal_org >= 0) & (goal_ind >= 0)
    goals = targets[keep].assign(org=goal_org[keep], indicator=pd.Categorical.from_codes(goal_ind[keep], dtype=kinds))
    done = _evaluate(frame, about.assign(code=pd.Categorical.from_codes(np.arange(n_ind), dtype=kinds)), goals, month)
    now = done[(done["period"] == month).to_numpy()]
    now_cell = now["org"].to_numpy(dtype=np.int64) * n_ind + now["indicator"].cat.codes.to_numpy().astype(np.int64)

    card = pd.DataFrame({
        "org": np.repeat(np.array(chosen, dtype=object), n_ind),
        "indicator": np.tile(np.array(codes, dtype=object), n_org),
        "title": np.tile(about["title"].to_numpy(), n_org),
        "polarity": np.tile(about["polarity"].astype(object).to_numpy(), n_org),
    })
    card["period"] = month
    has_data = np.zeros(size, dtype=bool)
    has_data[now_cell] = True
    card["has_data"] = has_data
    for column in ("value", "ytd_value", "numerator", "denominator", "rag",
                   "direction_vs_previous", "direction_vs_last_year"):
        card[column] = _scatter(now[column], now_cell, size) if len(now) else np.nan
    year = _target_lookup(targets[targets["year"] == financial_year(month)], chosen, codes)
    card["target"] = year["target"]
    card["tolerance"] = year["tolerance"]
    card = blank_categories(card)

    # SPC: every series at once
    spc = _spc(rows, cell, about, year["target"], size, codes, chosen, month, versions)
    card["variation"] = pd.Series(spc["variation"], dtype=object)
    card["assurance"] = pd.Series(spc["assurance"], dtype=object)
    card["spc_points"] = spc["points"]
    card["too_short"] = spc["too_short"]
    comparators = _comparators(returns, when, organisations, month, codes)
    card["comparators"] = [dict(c) for _ in range(n_org) for c in comparators]
    return card[ALL_ORGS_COLUMNS]


def target_years(period) -> list[str]:
    """The financial years whose targets a scorecard for `period` reads ("2008-09", "2009-10" for
    2009-09): its own, and the year before (the direction against last year compares with it)."""
    start = _year_start(_month(period)).year
    return [f"{y}-{(y + 1) % 100:02d}" for y in (start - 1, start)]


def cell_columns(code: str) -> tuple[str, str, str]:
    """The regional scorecard's three columns for an indicator: its status (the RAG where the
    authority has a target for the year, else the comparison with England), which of the two it
    is ("rag" or "vs_england"), and its SPC variation: (code, "code:basis", "code:variation")."""
    return str(code), f"{code}:basis", f"{code}:variation"


def regional_scorecard(returns: pd.DataFrame, catalogue: pd.DataFrame, targets: pd.DataFrame,
                       organisations: pd.DataFrame, period, versions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per local authority (in the order of `organisations`) for `period`: org, name, the
    counts REGIONAL_COUNTS (indicators red, amber, green, worse and better than England, and with
    special-cause concern or improvement), then for each indicator of the catalogue, in order,
    `cell_columns(code)`: status — the RAG (red/amber/green, None without a return) where the
    authority has a target for the financial year, otherwise the comparison with England for the
    month (better/similar/worse/higher/lower/not_compared) — its basis ("rag" or "vs_england"), and
    the SPC variation (a point type, None when the month has no return).

    The same RAG, variation and assurance as `indicators.scorecard.scorecard` for each authority
    (worked out by `scorecards`); the comparison with England as `vs_england_for_card`.
    """
    require(organisations, ("code", "name", "kind"), "organisations")
    long = scorecards(returns, catalogue, targets, organisations, period, versions=versions)
    long["vs_england"] = vs_england_for_card(long, returns, organisations)
    chosen = authorities(organisations)
    codes = list(dict.fromkeys(long["indicator"]))
    n_org, n_ind = len(chosen), len(codes)
    names = dict(zip(organisations["code"].astype(str), organisations["name"]))
    has_target = long["target"].notna().to_numpy()
    status = np.where(has_target, long["rag"].to_numpy(dtype=object), long["vs_england"].to_numpy(dtype=object))
    basis = np.where(has_target, "rag", "vs_england").astype(object)
    variation = long["variation"].to_numpy(dtype=object)

    def count(column, value):
        return (long[column].to_numpy(dtype=object) == value).reshape(n_org, n_ind).sum(axis=1).astype("int64")

    out = {"org": chosen, "name": [names.get(code, code) for code in chosen],
           "red": count("rag", Rag.RED.value), "amber": count("rag", Rag.AMBER.value),
           "green": count("rag", Rag.GREEN.value), "worse": count("vs_england", Comparison.WORSE.value),
           "better": count("vs_england", Comparison.BETTER.value),
           "special_cause_concern": count("variation", PointType.SPECIAL_CAUSE_CONCERN.value),
           "special_cause_improvement": count("variation", PointType.SPECIAL_CAUSE_IMPROVEMENT.value)}
    grid = {name: values.reshape(n_org, n_ind) for name, values in
            (("status", status), ("basis", basis), ("variation", variation))}
    for j, code in enumerate(codes):
        shown, kind, spc = cell_columns(code)
        out[shown] = pd.Series(grid["status"][:, j], dtype=object)
        out[kind] = pd.Series(grid["basis"][:, j], dtype=object)
        out[spc] = pd.Series(grid["variation"][:, j], dtype=object)
    frame = pd.DataFrame(out)
    for name in list(frame.columns):
        if frame[name].dtype == object:
            frame[name] = frame[name].where(frame[name].notna(), None)
    return frame


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------

def _evaluate(frame: pd.DataFrame, about: pd.DataFrame, goals: pd.DataFrame, month: pd.Timestamp) -> pd.DataFrame:
    """indicators.values.evaluate's steps, for the card's month: the year to date on every row
    given, then polarity, targets, RAG and directions on only the rows the month's line reads
    (the month, the month before, the same month last year), a tenth of them."""
    out = add_ytd(frame, about)
    wanted = [month, month - pd.DateOffset(months=1), month - pd.DateOffset(years=1)]
    out = out[out["period"].isin(wanted).to_numpy()]
    by_code = check_catalogue(about).set_index("code")
    out["polarity"] = out["indicator"].map(by_code["polarity"]).astype(object)
    out["stable_band"] = out["indicator"].map(by_code["stable_band"]).astype("float64")
    return add_directions(add_rag(add_targets(out, goals), value="ytd_value"))


def _spc(rows: dict, cell, about, year_target, size, codes, chosen, month, versions) -> dict:
    """indicator_spc's verdicts for every (authority, indicator) series, by card row: the months
    up to `month` with a value, improvement from the polarity, the year's target, and a new phase
    at each change of definition."""
    variation = np.full(size, None, dtype=object)
    assurance = np.full(size, None, dtype=object)
    points = np.zeros(size, dtype="int64")
    too_short = np.ones(size, dtype=bool)
    value = _values(rows)
    charted = np.flatnonzero(~np.isnan(value))
    if not len(charted):
        return {"variation": variation, "assurance": assurance, "points": points, "too_short": too_short}
    c_cell, c_when, c_value = cell[charted], rows["period"][charted], value[charted]  # in order (_in_order)
    c_ind = c_cell % len(codes)
    # a new phase at each change of definition: the number of changes on or before the month
    phase = np.zeros(len(c_cell), dtype="int64")
    changed = {} if versions is None else definition_changes(versions)
    for j, code in enumerate(codes):
        starts = changed.get(code, ())
        if len(starts):
            mine = c_ind == j
            changes = pd.DatetimeIndex(starts).as_unit("ns").to_numpy()
            phase[mine] = np.searchsorted(changes, c_when[mine].astype("datetime64[ns]"), side="right")
    kinds = list(dict.fromkeys(IMPROVEMENT.values()))
    per_indicator = np.array([kinds.index(IMPROVEMENT[p]) for p in about["polarity"].astype(object)], dtype=np.int64)
    improvement = pd.Categorical.from_codes(per_indicator[c_ind], categories=kinds)
    last = np.r_[c_cell[1:] != c_cell[:-1], True]
    ends_in_month = np.zeros(size, dtype=bool)
    ends_in_month[c_cell[last]] = c_when[last] == month.to_datetime64()
    # the chart, by indicators.spc_series.choose_chart's rule for each series: the p-chart where
    # every month charted has its counts and their median denominator is under SMALL_DENOMINATOR
    c_num = floats(pd.Series(rows["numerator"][charted]), "numerator")
    c_den = floats(pd.Series(rows["denominator"][charted]), "denominator")
    by_series = pd.Series(c_den).groupby(c_cell, sort=False)
    small = (by_series.median() < SMALL_DENOMINATOR) & ~pd.Series(np.isnan(c_den)).groupby(c_cell, sort=False).any()
    on_p = np.zeros(size, dtype=bool)
    on_p[small.index[small.to_numpy()].to_numpy(dtype=np.int64)] = True
    p_rows = on_p[c_cell]
    for chart, mine in ((XMR_CHART, ~p_rows), (P_CHART, p_rows)):
        if not mine.any():
            continue
        frame = pd.DataFrame({"series": c_cell[mine], "value": c_value[mine], "numerator": c_num[mine],
                              "denominator": c_den[mine], "improvement": improvement[mine],
                              "target": year_target[c_cell[mine]], "phase": phase[mine]})
        if chart == P_CHART:
            result = pchart_many(frame, series="series", numerator="numerator", denominator="denominator",
                                 improvement="improvement", target="target", phase="phase")
        else:
            result = xmr_many(frame, series="series", value="value", improvement="improvement", target="target",
                              phase="phase", rebase=None)
        at = result.index.to_numpy(dtype="int64")
        variation[at] = np.where(ends_in_month[at], result["variation"].to_numpy(dtype=object), None)
        assurance[at] = result["assurance"].to_numpy(dtype=object)
        points[at] = result["points"].to_numpy(dtype="int64")
        too_short[at] = result["too_short"].to_numpy(dtype=bool)
    return {"variation": variation, "assurance": assurance, "points": points, "too_short": too_short}


def _in_order(rows: dict, n_ind: int, chosen, codes) -> dict:
    """`rows` (arrays) sorted by card row and month (the store's own order, as a rule, so usually
    left as they are); raises ValueError naming an organisation, indicator and month given twice."""
    cell = rows["org"] * n_ind + rows["indicator"]
    when = rows["period"]
    step = np.diff(cell)
    if len(cell) > 1 and not ((step > 0) | ((step == 0) & (np.diff(when) > np.timedelta64(0)))).all():
        order = np.lexsort((when, cell))
        rows = {name: values[order] for name, values in rows.items()}
        cell, when = cell[order], when[order]
        twice = (cell[1:] == cell[:-1]) & (when[1:] == when[:-1])
        if twice.any():
            i = int(np.argmax(twice))
            raise ValueError(f"returns: more than one row for org {chosen[cell[i] // n_ind]}, indicator "
                             f"{codes[cell[i] % n_ind]}, period {pd.Timestamp(when[i]):%Y-%m}")
    return rows


def _comparators(returns, when, organisations, month, codes) -> list[dict[str, float]]:
    """As the scorecard's: per indicator, {org code: in-month value} for each organisation that
    is not a local authority with a value that month, in the order of `organisations`."""
    others = [str(c) for c, k in zip(organisations["code"], organisations["kind"])
              if k != OrgKind.LOCAL_AUTHORITY.value]
    in_month = returns[when == month.to_datetime64()]
    theirs = in_month[_positions(in_month["org"], others) >= 0]
    values = _values(theirs)
    found = {(str(i), str(o)): v for i, o, v in zip(theirs["indicator"], theirs["org"], values) if not np.isnan(v)}
    return [{o: float(found[(code, o)]) for o in others if (code, o) in found} for code in codes]


def _values(rows) -> np.ndarray:
    """In-month values as add_ytd works them out: numerator × 100 / denominator, or the value a
    return came with when it has no counts. `rows`: a frame, or a dict of arrays."""
    numerator = floats(pd.Series(rows["numerator"]), "numerator")
    denominator = floats(pd.Series(rows["denominator"]), "denominator")
    values = percent(numerator, denominator)
    if "value" in rows:
        missing = np.isnan(numerator) | np.isnan(denominator)
        if missing.any():
            values = np.where(missing, floats(pd.Series(rows["value"]), "value"), values)
    return values


def _target_lookup(year_targets: pd.DataFrame, chosen, codes) -> dict[str, np.ndarray]:
    """The year's target and tolerance by card row (authority-major), NaN where none is set."""
    size = len(chosen) * len(codes)
    out = {"target": np.full(size, np.nan), "tolerance": np.full(size, np.nan)}
    o = _positions(year_targets["org"], chosen)
    i = _positions(year_targets["indicator"], codes)
    keep = (o >= 0) & (i >= 0)
    at = o[keep] * len(codes) + i[keep]
    for name in out:
        out[name][at] = floats(year_targets[name], name)[keep]
    return out


def _positions(values: pd.Series, wanted) -> np.ndarray:
    """Each value's position in `wanted` (-1 where absent or blank): the distinct values looked
    up once, so a million rows cost a factorize (or nothing, when `values` is categorical)."""
    lookup = {str(w): i for i, w in enumerate(wanted)}
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values)
    per_value = np.array([lookup.get(str(u), -1) for u in uniques] + [-1], dtype=np.int64)
    return per_value[codes]  # a blank's code, -1, takes the trailing -1


def _scatter(column: pd.Series, at: np.ndarray, size: int) -> np.ndarray:
    """`column`'s values placed at card rows `at`; NaN (or None for text) elsewhere."""
    values = column.to_numpy()
    if values.dtype.kind in "fiub":
        out = np.full(size, np.nan)
        out[at] = values.astype("float64")
        if values.dtype.kind in "iu" and len(at) == size:
            return out.astype(values.dtype)
        return out
    out = np.full(size, np.nan, dtype=object)
    out[at] = values
    return out


def _month_starts(periods: pd.Series) -> np.ndarray:
    """indicators.values.month_start as a datetime64[ns] array, worked out once per distinct
    period (a million returns name a hundred or so months)."""
    codes, uniques = pd.factorize(periods)
    starts = month_start(pd.Series(uniques)).to_numpy().astype("datetime64[ns]")
    out = np.append(starts, np.datetime64("NaT", "ns"))  # a blank period's code, -1, takes the NaT
    return out[codes]


def _evaluated_months(when: np.ndarray, month: pd.Timestamp) -> np.ndarray:
    """Which of the months `when` the scorecard's year to date, RAG and directions for `month`
    read: this financial year up to the month, the month before, and last financial year up to
    12 months before (for the direction against last year)."""
    this_year = _year_start(month)
    a_year_ago = month - pd.DateOffset(years=1)
    previous = (month - pd.DateOffset(months=1)).to_datetime64()
    return (((when >= this_year.to_datetime64()) & (when <= month.to_datetime64())) | (when == previous)
            | ((when >= _year_start(a_year_ago).to_datetime64()) & (when <= a_year_ago.to_datetime64())))


def _plain_keys(rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` with org and indicator as plain text (a categorical read keeps its unused categories)."""
    out = rows.copy()
    for column in ("org", "indicator"):
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(object)
    return out


def _month(period) -> pd.Timestamp:
    start = month_start([period]).iloc[0]
    if pd.isna(start):
        raise ValueError(f"period: no month given (got {period!r})")
    return pd.Timestamp(start)


def _year_start(month: pd.Timestamp) -> pd.Timestamp:
    """April 1st of the financial year holding `month`."""
    return pd.Timestamp(year=month.year - (month.month < 4), month=4, day=1)


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
