"""Operations: `pidash backup`, `pidash restore`, `pidash inbox`, `pidash whoami`, and the rules
every writing command follows — check the role, and when the dashboard holds the database,
queue the work for it through the inbox instead of failing (see ops/inbox.py).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from cli import CommandError, current_user
from cli.common import command_role, holder_text, login_name, open_for_write, progress_printer, require_role

QUEUED = 3  # exit status: handed to the process that holds the database


def register(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser(
        "backup", help="write a consistent backup of the database into a folder",
        description="Write a consistent copy of the database (a snapshot: never half of a load) into DIR as "
                    "pidash-YYYYMMDD-HHMMSS.duckdb with a JSON manifest of row counts and sha256. Works while "
                    "the dashboard runs: it is asked, through the inbox, to write the backup itself.")
    backup.add_argument("dir", type=Path, metavar="DIR", help="folder for the backup")
    backup.add_argument("--wait", type=float, default=120, metavar="SECONDS",
                        help="how long to wait for the running dashboard to write it (default 120)")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser(
        "restore", help="replace the database with a backup (stop the dashboard first)",
        description="Check a backup against its manifest and replace the database with it; the database it "
                    "replaces is kept beside it as NAME.before-restore-TIME.duckdb. Needs the admin role, "
                    "and the dashboard must be stopped.")
    restore.add_argument("source", type=Path, metavar="FILE_OR_DIR", help="a backup file, or a folder (newest backup)")
    restore.set_defaults(func=cmd_restore)

    inbox = sub.add_parser(
        "inbox", help="files queued for the database while another process held it",
        description="Files queued by `pidash load` while the dashboard held the database, and what became of them.")
    inbox_sub = inbox.add_subparsers(dest="inbox_command", metavar="ACTION", required=True)
    listing = inbox_sub.add_parser("list", help="waiting, loaded and rejected entries")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=cmd_inbox_list)
    process = inbox_sub.add_parser("process", help="check and load every waiting file now (when no dashboard runs)")
    process.set_defaults(func=cmd_inbox_process)

    whoami = sub.add_parser("whoami", help="your role, and the roles file in force",
                            description="Show the login and name pidash uses for you, your role, and the roles file.")
    whoami.set_defaults(func=cmd_whoami)


def report_processed(result) -> None:
    stream = sys.stdout if result.status in ("accepted", "done") else sys.stderr
    name = result.file_name or result.kind
    print(f"inbox {result.id} ({name}): {result.status}: {result.message}", file=stream)


def drain_inbox(con, path: Path, checker) -> list:
    """Load what others queued while this process could not; quietly nothing when the inbox is empty."""
    from ops.inbox import pending, process_inbox

    if not pending(path):
        return []
    return process_inbox(con, path, report=report_processed, checker=checker)


def load_or_queue(args: argparse.Namespace) -> int:
    """`pidash load`: check the role, load the file, or queue it for the process holding the database."""
    from checks import worker

    checker = worker.start()  # great-expectations imports in its own process while this one reads the file
    import access
    from data import store
    from ops import inbox
    from loads.pipeline import load_file
    from vocab import LoadStatus

    require_role(args, access.needed_to_load(args.table), f"load {args.table}")
    path = store.db_path(args.db)
    user = current_user(args)
    wait = store.lock_wait() if args.wait is None else args.wait
    con = open_for_write(path, wait)
    if con is None:
        holder = holder_text(path)
        entry = inbox.queue_load(path, args.table, args.file, user, login_name())
        con = open_for_write(path)  # the holder may have finished meanwhile: then load it now
        if con is None:
            seconds = os.environ.get("PIDASH_INBOX_SECONDS", "10")
            print(
                f"{args.file.name}: the database {path} is in use by {holder} (the dashboard or another load); "
                f"the file was queued for the running dashboard as inbox entry {entry.id}. It will be checked and "
                f"loaded in turn (the dashboard looks every {seconds} s; `pidash inbox process` does it when no "
                "dashboard runs). See `pidash inbox list` for the outcome.",
                file=sys.stderr,
            )
            return QUEUED
        try:
            results = inbox.process_inbox(con, path, report=report_processed, checker=checker)
        finally:
            con.close()
        ours = next((r for r in results if r.id == entry.id), None)
        return 0 if ours is not None and ours.status == "accepted" else 1
    try:
        outcome = load_file(con, args.table, args.file, user, progress_printer(not args.quiet), checker=checker)
        print(outcome.summary(), file=sys.stdout if outcome.status == LoadStatus.ACCEPTED else sys.stderr)
        drain_inbox(con, path, checker)
    finally:
        con.close()
    return 0 if outcome.status == LoadStatus.ACCEPTED else 1


# --- commands ------------------------------------------------------------------------------

def cmd_backup(args: argparse.Namespace) -> int:
    import duckdb

    from data import store
    from ops import inbox
    from ops.backup import BackupError, backup
    from vocab import Role

    require_role(args, Role.DATA_OFFICER, "take a backup")
    path = store.db_path(args.db)
    if not path.exists():
        raise CommandError(f"no database at {path}; nothing to back up")
    try:  # a backup reads: it runs directly unless a write holds the database past the wait
        con = store.connect(path, read_only=True, wait=store.lock_wait())
    except store.StoreBusy:
        con = None
    except duckdb.IOException as err:
        raise CommandError(f"cannot open {path}: {err}") from None
    if con is not None:
        try:
            result = backup(con, args.dir, current_user(args))
        except (BackupError, duckdb.Error, OSError) as err:
            raise CommandError(f"the backup failed: {err}") from None
        finally:
            con.close()
        print(result.summary())
        return 0
    entry = inbox.queue_backup(path, args.dir, current_user(args), login_name())
    print(f"The database is in use by {holder_text(path)}; asked the running dashboard for the backup "
          f"(inbox entry {entry.id}); waiting up to {args.wait:.0f} s.", file=sys.stderr)
    outcome = inbox.wait_for(path, entry.id, args.wait)
    if outcome is None:
        print(f"The backup request is queued for the running dashboard but not yet done; it will write into "
              f"{Path(args.dir).resolve()} (see `pidash inbox list`).", file=sys.stderr)
        return QUEUED
    if outcome.get("status") != "done":
        raise CommandError(outcome.get("message", "the backup failed"))
    print(outcome["message"])
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from data import store
    from ops.backup import BackupError, restore
    from vocab import Role

    require_role(args, Role.ADMIN, "restore a backup")
    try:
        restored, kept = restore(args.source, store.db_path(args.db))
    except BackupError as err:
        raise CommandError(str(err)) from None
    print(f"Restored {restored} into {store.db_path(args.db)}."
          + (f" The database it replaced is kept as {kept}." if kept else ""))
    return 0


def cmd_inbox_list(args: argparse.Namespace) -> int:
    from data import store
    from ops import inbox

    table = inbox.listing(store.db_path(args.db))
    if args.json:
        print(table.to_json(orient="records"))
        return 0
    if table.empty:
        print("The inbox is empty.")
        return 0
    print(table.drop(columns=["message"]).fillna("").to_string(index=False))
    for row in table.itertuples():
        if row.message and row.state != "waiting":
            print(f"{row.id}: {row.message}")
    return 0


def cmd_inbox_process(args: argparse.Namespace) -> int:
    from data import store
    from ops import inbox
    from vocab import Role

    require_role(args, Role.DATA_OFFICER, "process the inbox")
    path = store.db_path(args.db)
    con = open_for_write(path)
    if con is None:
        raise CommandError(f"the database {path} is in use by {holder_text(path)}; the dashboard processes the "
                           "inbox itself while it runs")
    try:
        results = inbox.process_inbox(con, path, report=report_processed)
    finally:
        con.close()
    if not results:
        print("The inbox is empty.")
    return 1 if any(r.status in ("rejected", "failed", "error") for r in results) else 0


def cmd_whoami(args: argparse.Namespace) -> int:
    role, source = command_role(args)
    shown = role.value if role else "no role"
    where = f"roles file {source}" if source else "no roles file: local single-user mode, everyone is admin"
    print(json.dumps({"login": login_name(), "user": current_user(args), "role": shown, "roles": where}, indent=2))
    return 0
