"""Arrow's fast CSV parser and pandas' parser read every file the same way.

`read_table` tries Arrow first (a million-row return in a fraction of the time) and falls back to
pandas whenever Arrow objects; either way the frame (cells, None for blanks, row numbers) or the
problem reported must be exactly what the pandas parser alone gives.
"""
from __future__ import annotations

import pandas as pd
import pytest

from checks import coding
from loads import files
from loads.files import FileProblem, read_table

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
    monkeypatch.setattr(files, "_parse_rectangular", lambda content: None)  # pandas alone
    slow = outcome(content)
    assert fast[0] == slow[0], (fast, slow)
    if fast[0] == "problem":
        assert fast[1] == slow[1]
        return
    pd.testing.assert_frame_equal(fast[1], slow[1], check_exact=True)
    assert all(dtype == object for dtype in fast[1].dtypes)
    assert all(v is None or isinstance(v, str) for v in fast[1].to_numpy().ravel())


def test_the_fast_parser_takes_a_clean_file_and_leaves_ragged_or_quoted_ones_to_pandas():
    assert files._parse_rectangular(CASES["plain"].encode()) is not None
    assert files._parse_rectangular(CASES["long row"].encode()) is None
    assert files._parse_rectangular(CASES["quoted comma and quote"].encode()) is None
    assert files._parse_rectangular(CASES["unclosed quote"].encode()) is None


def test_cells_are_stripped_blank_is_none_and_rows_keep_their_file_numbers():
    frame = read_table(CASES["spaces around cells"].encode(), "r.csv")
    assert frame.index.tolist() == [2]
    assert frame.loc[2].tolist() == ["E09000014", "ni 59", "2009-09", "1", "2", None, "note"]
    frame = read_table(CASES["blank line between rows"].encode(), "r.csv")
    assert frame.index.tolist() == [2, 4]


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("parser", ["arrow first", "pandas alone"])
def test_a_categorical_read_holds_the_same_cells(name, parser, monkeypatch):
    """A return is read as Categoricals (codes into each column's distinct texts): the same cells,
    rows and problems as a plain read, and no category a row does not use (the header's texts)."""
    if parser == "pandas alone":
        monkeypatch.setattr(files, "_parse_rectangular", lambda content: None)
    content = CASES[name].encode("utf-8")
    plain = outcome(content)
    try:
        coded = ("frame", read_table(content, "returns.csv", categorical=True))
    except FileProblem as problem:
        coded = ("problem", str(problem))
    assert coded[0] == plain[0]
    if coded[0] == "problem":
        assert coded[1] == plain[1]
        return
    frame = coded[1]
    assert all(isinstance(dtype, pd.CategoricalDtype) for dtype in frame.dtypes)
    as_plain = pd.DataFrame({c: coding.plain_cells(frame[c]) for c in frame.columns}, index=frame.index)
    pd.testing.assert_frame_equal(as_plain, plain[1], check_exact=True)
    for column in frame.columns:
        used = set(frame[column].dropna())
        assert set(frame[column].cat.categories) == used, column


def test_a_large_clean_file_is_read_by_arrow_and_coded_once():
    rows = "".join(f"E09000014,NI{59 + i % 3},2009-{i % 12 + 1:02d},{i % 7},{i % 7 + 1},,\n" for i in range(5000))
    frame = read_table((HEADER + rows).encode(), "returns.csv", categorical=True)
    assert files._parse_rectangular((HEADER + rows).encode()) is not None
    assert frame.index[0] == 2 and frame.index[-1] == 5001
    assert list(frame["indicator"].cat.categories) == ["NI59", "NI60", "NI61"]
    assert frame.at[5001, "period"] == f"2009-{4999 % 12 + 1:02d}" and frame.at[5001, "numerator"] == str(4999 % 7)
    assert frame["value"].isna().all() and len(frame["value"].cat.categories) == 0
