"""`pidash compare` (one indicator, every authority), `pidash neighbours` (who the home authority's
statistical neighbours are), and the every-authority scorecard behind `pidash scorecard --all-orgs`."""
from __future__ import annotations

import argparse
import json
import re

from cli import CommandError
from cli.common import open_store, require_role

MONTH = r"\d{4}-(0[1-9]|1[0-2])"
GROUPS = ("all", "region", "neighbours")  # indicators.regional.GROUPS, without importing pandas for --help


def register(sub: argparse._SubParsersAction) -> None:
    compare = sub.add_parser(
        "compare",
        help="one indicator for every local authority: value, 95%% limits, against England, rank, quartile, funnel",
        description="One indicator for every local authority in a group, for a month or its financial year "
                    "to date, as OHID Fingertips and LAIT compare them: value with Wilson 95% limits, against "
                    "England, rank and quartile (A best), and where it falls on the group's funnel plot.",
    )
    compare.add_argument("--indicator", required=True, metavar="CODE", help="the indicator, e.g. NI59")
    compare.add_argument("--period", required=True, metavar="YYYY-MM", help="the month, e.g. 2010-03")
    compare.add_argument("--ytd", action="store_true",
                         help="the financial year to date (April to the month) by the indicator's ytd rule")
    compare.add_argument("--group", choices=GROUPS, default="all",
                         help="all local authorities (default), the home authority's region, or the home "
                              "authority and its statistical neighbours")
    compare.add_argument("--json", action="store_true", help="machine-readable output")
    compare.set_defaults(func=cmd_compare)

    neighbours = sub.add_parser(
        "neighbours",
        help="show or record the home authority's statistical neighbours",
        description="The store holds statistical neighbours as one averaged organisation, not as a list of "
                    "authorities. This records which local authorities are an authority's neighbours, for "
                    "`pidash compare --group neighbours` and the Compare page (admin only to change).",
    )
    neighbours.add_argument("--org", metavar="CODE", help="the authority (default: the home organisation)")
    neighbours.add_argument("--set", metavar="CODE,CODE", dest="set_to",
                            help="record these local authorities as its neighbours (replacing any recorded); "
                                 "an empty value clears them")
    neighbours.add_argument("--json", action="store_true", help="machine-readable output")
    neighbours.set_defaults(func=cmd_neighbours)


def month(text: str, option: str = "--period") -> str:
    if not re.fullmatch(MONTH, text):
        raise CommandError(f"{option} must be a month written YYYY-MM, such as 2009-09 (got '{text}')")
    return text


# --- compare -----------------------------------------------------------------------------------

def build_compare(con, indicator: str, period: str, *, ytd: bool = False, group: str = "all"):
    """indicators.regional.benchmark for the home authority, from the store."""
    import pandas as pd

    from data import compare_queries, queries
    from indicators.regional import benchmark

    catalogue = queries.catalogue_at(con, period)
    if indicator not in set(catalogue["code"]):
        raise CommandError(f"unknown indicator '{indicator}'; known: {', '.join(catalogue['code'])}")
    home = queries.home_org(con)
    when = pd.Timestamp(period + "-01")
    april = pd.Timestamp(year=when.year - (when.month < 4), month=4, day=1)
    returns = compare_queries.indicator_returns(con, indicator, april, when)
    try:
        return benchmark(returns, catalogue, queries.organisations(con), indicator, period, ytd=ytd, group=group,
                         home=home, neighbours=compare_queries.neighbours(con, home))
    except ValueError as err:
        raise CommandError(str(err)) from None


def compare_records(table) -> list[dict]:
    """The comparison's rows as JSON-ready dicts (keys: indicators.compare.COLUMNS; blanks null)."""
    out = []
    for row in table.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if _blank(value):
                value = None
            elif hasattr(value, "item"):  # numpy / pandas scalars
                value = value.item()
            if key in ("numerator", "denominator", "rank") and isinstance(value, float) and value.is_integer():
                value = int(value)
            clean[key] = value
        out.append(clean)
    return out


def _blank(value) -> bool:
    """None, NaN and pandas' NA (a rank or count with no figure)."""
    import pandas as pd

    if value is None:
        return True
    if isinstance(value, str):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def compare_text(result) -> str:
    """The comparison as a plain-text table, best first."""
    def pct(v):
        return "—" if v is None or v != v else f"{v:.1f}%"

    basis = "financial year to date" if result.ytd else "month"
    lines = [
        f"{result.indicator} {result.title}",
        f"{result.period:%Y-%m} ({basis}); group: {result.group} ({len(result.table)} authorities); "
        f"England {pct(result.england)}; group average {pct(result.average)}"
        + (f"; {result.region_name} {pct(result.region)}" if result.region_name else ""),
        f"{'rank':>4} {'q':1} {'authority':<40} {'value':>7} {'95% limits':>17}  {'vs England':<12} funnel",
    ]
    for row in compare_records(result.table):
        rank = "" if row["rank"] is None else str(row["rank"])
        limits = "" if row["lower_95"] is None else f"{row['lower_95']:.1f}–{row['upper_95']:.1f}%"
        marker = " (home)" if row["org"] == result.home else ""
        name = f"{row['name']} ({row['org']}){marker}"
        lines.append(f"{rank:>4} {row['quartile'] or '-':1} {name[:40]:<40} {pct(row['value']):>7} {limits:>17}  "
                     f"{row['vs_england']:<12} {row['funnel'] or '—'}")
    return "\n".join(lines)


def cmd_compare(args: argparse.Namespace) -> int:
    month(args.period)
    with open_store(args, read_only=True) as con:
        result = build_compare(con, args.indicator, args.period, ytd=args.ytd, group=args.group)
    if args.json:
        print(json.dumps(compare_records(result.table), indent=2))
    else:
        print(compare_text(result))
    return 0


# --- neighbours --------------------------------------------------------------------------------

def cmd_neighbours(args: argparse.Namespace) -> int:
    from data import compare_queries, queries, store
    from vocab import OrgKind, Role

    if args.set_to is None:
        with open_store(args, read_only=True) as con:
            org = _authority(con, args.org)
            chosen = compare_queries.neighbours(con, org)
            names = dict(zip(queries.organisations(con)["code"], queries.organisations(con)["name"]))
    else:
        require_role(args, Role.ADMIN, "record statistical neighbours")
        chosen = list(dict.fromkeys(c.strip() for c in args.set_to.split(",") if c.strip()))
        with open_store(args) as con:
            org = _authority(con, args.org)
            organisations = queries.organisations(con)
            names = dict(zip(organisations["code"], organisations["name"]))
            authorities = set(organisations.loc[organisations["kind"] == OrgKind.LOCAL_AUTHORITY.value, "code"])
            unknown = [c for c in chosen if c not in authorities]
            if unknown:
                raise CommandError(f"not local authorities in the store: {', '.join(unknown)}")
            if org in chosen:
                raise CommandError(f"{org} cannot be its own statistical neighbour")
            with store.transaction(con):
                store.set_setting(con, compare_queries.NEIGHBOURS_KEY + org, ",".join(chosen))
    if args.json:
        print(json.dumps({"org": org, "neighbours": chosen}, indent=2))
    elif chosen:
        print(f"Statistical neighbours of {names.get(org, org)} ({org}), {len(chosen)}:")
        print("\n".join(f"  {code} {names.get(code, '')}" for code in chosen))
    else:
        print(f"No statistical neighbours are recorded for {names.get(org, org)} ({org}); "
              "record them with 'pidash neighbours --set CODE,CODE,…'.")
    return 0


def _authority(con, org: str | None) -> str:
    from data import queries
    from vocab import OrgKind

    org = org or queries.home_org(con)
    if org is None:
        raise CommandError("no home organisation is set; run 'pidash init --home CODE' or pass --org")
    organisations = queries.organisations(con)
    kinds = dict(zip(organisations["code"], organisations["kind"]))
    if kinds.get(org) != OrgKind.LOCAL_AUTHORITY.value:
        raise CommandError(f"'{org}' is not a local authority in the store")
    return org


# --- every authority's scorecard (pidash scorecard --all-orgs) ---------------------------------

def all_orgs_card(con, period: str):
    """Every local authority's scorecard for `period`, with `vs_england`: one frame, column `org`
    first, then the scorecard's columns (indicators.regional.scorecards)."""
    from data import compare_queries, queries
    from indicators.regional import scorecards, target_years, vs_england_for_card

    returns = compare_queries.returns_until(con, period)
    organisations = queries.organisations(con)
    targets = compare_queries.targets_for_years(con, target_years(period))  # this year's and last year's
    card = scorecards(returns, queries.catalogue_at(con, period), targets, organisations, period,
                      versions=queries.catalogue(con, current_only=False))
    card["vs_england"] = vs_england_for_card(card, returns, organisations)
    return card


def all_orgs_output(con, args: argparse.Namespace, records, human, cycle_fields) -> str:
    """`pidash scorecard --all-orgs`: every local authority's scorecard rows, each headed by its
    `org`, with exactly the single-organisation fields (`records(card)` and, in JSON,
    `cycle_fields(con, card, args)` for each authority); as text, `human(card)` under each code.
    The functions are the scorecard command's own, passed in (this module must not import it)."""
    if args.org:
        raise CommandError("--all-orgs shows every local authority: leave out --org")
    if getattr(args, "as_signed_off", False):
        raise CommandError("--all-orgs shows the live scorecards: it cannot be combined with --as-signed-off")
    card = all_orgs_card(con, args.period)
    parts = card.groupby("org", sort=False)
    if not args.json:
        return "\n".join(f"== {org}\n{human(rows)}" for org, rows in parts)
    out = []
    for org, rows in parts:
        more = cycle_fields(con, rows, argparse.Namespace(**{**vars(args), "org": org}))
        out += [{"org": org, **row, **extra} for row, extra in zip(records(rows), more)]
    return json.dumps(out, indent=2, default=str)
