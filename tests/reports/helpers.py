"""Reading a built pack back the way an inspector's tools would: openpyxl, pypdf, the zip's XML."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from pypdf import PdfReader


def workbook(path: Path):
    return openpyxl.load_workbook(path)


def table(ws, first_header: str, occurrence: int = 1) -> list[dict]:
    """The rows of the table whose header row starts with `first_header`, up to the first blank row."""
    rows = list(ws.iter_rows(values_only=True))
    seen = 0
    for n, row in enumerate(rows):
        if row and row[0] == first_header:
            seen += 1
            if seen == occurrence:
                headers = [h for h in row if h is not None]
                out = []
                for data in rows[n + 1:]:
                    if data is None or all(v is None for v in data):
                        break
                    out.append(dict(zip(headers, data)))
                return out
    raise AssertionError(f"no table starting '{first_header}' in sheet {ws.title}")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def sheet_xml(path: Path) -> dict[str, str]:
    """Each worksheet's raw XML, to prove no cell holds a formula or hyperlink."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)}
