"""The one place that opens the DuckDB file and keeps its schema current.

Everything else receives a connection (or a cursor) and returns rows or frames, so tests can
pass a fresh database and the dashboard, CLI and reports share one schema.
"""
from __future__ import annotations

import os
import re
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

import duckdb

DATA_DIR = Path(__file__).resolve().parent
DEFAULT_DB = DATA_DIR / "pidash.duckdb"

# Each migration moves the schema up one version; never edit one that has shipped.
MIGRATIONS: list[str] = [
    # 1: indicators, returns and loads
    """
    CREATE SEQUENCE load_seq START 1;
    CREATE TABLE load (
        id INTEGER PRIMARY KEY,
        kind VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        rows INTEGER NOT NULL,
        rows_new INTEGER NOT NULL DEFAULT 0,
        rows_restated INTEGER NOT NULL DEFAULT 0,
        rows_unchanged INTEGER NOT NULL DEFAULT 0,
        loaded_at TIMESTAMP NOT NULL,
        loaded_by VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        report JSON
    );
    CREATE TABLE check_result (
        load_id INTEGER NOT NULL,
        expectation VARCHAR NOT NULL,
        column_name VARCHAR,
        rule VARCHAR NOT NULL,
        success BOOLEAN NOT NULL,
        unexpected_count INTEGER NOT NULL DEFAULT 0,
        failures JSON
    );
    CREATE TABLE setting (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
    CREATE TABLE organisation (
        code VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        load_id INTEGER
    );
    CREATE TABLE indicator (
        code VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        title VARCHAR NOT NULL,
        unit VARCHAR NOT NULL,
        polarity VARCHAR NOT NULL,
        ytd_rule VARCHAR NOT NULL,
        numerator_label VARCHAR NOT NULL,
        denominator_label VARCHAR NOT NULL,
        definition VARCHAR NOT NULL,
        source VARCHAR,
        stable_band DOUBLE NOT NULL DEFAULT 0,
        valid_from DATE NOT NULL,
        valid_to DATE,
        load_id INTEGER,
        PRIMARY KEY (code, version)
    );
    CREATE TABLE target (
        indicator VARCHAR NOT NULL,
        org VARCHAR NOT NULL,
        year VARCHAR NOT NULL,
        target DOUBLE NOT NULL,
        tolerance DOUBLE NOT NULL,
        source VARCHAR,
        load_id INTEGER,
        PRIMARY KEY (indicator, org, year)
    );
    CREATE TABLE indicator_return (
        org VARCHAR NOT NULL,
        indicator VARCHAR NOT NULL,
        period DATE NOT NULL,
        numerator BIGINT NOT NULL,
        denominator BIGINT NOT NULL,
        value DOUBLE,
        note VARCHAR,
        load_id INTEGER NOT NULL,
        superseded_by INTEGER
    );
    """,
    # 2: the improvement plan, its milestones and their status history, risks, commentary
    """
    CREATE TABLE theme (code INTEGER PRIMARY KEY, title VARCHAR NOT NULL);
    CREATE TABLE area (code VARCHAR PRIMARY KEY, theme INTEGER NOT NULL, title VARCHAR NOT NULL);
    CREATE TABLE action (
        code VARCHAR PRIMARY KEY,
        area VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        lead VARCHAR,
        involved_groups VARCHAR,
        timescale VARCHAR,
        targets_outcomes VARCHAR,
        indicators VARCHAR,
        load_id INTEGER
    );
    CREATE TABLE milestone (
        action VARCHAR NOT NULL,
        milestone INTEGER NOT NULL,
        description VARCHAR NOT NULL,
        timescale VARCHAR,
        due_start DATE,
        due_end DATE,
        recurring VARCHAR,
        load_id INTEGER,
        PRIMARY KEY (action, milestone)
    );
    CREATE TABLE milestone_status (
        action VARCHAR NOT NULL,
        milestone INTEGER NOT NULL,
        as_of DATE NOT NULL,
        status VARCHAR NOT NULL,
        commentary VARCHAR,
        load_id INTEGER NOT NULL,
        recorded_by VARCHAR
    );
    CREATE TABLE risk (
        code VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        owner VARCHAR,
        likelihood INTEGER,
        impact INTEGER,
        mitigation VARCHAR,
        status VARCHAR,
        as_of DATE,
        load_id INTEGER
    );
    CREATE TABLE commentary (
        indicator VARCHAR NOT NULL,
        org VARCHAR NOT NULL,
        period DATE NOT NULL,
        text VARCHAR NOT NULL,
        author VARCHAR NOT NULL,
        written_at TIMESTAMP NOT NULL,
        load_id INTEGER
    );
    """,
    # 3: files handed over through the inbox, each recorded once (in the same transaction as its load)
    """
    CREATE TABLE inbox_entry (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        load_id INTEGER,
        queued_by VARCHAR,
        queued_at TIMESTAMP,
        processed_at TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL,
        message VARCHAR
    );
    """,
    # 4: the plan's themes and areas record the load that brought them, like every other table
    """
    ALTER TABLE theme ADD COLUMN load_id INTEGER;
    ALTER TABLE area ADD COLUMN load_id INTEGER;
    """,
    # 5: the monthly reporting cycle: versioned commentary, each indicator's due day, sign-off and
    # reopening, and the audit trail of sensitive reads (evidence packs, exports, child-level rows)
    """
    ALTER TABLE commentary ADD COLUMN doing VARCHAR;
    ALTER TABLE commentary ADD COLUMN action VARCHAR;
    ALTER TABLE commentary ADD COLUMN expected_by DATE;
    ALTER TABLE commentary ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE indicator ADD COLUMN due_days INTEGER;
    CREATE SEQUENCE signoff_seq START 1;
    CREATE TABLE signoff (
        id INTEGER PRIMARY KEY,
        org VARCHAR NOT NULL,
        period DATE NOT NULL,
        kind VARCHAR NOT NULL,
        signed_by VARCHAR NOT NULL,
        signed_at TIMESTAMP NOT NULL,
        load_id INTEGER NOT NULL,
        note VARCHAR,
        override VARCHAR
    );
    CREATE SEQUENCE audit_seq START 1;
    CREATE TABLE audit_event (
        id INTEGER PRIMARY KEY,
        happened_at TIMESTAMP NOT NULL,
        who VARCHAR NOT NULL,
        event VARCHAR NOT NULL,
        org VARCHAR,
        indicator VARCHAR,
        period DATE,
        detail VARCHAR
    );
    """,
    # 6: case records in the Standard Safeguarding Dataset's shape, pseudonymised (person ids are
    # keyed hashes, dates of birth a month); each row keeps the organisation and the case load that
    # brought it; a derived returns load names the case load it was computed from
    """
    ALTER TABLE load ADD COLUMN derived_from INTEGER;
    CREATE TABLE ssd_person (
        org VARCHAR NOT NULL, load_id INTEGER NOT NULL,
        pers_person_id VARCHAR NOT NULL, pers_dob DATE, pers_sex VARCHAR, pers_ethnicity VARCHAR
    );
    CREATE TABLE ssd_cin_episodes (
        org VARCHAR NOT NULL, load_id INTEGER NOT NULL,
        cine_referral_id VARCHAR NOT NULL, cine_person_id VARCHAR NOT NULL, cine_referral_date DATE,
        cine_referral_nfa VARCHAR, cine_close_date DATE
    );
    CREATE TABLE ssd_cin_assessments (
        org VARCHAR NOT NULL, load_id INTEGER NOT NULL,
        cina_assessment_id VARCHAR NOT NULL, cina_person_id VARCHAR NOT NULL, cina_referral_id VARCHAR,
        cina_assessment_start_date DATE, cina_assessment_auth_date DATE, cina_assessment_kind VARCHAR
    );
    CREATE TABLE ssd_cp_plans (
        org VARCHAR NOT NULL, load_id INTEGER NOT NULL,
        cppl_cp_plan_id VARCHAR NOT NULL, cppl_person_id VARCHAR NOT NULL, cppl_cp_plan_start_date DATE,
        cppl_cp_plan_end_date DATE
    );
    CREATE TABLE ssd_cp_reviews (
        org VARCHAR NOT NULL, load_id INTEGER NOT NULL,
        cppr_cp_review_id VARCHAR NOT NULL, cppr_person_id VARCHAR NOT NULL, cppr_cp_plan_id VARCHAR,
        cppr_cp_review_due DATE, cppr_cp_review_date DATE
    );
    CREATE TABLE ssd_cla_episodes (
        org VARCHAR NOT NULL, load_id INTEGER NOT NULL,
        clae_cla_episode_id VARCHAR NOT NULL, clae_person_id VARCHAR NOT NULL, clae_cla_id VARCHAR,
        clae_cla_episode_start_date DATE, clae_cla_episode_ceased_date DATE, clae_entered_care_date DATE
    );
    CREATE TABLE ssd_cla_placement (
        org VARCHAR NOT NULL, load_id INTEGER NOT NULL,
        clap_cla_placement_id VARCHAR NOT NULL, clap_cla_id VARCHAR, clap_person_id VARCHAR NOT NULL,
        clap_cla_placement_start_date DATE, clap_cla_placement_end_date DATE, clap_cla_placement_type VARCHAR
    );
    CREATE TABLE ssd_cla_reviews (
        org VARCHAR NOT NULL, load_id INTEGER NOT NULL,
        clar_cla_review_id VARCHAR NOT NULL, clar_cla_id VARCHAR, clar_cla_review_due_date DATE,
        clar_cla_review_date DATE, clar_cla_review_cancelled VARCHAR
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $PIDASH_DB, else data/pidash.duckdb."""
    if path:
        return Path(path)
    env = os.environ.get("PIDASH_DB")
    return Path(env) if env else DEFAULT_DB


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection, upto: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to `upto`, one transaction per step; returns the version reached."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
    )
    current = schema_version(con)
    for version in range(current + 1, upto + 1):
        with transaction(con):
            con.execute(MIGRATIONS[version - 1])
            con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    return max(current, upto)


class StoreBusy(RuntimeError):
    """Another process held the database for longer than this one would wait."""


LOCK_WAIT_SECONDS = 30.0  # how long a command or the dashboard waits for another process's write


def lock_wait() -> float:
    """$PIDASH_LOCK_WAIT seconds, else LOCK_WAIT_SECONDS."""
    try:
        return max(0.0, float(os.environ.get("PIDASH_LOCK_WAIT", LOCK_WAIT_SECONDS)))
    except ValueError:
        return LOCK_WAIT_SECONDS


def connect(path: str | os.PathLike | None = None, read_only: bool = False,
            wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the store, creating and upgrading the schema unless read-only.

    DuckDB lets one process hold the file for writing, or several for reading, never both: while
    another process holds it, retry for up to `wait` seconds, then raise StoreBusy saying who holds
    it. Processes hold it only for the moment of a read or a write, so a wait is short.
    """
    target = db_path(path)
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + max(0.0, wait)
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(target), read_only=read_only)
            break
        except duckdb.IOException as err:
            holder = lock_holder(err)
            if holder is None:
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreBusy(f"the database {target} is in use by {holder} (the dashboard writing, or another "
                                f"load) and stayed busy for {wait:g} s; try again in a moment") from None
            time.sleep(min(delay, left))
            delay = min(delay * 2, 1.0)
    if not read_only:
        migrate(con)
    return con


def stamp(path: str | os.PathLike | None = None) -> tuple:
    """What changes whenever the store does: the file's and its write-ahead log's size and time.
    A process that holds no connection (the dashboard between reads) keys its caches by this, so
    a load from the command line shows at the next page refresh, and only then is anything read."""
    target = db_path(path)
    marks = []
    for file in (target, target.with_name(target.name + ".wal")):
        try:
            info = file.stat()
            marks.append((info.st_mtime_ns, info.st_size))
        except FileNotFoundError:
            marks.append(None)
    return tuple(marks)


class _Access:
    """Within one process, reads share the file and a write has it alone: DuckDB opens a file in one
    configuration per process (read-only or read-write), so a write waits for the reads in flight
    and new reads wait for the write (writers first, so a write is never starved)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._lock:
            self._lock.wait_for(lambda: not self._writing and not self._waiting_writers)
            self._readers += 1
        try:
            yield
        finally:
            with self._lock:
                self._readers -= 1
                self._lock.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._lock:
            self._waiting_writers += 1
            self._lock.wait_for(lambda: not self._writing and not self._readers)
            self._waiting_writers -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._lock:
                self._writing = False
                self._lock.notify_all()


ACCESS = _Access()


@contextmanager
def reading(path: str | os.PathLike | None = None, wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for the moment of a read, closed after: while it is open other
    processes may read too, and a writer elsewhere waits (at most its own wait) for it to close."""
    with ACCESS.shared():
        try:
            con = connect(path, read_only=True, wait=lock_wait() if wait is None else wait)
        except duckdb.ConnectionException:
            # this process already holds the file read-write (a test's fixture, a command): join it
            con = duckdb.connect(str(db_path(path)))
        try:
            yield con
        finally:
            con.close()


@contextmanager
def writing(path: str | os.PathLike | None = None, wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for the moment of a write, closed after (its changes checkpointed
    into the file, where other processes' next reads find them)."""
    with ACCESS.exclusive():
        con = connect(path, wait=lock_wait() if wait is None else wait)
        try:
            yield con
        finally:
            con.close()


# One writer at a time within a process: the dashboard's sessions and its inbox worker share one
# database, and two concurrent write transactions on the same rows would make one of them fail.
WRITE_LOCK = threading.RLock()


class Rollback(Exception):
    """Raised inside `transaction` to undo the batch without an error (a rejected file's rows)."""


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All of a batch or none of it: the one way a write reaches the store; writers in one
    process take turns. Raise `Rollback` inside to undo quietly."""
    with WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except Rollback:
            con.execute("ROLLBACK")
            return
        except BaseException:
            with suppress(duckdb.Error):  # a failed statement may have ended the transaction already
                con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


def lock_holder(err: BaseException) -> str | None:
    """'PID 1234' when DuckDB refused the file because another process holds it, else None."""
    if not isinstance(err, duckdb.IOException) or "lock" not in str(err).lower():
        return None
    found = re.search(r"PID (\d+)", str(err))
    return f"PID {found.group(1)}" if found else "another process"


def get_setting(con: duckdb.DuckDBPyConnection, key: str, default: str | None = None) -> str | None:
    rows = con.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchall()
    return rows[0][0] if rows else default


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute(
        "INSERT INTO setting VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
