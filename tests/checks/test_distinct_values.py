"""great-expectations on distinct values gives the report GX gives on every row.

run_suite checks each distinct value (or pair) once and spreads failures back to the rows, and
checks uniqueness on integer codes; these tests run the same suite the plain way (GX on the
whole frame, one row at a time) and require the same outcome, row for row and value for value.
"""
from __future__ import annotations

import random

import pandas as pd
import pytest

from checks import distinct, gx, runner
from checks.gx import IN_PROCESS
from checks.suites import TABLES, exists
from checks.coding import plain_cells
from loads.files import read_table
from loads.pipeline import LOADERS, known_values
from tests.helpers import HOME

HEADER = "org,indicator,period,numerator,denominator,value,note"


def returns_file(seed: int, rows: int = 1500) -> str:
    """A returns file with repeated values and every kind of problem, some repeated."""
    rng = random.Random(seed)
    lines = [HEADER]
    for i in range(rows):
        denominator = rng.randint(0, 60)
        numerator = rng.randint(0, denominator)
        value = f"{numerator / denominator * 100:.1f}" if denominator and rng.random() < 0.5 else ""
        lines.append(f"{HOME},NI{59 + i % 10},{2000 + i // 120:04d}-{(i // 10) % 12 + 1:02d},"
                     f"{numerator},{denominator},{value},n{rng.randint(0, 3)}")
    problems = [
        f"{HOME},NI59,2009-13,1,2,,", f"{HOME},NI60,2009-13,1,2,,", f"{HOME},NI61,2009-13,3,4,,",  # one bad month, 3 rows
        f"{HOME},NI59,2099-01,1,2,,", f"{HOME},NI999,2009-09,1,2,,", f"{HOME},NI999,2009-10,1,2,,",
        "E0000XXX,NI59,2009-09,1,2,,", f"{HOME},NI59,2009-11,-4,10,,", f"{HOME},NI59,2009-12,ten,10,,",
        f"{HOME},NI62,1999-01,12,10,,", f"{HOME},NI63,1999-01,12,10,,", f"{HOME},NI64,1999-01,9,3,,",  # pairs
        f"{HOME},NI65,1999-01,5,10,55.0,", f"{HOME},NI66,1999-01,5,,,", f"{HOME},,1999-02,5,10,,",
        f"{HOME},NI67,1999-03,5,10,,", f"{HOME},NI67,1999-03,6,10,,",  # a duplicate key
        ",NI68,1999-03,5,10,,",  # blank org: the home organisation
    ]
    for line in problems:
        lines.insert(rng.randint(1, len(lines)), line)
    return "\n".join(lines) + "\n"


def plain_gx(frame, checks, file):
    """The reference: every check run by GX on the whole frame, one result per check."""
    results = gx.validate(frame, checks)
    by_check = {r.check: r for r in results}
    return [runner._result(check, by_check[i], frame, file) for i, check in enumerate(checks)]


@pytest.mark.parametrize("categorical", [True, False], ids=["categorical, as a load reads it", "plain cells"])
@pytest.mark.parametrize("seed", [1, 2])
def test_distinct_value_checks_match_gx_on_every_row(fresh_db, seed, categorical):
    spec = TABLES["returns"]
    known = known_values(fresh_db)
    content = returns_file(seed).encode()
    frame = LOADERS["returns"].normalise(read_table(content, "returns.csv", categorical=categorical), spec, known)
    reference = LOADERS["returns"].normalise(read_table(content, "returns.csv"), spec, known)
    checks = [c for c in spec.suite(known) if runner._columns_present(c, frame)]

    fast = [runner._result(c, r, frame, "returns.csv") for c, r in distinct.validate_checks(frame, checks, IN_PROCESS)]
    plain = plain_gx(reference, checks, "returns.csv")

    assert [r.rule for r in fast] == [r.rule for r in plain]
    for mine, reference in zip(fast, plain):
        assert (mine.expectation, mine.column, mine.success, mine.unexpected_count) == (
            reference.expectation, reference.column, reference.success, reference.unexpected_count), mine.rule
        assert [(f.row, f.column, f.value, f.rule) for f in mine.failures] == [
            (f.row, f.column, f.value, f.rule) for f in reference.failures], mine.rule
    failed = {r.rule for r in fast if not r.success}
    assert len(failed) >= 8  # the file really exercises most rules


def test_a_repeated_bad_value_names_every_row_that_holds_it(fresh_db):
    spec = TABLES["returns"]
    known = known_values(fresh_db)
    frame = LOADERS["returns"].normalise(read_table(returns_file(3).encode(), "r.csv", categorical=True), spec, known)
    report = runner.run_suite(frame, [*exists(*spec.required), *spec.suite(known)], "r.csv", "returns")
    months = [f for f in report.failures if f.column == "period" and f.value == "2009-13"]
    assert len(months) == 3 and len({f.row for f in months}) == 3
    assert all(frame.at[f.row, "period"] == "2009-13" for f in months)


def test_a_large_file_of_repeated_values_is_checked_on_a_small_frame(fresh_db, monkeypatch):
    spec = TABLES["returns"]
    known = known_values(fresh_db)
    frame = LOADERS["returns"].normalise(read_table(returns_file(4, rows=6000).encode(), "r.csv", categorical=True),
                                         spec, known)
    seen = []
    original = gx.validate

    def spy(checked, checks, batch_definition=None):
        seen.append((len(checked), sorted(c.kind for c in checks)))
        return original(checked, checks, batch_definition)

    monkeypatch.setattr(gx, "validate", spy)
    distinct.validate_checks(frame, spec.suite(known), IN_PROCESS)
    value_frames = [n for n, kinds in seen if "match_regex" in kinds]
    assert value_frames and max(value_frames) < len(frame) / 2  # distinct values, not 6,000 rows
    assert any(n == len(frame) and kinds == ["unique"] for n, kinds in seen)  # the key: every row, one column of codes


def test_great_expectations_does_not_hash_every_cell_of_a_batch(seeded_db, monkeypatch):
    """GX fingerprints a batch by hashing each cell, the bulk of a validation's time at national
    scale; pidash never reads the fingerprint, so the runner turns it off. Still the same report."""
    from great_expectations.execution_engine import pandas_execution_engine

    gx.imported()

    def refuse(frame):
        raise AssertionError(f"a {len(frame)}-row batch was hashed")

    monkeypatch.setattr(pandas_execution_engine, "hash_pandas_dataframe", refuse)
    spec = TABLES["returns"]
    known = known_values(seeded_db)
    raw = read_table(returns_file(seed=3, rows=300).encode(), "returns.csv")
    frame = LOADERS["returns"].normalise(raw, spec, known)
    report = runner.run_suite(frame, [*exists(*spec.required), *spec.suite(known)], "returns.csv", "returns")
    assert not report.success
    failing = {(f.row, f.column, f.value) for f in report.failures}
    assert (raw.index[raw["indicator"].eq("NI999")][0], "indicator", "NI999") in failing


def test_a_categorical_return_normalises_to_the_same_values_as_plain_cells(fresh_db):
    """The loader reads a return as Categoricals (codes into distinct texts); every column it
    derives must hold exactly the values the plain-cell path gives, row for row."""
    spec = TABLES["returns"]
    known = known_values(fresh_db)
    content = returns_file(5).encode()
    coded = LOADERS["returns"].normalise(read_table(content, "r.csv", categorical=True), spec, known)
    plain = LOADERS["returns"].normalise(read_table(content, "r.csv"), spec, known)
    assert list(coded.columns) == list(plain.columns)
    assert all(isinstance(t, pd.CategoricalDtype) for t in coded.dtypes)
    as_plain = pd.DataFrame({c: plain_cells(coded[c]) for c in coded.columns}, index=coded.index)
    pd.testing.assert_frame_equal(as_plain, plain, check_exact=True)
    assert as_plain.at[as_plain.index[0], "_numerator"] == float(plain.at[plain.index[0], "numerator"])
