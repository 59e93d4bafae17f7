"""`pidash milestones`, `pidash exceptions`, `pidash risks`: the improvement plan's reports.

The plan's files are loaded with `pidash load` (themes, areas, actions, plan_milestones, then
milestones for status updates and risks for the register); these commands only read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import textwrap

from cli import CommandError

WIDTH = 100


def register(sub: argparse._SubParsersAction) -> None:
    milestones = sub.add_parser(
        "milestones", help="the milestone report: every milestone with its latest status as of a date",
        description="Every milestone of the improvement plan with its action, theme, lead, due dates and latest "
                    "status as of a date. A milestone past its due end and not complete is overdue.")
    _common(milestones)
    milestones.set_defaults(func=cmd_milestones)

    exceptions = sub.add_parser(
        "exceptions", help="the milestone exception report: overdue, off-track and at-risk milestones",
        description="The milestone exception report: overdue, off-track and at-risk milestones as of a date, "
                    "with their lead and latest commentary.")
    _common(exceptions)
    exceptions.set_defaults(func=cmd_exceptions)

    risks = sub.add_parser("risks", help="the programme's risks and issues as last reviewed by a date",
                           description="The risk and issue register: each entry as last reviewed on or before "
                                       "a date, highest likelihood × impact first.")
    _common(risks)
    risks.set_defaults(func=cmd_risks)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", dest="as_of",
                        help="the date to report as of (default: the latest status update held)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def _as_of(args: argparse.Namespace, con) -> dt.date:
    from data.plan_queries import status_dates

    if args.as_of:
        try:
            return dt.date.fromisoformat(args.as_of)
        except ValueError:
            raise CommandError(f"--as-of must be a date written YYYY-MM-DD, such as 2009-10-31 (got {args.as_of!r})") \
                from None
    dates = status_dates(con)
    return dates[0] if dates else dt.date.today()


def _report(args: argparse.Namespace):
    from cli.common import open_store
    from data import plan_queries
    from plan.reports import milestone_status_report

    with open_store(args, read_only=True) as con:
        as_of = _as_of(args, con)
        plan = plan_queries.plan_milestones(con)
        history = plan_queries.milestone_history(con)
    if plan.empty:
        raise CommandError("no improvement plan is loaded; load themes, areas, actions and plan_milestones "
                           "with 'pidash load' (or run 'pidash init --demo')")
    return as_of, milestone_status_report(plan, history, as_of)


def cmd_milestones(args: argparse.Namespace) -> int:
    from plan.reports import as_records, readable

    as_of, report = _report(args)
    if args.json:
        print(json.dumps(as_records(report), indent=1))
        return 0
    print(f"Milestone report as of {as_of:%d %b %Y}: {len(report)} milestones; {_counts(report)}")
    print()
    table = readable(report)
    table.insert(0, "Action/no.", table.pop("Action") + "/" + table.pop("No.").astype(str))
    print(_text_table(table[["Action/no.", "Due", "Status", "Overdue", "Lead", "Milestone"]],
                      {"Lead": 28, "Milestone": 60}))
    return 0


def cmd_exceptions(args: argparse.Namespace) -> int:
    from plan.reports import as_records, exceptions, readable

    as_of, report = _report(args)
    found = exceptions(report)
    if args.json:
        print(json.dumps(as_records(found), indent=1))
        return 0
    print(f"Milestone exception report as of {as_of:%d %b %Y}: {len(found)} exception(s) among {len(report)} "
          f"milestones; {_counts(found)}")
    if found.empty:
        print("No milestone is overdue, off track or at risk.")
        return 0
    for row in readable(found).to_dict("records"):
        print()
        flags = ", ".join(f for f in (row["Status"], row["Overdue"]) if f)
        print(f"{row['Action']}/{row['No.']}  {flags}  (due {row['Due']})  {row['Theme']}")
        print(_wrapped(row["Milestone"], "  "))
        print(_wrapped(f"Lead: {row['Lead']}", "  "))
        said = row["Commentary"] if row["Commentary"] else "no commentary"
        reported = f" ({row['Reported']})" if row["Reported"] else ""
        print(_wrapped(f"Commentary{reported}: {said}", "  "))
    return 0


def cmd_risks(args: argparse.Namespace) -> int:
    from cli.common import open_store
    from data.plan_queries import risk_register
    from plan.reports import risk_table

    with open_store(args, read_only=True) as con:
        as_of = _as_of(args, con)
        register = risk_register(con, as_of)
    table = risk_table(register)
    if args.json:
        print(table.to_json(orient="records", force_ascii=False))
        return 0
    if table.empty:
        print(f"No risks or issues reviewed by {as_of:%d %b %Y}.")
        return 0
    print(f"Risks and issues as last reviewed by {as_of:%d %b %Y}: {len(table)}")
    print()
    print(_text_table(table[["Code", "Kind", "Score", "Rating", "Status", "Owner", "Title"]], {"Owner": 30, "Title": 60}))
    return 0


def _counts(report) -> str:
    """'257 complete, 63 on track, 5 at risk, 16 off track, 21 not started, 13 overdue' (statuses in order)."""
    from vocab import label
    from plan.reports import NO_UPDATE, STATUS_ORDER

    held = report["status"].fillna(NO_UPDATE).value_counts()
    parts = [f"{held[s]} {'no update' if s == NO_UPDATE else label(s).lower()}" for s in map(str, STATUS_ORDER)
             if held.get(s, 0)]
    return ", ".join(parts + [f"{int(report['overdue'].sum())} overdue"])


def _wrapped(text: str, indent: str) -> str:
    return textwrap.fill(str(text), WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _text_table(frame, widths: dict[str, int]) -> str:
    """Columns padded to their widest cell; the named columns cut at the given width with '…'."""
    def cell(column: str, value) -> str:
        text = "" if value is None or value != value else str(value)
        limit = widths.get(column)
        return text if not limit or len(text) <= limit else text[: limit - 1] + "…"

    rows = [[cell(c, v) for c, v in zip(frame.columns, values)] for values in frame.itertuples(index=False)]
    sizes = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(frame.columns)]
    lines = ["  ".join(c.ljust(sizes[i]) for i, c in enumerate(frame.columns)).rstrip()]
    lines.append("  ".join("-" * s for s in sizes))
    lines += ["  ".join(v.ljust(sizes[i]) for i, v in enumerate(r)).rstrip() for r in rows]
    return "\n".join(lines)
