"""With sign-in configured, a visitor who has not signed in sees nothing but the sign-in page, even when
opening a page's own address (/evidence, /load…) on a freshly started server, in a real browser.

Streamlit serves the pages/ folder by file name until st.navigation has run in the process, and it
never runs for someone who has not signed in: every page must send such a visitor to app.py.
The server runs from a folder holding a .streamlit/secrets.toml with an [auth] section (an
identity provider that is never contacted: nobody presses the button).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.test_browser import CHROMIUM_ARGS, chromium, free_port, streamlit_server

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")
SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "browser-test-cookie-secret-thirty-two-characters-long"
client_id = "pidash"
client_secret = "browser-test"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def guarded_server(seeded_template, tmp_path_factory):
    """`streamlit run app.py` with sign-in configured, on a copy of the demo database."""
    work = tmp_path_factory.mktemp("signin")
    db = work / "pidash.duckdb"
    shutil.copy(seeded_template, db)
    port = free_port()
    (work / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", work / ".streamlit" / "config.toml")
    (work / ".streamlit" / "secrets.toml").write_text(SECRETS.format(port=port))
    env = {**os.environ, "PIDASH_DB": str(db), "GX_ANALYTICS_ENABLED": "False",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("PIDASH_ROLES", None)
    with streamlit_server(ROOT / "app.py", port, env, cwd=work, log_path=work / "streamlit.log") as url:
        yield url


def test_every_page_address_shows_only_the_sign_in_page(guarded_server):
    from playwright.sync_api import sync_playwright

    assert "load" in PAGES and "evidence" in PAGES
    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            for name in PAGES:
                context = browser.new_context()  # a new visitor each time
                page = context.new_page()
                page.goto(f"{guarded_server}/{name}")
                page.get_by_text("Sign in with your organisation account").wait_for(timeout=60_000)
                page.wait_for_timeout(1500)  # anything a page would draw after the redirect
                main = page.locator('[data-testid="stMain"]').inner_text()
                seen[name] = {
                    "sign_in": page.get_by_role("button", name="Sign in").count(),
                    "tables": page.locator('[data-testid="stDataFrame"]').count(),
                    "charts": page.locator('[data-testid="stPlotlyChart"]').count(),
                    "uploads": page.locator('[data-testid="stFileUploader"]').count(),
                    "figures": any(word in main for word in ("NI59", "Haringey", "Build the pack", "Confirm")),
                }
                context.close()
        finally:
            browser.close()
    expected = {"sign_in": 1, "tables": 0, "charts": 0, "uploads": 0, "figures": False}
    assert seen == {name: expected for name in PAGES}
