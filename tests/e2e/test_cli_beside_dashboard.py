"""The command line beside the running dashboard: with `streamlit run app.py` serving a headless
Chromium session, a loop of 20 mixed `pidash` reads and loads (bounded in time) all succeed, each
load lands exactly once, and every page the browser draws shows the store as it was before or
after a load, never part of one.

Each load restates NI 59 for February and March 2011 together, so a page that mixed two states
would show an in-month value from one load beside a year-to-date value from another.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time

import pytest

from tests.e2e.test_browser import (CHROMIUM_ARGS, PAGE_SECONDS, ROOT, assert_no_error, chromium, free_port,
                                    screenshot, settled, streamlit_server)
from ui.format import percent

pytestmark = pytest.mark.browser
HOME = "E09000014"
LOOP_SECONDS = 420  # the whole loop's bound: it stops, and fails, past this


def open_detail(page, url: str) -> list[str]:
    """A new session (a reload opens the Scorecard first), then the Indicator detail page through
    the navigation; the page's metric values (in month, year to date, target, RAG)."""
    page.goto(url)
    settled(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Indicator detail").first.click()
    page.get_by_role("heading", name="Indicator detail").wait_for()
    settled(page)
    assert_no_error(page, "detail page during the loop")
    return [m.strip() for m in page.locator('[data-testid="stMetricValue"]').all_text_contents()]


def pidash(*args, db, timeout=180):
    env = {**os.environ, "PIDASH_DB": str(db), "PIDASH_USER": "cron-officer", "GX_ANALYTICS_ENABLED": "False"}
    env.pop("PIDASH_ROLES", None)
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=ROOT)


def restatement(folder, k: int):
    path = folder / f"restated-{k}.csv"
    path.write_text("indicator,period,numerator,denominator,note\n"
                    f"NI59,2011-02,{100 + 7 * k},200,restated by load {k}\n"
                    f"NI59,2011-03,{110 + 9 * k},200,restated by load {k}\n")
    return path


def ni59(db) -> tuple[str, str]:
    """(in-month, year-to-date) of NI 59 for March 2011 as the command line reads it, formatted as the page shows."""
    done = pidash("scorecard", "--period", "2011-03", "--json", db=db)
    assert done.returncode == 0, done.stderr
    [row] = [r for r in json.loads(done.stdout) if r["indicator"] == "NI59"]
    return percent(row["value"]), percent(row["ytd_value"])


@pytest.fixture(scope="module")
def served(seeded_template, tmp_path_factory):
    work = tmp_path_factory.mktemp("beside")
    db = work / "pidash.duckdb"
    shutil.copy(seeded_template, db)
    env = {**os.environ, "PIDASH_DB": str(db), "PIDASH_USER": "browser-test", "GX_ANALYTICS_ENABLED": "False"}
    env.pop("PIDASH_ROLES", None)
    with streamlit_server(ROOT / "app.py", free_port(), env, cwd=ROOT, log_path=work / "streamlit.log") as url:
        yield url, db, work


def test_commands_read_and_load_while_the_dashboard_serves_a_browser(served):
    from playwright.sync_api import sync_playwright

    url, db, work = served
    states = [ni59(db)]  # the store before the loop, then after each load (only the loop writes)
    loads = [restatement(work, k) for k in range(1, 5)]
    reads = [["scorecard", "--period", "2009-09", "--json"], ["loads", "--json"], ["milestones", "--json"],
             ["exceptions", "--json"], ["risks", "--json"], ["whoami"], ["inbox", "list", "--json"],
             ["scorecard", "--period", "2010-03", "--json"]]
    commands = []
    for k, file in enumerate(loads):
        commands.append(["load", "returns", str(file), "--quiet"])
        commands += [reads[(3 * k + i) % len(reads)] for i in range(3)]
    commands += [["evidence", "--period", "2009-09", "--out", str(work / "pack"), "--quiet"],
                 ["loads", "--json"], ["milestones", "--json"], ["risks", "--json"]]
    assert len(commands) == 20
    results: list[tuple[list[str], subprocess.CompletedProcess, float]] = []
    failure: list[BaseException] = []

    def loop():
        deadline = time.monotonic() + LOOP_SECONDS
        try:
            for command in commands:
                assert time.monotonic() < deadline, "the loop ran past its time bound"
                started = time.monotonic()
                done = pidash(*command, db=db)
                results.append((command, done, time.monotonic() - started))
                if command[0] == "load" and done.returncode == 0:
                    states.append(ni59(db))
        except BaseException as err:  # noqa: BLE001 - reported by the test thread
            failure.append(err)

    seen = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(PAGE_SECONDS * 1000)
        assert open_detail(page, url)[:2] == list(states[0])
        worker = threading.Thread(target=loop)
        worker.start()
        while worker.is_alive():
            metrics = open_detail(page, url)
            seen.append((metrics[0], metrics[1]))
        worker.join()
        final = open_detail(page, url)
        screenshot(page, "detail-after-cli-loop")
        browser.close()

    assert not failure, failure
    for command, done, _ in results:
        assert done.returncode == 0, f"pidash {' '.join(command)} failed ({done.returncode}):\n{done.stderr}"
        assert "queued" not in done.stderr, f"pidash {' '.join(command)} fell back to the inbox:\n{done.stderr}"
    assert len(results) == 20 and len(states) == 5
    assert len(set(states)) == 5  # each load changed what NI 59 shows
    history = json.loads(pidash("loads", "--json", "--limit", "500", db=db).stdout)
    for file in loads:
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        assert [h["status"] for h in history if h["sha256"] == digest] == ["accepted"]  # landed exactly once
    assert seen, "the browser drew no page during the loop"
    torn = [pair for pair in seen if pair not in states]
    assert torn == [], f"pages showed a state no load left: {torn} (states {states})"
    assert (final[0], final[1]) == states[-1]  # the next refresh shows the last load
    load_seconds = [seconds for command, _, seconds in results if command[0] == "load"]
    assert max(load_seconds) < 60, load_seconds  # within seconds, not queued behind the dashboard
