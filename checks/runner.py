"""Runs a table's suite on a frame with a checker and returns a report a person can act on."""
from __future__ import annotations

from typing import Any

import pandas as pd

from checks.distinct import check_columns, validate_many
from checks.gx import GX_TYPES, IN_PROCESS
from checks.report import CheckReport, ExpectationResult, Failure
from checks.suites import Check

MAX_FAILURES_KEPT = 200  # per expectation: counts are always complete, listed rows are capped


def run_suite(frame: pd.DataFrame, checks: list[Check], file: str, table: str, checker=IN_PROCESS) -> CheckReport:
    """Check `frame` (indexed by file row number) against `checks`.

    Column-presence checks are reported first: if a required column is missing, row checks would
    only repeat that, so their results are left out. (All run in one go: one round trip when
    great-expectations runs in a process of its own.) `checker`: where great-expectations runs
    (checks.gx.IN_PROCESS, or the command line's checks.worker.Worker).
    """
    return run_suites([(frame, checks, file, table)], checker)[0]


def run_suites(suites: list[tuple[pd.DataFrame, list[Check], str, str]], checker=IN_PROCESS) -> list[CheckReport]:
    """Each (frame, checks, file, table) checked as run_suite would, in one call of the checker:
    one great-expectations context for all of them (its fixed cost per context dominates small tables)."""
    staged = []
    for frame, checks, _, _ in suites:
        structural = [c for c in checks if c.kind == "column_exists"]
        row_checks = [c for c in checks if c.kind != "column_exists" and _columns_present(c, frame)]
        staged.append((structural, row_checks))
    answers = validate_many([(frame, s + r) for (frame, *_), (s, r) in zip(suites, staged)], checker)
    reports = []
    for (frame, _, file, table), (structural, row_checks), answer in zip(suites, staged, answers):
        outcomes = {id(check): outcome for check, outcome in answer}
        report = CheckReport(file=file, table=table, rows=len(frame))
        for stage in (structural, row_checks):
            for check in stage:
                report.results.append(_result(check, outcomes[id(check)], frame, file))
            if not report.success:
                break
        reports.append(report)
    return reports


def _columns_present(check: Check, frame: pd.DataFrame) -> bool:
    if check.kind == "column_exists":
        return True
    return all(c in frame.columns for c in check_columns(check))


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
