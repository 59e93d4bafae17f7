"""The inbox: how a load (or a backup request) reaches a database that another process holds.

DuckDB lets one process open a database file read-write, and while it does no other process can
open it at all. The dashboard holds the file for as long as it runs, so a `pidash load` from cron
that finds it locked does not fail and does not wait for ever: it copies the file into
`<database folder>/inbox/` with a JSON sidecar (table, original name, who, sha256, when) and exits
with status 3. Whoever holds the database — the dashboard's inbox worker every few seconds, a
later `pidash load`, or `pidash inbox process` — checks and loads queued files in the order they
were queued, through the same pipeline as any other file, and files each one under `done/` or
`rejected/` with its outcome. The load row and the inbox record are written in one transaction,
so a file is loaded exactly once even if the process dies between loading it and filing it.

Queueing is crash-safe: each file is written under a temporary name, flushed to disk, then
renamed; the sidecar is renamed into place last, and only a sidecar marks an entry as ready.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager

import duckdb
import pandas as pd

import access
from checks.gx import IN_PROCESS
from loads.files import sha256

INBOX, DONE, REJECTED = "inbox", "done", "rejected"
# The database refusing for a moment (another writer, a lock): worth retrying. Anything else about an
# entry is final: it is filed as rejected with the reason, so one bad file never blocks the queue.
TRANSIENT = (duckdb.TransactionException, duckdb.IOException)
_PROCESSING = threading.Lock()  # one pass at a time in a process (the app's worker and its sessions)


@dataclass
class Entry:
    """One queued request: a file to load, or a backup to take."""

    id: str
    meta: dict
    sidecar: Path

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", "load"))

    @property
    def data(self) -> Path:
        return self.sidecar.with_suffix(".data")


@dataclass
class Processed:
    """What happened to one entry."""

    id: str
    kind: str
    status: str  # accepted / rejected for loads; done / failed for backups; error: left queued to retry
    message: str
    load_id: int | None = None
    file_name: str | None = None
    extra: dict = field(default_factory=dict)


def inbox_dir(db: str | os.PathLike) -> Path:
    return Path(db).resolve().parent / INBOX


def _new_id() -> str:
    """Sorts in queueing order: UTC time to the microsecond, then a random tail."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:8]


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomic(path: Path, content: bytes) -> None:
    """Write under a temporary name, flush to disk, then rename: readers see all of it or nothing."""
    partial = path.with_name(f".tmp-{path.name}")
    with partial.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    _fsync_dir(path.parent)


def _queue(db, meta: dict, content: bytes | None) -> Entry:
    folder = inbox_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    entry_id = _new_id()
    meta = {"id": entry_id, **meta, "queued_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")}
    sidecar = folder / f"{entry_id}.json"
    if content is not None:
        _write_atomic(sidecar.with_suffix(".data"), content)
    _write_atomic(sidecar, json.dumps(meta, indent=2).encode("utf-8"))
    return Entry(entry_id, meta, sidecar)


def queue_load(db, table: str, source: str | os.PathLike, user: str, login: str) -> Entry:
    """Copy a file into the inbox for whoever holds the database to check and load."""
    source = Path(source)
    content = source.read_bytes()
    return _queue(db, {"kind": "load", "table": table, "file_name": source.name, "user": user,
                       "login": login, "sha256": sha256(content), "bytes": len(content)}, content)


def queue_backup(db, out_dir: str | os.PathLike, user: str, login: str) -> Entry:
    """Ask whoever holds the database to write a backup into `out_dir`."""
    return _queue(db, {"kind": "backup", "dir": str(Path(out_dir).resolve()), "user": user, "login": login}, None)


def _read_entry(sidecar: Path) -> Entry:
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as err:
        meta = {"kind": "broken", "problem": f"the sidecar {sidecar.name} cannot be read ({err})"}
    return Entry(sidecar.stem, meta, sidecar)


def pending(db) -> list[Entry]:
    """Entries waiting, oldest first (files still being written are not yet entries)."""
    folder = inbox_dir(db)
    if not folder.is_dir():
        return []
    return [_read_entry(p) for p in sorted(folder.glob("*.json")) if not p.name.startswith(".")]


def listing(db) -> pd.DataFrame:
    """Every entry, waiting or filed, with its outcome, newest last."""
    rows = []
    folder = inbox_dir(db)
    for state, where in (("waiting", folder), (DONE, folder / DONE), (REJECTED, folder / REJECTED)):
        if not where.is_dir():
            continue
        for sidecar in sorted(where.glob("*.json")):
            if sidecar.name.startswith("."):
                continue
            meta = _read_entry(sidecar).meta
            outcome = meta.get("outcome", {})
            rows.append({
                "id": sidecar.stem, "state": state, "kind": meta.get("kind"), "table": meta.get("table"),
                "file_name": meta.get("file_name") or meta.get("dir"), "user": meta.get("user"),
                "queued_at": meta.get("queued_at"), "status": outcome.get("status"),
                "load_id": outcome.get("load_id"), "message": outcome.get("message"),
            })
    columns = ["id", "state", "kind", "table", "file_name", "user", "queued_at", "status", "load_id", "message"]
    table = pd.DataFrame(rows, columns=columns, dtype=object).sort_values("id", ignore_index=True)
    return table.where(table.notna(), None)


def find_outcome(db, entry_id: str) -> dict | None:
    """The outcome of a filed entry, or None while it waits."""
    folder = inbox_dir(db)
    for where in (DONE, REJECTED):
        sidecar = folder / where / f"{entry_id}.json"
        if sidecar.is_file():
            return _read_entry(sidecar).meta.get("outcome")
    return None


def wait_for(db, entry_id: str, seconds: float, poll: float = 0.5) -> dict | None:
    """Wait up to `seconds` for an entry to be filed; its outcome, or None if it still waits."""
    deadline = time.monotonic() + seconds
    while True:
        outcome = find_outcome(db, entry_id)
        if outcome is not None or time.monotonic() >= deadline:
            return outcome
        time.sleep(poll)


def _file(entry: Entry, where: str, outcome: dict) -> None:
    """Move an entry under done/ or rejected/ with its outcome; safe to repeat after a crash."""
    dest = entry.sidecar.parent / where
    dest.mkdir(exist_ok=True)
    meta = {**entry.meta, "outcome": outcome}
    _write_atomic(dest / entry.sidecar.name, json.dumps(meta, indent=2, default=str).encode("utf-8"))
    if entry.data.exists():
        os.replace(entry.data, dest / entry.data.name)
    entry.sidecar.unlink(missing_ok=True)
    _fsync_dir(entry.sidecar.parent)


def _record(con, entry: Entry, status: str, load_id: int | None, message: str | None) -> None:
    try:  # stored as UTC without a zone, like every other timestamp in the store
        queued_at = dt.datetime.fromisoformat(str(entry.meta["queued_at"])).astimezone(dt.timezone.utc).replace(tzinfo=None)
    except (KeyError, ValueError):
        queued_at = None
    con.execute(
        "INSERT INTO inbox_entry VALUES (?, ?, ?, ?, ?, now(), ?, ?)",
        [entry.id, entry.kind, load_id, entry.meta.get("user"), queued_at, status, message],
    )


def _refused(db, entry: Entry, needed: access.Role, what: str) -> str | None:
    """Why the person who queued this may not do it, or None when they may."""
    user = str(entry.meta.get("user") or "")
    login = str(entry.meta.get("login") or user)
    try:
        role, _ = access.command_line_role(db, login, user)
        access.check(role, needed, user or login or "the person who queued it", what)
    except (access.RolesError, access.PermissionDenied) as err:
        return str(err)
    return None


def _process_load(con, db, entry: Entry, checker) -> Processed:
    from checks.report import file_error
    from loads.pipeline import LOADERS, Prepared, commit, prepare

    table = str(entry.meta.get("table"))
    file_name = str(entry.meta.get("file_name") or entry.data.name)
    content = entry.data.read_bytes() if entry.data.is_file() else None
    digest = sha256(content) if content is not None else str(entry.meta.get("sha256", ""))
    if content is None:
        problem = "the queued file is missing from the inbox"
    elif digest != entry.meta.get("sha256"):
        problem = "the queued file changed after it was queued (its sha256 differs from the one recorded)"
    elif table not in LOADERS:
        problem = f"'{table}' is not a table pidash loads"
    else:
        problem = _refused(db, entry, access.needed_to_load(table), f"load {table}")
    prepared = None
    if problem is None:
        try:
            prepared = prepare(con, table, content, file_name, checker=checker)
        except Exception as err:  # a file that breaks the checker must not block the queue
            problem = f"the file could not be checked ({type(err).__name__}: {err})"
    if prepared is None:
        prepared = Prepared(table, file_name, digest, pd.DataFrame(), file_error(file_name, problem, table))
    user = str(entry.meta.get("user") or "inbox")
    status = "accepted" if prepared.accepted else "rejected"
    try:
        outcome = commit(con, prepared, user, within=lambda c, load_id: _record(c, entry, status, load_id, None))
    except TRANSIENT:
        raise  # the database was busy: the entry stays and is tried again
    except Exception as err:  # noqa: BLE001 - a file whose write fails is filed as rejected; the queue goes on
        problem = f"the file could not be written ({type(err).__name__}: {err}); nothing was written"
        prepared = Prepared(table, file_name, digest, pd.DataFrame(), file_error(file_name, problem, table))
        status = "rejected"
        outcome = commit(con, prepared, user, within=lambda c, load_id: _record(c, entry, status, load_id, None))
    result = Processed(entry.id, "load", outcome.status.value, outcome.summary(), outcome.load_id, file_name)
    _file(entry, DONE if status == "accepted" else REJECTED,
          {"status": result.status, "load_id": result.load_id, "message": result.message,
           "processed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
    return result


def _process_backup(con, db, entry: Entry) -> Processed:
    from ops.backup import backup

    problem = _refused(db, entry, access.Role.DATA_OFFICER, "take a backup")
    extra = {}
    if problem is None:
        try:
            result = backup(con, entry.meta["dir"], str(entry.meta.get("user") or "inbox"))
            status, message, extra = "done", result.summary(), {"file": str(result.path)}
        except Exception as err:
            status, message = "failed", f"the backup failed: {type(err).__name__}: {err}"
    else:
        status, message = "failed", problem
    from data import store

    with store.transaction(con):
        _record(con, entry, status, None, message)
    _file(entry, DONE if status == "done" else REJECTED,
          {"status": status, "message": message, **extra,
           "processed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
    return Processed(entry.id, "backup", status, message, extra=extra)


def _refile(con, entry: Entry, recorded: tuple) -> Processed:
    """An entry already processed (the process died before filing it): file it, do not repeat it."""
    load_id, status, message = recorded
    if load_id is not None:
        rows = con.execute("SELECT status, file_name FROM load WHERE id = ?", [load_id]).fetchall()
        status = rows[0][0] if rows else status
        message = f"loaded earlier as load {load_id} ({status})"
    ok = status in ("accepted", "done")
    _file(entry, DONE if ok else REJECTED, {"status": status, "load_id": load_id, "message": message,
                                              "processed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
    return Processed(entry.id, entry.kind, status, message, load_id)


def process_inbox(con: duckdb.DuckDBPyConnection, db: str | os.PathLike,
                  report: Callable[[Processed], None] | None = None, checker=IN_PROCESS) -> list[Processed]:
    """Check and load (or back up) every waiting entry, oldest first; the caller holds the database.
    `checker`: where great-expectations runs (see loads.pipeline.prepare).

    Returns what happened to each. A pass already running in this process makes this one a no-op.
    An entry whose processing fails because the database was busy (TRANSIENT) stays in the inbox
    and is tried again on the next pass; any other failure files it as rejected, with the reason.
    """
    if not _PROCESSING.acquire(blocking=False):
        return []
    results: list[Processed] = []
    try:
        # a backup is never kept waiting behind a load; otherwise oldest first
        for entry in sorted(pending(db), key=lambda e: e.kind != "backup"):
            cur = con.cursor()
            try:
                recorded = cur.execute(
                    "SELECT load_id, status, message FROM inbox_entry WHERE id = ?", [entry.id]
                ).fetchall()
                if recorded:
                    result = _refile(cur, entry, recorded[0])
                elif entry.kind == "load":
                    result = _process_load(cur, db, entry, checker)
                elif entry.kind == "backup":
                    result = _process_backup(cur, db, entry)
                else:
                    message = entry.meta.get("problem") or f"unknown kind of entry {entry.kind!r}"
                    _file(entry, REJECTED, {"status": "rejected", "message": message})
                    result = Processed(entry.id, entry.kind, "rejected", message)
            except TRANSIENT as err:
                result = Processed(entry.id, entry.kind, "error", f"left in the inbox to retry: {err}")
            finally:
                cur.close()
            results.append(result)
            if report is not None:
                report(result)
    finally:
        _PROCESSING.release()
    return results


def interval_seconds() -> float:
    """How often the dashboard looks in the inbox: $PIDASH_INBOX_SECONDS, default 10."""
    try:
        return max(0.5, float(os.environ.get("PIDASH_INBOX_SECONDS", "10")))
    except ValueError:
        return 10.0


class InboxWorker(threading.Thread):
    """In the dashboard: process the inbox now and every few seconds, opening the store (with
    `open_store()`, a context manager giving a read-write connection) only when something waits.

    A daemon thread, so it never keeps the process alive; it stops by itself when the database
    file goes away. `on_change` runs after a pass that processed something (the dashboard clears
    its cached reads there).
    """

    def __init__(self, open_store: Callable[[], ContextManager[duckdb.DuckDBPyConnection]], db: str | os.PathLike,
                 interval: float, on_change: Callable[[list[Processed]], None] | None = None):
        super().__init__(name="pidash-inbox", daemon=True)
        self.open_store, self.db, self.interval, self.on_change = open_store, Path(db), interval, on_change
        self.stopped = threading.Event()
        self.passes = 0
        self.processed: list[Processed] = []
        self.error: str | None = None

    def run(self) -> None:
        while not self.stopped.is_set() and self.db.exists():
            try:
                results = []
                if pending(self.db):  # the store is opened for writing only when there is work
                    with self.open_store() as con:
                        results = process_inbox(con, self.db)
                self.processed.extend(results)
                self.error = None
                if results and self.on_change is not None:
                    self.on_change(results)
            except Exception as err:  # keep serving; the entry stays queued and the error is shown
                self.error = f"{type(err).__name__}: {err}"
            self.passes += 1
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
