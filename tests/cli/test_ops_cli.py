"""Operations from the command line: roles on writes, loads while the dashboard holds the database,
backups and restores. Real processes; this test process plays the dashboard by holding the file."""
from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
import threading
import time

import duckdb
import pytest

from data import store
from ops import inbox
from tests.helpers import HOME

RETURNS = "indicator,period,numerator,denominator,note\nNI59,2009-09,150,200,from cron\n"


def pidash(*args, db, user="cli-officer", env=None, timeout=300):
    command = [sys.executable, "-m", "cli", "--db", str(db), *args]
    environment = {**os.environ, "PIDASH_USER": user, "PIDASH_INBOX_SECONDS": "10", **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=timeout)


@pytest.fixture
def returns_csv(tmp_path):
    path = tmp_path / "october.csv"
    path.write_text(RETURNS)
    return path


@pytest.fixture
def roles_file(tmp_path):
    """The login running the tests is a viewer; 'officer' a data officer; 'boss' an admin."""
    path = tmp_path / "team-roles.toml"  # not roles.toml: that name beside the database is found without asking
    path.write_text(f'[users]\n"{getpass.getuser()}" = "viewer"\n"officer" = "data_officer"\n"boss" = "admin"\n')
    return path


def load_count(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM load").fetchall()[0][0]


def test_a_viewer_cannot_load_and_nothing_is_written(fresh_path, returns_csv, roles_file):
    before = load_count(fresh_path)
    result = pidash("load", "returns", str(returns_csv), db=fresh_path, user=getpass.getuser(),
                    env={"PIDASH_ROLES": str(roles_file)})
    assert result.returncode == 1
    assert f"{getpass.getuser()} has the role viewer; the role data_officer or above is needed to load returns" in result.stderr
    assert "Traceback" not in result.stderr
    assert load_count(fresh_path) == before


def test_naming_an_admin_with_user_does_not_raise_a_viewers_login(fresh_path, returns_csv, roles_file):
    result = pidash("load", "returns", str(returns_csv), db=fresh_path, user="boss",
                    env={"PIDASH_ROLES": str(roles_file)})
    assert result.returncode == 1
    assert (f"boss has the role admin; the login {getpass.getuser()} running the command has the role viewer; "
            "both must hold the role data_officer or above to load returns") in result.stderr


def test_the_roles_file_decides_who_loads_what(fresh_path, returns_csv, tmp_path):
    roles = tmp_path / "officer-roles.toml"
    roles.write_text(f'[users]\n"{getpass.getuser()}" = "data_officer"\n')
    env = {"PIDASH_ROLES": str(roles)}
    targets = tmp_path / "targets.csv"
    targets.write_text("indicator,year,target,tolerance\nNI59,2009-10,78,5\n")

    refused = pidash("load", "targets", str(targets), db=fresh_path, user=getpass.getuser(), env=env)
    loaded = pidash("load", "returns", str(returns_csv), db=fresh_path, user=getpass.getuser(), env=env)
    init = pidash("init", db=fresh_path, user=getpass.getuser(), env=env)

    assert refused.returncode == 1 and "the role admin or above is needed to load targets" in refused.stderr
    assert loaded.returncode == 0, loaded.stderr
    assert init.returncode == 1 and "needed to set up the database" in init.stderr
    with duckdb.connect(str(fresh_path), read_only=True) as con:
        assert con.execute("SELECT loaded_by, kind FROM load ORDER BY id DESC LIMIT 1").fetchall() == [
            (getpass.getuser(), "returns")]


def test_a_load_while_the_dashboard_holds_the_database_is_queued_then_loaded(fresh_path, returns_csv):
    dashboard = store.connect(fresh_path)  # this process now holds the file, as the dashboard does
    try:
        # a writer that stays busy past the wait: the inbox is the fallback
        result = pidash("load", "returns", str(returns_csv), db=fresh_path, user="cron-officer",
                        env={"PIDASH_LOCK_WAIT": "1"})
        assert result.returncode == 3, result.stderr
        assert "queued for the running dashboard" in result.stderr
        assert f"PID {os.getpid()}" in result.stderr
        [entry] = inbox.pending(fresh_path)
        assert entry.meta["file_name"] == "october.csv" and entry.meta["user"] == "cron-officer"
        assert entry.data.read_bytes() == returns_csv.read_bytes()

        [done] = inbox.process_inbox(dashboard, fresh_path)  # what the dashboard's worker does

        assert done.status == "accepted"
        assert dashboard.execute(
            "SELECT numerator, note FROM indicator_return r JOIN load l ON l.id = r.load_id "
            "WHERE l.loaded_by = 'cron-officer' AND r.org = ?", [HOME]).fetchall() == [(150, "from cron")]
    finally:
        dashboard.close()
    listing = pidash("inbox", "list", "--json", db=fresh_path)
    assert [(e["state"], e["status"], e["file_name"]) for e in json.loads(listing.stdout)] == [
        ("done", "accepted", "october.csv")]


def test_wait_retries_until_the_holder_lets_go(fresh_path, returns_csv):
    holder = store.connect(fresh_path)
    releaser = threading.Timer(2.0, holder.close)
    releaser.start()
    started = time.monotonic()
    try:
        result = pidash("load", "returns", str(returns_csv), "--wait", "60", db=fresh_path)
    finally:
        releaser.join()
    assert result.returncode == 0, result.stderr
    assert "accepted as load" in result.stdout
    assert time.monotonic() - started < 60
    assert inbox.pending(fresh_path) == []


def test_a_later_load_also_loads_what_was_queued_before_it(fresh_path, returns_csv, tmp_path):
    queued = inbox.queue_load(fresh_path, "returns", returns_csv, "earlier", "svc")
    second = tmp_path / "november.csv"
    second.write_text("indicator,period,numerator,denominator\nNI60,2009-11,5,10\n")

    result = pidash("load", "returns", str(second), db=fresh_path)

    assert result.returncode == 0, result.stderr
    assert f"inbox {queued.id} (october.csv): accepted" in result.stdout
    assert inbox.pending(fresh_path) == []


def test_inbox_process_when_no_dashboard_runs(fresh_path, returns_csv):
    inbox.queue_load(fresh_path, "returns", returns_csv, "earlier", "svc")
    result = pidash("inbox", "process", db=fresh_path)
    assert result.returncode == 0, result.stderr
    assert "october.csv): accepted" in result.stdout
    assert pidash("inbox", "process", db=fresh_path).stdout.strip() == "The inbox is empty."


def test_backup_and_restore_from_the_command_line(seeded_path, tmp_path):
    backups = tmp_path / "backups"
    made = pidash("backup", str(backups), db=seeded_path)
    assert made.returncode == 0, made.stderr
    [backup_file] = backups.glob("pidash-*.duckdb")
    assert str(backup_file) in made.stdout

    target = tmp_path / "restored.duckdb"
    restored = pidash("restore", str(backups), db=target)

    assert restored.returncode == 0, restored.stderr
    with duckdb.connect(str(seeded_path), read_only=True) as a, duckdb.connect(str(target), read_only=True) as b:
        for table in ("load", "indicator_return", "target", "organisation", "check_result"):
            query = f"SELECT * FROM {table} ORDER BY ALL"
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table


def test_backup_while_the_dashboard_holds_the_database_is_written_by_the_dashboard(seeded_path, tmp_path):
    dashboard = store.connect(seeded_path)
    stop = threading.Event()

    def worker():  # the dashboard's inbox worker, in miniature
        while not stop.is_set():
            inbox.process_inbox(dashboard, seeded_path)
            stop.wait(0.2)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        result = pidash("backup", str(tmp_path / "backups"), "--wait", "120", db=seeded_path,
                        env={"PIDASH_LOCK_WAIT": "1"})  # a writer busy past the wait: the fallback
    finally:
        stop.set()
        thread.join()
        dashboard.close()
    assert result.returncode == 0, result.stderr
    assert "asked the running dashboard for the backup" in result.stderr
    [made] = (tmp_path / "backups").glob("pidash-*.duckdb")
    assert f"backup written to {made}" in result.stdout


def test_restore_is_refused_while_the_database_is_in_use_and_for_a_viewer(seeded_path, fresh_path, tmp_path, roles_file):
    made = pidash("backup", str(tmp_path / "backups"), db=seeded_path)
    assert made.returncode == 0, made.stderr
    before = fresh_path.read_bytes()
    holder = store.connect(fresh_path)
    try:
        busy = pidash("restore", str(tmp_path / "backups"), db=fresh_path)
    finally:
        holder.close()
    viewer = pidash("restore", str(tmp_path / "backups"), db=fresh_path, user=getpass.getuser(),
                    env={"PIDASH_ROLES": str(roles_file)})
    assert busy.returncode == 1 and "stop it before restoring" in busy.stderr
    assert viewer.returncode == 1 and "the role admin or above is needed to restore a backup" in viewer.stderr
    assert fresh_path.read_bytes() == before


def test_whoami_says_the_role_and_the_roles_file(fresh_path, roles_file):
    local = json.loads(pidash("whoami", db=fresh_path, env={"PIDASH_ROLES": ""}).stdout)
    assert local["role"] == "admin" and "local single-user mode" in local["roles"]
    mapped = json.loads(pidash("whoami", db=fresh_path, user=getpass.getuser(),
                               env={"PIDASH_ROLES": str(roles_file)}).stdout)
    assert mapped == {"login": getpass.getuser(), "user": getpass.getuser(), "role": "viewer",
                      "roles": f"roles file {roles_file}"}
