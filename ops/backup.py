"""Consistent backups of the store, and restoring one.

A backup is a new DuckDB file written with `COPY FROM DATABASE` inside one read transaction on
the live connection, so it is a snapshot even while the dashboard serves readers and loads
files: no half of a batch, and the load-id sequence carries on where it was. Whoever holds the
database takes the backup (the CLI when it can open the file, else the dashboard through the
inbox, see ops/inbox.py). A JSON manifest beside it records every table's row count and the
file's sha256, which restore checks before it replaces anything.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from data import store

PREFIX = "pidash-"


class BackupError(Exception):
    """A backup could not be made or restored; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict

    def summary(self) -> str:
        rows = sum(self.manifest["tables"].values())
        return f"backup written to {self.path} ({len(self.manifest['tables'])} tables, {rows:,} rows)"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _tables(con, database: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND NOT temporary ORDER BY table_name",
        [database],
    ).fetchall()]


def _count(con, database: str, table: str) -> int:
    # names come from the catalogue, not from a person; quoted as identifiers all the same
    return con.execute(f'SELECT count(*) FROM "{database}"."{table}"').fetchall()[0][0]


def backup(con: duckdb.DuckDBPyConnection, out_dir: str | os.PathLike, made_by: str) -> BackupResult:
    """Write a consistent copy of the open database into `out_dir` as pidash-YYYYMMDD-HHMMSS.duckdb."""
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    final = out / f"{PREFIX}{stamp}.duckdb"
    if final.exists():
        final = out / f"{PREFIX}{stamp}-{uuid.uuid4().hex[:6]}.duckdb"
    partial = out / f".{final.name}.partial"
    alias = f"pidash_backup_{uuid.uuid4().hex[:12]}"
    cur = con.cursor()
    source = cur.execute("SELECT current_database()").fetchall()[0][0]
    cur.execute(f"ATTACH ? AS {alias} (READ_WRITE)", [str(partial)])
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            cur.execute(f'COPY FROM DATABASE "{source}" TO {alias}')
            counts = {t: _count(cur, source, t) for t in _tables(cur, source)}
            version = cur.execute(f'SELECT max(version) FROM "{source}".schema_version').fetchall()[0][0]
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
    finally:
        cur.execute(f"DETACH {alias}")
        cur.close()
    os.replace(partial, final)
    manifest = {
        "file": final.name,
        "sha256": _file_sha256(final),
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "made_by": made_by,
        "schema_version": version,
        "tables": counts,
    }
    _write_json(final.with_suffix(".json"), manifest)
    return BackupResult(final, manifest)


def _write_json(path: Path, data: dict) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(data, indent=2), encoding="utf-8")
    os.replace(partial, path)


def find_backup(source: str | os.PathLike) -> Path:
    """A backup file, or the newest backup in a folder."""
    path = Path(source)
    if path.is_dir():
        found = sorted(path.glob(f"{PREFIX}*.duckdb"))
        if not found:
            raise BackupError(f"no pidash backup (pidash-*.duckdb) in {path}")
        return found[-1]
    if not path.is_file():
        raise BackupError(f"no such backup file: {path}")
    return path


def verify(path: Path) -> dict:
    """Check a backup against its manifest (when it has one) and that it is a pidash database."""
    manifest_path = path.with_suffix(".json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else None
    if manifest and manifest.get("sha256") != _file_sha256(path):
        raise BackupError(f"{path.name} does not match its manifest's sha256: the file is damaged or was changed")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        raise BackupError(f"{path.name} is not a readable DuckDB database: {err}") from None
    try:
        database = con.execute("SELECT current_database()").fetchall()[0][0]
        tables = _tables(con, database)
        if "schema_version" not in tables or "load" not in tables:
            raise BackupError(f"{path.name} is a DuckDB file but not a pidash database")
        version = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
        counts = {t: _count(con, database, t) for t in tables}
    finally:
        con.close()
    if version > store.SCHEMA_VERSION:
        raise BackupError(
            f"{path.name} has schema version {version}, newer than this pidash ({store.SCHEMA_VERSION}); "
            "upgrade pidash before restoring it"
        )
    if manifest and manifest.get("tables") != counts:
        raise BackupError(f"{path.name} holds different row counts from its manifest: it is incomplete")
    return {"schema_version": version, "tables": counts}


def restore(source: str | os.PathLike, db: str | os.PathLike) -> tuple[Path, Path | None]:
    """Replace the database at `db` with a backup; the file it replaces is kept beside it.

    Returns (the backup restored, where the previous database was kept). The database must not
    be open elsewhere: stop the dashboard first.
    """
    backup_file = find_backup(source)
    verify(backup_file)
    target = Path(db).resolve()
    if target.exists():
        try:
            duckdb.connect(str(target)).close()
        except duckdb.IOException as err:
            if "lock" in str(err).lower():
                raise BackupError(
                    f"{target} is open in another process (the dashboard or a load); stop it before restoring"
                ) from None
            raise
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(backup_file, incoming)
    con = store.connect(incoming)  # brings an older backup's schema up to date
    con.execute("CHECKPOINT")
    con.close()
    kept = None
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
        os.replace(target, kept)
        wal = target.with_name(target.name + ".wal")
        if wal.exists():
            os.replace(wal, kept.with_name(kept.name + ".wal"))
    os.replace(incoming, target)
    return backup_file, kept
