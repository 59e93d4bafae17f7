"""Checks shaped for speed: a million-row return has a few thousand distinct values per column,
so each value rule runs on the distinct values, each key rule on integer codes, giving the same
outcome as great-expectations on the whole frame (tests/checks/test_distinct_values.py)."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from checks import coding
from checks.coding import plain_cells
from checks.gx import Outcome
from checks.suites import Check

# How each kind is run at scale (see validate_checks): a value rule's outcome for a row depends only
# on that row's own values, so GX checks each distinct value (or pair) once; a key rule depends only
# on which rows are equal, so GX checks the key columns as integer codes; structure needs no rows.
VALUE_KINDS = {"not_null", "match_regex", "in_set", "between", "pair_a_ge_b"}
KEY_KINDS = {"unique", "unique_compound"}
STRUCTURE_KINDS = {"column_exists"}


Reader = Callable[[list[Outcome]], dict[int, Outcome]]  # a job's outcomes, keyed by id() of the check they answer


def check_columns(check: Check) -> list[str]:
    needed = [check.args[k] for k in ("column", "column_A", "column_B") if k in check.args]
    return needed + list(check.args.get("column_list", []))


def validate_checks(frame: pd.DataFrame, checks: list[Check], checker) -> list[tuple[Check, Outcome]]:
    """Run `checks` with GX on frames shaped for speed, giving the same outcome as on `frame` itself."""
    return validate_many([(frame, checks)], checker)[0]


def validate_many(suites: list[tuple[pd.DataFrame, list[Check]]], checker) -> list[list[tuple[Check, Outcome]]]:
    """Each (frame, checks) suite run as validate_checks would, all in one call of the checker
    (one great-expectations context, one round trip): a case load checks eight tables at once.
    Returns each suite's (check, outcome) pairs, in order."""
    shaped = [_jobs(frame, checks) for frame, checks in suites]
    flat = [job for jobs in shaped for job in jobs]
    results = iter(checker.validate([(job_frame, job_checks) for job_frame, job_checks, _ in flat]))
    answers = []
    for (_, checks), jobs in zip(suites, shaped):
        outcomes: dict[int, Outcome] = {}
        for _, _, read in jobs:
            outcomes.update(read(next(results)))
        answers.append([(c, outcomes[id(c)]) for c in checks])
    return answers


def _jobs(frame: pd.DataFrame, checks: list[Check]) -> list[tuple[pd.DataFrame, list[Check], Reader]]:
    """The frames GX checks for `checks` on `frame`, each with the reader of its results.

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
        codes = pd.DataFrame({f"key#{i}": distinct.key_codes(tuple(check_columns(check)))
                              for i, check in enumerate(key)}, index=frame.index)
        on_codes = [Check("unique", c.rule, c.report, {"column": f"key#{i}"}) for i, c in enumerate(key)]
        jobs.append((codes, on_codes, _by_check(key)))
    if structure:
        jobs.append((frame.iloc[:0], structure, _by_check(structure)))
    if rest:
        jobs.append((frame, rest, _by_check(rest)))
    return jobs


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
    blocks = {tuple(check_columns(c)): None for c in checks}
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
        mine = [c for c in checks if tuple(check_columns(c)) in renamed]
        gx_checks = [_renamed(c, renamed[tuple(check_columns(c))]) for c in mine]
        jobs.append((frame, gx_checks, _spreader(distinct, blocks, mine)))
    return jobs


def _spreader(distinct: _Distinct, blocks: dict, mine: list[Check]) -> Reader:
    """Reads a job of distinct values: each failing value spread back to every row that holds it."""
    def read(results: list[Outcome]) -> dict[int, Outcome]:
        outcomes = {}
        for result in results:
            check = mine[result.check]
            codes, values = blocks[tuple(check_columns(check))]
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
