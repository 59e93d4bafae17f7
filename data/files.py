"""Reading an uploaded CSV or XLSX into a frame of text cells indexed by the file's row numbers.

Everything is read as text so the checks can name the exact value a person typed; typing is
the loader's job. Problems that stop a file being read at all raise `FileProblem`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pandas as pd

MAX_BYTES = 200 * 1024 * 1024


class FileProblem(ValueError):
    """The file cannot be read as a table; the message says why in plain words."""


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_table(content: bytes, file_name: str) -> pd.DataFrame:
    """Cells as stripped strings (None when blank); index = row number in the file (header is row 1)."""
    if not content.strip():
        raise FileProblem("the file is empty")
    if len(content) > MAX_BYTES:
        raise FileProblem(f"the file is {len(content) / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
    suffix = Path(file_name).suffix.lower()
    if suffix in (".xlsx", ".xlsm") or content[:4] == b"PK\x03\x04":
        frame = _read_xlsx(content)
    elif suffix in (".csv", ".txt", ""):
        frame = _read_csv(content)
    else:
        raise FileProblem(f"'{suffix}' files are not supported; use CSV (UTF-8) or XLSX")
    frame.columns = [_column_name(c) for c in frame.columns]
    duplicated = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if duplicated:
        raise FileProblem(f"the header names column(s) {', '.join(map(repr, duplicated))} more than once")
    if frame.empty:
        raise FileProblem("the file has a header but no rows of data")
    return frame


def _column_name(name: object) -> str:
    return str(name).strip().lower().replace(" ", "_")


def _read_csv(content: bytes) -> pd.DataFrame:
    if b"\x00" in content[:65536]:
        raise FileProblem("the file contains binary data, not text; save it as CSV (UTF-8) or XLSX")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise FileProblem(
            f"the file is not UTF-8 text (byte 0x{content[err.start]:02x} at position {err.start}); "
            "in Excel use Save As 'CSV UTF-8 (comma delimited)'"
        ) from None
    body = text.lstrip()
    skipped = text[: len(text) - len(body)].count("\n")
    try:
        cells = pd.read_csv(
            io.StringIO(body), dtype=str, header=None, keep_default_na=False,
            skip_blank_lines=False, on_bad_lines="error", engine="c",
        )
    except pd.errors.EmptyDataError:
        raise FileProblem("the file is empty") from None
    except pd.errors.ParserError as err:
        raise FileProblem(f"the file is not a well-formed CSV table: {_plain_parser_error(err)}") from None
    cells.index = pd.RangeIndex(1 + skipped, len(cells) + 1 + skipped, name="row")
    cells = _tidy(cells)
    if cells.empty:
        raise FileProblem("the file is empty")
    header = [c or "" for c in cells.iloc[0]]
    frame = cells.iloc[1:]
    frame.columns = header
    return frame


def _plain_parser_error(err: Exception) -> str:
    """pandas says 'line N' counting the header as line 1, as a spreadsheet does."""
    message = str(err).strip().rstrip(".")
    return message.replace("Error tokenizing data. C error: ", "") + " (check for a stray comma or a different delimiter)"


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Strip every cell, blank cells to None, drop rows that are wholly blank."""
    frame = frame.astype(object)
    for column in frame.columns:
        stripped = frame[column].astype("string").str.strip()
        keep = stripped.notna() & (stripped != "")
        frame[column] = pd.Series(
            [v if k else None for v, k in zip(stripped.astype(object), keep)], index=frame.index, dtype=object
        )
    return frame[frame.notna().any(axis=1)]


def _read_xlsx(content: bytes) -> pd.DataFrame:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(f"the file is not a readable XLSX workbook ({type(err).__name__})") from None
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        records, index = [], []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in row]
            if header is None:
                if any(cells):
                    header = [c or "" for c in cells]
                    while header and not header[-1]:
                        header.pop()
                continue
            cells = (cells + [None] * len(header))[: len(header)]
            if any(cells):
                records.append(cells)
                index.append(number)
    finally:
        book.close()
    if header is None:
        raise FileProblem("the workbook's first sheet is empty")
    return pd.DataFrame(records, columns=header, index=pd.Index(index, name="row"), dtype=object)


def _cell_text(value: object) -> str | None:
    """A cell as the text a person sees; formulas stay as their '=' text so checks reject them."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None
