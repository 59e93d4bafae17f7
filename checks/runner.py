"""Runs a suite with great-expectations on a pandas frame and returns a report a person can act on.

great-expectations is imported only when a file is checked (it takes seconds to import), with its
analytics and progress bars off; a fresh ephemeral context per run, as a shared one is not
thread-safe.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import threading
import types
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from checks import worker
from checks.suites import Check
from checks import coding
from checks.coding import plain_cells

MAX_FAILURES_KEPT = 200  # per expectation: counts are always complete, listed rows are capped

GX_TYPES = {
    "column_exists": "ExpectColumnToExist",
    "not_null": "ExpectColumnValuesToNotBeNull",
    "match_regex": "ExpectColumnValuesToMatchRegex",
    "in_set": "ExpectColumnValuesToBeInSet",
    "between": "ExpectColumnValuesToBeBetween",
    "pair_a_ge_b": "ExpectColumnPairValuesAToBeGreaterThanB",
    "unique_compound": "ExpectCompoundColumnsToBeUnique",
    "unique": "ExpectColumnValuesToBeUnique",
}
# How each kind is run at scale (see _validate_checks): a value rule's outcome for a row depends only
# on that row's own values, so GX checks each distinct value (or pair) once; a key rule depends only
# on which rows are equal, so GX checks the key columns as integer codes; structure needs no rows.
VALUE_KINDS = {"not_null", "match_regex", "in_set", "between", "pair_a_ge_b"}
KEY_KINDS = {"unique", "unique_compound"}
STRUCTURE_KINDS = {"column_exists"}


@dataclass
class Failure:
    file: str
    row: int | None
    column: str | None
    value: Any
    rule: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        col = f", column '{self.column}'" if self.column else ""
        val = f", value {self.value!r}" if self.value is not None else ""
        return f"{self.file}: {where}{col}{val}: {self.rule}"


@dataclass
class ExpectationResult:
    expectation: str
    column: str | None
    rule: str
    success: bool
    unexpected_count: int
    failures: list[Failure] = field(default_factory=list)


@dataclass
class CheckReport:
    """The outcome of checking one file: per-expectation results and the failing cells."""

    file: str
    table: str
    rows: int
    results: list[ExpectationResult] = field(default_factory=list)
    file_errors: list[Failure] = field(default_factory=list)
    # Things worth a person's attention that do not stop the load (e.g. a plan timescale that
    # could not be read as dates): shown with the summary and kept in the load's report.
    warnings: list[Failure] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.file_errors and all(r.success for r in self.results)

    @property
    def failures(self) -> list[Failure]:
        found = list(self.file_errors)
        for r in self.results:
            found.extend(r.failures)
        return sorted(found, key=lambda f: (f.row is not None, f.row or 0, f.column or ""))

    @property
    def failure_count(self) -> int:
        return len(self.file_errors) + sum(r.unexpected_count or (0 if r.success else 1) for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "table": self.table,
            "rows": self.rows,
            "success": self.success,
            "failure_count": self.failure_count,
            "file_errors": [asdict(f) for f in self.file_errors],
            "results": [asdict(r) for r in self.results],
            "warnings": [asdict(w) for w in self.warnings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), default=str)

    def warning_lines(self, limit: int = 50) -> list[str]:
        """The warnings as the load summary shows them, one per line, at most `limit`."""
        if not self.warnings:
            return []
        lines = [f"  warning: {w}" for w in self.warnings[:limit]]
        if len(self.warnings) > limit:
            lines.append(f"  … and {len(self.warnings) - limit} more warning(s) (see the load's validation report)")
        return [f"{len(self.warnings)} warning(s); the file was still accepted:", *lines]

    def text(self, limit: int = 50) -> str:
        """The rejection message: one line per failing cell, most useful first."""
        if self.success:
            return "\n".join([f"{self.file}: {self.rows} rows passed {len(self.results)} checks",
                              *self.warning_lines(limit)])
        lines = [f"{self.file}: rejected, {self.failure_count} problem(s) found; nothing was written."]
        shown = self.failures[:limit]
        lines += [f"  {f}" for f in shown]
        hidden = self.failure_count - len(shown)
        if hidden > 0:
            lines.append(f"  … and {hidden} more (see the load's validation report)")
        return "\n".join(lines)


def file_error(file: str, rule: str, table: str) -> CheckReport:
    """A report for a file that could not even be read as a table."""
    return CheckReport(file=file, table=table, rows=0, file_errors=[Failure(file, None, None, None, rule)])


_preload_lock = threading.Lock()
_preloading: threading.Thread | None = None


def preload() -> None:
    """Start importing great-expectations in the background; `_gx` waits for it.

    The import takes seconds of pure Python; the load path calls this before reading a file, so
    the reading and normalising (mostly Arrow, pandas and DuckDB work outside the GIL) overlap it.
    """
    global _preloading
    if worker.current() is not None:  # the command line's checking process imports it instead
        return
    with _preload_lock:
        if _preloading is None and "great_expectations" not in sys.modules:
            _preloading = threading.Thread(target=_import_quietly, name="pidash-gx-import")
            _preloading.start()


def _import_quietly() -> None:
    try:
        _import_gx()
    except Exception:  # noqa: BLE001 - _gx() imports again in the caller's thread and raises there
        pass


# Modules great-expectations imports at start-up but pidash never uses: scipy.stats and altair serve
# only its distribution expectations and their charts. Deferring them (loaded on first real use, by
# anyone) cuts the import from about 4 s to under 2 s.
DEFERRED_IMPORTS = ("scipy.stats", "altair")
_deferred_lock = threading.RLock()


class _Deferred(types.ModuleType):
    """A module whose code runs when one of its attributes is first read.

    Like importlib's LazyLoader, except that reading the attributes the import system reads itself
    (`__spec__`, `__path__`, `__name__`) does not run it: with LazyLoader, GX's `import altair as alt`
    loaded altair at once (0.9 s).
    """

    def __getattr__(self, name: str):
        with _deferred_lock:
            if type(self) is _Deferred:
                self.__class__ = types.ModuleType
                self.__spec__.loader.exec_module(self)
        return getattr(self, name)


def _defer_unused_imports() -> None:
    import importlib.util

    for name in DEFERRED_IMPORTS:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            continue
        module = importlib.util.module_from_spec(spec)
        module.__class__ = _Deferred
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)


def _import_gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    if "great_expectations" not in sys.modules:
        _defer_unused_imports()
    import great_expectations as gx
    from great_expectations.execution_engine import pandas_execution_engine

    # GX fingerprints every batch under 1 GB by hashing each cell (twice per validation: almost all
    # of a validation's time on a large frame); the fingerprint is metadata pidash never reads.
    pandas_execution_engine.HASH_THRESHOLD = 0
    logging.captureWarnings(False)
    return gx


def _gx():
    preloading = _preloading
    if preloading is not None and preloading is not threading.current_thread():
        preloading.join()
    return _import_gx()


def _batch_definition():
    """A fresh ephemeral context (a shared one is not thread-safe) and its whole-frame batch definition."""
    gx = _gx()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "profilers": False, "metric_calculations": False}
    return (
        context.data_sources.add_pandas("pidash")
        .add_dataframe_asset("upload")
        .add_batch_definition_whole_dataframe("whole")
    )


@dataclass
class Outcome:
    """One expectation's result, reduced to what a report reads: plain data, so it can come back
    from the checking process (checks/worker.py)."""

    check: int  # the expectation's position in the checks it was run with
    success: bool
    result: dict
    exception_info: Any


Job = tuple[pd.DataFrame, list[Check]]


def _validate(frame: pd.DataFrame, checks: list[Check], batch_definition=None) -> list[Outcome]:
    """GX results for `checks` on `frame`; pass `batch_definition` to validate several frames in one context."""
    gx = _gx()
    batch_definition = batch_definition or _batch_definition()
    suite = gx.ExpectationSuite(name="pidash")
    for i, check in enumerate(checks):
        expectation_class = getattr(gx.expectations, GX_TYPES[check.kind])
        suite.add_expectation(expectation_class(**check.args, meta={"check": i}))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    outcome = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "partial_unexpected_count": 0},
    )
    return [Outcome(r.expectation_config.meta["check"], bool(r.success), dict(r.result or {}), r.exception_info)
            for r in outcome.results]


def validate_jobs(jobs: list[Job]) -> list[list[Outcome]]:
    """Each job's outcomes, all in one GX context: here, or in the checking process when the
    command line started one (checks/worker.py)."""
    running = worker.current()
    if running is not None:
        return running.validate(jobs)
    batch_definition = _batch_definition()
    return [_validate(frame, checks, batch_definition) for frame, checks in jobs]


def run_suite(frame: pd.DataFrame, checks: list[Check], file: str, table: str) -> CheckReport:
    """Check `frame` (indexed by file row number) against `checks`.

    Column-presence checks are reported first: if a required column is missing, row checks would
    only repeat that, so their results are left out. (All run in one go: one round trip when
    great-expectations runs in a process of its own.)
    """
    report = CheckReport(file=file, table=table, rows=len(frame))
    structural = [c for c in checks if c.kind == "column_exists"]
    row_checks = [c for c in checks if c.kind != "column_exists" and _columns_present(c, frame)]
    outcomes = {id(check): outcome for check, outcome in _validate_checks(frame, structural + row_checks)}
    for stage in (structural, row_checks):
        for check in stage:
            report.results.append(_result(check, outcomes[id(check)], frame, file))
        if not report.success:
            break
    return report


def _columns_present(check: Check, frame: pd.DataFrame) -> bool:
    if check.kind == "column_exists":
        return True
    return all(c in frame.columns for c in _check_columns(check))


def _check_columns(check: Check) -> list[str]:
    needed = [check.args[k] for k in ("column", "column_A", "column_B") if k in check.args]
    return needed + list(check.args.get("column_list", []))


Reader = Callable[[list[Outcome]], dict[int, Outcome]]  # a job's outcomes, keyed by id() of the check they answer


def _validate_checks(frame: pd.DataFrame, checks: list[Check]) -> list[tuple[Check, Outcome]]:
    """Run `checks` with GX on frames shaped for speed, giving the same outcome as on `frame` itself.

    A million-row return has a few thousand distinct values per column: GX checks each distinct
    value (or pair) once, padded into small frames, and the failing values are spread back to
    every row holding them, so the report still names each row, column and value, and counts rows.
    Uniqueness is checked on the key columns as integer codes (equal texts, equal codes; blanks
    stay blank), every key as one column of codes; column presence on the header alone. Anything else
    runs on the frame as given. tests/checks/test_distinct_values.py holds this to GX's own outcome
    on the whole frame, row for row.
    """
    value = [c for c in checks if c.kind in VALUE_KINDS and "mostly" not in c.args]
    key = [c for c in checks if c.kind in KEY_KINDS]
    structure = [c for c in checks if c.kind in STRUCTURE_KINDS]
    rest = [c for c in checks if c not in value and c not in key and c not in structure]
    distinct = _Distinct(frame)
    jobs: list[tuple[pd.DataFrame, list[Check], Reader]] = []
    if value:
        jobs += _distinct_jobs(distinct, value)
    if key:
        # each key (one column or several) as one column of codes: equal keys, equal codes
        codes = pd.DataFrame({f"key#{i}": distinct.key_codes(tuple(_check_columns(check)))
                              for i, check in enumerate(key)}, index=frame.index)
        on_codes = [Check("unique", c.rule, c.report, {"column": f"key#{i}"}) for i, c in enumerate(key)]
        jobs.append((codes, on_codes, _by_check(key)))
    if structure:
        jobs.append((frame.iloc[:0], structure, _by_check(structure)))
    if rest:
        jobs.append((frame, rest, _by_check(rest)))
    outcomes: dict[int, Outcome] = {}
    for (_, _, read), results in zip(jobs, validate_jobs([(job_frame, job_checks) for job_frame, job_checks, _ in jobs])):
        outcomes.update(read(results))
    return [(c, outcomes[id(c)]) for c in checks]


def _by_check(checks: list[Check]) -> Reader:
    return lambda results: {id(checks[r.check]): r for r in results}


class _Distinct:
    """The distinct values (or combinations) of a frame's columns, and each row's code for them."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._columns: dict[str, tuple[np.ndarray, pd.Series]] = {}
        self._combinations: dict[tuple[str, ...], tuple[np.ndarray, pd.DataFrame]] = {}

    def column(self, name: str) -> tuple[np.ndarray, pd.Series]:
        if name not in self._columns:
            column = self.frame[name]
            codes, values = pd.factorize(column, use_na_sentinel=False)  # on a Categorical: its codes
            self._columns[name] = codes, plain_cells(pd.Series(values, dtype=column.dtype))
        return self._columns[name]

    def _number(self, columns: tuple[str, ...]) -> np.ndarray:
        return coding.combined([(codes, len(values)) for codes, values in map(self.column, columns)])

    def rows(self, columns: tuple[str, ...]) -> tuple[np.ndarray, pd.DataFrame]:
        """Each row's code and the distinct combinations in code order."""
        if columns not in self._combinations:
            if len(columns) == 1:
                codes, values = self.column(columns[0])
                self._combinations[columns] = codes, values.to_frame(columns[0])
            else:
                codes, _ = pd.factorize(self._number(columns))
                first = coding.first_rows(codes)
                self._combinations[columns] = codes, pd.DataFrame(
                    {c: plain_cells(self.frame[c].iloc[first].reset_index(drop=True)) for c in columns})
        return self._combinations[columns]

    def key_codes(self, columns: tuple[str, ...]) -> np.ndarray:
        """Equal keys, equal codes, as floats: a key wholly blank is missing, which GX's uniqueness
        rules ignore, as ExpectCompoundColumnsToBeUnique ignores rows whose values are all missing."""
        codes = self._number(columns)
        blank = np.ones(len(codes), dtype=bool)
        for name in columns:
            column_codes, values = self.column(name)
            blank &= np.isin(column_codes, np.flatnonzero(values.isna().to_numpy()))
        return np.where(blank, np.nan, codes.astype("float64"))


PAD_LIMIT = 50_000  # rows a frame of distinct values may be padded to before a much smaller block gets its own


def _distinct_jobs(distinct: _Distinct, checks: list[Check]) -> list[tuple[pd.DataFrame, list[Check], Reader]]:
    """Value rules on each distinct value once; see _validate_checks.

    Blocks of distinct values share a frame (shorter ones padded by repeating their first value,
    which fails exactly when the first one does); a block far smaller than a large frame gets a
    frame of its own rather than being padded to it.
    """
    blocks = {tuple(_check_columns(c)): None for c in checks}
    blocks = {columns: distinct.rows(columns) for columns in blocks}
    groups: list[list[tuple[str, ...]]] = []
    for columns in sorted(blocks, key=lambda c: -len(blocks[c][1])):
        size = len(blocks[columns][1])
        if groups and (size * 8 >= len(blocks[groups[-1][0]][1]) or len(blocks[groups[-1][0]][1]) <= PAD_LIMIT):
            groups[-1].append(columns)
        else:
            groups.append([columns])
    jobs = []
    for group in groups:
        length = len(blocks[group[0]][1])
        padded: dict[str, pd.Series] = {}
        renamed: dict[tuple[str, ...], dict[str, str]] = {}
        for number, columns in enumerate(group):
            values = blocks[columns][1]
            positions = np.arange(length)
            positions[positions >= len(values)] = 0
            renamed[columns] = {}
            for column in columns:
                name = column if column not in padded else f"{column}#{number}"
                renamed[columns][column] = name
                padded[name] = values[column].take(positions).reset_index(drop=True)
        frame = pd.DataFrame(padded)
        frame.index.name = "position"
        mine = [c for c in checks if tuple(_check_columns(c)) in renamed]
        gx_checks = [_renamed(c, renamed[tuple(_check_columns(c))]) for c in mine]
        jobs.append((frame, gx_checks, _spreader(distinct, blocks, mine)))
    return jobs


def _spreader(distinct: _Distinct, blocks: dict, mine: list[Check]) -> Reader:
    """Reads a job of distinct values: each failing value spread back to every row that holds it."""
    def read(results: list[Outcome]) -> dict[int, Outcome]:
        outcomes = {}
        for result in results:
            check = mine[result.check]
            codes, values = blocks[tuple(_check_columns(check))]
            failing = [p["position"] if isinstance(p, dict) else p for p in result.result.get("unexpected_index_list") or []]
            failing = [p for p in failing if p < len(values)]
            rows = distinct.frame.index[np.isin(codes, failing)].tolist() if failing else []
            outcomes[id(check)] = Outcome(result.check, result.success,
                                          {"unexpected_count": len(rows), "unexpected_index_list": rows},
                                          result.exception_info)
        return outcomes

    return read


def _renamed(check: Check, names: dict[str, str]) -> Check:
    args = dict(check.args)
    for key in ("column", "column_A", "column_B"):
        if key in args:
            args[key] = names[args[key]]
    if "column_list" in args:
        args["column_list"] = [names[c] for c in args["column_list"]]
    return Check(check.kind, check.rule, check.report, args)


def _result(check: Check, result: Any, frame: pd.DataFrame, file: str) -> ExpectationResult:
    if result.exception_info and result.exception_info.get("raised_exception"):
        raise RuntimeError(f"check '{check.rule}' could not run: {result.exception_info.get('exception_message')}")
    info = result.result or {}
    rows = info.get("unexpected_index_list") or []
    count = int(info.get("unexpected_count") or (0 if result.success else len(rows)))
    if check.kind == "column_exists" and not result.success:
        found = ", ".join(repr(c) for c in frame.columns if not str(c).startswith("_"))
        failures = [Failure(file, None, check.report, None,
                            f"{check.rule}; the file has columns {found or 'none'}")]
        count = 1
    else:
        failures = [_failure(file, check, row, frame) for row in rows[:MAX_FAILURES_KEPT]]
    return ExpectationResult(
        expectation=GX_TYPES[check.kind],
        column=check.report,
        rule=check.rule,
        success=bool(result.success),
        unexpected_count=count,
        failures=failures,
    )


def _failure(file: str, check: Check, row: Any, frame: pd.DataFrame) -> Failure:
    if isinstance(row, dict):  # some expectations give {index name: label, column: value}
        row = row[frame.index.name]
    column = check.report
    value = None
    if column in frame.columns:
        value = frame.at[row, column]
        if isinstance(value, float) and value != value:
            value = None
    return Failure(file, int(row), column, value, check.rule)
