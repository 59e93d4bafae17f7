"""Sign-in and roles in the dashboard, under AppTest with `at.user` and `at.secrets` standing in for OIDC."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import store
from ops import inbox
from ops.inbox import InboxWorker

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60
AUTH = {"auth": {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-of-thirty-two-characters-or-more",
    "client_id": "pidash",
    "client_secret": "test-client-secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}}
ROLES = """
[settings]
groups_claim = "groups"

[users]
"reader@example.gov.uk" = "viewer"
"officer@example.gov.uk" = "data_officer"
"boss@example.gov.uk" = "admin"

[groups]
"pidash-admins" = "admin"
"""


@pytest.fixture
def app_env(seeded_path, tmp_path, monkeypatch):
    roles = tmp_path / "team-roles.toml"
    roles.write_text(ROLES)
    monkeypatch.setenv("PIDASH_DB", str(seeded_path))
    monkeypatch.setenv("PIDASH_ROLES", str(roles))
    yield seeded_path
    for thread in threading.enumerate():  # the app's inbox worker for this database
        if isinstance(thread, InboxWorker) and thread.db == Path(str(seeded_path)):
            thread.stop()


def signed_in(email: str | None, **claims) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets = {key: dict(value) for key, value in AUTH.items()}
    at.user = {"is_logged_in": email is not None, **({"email": email} if email else {}), **claims}
    return at.run()


def offered(at: AppTest) -> set[str]:
    """The tables the Load page's selector offers."""
    from ui.load_view import TABLE_LABELS

    by_label = {label: table for table, label in TABLE_LABELS.items()}
    return {by_label.get(o, o) for o in at.selectbox[0].options}


def sidebar_text(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def test_without_sign_in_configured_the_local_user_is_admin_and_the_sidebar_says_so(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "Local single-user mode" in sidebar_text(at) and "admin" in sidebar_text(at)
    at.switch_page("pages/load.py").run()  # a local admin may load anything
    assert not at.exception
    assert at.title[0].value == "Load"
    assert offered(at) >= {"returns", "targets", "organisations", "indicators"}


def test_a_person_not_signed_in_sees_only_the_sign_in_button(app_env):
    at = signed_in(None)
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert at.title[0].value == "pidash"
    assert len(at.dataframe) == 0  # no data before sign-in


def test_a_signed_in_viewer_reads_the_pages_but_never_sees_the_load_page(app_env):
    at = signed_in("reader@example.gov.uk")
    assert not at.exception
    assert "Signed in as reader@example" in sidebar_text(at) and "viewer" in sidebar_text(at)
    assert at.title[0].value == "Scorecard"
    at.switch_page("pages/load.py").run()  # out of the navigation, but its address answers with why
    [refusal] = [e.value for e in at.error]
    assert refusal.startswith("This page needs the data officer role; you are signed in as reader@example")
    assert refusal.endswith("with viewer.")
    assert len(at.file_uploader) == 0 and not [b for b in at.button if "Confirm" in b.label]
    at.switch_page("pages/indicators.py").run()
    assert not at.exception and len(at.dataframe[0].value) == 11


def test_the_load_page_itself_refuses_a_viewer_who_reaches_it(app_env):
    at = AppTest.from_file(str(Path(APP).parent / "pages" / "load.py"), default_timeout=TIMEOUT)
    at.secrets = {key: dict(value) for key, value in AUTH.items()}
    at.user = {"is_logged_in": True, "email": "reader@example.gov.uk"}
    at.run()
    # sent to app.py's sign-in and navigation, or stopped by the page's own role check: never the uploader
    assert len(at.file_uploader) == 0 and "Load" not in [t.value for t in at.title]
    assert not [b for b in at.button if "Confirm" in b.label]


def test_a_data_officer_sees_the_load_page_with_only_what_the_role_may_load(app_env):
    at = signed_in("officer@example.gov.uk")
    assert "data officer" in sidebar_text(at)
    at.switch_page("pages/load.py").run()
    assert not at.exception
    assert at.title[0].value == "Load"
    assert "returns" in offered(at) and not offered(at) & {"targets", "organisations", "indicators"}


def test_an_admin_sees_the_load_page_with_every_table(app_env):
    at = signed_in("boss@example.gov.uk")
    at.switch_page("pages/load.py").run()
    assert not at.exception
    assert offered(at) >= {"returns", "targets", "organisations", "indicators"}


def test_a_group_can_make_someone_an_admin(app_env):
    at = signed_in("new.starter@example.gov.uk", groups=["staff", "pidash-admins"])
    assert not at.exception
    assert "admin" in sidebar_text(at)


def test_someone_with_no_role_is_turned_away(app_env):
    at = signed_in("stranger@example.gov.uk")
    assert not at.exception
    assert "has no role in pidash" in at.error[0].value
    assert [b.label for b in at.button] == ["Sign out"]
    assert len(at.dataframe) == 0


def test_a_broken_roles_file_lets_nobody_in(app_env, tmp_path, monkeypatch):
    broken = tmp_path / "broken.toml"
    broken.write_text('[users]\n"boss@example.gov.uk" = "superuser"\n')
    monkeypatch.setenv("PIDASH_ROLES", str(broken))
    at = signed_in("boss@example.gov.uk")
    assert "roles file cannot be used" in at.error[0].value
    assert len(at.dataframe) == 0


def test_the_dashboard_loads_files_queued_while_it_held_the_database(app_env, tmp_path, monkeypatch):
    monkeypatch.setenv("PIDASH_INBOX_SECONDS", "0.5")
    source = tmp_path / "queued-by-cron.csv"
    source.write_text("indicator,period,numerator,denominator\nNI59,2009-09,150,200\n")
    entry = inbox.queue_load(app_env, "returns", source, "officer@example.gov.uk", "officer@example.gov.uk")

    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    outcome = inbox.wait_for(app_env, entry.id, seconds=60, poll=0.2)

    assert outcome is not None and outcome["status"] == "accepted", outcome
    at.switch_page("pages/indicators.py").run()  # cached reads were cleared by the worker
    assert not at.exception
    history = at.dataframe[1].value
    assert "queued-by-cron.csv" in set(history["file_name"])
    con = store.connect(app_env)  # the app's own database instance, in this process
    assert con.execute("SELECT loaded_by FROM load WHERE id = ?", [outcome["load_id"]]).fetchall() == [("officer@example.gov.uk",)]


@pytest.mark.parametrize("secret, problem", [
    (None, "no cookie_secret is set"),
    ("short-secret", "the cookie_secret is 12 characters long; it must be at least 32"),
    ("change-me", "the cookie_secret is the example value"),
])
def test_with_sign_in_configured_a_weak_cookie_secret_stops_the_dashboard(app_env, secret, problem):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets = {"auth": {k: v for k, v in AUTH["auth"].items() if k != "cookie_secret"}
                  | ({"cookie_secret": secret} if secret else {})}
    at.user = {"is_logged_in": True, "email": "boss@example.gov.uk"}
    at.run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith(f"pidash will not start: {problem}")
    assert "secrets.token_urlsafe(32)" in errors[0]
    assert not at.dataframe and not at.metric  # nothing of the data was served
