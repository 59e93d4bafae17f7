"""Runs a suite with great-expectations on a pandas frame and returns a report a person can act on.

great-expectations is imported only when a file is checked (it takes seconds to import), with its
analytics and progress bars off; a fresh ephemeral context per run, as a shared one is not
thread-safe.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from checks.suites import Check

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
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), default=str)

    def text(self, limit: int = 50) -> str:
        """The rejection message: one line per failing cell, most useful first."""
        if self.success:
            return f"{self.file}: {self.rows} rows passed {len(self.results)} checks"
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


def _gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx

    logging.captureWarnings(False)
    return gx


def _validate(frame: pd.DataFrame, checks: list[Check]) -> list[Any]:
    gx = _gx()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "profilers": False, "metric_calculations": False}
    batch_definition = (
        context.data_sources.add_pandas("pidash")
        .add_dataframe_asset("upload")
        .add_batch_definition_whole_dataframe("whole")
    )
    suite = gx.ExpectationSuite(name="pidash")
    for i, check in enumerate(checks):
        expectation_class = getattr(gx.expectations, GX_TYPES[check.kind])
        suite.add_expectation(expectation_class(**check.args, meta={"check": i}))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    outcome = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "partial_unexpected_count": 0},
    )
    return outcome.results


def run_suite(frame: pd.DataFrame, checks: list[Check], file: str, table: str) -> CheckReport:
    """Check `frame` (indexed by file row number) against `checks`.

    Column-presence checks run first: if a required column is missing, row checks would only
    repeat that, so they are skipped.
    """
    report = CheckReport(file=file, table=table, rows=len(frame))
    structural = [c for c in checks if c.kind == "column_exists"]
    row_checks = [c for c in checks if c.kind != "column_exists"]
    for stage in (structural, row_checks):
        usable = [c for c in stage if _columns_present(c, frame)]
        if not usable:
            continue
        results = _validate(frame, usable)
        for result in results:
            check = usable[result.expectation_config.meta["check"]]
            report.results.append(_result(check, result, frame, file))
        if not report.success:
            break
    return report


def _columns_present(check: Check, frame: pd.DataFrame) -> bool:
    if check.kind == "column_exists":
        return True
    needed = [check.args[k] for k in ("column", "column_A", "column_B") if k in check.args]
    needed += check.args.get("column_list", [])
    return all(c in frame.columns for c in needed)


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
