"""Reading an uploaded CSV or XLSX into a frame of text cells indexed by the file's row numbers.

Everything is read as text so the checks can name the exact value a person typed; typing is
the loader's job. Problems that stop a file being read at all raise `FileProblem`.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

MAX_BYTES = 200 * 1024 * 1024  # default; $PIDASH_MAX_UPLOAD_MB overrides it (see max_bytes)
MAX_COLUMNS = 200  # a real return has a dozen; thousands mean a damaged or hostile file
MAX_XLSX_EXPANDED = 2 * 1024 * 1024 * 1024  # a workbook whose parts unpack to more is a zip bomb
SUPPORTED = (".csv", ".txt", ".xlsx", ".xlsm")
_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


class FileProblem(ValueError):
    """The file cannot be read as a table; the message says why in plain words."""


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def max_bytes() -> int:
    """The largest file pidash reads: $PIDASH_MAX_UPLOAD_MB megabytes, else 200 MB."""
    setting = os.environ.get("PIDASH_MAX_UPLOAD_MB")
    try:
        return int(float(setting) * 1024 * 1024) if setting else MAX_BYTES
    except ValueError:
        return MAX_BYTES


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_upload(file_name: str, size: int, limit_bytes: int | None = None) -> None:
    """Before reading an upload: a supported type and within the size limit, else FileProblem."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUPPORTED:
        raise FileProblem(f"'{suffix or file_name}' files are not supported; use CSV (UTF-8) or XLSX")
    limit = min(limit_bytes, max_bytes()) if limit_bytes else max_bytes()
    if size > limit:
        raise FileProblem(f"the file is {_megabytes(size)}; the limit is {_megabytes(limit)}")


def read_table(content: bytes, file_name: str, categorical: bool = False, sheet: str | None = None,
               allow_empty: bool = False) -> pd.DataFrame:
    """Cells as stripped strings (None when blank); index = row number in the file (header is row 1).

    `categorical` gives each column as a pandas Categorical instead (missing for blank): integer
    codes into the column's distinct texts, so a million-row return is hashed once, here, and the
    normaliser, the checks and the writer work on the codes. `sheet`: a workbook's sheet of that
    name (see sheet_names) instead of its active one. `allow_empty`: a header with no rows is a
    table with no rows (a case load's table with nothing in it), not a problem.
    """
    if len(content) > max_bytes():
        raise FileProblem(f"the file is {_megabytes(len(content))}; the limit is {_megabytes(max_bytes())}")
    if _BLANK.fullmatch(content):
        raise FileProblem("the file is empty")
    suffix = Path(file_name).suffix.lower()
    if suffix in (".xlsx", ".xlsm") or content[:4] == b"PK\x03\x04":
        frame = _read_xlsx(content, sheet)
        if categorical:
            frame = frame.astype("category")
    elif suffix in (".csv", ".txt", ""):
        frame = _read_csv(content, categorical)
    else:
        raise FileProblem(f"'{suffix}' files are not supported; use CSV (UTF-8) or XLSX")
    if len(frame.columns) > MAX_COLUMNS:
        raise FileProblem(f"the header has {len(frame.columns):,} columns; pidash reads at most {MAX_COLUMNS}")
    if len(frame.columns) == 1:
        only = str(frame.columns[0])
        for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "'|' characters")):
            if delimiter in only:
                raise FileProblem(
                    f"the columns are separated by {name}, not commas (header {only[:60]!r}); "
                    "save the file as CSV UTF-8 (comma delimited)"
                )
    frame.columns = [_column_name(c) for c in frame.columns]
    duplicated = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if duplicated:
        raise FileProblem(f"the header names column(s) {', '.join(map(repr, duplicated))} more than once")
    if frame.empty and not allow_empty:
        raise FileProblem("the file has a header but no rows of data")
    return frame


def _open_workbook(content: bytes):
    """The workbook, read-only, once its archive has passed the zip-bomb check; FileProblem if damaged."""
    import openpyxl

    _check_archive(content)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(f"the file is not a readable XLSX workbook ({type(err).__name__})") from None
    return book


def sheet_names(content: bytes) -> list[str]:
    """The visible sheets of a workbook, in its order (a case load's workbook has one per table)."""
    book = _open_workbook(content)
    try:
        return [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"]
    finally:
        book.close()


def _column_name(name: object) -> str:
    return str(name).strip().lower().replace(" ", "_")


def _read_csv(content: bytes, categorical: bool = False) -> pd.DataFrame:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(content):
        raise FileProblem("the file is UTF-16 text, not UTF-8; in Excel use Save As 'CSV UTF-8 (comma delimited)'")
    if b"\x00" in content:  # anywhere: a NUL byte is never part of a CSV (one C scan of the bytes)
        raise FileProblem("the file contains binary data, not text; save it as CSV (UTF-8) or XLSX")
    _check_header_width(content)
    parsed = _parse_rectangular(content)
    if parsed is None:
        parsed = _parse_with_pandas(content)
    columns, skipped = parsed
    header, frame = _tidy(columns, 1 + skipped, categorical)
    frame.columns = header
    return frame


def _looks_utf16(content: bytes) -> bool:
    """UTF-16 without a byte-order mark: text of mostly ASCII characters has a NUL in every other
    byte (the odd ones for little-endian, the even ones for big-endian)."""
    sample = content[:4096]
    if len(sample) < 8:
        return False
    pairs = len(sample) // 2
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return max(odd, even) >= 0.8 * pairs and min(odd, even) <= 0.05 * pairs


def _check_header_width(content: bytes) -> None:
    """Count the header's columns before parsing anything: a two-million-column header would
    otherwise build two million column objects (minutes, gigabytes) before the column check."""
    end = content.find(b"\n")
    first = content if end < 0 else content[:end]
    commas = first.count(b",")
    if commas < MAX_COLUMNS:
        return
    # a quoted name may hold a comma; only then is the header parsed (a line of text, once)
    columns = commas + 1 if b'"' not in first else len(next(csv.reader([first.decode("utf-8", "replace")])))
    if columns > MAX_COLUMNS:
        raise FileProblem(f"the header has {columns:,} columns; pidash reads at most {MAX_COLUMNS}")


def _parse_with_pandas(content: bytes) -> tuple[list, int]:
    """pandas' parser, for every file Arrow's fast path leaves alone; its errors become the messages."""
    import pyarrow as pa

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
    return [pa.array(cells[column], type=pa.string(), from_pandas=True) for column in cells.columns], skipped


def _plain_parser_error(err: Exception) -> str:
    """pandas says 'line N' counting the header as line 1, as a spreadsheet does."""
    message = str(err).strip().rstrip(".")
    return message.replace("Error tokenizing data. C error: ", "") + " (check for a stray comma or a different delimiter)"


_BLANK = re.compile(rb"[ \t\n\r\x0b\x0c]*")  # what bytes.strip() strips
_BOM = b"\xef\xbb\xbf"


def _parse_rectangular(content: bytes) -> tuple[list, int] | None:
    """Arrow's multi-threaded parser for the common case, a rectangular UTF-8 file without quoting
    (much faster than pandas' on a million rows), straight from the bytes, each column
    dictionary-encoded as it is parsed; with the count of blank lines before the header.

    None when the file has quotes, starts with anything but plain ASCII after its blank lines, or
    Arrow objects to anything (a ragged row, bytes that are not UTF-8): the pandas path then reads
    it from text and decides, with its messages. Where both read a file, they read it alike
    (tests/data/test_csv_parsers.py).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if b'"' in content:  # quoting has corner cases the two parsers settle differently: pandas decides
        return None
    start = len(_BOM) if content.startswith(_BOM) else 0
    body = _BLANK.match(content, start).end()
    if body == len(content) or not 0x21 <= content[body] <= 0x7E:  # str.lstrip strips more than ASCII blanks
        return None
    as_text = {f"f{i}": pa.dictionary(pa.int32(), pa.string()) for i in range(MAX_COLUMNS + 1)}
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(content).slice(body)),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=as_text, null_values=[], strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    if table.num_columns > MAX_COLUMNS or any(not pa.types.is_dictionary(t) for t in table.schema.types):
        return None
    return list(table.columns), content[start:body].count(b"\n")


def _encode(cells) -> tuple[np.ndarray, np.ndarray]:
    """A column of cells as (codes, texts): each cell's position in `texts`, the distinct stripped
    texts, or -1 where the cell is blank. Stripping and blank-testing happen once per distinct text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(cells, pa.ChunkedArray):
        cells = cells.unify_dictionaries() if pa.types.is_dictionary(cells.type) else cells
        cells = cells.combine_chunks()
    if not pa.types.is_dictionary(cells.type):
        cells = cells.dictionary_encode()
    stripped = pc.utf8_trim_whitespace(cells.dictionary).to_numpy(zero_copy_only=False)
    stripped[stripped == ""] = None
    merged, texts = pd.factorize(stripped)  # " a" and "a" strip to one text
    indices = pc.fill_null(cells.indices, -1).to_numpy(zero_copy_only=False)
    codes = np.append(merged, -1)[indices]  # a missing cell (index -1) takes the appended -1
    return codes, np.asarray(texts, dtype=object)


def _tidy(columns: list, first_row: int, categorical: bool) -> tuple[list[str], pd.DataFrame]:
    """The header (first row with anything in it) and the rows below it, every wholly blank row
    dropped, indexed by their line in the file. Cells are texts shared by every cell holding them
    (None when blank), or with `categorical` the codes themselves, as pandas Categoricals."""
    encoded = [_encode(cells) for cells in columns]
    filled = np.zeros(len(encoded[0][0]) if encoded else 0, dtype=bool)
    for codes, _ in encoded:
        filled |= codes >= 0
    kept = np.flatnonzero(filled)
    if not len(kept):
        raise FileProblem("the file is empty")
    header = [texts[codes[kept[0]]] if codes[kept[0]] >= 0 else "" for codes, texts in encoded]
    rows = kept[1:]
    first = rows[0] if len(rows) else kept[0] + 1
    contiguous = len(rows) == 0 or rows[-1] - first + 1 == len(rows)
    index = (pd.RangeIndex(first_row + first, first_row + first + len(rows), name="row") if contiguous
             else pd.Index(first_row + rows, name="row"))
    frame = {}
    for number, (codes, texts) in enumerate(encoded):
        codes = codes[first:first + len(rows)] if contiguous else codes[rows]
        if categorical:
            frame[number] = pd.Series(_categorical(codes, texts), index=index, copy=False)
        else:
            with_blank = np.append(texts, None)  # code -1 takes the last slot: None
            frame[number] = pd.Series(with_blank[codes], index=index, dtype=object, copy=False)
    return header, pd.DataFrame(frame, index=index, copy=False)


def _categorical(codes: np.ndarray, texts: np.ndarray) -> pd.Categorical:
    """Codes into the texts these rows use (the header's text and blank rows' are dropped)."""
    used = np.bincount(codes[codes >= 0], minlength=len(texts)) > 0
    if not used.all():
        renumber = np.append(np.cumsum(used) - 1, -1)
        codes, texts = renumber[codes], texts[used]
    return pd.Categorical.from_codes(codes, categories=pd.Index(texts, dtype=object), validate=False)


def _read_xlsx(content: bytes, sheet_name: str | None = None) -> pd.DataFrame:
    book = _open_workbook(content)
    try:
        sheet = book[sheet_name] if sheet_name is not None else book.active
        if sheet is None or sheet.sheet_state != "visible":
            raise FileProblem("the workbook's active sheet is hidden; show the sheet that holds the data and "
                              "make it the active one before saving")
        _check_sheet_size(content, getattr(sheet, "_worksheet_path", None))
        merged = _merged_ranges(content, getattr(sheet, "_worksheet_path", None))
        if merged:
            shown = ", ".join(merged[:5]) + (f" and {len(merged) - 5} more" if len(merged) > 5 else "")
            raise FileProblem(
                f"the sheet '{sheet.title}' has merged cells ({shown}); unmerge them so each value sits in its own cell"
            )
        sheet.reset_dimensions()  # trust the cells, not a declared size (a cell at XFD1048576 would pad every row)
        header: list[str] | None = None
        records, index = [], []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in row]
            if header is None:
                if any(cells):
                    header = [c or "" for c in cells]
                    while header and not header[-1]:
                        header.pop()
                    if len(header) > MAX_COLUMNS:
                        raise FileProblem(f"the header has {len(header):,} columns; pidash reads at most {MAX_COLUMNS}")
                continue
            cells = (cells + [None] * len(header))[: len(header)]
            if any(cells):
                records.append(cells)
                index.append(number)
    except FileProblem:
        raise
    except Exception as err:  # a damaged sheet fails part-way through, with whatever the XML parser raises
        raise FileProblem(f"the file is not a readable XLSX workbook: its sheet is damaged ({type(err).__name__})") from None
    finally:
        book.close()
    if header is None:
        raise FileProblem(f"the workbook's sheet '{sheet.title}' is empty")
    return pd.DataFrame(records, columns=header, index=pd.Index(index, name="row"), dtype=object)


def _check_archive(content: bytes) -> None:
    """Before openpyxl unpacks anything: a zip at all, and not one that unpacks to gigabytes (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            expanded = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise FileProblem("the file is not a readable XLSX workbook (it is not a valid zip archive)") from None
    if expanded > MAX_XLSX_EXPANDED:
        raise FileProblem(f"the workbook unpacks to {_megabytes(expanded)}; it is damaged or not a data file")


MAX_SHEET_ROWS = 1_048_576  # Excel's own limit: a sheet declaring more rows is not a spreadsheet's
MAX_ROW_CELLS = 16_384  # Excel's column limit, for one row's cell elements (empty ones included)
MAX_SHEET_CELLS = 20_000_000  # a million-row return of a dozen columns holds 12 million


def _cell_count(xml: bytes) -> int:
    return xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")


def _check_sheet_size(content: bytes, sheet_path: str | None) -> None:
    """Count the sheet's rows and cells in its XML, streamed in chunks, before openpyxl builds any:
    a small workbook can hold gigabytes of empty rows, or tens of millions of cells in one row.
    Counting is bytes.count per chunk (C speed); a chunk is cut before its last '<' so no tag is
    split between two chunks."""
    name = (sheet_path or "xl/worksheets/sheet1.xml").lstrip("/")
    rows = cells = in_row = 0
    tail = b""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if name not in archive.namelist():
            return
        with archive.open(name) as xml:
            while True:
                chunk = xml.read(1 << 20)
                text = tail + chunk
                cut = text.rfind(b"<") if chunk else len(text)
                if cut <= 0:
                    cut = len(text)
                text, tail = text[:cut], text[cut:]
                found = _cell_count(text)
                rows += text.count(b"<row")
                cells += found
                if in_row + found > MAX_ROW_CELLS:  # rare: look row by row
                    for number, row in enumerate(text.split(b"<row")):
                        in_row = (in_row if number == 0 else 0) + _cell_count(row)
                        if in_row > MAX_ROW_CELLS:
                            raise FileProblem(f"a row of the sheet has more than {MAX_ROW_CELLS:,} cells; "
                                              f"pidash reads at most {MAX_COLUMNS} columns")
                else:
                    start = text.rfind(b"<row")
                    in_row = in_row + found if start < 0 else _cell_count(text[start:])
                if rows > MAX_SHEET_ROWS:
                    raise FileProblem(f"the sheet has more than {MAX_SHEET_ROWS:,} rows (most of them empty?); "
                                      "copy the data into a new workbook")
                if cells > MAX_SHEET_CELLS:
                    raise FileProblem(f"the sheet has more than {MAX_SHEET_CELLS:,} cells; split the file")
                if not chunk:
                    return


def _merged_ranges(content: bytes, sheet_path: str | None) -> list[str]:
    """The merged ranges of a sheet, read from its XML (read-only openpyxl does not report them).

    The XML is streamed in chunks, so a large sheet is scanned without being held in memory.
    """
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        name = (sheet_path or "xl/worksheets/sheet1.xml").lstrip("/")
        if name not in archive.namelist():
            return []
        found: list[str] = []
        tail = b""
        with archive.open(name) as xml:
            while chunk := xml.read(1 << 20):
                text = tail + chunk
                cut = max(0, len(text) - 200)
                found += [m.group(1).decode() for m in _MERGE_CELL.finditer(text) if m.end() <= cut]
                tail = text[cut:]
            found += [m.group(1).decode() for m in _MERGE_CELL.finditer(tail)]
    return found


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
