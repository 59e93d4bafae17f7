"""pidash at regional and national scale: every figure measured side by side with a baseline.

    bash benchmarks/run.sh            # all sections, writes benchmarks/results.md
    bash benchmarks/run.sh --quick    # fewer runs per figure
    bash benchmarks/run.sh --only load,scorecard

Not part of the test suite. The national data set is synthetic (`pidash demo-scale`): 150 local
authorities, ten years of monthly returns ending March 2011, the ten national indicators plus 42
local ones, with England, regional and statistical-neighbour comparators: about 1,000,000 return
rows. Each figure is the median of several runs; a figure and its baseline are run alternately in
one session, so a busy machine slows both. Timing uses only time.perf_counter and subprocess.

Baselines: the load against a bare DuckDB read_csv + INSERT of the same file; the scorecard, pages
and evidence pack against the same work on the demo database (one authority, four years, ten
indicators), which shows what scale costs; cold start against `streamlit run` of a one-line app.

Case records (`--only cases`): the demo authority's case files through `load_cases` against DuckDB's
read_csv + INSERT of the same files into the same tables; the indicators computed from them (every
definition, every month) against one count(*) pass over the case load; and a national set of
synthetic case loads (`python -m demo.cases --authorities 150 --years 10`, about 10,000,000
records) loaded one authority after another (all of them in the full run, a stated sample with
--quick), measured once in a process of its own, with the rate, peak memory and, for a sample,
the extrapolation to all 150.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results.md"
PY = sys.executable
HOME = ("E09000014", "Haringey")
NATIONAL = {"orgs": 150, "years": 10, "local": 42}
PERIOD = "2010-03"  # the scorecard's and evidence pack's month (a year-end, so every YTD is full)
PAGES = ["pages/scorecard.py", "pages/detail.py", "pages/quality.py", "pages/indicators.py", "pages/plan.py",
         "pages/exceptions.py", "pages/risks.py",
         "pages/evidence.py", "pages/load.py"]
NOT_ON_APP_PATH = ("great_expectations", "kaleido", "weasyprint")
START_MARK = "<!-- benchmark results: written by benchmarks/run.sh; everything below is replaced -->"
# the national case set (demo/cases.py's vectorised generator): 150 authorities x ten years of
# referrals, size chosen for about 10,000,000 records; the full run loads every authority, the
# quick run a stated sample (the first authorities in the generator's order)
CASES_NATIONAL = {"authorities": 150, "years": 10, "size": 1.13, "seed": 2011}
CASES_SAMPLE = {"full": None, "quick": 30}  # authorities loaded; None: all of them
CASES_TIMEOUT = 1200.0  # seconds the national load may take before the benchmark gives up on it


@dataclass
class Row:
    """One line of the results table."""

    section: str
    measure: str
    runs: int
    value: float | None
    baseline_label: str = ""
    baseline: float | None = None
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


@dataclass
class Bench:
    runs: int
    runs_load: int = 3
    runs_cold: int = 3
    runs_pack: int = 3
    rows: list[Row] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        shown = "error" if row.value is None else f"{row.value:.3f} s"
        base = "" if row.baseline is None else f" | baseline {row.baseline:.3f} s"
        ratio = "" if row.ratio is None else f" | ×{row.ratio:.2f}"
        verdict = "" if row.met is None else (" | goal met" if row.met else " | OVER GOAL")
        print(f"  {row.measure}: {shown}{base}{ratio}{verdict}{('  (' + row.note + ')') if row.note else ''}",
              flush=True)


def log(message: str) -> None:
    print(message, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def side_by_side(subject: Callable[[], float], baseline: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    """Alternate the subject and the baseline (which goes first alternates too); each returns seconds."""
    mine, theirs = [], []
    for i in range(runs):
        order = [(subject, mine), (baseline, theirs)]
        for fn, into in (order if i % 2 == 0 else order[::-1]):
            into.append(fn())
    return mine, theirs


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(command: list[str], env: dict | None = None, check: bool = True) -> float:
    """Seconds a command takes, start to exit."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:6])} … failed ({result.returncode}): "
                           f"{(result.stderr or result.stdout)[-1500:]}")
    return elapsed


def pidash(*args: str) -> list[str]:
    return [PY, "-m", "cli", *args]


# --- data ----------------------------------------------------------------------------------------

def national_files() -> Path:
    """The synthetic national files, regenerated when the generator or its settings change."""
    out = WORK / "national"
    stamp = hashlib.sha256((json.dumps(NATIONAL) + (ROOT / "demo" / "scale.py").read_text()).encode()).hexdigest()
    if (out / "returns.csv").exists() and (out / ".stamp").exists() and (out / ".stamp").read_text() == stamp:
        return out
    log("Generating the national data set (pidash demo-scale) …")
    shutil.rmtree(out, ignore_errors=True)
    run(pidash("demo-scale", "--orgs", str(NATIONAL["orgs"]), "--years", str(NATIONAL["years"]),
               "--local-indicators", str(NATIONAL["local"]), "--out", str(out)))
    (out / ".stamp").write_text(stamp)
    return out


def template_db(files: Path) -> Path:
    """A store with the catalogue, local indicators, organisations, targets and the demo plan, and
    no returns yet: each load run starts from a copy of it."""
    path = WORK / "template.duckdb"
    path.unlink(missing_ok=True)
    log("Building the template store (catalogue, organisations, targets, plan) …")
    from data import store
    from loads.bootstrap import DEMO_DIR, DEMO_FILES, init_database
    from loads.pipeline import LOADERS, load_file
    from vocab import LoadStatus

    con = store.connect(path)
    try:
        init_database(con, "benchmark", home=HOME)
        steps = [("indicators", files / "indicators.csv"), ("organisations", files / "organisations.csv"),
                 ("targets", files / "targets.csv")]
        steps += [(table, DEMO_DIR / name) for table, name in DEMO_FILES
                  if table not in ("organisations", "targets", "returns") and table in LOADERS
                  and (DEMO_DIR / name).exists()]
        for table, file in steps:
            outcome = load_file(con, table, file, "benchmark")
            if outcome.status != LoadStatus.ACCEPTED:
                raise RuntimeError(f"template: {file.name} was rejected:\n{outcome.summary()}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def demo_db() -> Path:
    path = WORK / "demo.duckdb"
    path.unlink(missing_ok=True)
    log("Building the demo store (pidash init --demo) …")
    run(pidash("--db", str(path), "init", "--demo"))
    return path


def fresh_copy(template: Path, name: str) -> Path:
    target = WORK / name
    for suffix in ("", ".wal"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copy(template, target)
    return target


# --- 1. load -----------------------------------------------------------------------------------

BASELINE_SQL = """
    INSERT INTO indicator_return (org, indicator, period, numerator, denominator, value, note, load_id)
    SELECT org, indicator, strptime(period, '%Y-%m')::DATE, numerator, denominator, value, note, 0
    FROM read_csv(?, header = true)
"""
BASELINE_LOAD = f"""
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute({BASELINE_SQL!r}, [sys.argv[2]])
con.close()
"""


def bench_load(bench: Bench, files: Path, template: Path) -> Path:
    """1,000,000 rows through `pidash load returns` against DuckDB's read_csv + INSERT, both as commands
    and both inside one warm process; returns the loaded (national) store."""
    log("1. Load")
    returns = files / "returns.csv"
    rows = sum(1 for _ in returns.open("rb")) - 1
    national = WORK / "national.duckdb"

    def through_pidash() -> float:
        db = fresh_copy(template, "load-pidash.duckdb")
        seconds = run(pidash("--db", str(db), "--user", "benchmark", "load", "returns", str(returns), "--quiet"))
        shutil.move(db, national)
        return seconds

    def bare_duckdb() -> float:
        db = fresh_copy(template, "load-baseline.duckdb")
        return run([PY, "-c", BASELINE_LOAD, str(db), str(returns)])

    mine, theirs = side_by_side(through_pidash, bare_duckdb, bench.runs_load)
    ratio = median(mine) / median(theirs)
    bench.add(Row("Load", f"`pidash load returns`, {rows:,} rows, command start to exit", len(mine), median(mine),
                  "DuckDB read_csv + INSERT, no checks (command)", median(theirs), "≤ 2× (must ≤ 3×)",
                  ratio <= 3, "goal 2× met" if ratio <= 2 else ""))

    # the same work inside one process that has imported great-expectations (the dashboard's Load page)
    from checks.gx import imported
    from data import store
    from loads.pipeline import load_file

    imported()

    def in_process() -> float:
        db = fresh_copy(template, "load-pidash.duckdb")
        con = store.connect(db)
        try:
            return timed(lambda: load_file(con, "returns", returns, "benchmark"))
        finally:
            con.close()

    def in_process_baseline() -> float:
        db = fresh_copy(template, "load-baseline.duckdb")
        con = store.connect(db)
        try:
            return timed(lambda: con.execute(BASELINE_SQL, [str(returns)]))
        finally:
            con.close()

    mine, theirs = side_by_side(in_process, in_process_baseline, bench.runs_load)
    ratio = median(mine) / median(theirs)
    bench.add(Row("Load", f"`load_file` in a warm process, {rows:,} rows", len(mine), median(mine),
                  "DuckDB read_csv + INSERT, no checks (same process)", median(theirs), "≤ 2× (must ≤ 3×)",
                  ratio <= 3, "goal 2× met" if ratio <= 2 else ""))

    gx = [run([PY, "-c", "from checks.gx import imported; imported()"]) for _ in range(bench.runs_load)]
    bare = [run([PY, "-c", "import loads.pipeline"]) for _ in range(bench.runs_load)]
    bench.add(Row("Load", "great-expectations import (done by `pidash load`'s checking process while the file "
                  "is read: the floor of the command figure above)", len(gx),
                  median(gx) - median(bare), "", None, "informational", None, ""))
    for leftover in ("load-baseline.duckdb", "load-pidash.duckdb"):
        (WORK / leftover).unlink(missing_ok=True)
    return national


# --- 2. scorecard ------------------------------------------------------------------------------

def bench_scorecard(bench: Bench, national: Path, demo: Path) -> None:
    log("2. Scorecard")
    from cli.indicator_commands import build
    from data import queries, store

    def one(path: Path) -> float:
        con = store.connect(path, read_only=True)
        try:
            build(con, PERIOD, HOME[0])  # warm: imports and DuckDB's first-query costs
            return timed(lambda: build(con, PERIOD, HOME[0]))
        finally:
            con.close()

    mine, theirs = side_by_side(lambda: one(national), lambda: one(demo), bench.runs)
    bench.add(Row("Scorecard", f"one organisation, {PERIOD}, read + compute in process", len(mine), median(mine),
                  "same on the demo store", median(theirs), "< 0.2 s", median(mine) < 0.2))

    def every(path: Path) -> tuple[float, int]:
        con = store.connect(path, read_only=True)
        try:
            started = time.perf_counter()
            cards = all_scorecards(con, queries, PERIOD)
            return time.perf_counter() - started, cards
        finally:
            con.close()

    counts = {}

    def every_national() -> float:
        seconds, counts["national"] = every(national)
        return seconds

    def every_demo() -> float:
        seconds, counts["demo"] = every(demo)
        return seconds

    mine, theirs = side_by_side(every_national, every_demo, 1)  # tens of seconds: once is enough
    bench.add(Row("Scorecard", f"every local authority ({counts['national']}), {PERIOD}, read once + compute",
                  len(mine), median(mine), f"same on the demo store ({counts['demo']})", median(theirs),
                  "no goal set", None, f"{median(mine) / max(counts['national'], 1) * 1000:.0f} ms per authority"))


def all_scorecards(con, queries, period: str) -> int:
    """Every local authority's scorecard for one month: the store read once, each authority's
    rows (and the comparators') handed to the scorecard engine."""
    import pandas as pd

    from indicators.scorecard import scorecard

    returns = queries.current_returns(con)
    catalogue = queries.catalogue_at(con, period)
    versions = queries.catalogue(con, current_only=False)
    targets = queries.targets(con)
    organisations = queries.organisations(con)
    authorities = organisations.loc[organisations["kind"] == "local_authority", "code"]
    comparators = set(organisations.loc[organisations["kind"] != "local_authority", "code"])
    by_org = dict(tuple(returns.groupby("org", sort=False)))
    shared = returns[returns["org"].isin(comparators)]
    by_org_targets = dict(tuple(targets.groupby("org", sort=False)))
    empty_targets = targets.iloc[:0]
    for org in authorities:
        mine = by_org.get(org, returns.iloc[:0])
        scorecard(pd.concat([mine, shared]) if len(shared) else mine, catalogue,
                  by_org_targets.get(org, empty_targets), organisations, period, org, versions=versions)
    return len(authorities)


# --- 3. pages ----------------------------------------------------------------------------------

def bench_pages(bench: Bench, national: Path, demo: Path) -> None:
    log("3. Pages (AppTest, warm)")
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # as tests/pages/apptest.py: app.py runs on every rerun, as on the server
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    app = str(ROOT / "app.py")
    pages = [p for p in PAGES if (ROOT / p).exists()]

    def page_times(path: Path, page: str) -> tuple[float, list[float], str]:
        os.environ["PIDASH_DB"] = str(path)
        at = AppTest.from_file(app, default_timeout=600)
        at.run()
        first = timed(lambda: at.switch_page(page).run())
        warm = [timed(at.run) for _ in range(bench.runs)]
        problem = at.exception[0].message.splitlines()[0][:120] if at.exception else ""
        return first, warm, problem

    try:
        for page in pages:
            first, warm, problem = page_times(national, page)
            base_first, base_warm, base_problem = page_times(demo, page)
            note = f"first run {first:.2f} s"
            if problem or base_problem:
                note += f"; the page raised: {problem or base_problem}"
            bench.add(Row("Pages", f"{page}, warm AppTest run", len(warm), median(warm),
                          "same page on the demo store", median(base_warm), "< 1 s",
                          median(warm) < 1 and not problem, note))
    finally:
        PagesManager.__init__ = original
        os.environ.pop("PIDASH_DB", None)


# --- 3b. benchmarking across authorities ---------------------------------------------------------

def bench_compare(bench: Bench, national: Path, demo: Path) -> None:
    """Every authority's scorecard against one authority's, side by side in one process, and the
    Compare and Regional scorecard pages warm (AppTest: the page run twice, the second timed)."""
    log("3b. Benchmarking across authorities")
    from cli.compare_commands import all_orgs_card
    from cli.indicator_commands import build
    from data import store

    con = store.connect(national, read_only=True)
    try:
        all_orgs_card(con, PERIOD), build(con, PERIOD, HOME[0])  # warm: imports and DuckDB's first queries
        counts = {"authorities": all_orgs_card(con, PERIOD)["org"].nunique()}
        mine, theirs = side_by_side(lambda: timed(lambda: all_orgs_card(con, PERIOD)),
                                    lambda: timed(lambda: build(con, PERIOD, HOME[0])), bench.runs)
    finally:
        con.close()
    ratio = median(mine) / median(theirs)
    bench.add(Row("Compare", f"every local authority's scorecard ({counts['authorities']}), {PERIOD}, read + compute "
                  "in process (one pass: SPC by xmr_many and pchart_many)", len(mine), median(mine),
                  "one authority's scorecard (`pidash scorecard` build), same store", median(theirs),
                  "≤ 3× and < 1 s", ratio <= 3 and median(mine) < 1, f"×{ratio:.2f}"))

    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # as tests/pages/apptest.py: app.py runs on every rerun, as on the server
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    try:
        for page, goal in (("pages/compare.py", 0.5), ("pages/regional.py", 1.0)):
            times = {}
            for name, path in (("national", national), ("demo", demo)):
                os.environ["PIDASH_DB"] = str(path)
                at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
                at.run()
                first = timed(lambda: at.switch_page(page).run())
                warm = [timed(at.run) for _ in range(bench.runs)]  # each after a run: the second and later
                problem = at.exception[0].message.splitlines()[0][:120] if at.exception else ""
                times[name] = (first, warm, problem)
            (first, warm, problem), (_, base, base_problem) = times["national"], times["demo"]
            note = f"first run {first:.2f} s (cold: reads and computes)"
            if problem or base_problem:
                note += f"; the page raised: {problem or base_problem}"
            bench.add(Row("Compare", f"{page}, warm AppTest run (the second run timed)", len(warm), median(warm),
                          "same page on the demo store", median(base), f"< {goal:g} s",
                          median(warm) < goal and not problem, note))
    finally:
        PagesManager.__init__ = original
        os.environ.pop("PIDASH_DB", None)


# --- 3c. the command line beside the dashboard --------------------------------------------------

def bench_beside(bench: Bench, national: Path) -> None:
    """A command's time with a dashboard serving a browser that refreshes a page without pause,
    against the same dashboard idle; and a page's warm time while a loop of commands runs, against
    no loop. Both side by side in one run, on a copy of the national store."""
    log("3c. The command line beside the dashboard")
    import threading

    from playwright.sync_api import sync_playwright

    served = fresh_copy(national, "beside.duckdb")
    chromium = os.environ.get("PIDASH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    port = free_port()
    env = {**os.environ, "PIDASH_DB": str(served), "GX_ANALYTICS_ENABLED": "False"}
    server = subprocess.Popen([PY, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
                               "--server.port", str(port), "--browser.gatherUsageStats", "false",
                               "--server.fileWatcherType", "none"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    busy, done, refreshes = threading.Event(), threading.Event(), []

    def browse() -> None:  # a person refreshing the Scorecard over and over while `busy` is set
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")  # each reload is a new session: the Scorecard, drawn whole
            page.get_by_role("heading", name="Scorecard").first.wait_for(timeout=120_000)
            while not done.is_set():
                if busy.wait(0.1):
                    started = time.perf_counter()
                    page.reload()
                    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                           timeout=120_000)
                    refreshes.append(time.perf_counter() - started)
            browser.close()

    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        browser_thread = threading.Thread(target=browse, daemon=True)
        browser_thread.start()
        command = pidash("--db", str(served), "scorecard", "--period", PERIOD, "--json")

        def with_browser() -> float:
            busy.set()
            time.sleep(0.5)  # the refreshing has begun
            try:
                return run(command)
            finally:
                busy.clear()

        mine, theirs = side_by_side(with_browser, lambda: run(command), bench.runs)
        bench.add(Row("Beside", f"`pidash scorecard --period {PERIOD} --json` while the dashboard serves a browser "
                      "refreshing a page non-stop", len(mine), median(mine), "the same command, the dashboard idle",
                      median(theirs), "works (≤ 2×)", median(mine) <= 2 * median(theirs),
                      f"×{median(mine) / median(theirs):.2f}; {len(refreshes)} page refreshes meanwhile, median "
                      f"{median(refreshes) if refreshes else float('nan'):.2f} s"))
    finally:
        done.set()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # as tests/pages/apptest.py: app.py runs on every rerun, as on the server
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    looping, stop = threading.Event(), threading.Event()
    commands = [pidash("--db", str(served), "loads", "--json"), pidash("--db", str(served), "milestones", "--json"),
                pidash("--db", str(served), "scorecard", "--period", PERIOD, "--json")]

    def commands_loop() -> None:
        i = 0
        while not stop.is_set():
            if looping.wait(0.1):
                run(commands[i % len(commands)], check=False)
                i += 1

    loop_thread = threading.Thread(target=commands_loop, daemon=True)
    loop_thread.start()
    try:
        os.environ["PIDASH_DB"] = str(served)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        at.switch_page("pages/quality.py").run()

        def page_with_commands() -> float:
            looping.set()
            time.sleep(0.3)
            try:
                return timed(at.run)
            finally:
                looping.clear()

        mine, theirs = side_by_side(page_with_commands, lambda: timed(at.run), bench.runs)
        bench.add(Row("Beside", "pages/quality.py, warm AppTest run, while a loop of `pidash` reads runs",
                      len(mine), median(mine), "the same page, no commands running", median(theirs), "< 1 s",
                      median(mine) < 1, f"×{median(mine) / median(theirs):.2f}"))
    finally:
        stop.set()
        PagesManager.__init__ = original
        os.environ.pop("PIDASH_DB", None)
        for leftover in ("beside.duckdb", "beside.duckdb.wal"):
            (WORK / leftover).unlink(missing_ok=True)


# --- 4. cold start -----------------------------------------------------------------------------

PROBE = """
import atexit, json, os, sys
def report():
    with open(os.environ["PIDASH_PROBE_OUT"], "w") as out:
        json.dump({name: name in sys.modules for name in %r}, out)
atexit.register(report)
from streamlit.web import cli
sys.argv = ["streamlit", "run", *sys.argv[1:]]
sys.exit(cli.main())
""" % (NOT_ON_APP_PATH,)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_cold_start(bench: Bench, national: Path) -> None:
    log("4. Cold start (streamlit run → first page drawn in headless Chromium)")
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("PIDASH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    hello = WORK / "hello.py"
    hello.write_text('import streamlit as st\n\nst.title("Hello")\n')
    served = fresh_copy(national, "cold.duckdb")
    probe = WORK / "probe.py"
    probe.write_text(PROBE)
    found_modules: dict[str, bool] = {}

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            def start(script: Path, heading: str, env: dict) -> float:
                port = free_port()
                out = WORK / "probe.json"
                out.unlink(missing_ok=True)
                started = time.perf_counter()
                server = subprocess.Popen(
                    [PY, str(probe), str(script), "--server.headless", "true", "--server.port", str(port),
                     "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                    cwd=ROOT, env={**os.environ, **env, "PIDASH_PROBE_OUT": str(out)},
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                try:
                    url = f"http://127.0.0.1:{port}/"
                    deadline = started + 120
                    while time.perf_counter() < deadline:
                        try:
                            with urllib.request.urlopen(url + "_stcore/health", timeout=1) as answer:
                                if answer.status == 200:
                                    break
                        except OSError:
                            time.sleep(0.05)
                    page = browser.new_page()
                    page.goto(url)
                    page.get_by_role("heading", name=heading).first.wait_for(timeout=120_000)
                    seconds = time.perf_counter() - started
                    page.close()
                    return seconds
                finally:
                    server.send_signal(signal.SIGTERM)
                    try:
                        server.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        server.kill()
                    if out.exists() and script.name == "app.py":
                        for name, loaded in json.loads(out.read_text()).items():
                            found_modules[name] = found_modules.get(name, False) or loaded

            mine, theirs = side_by_side(lambda: start(ROOT / "app.py", "Scorecard", {"PIDASH_DB": str(served)}),
                                        lambda: start(hello, "Hello", {}), bench.runs_cold)
        finally:
            browser.close()
    imported = [name for name, loaded in found_modules.items() if loaded]
    checked = bool(found_modules)
    note = ("not imported by the server: " + ", ".join(NOT_ON_APP_PATH)) if checked and not imported else (
        f"IMPORTED on the app path: {', '.join(imported)}" if imported else "module check did not report")
    bench.add(Row("Cold start", "`streamlit run app.py` to the Scorecard drawn, national store", len(mine),
                  median(mine), "`streamlit run` of a one-line app", median(theirs), "< 4 s, no GX/kaleido",
                  median(mine) < 4 and checked and not imported, note))
    for leftover in ("cold.duckdb", "cold.duckdb.wal"):
        (WORK / leftover).unlink(missing_ok=True)


# --- 5. evidence pack --------------------------------------------------------------------------

def bench_evidence(bench: Bench, national: Path, demo: Path) -> None:
    log("5. Evidence pack (pidash evidence: PDF with a chart per indicator, workbook, index)")

    def pack(path: Path, name: str, indicators: list[str] | None = None) -> float:
        out = WORK / name
        shutil.rmtree(out, ignore_errors=True)
        chosen = ["--indicators", ",".join(indicators)] if indicators else []
        return run(pidash("--db", str(path), "--user", "benchmark", "evidence", "--period", PERIOD,
                          "--out", str(out), "--quiet", *chosen))

    national_set = [f"NI{n}" for n in range(59, 69)]
    mine, theirs = side_by_side(lambda: pack(national, "pack-national", national_set),
                                lambda: pack(demo, "pack-demo"), bench.runs_pack)
    bench.add(Row("Evidence pack", f"`pidash evidence --period {PERIOD}`, the 10 national indicators, national store",
                  len(mine), median(mine), "same on the demo store (10 indicators)", median(theirs), "< 15 s",
                  median(mine) < 15))
    everything = 10 + NATIONAL["local"]
    mine = [pack(national, "pack-national")]  # a minute or so: measured once
    bench.add(Row("Evidence pack", f"`pidash evidence --period {PERIOD}`, all {everything} indicators, national store",
                  len(mine), median(mine), "same on the demo store (10 indicators)", median(theirs),
                  "< 15 s", median(mine) < 15, f"{median(mine) / everything:.2f} s per indicator"))


# --- 6. case records ---------------------------------------------------------------------------

def case_store(files: Path) -> Path:
    """A store as `pidash init` leaves it (catalogue, home organisation, pseudonymisation key) with
    the national organisations (150 local authorities and comparators), the demo's case records'
    authority (its home) among them, and no case records: each case load run starts from a copy of it."""
    from data import store
    from loads.bootstrap import init_database
    from loads.pipeline import load_file
    from vocab import LoadStatus

    path = WORK / "cases-template.duckdb"
    for suffix in ("", ".wal", ".key"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    con = store.connect(path)
    try:
        init_database(con, "benchmark", home=HOME)
        outcome = load_file(con, "organisations", files / "organisations.csv", "benchmark")
        if outcome.status != LoadStatus.ACCEPTED:
            raise RuntimeError(f"case template: organisations.csv was rejected:\n{outcome.summary()}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def fresh_case_store(template: Path, name: str) -> Path:
    """A copy of a store with its pseudonymisation key beside it (as `<db>.key`)."""
    target = fresh_copy(template, name)
    shutil.copy(str(template) + ".key", str(target) + ".key")  # copy keeps the 0600 mode
    return target


def drop_store(path: Path) -> None:
    for suffix in ("", ".wal", ".key"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def case_baseline_sql(table: str) -> str:
    """DuckDB alone: read one SSD file and insert the table's columns, no checks (table and column
    names are the package's own, never a file's)."""
    from checks.case_suites import CASE_TABLES

    columns = ", ".join(CASE_TABLES[table].columns)
    return (f"INSERT INTO {table} BY NAME SELECT ? AS org, 0 AS load_id, {columns} "
            "FROM read_csv(?, header = true)")


def case_count_pass(con, load_id: int) -> int:
    """The baseline of the computed returns: one count(*) over each case table of the load."""
    from data.case_queries import CASE_TABLE_NAMES

    sql = "SELECT " + " + ".join(f"(SELECT count(*) FROM {t} WHERE load_id = $load)" for t in CASE_TABLE_NAMES)
    return con.execute(sql, {"load": load_id}).fetchall()[0][0]


def case_definitions(con, load_id: int, supplied: list[str]) -> int:
    """Every definition version's query over every month of the case load, and its monthly counts:
    the query part of loads.cases._derive, through the same functions. Returns the months counted."""
    from data import case_queries
    from indicators.case_indicators import CASE_INDICATORS, covered_months, monthly_counts, version_months

    first, last = case_queries.event_dates(con, load_id)
    months = covered_months(first, last, dt.date.today())
    versions = case_queries.computable_versions(con)
    counted = 0
    for code, indicator in CASE_INDICATORS.items():
        if any(t not in supplied for t in indicator.tables):
            continue
        for version in versions[versions["code"] == code].itertuples():
            span = version_months(version.valid_from, version.valid_to, months)
            if span is None:
                continue
            records = case_queries.run_definition(con, code, int(version.version), load_id, *span)
            counted += len(monthly_counts(records, *span))
    return counted


def national_case_files(files: Path) -> tuple[Path, dict]:
    """The national synthetic case set, one folder per local authority of the national organisations,
    regenerated when demo/cases.py or its settings change; with how long generating took."""
    from demo import cases as demo_cases

    out = WORK / "cases-national"
    settings = json.dumps(CASES_NATIONAL, sort_keys=True)
    stamp = hashlib.sha256((settings + (ROOT / "demo" / "cases.py").read_text()).encode()).hexdigest()
    marker = out / ".stamp.json"
    if marker.exists():
        known = json.loads(marker.read_text())
        if known.get("stamp") == stamp:
            return out, {**known, "cached": True}
    log(f"Generating the national case set ({CASES_NATIONAL['authorities']} authorities × "
        f"{CASES_NATIONAL['years']} years, demo/cases.py vectorised) …")
    shutil.rmtree(out, ignore_errors=True)
    codes = demo_cases.local_authorities(files / "organisations.csv")
    scale = demo_cases.Scale(CASES_NATIONAL["authorities"], CASES_NATIONAL["years"], CASES_NATIONAL["size"])
    started = time.perf_counter()
    written = demo_cases.write_scaled(out, scale, CASES_NATIONAL["seed"], codes)
    seconds = time.perf_counter() - started
    known = {"stamp": stamp, "seconds": seconds, "authorities": len(written),
             "records": sum(sum(c.values()) for c in written.values()),
             "bytes": sum(f.stat().st_size for f in out.rglob("*.csv")), "order": list(written),
             "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    marker.write_text(json.dumps(known))
    return out, {**known, "cached": False}


def cases_national_worker(argv: list[str]) -> None:
    """In a process of its own (its peak RSS is the figure): load the national case set's folders
    in `order` one after another, each with `load_cases` (its checks, write and computed returns);
    print the outcome as JSON on the last line."""
    import resource

    db, folder = Path(argv[0]), Path(argv[1])
    order = json.loads(argv[2])
    sys.path.insert(0, str(ROOT))
    from checks.gx import imported
    from data import store
    from loads.cases import load_cases
    from vocab import LoadStatus

    imported()  # as the dashboard's process: great-expectations already there
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    con = store.connect(db)
    loads = []
    started = time.perf_counter()
    for code in order:
        marks: dict[float, float] = {}
        began = time.perf_counter()
        outcome = load_cases(con, folder / code, "benchmark", org=code,
                             progress=lambda fraction, _m: marks.setdefault(fraction, time.perf_counter()))
        ended = time.perf_counter()
        loads.append({"org": code, "seconds": ended - began, "rows": outcome.prepared.rows,
                      "accepted": outcome.status == LoadStatus.ACCEPTED,
                      "computed_rows": outcome.derived.rows if outcome.derived else 0,
                      "checked": marks.get(0.6, ended) - began,
                      "computed": ended - marks.get(0.75, ended)})
    loaded_at = time.perf_counter()
    con.close()  # the checkpoint: written to the file, not only to the log
    closed = time.perf_counter()
    print(json.dumps({"loads": loads, "seconds": closed - started, "close": closed - loaded_at,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "rss_before_mb": before / 1024, "db_bytes": db.stat().st_size}))


def bench_cases(bench: Bench, files: Path, quick: bool) -> None:
    """Case records: the case load against DuckDB's bare read + insert of the same files (side by side,
    in one warm process); every indicator for every month against one count(*) pass; and the national
    case set (all of it, or with --quick a stated sample) loaded in a process of its own."""
    log("6. Case records")
    from checks.gx import IN_PROCESS, imported
    from data import store
    from data.case_queries import CASE_TABLE_NAMES
    from loads.bootstrap import DEMO_CASES, DEMO_CASES_ORG
    from loads.cases import _derive, load_cases
    from vocab import LoadStatus

    imported()  # as in the load section's in-process figure: a warm process (the dashboard's)
    template = case_store(files)
    demo_files = {t: DEMO_CASES / f"{t}.csv" for t in CASE_TABLE_NAMES if (DEMO_CASES / f"{t}.csv").exists()}
    records = sum(sum(1 for _ in f.open("rb")) - 1 for f in demo_files.values())
    kept: dict = {}
    phases: list[dict[str, float]] = []

    def through_pidash() -> float:
        db = fresh_case_store(template, "cases-pidash.duckdb")
        con = store.connect(db)
        marks: dict[float, float] = {}
        try:
            started = time.perf_counter()
            outcome = load_cases(con, DEMO_CASES, "benchmark", org=DEMO_CASES_ORG,
                                 progress=lambda fraction, _m: marks.setdefault(fraction, time.perf_counter()))
            seconds = time.perf_counter() - started
        finally:
            con.close()
        if outcome.status != LoadStatus.ACCEPTED:
            raise RuntimeError(f"the demo case files were rejected:\n{outcome.summary()[:1500]}")
        phases.append({"read, normalise, check": marks[0.5] - started, "cross-table rules": marks[0.6] - marks[0.5],
                       "write": marks[0.75] - marks[0.6], "computed returns": started + seconds - marks[0.75]})
        kept["outcome"] = outcome
        drop_store(WORK / "cases-demo.duckdb")
        for suffix in ("", ".key"):
            shutil.move(str(db) + suffix, str(WORK / "cases-demo.duckdb") + suffix)
        return seconds

    def bare_duckdb() -> float:
        db = fresh_case_store(template, "cases-baseline.duckdb")
        con = store.connect(db)
        try:
            started = time.perf_counter()
            con.execute("BEGIN TRANSACTION")
            for table, path in demo_files.items():
                con.execute(case_baseline_sql(table), [DEMO_CASES_ORG, str(path)])
            con.execute("COMMIT")
            return time.perf_counter() - started
        finally:
            con.close()
            drop_store(db)

    through_pidash(), bare_duckdb()  # warm, as the other sections: imports, GX's context, DuckDB's first queries
    phases.clear()
    mine, theirs = side_by_side(through_pidash, bare_duckdb, bench.runs_load)
    ratio = median(mine) / median(theirs)
    split = ", ".join(f"{k} {median([p[k] for p in phases]):.2f} s" for k in phases[0])
    bench.add(Row("Cases", f"`load_cases` (what `pidash load cases` runs), the demo authority's {len(demo_files)} "
                  f"SSD files, {records:,} records, in a warm process (one load before), fresh store each run", len(mine), median(mine),
                  "DuckDB read_csv + INSERT of the same files into the same tables, one transaction, no checks",
                  median(theirs), "≤ 3×", ratio <= 3, f"×{ratio:.1f}; medians of its phases: {split}"))

    # 2. every indicator for every month of the authority's four years, on the store just loaded
    outcome = kept["outcome"]
    con = store.connect(WORK / "cases-demo.duckdb")
    try:
        load_id, supplied = outcome.load_id, outcome.prepared.supplied
        months = case_definitions(con, load_id, supplied)  # warm: DuckDB's first queries, the calendar
        rows = case_count_pass(con, load_id)
        mine, theirs = side_by_side(lambda: timed(lambda: case_definitions(con, load_id, supplied)),
                                    lambda: timed(lambda: case_count_pass(con, load_id)), bench.runs)
        bench.add(Row("Cases", f"every definition's query (data/computed/*.sql, {len(outcome.computed)} versions) for "
                      f"every month, through `run_definition` and `monthly_counts` as the case load runs them: "
                      f"{months} indicator-months from {rows:,} case rows", len(mine), median(mine),
                      "one count(*) pass over the same case load's eight tables", median(theirs), "< 1 s",
                      median(mine) < 1, f"×{median(mine) / median(theirs):.0f} the count(*) pass"))

        def derive() -> float:  # the whole computed-returns step: queries, the returns checks, the write
            outcome.computed.clear()
            outcome.not_computed.clear()
            seconds = []
            started = time.perf_counter()
            with store.transaction(con):
                _derive(con, outcome, "benchmark", None, IN_PROCESS)
                seconds.append(time.perf_counter() - started)
                raise store.Rollback  # leave the store as it was for the next run
            return seconds[0]

        mine, theirs = side_by_side(derive, lambda: timed(lambda: case_count_pass(con, load_id)), bench.runs)
        bench.add(Row("Cases", f"the whole computed-returns step (`loads.cases._derive`: the queries, the returns "
                      f"checks and the derived returns load written, {outcome.derived.rows} rows; rolled back)",
                      len(mine), median(mine), "one count(*) pass over the same case load's eight tables",
                      median(theirs), "< 1 s", median(mine) < 1))
    finally:
        con.close()

    # 3. national scale: every authority's case load (or a stated sample), one after another
    folder, made = national_case_files(files)
    sample = CASES_SAMPLE["quick" if quick else "full"]
    order = made["order"][:sample] if sample else made["order"]
    generated = (f"generated {'earlier (' + made['when'] + ')' if made['cached'] else 'in this run'} in "
                 f"{made['seconds']:.1f} s, {made['bytes'] / 1e6:,.0f} MB of CSV")
    bench.add(Row("Cases", f"generating the national case set: {made['authorities']} authorities × "
                  f"{CASES_NATIONAL['years']} years, {made['records']:,} records (demo/cases.py, vectorised)", 1,
                  made["seconds"], "", None, "≤ 2 min", made["seconds"] <= 120, generated))
    db = fresh_case_store(template, "cases-national.duckdb")
    log(f"  loading {len(order)} of the national case set's {made['authorities']} authorities "
        "(one `load_cases` each) …")
    done = subprocess.run([PY, "-c", "import sys; from benchmarks.bench import cases_national_worker as w; "
                           "w(sys.argv[1:])", str(db), str(folder), json.dumps(order)],
                          cwd=ROOT, capture_output=True, text=True, timeout=CASES_TIMEOUT,
                          env={**os.environ, "GX_ANALYTICS_ENABLED": "False"})
    drop_store(db)
    if done.returncode != 0:
        raise RuntimeError(f"the national case load failed: {(done.stderr or done.stdout)[-1500:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    loads = result["loads"]
    n, rows = len(loads), sum(x["rows"] for x in loads if x["accepted"])
    rejected = sum(not x["accepted"] for x in loads)
    computed = sum(x["computed_rows"] for x in loads)
    each = [x["seconds"] for x in loads]
    per_record = result["seconds"] / rows
    whole = per_record * made["records"]
    trend = (f"first 5 loads median {median(each[:5]):.2f} s, last 5 {median(each[-5:]):.2f} s"
             if n >= 10 else f"loads {', '.join(f'{x:.1f}' for x in each)} s")
    whole_set = n == made["authorities"]
    scope = (f"all {n} authorities" if whole_set else
             f"a sample: the first {n} of {made['authorities']} authorities (--quick; the full run loads all)")
    bench.add(Row("Cases", f"national case set: {scope} loaded and computed, {rows:,} records, one `load_cases` "
                  "each (checks, write, computed returns), measured once", 1, result["seconds"], "", None,
                  "10 M records in ~5 min", (result["seconds"] <= 300) if whole_set else None,
                  f"{rows / result['seconds']:,.0f} records/s; median {median(each):.2f} s per authority "
                  f"({median([x['computed'] for x in loads]):.2f} s of it the computed returns, {computed:,} returns "
                  f"in all); {trend}; peak RSS {result['peak_rss_mb']:,.0f} MB (the loading process; "
                  f"{result['rss_before_mb']:,.0f} MB after its imports); store {result['db_bytes'] / 1e6:,.0f} MB; "
                  f"{rejected} rejected" + ("" if whole_set else f"; all {made['records']:,} records at this rate: "
                                                                   f"{whole:,.0f} s ({whole / 60:.1f} min)")))
    for leftover in ("cases-demo.duckdb", "cases-template.duckdb"):
        drop_store(WORK / leftover)


# --- results -----------------------------------------------------------------------------------

def table(bench: Bench, meta: dict) -> str:
    lines = [
        START_MARK, "",
        f"## Results ({meta['when']})", "",
        f"{meta['machine']}. Load average at start {meta['load_start']}, at end {meta['load_end']} "
        "(the machine is shared: the baselines run alternately with each figure, so the ratios are "
        f"steadier than the seconds). Runs per figure: {bench.runs} (load {bench.runs_load}, cold start "
        f"{bench.runs_cold}, evidence pack up to {bench.runs_pack}); the table shows medians. "
        f"National store: {meta['rows']}. Total benchmark time {meta['total']:.0f} s.", "",
        "| # | measure | runs | pidash (s) | baseline | baseline (s) | ratio | goal | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for number, row in enumerate(bench.rows, start=1):
        value = "error" if row.value is None else f"{row.value:.3f}"
        base = "" if row.baseline is None else f"{row.baseline:.3f}"
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}×"
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        measure = row.measure + (f" — {row.note}" if row.note else "")
        lines.append(f"| {number} | {row.section}: {measure} | {row.runs} | {value} | {row.baseline_label} | "
                     f"{base} | {ratio} | {row.goal} | {met} |")
    return "\n".join(lines) + "\n"


def write_results(text: str) -> None:
    """Replace the generated part of results.md, keeping the hand-written notes above it."""
    head = ""
    if RESULTS.exists():
        current = RESULTS.read_text()
        head = current.split(START_MARK)[0] if START_MARK in current else current + "\n"
    RESULTS.write_text(head + text)


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="three runs per figure (load and pack: two)")
    parser.add_argument("--only", default="load,scorecard,compare,beside,pages,cold,evidence,cases",
                        help="comma-separated sections (default: all)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md alone")
    args = parser.parse_args(argv)
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    bench = Bench(runs=3 if args.quick else 5)
    bench.runs_load = 2 if args.quick else 3
    bench.runs_cold = 3
    bench.runs_pack = 2 if args.quick else 3
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("PIDASH_USER", "benchmark")
    sys.path.insert(0, str(ROOT))
    WORK.mkdir(parents=True, exist_ok=True)
    meta = {"when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "load_start": load_average(),
            "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"}

    files = national_files()
    national = WORK / "national.duckdb"
    if "load" in sections or not national.exists():
        template = template_db(files)
        national = bench_load(bench, files, template)
    demo = demo_db() if sections & {"scorecard", "compare", "pages", "evidence"} else None
    from data import store

    con = store.connect(national, read_only=True)
    meta["rows"] = (f"{con.execute('SELECT count(*) FROM indicator_return').fetchall()[0][0]:,} returns, "
                    f"{con.execute('SELECT count(*) FROM organisation').fetchall()[0][0]} organisations, "
                    f"{con.execute('SELECT count(DISTINCT code) FROM indicator').fetchall()[0][0]} indicators")
    con.close()
    steps = [("scorecard", lambda: bench_scorecard(bench, national, demo)),
             ("compare", lambda: bench_compare(bench, national, demo)),
             ("beside", lambda: bench_beside(bench, national)),
             ("cold", lambda: bench_cold_start(bench, national)),  # before pages: they keep the store open
             ("evidence", lambda: bench_evidence(bench, national, demo)),
             ("pages", lambda: bench_pages(bench, national, demo)),
             ("cases", lambda: bench_cases(bench, files, args.quick))]
    for name, step in steps:
        if name in sections:
            try:
                step()
            except Exception as err:  # noqa: BLE001 - one failing section must not lose the others
                bench.add(Row(name.title(), f"{name}: could not be measured", 0, None, note=f"{type(err).__name__}: {err}"[:300]))
    meta["load_end"] = load_average()
    meta["total"] = time.perf_counter() - bench.started
    text = table(bench, meta)
    print("\n" + text)
    if not args.no_write:
        write_results(text)
        log(f"Wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
