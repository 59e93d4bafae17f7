"""The `pidash` command line: one sub-command module per domain, each with a `register(subparsers)`.

Heavy libraries (great-expectations, kaleido, streamlit) are imported inside the commands that
need them, so `pidash --help` stays fast.
"""
from __future__ import annotations

import argparse
import getpass
import importlib
import os
import sys

COMMAND_MODULES = ["cli.store_commands", "cli.indicator_commands", "cli.report_commands", "cli.bench_commands", "cli.ops_commands", "cli.plan_commands", "cli.cycle_commands", "cli.compare_commands", "cli.case_commands"]


class CommandError(Exception):
    """An error the user can fix; printed without a traceback, exit status 1."""


def current_user(args: argparse.Namespace) -> str:
    return args.user or os.environ.get("PIDASH_USER") or getpass.getuser()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pidash",
        description="Performance indicators and improvement plan for a children's safeguarding partnership.",
    )
    parser.add_argument("--db", metavar="PATH", help="database file (default: $PIDASH_DB or data/pidash.duckdb)")
    parser.add_argument("--user", metavar="NAME", help="who is making the change (default: $PIDASH_USER or login name)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again once the reader
    of a pipe (`pidash loads | head`) has gone (the Python docs' "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # stdout is not a file (e.g. redirected in-process)
        pass


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's flush at exit
        return status
    except BrokenPipeError:
        # stdout was closed early (piped into head): stop quietly, like other Unix tools
        _discard_stdout()
        return 1
    except CommandError as err:
        print(f"pidash: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pidash: interrupted; nothing partial was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
