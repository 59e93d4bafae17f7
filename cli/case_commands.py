"""Case records: `pidash load cases PATH [--org CODE]` (through `pidash load`, see
cli/store_commands.py) and `pidash records`, the children behind a figure (data officer or above;
every view is recorded in the audit trail)."""
from __future__ import annotations

import argparse
import json
import sys

from cli import CommandError, current_user
from cli.common import command_role, holder_text, open_for_write, open_store, progress_printer, require_role


def register(sub: argparse._SubParsersAction) -> None:
    records = sub.add_parser(
        "records", help="the children behind a figure computed from case records (data officer or above; audited)",
        description="List the records an indicator computed from case records counted in a month, those needing "
                    "attention first (for NI 59: out of time first), from the organisation's latest accepted case "
                    "load. Children are shown by pidash's pseudonymous id only. Needs the data_officer role or "
                    "above; every use is recorded in the audit trail (who, when, indicator, month).")
    records.add_argument("--indicator", required=True, metavar="CODE", help="e.g. NI59, NI62, SA45")
    records.add_argument("--period", required=True, metavar="YYYY-MM", help="the month of the figure")
    records.add_argument("--org", metavar="CODE", help="whose records (default: the home organisation)")
    records.add_argument("--json", action="store_true", help="machine-readable output (recorded as an export)")
    records.set_defaults(func=cmd_records)


def cmd_records(args: argparse.Namespace) -> int:
    import access
    from ops.case_records import RecordsError, records_behind

    require_role(args, access.CHILD_RECORDS, "see the children behind a figure")
    role, _ = command_role(args)
    with open_store(args) as con:  # read-write: the view is written to the audit trail first
        try:
            found = records_behind(con, current_user(args), role, args.indicator, args.period, org=args.org,
                                   exported=args.json)
        except (RecordsError, access.PermissionDenied) as err:
            raise CommandError(str(err)) from None
    if args.json:
        print(json.dumps(found.to_dict(), indent=2, default=str))
        return 0
    print(found.heading())
    table = found.table
    print("No records." if table.empty else table.fillna("").to_string(index=False))
    return 0


def cmd_load_cases(args: argparse.Namespace) -> int:
    """`pidash load cases PATH [--org CODE]`: check and load a folder or workbook of case records.

    Unlike a returns file, a case load is not queued through the inbox when another process holds
    the database: it waits up to --wait seconds, then stops with a message."""
    import access
    from checks import worker
    from data import store
    from loads.cases import CaseLoadError, load_cases
    from loads.pseudonym import KeyProblem
    from vocab import LoadStatus

    require_role(args, access.needed_to_load("cases"), "load case records")
    if not args.file.exists():
        raise CommandError(f"no such folder or workbook: {args.file}")
    checker = worker.start()  # great-expectations imports in its own process while the files are read
    path = store.db_path(args.db)
    con = open_for_write(path, store.lock_wait() if getattr(args, "wait", None) is None else args.wait)
    if con is None:
        raise CommandError(f"the database {path} is in use by {holder_text(path)} (the dashboard or another load); "
                           "case loads are not queued: try again when it has finished, or give --wait SECONDS")
    try:
        outcome = load_cases(con, args.file, current_user(args), org=getattr(args, "org", None),
                             progress=progress_printer(not args.quiet), checker=checker)
    except (CaseLoadError, KeyProblem) as err:
        raise CommandError(str(err)) from None
    finally:
        con.close()
    accepted = outcome.status == LoadStatus.ACCEPTED
    print(outcome.summary(), file=sys.stdout if accepted else sys.stderr)
    return 0 if accepted else 1
