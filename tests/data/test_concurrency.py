"""Many readers while files load: a reader sees all of a batch or none of it, and no reader fails.

The dashboard serves every session from one process with one connection, each read on its own
cursor (data/store.py, ui/db.py); this is that arrangement with plain threads.
"""
from __future__ import annotations

import threading
import time

from loads.pipeline import commit, prepare

HEADER = "indicator,period,numerator,denominator,note\n"
KEYS = [(f"NI{59 + i % 10}", f"{1960 + i // 120}-{i // 10 % 12 + 1:02d}") for i in range(6000)]
READERS = 4
BATCHES = 4


def batch_file(number: int) -> bytes:
    """Every key once: batch 0 is new, each later batch restates all of them."""
    return (HEADER + "".join(f"{code},{period},{number + 1},10,batch-{number}\n" for code, period in KEYS)).encode()


def test_readers_never_see_part_of_a_batch_and_never_fail(fresh_db):
    prepared = [prepare(fresh_db, "returns", batch_file(n), f"batch-{n}.csv") for n in range(BATCHES)]
    assert all(p.accepted for p in prepared), prepared[0].report.text()
    errors: list[str] = []
    seen: list[set] = [set() for _ in range(READERS)]
    first_read = [threading.Event() for _ in range(READERS)]
    loading_done = threading.Event()
    deadline = time.monotonic() + 120

    def read(number: int) -> None:
        cur = fresh_db.cursor()
        try:
            while time.monotonic() < deadline:
                finished = loading_done.is_set()
                current = cur.execute(
                    "SELECT note, count(*) FROM indicator_return WHERE superseded_by IS NULL GROUP BY note"
                ).fetchall()
                if current and current != [(current[0][0], len(KEYS))]:
                    errors.append(f"reader {number} saw the current figures split {current}")
                if not current and seen[number] - {"nothing"}:
                    errors.append(f"reader {number} saw the current figures vanish in the middle of a restatement")
                orphans = cur.execute(
                    "SELECT count(*) FROM indicator_return r WHERE NOT EXISTS (SELECT 1 FROM load l WHERE l.id = r.load_id)"
                ).fetchall()[0][0]
                if orphans:
                    errors.append(f"reader {number} saw {orphans} rows before their load was recorded")
                per_load = cur.execute(
                    "SELECT l.id, l.rows_new + l.rows_restated, count(r.load_id) FROM load l "
                    "LEFT JOIN indicator_return r ON r.load_id = l.id WHERE l.kind = 'returns' GROUP BY ALL"
                ).fetchall()
                if any(expected != found for _, expected, found in per_load):
                    errors.append(f"reader {number} saw a load with missing rows {per_load}")
                for note in (f"batch-{n}" for n in range(BATCHES)):
                    rows = cur.execute("SELECT count(*) FROM indicator_return WHERE note = ?", [note]).fetchall()[0][0]
                    if rows not in (0, len(KEYS)):
                        errors.append(f"reader {number} saw {rows} rows of {note}")
                seen[number].add(current[0][0] if current else "nothing")
                first_read[number].set()
                if finished:
                    return
        except Exception as err:
            errors.append(f"reader {number} failed: {type(err).__name__}: {err}")
        finally:
            first_read[number].set()
            cur.close()

    readers = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    for reader in readers:
        reader.start()
    for event in first_read:
        assert event.wait(60)
    writer = fresh_db.cursor()
    try:
        outcomes = [commit(writer, p, "loader") for p in prepared]
    finally:
        loading_done.set()
        writer.close()
    for reader in readers:
        reader.join(timeout=120)

    assert not any(r.is_alive() for r in readers)
    assert errors == []
    assert [(o.counts.new, o.counts.restated) for o in outcomes] == [(6000, 0)] + [(0, 6000)] * (BATCHES - 1)
    for states in seen:
        assert "nothing" in states and f"batch-{BATCHES - 1}" in states  # each read before and after the loads
