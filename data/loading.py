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
import numpy as np
import pandas as pd

from checks.runner import CheckReport, file_error, preload, run_suite
from checks.suites import TABLES, Check, TableSpec, exists
from data import coding, plan_loading, store
from data.files import FileProblem, plain_cells, read_table, sha256
from indicators.vocab import LoadStatus

Progress = Callable[[float, str], None]


def _quiet(fraction: float, message: str) -> None:
    """The default progress callback: say nothing."""


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
class Counts:
    new: int = 0
    restated: int = 0
    unchanged: int = 0


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


# --- normalising: text cells to the typed helper columns the checks and writers use -----------

def _per_value(column: pd.Series, compute: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """An element-wise `compute` run once per distinct value and spread back to every row.

    A million-row return holds a few thousand distinct texts per column, so normalising the
    distinct values (and not every cell) is what keeps a national load fast. From a Categorical
    column (a return, see read_table) the result is one too, texts or numbers, on the same codes,
    so no later step hashes a million cells again.
    """
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _spread(compute(plain_cells(pd.Series(distinct))), codes, column.index, categorical=True)
    if len(distinct) * 2 > len(column):
        return compute(column)
    return _spread(compute(pd.Series(distinct, dtype=column.dtype)), codes, column.index, categorical=False)


def _numbers(column: pd.Series) -> pd.Series:
    return _per_value(column, lambda c: pd.to_numeric(c, errors="coerce").astype("float64"))


def _month_index(period: pd.Series) -> pd.Series:
    """YYYY-MM as a count of months, so 'not in the future' is a number comparison."""
    def months(text: pd.Series) -> pd.Series:
        parts = text.astype("string").str.extract(r"^(\d{4})-(0[1-9]|1[0-2])$")
        return (_numbers(parts[0]) * 12 + _numbers(parts[1]) - 1).astype("float64")

    return _per_value(period, months)


def _indicator_codes(column: pd.Series) -> pd.Series:
    """'ni 59' → 'NI59': codes in capitals without spaces; blanks stay None."""
    codes = column.astype("string").str.upper().str.replace(" ", "", regex=False)
    return codes.astype(object).where(codes.notna(), None)


def _months(column: pd.Series) -> pd.Series:
    """An Excel date cell arrives as 2009-09-01: that is the month 2009-09."""
    period = column.astype("string").str.replace(r"^(\d{4}-\d{2})-01$", r"\1", regex=True)
    return period.astype(object).where(period.notna(), None)


def _whole_numbers(column: pd.Series) -> pd.Series:
    """Counts written as whole numbers of 0 or more; anything else is missing (the checks name it)."""
    text = column.astype("string")
    return _numbers(text.where(text.str.match(r"^\d+$").fillna(False)))


def _days(dates: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(dates.astype("string"), format="%Y-%m-%d", errors="coerce")
    return (parsed - pd.Timestamp("1970-01-01")).dt.days.astype("float64")


def _with_columns(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """The optional columns a file left out, added blank (as Categoricals in a Categorical frame)."""
    frame = frame.copy(deep=False)  # copy-on-write: new columns never touch the caller's frame
    categorical = _categorical(frame)
    for column in spec.optional:
        if column not in frame.columns:
            frame[column] = (pd.Categorical.from_codes(np.full(len(frame), -1), categories=pd.Index([], dtype=object))
                             if categorical else None)
    return frame


def normalise_returns(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = _with_columns(frame, spec)
    home = known["home_org"]
    frame["org"] = _per_value(frame["org"], lambda org: org.where(org.notna(), home))
    if "indicator" in frame.columns:
        frame["indicator"] = _per_value(frame["indicator"], _indicator_codes)
    if "period" in frame.columns:
        frame["period"] = _per_value(frame["period"], _months)
        frame["_period_index"] = _month_index(frame["period"])
    if {"numerator", "denominator"} <= set(frame.columns):
        for column in ("numerator", "denominator"):
            frame[f"_{column}"] = _per_value(frame[column], _whole_numbers)
        given = pd.DataFrame({"value": _numbers(frame["value"]), "_numerator": frame["_numerator"],
                              "_denominator": frame["_denominator"]})
        frame["_value_error"] = _per_combination(given, _value_error)
    return frame


def _value_error(rows: pd.DataFrame) -> pd.Series:
    """How far the value given (as a number) is from numerator ÷ denominator × 100 (missing where either is)."""
    numerator, denominator = (rows[c].to_numpy(dtype="float64") for c in ("_numerator", "_denominator"))
    with np.errstate(divide="ignore", invalid="ignore"):
        computed = numerator / np.where(denominator == 0, np.nan, denominator) * 100
    return (rows["value"].astype("float64") - computed).abs()


def _per_combination(frame: pd.DataFrame, compute: Callable[[pd.DataFrame], pd.Series]) -> pd.Series:
    """A row-by-row `compute` of several columns, run once per distinct combination of their values
    (a few hundred thousand in a million-row return) and spread back to every row."""
    factorized = [pd.factorize(frame[c], use_na_sentinel=False) for c in frame.columns]
    codes, _ = pd.factorize(coding.combined([(c, len(distinct)) for c, distinct in factorized]))
    first = coding.first_rows(codes)
    distinct_rows = pd.DataFrame({c: plain_cells(frame[c].iloc[first]).to_numpy() for c in frame.columns})
    return _spread(compute(distinct_rows), codes, frame.index, categorical=_categorical(frame))


def _categorical(frame: pd.DataFrame) -> bool:
    """Read as Categoricals (a return, see read_table)."""
    return any(isinstance(t, pd.CategoricalDtype) for t in frame.dtypes)


def _spread(result: pd.Series, codes: np.ndarray, index: pd.Index, categorical: bool) -> pd.Series:
    """Per-distinct results back to every row: a Categorical on the rows' codes when the input was
    one, so no later step hashes a million cells again."""
    if not categorical:
        return pd.Series(result.to_numpy()[codes], index=index, dtype=result.dtype)
    result_codes, results = pd.factorize(result)
    categories = pd.Index(results, dtype=object if results.dtype == object else results.dtype)
    return pd.Series(pd.Categorical.from_codes(result_codes[codes], categories=categories, validate=False), index=index)


def normalise_targets(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = _with_columns(frame, spec)
    frame["org"] = frame["org"].where(frame["org"].notna(), known["home_org"])
    if "indicator" in frame.columns:
        codes = frame["indicator"].astype("string").str.upper().str.replace(" ", "", regex=False)
        frame["indicator"] = codes.astype(object).where(codes.notna(), None)
    if "year" in frame.columns:
        parts = frame["year"].astype("string").str.extract(r"^(\d{4})-(\d{2})$")
        frame["_year_span"] = (_numbers(parts[1]) - _numbers(parts[0]) % 100) % 100
    if "target" in frame.columns:
        frame["_target"] = _numbers(frame["target"])
    return frame


def normalise_plain(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    return _with_columns(frame, spec)


def normalise_indicators(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = _with_columns(frame, spec)
    if {"valid_from", "valid_to"} <= set(frame.columns):
        frame["_valid_days"] = _days(frame["valid_to"]) - _days(frame["valid_from"])
    return frame


# --- writing: one set-based statement per step, inside the caller's transaction ---------------

def _typed_returns(frame: pd.DataFrame):
    """The accepted rows as an Arrow table DuckDB scans without copying: texts dictionary-encoded
    (a million rows name a few hundred organisations), the month from the checked `_period_index`."""
    import pyarrow as pa

    def text(column: pd.Series):
        codes, distinct = pd.factorize(column)
        return pa.DictionaryArray.from_arrays(
            pa.array(codes, mask=codes < 0, type=pa.int32()),
            pa.array(np.asarray(distinct, dtype=object), type=pa.string()),
        )

    # load_file writes while the checks run: a file they go on to reject may have blanks here (its
    # rows are rolled back), so casting a missing number must not warn
    with np.errstate(divide="ignore", invalid="ignore"):
        numerator = frame["_numerator"].to_numpy().astype("int64")
        denominator = frame["_denominator"].to_numpy().astype("int64")
        value = np.round(np.where(denominator == 0, np.nan, numerator / denominator * 100), 6)
        months_since_1970 = frame["_period_index"].to_numpy().astype("int64") - 1970 * 12
    return pa.table({
        "org": text(frame["org"]),
        "indicator": text(frame["indicator"]),
        "period": pa.array(months_since_1970.astype("datetime64[M]").astype("datetime64[D]"), type=pa.date32()),
        "numerator": numerator,
        "denominator": denominator,
        "value": pa.array(value, from_pandas=True),
        "note": text(frame["note"]),
    })


def write_returns(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, load_id: int) -> Counts:
    """Insert new and restated rows; a restated row supersedes the current one, never deletes it."""
    con.register("incoming", _typed_returns(frame))
    current = con.execute(
        """
        SELECT count(*) FROM incoming i JOIN indicator_return c
          ON c.org = i.org AND c.indicator = i.indicator AND c.period = i.period AND c.superseded_by IS NULL
        """
    ).fetchall()[0][0]
    if not current:  # none of these months is held yet: every row is new (the usual large load)
        con.execute(
            """
            INSERT INTO indicator_return (org, indicator, period, numerator, denominator, value, note, load_id)
            SELECT org, indicator, period, numerator, denominator, value, note, ? FROM incoming
            """,
            [load_id],
        )
        con.unregister("incoming")
        return Counts(new=len(frame))
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE incoming_classified AS
        SELECT i.*,
               CASE WHEN c.org IS NULL THEN 'new'
                    WHEN c.numerator = i.numerator AND c.denominator = i.denominator
                         AND c.note IS NOT DISTINCT FROM i.note THEN 'unchanged'
                    ELSE 'restated' END AS change
        FROM incoming i
        LEFT JOIN indicator_return c
          ON c.org = i.org AND c.indicator = i.indicator AND c.period = i.period
         AND c.superseded_by IS NULL
        """
    )
    con.unregister("incoming")
    con.execute(
        """
        UPDATE indicator_return AS r SET superseded_by = ?
        FROM incoming_classified AS i
        WHERE i.change = 'restated' AND r.superseded_by IS NULL
          AND r.org = i.org AND r.indicator = i.indicator AND r.period = i.period
        """,
        [load_id],
    )
    con.execute(
        """
        INSERT INTO indicator_return (org, indicator, period, numerator, denominator, value, note, load_id)
        SELECT org, indicator, period, numerator, denominator, value, note, ?
        FROM incoming_classified WHERE change <> 'unchanged'
        """,
        [load_id],
    )
    counts = dict(con.execute("SELECT change, count(*) FROM incoming_classified GROUP BY change").fetchall())
    con.execute("DROP TABLE incoming_classified")
    return Counts(counts.get("new", 0), counts.get("restated", 0), counts.get("unchanged", 0))


def _upsert(con, table: str, keys: list[str], frame: pd.DataFrame, load_id: int) -> Counts:
    """Replace rows by key (reference data: the load table keeps what each load brought).

    The table, key and column names put into the SQL come from the write_* functions' own typed
    frames, never from a file's header; values travel in the registered frame (see
    tests/data/test_sql_safety.py, which fails on any other SQL built from variables).
    """
    frame = frame.copy()
    frame["load_id"] = load_id
    columns = list(frame.columns)
    con.register("incoming", frame)
    on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
    same = " AND ".join(f"t.{c} IS NOT DISTINCT FROM i.{c}" for c in columns if c != "load_id")
    existing, unchanged = con.execute(
        f"SELECT count(t.{keys[0]}), count(*) FILTER (WHERE {same}) FROM incoming i JOIN {table} t ON {on}"
    ).fetchall()[0]
    con.execute(f"DELETE FROM {table} AS t USING incoming AS i WHERE {on}")
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM incoming")
    con.unregister("incoming")
    return Counts(len(frame) - existing, existing - unchanged, unchanged)


def write_targets(con, frame: pd.DataFrame, load_id: int) -> Counts:
    typed = pd.DataFrame({
        "indicator": frame["indicator"].astype(str),
        "org": frame["org"].astype(str),
        "year": frame["year"].astype(str),
        "target": _numbers(frame["target"]),
        "tolerance": _numbers(frame["tolerance"]),
        "source": frame["source"].astype(object),
    })
    return _upsert(con, "target", ["indicator", "org", "year"], typed, load_id)


def write_organisations(con, frame: pd.DataFrame, load_id: int) -> Counts:
    typed = frame[["code", "name", "kind"]].astype(str)
    return _upsert(con, "organisation", ["code"], typed, load_id)


def write_indicators(con, frame: pd.DataFrame, load_id: int) -> Counts:
    typed = pd.DataFrame({
        "code": frame["code"].astype(str),
        "version": frame["version"].astype(int),
        **{c: frame[c].astype(str) for c in ("title", "unit", "polarity", "ytd_rule", "numerator_label",
                                             "denominator_label", "definition")},
        "source": frame["source"].astype(object),
        "stable_band": _numbers(frame["stable_band"]).fillna(0.0),
        "valid_from": pd.to_datetime(frame["valid_from"]).dt.date,
        "valid_to": pd.to_datetime(frame["valid_to"]).dt.date.astype(object).where(frame["valid_to"].notna(), None),
    })
    return _upsert(con, "indicator", ["code", "version"], typed, load_id)


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
    "returns": Loader(normalise_returns, write_returns, categorical=True),
    "targets": Loader(normalise_targets, write_targets),
    "organisations": Loader(normalise_plain, write_organisations),
    "indicators": Loader(normalise_indicators, write_indicators),
    # the improvement plan (data/plan_loading.py): load themes, areas, actions, plan_milestones in that order
    "themes": Loader(plan_loading.normalise_themes, plan_loading.write_themes),
    "areas": Loader(plan_loading.normalise_areas, plan_loading.write_areas),
    "actions": Loader(plan_loading.normalise_actions, plan_loading.write_actions),
    "plan_milestones": Loader(plan_loading.normalise_plan_milestones, plan_loading.write_plan_milestones,
                              warnings=plan_loading.timescale_warnings),
    "milestones": Loader(plan_loading.normalise_milestone_status, plan_loading.write_milestone_status,
                         records_user=True),
    "risks": Loader(plan_loading.normalise_risks, plan_loading.write_risks),
}


def known_values(con: duckdb.DuckDBPyConnection) -> dict:
    """The codes a file may refer to, and today, for the suites."""
    today = dt.date.today()
    return {
        "home_org": store.get_setting(con, "home_org"),
        "indicators": [r[0] for r in con.execute("SELECT DISTINCT code FROM indicator").fetchall()],
        "organisations": [r[0] for r in con.execute("SELECT code FROM organisation").fetchall()],
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


def _normalised(con, table: str, content: bytes, file_name: str, progress: Progress) -> _Normalised | Prepared:
    """The file read and normalised, or, when it cannot be read as a table, its rejection."""
    if table not in LOADERS:
        raise ValueError(f"unknown table '{table}'; choose one of {', '.join(LOADERS)}")
    spec = TABLES[table]
    preload()  # great-expectations imports while the file is read
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


def _checked(normalised: _Normalised, progress: Progress) -> Prepared:
    frame, file_name, table = normalised.frame, normalised.file_name, normalised.table
    report = run_suite(frame, normalised.checks, file_name, table)
    if report.success and LOADERS[table].warnings is not None:
        report.warnings = LOADERS[table].warnings(frame, file_name)
    progress(0.7, "Checked: " + ("all checks passed" if report.success else "problems found"))
    return Prepared(table, file_name, normalised.sha256, frame, report)


def prepare(
    con: duckdb.DuckDBPyConnection,
    table: str,
    content: bytes,
    file_name: str,
    progress: Progress = _quiet,
) -> Prepared:
    """Read, normalise and check a file; nothing is written."""
    normalised = _normalised(con, table, content, file_name, progress)
    return normalised if isinstance(normalised, Prepared) else _checked(normalised, progress)


def commit(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    user: str,
    progress: Progress = _quiet,
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
    con.execute(
        "INSERT INTO load VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?)",
        [load_id, prepared.table, prepared.file_name, prepared.sha256, len(prepared.frame), counts.new,
         counts.restated, counts.unchanged, user, status.value, prepared.report.to_json()],
    )
    _record_checks(con, load_id, prepared.report)


def _record_checks(con, load_id: int, report: CheckReport) -> None:
    records = [
        (load_id, r.expectation, r.column, r.rule, r.success, r.unexpected_count,
         json.dumps([f.__dict__ for f in r.failures], default=str))
        for r in report.results
    ] + [
        (load_id, "file_readable", None, f.rule, False, 1, json.dumps([f.__dict__], default=str))
        for f in report.file_errors
    ]
    if records:
        con.executemany("INSERT INTO check_result VALUES (?, ?, ?, ?, ?, ?, ?)", records)


def load_file(
    con: duckdb.DuckDBPyConnection,
    table: str,
    path: str | Path,
    user: str,
    progress: Progress = _quiet,
) -> LoadOutcome:
    """Load one file from disk: the CLI's `pidash load TABLE FILE`.

    The rows are written while great-expectations checks them: on a second cursor, in a
    transaction that commits only once every check has passed (DuckDB writes outside the GIL, so
    the two share the machine's cores); a rejected file's rows are rolled back unseen and its
    rejection recorded as prepare + commit would. The Load page checks first and writes only when
    a person confirms.
    """
    path = Path(path)
    normalised = _normalised(con, table, path.read_bytes(), path.name, progress)
    if isinstance(normalised, Prepared):
        return commit(con, normalised, user, progress)
    frame = normalised.frame
    with store.WRITE_LOCK, ThreadPoolExecutor(1, thread_name_prefix="pidash-write") as pool:
        cursor = con.cursor()
        try:
            cursor.execute("BEGIN TRANSACTION")
            load_id = cursor.execute("SELECT nextval('load_seq')").fetchall()[0][0]
            progress(0.3, f"Writing {len(frame):,} rows while they are checked")
            writing = pool.submit(_write, cursor, table, frame, load_id, user)
            try:
                prepared = _checked(normalised, progress)
            except BaseException:
                cursor.interrupt()
                raise
            finally:
                failure = writing.exception()  # waits for the writer: one thread at a time on the cursor
            if not prepared.accepted:
                cursor.execute("ROLLBACK")
            else:
                if failure is not None:
                    raise failure
                counts = writing.result()
                _record(cursor, prepared, load_id, LoadStatus.ACCEPTED, counts, user)
                cursor.execute("COMMIT")
                progress(1.0, "Done")
                return LoadOutcome(load_id, LoadStatus.ACCEPTED, table, prepared.file_name, len(frame), counts,
                                   prepared.report)
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                cursor.execute("ROLLBACK")
            raise
        finally:
            cursor.close()
    return commit(con, prepared, user, progress, load_id=load_id)
