"""How text that came from a file or a person is written out: always inert, never a formula.

A spreadsheet opens a CSV cell that starts with =, +, - or @ (or a tab or carriage return) as a
formula; a leading apostrophe makes it text (the OWASP advice for CSV injection). Excel holds at
most 32,767 characters in a cell: longer text is cut with a marker that says where the whole is.
"""
from __future__ import annotations

import pandas as pd

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32_767
CUT_MARKER = " … [cut at Excel's 32,767-character cell limit; the whole text is in the PDF]"


def inert_cell(value):
    """A text cell that a spreadsheet will show as text; anything else unchanged."""
    if isinstance(value, str) and value.startswith(RISKY_START):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV for a download, every text cell inert."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or isinstance(safe[column].dtype, pd.StringDtype):
            safe[column] = safe[column].map(inert_cell)
    safe.columns = [inert_cell(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8")


def excel_text(text: str) -> str:
    """Text that fits an Excel cell: as it is, or cut with CUT_MARKER at the end."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    return text[: EXCEL_CELL_LIMIT - len(CUT_MARKER)] + CUT_MARKER
