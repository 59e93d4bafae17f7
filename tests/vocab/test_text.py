"""Text from a file or a person leaves pidash inert: CSV cells that would open as formulas are
prefixed with an apostrophe, and text past Excel's cell limit is cut with a marker saying so."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from vocab.text import CUT_MARKER, EXCEL_CELL_LIMIT, csv_bytes, excel_text, inert_cell


@pytest.mark.parametrize("cell, written", [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\tlead", "'\tlead"),
    ("plain words", "plain words"),
    ("", ""),
    (-2.5, -2.5),
    (None, None),
])
def test_a_cell_is_made_inert_only_when_it_would_open_as_a_formula(cell, written):
    assert inert_cell(cell) == written


def test_a_csv_download_keeps_numbers_and_escapes_text():
    frame = pd.DataFrame({"note": ["=1+1", "fine"], "value": [-3.5, 2.0], "=head": ["a", "b"]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"))))
    assert rows == [["note", "value", "'=head"], ["'=1+1", "-3.5", "a"], ["fine", "2.0", "b"]]
    assert frame.loc[0, "note"] == "=1+1"  # the caller's frame is untouched


def test_text_past_the_excel_cell_limit_is_cut_with_a_marker():
    long = "x" * (EXCEL_CELL_LIMIT + 1)
    cut = excel_text(long)
    assert len(cut) == EXCEL_CELL_LIMIT and cut.endswith(CUT_MARKER) and "the whole text is in the PDF" in cut
    exact = "y" * EXCEL_CELL_LIMIT
    assert excel_text(exact) == exact


def test_the_exception_report_download_is_inert():
    from plan.views import exception_page

    report = pd.DataFrame({
        "theme": [1], "theme_title": ["T"], "area": ["1.1"], "action": ["1.1.1"], "milestone": [1],
        "description": ["=cmd|' /C calc'!A0"], "lead": ["@lead"], "due_start": [pd.Timestamp("2009-04-01")],
        "due_end": [pd.Timestamp("2009-05-31")], "status": ["off_track"], "as_of": [pd.Timestamp("2009-09-30")],
        "commentary": ["+1"], "overdue": [True], "recurring": [None], "timescale": ["Apr - May 09"],
        "action_text": ["x"],
    })
    text = exception_page(report).csv.decode("utf-8")
    assert "'=cmd|' /C calc'!A0" in text and "'@lead" in text and "\n=cmd" not in text
