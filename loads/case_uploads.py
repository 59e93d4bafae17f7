"""Case records uploaded through the dashboard: one XLSX workbook with a sheet per table, or
several files at once named after the tables (`ssd_person.csv`, `ssd_cin_episodes.csv` …).

The uploads are written to a private temporary folder (removed as soon as they are read) and go
through the same read → normalise → check as `pidash load cases PATH` (loads/cases.py
`prepare_cases`); nothing is written to the store until `commit_cases`. An upload's name is
reduced to its last part, so a name cannot place a file outside that folder.
"""
from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import duckdb

from checks.gx import IN_PROCESS
from checks.report import Failure
from loads.cases import WORKBOOK_SUFFIXES, PreparedCases, prepare_cases
from loads.files import FileProblem, check_upload

MAX_SOURCE_NAME = 200  # how much of the uploads' names the load history keeps as the load's name


def source_name(names: list[str]) -> str:
    """What the load history calls an upload of several files: their names, shortened if long."""
    joined = ", ".join(names)
    if len(joined) <= MAX_SOURCE_NAME:
        return joined
    return joined[: MAX_SOURCE_NAME - 20].rstrip(", ") + f" … ({len(names)} files)"


def safe_name(name: str, number: int) -> str:
    """An upload's name as a file name in the folder: its last part only (never a path)."""
    last = Path(str(name).replace("\\", "/")).name.strip()
    return last if last and last not in (".", "..") and not last.startswith(".") else f"upload-{number}"


def too_big_or_unsupported(files: list[tuple[str, bytes]], limit_bytes: int | None = None) -> list[str]:
    """Why any of the uploads cannot be taken at all (type or size), one sentence each; empty when all can."""
    problems = []
    for name, content in files:
        try:
            check_upload(name, len(content), limit_bytes)
        except FileProblem as problem:
            problems.append(f"{name}: {problem}")
    return problems


def prepare_upload(con: duckdb.DuckDBPyConnection, files: list[tuple[str, bytes]], org: str | None = None,
                   progress=None, checker=IN_PROCESS) -> PreparedCases:
    """Read and check uploaded case files ((name, content) pairs) for `org` (default: the home
    organisation); nothing is written to the store. One workbook is read sheet by sheet; several
    files (or one CSV) as a folder of files named after the tables. Two uploads with the same
    name reject the load. Raises ValueError for no files, as prepare_cases raises otherwise."""
    if not files:
        raise ValueError("no files were uploaded")
    kept: dict[str, bytes] = {}
    repeated: list[str] = []
    for number, (name, content) in enumerate(files, start=1):
        safe = safe_name(name, number)
        if safe.lower() in {k.lower() for k in kept}:
            repeated.append(safe)
            continue
        kept[safe] = content
    extra = {} if progress is None else {"progress": progress}
    with tempfile.TemporaryDirectory(prefix="pidash-cases-") as folder:
        root = Path(folder)
        if len(kept) == 1 and not repeated and Path(next(iter(kept))).suffix.lower() in WORKBOOK_SUFFIXES:
            name, content = next(iter(kept.items()))
            (root / name).write_bytes(content)
            return prepare_cases(con, root / name, org, checker=checker, **extra)
        uploads = root / "upload"
        uploads.mkdir()
        for name, content in kept.items():
            (uploads / name).write_bytes(content)
        prepared = prepare_cases(con, uploads, org, checker=checker, **extra)
    label = source_name(list(kept))
    folder_name = prepared.source  # "upload/": the temporary folder, which no one needs to see
    prepared = dataclasses.replace(prepared, source=label)
    prepared.report.file = label
    for failure in prepared.report.file_errors:
        if failure.file == folder_name:
            failure.file = label
    for name in repeated:
        prepared.report.file_errors.append(
            Failure(name, None, None, None, f"two uploaded files are named {name}; upload one of them"))
    return prepared
