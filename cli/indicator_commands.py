"""`pidash scorecard`: every indicator for one period, as the dashboard's scorecard shows it."""
from __future__ import annotations

import argparse
import json
import re

from cli import CommandError
from cli.common import open_store


def register(sub: argparse._SubParsersAction) -> None:
    card = sub.add_parser(
        "scorecard",
        help="every indicator for one month: value, year to date, target, RAG, direction, SPC",
        description="The scorecard for one month: in-month and year-to-date values, target and RAG, "
                    "direction of travel, SPC variation and assurance, comparators.",
    )
    card.add_argument("--period", required=True, metavar="YYYY-MM", help="the reporting month, e.g. 2009-09")
    card.add_argument("--org", metavar="CODE", help="organisation (default: the home organisation)")
    card.add_argument("--json", action="store_true", help="machine-readable output")
    card.add_argument("--as-signed-off", action="store_true",
                      help="as the month was signed off: only the loads up to the one its latest sign-off recorded")
    card.add_argument("--all-orgs", action="store_true",
                      help="every local authority's scorecard, each row with its org (not with --org)")
    card.set_defaults(func=cmd_scorecard)


def build(con, period: str, org: str | None, returns=None):
    """The scorecard frame for a period and organisation, from the store. `returns`: the figures to
    read instead of the current ones (the scorecard as signed off reads those in force at its load)."""
    from data import queries
    from indicators.regional import vs_england_for_card
    from indicators.scorecard import scorecard

    org = org or queries.home_org(con)
    if org is None:
        raise CommandError("no home organisation is set; run 'pidash init --home CODE' or pass --org")
    organisations = queries.organisations(con)
    if org not in set(organisations["code"]):
        raise CommandError(f"unknown organisation '{org}'; known: {', '.join(organisations['code'])}")
    if returns is None:
        returns = queries.scorecard_returns(con, org, period)  # what the scorecard reads, not the whole store
    card = scorecard(returns, queries.catalogue_at(con, period), queries.targets(con, orgs=[org]), organisations,
                     period, org, versions=queries.catalogue(con, current_only=False))
    card["vs_england"] = vs_england_for_card(card, returns, organisations)  # England's month is in `returns`
    return card


def cmd_scorecard(args: argparse.Namespace) -> int:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.period):
        raise CommandError(f"--period must be a month written YYYY-MM, such as 2009-09 (got '{args.period}')")
    from cli.cycle_commands import cycle_fields, signed_off_card  # the monthly cycle's fields

    with open_store(args, read_only=True) as con:
        if args.all_orgs:  # every local authority in one pass: cli/compare_commands.py
            from cli.compare_commands import all_orgs_output

            print(all_orgs_output(con, args, records, human, cycle_fields))
            return 0
        card = signed_off_card(con, args, build) if args.as_signed_off else build(con, args.period, args.org)
        cycle = cycle_fields(con, card, args) if args.json else None
    if args.json:
        print(json.dumps([{**row, **more} for row, more in zip(records(card), cycle)], indent=2, default=str))
    else:
        print(human(card))
    return 0


COLUMNS = ["indicator", "title", "period", "value", "ytd_value", "target", "tolerance", "rag",
           "direction_vs_previous", "direction_vs_last_year", "variation", "assurance", "comparators", "vs_england"]


def records(card) -> list[dict]:
    """JSON-ready rows: NaN becomes null, the period a YYYY-MM string."""
    import math

    out = []
    for row in card.reindex(columns=COLUMNS).to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                value = None
            elif hasattr(value, "strftime"):
                value = value.strftime("%Y-%m")
            clean[key] = value
        out.append(clean)
    return out


def human(card) -> str:
    from vocab import label

    def pct(v):
        return "—" if v is None or v != v else f"{v:.1f}%"

    lines = []
    for row in records(card):
        comparators = ", ".join(f"{k} {pct(v)}" for k, v in (row["comparators"] or {}).items())
        lines.append(
            f"{row['indicator']:<6} {row['title'][:60]}\n"
            f"       month {pct(row['value'])}  YTD {pct(row['ytd_value'])}  target {pct(row['target'])}"
            f" ± {row['tolerance'] if row['tolerance'] is not None else '—'}  RAG {label(row['rag'])}\n"
            f"       vs last month: {label(row['direction_vs_previous'])};"
            f" vs last year: {label(row['direction_vs_last_year'])}\n"
            f"       SPC: {label(row['variation'])}; assurance: {label(row['assurance'])}\n"
            f"       comparators: {comparators or '—'}; vs England: {label(row['vs_england'])}"
        )
    return "\n".join(lines)
