"""What every command shares: the store opened with a plain message, progress on stderr, the
role of whoever runs the command."""
from __future__ import annotations

import argparse
import getpass
import sys
from contextlib import contextmanager
from pathlib import Path

from cli import CommandError, current_user
from vocab.progress import Progress, quiet


@contextmanager
def open_store(args: argparse.Namespace, read_only: bool = False):
    """The database for a command, with a plain message when another process holds it."""
    import duckdb

    from data import store

    path = store.db_path(args.db)
    if read_only and not path.exists():
        raise CommandError(f"no database at {path}; run 'pidash init' first")
    try:  # the dashboard holds the file only for the moment of a read or a write: wait that out
        con = store.connect(path, read_only=read_only, wait=store.lock_wait())
    except store.StoreBusy as err:
        raise CommandError(str(err)) from None
    except duckdb.IOException as err:
        raise CommandError(f"cannot open {path}: {err}") from None
    try:
        yield con
    finally:
        con.close()


def progress_printer(enabled: bool) -> Progress:
    """Progress lines on stderr (stdout stays the command's output), or nothing with --quiet."""
    if not enabled:
        return quiet

    def show(fraction: float, message: str) -> None:
        print(f"[{fraction * 100:3.0f}%] {message}", file=sys.stderr, flush=True)

    return show


# --- roles -----------------------------------------------------------------------------------

def login_name() -> str:
    return getpass.getuser()


def command_role(args: argparse.Namespace):
    """(role, roles file or None) for whoever runs this command."""
    import access
    from data import store

    try:
        role, mapping = access.command_line_role(store.db_path(args.db), login_name(), current_user(args))
    except access.RolesError as err:
        raise CommandError(str(err)) from None
    return role, (mapping.source if mapping else None)


def require_role(args: argparse.Namespace, needed, what: str) -> None:
    """Refuse (exit 1, a plain message) unless the person running the command may do `what`.
    With --user naming someone else, both they and the login must hold the role; a refusal
    says which of the two does not."""
    import access

    role, source = command_role(args)
    named, login = current_user(args), login_name()
    if access.allows(role, needed):
        return
    if source is None or named.lower() == login.lower():
        try:
            access.check(role, needed, named, what)
        except access.PermissionDenied as err:
            raise CommandError(str(err)) from None
    mapping = access.load_roles(source)
    held = {who: mapping.role_for(who) for who in (named, login)}
    said = [f"{named} has {access.held_text(held[named])}",
            f"the login {login} running the command has {access.held_text(held[login])}"]
    raise CommandError(f"{'; '.join(said)}; both must hold the role {needed.value} or above to {what}. "
                       "Ask an administrator to change the roles file.")


# --- holding the database, or handing work to whoever does -----------------------------------

def open_for_write(path: Path, wait: float = 0.0):
    """A read-write connection, retrying for up to `wait` seconds; None while another process holds it."""
    import duckdb

    from data import store

    try:
        return store.connect(path, wait=wait)
    except store.StoreBusy:
        return None
    except duckdb.IOException as err:
        raise CommandError(f"cannot open {path}: {err}") from None


def holder_text(path: Path) -> str:
    import duckdb

    from data import store

    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as err:
        return store.lock_holder(err) or "another process"
    return "another process"


# --- the audit trail ---------------------------------------------------------------------------

def record_pack_built(args: argparse.Namespace, indicators: list[str] | None) -> bool:
    """`pidash evidence`: record who is building which pack (period, organisation, options) in the
    audit trail, opening the store read-write just for that record, before anything is read for
    the pack. True when the person may see child-level rows, so the pack may hold the inspection
    lists (reports/inspection.py). CommandError when there is no database, it stays busy, or the
    request is malformed (a bad period, an unknown organisation)."""
    import access
    from data import store
    from ops import audit

    role, _ = command_role(args)
    child_lists = access.allows(role, access.CHILD_RECORDS)
    path = store.db_path(args.db)
    if not path.exists():
        raise CommandError(f"no database at {path}; run 'pidash init' first")
    try:
        with store.writing(path) as con:
            audit.pack_built(con, current_user(args), args.period, args.org, indicators=indicators,
                             publish=args.publish, quarterly=args.quarterly, as_signed_off=args.as_signed_off,
                             child_lists=child_lists, via="pidash evidence")
    except store.StoreBusy as err:
        raise CommandError(str(err)) from None
    except ValueError as err:
        raise CommandError(str(err)) from None
    return child_lists
