"""`pidash init`, `pidash load`, `pidash loads`: setting up the store and loading files."""
from __future__ import annotations

import argparse
from pathlib import Path

from cli import CommandError, current_user
from cli.common import open_store, require_role

LOAD_TABLES = ["returns", "targets", "organisations", "indicators", "milestones", "risks",
               "themes", "areas", "actions", "plan_milestones", "commentary", "cases"]


def register(sub: argparse._SubParsersAction) -> None:
    init = sub.add_parser("init", help="create or upgrade the database; --demo loads the bundled demo data",
                          description="Create or upgrade the database and load the indicator catalogue.")
    init.add_argument("--demo", action="store_true", help="also load the bundled demo data (synthetic, labelled so)")
    init.add_argument("--home", metavar="CODE", help="code of the home organisation (e.g. E09000014)")
    init.add_argument("--home-name", metavar="NAME", help="name of the home organisation")
    init.set_defaults(func=cmd_init)

    load = sub.add_parser("load", help="validate a CSV/XLSX file and load it",
                          description="Validate a CSV or XLSX file and, if every check passes, load it "
                                      "in one transaction. A rejected file changes nothing but the load history.")
    load.add_argument("table", choices=LOAD_TABLES, help="what the file holds")
    load.add_argument("file", type=Path, help="the CSV or XLSX file (for cases: a folder of files, or one workbook)")
    load.add_argument("--org", metavar="CODE", help="cases only: whose case records (default: the home organisation)")
    load.add_argument("--quiet", action="store_true", help="no progress messages")
    load.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                      help="while another process is writing to the database, retry for up to SECONDS "
                           "(default $PIDASH_LOCK_WAIT or 30); if it is still busy, the file is queued for the "
                           "dashboard (exit status 3)")
    load.set_defaults(func=cmd_load)

    loads = sub.add_parser("loads", help="the load history", description="List every load with its status.")
    loads.add_argument("--json", action="store_true", help="machine-readable output")
    loads.add_argument("--limit", type=int, default=50, help="most recent N loads (default 50)")
    loads.set_defaults(func=cmd_loads)


def cmd_init(args: argparse.Namespace) -> int:
    from loads.bootstrap import SetupError, init_database
    from vocab import Role

    require_role(args, Role.ADMIN, "set up the database")

    home = None
    if args.home:
        home = (args.home, args.home_name or args.home)
    with open_store(args) as con:
        try:
            outcomes = init_database(con, current_user(args), home=home, demo=args.demo)
        except SetupError as err:
            raise CommandError(str(err)) from None
    for outcome in outcomes:
        print(outcome.summary())
    print("Database ready." + (" Demo data loaded (synthetic figures are labelled 'synthetic')." if args.demo else ""))
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from cli.ops_commands import load_or_queue  # role check; queues the file when the dashboard holds the database

    if args.table == "cases":  # a folder or workbook of case records (cli/case_commands.py)
        from cli.case_commands import cmd_load_cases

        return cmd_load_cases(args)
    if getattr(args, "org", None):
        raise CommandError("--org is for case records only (pidash load cases PATH --org CODE)")
    if not args.file.is_file():
        raise CommandError(f"no such file: {args.file}")
    return load_or_queue(args)


def cmd_loads(args: argparse.Namespace) -> int:
    from data.queries import load_history

    with open_store(args, read_only=True) as con:
        history = load_history(con, limit=args.limit)
    if args.json:
        print(history.to_json(orient="records", date_format="iso"))
        return 0
    if history.empty:
        print("No loads yet.")
        return 0
    shown = history[["id", "loaded_at", "loaded_by", "kind", "file_name", "status", "rows", "rows_new", "rows_restated"]]
    print(shown.to_string(index=False))
    return 0
