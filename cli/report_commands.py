"""`pidash evidence`: the inspection evidence pack (or the quarterly report) for one month."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli import CommandError, current_user
from cli.common import open_store, progress_printer, record_pack_built


def register(sub: argparse._SubParsersAction) -> None:
    evidence = sub.add_parser(
        "evidence",
        help="write the evidence pack for a month: Excel workbook, PDF report, index of files with sha256",
        description="Write an inspection evidence pack for one month into a folder: an Excel workbook "
                    "(scorecard, a sheet per indicator with a chart, milestone and exception reports, the "
                    "data-quality record and the provenance of every figure), a PDF report with SPC charts, "
                    "and index.csv with each file's sha256. The PDF's charts need Chromium.",
    )
    evidence.add_argument("--period", required=True, metavar="YYYY-MM", help="the reporting month, e.g. 2009-09")
    evidence.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write the pack into")
    evidence.add_argument("--org", metavar="CODE", help="organisation (default: the home organisation)")
    evidence.add_argument("--indicators", metavar="NI59,NI62,...", help="only these indicators (default: all)")
    evidence.add_argument("--publish", action="store_true",
                          help="publication mode: suppress counts from 1 to 5 and the percentages built on them")
    evidence.add_argument("--quarterly", action="store_true",
                          help="the quarterly performance report instead: milestone report, exception report, "
                               "performance indicator report with direction of travel")
    evidence.add_argument("--as-signed-off", action="store_true",
                          help="as the month was signed off: only the loads up to the one its sign-off recorded, "
                               "and the commentary written by then (refused when the month is not signed off)")
    evidence.add_argument("--quiet", action="store_true", help="no progress messages")
    evidence.set_defaults(func=cmd_evidence)


def cmd_evidence(args: argparse.Namespace) -> int:
    from reports.build import ReportError, build_pack

    indicators = [i for i in (args.indicators or "").split(",") if i.strip()] or None
    child_lists = record_pack_built(args, indicators)  # who built which pack: in the audit trail before it is written
    with open_store(args, read_only=True) as con:
        try:
            result = build_pack(con, args.period, args.out, org=args.org, indicators=indicators,
                                publish=args.publish, quarterly=args.quarterly, user=current_user(args),
                                progress=progress_printer(not args.quiet), as_signed_off=args.as_signed_off,
                                inspection_lists=child_lists)
        except ReportError as err:
            raise CommandError(str(err)) from None
    for entry in result.files:
        print(f"{result.out_dir / entry['file']}  sha256 {entry['sha256']}")
    print(f"{result.index}  (index of the pack's files)")
    for note in result.pack.notes:
        if not note.startswith("the PDF was not made"):
            print(f"note: {note}", file=sys.stderr)
    if result.pdf_error:
        raise CommandError(f"{result.pdf_error}\nThe workbook and index were written; run again once "
                           "Chromium is available to add the PDF.")
    return 0
