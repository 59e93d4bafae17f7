"""How long one evidence pack takes: the demo database, September 2009, every indicator.

    .venv/bin/python -m benchmarks.evidence_pack

Builds the demo database in a temporary folder, then times two packs in one process: the first
includes starting Chromium for the charts, the second reuses it (as the dashboard does).
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from data import store
from loads.bootstrap import init_database
from reports.build import build_pack


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        con = store.connect(Path(folder) / "pidash.duckdb")
        init_database(con, "benchmark", demo=True)
        for run in ("first (starts Chromium)", "second (reuses it)"):
            started = time.perf_counter()
            result = build_pack(con, "2009-09", Path(folder) / "pack", user="benchmark")
            print(f"{run}: {time.perf_counter() - started:.2f} s; "
                  + ", ".join(f"{f['file']} {f['bytes'] / 1024:.0f} KiB" for f in result.files))
        con.close()


if __name__ == "__main__":
    main()
