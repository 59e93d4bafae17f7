"""The inbox: files queued while another process holds the database are loaded once, in order, never lost."""
from __future__ import annotations

import contextlib
import getpass
import json
import time

import duckdb
import pytest

from ops import inbox
from loads.files import sha256
from tests.helpers import HOME, snapshot

HEADER = "indicator,period,numerator,denominator,note\n"


def returns_file(tmp_path, name, numerator, note="queued"):
    path = tmp_path / name
    path.write_text(HEADER + f"NI59,2009-09,{numerator},200,{note}\n", encoding="utf-8")
    return path


def current_ni59(con):
    return con.execute(
        "SELECT numerator, note, load_id FROM indicator_return WHERE org = ? AND indicator = 'NI59' "
        "AND period = DATE '2009-09-01' AND superseded_by IS NULL", [HOME]).fetchall()


def test_a_queued_file_is_written_whole_with_its_sidecar(fresh_path, tmp_path):
    source = returns_file(tmp_path, "october.csv", 150)
    entry = inbox.queue_load(fresh_path, "returns", source, "alice", "svc")
    folder = fresh_path.parent / "inbox"
    assert sorted(p.name for p in folder.iterdir()) == [f"{entry.id}.data", f"{entry.id}.json"]
    meta = json.loads((folder / f"{entry.id}.json").read_text())
    assert {k: meta[k] for k in ("kind", "table", "file_name", "user", "login", "sha256", "bytes")} == {
        "kind": "load", "table": "returns", "file_name": "october.csv", "user": "alice", "login": "svc",
        "sha256": sha256(source.read_bytes()), "bytes": len(source.read_bytes())}
    assert (folder / f"{entry.id}.data").read_bytes() == source.read_bytes()
    assert [e.id for e in inbox.pending(fresh_path)] == [entry.id]


def test_queued_files_are_loaded_in_order_by_the_person_who_queued_them(fresh_db, fresh_path, tmp_path):
    first = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "a.csv", 150, "first"), "alice", "svc")
    second = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "b.csv", 160, "second"), "bob", "svc")

    results = inbox.process_inbox(fresh_db, fresh_path)

    assert [(r.id, r.status) for r in results] == [(first.id, "accepted"), (second.id, "accepted")]
    assert current_ni59(fresh_db) == [(160, "second", results[1].load_id)]  # the later file restated the earlier
    loads = fresh_db.execute(
        "SELECT id, file_name, loaded_by, status, rows_new, rows_restated FROM load WHERE kind = 'returns' ORDER BY id"
    ).fetchall()
    assert loads == [(results[0].load_id, "a.csv", "alice", "accepted", 1, 0),
                     (results[1].load_id, "b.csv", "bob", "accepted", 0, 1)]
    recorded = fresh_db.execute("SELECT id, load_id, status, queued_by FROM inbox_entry ORDER BY id").fetchall()
    assert recorded == [(first.id, results[0].load_id, "accepted", "alice"),
                        (second.id, results[1].load_id, "accepted", "bob")]
    done = fresh_path.parent / "inbox" / "done"
    assert sorted(p.name for p in done.iterdir()) == sorted(
        [f"{first.id}.data", f"{first.id}.json", f"{second.id}.data", f"{second.id}.json"])
    assert inbox.pending(fresh_path) == []
    assert inbox.find_outcome(fresh_path, second.id)["load_id"] == results[1].load_id
    assert inbox.process_inbox(fresh_db, fresh_path) == []


def test_a_rejected_file_is_filed_as_rejected_and_changes_no_data(fresh_db, fresh_path, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "NI59,2009-09,250,200,more than the denominator\n")
    entry = inbox.queue_load(fresh_path, "returns", bad, "alice", "svc")
    before = snapshot(fresh_db)

    [result] = inbox.process_inbox(fresh_db, fresh_path)

    assert result.status == "rejected"
    assert "numerator must not be more than the denominator" in result.message
    assert snapshot(fresh_db) == before
    status = fresh_db.execute("SELECT status, loaded_by FROM load WHERE id = ?", [result.load_id]).fetchall()
    assert status == [("rejected", "alice")]
    assert (fresh_path.parent / "inbox" / "rejected" / f"{entry.id}.data").read_bytes() == bad.read_bytes()
    assert inbox.find_outcome(fresh_path, entry.id)["status"] == "rejected"


def test_a_file_changed_after_queueing_is_rejected_not_loaded(fresh_db, fresh_path, tmp_path):
    entry = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "a.csv", 150), "alice", "svc")
    entry.data.write_text(HEADER + "NI59,2009-09,1,200,tampered\n")

    [result] = inbox.process_inbox(fresh_db, fresh_path)

    assert result.status == "rejected"
    assert "changed after it was queued" in result.message
    assert current_ni59(fresh_db) == []


def test_the_queuers_role_is_checked_when_the_file_is_loaded(fresh_db, fresh_path, tmp_path, monkeypatch):
    roles_file = tmp_path / "roles.toml"
    roles_file.write_text('[users]\n"svc" = "data_officer"\n"reader" = "viewer"\n')
    monkeypatch.setenv("PIDASH_ROLES", str(roles_file))
    inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "a.csv", 150), "reader", "svc")
    inbox.queue_load(fresh_path, "targets", returns_file(tmp_path, "t.csv", 150), "svc", "svc")

    viewer, officer_targets = inbox.process_inbox(fresh_db, fresh_path)

    assert viewer.status == "rejected"
    assert "reader has the role viewer; the role data_officer or above is needed to load returns" in viewer.message
    assert officer_targets.status == "rejected"
    assert "the role admin or above is needed to load targets" in officer_targets.message
    assert current_ni59(fresh_db) == []


def test_a_file_is_loaded_once_even_if_the_process_dies_before_filing_it(fresh_db, fresh_path, tmp_path, monkeypatch):
    entry = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "a.csv", 150), "alice", "svc")
    real_file = inbox._file

    def die(*args, **kwargs):
        raise OSError("simulated crash between loading and filing")

    monkeypatch.setattr(inbox, "_file", die)
    with pytest.raises(OSError):
        inbox.process_inbox(fresh_db, fresh_path)
    assert [e.id for e in inbox.pending(fresh_path)] == [entry.id]  # still queued...
    loaded = current_ni59(fresh_db)
    assert len(loaded) == 1  # ...but already loaded, with its inbox record in the same transaction

    monkeypatch.setattr(inbox, "_file", real_file)
    [result] = inbox.process_inbox(fresh_db, fresh_path)

    assert result.load_id == loaded[0][2] and "loaded earlier" in result.message
    assert fresh_db.execute("SELECT count(*) FROM load WHERE kind = 'returns'").fetchall() == [(1,)]
    assert inbox.pending(fresh_path) == []
    assert inbox.find_outcome(fresh_path, entry.id)["status"] == "accepted"


def test_half_written_and_broken_entries_never_stop_the_queue(fresh_db, fresh_path, tmp_path):
    folder = fresh_path.parent / "inbox"
    folder.mkdir()
    (folder / ".tmp-20000101T000000000000Z-aaaaaaaa.json").write_text("{half")  # being written: not an entry
    (folder / "20000101T000000000001Z-bbbbbbbb.json").write_text("{not json")  # damaged sidecar
    good = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "a.csv", 150), "alice", "svc")

    results = inbox.process_inbox(fresh_db, fresh_path)

    assert [(r.id, r.status) for r in results] == [("20000101T000000000001Z-bbbbbbbb", "rejected"), (good.id, "accepted")]
    assert "cannot be read" in results[0].message
    assert (folder / ".tmp-20000101T000000000000Z-aaaaaaaa.json").exists()


def test_a_backup_request_is_carried_out_by_the_holder(seeded_db, seeded_path, tmp_path):
    entry = inbox.queue_backup(seeded_path, tmp_path / "backups", "alice", getpass.getuser())

    [result] = inbox.process_inbox(seeded_db, seeded_path)

    assert result.status == "done", result.message
    made = list((tmp_path / "backups").glob("pidash-*.duckdb"))
    assert [str(p) for p in made] == [result.extra["file"]]
    assert inbox.find_outcome(seeded_path, entry.id)["file"] == str(made[0])


def test_the_worker_thread_loads_queued_files_by_itself(fresh_path, tmp_path):
    """It opens the store for writing only for a pass with work to do, and closes it after."""
    from data import store

    changed, opened = [], []

    @contextlib.contextmanager
    def open_store():
        with store.writing(fresh_path) as con:
            opened.append(con)
            yield con

    worker = inbox.InboxWorker(open_store, fresh_path, interval=0.2, on_change=changed.append)
    worker.start()
    try:
        entry = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "a.csv", 150), "alice", "svc")
        outcome = inbox.wait_for(fresh_path, entry.id, seconds=60, poll=0.1)
    finally:
        worker.stop()
        worker.join(timeout=30)
    assert outcome is not None and outcome["status"] == "accepted", worker.error
    assert [r.id for batch in changed for r in batch] == [entry.id]
    assert not worker.is_alive()
    assert len(opened) == 1 < worker.passes  # passes with nothing waiting never opened the store
    with duckdb.connect(str(fresh_path)) as con:  # and nothing holds it now: another process could write
        assert con.execute("SELECT count(*) FROM load WHERE status = 'accepted'").fetchall()[0][0] >= 1


def test_the_listing_shows_waiting_and_filed_entries(fresh_db, fresh_path, tmp_path):
    first = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "a.csv", 150), "alice", "svc")
    inbox.process_inbox(fresh_db, fresh_path)
    time.sleep(0.001)
    second = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "b.csv", 160), "bob", "svc")
    table = inbox.listing(fresh_path)
    assert table[["id", "state", "file_name", "user", "status"]].values.tolist() == [
        [first.id, "done", "a.csv", "alice", "accepted"], [second.id, "waiting", "b.csv", "bob", None]]


def test_a_file_whose_write_fails_is_filed_as_rejected_and_the_queue_goes_on(fresh_db, fresh_path, tmp_path,
                                                                            monkeypatch):
    """One file that cannot be written (here a writer that fails as a broken date once did) must not
    block the files queued after it, nor a backup asked for behind it."""
    from loads import normalise, pipeline, writers

    def failing_write(con, frame, load_id):
        if (frame["note"] == "poison").any():
            raise ValueError("day is out of range for month")
        return writers.write_returns(con, frame, load_id)

    monkeypatch.setitem(pipeline.LOADERS, "returns",
                        pipeline.Loader(normalise.normalise_returns, failing_write, categorical=True))
    bad = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "bad.csv", 150, "poison"), "alice", "svc")
    good = inbox.queue_load(fresh_path, "returns", returns_file(tmp_path, "good.csv", 160, "fine"), "bob", "svc")
    backup = inbox.queue_backup(fresh_path, tmp_path / "backups", "carol", "svc")

    results = inbox.process_inbox(fresh_db, fresh_path)

    assert [(r.id, r.status) for r in results] == [(backup.id, "done"), (bad.id, "rejected"), (good.id, "accepted")]
    assert "day is out of range for month" in results[1].message and "nothing was written" in results[1].message
    assert current_ni59(fresh_db) == [(160, "fine", results[2].load_id)]
    assert inbox.pending(fresh_path) == []
    rejected = fresh_path.parent / "inbox" / "rejected"
    assert sorted(p.name for p in rejected.iterdir()) == sorted([f"{bad.id}.data", f"{bad.id}.json"])
    assert fresh_db.execute("SELECT status FROM load WHERE id = ?", [results[1].load_id]).fetchall() == [("rejected",)]
