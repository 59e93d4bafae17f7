"""Case records: read → normalise (pseudonymise, drop what identifies a child) → check → write,
then the indicators computed from them loaded as a derived returns load.

A case load is a folder of files named after the Standard Safeguarding Dataset's tables
(`ssd_person.csv`, `ssd_cin_assessments.xlsx`, …) or one XLSX workbook with a sheet per table;
files or sheets with other names are ignored and listed in the report, and a table not supplied
is empty (the indicators that need it are not computed). Only the columns in checks/case_suites.py
are kept: any other (names, addresses, postcodes, NHS number, UPN …) is dropped as it is read and
never stored, and the report names the columns dropped. Person ids are replaced by pseudonymous
ids (loads/pseudonym.py) before any check runs, and a date of birth is kept as its month.

Each table is checked by its suite (great-expectations, checks/case_suites.py) and the whole load
by the cross-table rules (checks/case_rules.py). An error anywhere rejects the load: only its load
row and check results are written, as for any rejected file. An accepted load writes every row in
one transaction with its load row (kind "cases", its files' sha256 in the report), and in the same
transaction the monthly returns of every indicator in data/computed/ for every whole month the
records cover, loaded through the returns path as a load derived from it (load.derived_from), with
its provenance (case load, files' sha256, definition versions and their queries' sha256) in its
report. A later case load for the same organisation is a new version: earlier rows are kept, and
the figures and records behind them come from the latest accepted case load.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np
import pandas as pd

from checks.case_rules import RULES, Finding, run_rules
from checks.case_suites import CASE_SPECS, CASE_TABLES, DEFAULT_ASSESSMENT_KIND, CaseTable
from checks.gx import IN_PROCESS
from checks.report import CheckReport, ExpectationResult, Failure
from checks.runner import MAX_FAILURES_KEPT, run_suites
from checks.suites import ISO_DATE, exists
from data import case_queries, store
from indicators.case_indicators import CASE_INDICATORS, covered_months, monthly_counts, version_months
from loads import pseudonym
from loads.files import FileProblem, read_table, sha256, sheet_names
from loads.pipeline import LoadOutcome, known_values, prepare_frame, record_load, write_accepted
from loads.writers import Counts
from vocab import LoadStatus, OrgKind
from vocab.cases import Severity

KIND = case_queries.CASE_LOAD_KIND
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
FLAG_WORDS = {"Y": "Y", "YES": "Y", "TRUE": "Y", "1": "Y", "N": "N", "NO": "N", "FALSE": "N", "0": "N"}
HIDDEN_DATE = "(not shown)"

Progress = Callable[[float, str], None]


def _quiet(fraction: float, message: str) -> None:
    """The default progress callback: say nothing."""


class CaseLoadError(Exception):
    """The case load cannot go ahead (no such folder or workbook, or a computed figure failed its
    checks, which is a bug); nothing was written."""


@dataclass
class CaseFile:
    """One table's file (or sheet) in a case load."""

    table: str
    file_name: str  # as the report names it: "ssd_person.csv", or "cases.xlsx, sheet ssd_person"
    sha256: str
    rows: int = 0
    dropped: list[str] = field(default_factory=list)  # columns read and not kept (never stored)


@dataclass
class PreparedCases:
    """A case load read, normalised and checked, not yet written."""

    source: str  # the folder's or workbook's name
    org: str | None
    sha256: str
    files: list[CaseFile]
    ignored: list[str]
    frames: dict[str, pd.DataFrame]  # every case table, normalised (empty where not supplied)
    report: CheckReport
    findings: list[Finding] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.report.success

    @property
    def supplied(self) -> list[str]:
        return [f.table for f in self.files]

    @property
    def missing(self) -> list[str]:
        return [t for t in CASE_TABLES if t not in self.supplied]

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def queries(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.QUERY]

    def extra(self) -> dict:
        """What a case load's report keeps beside its checks (no child's identifiers: rows and
        pseudonymous ids only)."""
        return {
            "org": self.org,
            "files": [{"table": f.table, "file": f.file_name, "sha256": f.sha256, "rows": f.rows} for f in self.files],
            "dropped_columns": {f.table: f.dropped for f in self.files if f.dropped},
            "ignored_files": self.ignored,
            "tables_not_supplied": self.missing,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class CaseOutcome:
    load_id: int
    status: LoadStatus
    prepared: PreparedCases
    derived: LoadOutcome | None = None
    computed: list[dict] = field(default_factory=list)  # indicator, version, query, first_month, last_month
    not_computed: list[dict] = field(default_factory=list)  # indicator, reason

    def summary(self) -> str:
        p = self.prepared
        if self.status == LoadStatus.REJECTED:
            return "\n".join([p.report.text(), *_finding_lines(p.queries), f"Recorded as rejected load {self.load_id}."])
        lines = [f"{p.source}: accepted as case load {self.load_id} for {p.org}: "
                 + ", ".join(f"{f.table} {f.rows:,} rows" for f in p.files)]
        for f in p.files:
            if f.dropped:
                lines.append(f"  {f.file_name}: columns dropped, never stored: {', '.join(f.dropped)}")
        if p.ignored:
            lines.append(f"  ignored (not case tables): {', '.join(p.ignored)}")
        if p.missing:
            lines.append(f"  not supplied: {', '.join(p.missing)}")
        lines += _finding_lines(p.queries)
        if self.derived is not None:
            c = self.derived.counts
            lines.append(f"Computed returns: load {self.derived.load_id}, derived from case load {self.load_id}: "
                         f"{self.derived.rows} rows ({c.new} new, {c.restated} restated, {c.unchanged} unchanged)")
            lines += [f"  {d['indicator']} definition v{d['version']}: {d['first_month']} to {d['last_month']}"
                      for d in self.computed]
        else:
            lines.append("No returns computed.")
        lines += [f"  {d['indicator']} not computed: {d['reason']}" for d in self.not_computed]
        return "\n".join(lines)


def _finding_lines(queries: list[Finding], limit: int = 50) -> list[str]:
    if not queries:
        return []
    lines = [f"{len(queries)} quer{'y' if len(queries) == 1 else 'ies'} to look at (they do not stop the load):"]
    lines += [f"  query: {q}" for q in queries[:limit]]
    if len(queries) > limit:
        lines.append(f"  … and {len(queries) - limit} more (see the load's report)")
    return lines


# --- reading ---------------------------------------------------------------------------------

@dataclass
class _Source:
    name: str
    sha256: str
    tables: dict[str, tuple[CaseFile, pd.DataFrame]]
    ignored: list[str]
    problems: list[Failure]


def read_source(path: str | Path) -> _Source:
    """A case load's tables as text cells, from a folder of files or one workbook."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.is_file():
        if path.suffix.lower() not in WORKBOOK_SUFFIXES:
            raise CaseLoadError(f"{path} is neither a folder nor an XLSX workbook; a case load is a folder of files "
                                "named after the tables (ssd_person.csv …) or one workbook with a sheet per table")
        return _read_workbook(path)
    raise CaseLoadError(f"no such folder or workbook: {path}")


def _read_folder(folder: Path) -> _Source:
    tables: dict[str, tuple[CaseFile, pd.DataFrame]] = {}
    ignored, problems, digests = [], [], []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
        table = entry.stem.lower()
        if not entry.is_file() or table not in CASE_TABLES or entry.suffix.lower() not in TABLE_SUFFIXES:
            ignored.append(entry.name + ("/" if entry.is_dir() else ""))
            continue
        content = entry.read_bytes()
        digest = sha256(content)
        digests.append(f"{entry.name} {digest}")
        if table in tables:
            problems.append(Failure(entry.name, None, None, None,
                                    f"two files hold {table} ({tables[table][0].file_name} and {entry.name}); keep one"))
            continue
        try:
            raw = read_table(content, entry.name, allow_empty=True)
        except FileProblem as problem:
            problems.append(Failure(entry.name, None, None, None, str(problem)))
            continue
        tables[table] = (CaseFile(table, entry.name, digest), raw)
    # a folder's sha256: of its table files' names and sha256 (each also in the report)
    overall = hashlib.sha256("\n".join(digests).encode("utf-8")).hexdigest()
    return _Source(folder.name + "/", overall, tables, ignored, problems)


def _read_workbook(book: Path) -> _Source:
    content = book.read_bytes()
    digest = sha256(content)
    tables: dict[str, tuple[CaseFile, pd.DataFrame]] = {}
    ignored, problems = [], []
    try:
        names = sheet_names(content)
    except FileProblem as problem:
        return _Source(book.name, digest, {}, [], [Failure(book.name, None, None, None, str(problem))])
    for name in names:
        table = name.strip().lower()
        label = f"{book.name}, sheet {name}"
        if table not in CASE_TABLES:
            ignored.append(f"sheet {name}")
            continue
        if table in tables:
            problems.append(Failure(label, None, None, None, f"two sheets hold {table}; keep one"))
            continue
        try:
            raw = read_table(content, book.name, sheet=name, allow_empty=True)
        except FileProblem as problem:
            problems.append(Failure(label, None, None, None, str(problem)))
            continue
        tables[table] = (CaseFile(table, label, digest), raw)
    return _Source(book.name, digest, tables, ignored, problems)


# --- normalising -----------------------------------------------------------------------------

def normalise_table(raw: pd.DataFrame, table: CaseTable, key: bytes, org: str,
                    pseudonymise: Callable[[pd.Series], pd.Series] | None = None,
                    ) -> tuple[pd.DataFrame, list[str], list[str]]:
    """A table's text cells as the checks and writer read them: (frame, columns dropped, required
    columns missing). Columns not kept are dropped first; person ids become pseudonymous ids; a
    date of birth is shown as its month; each date gets `_c_shape`, `_c_exists` and `_c_days`,
    each id and short text `_c_length`; flags read as Y or N; an assessment's kind defaults to single.

    Each column is worked out once per distinct text and spread back to the rows (a national
    authority's 60,000 referrals hold a few thousand dates). `pseudonymise`: the load's
    `Pseudonyms` (each id's pseudonymous id made once for all its tables); by default this
    table's own."""
    kept = [c for c in raw.columns if c in table.columns]
    dropped = [c for c in raw.columns if c not in table.columns]
    missing = [c for c in table.required if c not in kept]
    blank = pd.Series(np.full(len(raw), None, dtype=object), index=raw.index)
    columns: dict[str, pd.Series] = {c: raw[c] if c in kept else blank for c in table.columns}
    helpers: dict[str, pd.Series] = {}
    if table.name == "ssd_cin_assessments":
        columns["cina_assessment_kind"] = _per_distinct(columns["cina_assessment_kind"],
                                                        lambda t: t.str.strip().str.lower(), DEFAULT_ASSESSMENT_KIND)
    for column in table.flags:
        columns[column] = _per_distinct(columns[column], lambda t: t.str.strip().str.upper().map(
            lambda word: FLAG_WORDS.get(word, word) if isinstance(word, str) else None), pd.NA)
    for column in (*table.people, *table.ids, *table.texts):
        helpers[f"_{column}_length"] = _per_distinct(columns[column], lambda t: t.str.len(), np.nan, "float64")
    for column in table.dates:
        shape, exists_, days_, month = _date_helpers(columns[column], column in table.month_only)
        helpers[f"_{column}_shape"], helpers[f"_{column}_exists"], helpers[f"_{column}_days"] = shape, exists_, days_
        if month is not None:  # shown in any report as its month only, never the day
            columns[column] = month
    pseudonymise = pseudonymise or Pseudonyms(key, org)
    for column in table.people:
        columns[column] = pseudonymise(columns[column])
    frame = pd.DataFrame({**columns, **helpers}, index=raw.index)
    return frame, dropped, missing


def _per_distinct(cells: pd.Series, compute: Callable[[pd.Series], pd.Series], blank=None,
                  dtype: str = "object") -> pd.Series:
    """`compute` (element-wise, on the distinct non-blank cells as pandas strings) spread back to
    every row; `blank` where a cell is blank or `compute` gives a missing value."""
    codes, distinct = pd.factorize(cells)
    worked = compute(pd.Series(distinct, dtype="string")).astype(dtype)
    values = np.append(worked.where(worked.notna(), blank).to_numpy(dtype=dtype), np.array([blank], dtype=dtype))
    return pd.Series(values.take(np.where(codes < 0, len(distinct), codes)), index=cells.index, dtype=dtype)


def _date_helpers(cells: pd.Series, month_only: bool) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series | None]:
    """A date column's `_c_shape`, `_c_exists` (checks.suites.date_exists) and `_c_days`
    (loads.normalise.days), and for a date of birth the column as its month: worked out once per
    distinct text, from one parse. tests/cases/test_case_speedups.py holds them to those functions."""
    codes, distinct = pd.factorize(cells)
    text = pd.Series(distinct, dtype="string")
    shaped = text.str.fullmatch(ISO_DATE).fillna(False).to_numpy(dtype=bool)
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    days_ = (parsed - pd.Timestamp("1970-01-01")).dt.days.astype("float64").to_numpy()
    shape = np.where(shaped, "yes", "no").astype(object)
    exists_ = np.where(shaped & parsed.isna().to_numpy(), "no", None).astype(object)
    month = (np.where(shaped, (text.str.slice(0, 7) + "-**").astype(object).to_numpy(), HIDDEN_DATE).astype(object)
             if month_only else None)
    at = np.where(codes < 0, len(distinct), codes)  # a blank cell: the value after the distinct ones

    def spread(values: np.ndarray, missing, dtype) -> pd.Series:  # dtype None: as pandas infers it
        return pd.Series(np.append(values, np.array([missing], dtype=values.dtype)).take(at), index=cells.index,
                         dtype=dtype)

    return (spread(shape, None, None), spread(exists_, None, object), spread(days_, np.nan, "float64"),
            None if month is None else spread(month, None, None))


class Pseudonyms:
    """One load's pseudonymous ids (loads.pseudonym.pseudonyms), each person id's made once however
    many of the load's tables name it."""

    def __init__(self, key: bytes, org: str):
        self.key, self.org = key, org
        self.known: dict = {}

    def __call__(self, ids: pd.Series) -> pd.Series:
        codes, distinct = pd.factorize(ids)
        new = [value for value in distinct if value not in self.known]
        if new:
            self.known.update(zip(new, pseudonym.pseudonyms(self.key, self.org, pd.Series(new, dtype=object))))
        made = np.array([self.known[value] for value in distinct] + [None], dtype=object)
        return pd.Series(made.take(np.where(codes < 0, len(distinct), codes)), index=ids.index, dtype=object)


def typed(frame: pd.DataFrame, table: CaseTable, org: str, load_id: int) -> pd.DataFrame:
    """The rows as the store keeps them: the table's columns with `org` and `load_id`, dates as
    dates (a date of birth as its month's first day)."""
    out = pd.DataFrame({"org": org, "load_id": load_id}, index=frame.index)
    for column in table.columns:
        if column in table.dates:
            stamps = pd.to_datetime(frame[f"_{column}_days"], unit="D", errors="coerce")
            if column in table.month_only:
                stamps = stamps.dt.to_period("M").dt.start_time
            out[column] = stamps.astype("datetime64[us]")
        else:
            out[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return out.reset_index(drop=True)


def empty_frames(key: bytes, org: str) -> dict[str, pd.DataFrame]:
    """Every case table with no rows, normalised (what a table not supplied is)."""
    return {name: _empty_frame(name).copy() for name in CASE_TABLES}


@functools.cache
def _empty_frame(name: str) -> pd.DataFrame:
    """A case table with no rows, normalised (no ids, so no key or organisation comes into it)."""
    table = CASE_TABLES[name]
    raw = pd.DataFrame({c: pd.Series([], dtype=object) for c in table.columns}, index=pd.Index([], name="row"))
    return normalise_table(raw, table, b"", "")[0]


# --- checking --------------------------------------------------------------------------------

def prepare_cases(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    org: str | None = None,
    progress: Progress = _quiet,
    checker=IN_PROCESS,
) -> PreparedCases:
    """Read, normalise and check a case load; nothing is written. `org`: whose records they are
    (default: the home organisation). Raises CaseLoadError when the path is no case load at all,
    pseudonym.KeyProblem when the pseudonymisation key cannot be had."""
    checker.preload()
    progress(0.05, f"Reading {Path(path).name}")
    source = read_source(path)
    known = known_values(con)
    org = (org or known["home_org"] or "").strip() or None
    report = CheckReport(file=source.name, table=KIND, rows=0, file_errors=list(source.problems))
    key = pseudonym.load_key(con, create=True)
    frames = empty_frames(key, org or "")
    pseudonymise = Pseudonyms(key, org or "")  # each child's id made once for all the tables naming them
    files: list[CaseFile] = []
    if org is None:
        report.file_errors.append(Failure(source.name, None, None, None,
                                          "no organisation: give --org CODE, or set the home organisation (pidash init --home)"))
    elif org not in known["organisations"] or case_queries.organisation_kind(con, org) != OrgKind.LOCAL_AUTHORITY:
        report.file_errors.append(Failure(source.name, None, None, None,
                                          f"{org!r} is not a local authority known to pidash (load it as an organisation first)"))
    if "ssd_person" not in source.tables and not source.problems:
        report.file_errors.append(Failure(source.name, None, None, None,
                                          "a case load must include ssd_person (the children the other tables name)"))
    if not report.file_errors:
        checks_by_table = {}
        in_order = [(name, source.tables[name]) for name in CASE_TABLES if name in source.tables]
        for number, (name, (case_file, raw)) in enumerate(in_order):
            progress(0.1 + 0.3 * number / max(1, len(source.tables)), f"Checking {case_file.file_name}")
            frame, dropped, missing = normalise_table(raw, CASE_TABLES[name], key, org, pseudonymise)
            case_file.rows, case_file.dropped = len(frame), dropped
            frames[name] = frame
            files.append(case_file)
            spec = CASE_SPECS[name]
            checks_by_table[name] = (frame.drop(columns=missing), [*exists(*spec.required), *spec.suite(known)],
                                     case_file.file_name)
        checked = run_suites([(frame, checks, file_name, name)
                              for name, (frame, checks, file_name) in checks_by_table.items()], checker)
        for table_report in checked:  # every table in one great-expectations run (checks/distinct.py)
            report.results += table_report.results
        report.rows = sum(f.rows for f in files)
    prepared = PreparedCases(source.name, org, source.sha256, files, source.ignored, frames, report)
    if not report.file_errors:
        progress(0.5, "Checking the rules across tables")
        _add_rules(prepared)
    progress(0.6, "Checked: " + ("all checks passed" if report.success else "problems found"))
    return prepared


def _add_rules(prepared: PreparedCases) -> None:
    """The cross-table rules' findings: errors as failed checks, queries as the report's warnings."""
    files = {f.table: f.file_name for f in prepared.files}
    prepared.findings = run_rules(prepared.frames)
    for rule in RULES:
        if rule.table not in files:
            continue
        found = [f for f in prepared.findings if f.code == rule.code]
        failures = [Failure(files[f.table], f.row, f.field, None, _said(f)) for f in found]
        if rule.severity == Severity.QUERY:
            prepared.report.warnings += failures
            continue
        prepared.report.results.append(ExpectationResult(
            expectation=f"case rule {rule.code}", column=rule.fields[0], rule=f"{rule.code}: {rule.message}",
            success=not found, unexpected_count=len(found), failures=failures[:MAX_FAILURES_KEPT]))


def _said(finding: Finding) -> str:
    who = f" (person {finding.person})" if finding.person else ""
    return f"{finding.code}: {finding.message}{who}"


# --- writing ---------------------------------------------------------------------------------

def commit_cases(con: duckdb.DuckDBPyConnection, prepared: PreparedCases, user: str, label: str | None = None,
                 progress: Progress = _quiet, checker=IN_PROCESS) -> CaseOutcome:
    """Write an accepted case load and the returns computed from it in one transaction, or record
    a rejected one (its load row and check results only). `label`: added to every computed
    figure's note (the demo's 'synthetic')."""
    status = LoadStatus.ACCEPTED if prepared.accepted else LoadStatus.REJECTED
    with store.transaction(con):
        load_id = con.execute("SELECT nextval('load_seq')").fetchall()[0][0]
        counts = Counts()
        if status == LoadStatus.ACCEPTED:
            progress(0.65, f"Writing {prepared.rows:,} case rows")
            counts = _write_rows(con, prepared, load_id)
        record_load(con, load_id, KIND, prepared.source, prepared.sha256, prepared.rows, status, counts, user,
                    prepared.report, prepared.extra())
        outcome = CaseOutcome(load_id, status, prepared)
        if status == LoadStatus.ACCEPTED:
            progress(0.75, "Computing the indicators from the case records")
            _derive(con, outcome, user, label, checker)
    progress(1.0, "Done")
    return outcome


def load_cases(con: duckdb.DuckDBPyConnection, path: str | Path, user: str, org: str | None = None,
               label: str | None = None, progress: Progress = _quiet, checker=IN_PROCESS) -> CaseOutcome:
    """`pidash load cases PATH [--org CODE]`: prepare and commit a case load."""
    prepared = prepare_cases(con, path, org, progress, checker)
    return commit_cases(con, prepared, user, label, progress, checker)


def _write_rows(con, prepared: PreparedCases, load_id: int) -> Counts:
    """Every supplied table's rows, one INSERT each (in the caller's transaction)."""
    for name in case_queries.CASE_TABLE_NAMES:
        if name in prepared.supplied:
            case_queries.write_case_rows(con, name, typed(prepared.frames[name], CASE_TABLES[name],
                                                          prepared.org, load_id))
    return Counts(new=prepared.rows)


@dataclass
class _Computed:
    """The returns computed from a case load, not yet checked."""

    rows: list[dict]
    computed: list[dict]  # indicator, version, query, query_sha256, first_month, last_month
    not_computed: list[dict]  # indicator, reason


def _derive(con, outcome: CaseOutcome, user: str, label: str | None, checker) -> None:
    """The returns computed from an accepted case load, written as a load derived from it (in the
    case load's transaction)."""
    computed = _compute(con, outcome.prepared, outcome.load_id, label)
    _write_computed(con, outcome, _check_computed(con, outcome, computed, checker), user)


def _compute(con, prepared: PreparedCases, load_id: int, label: str | None) -> _Computed:
    """Every indicator's monthly returns from a case load's rows (`con` sees them): each definition
    version's query for the months it was in force, one working-day calendar for all."""
    first, last = case_queries.event_dates(con, load_id)
    months = covered_months(first, last, dt.date.today())
    versions = case_queries.computable_versions(con)
    calendar = None if months is None else case_queries.definition_calendar(con, load_id, *months)
    out = _Computed([], [], [])
    for code, indicator in CASE_INDICATORS.items():
        mine = versions[versions["code"] == code]
        lacking = [t for t in indicator.tables if t not in prepared.supplied]
        reason = ("no definition of it in the indicator catalogue has a query" if mine.empty
                  else f"the case load has no {', '.join(lacking)}" if lacking
                  else "the records cover no whole month before this one" if months is None else None)
        if reason:
            out.not_computed.append({"indicator": code, "reason": reason})
            continue
        spans = 0
        for version in mine.itertuples():
            span = version_months(version.valid_from, version.valid_to, months)
            if span is None:
                continue
            spans += 1
            records = case_queries.run_definition(con, code, int(version.version), load_id, *span, calendar=calendar)
            note = f"computed from case records (definition v{int(version.version)})" + (f"; {label}" if label else "")
            for month in monthly_counts(records, *span).itertuples():
                out.rows.append({"org": prepared.org, "indicator": code, "period": month.period.strftime("%Y-%m"),
                                 "numerator": str(month.numerator), "denominator": str(month.denominator),
                                 "value": f"{month.numerator / month.denominator * 100:.4f}" if month.denominator
                                 else None, "note": note})
            query = case_queries.definition_files()[(code, int(version.version))]
            out.computed.append({"indicator": code, "version": int(version.version), "query": query.name,
                                 "query_sha256": sha256(query.read_bytes()),
                                 "first_month": span[0].strftime("%Y-%m"), "last_month": span[1].strftime("%Y-%m")})
        if not spans:
            out.not_computed.append({"indicator": code, "reason": "no month the records cover has a definition in force"})
    return out


def _check_computed(con, outcome: CaseOutcome, computed: _Computed, checker):
    """The computed returns normalised and checked as a returns file is (`con` need not see the
    case rows: the returns' checks read only the catalogue and organisations); None when there
    are none. CaseLoadError if they fail, which is a bug."""
    outcome.computed += computed.computed
    outcome.not_computed += computed.not_computed
    if not computed.rows:
        return None
    raw = pd.DataFrame(computed.rows, dtype=object)
    raw.index = pd.RangeIndex(2, len(raw) + 2, name="row")
    digest = sha256(raw.to_csv(index=False).encode("utf-8"))
    checked = prepare_frame(con, "returns", raw, f"computed from case load {outcome.load_id}", digest, checker)
    if not checked.accepted:
        raise CaseLoadError(f"the returns computed from case load {outcome.load_id} failed their checks, which is a "
                            f"bug; nothing was written:\n{checked.report.text()}")
    return checked


def _write_computed(con, outcome: CaseOutcome, checked, user: str) -> None:
    """The checked computed returns written as a returns load derived from the case load, with
    its provenance (in the case load's transaction)."""
    if checked is None:
        return
    prepared = outcome.prepared
    provenance = {"case_load": outcome.load_id, "org": prepared.org, "case_load_sha256": prepared.sha256,
                  "files": [{"table": f.table, "file": f.file_name, "sha256": f.sha256} for f in prepared.files],
                  "definitions": outcome.computed, "not_computed": outcome.not_computed}
    outcome.derived = write_accepted(con, checked, user, extra={"provenance": provenance},
                                     derived_from=outcome.load_id)
