"""`pidash demo-scale`: synthetic files at regional or national scale, for benchmarks and load tests."""
from __future__ import annotations

import argparse
from pathlib import Path

from cli import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    scale = sub.add_parser(
        "demo-scale",
        help="write synthetic returns, organisations, targets and local indicators of any size",
        description="Write a synthetic returns file for N local authorities (ONS-style codes, London "
                    "boroughs first) over Y financial years ending March 2011, with England, regional and "
                    "statistical-neighbour comparators, plus its organisations, targets and (with "
                    "--local-indicators) local indicators files. Every figure is labelled synthetic. "
                    "Load them in the order printed.",
    )
    scale.add_argument("--orgs", type=int, default=150, metavar="N", help="local authorities (default 150)")
    scale.add_argument("--years", type=int, default=10, metavar="Y", help="financial years of monthly returns (default 10)")
    scale.add_argument("--local-indicators", type=int, default=0, metavar="K",
                       help="local indicators added to the ten national ones (default 0)")
    scale.add_argument("--seed", type=int, default=2011, help="random seed (default 2011)")
    scale.add_argument("--home", default="E09000014", metavar="CODE",
                       help="home organisation, given statistical neighbours (default E09000014)")
    scale.add_argument("--out", type=Path, required=True, metavar="DIR", help="directory for the CSV files")
    scale.set_defaults(func=cmd_demo_scale)


def cmd_demo_scale(args: argparse.Namespace) -> int:
    from demo.scale import write_scale_files

    if args.orgs < 1 or args.years < 1 or args.local_indicators < 0:
        raise CommandError("--orgs and --years must be at least 1 and --local-indicators 0 or more")
    if args.out.exists() and not args.out.is_dir():
        raise CommandError(f"--out must be a directory: {args.out} is a file")
    files = write_scale_files(args.out, args.orgs, args.years, args.local_indicators, args.seed, args.home)
    print(f"Wrote synthetic files to {args.out}:")
    order = [("indicators", files.indicators), ("organisations", files.organisations),
             ("targets", files.targets), ("returns", files.returns)]
    for table, path in order:
        if path is not None:
            print(f"  {path.name}: {files.rows[table]:,} rows")
    print("Load them in this order:")
    for table, path in order:
        if path is not None:
            print(f"  pidash load {table} {path}")
    return 0
