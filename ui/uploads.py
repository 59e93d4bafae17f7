"""The Load page's steps around the shared load pipeline (loads/pipeline.py, as the CLI uses it).

`check` reads and validates an upload and writes nothing; the result is kept in the session so
a rerun (any click) does not check the same file again. `confirm` writes it (or records its
rejection) with the page's user, then clears the cached reads so every page shows the new data.
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
