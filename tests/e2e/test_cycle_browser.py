"""End to end, the monthly cycle in a real browser: commentary written on the detail page (shown
there as text, and on the scorecard), then the month signed off on the scorecard. Local mode: the
person is admin, who may sign off. The dashboard holds no connection between requests, so the
test reads the store itself afterwards."""
from __future__ import annotations

import contextlib
import os
import shutil

import pytest

from data import cycle_queries, store
from tests.e2e.test_browser import (CHROMIUM_ARGS, ROOT, assert_no_error, chromium, free_port, main_text, screenshot,
                                    settled, streamlit_server)
from tests.helpers import HOME

pytestmark = pytest.mark.browser
SAID = "Browser test: two agency social workers left in March; <b>not bold</b> **not bold**"


def test_commentary_written_on_the_detail_page_then_the_month_signed_off_on_the_scorecard(seeded_template, tmp_path):
    from playwright.sync_api import sync_playwright

    db = tmp_path / "pidash.duckdb"
    shutil.copy(seeded_template, db)
    env = {**os.environ, "PIDASH_DB": str(db), "PIDASH_USER": "browser-test", "GX_ANALYTICS_ENABLED": "False"}
    env.pop("PIDASH_TODAY", None)  # today: March 2011, the latest month, is long past
    with streamlit_server(ROOT / "app.py", free_port(), env, cwd=ROOT, log_path=tmp_path / "streamlit.log") as url, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.set_default_timeout(90_000)
        page.goto(url)
        settled(page)
        page.goto(f"{url}/detail")
        settled(page)
        page.get_by_text("Write commentary on NI 59 for Mar 2011").wait_for()
        assert "No commentary on NI 59 for Mar 2011." in main_text(page)
        page.get_by_label("What happened").fill(SAID)
        page.get_by_label("What is being done").fill("Recruiting two permanent social workers")
        page.get_by_role("button", name="Save commentary").click()
        page.get_by_text("Commentary version 1 saved for NI 59, Mar 2011.").wait_for()
        settled(page)
        shown = main_text(page)
        assert f"What happened: {SAID}" in shown  # the tags and asterisks are shown, not obeyed
        assert page.locator('[data-testid="stMain"] b', has_text="not bold").count() == 0
        assert "written by browser-test" in shown
        assert_no_error(page, "Indicator detail (commentary written)")
        screenshot(page, "cycle-commentary-written")

        page.set_viewport_size({"width": 3200, "height": 1200})  # the table draws only the columns in view
        page.goto(url)
        settled(page)
        page.get_by_text("Sign-off: Mar 2011").wait_for()
        assert "Browser test: two agency social workers left in March" in main_text(page)  # its first line, in the table
        page.get_by_label("Override reason (required: the month is not ready)").fill(
            "SA45 comes from case records, not yet sent")
        page.get_by_role("button", name="Sign off Mar 2011").click()
        page.get_by_text("Mar 2011 signed off, with the figures loaded up to load").wait_for()
        settled(page)
        assert "Signed off by browser-test on " in main_text(page)
        assert page.get_by_role("button", name="Reopen Mar 2011").count() == 1
        assert_no_error(page, "Scorecard (signed off)")
        screenshot(page, "cycle-signed-off")
        browser.close()

    with contextlib.closing(store.connect(db, read_only=True)) as con:
        said = cycle_queries.latest_commentary(con, [HOME], ["NI59"], "2011-03")
        signed = cycle_queries.latest_signoff(con, HOME, "2011-03")
    assert list(zip(said["text"], said["author"])) == [(SAID, "browser-test")]
    assert (signed["kind"], signed["signed_by"], signed["override"]) == (
        "signoff", "browser-test", "SA45 comes from case records, not yet sent")
