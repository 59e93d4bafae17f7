"""Checks shaped for speed: a million-row return has a few thousand distinct values per column,
so each value rule runs on the distinct values, each key rule on integer codes, giving the same
outcome as great-expectations on the whole frame (tests/checks/test_distinct_values.py); and the
checks of several frames (a case load's eight tables) are stacked, so that great-expectations runs
each kind of check once for all of them (tests/cases/test_case_speedups.py)."""
from __future__ import annotations

import json
from dataclasses import dataclass
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


def check_columns(check: Check) -> list[str]:
    needed = [check.args[k] for k in ("column", "column_A", "column_B") if k in check.args]
    return needed + list(check.args.get("column_list", []))


def validate_checks(frame: pd.DataFrame, checks: list[Check], checker) -> list[tuple[Check, Outcome]]:
    """Run `checks` with GX on frames shaped for speed, giving the same outcome as on `frame` itself."""
    return validate_many([(frame, checks)], checker)[0]


def validate_many(suites: list[tuple[pd.DataFrame, list[Check]]], checker) -> list[list[tuple[Check, Outcome]]]:
    """Each (frame, checks) suite run as validate_checks would, all in one call of the checker
    (one great-expectations context, one round trip): a case load checks eight tables at once.
    Returns each suite's (check, outcome) pairs, in order.

    Checks of the same kind and arguments are stacked: the values they judge, from every suite,
    are laid end to end in one column and GX runs the expectation once over that column (a case
    load's eight tables need eight value expectations, one uniqueness and the column presences,
    not 160); each suite's failing positions are read back from its own stretch of the column.
    GX's fixed cost per expectation, not the rows, is what small tables pay for.
    """
    stack = _Stack()
    for number, (frame, checks) in enumerate(suites):
        stack.add(number, frame, checks)
    jobs = stack.jobs()
    results = checker.validate([(job_frame, job_checks) for job_frame, job_checks, _ in jobs])
    outcomes: list[dict[int, Outcome]] = [{} for _ in suites]
    for (_, _, read), result in zip(jobs, results):
        for number, position, outcome in read(result):
            outcomes[number][position] = outcome
    return [[(check, outcomes[number][position]) for position, check in enumerate(checks)]
            for number, (_, checks) in enumerate(suites)]


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

    def nullness(self, name: str) -> tuple[np.ndarray, pd.DataFrame]:
        """Each row's code and one row of each kind the column holds, filled in or blank, for
        not_null: GX judges only whether a value is missing (pandas' isna), so the first filled-in
        value stands for every filled-in one. As plain Python objects, blank as None."""
        column = self.frame[name]
        blank = column.isna().to_numpy()
        firsts = sorted(int(i) for i in (*np.flatnonzero(~blank)[:1], *np.flatnonzero(blank)[:1]))
        codes = np.zeros(len(blank), dtype=np.int64)
        if len(firsts) == 2:
            codes[blank != blank[0]] = 1
        shown = np.array([None if blank[i] else column.iat[i] for i in firsts] or [], dtype=object)
        return codes, pd.Series(shown, dtype=object)

    def key_codes(self, columns: tuple[str, ...]) -> np.ndarray:
        """Equal keys, equal codes, as floats: a key wholly blank is missing, which GX's uniqueness
        rules ignore, as ExpectCompoundColumnsToBeUnique ignores rows whose values are all missing."""
        codes = self._number(columns)
        blank = np.ones(len(codes), dtype=bool)
        for name in columns:
            column_codes, values = self.column(name)
            blank &= np.isin(column_codes, np.flatnonzero(values.isna().to_numpy()))
        return np.where(blank, np.nan, codes.astype("float64"))


# rows a frame of distinct values may be padded to before a much smaller block gets its own: GX's
# cost per row is small, but a regex over 20,000 padded rows costs more than a validation of its own
PAD_LIMIT = 5_000
COLUMN_ARGS = ("column", "column_A", "column_B")

Read = Callable[[list[Outcome]], list[tuple[int, int, Outcome]]]  # GX's outcomes → (suite, check, outcome)


@dataclass
class _Segment:
    """One check's stretch of a stacked column: the values it judges, and how to find its rows."""

    suite: int
    position: int  # the check's position in its suite
    values: dict[str, pd.Series]  # the values judged, by column argument ("column", "column_A" …), positions 0…n-1
    codes: np.ndarray | None  # value checks: each row's position in `values`; keys: None (one value per row)
    index: pd.Index  # the suite frame's row labels
    start: int = 0  # where `values` starts in the stacked column

    def __len__(self) -> int:
        return len(next(iter(self.values.values())))


class _Stack:
    """Every suite's checks, stacked: the GX jobs to run, and how to read their outcomes back.

    How each kind is shaped (tests/checks/test_distinct_values.py holds it to GX's own outcome on
    the whole frame, row for row): a value rule runs on each distinct value (or pair) of its
    columns once, and the failing values are spread back to every row holding them, so the report
    still names each row, column and value, and counts rows; checks of the same kind, arguments
    and column types share one expectation over their values laid end to end. Uniqueness runs on
    the key columns as integer codes (equal texts, equal codes; blanks stay blank), every key of
    every suite as one column of codes, each key numbered apart from the others. Column presence
    is judged on the headers alone, every suite's in one frame with no rows. Anything else
    (a rule with `mostly`, or of another kind) runs on its suite's frame as given.
    """

    def __init__(self) -> None:
        self.values: dict[tuple, list[_Segment]] = {}
        self.keys: list[_Segment] = []
        self.structure: list[tuple[int, int, Check, pd.Index]] = []
        self.rest: list[tuple[int, pd.DataFrame, list[tuple[int, Check]]]] = []
        self._checks: dict[int, list[Check]] = {}

    def add(self, number: int, frame: pd.DataFrame, checks: list[Check]) -> None:
        self._checks[number] = checks
        distinct = _Distinct(frame)
        rest = []
        for position, check in enumerate(checks):
            if check.kind in VALUE_KINDS and "mostly" not in check.args:
                columns = tuple(check_columns(check))
                if check.kind == "not_null":
                    codes, only = distinct.nullness(columns[0])
                    parts = [only]
                elif len(columns) == 1:
                    codes, only = distinct.column(columns[0])
                    parts = [only]
                else:
                    codes, rows = distinct.rows(columns)
                    parts = [rows.iloc[:, i] for i in range(len(columns))]
                values = {key: _as_objects(part) for key, part in zip([k for k in COLUMN_ARGS if k in check.args], parts)}
                self.values.setdefault(_signature(check, values), []).append(
                    _Segment(number, position, values, codes, frame.index))
            elif check.kind in KEY_KINDS:
                codes = distinct.key_codes(tuple(check_columns(check)))
                self.keys.append(_Segment(number, position, {"column": pd.Series(codes)}, None, frame.index))
            elif check.kind in STRUCTURE_KINDS and set(check.args) == {"column"}:
                self.structure.append((number, position, check, frame.columns))
            else:
                rest.append((position, check))
        if rest:
            self.rest.append((number, frame, rest))

    def jobs(self) -> list[tuple[pd.DataFrame, list[Check], Read]]:
        jobs = self._value_jobs()
        if self.keys:
            jobs.append(self._key_job())
        if self.structure:
            jobs.append(self._structure_job())
        for number, frame, checks in self.rest:
            jobs.append((frame, [c for _, c in checks], _as_given(number, [p for p, _ in checks])))
        return jobs

    def _value_jobs(self) -> list[tuple[pd.DataFrame, list[Check], Read]]:
        """One stacked column (or pair) per signature; columns of similar length share a frame,
        the shorter padded by repeating their first value (which fails exactly when it does,
        and lies beyond every segment, so it is never read back)."""
        stacked = []
        for number, segments in enumerate(self.values.values()):
            start = 0
            for segment in segments:
                segment.start, start = start, start + len(segment)
            columns = {key: pd.concat([s.values[key] for s in segments], ignore_index=True)
                       for key in segments[0].values}
            stacked.append((number, segments, columns, start))
        groups: list[list[tuple]] = []
        for entry in sorted(stacked, key=lambda e: -e[3]):
            if groups and (entry[3] * 8 >= groups[-1][0][3] or groups[-1][0][3] <= PAD_LIMIT):
                groups[-1].append(entry)
            else:
                groups.append([entry])
        jobs = []
        for group in groups:
            length = group[0][3]
            padded: dict[str, pd.Series] = {}
            checks, readers = [], []
            for number, segments, columns, size in group:
                positions = np.arange(length)
                positions[positions >= size] = 0
                names = {}
                for key, column in columns.items():
                    names[key] = f"v{number}.{key}"
                    padded[names[key]] = (column.take(positions).reset_index(drop=True) if size
                                          else pd.Series([None] * length, dtype=column.dtype))
                first = segments[0]
                template = self._check(first)
                checks.append(Check(template.kind, template.rule, template.report, {**template.args, **names}))
                readers.append((segments, size))
            frame = pd.DataFrame(padded, index=pd.RangeIndex(length, name="position"))
            jobs.append((frame, checks, _spread_values(readers)))
        return jobs

    def _check(self, segment: _Segment) -> Check:
        return self._checks[segment.suite][segment.position]

    def _key_job(self) -> tuple[pd.DataFrame, list[Check], Read]:
        """Every key of every suite as one column of codes: each key's codes renumbered from where
        the last one's ended, so equal codes are equal keys of the same check (blank stays blank)."""
        if len(self.keys) == 1:
            column = self.keys[0].values["column"].to_numpy()
        else:
            parts, start = [], 0
            for segment in self.keys:
                codes, distinct = pd.factorize(segment.values["column"].to_numpy())
                parts.append(np.where(codes < 0, np.nan, codes.astype("float64") + start))
                start += len(distinct)
            column = np.concatenate(parts)
        start = 0
        for segment in self.keys:
            segment.start, start = start, start + len(segment)
        frame = pd.DataFrame({"key": column}, index=pd.RangeIndex(len(column), name="position"))
        first = self._check(self.keys[0])
        return frame, [Check("unique", first.rule, first.report, {"column": "key"})], _spread_keys(self.keys)

    def _structure_job(self) -> tuple[pd.DataFrame, list[Check], Read]:
        """Every suite's column presences as one expectation on one header (a suite's columns named
        `s<suite>.<column>`): the header must include every required column (GX's
        ExpectTableColumnsToMatchSet, not exact), and each presence is read from the columns it
        names missing. One expectation, not one per column: GX's cost is per expectation."""
        header = list(dict.fromkeys(f"s{number}.{c}" for number, _, _, columns in self.structure for c in columns))
        wanted = [f"s{number}.{c.args['column']}" for number, _, c, _ in self.structure]
        checks = [Check("columns_present", "required columns must be present", None,
                        {"column_set": list(dict.fromkeys(wanted)), "exact_match": False})]

        def read(results: list[Outcome]) -> list[tuple[int, int, Outcome]]:
            [found] = results
            mismatched = ((found.result or {}).get("details") or {}).get("mismatched") or {}
            missing = set() if found.success else set(mismatched.get("missing") or [])
            raised = bool((found.exception_info or {}).get("raised_exception"))
            return [(number, position, Outcome(position, not raised and name not in missing, {}, found.exception_info))
                    for (number, position, _, _), name in zip(self.structure, wanted)]

        return pd.DataFrame(columns=header), checks, read


def _as_objects(values: pd.Series) -> pd.Series:
    """Texts (pandas' str or string dtype) as Python strings, None for blank: what a column of them
    holds once stacked with plain object columns of texts, so both share one expectation."""
    if not isinstance(values.dtype, pd.StringDtype):
        return values
    plain = values.astype(object)
    return plain.where(plain.notna(), None)


def _signature(check: Check, values: dict[str, pd.Series]) -> tuple:
    """Checks with the same signature judge their values alike and can share one expectation."""
    others = {k: v for k, v in check.args.items() if k not in COLUMN_ARGS}
    return (check.kind, json.dumps(others, sort_keys=True, default=repr),
            tuple((key, str(column.dtype)) for key, column in values.items()))


def _failing_positions(result: Outcome) -> np.ndarray:
    listed = result.result.get("unexpected_index_list") or []
    return np.sort(np.array([p["position"] if isinstance(p, dict) else p for p in listed], dtype=np.int64))


def _stretch(failing: np.ndarray, segment: _Segment) -> np.ndarray:
    """The failing positions within a segment, counted from its start."""
    low, high = np.searchsorted(failing, [segment.start, segment.start + len(segment)])
    return failing[low:high] - segment.start


def _outcome(segment: _Segment, result: Outcome, rows: list) -> tuple[int, int, Outcome]:
    raised = bool(result.exception_info and result.exception_info.get("raised_exception"))
    return segment.suite, segment.position, Outcome(
        segment.position, result.success if raised else not rows,
        {"unexpected_count": len(rows), "unexpected_index_list": rows}, result.exception_info)


def _spread_values(readers: list[tuple[list[_Segment], int]]) -> Read:
    """Reads a frame of stacked distinct values: each segment's failing values spread back to
    every row of its suite that holds them."""
    def read(results: list[Outcome]) -> list[tuple[int, int, Outcome]]:
        answers = []
        for result in results:
            segments, _ = readers[result.check]
            failing = _failing_positions(result)
            for segment in segments:
                mine = _stretch(failing, segment)
                rows = segment.index[np.isin(segment.codes, mine)].tolist() if len(mine) else []
                answers.append(_outcome(segment, result, rows))
        return answers

    return read


def _spread_keys(segments: list[_Segment]) -> Read:
    def read(results: list[Outcome]) -> list[tuple[int, int, Outcome]]:
        failing = _failing_positions(results[0])
        return [_outcome(s, results[0], s.index[_stretch(failing, s)].tolist()) for s in segments]

    return read


def _as_given(number: int, positions: list[int]) -> Read:
    return lambda results: [(number, positions[r.check], Outcome(positions[r.check], r.success, r.result,
                                                                 r.exception_info)) for r in results]
