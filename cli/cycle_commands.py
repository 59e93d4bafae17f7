"""The monthly reporting cycle: `pidash status`, `pidash signoff` and `pidash commentary`, and the
cycle's fields on `pidash scorecard` (commentary, commentary_needed, changed_since_signoff,
--as-signed-off). The work is in ops/signoff.py and ops/commentary.py; "today" is $PIDASH_TODAY
when set (indicators/clock.py).
"""
from __future__ import annotations

import argparse
import json
import re
import sys

from cli import CommandError, current_user
from cli.common import command_role, open_store, require_role

_PERIOD = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")


def register(sub: argparse._SubParsersAction) -> None:
    status = sub.add_parser(
        "status", help="a month's returns (received, late, missing, not yet due), commentary needed, sign-off",
        description="For each local authority (or --org) and each indicator in force that month: whether the "
                    "return was received on time (when, by which load), received late, is missing (past its due "
                    "day) or not yet due; which red or concern indicators still need commentary; whether the month "
                    "is ready for sign-off, and its sign-off. Today is $PIDASH_TODAY when set.")
    status.add_argument("--period", required=True, metavar="YYYY-MM", help="the reporting month, e.g. 2009-10")
    status.add_argument("--org", metavar="CODE", help="one organisation (default: every local authority)")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(func=cmd_status)

    signoff = sub.add_parser(
        "signoff", help="sign a month off (approver), or reopen it with --reopen",
        description="Sign off a month: records who, when and the highest load id in force, so the scorecard as "
                    "signed off can be shown exactly later (pidash scorecard --as-signed-off). A month that is not "
                    "ready needs --override REASON, which is recorded. --reopen --reason TEXT reopens a signed-off "
                    "month; both are kept. Needs the approver role.")
    signoff.add_argument("--period", required=True, metavar="YYYY-MM", help="the month, e.g. 2009-09")
    signoff.add_argument("--org", metavar="CODE", help="organisation (default: the home organisation)")
    signoff.add_argument("--note", metavar="TEXT", help="a note kept with the sign-off")
    signoff.add_argument("--override", metavar="REASON", help="sign off a month that is not ready, for this reason")
    signoff.add_argument("--reopen", action="store_true", help="reopen the signed-off month instead (needs --reason)")
    signoff.add_argument("--reason", metavar="TEXT", help="why the month is reopened (with --reopen)")
    signoff.set_defaults(func=cmd_signoff)

    commentary = sub.add_parser(
        "commentary", help="show or write the commentary on an indicator's month",
        description="Commentary is kept in versions: every write is a new one and nothing is overwritten. "
                    "Load many at once with `pidash load commentary FILE`.")
    actions = commentary.add_subparsers(dest="commentary_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the latest commentary on each indicator (or every version)")
    show.add_argument("--period", metavar="YYYY-MM", help="one month (default: every month)")
    show.add_argument("--org", metavar="CODE", help="organisation (default: the home organisation)")
    show.add_argument("--indicator", metavar="CODE", help="one indicator")
    show.add_argument("--history", action="store_true", help="every version, oldest first")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=cmd_commentary_show)
    write = actions.add_parser("write", help="write a new version of an indicator's commentary (data officer)")
    write.add_argument("--indicator", required=True, metavar="CODE", help="the indicator, e.g. NI59")
    write.add_argument("--period", required=True, metavar="YYYY-MM", help="the month it explains")
    write.add_argument("--text", required=True, metavar="TEXT", help="the commentary (at most 4,000 characters)")
    write.add_argument("--org", metavar="CODE", help="organisation (default: the home organisation)")
    write.add_argument("--doing", metavar="TEXT", help="what is being done about it")
    write.add_argument("--action", metavar="CODE", help="the improvement plan action it belongs to, e.g. 3.2.1")
    write.add_argument("--expected-by", metavar="YYYY-MM", help="the month improvement is expected")
    write.set_defaults(func=cmd_commentary_write)


# --- pidash status ------------------------------------------------------------------------------

def cmd_status(args: argparse.Namespace) -> int:
    from ops import signoff

    period = _period(args.period)
    today = _today()
    with open_store(args, read_only=True) as con:
        found = _cycle(lambda: signoff.status(con, period, args.org, today))
    if not found:
        raise CommandError("there is no local authority in the store; run 'pidash init --home CODE'")
    if args.json:
        print(json.dumps({"period": period, "today": today.isoformat(), "organisations": [s.to_dict() for s in found]},
                         indent=2))
        return 0
    print("\n\n".join(_status_text(s) for s in found))
    return 0


def _status_text(status) -> str:
    from vocab import label

    data = status.to_dict()
    counts = data["counts"]
    verdict = "ready for sign-off" if status.ready else "not ready for sign-off"
    lines = [f"{status.org} {status.name}, {_month_name(status.period)} (as at {status.today:%d %b %Y}): {verdict}",
             f"  returns: {counts['received']} received on time, {counts['late']} received late, "
             f"{counts['missing']} missing, {counts['not_yet_due']} not yet due"]
    for state, words in (("missing", "missing (past the due day)"), ("not_yet_due", "not yet due")):
        rows = [r for r in data["returns"] if r["state"] == state]
        lines.append(f"  {words}: " + (", ".join(f"{r['indicator']} (due {r['due_date']})" for r in rows) or "none"))
    for row in data["returns"]:
        if row["load_id"] is not None:
            restated = f", restated {row['restatements']} time(s) since" if row["restatements"] else ""
            lines.append(f"    {row['indicator']:<6} {row['state_label'].lower()}: due {row['due_date']}, first "
                         f"loaded {row['loaded_at']} by load {row['load_id']} ({row['file_name']}){restated}")
    needing = data["commentary_needed"]
    lines.append("  still need commentary: " + (", ".join(
        f"{r['indicator']} ({label(r['rag'])}; {label(r['variation'])})" for r in needing) or "none"))
    signed = data["signoff"]
    if signed is None:
        lines.append("  sign-off: not signed off")
    elif signed["kind"] == "signoff":
        override = f"; override: {signed['override']}" if signed["override"] else ""
        lines.append(f"  sign-off: signed off by {signed['signed_by']} on {signed['signed_at']} "
                     f"(loads up to {signed['load_id']}){override}")
    else:
        lines.append(f"  sign-off: reopened by {signed['signed_by']} on {signed['signed_at']}: {signed['note']}")
    for code, change in data["changed_since_signoff"].items():
        then, now = change["signed_off"], change["now"]
        lines.append(f"    changed since sign-off: {code}: value {_pct(then['value'])} → {_pct(now['value'])}, "
                     f"year to date {_pct(then['ytd_value'])} → {_pct(now['ytd_value'])}, "
                     f"RAG {label(then['rag'])} → {label(now['rag'])}, SPC {label(then['variation'])} → "
                     f"{label(now['variation'])}")
    return "\n".join(lines)


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1f}%"


# --- pidash signoff -------------------------------------------------------------------------------

def cmd_signoff(args: argparse.Namespace) -> int:
    import access
    from ops import signoff

    period = _period(args.period)
    if args.reopen and (args.override or args.note):
        raise CommandError("--reopen takes --reason, not --override or --note")
    if args.reason and not args.reopen:
        raise CommandError("--reason is for --reopen; a sign-off takes --note (and --override for a month not ready)")
    if args.reopen and not (args.reason or "").strip():
        raise CommandError("--reopen needs --reason TEXT: say why the month is reopened")
    what = "reopen a signed-off month" if args.reopen else "sign off a month"
    require_role(args, access.WRITE_ROLE["signoff"], what)
    role, _ = command_role(args)
    who = current_user(args)
    today = _today()
    with open_store(args) as con:
        if args.reopen:
            row = _cycle(lambda: signoff.reopen(con, args.org, period, who, role, args.reason))
            print(f"{row['org']} {period} reopened by {who}: {row['note']}. The sign-off is kept in the history.")
            return 0
        try:
            row = signoff.sign_off(con, args.org, period, who, role, args.note, args.override, today)
        except signoff.NotReady as err:
            raise CommandError(f"{err} Use --override REASON.") from None
        except (signoff.CycleError, access.PermissionDenied) as err:
            raise CommandError(str(err)) from None
    override = f" Override recorded: {row['override']}." if row["override"] else ""
    print(f"{row['org']} {period} signed off by {who}, as at load {row['load_id']}.{override} "
          f"`pidash scorecard --period {period} --as-signed-off` shows it as signed off.")
    return 0


# --- pidash commentary ------------------------------------------------------------------------------

def cmd_commentary_show(args: argparse.Namespace) -> int:
    from data import cycle_queries, queries

    period = _period(args.period) if args.period else None
    with open_store(args, read_only=True) as con:
        org = args.org or queries.home_org(con)
        read = cycle_queries.commentary_history if args.history else cycle_queries.latest_commentary
        indicators = [args.indicator.upper().replace(" ", "")] if args.indicator else None
        found = read(con, orgs=[org] if org else None, indicators=indicators, period=period)
    rows = [_commentary_row(r) for r in found.to_dict(orient="records")]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("No commentary.")
        return 0
    for r in rows:
        more = "".join(f"\n    {name}: {r[key]}" for key, name in (("doing", "doing"), ("action", "plan action"),
                                                                  ("expected_by", "expected by")) if r[key])
        print(f"{r['indicator']} {r['org']} {r['period']} v{r['version']} ({r['author']}, {r['written_at']})\n"
              f"    {r['text']}{more}")
    return 0


def cmd_commentary_write(args: argparse.Namespace) -> int:
    import access
    from data import queries
    from ops.commentary import write_commentary

    require_role(args, access.needed_to_load("commentary"), "write commentary")
    today = _today()
    with open_store(args) as con:
        org = args.org or queries.home_org(con)
        try:
            version = write_commentary(con, args.indicator, org, args.period, args.text, current_user(args),
                                       doing=args.doing, action=args.action, expected_by=args.expected_by,
                                       today=today)
        except ValueError as err:
            raise CommandError(str(err)) from None
    print(f"{args.indicator.upper()} {org} {args.period}: commentary version {version} written.")
    return 0


def _commentary_row(row: dict) -> dict:
    import pandas as pd

    def month(value):
        return None if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m")

    return {"indicator": row["indicator"], "org": row["org"], "period": month(row["period"]),
            "version": int(row["version"]), "text": row["text"], "doing": _text(row["doing"]),
            "action": _text(row["action"]), "expected_by": month(row["expected_by"]), "author": row["author"],
            "written_at": pd.Timestamp(row["written_at"]).isoformat(sep=" ", timespec="seconds"),
            "load_id": None if pd.isna(row["load_id"]) else int(row["load_id"])}


# --- the cycle's fields on `pidash scorecard` ------------------------------------------------------

def signed_off_card(con, args: argparse.Namespace, build):
    """`pidash scorecard --as-signed-off`: the scorecard as the month's latest sign-off left it,
    `build(con, period, org, returns=...)` (cli.indicator_commands.build) reading the figures in
    force at the load it recorded, with the commentary as it stood then; says on stderr who signed
    it off, and any target, definition or organisation replaced since, which it reads as now."""
    import pandas as pd

    from data import cycle_queries
    from ops import signoff

    found = _cycle(lambda: signoff.signed_off_scorecard(con, args.org, args.period))
    s = found.signoff
    returns = cycle_queries.returns_as_of_load(con, int(s["load_id"]), s["org"], args.period)
    card = build(con, args.period, s["org"], returns=returns)
    said = found.card.set_index("indicator")
    for column in ("commentary", "has_commentary", "commentary_needed"):
        card[column] = pd.Series([said.at[code, column] for code in card["indicator"]], index=card.index, dtype=object)
    print(f"As signed off by {s['signed_by']} on {signoff.signoff_dict(s)['signed_at']}: "
          f"the figures in force at load {s['load_id']}.", file=sys.stderr)
    for change in found.reference_changes.itertuples(index=False):
        print(f"note: {change.what} {change.item} ({change.detail}) were replaced by load {change.load_id} after the "
              "sign-off; pidash keeps only their current rows, so the scorecard reads them as they are now",
              file=sys.stderr)
    return card


def cycle_fields(con, card, args: argparse.Namespace) -> list[dict]:
    """Per scorecard row: commentary (exactly as written, or null) and commentary_needed, and on
    the live scorecard changed_since_signoff (null, or {"signed_off": {...}, "now": {...}})."""
    from ops import signoff

    if args.as_signed_off:
        columns = card[["commentary", "commentary_needed"]]
    else:
        columns = _cycle(lambda: signoff.live_cycle_columns(con, card, args.org, args.period))
    return [{key: (bool(value) if key == "commentary_needed" else value) for key, value in row.items()}
            for row in columns.to_dict(orient="records")]


# --- helpers ------------------------------------------------------------------------------------------

def _period(text: str) -> str:
    if not _PERIOD.fullmatch(text or ""):
        raise CommandError(f"--period must be a month written YYYY-MM, such as 2009-09 (got '{text}')")
    return text


def _today():
    from indicators import clock

    try:
        return clock.today()
    except ValueError as err:
        raise CommandError(str(err)) from None


def _cycle(work):
    """Run `work`, turning the cycle's refusals (ops.signoff.CycleError, PermissionDenied) into a plain message."""
    import access
    from ops.signoff import CycleError

    try:
        return work()
    except (CycleError, access.PermissionDenied) as err:
        raise CommandError(str(err)) from None


def _text(value):
    import pandas as pd

    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _month_name(period: str) -> str:
    import calendar

    return f"{calendar.month_name[int(period[5:])]} {period[:4]}"
