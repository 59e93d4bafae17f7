"""Sign-in in a real browser, through a real OpenID Connect provider on the loopback interface.

The dashboard (`streamlit run app.py`) runs from a work folder whose .streamlit/secrets.toml has an
[auth] section naming `oidc-provider-mock` (tests/e2e/oidc.py), on a copy of the demo database,
with a roles file named by PIDASH_ROLES. People press "Sign in", type their subject on the
provider's page, come back signed in, and get the role the roles file gives their email or their
groups claim. One provider and one dashboard serve the module; each person gets a new browser
context (their own cookies).

The first test keeps the older guarantee: a visitor who has not signed in sees nothing but the
sign-in page, even when opening a page's own address on a freshly started server. Streamlit serves
the pages/ folder by file name until st.navigation has run in the process, and it never runs for
someone who has not signed in: every page must send such a visitor to app.py.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
import time
from contextlib import ExitStack
from pathlib import Path

import duckdb
import pytest

from tests.e2e.oidc import authorise, identity_provider, offline_styles
from tests.e2e.test_browser import (CHROMIUM_ARGS, PAGE_SECONDS, assert_no_error, chromium, free_port,
                                    main_text, screenshot, settled, streamlit_server)

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")
ROLES = """
[settings]
groups_claim = "groups"
# no default: a person neither listed nor in a listed group has no role

[users]
"reader@example.gov.uk" = "viewer"
"officer@example.gov.uk" = "data_officer"
"head.of.performance@example.gov.uk" = "approver"
"boss@example.gov.uk" = "admin"

[groups]
"pidash-admins" = "admin"
"pidash-data-officers" = "data_officer"
"""
# subject on the provider → the claims in their ID token (fake people)
PEOPLE = {
    "reader": {"email": "reader@example.gov.uk", "name": "Rita Reader"},
    "officer": {"email": "officer@example.gov.uk", "name": "Otto Officer", "groups": ["staff"]},
    "boss": {"email": "boss@example.gov.uk", "name": "Bea Boss"},
    "approver": {"email": "head.of.performance@example.gov.uk", "name": "Ada Approver"},
    "lead": {"email": "team.lead@example.gov.uk", "name": "Lee Lead", "groups": ["staff", "pidash-admins"]},
    "stranger": {"email": "stranger@example.gov.uk", "name": "Sam Stranger", "groups": ["another-team"]},
}
LOCAL_LOGIN = "local-login-not-the-signed-in-person"  # PIDASH_USER: a write must never record it
# pages every role reads, by their name in the navigation → the heading each shows (app.py may add more)
CORE_READING = {
    "Scorecard": "Scorecard",
    "Indicator detail": "Indicator detail",
    "Data quality": "Data quality",
    "Catalogue": "Indicators",
    "Evidence pack": "Evidence pack",
    "Plan tracker": "Plan tracker",
    "Exception report": "Milestone exception report",
    "Risks and issues": "Risks and issues",
}


def heading_of(page_file: Path) -> str | None:
    """The heading a page draws: its first `st.title("...")` with a plain string (None if it has none)."""
    for node in ast.walk(ast.parse(page_file.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "title"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "st"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            return node.args[0].value
    return None


def app_pages() -> tuple[dict[str, str | None], dict[str, str | None]]:
    """What app.py's navigation offers: (every role's pages, the writing pages), name → heading.
    Read from app.py so pages added there are visited too."""
    found: dict[str, dict[str, str | None]] = {"PAGES": {}, "WRITING_PAGES": {}}
    for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names = [t.id for t in targets if isinstance(t, ast.Name) and t.id in found]
        if not names or node.value is None:
            continue
        for part in ast.walk(node.value):  # st.Page("pages/x.py", title=...) or ("pages/x.py", "Title", ...)
            if isinstance(part, ast.Call) and isinstance(part.func, ast.Attribute) and part.func.attr == "Page":
                path, title = part.args[0].value, next(k.value.value for k in part.keywords if k.arg == "title")
            elif (isinstance(part, ast.Tuple) and len(part.elts) >= 2
                  and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in part.elts[:2])
                  and part.elts[0].value.endswith(".py")):
                path, title = part.elts[0].value, part.elts[1].value
            else:
                continue
            found[names[0]][title] = heading_of(ROOT / path)
    return found["PAGES"], found["WRITING_PAGES"]


READING, WRITING = app_pages()
SIGN_IN_TEXT = "Sign in with your organisation account"
APRIL = b"indicator,period,numerator,denominator\nNI59,2011-04,150,180\nNI60,2011-04,60,80\n"

pytestmark = pytest.mark.browser


class Dashboard:
    """`streamlit run app.py` from a work folder, (re)started on demand on one port (the one the
    secrets' redirect_uri names), so a test can stop it to read the database file it holds."""

    def __init__(self, work: Path, env: dict, port: int):
        self.work, self.env, self.port = work, env, port
        self.db = Path(env["PIDASH_DB"])
        self._running: ExitStack | None = None
        self._url = ""
        self.visited = False  # has any browser opened it since it started?

    @property
    def url(self) -> str:
        if self._running is None:
            stack = ExitStack()
            self._url = stack.enter_context(streamlit_server(
                ROOT / "app.py", self.port, self.env, cwd=self.work, log_path=self.work / "streamlit.log"))
            self._running, self.visited = stack, False
        return self._url

    def fresh(self) -> str:
        """The URL of a server no browser has opened yet (restarted if one has)."""
        if self.visited:
            self.stop()
        return self.url

    def visit(self) -> str:
        url = self.url
        self.visited = True
        return url

    def stop(self) -> None:
        if self._running is not None:
            self._running.close()
            self._running = None


@pytest.fixture(scope="module")
def provider():
    """The identity provider, with every test person registered through its HTTP API."""
    with identity_provider() as idp:
        for sub, claims in PEOPLE.items():
            idp.register(sub, **claims)
        yield idp


@pytest.fixture(scope="module")
def dashboard(provider, seeded_template, tmp_path_factory):
    work = tmp_path_factory.mktemp("signin")
    db = work / "pidash.duckdb"
    shutil.copy(seeded_template, db)
    roles = work / "team-roles.toml"
    roles.write_text(ROLES)
    port = free_port()
    (work / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", work / ".streamlit" / "config.toml")
    (work / ".streamlit" / "secrets.toml").write_text(provider.secrets_toml(port))
    env = {**os.environ, "PIDASH_DB": str(db), "PIDASH_ROLES": str(roles), "PIDASH_USER": LOCAL_LOGIN,
           "GX_ANALYTICS_ENABLED": "False",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    server = Dashboard(work, env, port)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def guarded_server(dashboard):
    """A freshly started dashboard with sign-in configured, that no browser has opened yet."""
    return dashboard.fresh()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def person(browser):
    """A new browser context (a person with no cookies yet); yields a function opening its page."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        offline_styles(context)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(PAGE_SECONDS * 1000)
        return page

    yield open_page
    for context in contexts:
        context.close()


# --- steps -------------------------------------------------------------------------------------

def steady(page) -> None:
    """The script has run and the page has stopped changing (also on pages with no heading)."""
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    page.wait_for_selector(idle)
    deadline = time.monotonic() + PAGE_SECONDS
    last, still = None, 0
    while still < 4 and time.monotonic() < deadline:
        page.wait_for_timeout(300)
        now = (page.locator(idle).count(), len(main_text(page)), len(sidebar_text(page)))
        still = still + 1 if now == last and now[0] == 1 else 0
        last = now


def sidebar_text(page) -> str:
    sidebar = page.locator('[data-testid="stSidebar"]')
    return (sidebar.text_content() or "") if sidebar.count() else ""


def navigation(page) -> dict[str, str]:
    """The sidebar navigation: each page's name → its address."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    found = {}
    for i in range(links.count()):
        label = links.nth(i).locator("span[label]").inner_text().strip()  # the name, not the icon's
        found[label] = links.nth(i).get_attribute("href")
    return found


def sign_in(page, url: str, sub: str, shot: str) -> None:
    """Open the dashboard, press Sign in, complete the provider's form as `sub`, come back."""
    page.goto(url)
    page.get_by_text(SIGN_IN_TEXT).wait_for()
    screenshot(page, f"{shot}-1-sign-in-page")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("heading", name="Authorize Client").wait_for()  # the provider's own page
    assert not page.url.startswith(url) and "/oauth2/authorize?" in page.url, page.url
    screenshot(page, f"{shot}-2-provider")
    authorise(page, sub)
    page.wait_for_url(f"{url}/")  # the callback sets the cookie and sends the browser home
    steady(page)


def shows(page, text, seconds: float = 20) -> bool:
    """Does the page show `text` (a string or a pattern) within `seconds`?"""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.get_by_text(text).first.wait_for(timeout=seconds * 1000)
        return True
    except PlaywrightTimeout:
        return False


def signed_in_as(page, email: str, role: str) -> None:
    """The sidebar names the person and the role the roles file gave them."""
    caption = f"Signed in as {email} · {role}"
    shows(page, "Signed in as")
    shown = sidebar_text(page)
    assert caption in shown, f"expected {caption!r}; sidebar: {shown[:400]!r}; page: {main_text(page)[:400]!r}"


def open_from_navigation(page, name: str, heading: str | None) -> None:
    """Click `name` in the sidebar navigation and wait for its page (and its heading) to be drawn."""
    href = navigation(page)[name]
    page.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]').click()
    page.wait_for_url(href)
    if heading is None:  # a page whose title app.py's source does not spell out: any heading
        page.locator("h1").first.wait_for()
    else:
        page.locator("h1").filter(has_text=re.compile(rf"^{re.escape(heading)}$")).first.wait_for()
    settled(page)
    shown = page.locator("h1").first.inner_text().strip()
    assert (shown == heading) if heading else shown, f"{name}: heading {shown!r}"


def table_rows(frame) -> list[dict[str, str]]:
    """The rows a st.dataframe draws (from the grid's accessible copy of the canvas), header → cell."""
    frame.locator("table tbody tr").first.wait_for(state="attached")
    header = [h.strip() for h in frame.locator("table thead th").all_text_contents()]
    cells = frame.locator("table tbody tr").evaluate_all(
        "rows => rows.map(row => [...row.querySelectorAll('td')].map(cell => cell.textContent.trim()))")
    return [dict(zip(header, row)) for row in cells]


def loadable_tables(page, shot: str) -> list[str]:
    """The Load page's "What the file holds" choices, read from its open list."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text="What the file holds").click()
    options = page.get_by_role("option")
    options.first.wait_for()
    offered = [options.nth(i).inner_text().strip() for i in range(options.count())]
    screenshot(page, shot)
    page.keyboard.press("Escape")
    options.first.wait_for(state="detached")
    return offered


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def write_controls(page) -> dict[str, int]:
    return {
        "uploaders": page.locator('[data-testid="stFileUploader"]').count(),
        "confirm": page.get_by_role("button", name=re.compile(r"^Confirm")).count(),
        "record rejection": page.get_by_role("button", name=re.compile("Record this rejected file")).count(),
    }


NONE_WRITE = {"uploaders": 0, "confirm": 0, "record rejection": 0}


# --- tests -------------------------------------------------------------------------------------

def test_every_page_address_shows_only_the_sign_in_page(guarded_server, browser):
    assert "load" in PAGES and "evidence" in PAGES
    seen = {}
    for name in PAGES:
        context = browser.new_context()  # a new visitor each time
        page = context.new_page()
        page.goto(f"{guarded_server}/{name}")
        page.get_by_text(SIGN_IN_TEXT).wait_for(timeout=60_000)
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
    expected = {"sign_in": 1, "tables": 0, "charts": 0, "uploads": 0, "figures": False}
    assert seen == {name: expected for name in PAGES}


def test_a_viewer_reads_every_page_is_refused_the_load_page_and_has_no_write_control(dashboard, person):
    assert CORE_READING.items() <= READING.items() and WRITING == {"Load": "Load"}, (READING, WRITING)
    url = dashboard.visit()
    page = person()
    sign_in(page, url, "reader", "signin-viewer")
    signed_in_as(page, "reader@example.gov.uk", "viewer")
    assert set(navigation(page)) == set(READING), navigation(page)  # no Load
    screenshot(page, "signin-viewer-3-signed-in")
    controls = {}
    for name, heading in READING.items():
        open_from_navigation(page, name, heading)
        assert_no_error(page, f"viewer: {name}")
        assert "Signed in as reader@example.gov.uk · viewer" in sidebar_text(page)
        controls[name] = write_controls(page)
        screenshot(page, f"signin-viewer-page-{slug(name)}")
    assert controls == {name: NONE_WRITE for name in READING}

    page.goto(f"{url}/load")  # the Load page's own address: it answers, with the role it needs
    refusal = "This page needs the data officer role; you are signed in as reader@example.gov.uk with viewer."
    assert shows(page, refusal), f"/load was not refused: {main_text(page)[:400]!r}"
    steady(page)
    assert page.locator('[data-testid="stAlertContentError"]').inner_text().strip() == refusal
    assert page.locator("h1").count() == 0  # nothing of the page past its check
    assert write_controls(page) == NONE_WRITE
    assert "Blank template (CSV)" not in main_text(page)
    assert "Load" not in navigation(page)  # still out of the navigation
    screenshot(page, "signin-viewer-4-load-refused")


def test_an_admin_has_the_load_page_and_no_restore_control_anywhere(dashboard, person):
    url = dashboard.visit()
    page = person()
    sign_in(page, url, "boss", "signin-admin")
    signed_in_as(page, "boss@example.gov.uk", "admin")
    assert set(navigation(page)) == set(READING) | set(WRITING), navigation(page)
    screenshot(page, "signin-admin-3-signed-in")
    restore = re.compile(r"restor|roll ?back", re.IGNORECASE)
    found = {}
    for name, heading in {**READING, **WRITING}.items():
        open_from_navigation(page, name, heading)
        assert_no_error(page, f"admin: {name}")
        found[name] = {  # anything one could press or fill in to restore (prose may mention the command)
            "controls": sum(page.get_by_role(role, name=restore).count()
                            for role in ("button", "link", "menuitem", "tab", "checkbox", "option")),
            "uploaders": page.locator('[data-testid="stFileUploader"]').count(),  # a backup would be uploaded
        }
        screenshot(page, f"signin-admin-page-{slug(name)}")
    assert found == {name: {"controls": 0, "uploaders": 1 if name == "Load" else 0}
                     for name in {**READING, **WRITING}}

    # on the Load page (open last), what an admin may load: the admin-only tables, and no backup to restore
    page.get_by_text("Choose a file to check it.").wait_for()
    offered = loadable_tables(page, "signin-admin-load-tables")
    assert {"Monthly returns", "Targets", "Organisations", "Indicator definitions"} <= set(offered), offered
    assert not [o for o in offered if restore.search(o) or "backup" in o.lower()], offered
    assert page.locator('[data-testid="stFileUploader"]').count() == 1


def test_a_group_in_the_groups_claim_gives_that_groups_role(dashboard, person):
    url = dashboard.visit()
    page = person()
    sign_in(page, url, "lead", "signin-group")  # not listed by email; in the group pidash-admins
    signed_in_as(page, "team.lead@example.gov.uk", "admin")
    assert set(navigation(page)) == set(READING) | set(WRITING), navigation(page)
    screenshot(page, "signin-group-3-signed-in-as-admin")
    open_from_navigation(page, "Load", "Load")
    assert_no_error(page, "group admin: Load")
    assert page.locator('[data-testid="stFileUploader"]').count() == 1


def test_a_person_absent_from_the_roles_file_is_turned_away(dashboard, person):
    url = dashboard.visit()
    page = person()
    sign_in(page, url, "stranger", "signin-stranger")
    refusal = ("Your account stranger@example.gov.uk has no role in pidash. "
               "Ask an administrator to add you to the roles file.")
    assert shows(page, refusal), f"not turned away: {sidebar_text(page)[:400]!r} {main_text(page)[:400]!r}"
    screenshot(page, "signin-stranger-3-turned-away")
    for address in ("", "/scorecard", "/quality", "/load"):
        page.goto(f"{url}{address}")
        assert shows(page, refusal), f"{address}: {main_text(page)[:400]!r}"
        steady(page)
        assert refusal in page.locator('[data-testid="stAlertContentError"]').inner_text(), address
        assert page.locator('[data-testid="stSidebarNav"] a').count() == 0, address
        assert page.locator("h1").count() == 0, address
        assert page.locator('[data-testid="stDataFrame"], [data-testid="stPlotlyChart"]').count() == 0, address
        assert write_controls(page) == NONE_WRITE, address
        assert "Haringey" not in main_text(page) + sidebar_text(page), address
        assert page.get_by_role("button", name="Sign out").count() == 1, address
    screenshot(page, "signin-stranger-4-load-address-turned-away")


def test_signing_out_ends_the_session(dashboard, person):
    url = dashboard.visit()
    page = person()
    sign_in(page, url, "reader", "signin-signout")
    signed_in_as(page, "reader@example.gov.uk", "viewer")
    assert "_streamlit_user" in {c["name"] for c in page.context.cookies(url)}
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="End Session").wait_for()  # the provider's end-session page
    screenshot(page, "signin-signout-2-provider-end-session")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{url}/")
    page.get_by_text(SIGN_IN_TEXT).wait_for()
    steady(page)
    screenshot(page, "signin-signout-3-signed-out")
    assert "_streamlit_user" not in {c["name"] for c in page.context.cookies(url)}

    def signed_out(where: str) -> None:
        assert page.get_by_role("button", name="Sign in", exact=True).count() == 1, where
        assert "Signed in as" not in sidebar_text(page) + main_text(page), where
        assert page.locator('[data-testid="stSidebarNav"] a').count() == 0, where
        assert [h.strip() for h in page.locator("h1").all_inner_texts()] == ["pidash"], where

    signed_out("after signing out")
    page.goto(f"{url}/quality")  # a page's own address
    page.get_by_text(SIGN_IN_TEXT).wait_for()
    steady(page)
    signed_out("/quality after signing out")
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    screenshot(page, "signin-signout-4-page-address-shows-sign-in")


def test_an_approver_signs_off_a_month_and_the_sign_off_records_their_email(dashboard, person):
    import contextlib

    from data import cycle_queries, store

    url = dashboard.visit()
    page = person()
    page.set_viewport_size({"width": 3200, "height": 1200})  # the sign-off panel sits below a wide table
    sign_in(page, url, "approver", "signin-approver")
    signed_in_as(page, "head.of.performance@example.gov.uk", "approver")
    assert "Load" in navigation(page)  # an approver may do all a data officer may
    page.get_by_text("Sign-off: Mar 2011").wait_for()
    page.get_by_label("Override reason (required: the month is not ready)").fill("signed off in the sign-in test")
    page.get_by_role("button", name="Sign off Mar 2011").click()
    page.get_by_text("Mar 2011 signed off, with the figures loaded up to load").wait_for()
    settled(page)
    assert "Signed off by head.of.performance@example" in main_text(page)
    assert_no_error(page, "approver: Scorecard (signed off)")
    screenshot(page, "signin-approver-3-signed-off")
    with contextlib.closing(store.connect(dashboard.db, read_only=True)) as con:
        signed = cycle_queries.latest_signoff(con, "E09000014", "2011-03")
    assert (signed["kind"], signed["signed_by"], signed["override"]) == (
        "signoff", "head.of.performance@example.gov.uk", "signed off in the sign-in test")


def test_a_data_officer_loads_a_file_and_the_load_records_their_email(dashboard, person):
    """Last in the module: it stops the dashboard to read the database file it holds."""
    url = dashboard.visit()
    page = person()
    sign_in(page, url, "officer", "signin-officer")
    signed_in_as(page, "officer@example.gov.uk", "data officer")
    assert set(navigation(page)) == set(READING) | set(WRITING), navigation(page)
    open_from_navigation(page, "Load", "Load")
    page.get_by_text("Choose a file to check it.").wait_for()
    screenshot(page, "signin-officer-3-load-page")
    offered = loadable_tables(page, "signin-officer-3-load-tables")  # what a data officer may load
    assert "Monthly returns" in offered and not {"Targets", "Organisations", "Indicator definitions"} & set(offered), offered

    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "april-officer.csv", "mimeType": "text/csv", "buffer": APRIL}])
    page.get_by_text(re.compile(r"april-officer\.csv: 2 rows passed all \d+ checks")).wait_for()
    settled(page)
    report = page.locator('[data-testid="stAlertContentSuccess"]').inner_text()
    assert re.fullmatch(r"april-officer\.csv: 2 rows passed all \d+ checks\. Nothing has been written yet\.",
                        report.strip()), report
    assert "First rows" in main_text(page)
    assert_no_error(page, "officer: the check report")
    screenshot(page, "signin-officer-4-check-report")
    confirm = page.get_by_role("button", name="Confirm: load 2 rows into monthly returns")
    assert confirm.count() == 1
    confirm.click()
    accepted = re.compile(r"april-officer\.csv: accepted as load (\d+) into returns: "
                          r"2 rows \(2 new, 0 restated, 0 unchanged\)")
    page.get_by_text(accepted).wait_for()
    settled(page)
    load_id = int(accepted.search(main_text(page)).group(1))
    screenshot(page, "signin-officer-5-loaded")

    open_from_navigation(page, "Data quality", "Data quality")  # the load history, in the browser
    history = table_rows(page.locator('[data-testid="stDataFrame"]').first)
    ours = [row for row in history if row.get("File") == "april-officer.csv"]
    assert ours == [{**ours[0], "Load": str(load_id), "Status": "✔ Accepted", "Rows": "2",
                     "Loaded by": "officer@example.gov.uk"}], history
    assert not [row for row in history if row.get("Loaded by") == LOCAL_LOGIN], history
    screenshot(page, "signin-officer-6-load-history")

    dashboard.stop()  # the dashboard holds the file for writing while it runs
    con = duckdb.connect(str(dashboard.db), read_only=True)
    try:
        load = con.execute("SELECT kind, file_name, status, rows, loaded_by FROM load WHERE id = ?",
                           [load_id]).fetchall()
        written = con.execute("SELECT indicator, strftime(period, '%Y-%m'), numerator, denominator "
                              "FROM indicator_return WHERE load_id = ? ORDER BY indicator", [load_id]).fetchall()
        by_local_login = con.execute("SELECT count(*) FROM load WHERE loaded_by = ?", [LOCAL_LOGIN]).fetchone()
    finally:
        con.close()
    assert load == [("returns", "april-officer.csv", "accepted", 2, "officer@example.gov.uk")]
    assert written == [("NI59", "2011-04", 150, 180), ("NI60", "2011-04", 60, 80)]
    assert by_local_login == (0,)
