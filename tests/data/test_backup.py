"""Backups: a consistent snapshot of every table, restored exactly, refused when damaged."""
from __future__ import annotations

import json
import threading

import duckdb
import pytest

from data import store
from ops.backup import BackupError, backup, restore, verify
from loads.pipeline import commit, prepare


def every_table(con) -> dict:
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1").fetchall()]
    return {name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall() for name in names}


def test_a_backup_restores_into_a_new_file_with_every_table_identical(seeded_db, tmp_path):
    result = backup(seeded_db, tmp_path / "backups", "alice")
    original = every_table(seeded_db)
    sequences = "SELECT sequence_name, start_value, last_value FROM duckdb_sequences() ORDER BY 1"
    sequence_state = seeded_db.execute(sequences).fetchall()

    target = tmp_path / "restored" / "pidash.duckdb"
    restored_from, kept = restore(tmp_path / "backups", target)  # a folder: its newest backup

    assert restored_from == result.path and kept is None
    con = store.connect(target, read_only=True)
    try:
        copy = every_table(con)
        assert copy.keys() == original.keys()
        for name in original:
            assert copy[name] == original[name], name
        assert len(copy["indicator_return"]) > 1000 and len(copy["load"]) >= 5
        assert con.execute(sequences).fetchall() == sequence_state  # load ids carry on where they were
        load_seq = dict((name, last) for name, _, last in sequence_state)["load_seq"]
        assert load_seq >= 5  # the load sequence among them (with the sign-off and audit sequences)
    finally:
        con.close()
    manifest = json.loads(result.path.with_suffix(".json").read_text())
    assert manifest["made_by"] == "alice" and manifest["schema_version"] == store.SCHEMA_VERSION
    assert manifest["tables"]["indicator_return"] == len(original["indicator_return"])


def test_restoring_over_a_database_keeps_the_one_it_replaces(seeded_path, fresh_path, tmp_path):
    con = store.connect(seeded_path)
    made = backup(con, tmp_path / "backups", "alice").path
    con.close()
    with duckdb.connect(str(fresh_path), read_only=True) as old:
        fresh_rows = every_table(old)

    _, kept = restore(made, fresh_path)

    assert kept is not None and kept.name.startswith("fresh.before-restore-")
    with duckdb.connect(str(kept), read_only=True) as old:
        assert every_table(old) == fresh_rows
    with duckdb.connect(str(fresh_path), read_only=True) as now:
        assert now.execute("SELECT count(*) FROM indicator_return").fetchall()[0][0] > 1000


def test_a_backup_taken_during_loads_holds_whole_loads_only(fresh_db, tmp_path):
    header = "indicator,period,numerator,denominator,note\n"
    lines = "".join(f"NI{59 + i % 10},{2000 + i // 120}-{i // 10 % 12 + 1:02d},5,10,batch\n" for i in range(1200))
    prepared = prepare(fresh_db, "returns", (header + lines).encode(), "batch.csv")
    assert prepared.accepted, prepared.report.text()
    stop = threading.Event()
    errors = []

    def keep_loading():
        cur = fresh_db.cursor()
        try:
            while not stop.is_set():
                commit(cur, prepared, "loader")  # restates all 1,200 rows each time
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    writer = threading.Thread(target=keep_loading)
    writer.start()
    try:
        results = [backup(fresh_db, tmp_path / "backups", f"b{n}") for n in range(4)]
    finally:
        stop.set()
        writer.join(timeout=60)
    assert not errors
    for result in results:
        with duckdb.connect(str(result.path), read_only=True) as con:
            current = con.execute("SELECT count(*) FROM indicator_return WHERE superseded_by IS NULL").fetchall()[0][0]
            per_load = con.execute(
                "SELECT l.id, l.rows_new + l.rows_restated, count(r.load_id) FROM load l "
                "LEFT JOIN indicator_return r ON r.load_id = l.id WHERE l.kind = 'returns' GROUP BY ALL").fetchall()
        assert current in (0, 1200)
        assert all(expected == found for _, expected, found in per_load), per_load


def test_a_damaged_backup_is_refused_and_nothing_is_replaced(seeded_db, fresh_path, tmp_path):
    made = backup(seeded_db, tmp_path / "backups", "alice").path
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0xFF
    made.write_bytes(bytes(data))
    before = fresh_path.read_bytes()

    with pytest.raises(BackupError, match="does not match its manifest's sha256"):
        restore(made, fresh_path)
    assert fresh_path.read_bytes() == before


def test_a_file_that_is_not_a_pidash_backup_is_refused(tmp_path):
    other = tmp_path / "pidash-other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
    with pytest.raises(BackupError, match="not a pidash database"):
        verify(other)
    text = tmp_path / "pidash-text.duckdb"
    text.write_text("hello")
    with pytest.raises(BackupError, match="not a readable DuckDB database"):
        verify(text)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BackupError, match="no pidash backup"):
        restore(empty, tmp_path / "x.duckdb")
