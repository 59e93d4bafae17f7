"""The load pipeline shared by the CLI and the Load page: read → normalise → check → write.

`prepare` reads and checks a file without writing anything (the Load page shows its report
before a person confirms); `commit` writes an accepted batch in one transaction, or records a
rejected load and nothing else. A rejected file never changes the data.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from checks.gx import IN_PROCESS
from checks.report import CheckReport, file_error
from checks.runner import run_suite
from checks.suites import TABLES, Check, TableSpec, exists, target_warnings
from data import store
from loads import commentary, normalise, plan, writers
from loads.files import FileProblem, read_table, sha256
from loads.writers import Counts
from vocab import LoadStatus
from vocab.progress import Progress, quiet


@dataclass
class Prepared:
    """A file read, normalised and checked, not yet written."""

    table: str
    file_name: str
    sha256: str
    frame: pd.DataFrame
    report: CheckReport

    @property
    def accepted(self) -> bool:
        return self.report.success


@dataclass
class LoadOutcome:
    load_id: int
    status: LoadStatus
    table: str
    file_name: str
    rows: int
    counts: Counts = field(default_factory=Counts)
    report: CheckReport | None = None

    def summary(self) -> str:
        if self.status == LoadStatus.REJECTED:
            return f"{self.report.text()}\nRecorded as rejected load {self.load_id}."
        c = self.counts
        return "\n".join([
            f"{self.file_name}: accepted as load {self.load_id} into {self.table}: {self.rows} rows "
            f"({c.new} new, {c.restated} restated, {c.unchanged} unchanged)",
            *(self.report.warning_lines() if self.report is not None else []),
        ])


@dataclass(frozen=True)
class Loader:
    normalise: Callable[[pd.DataFrame, TableSpec, dict], pd.DataFrame]
    write: Callable[..., Counts]  # (con, frame, load_id), plus the user when records_user
    # Read as Categoricals (see read_table): for the tables that arrive a million rows at a time.
    categorical: bool = False
    # Notes on an accepted file that do not reject it (file name in, Failure-shaped warnings out).
    warnings: Callable[[pd.DataFrame, str], list] | None = None
    records_user: bool = False  # the table stores who recorded each row (milestone updates)


LOADERS: dict[str, Loader] = {
    "returns": Loader(normalise.normalise_returns, writers.write_returns, categorical=True),
    "targets": Loader(normalise.normalise_targets, writers.write_targets, warnings=target_warnings),
    "organisations": Loader(normalise.normalise_organisations, writers.write_organisations),
    "indicators": Loader(normalise.normalise_indicators, writers.write_indicators),
    # the improvement plan (loads/plan.py): load themes, areas, actions, plan_milestones in that order
    "themes": Loader(plan.normalise_themes, plan.write_themes),
    "areas": Loader(plan.normalise_areas, plan.write_areas),
    "actions": Loader(plan.normalise_actions, plan.write_actions),
    "plan_milestones": Loader(plan.normalise_plan_milestones, plan.write_plan_milestones,
                              warnings=plan.timescale_warnings),
    "milestones": Loader(plan.normalise_milestone_status, plan.write_milestone_status,
                         records_user=True),
    "risks": Loader(plan.normalise_risks, plan.write_risks),
    # the monthly cycle (loads/commentary.py): each row a new version, written by whoever loads it
    "commentary": Loader(commentary.normalise_commentary, commentary.write_commentary, records_user=True),
}


def known_values(con: duckdb.DuckDBPyConnection) -> dict:
    """The codes a file may refer to, and today, for the suites."""
    today = dt.date.today()
    return {
        "home_org": store.get_setting(con, "home_org"),
        "indicators": [r[0] for r in con.execute("SELECT DISTINCT code FROM indicator").fetchall()],
        "organisations": [r[0] for r in con.execute("SELECT code FROM organisation").fetchall()],
        "indicator_versions": con.execute(
            "SELECT code, version, strftime(valid_from, '%Y-%m-%d'), strftime(valid_to, '%Y-%m-%d') FROM indicator"
        ).fetchall(),
        "themes": [str(r[0]) for r in con.execute("SELECT code FROM theme").fetchall()],
        "areas": [r[0] for r in con.execute("SELECT code FROM area").fetchall()],
        "actions": [r[0] for r in con.execute("SELECT code FROM action").fetchall()],
        "milestones": [
            f"{a}#{m}" for a, m in con.execute("SELECT action, milestone FROM milestone").fetchall()
        ],
        "current_month_index": today.year * 12 + today.month - 1,
        "today_days": (today - dt.date(1970, 1, 1)).days,
    }


@dataclass
class _Normalised:
    """A file read and normalised, and the checks it must pass: not yet checked."""

    table: str
    file_name: str
    sha256: str
    frame: pd.DataFrame
    checks: list[Check]


def _normalised(con, table: str, content: bytes, file_name: str, progress: Progress,
                checker) -> _Normalised | Prepared:
    """The file read and normalised, or, when it cannot be read as a table, its rejection."""
    if table not in LOADERS:
        raise ValueError(f"unknown table '{table}'; choose one of {', '.join(LOADERS)}")
    spec = TABLES[table]
    checker.preload()  # great-expectations imports while the file is read
    digest = sha256(content)
    progress(0.05, f"Reading {file_name}")
    try:
        raw = read_table(content, file_name, categorical=LOADERS[table].categorical)
    except FileProblem as problem:
        return Prepared(table, file_name, digest, pd.DataFrame(), file_error(file_name, str(problem), table))
    progress(0.25, f"Read {len(raw):,} rows; checking them")
    known = known_values(con)
    frame = LOADERS[table].normalise(raw, spec, known)
    return _Normalised(table, file_name, digest, frame, [*exists(*spec.required), *spec.suite(known)])


def _checked(normalised: _Normalised, progress: Progress, checker) -> Prepared:
    frame, file_name, table = normalised.frame, normalised.file_name, normalised.table
    report = run_suite(frame, normalised.checks, file_name, table, checker)
    if report.success and LOADERS[table].warnings is not None:
        report.warnings = LOADERS[table].warnings(frame, file_name)
    progress(0.7, "Checked: " + ("all checks passed" if report.success else "problems found"))
    return Prepared(table, file_name, normalised.sha256, frame, report)


def prepare(
    con: duckdb.DuckDBPyConnection,
    table: str,
    content: bytes,
    file_name: str,
    progress: Progress = quiet,
    checker=IN_PROCESS,
) -> Prepared:
    """Read, normalise and check a file; nothing is written. `checker`: where great-expectations
    runs (checks.gx.IN_PROCESS, or the command line's checks.worker.Worker)."""
    normalised = _normalised(con, table, content, file_name, progress, checker)
    return normalised if isinstance(normalised, Prepared) else _checked(normalised, progress, checker)


def commit(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    user: str,
    progress: Progress = quiet,
    within: Callable[[duckdb.DuckDBPyConnection, int], None] | None = None,
    load_id: int | None = None,
) -> LoadOutcome:
    """Write an accepted batch (all or nothing) or record a rejection; either way a load row.

    `within(con, load_id)` runs inside the same transaction (the inbox records the file it came
    from there, so a file is loaded exactly once even if the process dies just after). `load_id`:
    one already taken from the sequence (load_file's, for a file rolled back on rejection).
    """
    status = LoadStatus.ACCEPTED if prepared.accepted else LoadStatus.REJECTED
    with store.transaction(con):
        if load_id is None:
            load_id = con.execute("SELECT nextval('load_seq')").fetchall()[0][0]
        counts = Counts()
        if status == LoadStatus.ACCEPTED:
            progress(0.75, f"Writing {len(prepared.frame):,} rows")
            counts = _write(con, prepared.table, prepared.frame, load_id, user)
        _record(con, prepared, load_id, status, counts, user)
        if within is not None:
            within(con, load_id)
    progress(1.0, "Done")
    return LoadOutcome(load_id, status, prepared.table, prepared.file_name, len(prepared.frame), counts,
                       prepared.report)


def _write(con, table: str, frame: pd.DataFrame, load_id: int, user: str) -> Counts:
    loader = LOADERS[table]
    return loader.write(con, frame, load_id, user) if loader.records_user else loader.write(con, frame, load_id)


def _record(con, prepared: Prepared, load_id: int, status: LoadStatus, counts: Counts, user: str) -> None:
    """The load's row and each check's result, in the caller's transaction."""
    record_load(con, load_id, prepared.table, prepared.file_name, prepared.sha256, len(prepared.frame), status,
                counts, user, prepared.report)


def record_load(con, load_id: int, kind: str, file_name: str, digest: str, rows: int, status: LoadStatus,
                counts: Counts, user: str, report: CheckReport, extra: dict | None = None,
                derived_from: int | None = None) -> None:
    """A load's row and each check's result, in the caller's transaction: for a file's load, a case
    load (loads/cases.py) or returns derived from one (`derived_from`: the case load's id).
    `extra`: more keys for the load's report JSON (a case load's files, a derived load's provenance)."""
    con.execute(
        "INSERT INTO load (id, kind, file_name, sha256, rows, rows_new, rows_restated, rows_unchanged, loaded_at, "
        "loaded_by, status, report, derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?)",
        [load_id, kind, file_name, digest, rows, counts.new, counts.restated, counts.unchanged, user, status.value,
         json.dumps({**report.to_dict(), **(extra or {})}, default=str), derived_from],
    )
    _record_checks(con, load_id, report)


def _record_checks(con, load_id: int, report: CheckReport) -> None:
    records = [
        (load_id, r.expectation, r.column, r.rule, r.success, r.unexpected_count,
         json.dumps([f.__dict__ for f in r.failures], default=str))
        for r in report.results
    ] + [
        (load_id, "file_readable", None, f.rule, False, 1, json.dumps([f.__dict__], default=str))
        for f in report.file_errors
    ]
    if records:  # one INSERT from a frame: a case load has a hundred and more (executemany: a row at a time)
        rows = pd.DataFrame(records, columns=["load_id", "expectation", "column_name", "rule", "success",
                                              "unexpected_count", "failures"]).astype(
            {"load_id": "int32", "success": "bool", "unexpected_count": "int64"})
        con.register("_check_rows", rows)
        try:
            con.execute("INSERT INTO check_result SELECT load_id, expectation, column_name, rule, success, "
                        "unexpected_count, failures FROM _check_rows")
        finally:
            con.unregister("_check_rows")


def prepare_frame(con: duckdb.DuckDBPyConnection, table: str, raw: pd.DataFrame, file_name: str, digest: str,
                  checker=IN_PROCESS) -> Prepared:
    """Normalise and check a frame of text cells that was not read from a file (returns computed
    from case records), exactly as a file of `table` is; nothing is written."""
    spec = TABLES[table]
    known = known_values(con)
    frame = LOADERS[table].normalise(raw, spec, known)
    return _checked(_Normalised(table, file_name, digest, frame, [*exists(*spec.required), *spec.suite(known)]),
                    quiet, checker)


def write_accepted(con: duckdb.DuckDBPyConnection, prepared: Prepared, user: str, extra: dict | None = None,
                   derived_from: int | None = None) -> LoadOutcome:
    """Write an accepted batch and its load row in the caller's transaction (a derived returns load
    is written in its case load's); ValueError for a batch that did not pass its checks."""
    if not prepared.accepted:
        raise ValueError(f"{prepared.file_name} did not pass its checks:\n{prepared.report.text()}")
    load_id = con.execute("SELECT nextval('load_seq')").fetchall()[0][0]
    counts = _write(con, prepared.table, prepared.frame, load_id, user)
    record_load(con, load_id, prepared.table, prepared.file_name, prepared.sha256, len(prepared.frame),
                LoadStatus.ACCEPTED, counts, user, prepared.report, extra, derived_from)
    return LoadOutcome(load_id, LoadStatus.ACCEPTED, prepared.table, prepared.file_name, len(prepared.frame), counts,
                       prepared.report)


def load_file(
    con: duckdb.DuckDBPyConnection,
    table: str,
    path: str | Path,
    user: str,
    progress: Progress = quiet,
    checker=IN_PROCESS,
) -> LoadOutcome:
    """Load one file from disk: the CLI's `pidash load TABLE FILE`.

    The rows are written while great-expectations checks them: on a second cursor, in a
    transaction that commits only once every check has passed (DuckDB writes outside the GIL, so
    the two share the machine's cores); a rejected file's rows are rolled back unseen and its
    rejection recorded as prepare + commit would. The Load page checks first and writes only when
    a person confirms.
    """
    path = Path(path)
    normalised = _normalised(con, table, path.read_bytes(), path.name, progress, checker)
    if isinstance(normalised, Prepared):
        return commit(con, normalised, user, progress)
    frame = normalised.frame
    with ThreadPoolExecutor(1, thread_name_prefix="pidash-write") as pool, \
            contextlib.closing(con.cursor()) as cursor, store.transaction(cursor):
        load_id = cursor.execute("SELECT nextval('load_seq')").fetchall()[0][0]
        progress(0.3, f"Writing {len(frame):,} rows while they are checked")
        writing = pool.submit(_write, cursor, table, frame, load_id, user)
        try:
            prepared = _checked(normalised, progress, checker)
        except BaseException:
            cursor.interrupt()
            raise
        finally:
            failure = writing.exception()  # waits for the writer: one thread at a time on the cursor
        if not prepared.accepted:
            raise store.Rollback  # the rows go unseen; the rejection is recorded below
        if failure is not None:
            raise failure
        counts = writing.result()
        _record(cursor, prepared, load_id, LoadStatus.ACCEPTED, counts, user)
    if prepared.accepted:
        progress(1.0, "Done")
        return LoadOutcome(load_id, LoadStatus.ACCEPTED, table, prepared.file_name, len(frame), counts,
                           prepared.report)
    return commit(con, prepared, user, progress, load_id=load_id)
