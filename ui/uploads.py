"""The Load page's steps around the shared load pipeline (loads/pipeline.py, as the CLI uses it).

`check` reads and validates an upload and writes nothing; the result is kept in the session so
a rerun (any click) does not check the same file again. `confirm` writes it (or records its
rejection) with the page's user, then clears the cached reads so every page shows the new data.
`check_cases` and `confirm_cases` do the same for case records (one workbook or several files:
loads/case_uploads.py, loads/cases.py), for the organisation chosen on the page.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

import access
from checks.report import file_error
from loads import files, pipeline
from ui import auth, db
from vocab.progress import Progress, quiet

UPLOAD_TYPES = ["csv", "xlsx", "xlsm", "txt"]
PAGE_LIMIT_MB = 50  # .streamlit/config.toml server.maxUploadSize; $PIDASH_MAX_UPLOAD_MB may lower it
CHECKED_KEY = "load_checked"
OUTCOME_KEY = "load_outcome"
ROUND_KEY = "load_round"


def limit_mb() -> int:
    """The largest upload the page takes, in megabytes."""
    return max(1, min(PAGE_LIMIT_MB, files.max_bytes() // (1024 * 1024)))


@dataclass
class Checked:
    """An upload read and checked (nothing written): the pipeline's `Prepared`, or why it could not be read."""

    table: str
    file_name: str
    sha256: str
    prepared: pipeline.Prepared


def check(table: str, file_name: str, content: bytes, progress: Progress = quiet) -> Checked:
    """Read and check an upload for `table`; the same file checked before is not checked again."""
    digest = files.sha256(content)
    held = st.session_state.get(CHECKED_KEY)
    if held is not None and (held.table, held.file_name, held.sha256) == (table, file_name, digest):
        return held
    try:
        files.check_upload(file_name, len(content), limit_mb() * 1024 * 1024)
    except files.FileProblem as problem:  # reported like a file that cannot be read
        prepared = pipeline.Prepared(table, file_name, digest, pd.DataFrame(),
                                    file_error(file_name, str(problem), table))
    else:
        with db.cursor() as con:
            prepared = pipeline.prepare(con, table, content, file_name, progress)
    checked = Checked(table, file_name, digest, prepared)
    st.session_state[CHECKED_KEY] = checked
    return checked


def confirm(checked: Checked, user: str, progress: Progress = quiet) -> pipeline.LoadOutcome:
    """Write a checked file (accepted: one transaction; rejected: only the load record and its
    checks), clear the cached reads and the uploader, and remember the outcome for the page."""
    auth.require(access.needed_to_load(checked.table))  # the role is checked again at the moment of writing
    with db.writer() as con:
        outcome = pipeline.commit(con, checked.prepared, user, progress)
    st.session_state.pop(CHECKED_KEY, None)
    st.session_state[OUTCOME_KEY] = outcome
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1  # a fresh, empty uploader
    return outcome


def uploader_key() -> str:
    """The uploader's key: a new one after each load, so the loaded file is not offered again."""
    return f"load_file_{st.session_state.get(ROUND_KEY, 0)}"


def last_outcome() -> pipeline.LoadOutcome | None:
    return st.session_state.get(OUTCOME_KEY)


def forget() -> None:
    """A new file was chosen: the previous outcome and check no longer apply."""
    st.session_state.pop(OUTCOME_KEY, None)


# --- case records ----------------------------------------------------------------------------

CASES_CHECKED_KEY = "load_cases_checked"
CASES_OUTCOME_KEY = "load_cases_outcome"


@dataclass
class CheckedCases:
    """Case files read and checked for an organisation (nothing written): loads.cases.PreparedCases,
    or `refused` (why the files could not be taken at all: type, size, the pseudonymisation key)."""

    org: str
    uploads: tuple[tuple[str, str], ...]  # (name, sha256) of each file, in the order uploaded
    prepared: object | None = None  # loads.cases.PreparedCases
    refused: list[str] | None = None


def check_cases(org: str, uploaded: list[tuple[str, bytes]], progress: Progress = quiet) -> CheckedCases:
    """Read and check uploaded case files ((name, content) pairs) for `org`; the same files checked
    before for the same organisation are not checked again."""
    from loads.case_uploads import prepare_upload, too_big_or_unsupported
    from loads.cases import CaseLoadError
    from loads.pseudonym import KeyProblem

    uploads = tuple((name, files.sha256(content)) for name, content in uploaded)
    held = st.session_state.get(CASES_CHECKED_KEY)
    if held is not None and (held.org, held.uploads) == (org, uploads):
        return held
    checked = CheckedCases(org, uploads)
    problems = too_big_or_unsupported(uploaded, limit_mb() * 1024 * 1024)
    if problems:
        checked.refused = problems
    else:
        try:
            with db.cursor() as con:
                checked.prepared = prepare_upload(con, uploaded, org, progress=progress)
        except (CaseLoadError, KeyProblem) as err:
            checked.refused = [str(err)]
    st.session_state[CASES_CHECKED_KEY] = checked
    return checked


def confirm_cases(checked: CheckedCases, user: str, progress: Progress = quiet):
    """Write checked case records (accepted: the rows and the returns computed from them in one
    transaction; rejected: the load record and its checks only), clear the cached reads and the
    uploader, and remember the outcome (loads.cases.CaseOutcome) for the page."""
    from loads.cases import commit_cases

    auth.require(access.needed_to_load("cases"))  # the role is checked again at the moment of writing
    with db.writer() as con:
        outcome = commit_cases(con, checked.prepared, user, progress=progress)
    st.session_state.pop(CASES_CHECKED_KEY, None)
    st.session_state[CASES_OUTCOME_KEY] = outcome
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1  # a fresh, empty uploader
    return outcome


def last_case_outcome():
    """The last case load written from this session (loads.cases.CaseOutcome), or None."""
    return st.session_state.get(CASES_OUTCOME_KEY)


def forget_cases() -> None:
    """New case files (or another organisation) were chosen: the last outcome no longer applies."""
    st.session_state.pop(CASES_OUTCOME_KEY, None)
