"""Hostile case workbooks: one whose zip claims to unpack to more than 2 GB is refused before any of
it is unpacked, naming the workbook, and nothing is written."""
from __future__ import annotations

import struct

from loads.cases import load_cases
from tests.cases.casefiles import minimal, write_workbook
from tests.helpers import snapshot
from vocab import LoadStatus

CENTRAL_ENTRY = b"PK\x01\x02"  # a zip central-directory entry; its uncompressed size is at offset 24


def claiming(book: bytes, size: int) -> bytes:
    """`book` with its first central-directory entry claiming to unpack to `size` bytes."""
    at = book.index(CENTRAL_ENTRY)
    return book[:at + 24] + struct.pack("<I", size) + book[at + 28:]


def test_a_workbook_claiming_to_unpack_to_over_2_gb_is_refused_and_nothing_written(fresh_db, tmp_path):
    book = write_workbook(tmp_path / "cases.xlsx", minimal())
    book.write_bytes(claiming(book.read_bytes(), 0xF000_0000))  # 3.75 GB, in a workbook of a few kB
    before = snapshot(fresh_db)
    outcome = load_cases(fresh_db, book, "test-officer")
    assert outcome.status == LoadStatus.REJECTED
    said = outcome.summary()
    assert "cases.xlsx" in said and "the workbook unpacks to 3840.0 MB; it is damaged or not a data file" in said
    assert snapshot(fresh_db) == before
    tables = [t for (t,) in fresh_db.execute("SELECT table_name FROM information_schema.tables "
                                             "WHERE table_name LIKE 'ssd_%'").fetchall()]
    assert all(fresh_db.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] == 0 for t in tables) and tables
