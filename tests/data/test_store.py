import duckdb
import pytest

from data import store


def test_new_database_is_at_the_current_schema_version(tmp_path):
    con = store.connect(tmp_path / "new.duckdb")
    assert store.schema_version(con) == store.SCHEMA_VERSION
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"organisation", "indicator", "target", "indicator_return", "load", "check_result",
            "theme", "area", "action", "milestone", "milestone_status", "risk", "commentary"} <= tables


def test_opening_an_older_file_upgrades_it_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    store.migrate(old, upto=1)
    old.execute("INSERT INTO organisation VALUES ('E09000014', 'Haringey', 'local_authority', NULL)")
    assert store.schema_version(old) == 1
    old.close()

    con = store.connect(path)
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert con.execute("SELECT code, name FROM organisation").fetchall() == [("E09000014", "Haringey")]
    assert con.execute("SELECT count(*) FROM milestone").fetchall() == [(0,)]
    versions = [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()]
    assert versions == list(range(1, store.SCHEMA_VERSION + 1))


def test_db_path_prefers_the_explicit_path_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PIDASH_DB", str(tmp_path / "env.duckdb"))
    assert store.db_path(tmp_path / "given.duckdb") == tmp_path / "given.duckdb"
    assert store.db_path() == tmp_path / "env.duckdb"
    monkeypatch.delenv("PIDASH_DB")
    assert store.db_path() == store.DEFAULT_DB


def test_a_failed_transaction_leaves_nothing(tmp_path):
    con = store.connect(tmp_path / "t.duckdb")
    with pytest.raises(RuntimeError):
        with store.transaction(con):
            con.execute("INSERT INTO organisation VALUES ('X', 'X', 'region', NULL)")
            raise RuntimeError("crash mid-batch")
    assert con.execute("SELECT count(*) FROM organisation").fetchall() == [(0,)]


def test_settings_are_replaced_not_duplicated(tmp_path):
    con = store.connect(tmp_path / "t.duckdb")
    store.set_setting(con, "home_org", "A")
    store.set_setting(con, "home_org", "B")
    assert store.get_setting(con, "home_org") == "B"
    assert store.get_setting(con, "missing", "default") == "default"
