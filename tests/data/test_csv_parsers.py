"""Arrow's fast CSV parser and pandas' parser read every file the same way.

`read_table` tries Arrow first (a million-row return in a fraction of the time) and falls back to
pandas whenever Arrow objects; either way the frame (cells, None for blanks, row numbers) or the
problem reported must be exactly what the pandas parser alone gives.
"""
from __future__ import annotations

import pandas as pd
import pytest

from data import files
from data.files import FileProblem, read_table

HEADER = "org,indicator,period,numerator,denominator,value,note\n"

CASES = {
    "plain": HEADER + "E09000014,NI59,2009-09,150,200,75.0,first\nE09000014,NI60,2009-09,1,2,,\n",
    "crlf": HEADER.replace("\n", "\r\n") + "E09000014,NI59,2009-09,150,200,75.0,x\r\n",
    "bom and leading blank lines": "\ufeff\n\n" + HEADER + "E09000014,NI59,2009-09,1,2,,\n",
    "quoted comma and quote": HEADER + 'E09000014,NI59,2009-09,1,2,,"late, ""very"" late"\n',
    "quoted newline": HEADER + 'E09000014,NI59,2009-09,1,2,,"two\nlines"\nE09000014,NI60,2009-09,1,2,,\n',
    "spaces around cells": HEADER + "  E09000014 , ni 59 ,2009-09, 1 ,2 ,  , \t note \n",
    "blank line between rows": HEADER + "E09000014,NI59,2009-09,1,2,,\n\nE09000014,NI60,2009-09,1,2,,\n",
    "row of empty cells": HEADER + ",,,,,,\nE09000014,NI59,2009-09,1,2,,\n",
    "short row": HEADER + "E09000014,NI59,2009-09\n",
    "long row": HEADER + "E09000014,NI59,2009-09,1,2,,x,extra\n",
    "no final newline": HEADER + "E09000014,NI59,2009-09,1,2,,x",
    "unicode": HEADER + "E09000014,NI59,2009-09,1,2,,café – naïve ✓\n",
    "numbers that look like other types": HEADER + "E09000014,NI59,2009-09,007,1e3,NaN,TRUE\n",
    "quoted empty and null words": HEADER + 'E09000014,NI59,2009-09,1,2,"",NULL\n',
    "header only": HEADER,
    "one column": "code\nE09000014\n\nE92000001\n",
    "trailing blank lines": HEADER + "E09000014,NI59,2009-09,1,2,,\n\n\n",
    "whitespace-only line": HEADER + "E09000014,NI59,2009-09,1,2,,\n   \nE09000014,NI60,2009-09,1,2,,\n",
    "quote inside a cell": HEADER + 'E09000014,NI59,2009-09,1,2,,5" pipe\n',
    "unclosed quote": HEADER + 'E09000014,NI59,2009-09,1,2,,"never closed\n',
}


def outcome(content: bytes):
    try:
        frame = read_table(content, "returns.csv")
    except FileProblem as problem:
        return ("problem", str(problem))
    return ("frame", frame)


@pytest.mark.parametrize("name", list(CASES))
def test_the_fast_parser_reads_a_file_as_pandas_does(name, monkeypatch):
    content = CASES[name].encode("utf-8")
    fast = outcome(content)
    monkeypatch.setattr(files, "_parse_rectangular", lambda body: None)  # pandas alone
    slow = outcome(content)
    assert fast[0] == slow[0], (fast, slow)
    if fast[0] == "problem":
        assert fast[1] == slow[1]
        return
    pd.testing.assert_frame_equal(fast[1], slow[1], check_exact=True)
    assert all(dtype == object for dtype in fast[1].dtypes)
    assert all(v is None or isinstance(v, str) for v in fast[1].to_numpy().ravel())


def test_the_fast_parser_takes_a_clean_file_and_leaves_ragged_or_quoted_ones_to_pandas():
    assert files._parse_rectangular(CASES["plain"]) is not None
    assert files._parse_rectangular(CASES["long row"]) is None
    assert files._parse_rectangular(CASES["quoted comma and quote"]) is None
    assert files._parse_rectangular(CASES["unclosed quote"]) is None


def test_cells_are_stripped_blank_is_none_and_rows_keep_their_file_numbers():
    frame = read_table(CASES["spaces around cells"].encode(), "r.csv")
    assert frame.index.tolist() == [2]
    assert frame.loc[2].tolist() == ["E09000014", "ni 59", "2009-09", "1", "2", None, "note"]
    frame = read_table(CASES["blank line between rows"].encode(), "r.csv")
    assert frame.index.tolist() == [2, 4]
