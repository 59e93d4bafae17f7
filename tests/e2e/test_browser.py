"""End to end: the real dashboard (`streamlit run app.py`) on a loopback port, in headless Chromium.

Every page the navigation offers is opened, must show its content and no error, and is saved as
a screenshot in test-artifacts/. On the Load page a malformed file is uploaded and its rejection,
naming the row and column, must be shown. The browser is Debian's `chromium` (or
$PIDASH_CHROMIUM) driven by Playwright; without it these tests fail, they do not skip.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_SECONDS = 90
PAGE_SECONDS = 90
ERROR_TEXT = re.compile(r"Traceback|\bError\b")

pytestmark = pytest.mark.browser


def chromium() -> str:
    """The browser to drive; a missing browser fails the test (CI installs it)."""
    path = os.environ.get("PIDASH_CHROMIUM") or "/usr/bin/chromium"
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"Chromium not found at {path}: install it (Debian: apt-get install chromium) "
                    "or set PIDASH_CHROMIUM to the browser's path")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(app: Path, port: int, env: dict, cwd: Path, log_path: Path):
    """`streamlit run app` on a loopback port until the context ends; yields its base URL, and fails
    with the server's log if it does not answer its health check in START_SECONDS."""
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("streamlit did not start:\n" + log_path.read_text())
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def server(seeded_template, tmp_path_factory):
    """`streamlit run app.py` on a copy of the demo database; yields its base URL."""
    db = tmp_path_factory.mktemp("browser") / "pidash.duckdb"
    shutil.copy(seeded_template, db)
    port = free_port()
    env = {**os.environ, "PIDASH_DB": str(db), "PIDASH_USER": "browser-test", "GX_ANALYTICS_ENABLED": "False"}
    with streamlit_server(ROOT / "app.py", port, env, cwd=ROOT, log_path=db.parent / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(PAGE_SECONDS * 1000)
    yield opened
    context.close()


def settled(page) -> None:
    """Wait until the script has run and the page has stopped changing (charts and tables draw
    just after the run ends)."""
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    page.wait_for_selector(idle)
    page.wait_for_selector("h1")
    deadline = time.monotonic() + PAGE_SECONDS
    last, steady = None, 0
    while steady < 4 and time.monotonic() < deadline:
        page.wait_for_timeout(300)
        now = (page.locator(idle).count(), len(main_text(page)))
        steady = steady + 1 if now == last and now[0] == 1 else 0
        last = now


def main_text(page) -> str:
    """The main area's text, including what tables draw on canvas (their accessible copy)."""
    return page.locator('[data-testid="stMain"]').text_content() or ""


def assert_no_error(page, name: str) -> None:
    shown = main_text(page)
    assert page.locator('[data-testid="stException"]').count() == 0, f"{name}: an exception is shown"
    found = ERROR_TEXT.search(shown)
    assert found is None, f"{name}: error text {found.group()!r} on the page:\n{shown[:2000]}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_a_pages_own_address_opened_first_still_goes_through_sign_in_and_the_sidebar(server, page):
    """Before st.navigation has run once in the process, Streamlit would run pages/detail.py alone."""
    page.goto(f"{server}/detail")
    settled(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Local single-user mode" in sidebar  # app.py's sign-in ran
    assert "Reporting period" in sidebar and "Organisation" in sidebar
    assert page.locator("h1").first.inner_text() == "Scorecard"  # app.py opened its default page


def test_every_page_shows_its_content_and_no_error(server, page):
    page.goto(server)
    settled(page)
    links = page.locator('[data-testid="stSidebarNav"] a')
    # a link's text is its Material icon's name (drawn by the icon font) then its title, a line apart
    pages = {links.nth(i).inner_text().strip().splitlines()[-1].strip(): links.nth(i).get_attribute("href")
             for i in range(links.count())}
    expected = {"Scorecard", "Indicator detail", "Data quality", "Catalogue", "Evidence pack", "Load", "Compare",
                "Regional scorecard"}
    assert expected <= {re.sub(r"^\W+", "", name).strip() for name in pages}, pages
    # NI 59 in March 2011 (computed from Haringey's case records): 54/66 in the month, 705/871 for the
    # year to date, against 80%; its July 2009 figure restated by the later case extract, 41/78 → 50/78
    content = {  # a few words each of my pages must show
        "Scorecard": ["Scorecard", "Haringey, Mar 2011", "▲ Amber", "⚠ Special cause: concern", "Open the detail page",
                      "NI 59Initial assessments for children's social care carried out…✔ Green81.8%80.9%80.0%"],
        "Indicator detail": ["Indicator detail", "NI 59:", "81.8%", "Definition", "Download the series (CSV)"],
        "Data quality": ["Data quality", "Load history", "Completeness: Haringey", "Months restated", "Revisions", "52.6% → 64.1%",
                         "Special-cause variation"],
        "Load": ["Load", "Blank template (CSV)", "Choose a file to check it."],
    }
    for name, href in pages.items():
        title = re.sub(r"^\W+", "", name).strip()
        page.goto(href if href.startswith("http") else f"{server}/{href.lstrip('/')}")
        settled(page)
        assert page.locator("h1").count() >= 1, f"{title}: no heading"
        shown = main_text(page)
        for words in content.get(title, []):
            assert words in shown, f"{title}: {words!r} not shown"
        if title in ("Scorecard", "Indicator detail", "Data quality"):
            page.wait_for_selector(".js-plotly-plot" if title != "Scorecard" else '[data-testid="stDataFrame"]')
        assert_no_error(page, title)
        screenshot(page, re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"))


def test_the_scorecard_opens_the_detail_page_for_the_chosen_indicator(server, page):
    page.goto(server)
    settled(page)
    page.get_by_role("button", name="Open the detail page").click()
    page.get_by_role("heading", name="Indicator detail").wait_for()
    settled(page)
    assert "NI 60: Core assessments" in main_text(page)  # the first indicator in attention order
    page.locator(".js-plotly-plot").first.wait_for()
    assert_no_error(page, "Indicator detail (from the scorecard)")


def test_a_malformed_upload_is_rejected_naming_row_and_column(server, page):
    page.goto(f"{server}/load")
    settled(page)
    malformed = ("indicator,period,numerator,denominator\n"
                 "NI59,2011-04,12,10\n"
                 "NI60,2011-13,3,10\n").encode()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "april.csv", "mimeType": "text/csv", "buffer": malformed}])
    page.get_by_text("rejected, 2 problem(s) found").wait_for()
    settled(page)
    alert = page.locator('[data-testid="stAlertContentError"]').inner_text()
    assert "april.csv: rejected, 2 problem(s) found. Nothing has been written." in alert
    assert "row 2, column 'numerator', value '12': numerator must not be more than the denominator" in alert
    assert "row 3, column 'period', value '2011-13': must be a month written YYYY-MM" in alert
    assert page.get_by_role("button", name="Record this rejected file in the load history").count() == 1
    assert page.get_by_role("button", name=re.compile("^Confirm")).count() == 0
    screenshot(page, "load-rejected")
