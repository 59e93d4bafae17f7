"""Pseudonymous person ids: a case system's person id is replaced on load by a keyed hash
(HMAC-SHA256) whose secret is kept outside the database file.

The secret is 32 random bytes, written as hex to `<database file>.key` beside the database (or to
the file named by $PIDASH_KEY_FILE), readable by its owner only (0600). `pidash init` creates it,
and so does the first case load if it is missing. Without it the database's pseudonymous ids
cannot be turned back into the case system's ids, nor can new loads be matched to old ones: keep
a copy with the backups, apart from them. A key file that others can read, or a missing key when
case records are already held (a new key would give every child a new id), stops a case load.

The hash covers the organisation and the id together, so one child's ids differ between
authorities. An id is the hash's first 24 hex digits (96 bits).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

import duckdb
import pandas as pd

from data import case_queries

KEY_BYTES = 32
ID_HEX_DIGITS = 24
ENV = "PIDASH_KEY_FILE"


class KeyProblem(RuntimeError):
    """The secret cannot be found, created or trusted; the message says what to do."""


def key_path(con: duckdb.DuckDBPyConnection) -> Path:
    """Where the secret is: $PIDASH_KEY_FILE, else `<database file>.key` beside the database."""
    named = os.environ.get(ENV)
    if named:
        return Path(named)
    database = case_queries.database_file(con)
    if database is None:
        raise KeyProblem(f"an in-memory database has no file to keep the pseudonymisation key beside; set {ENV}")
    return Path(str(database) + ".key")


def ensure_key(con: duckdb.DuckDBPyConnection) -> Path:
    """The key file, created (0600) if it does not exist and no case records are held yet."""
    load_key(con, create=True)
    return key_path(con)


def load_key(con: duckdb.DuckDBPyConnection, create: bool = True) -> bytes:
    """The secret; with `create`, a new one when there is none and the store holds no case records."""
    path = key_path(con)
    if not path.exists():
        if not create:
            raise KeyProblem(f"the pseudonymisation key {path} does not exist")
        if case_queries.holds_case_records(con):
            raise KeyProblem(
                f"the pseudonymisation key {path} is missing but this database already holds case records; "
                f"put the key file back (from where it was kept with the backups) or point {ENV} at it. "
                "A new key would give every child a new pseudonymous id.")
        _create(path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyProblem(f"the pseudonymisation key {path} can be read by others (mode {stat.filemode(mode)}); "
                         f"run: chmod 600 {path}")
    text = path.read_text(encoding="ascii").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise KeyProblem(f"the pseudonymisation key {path} is not {KEY_BYTES * 2} hex digits") from None
    if len(key) != KEY_BYTES:
        raise KeyProblem(f"the pseudonymisation key {path} is not {KEY_BYTES * 2} hex digits")
    return key


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it just now: use theirs
        return
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(KEY_BYTES) + "\n")
    os.chmod(path, 0o600)  # whatever the umask


def pseudonym(key: bytes, org: str, person_id: str) -> str:
    """One person id's pseudonymous id in `org`."""
    digest = hmac.new(key, f"{org}\x1f{person_id}".encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:ID_HEX_DIGITS]


def pseudonyms(key: bytes, org: str, ids: pd.Series) -> pd.Series:
    """Each id's pseudonymous id (None for a blank), once per distinct id."""
    distinct = ids.dropna().unique()
    mapping = {value: pseudonym(key, org, str(value)) for value in distinct}
    return ids.map(mapping).astype(object).where(ids.notna(), None)
