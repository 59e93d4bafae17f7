"""What makes a case load fast gives what the plain way gives (issue 17, "Speed, in make bench").

Every table's checks run as one great-expectations run, checks of the same kind and arguments
stacked into one expectation (checks/distinct.py); great-expectations judges each expectation
first for its verdict alone and lists the failing rows only of those that failed (checks/gx.py);
the normaliser works once per distinct text, and each child's pseudonymous id is made once for
all the tables that name them (loads/cases.py); one working-day calendar serves every
definition's query (data/case_queries.py); monthly_counts counts with numpy. Each is held here
to the plain way: great-expectations on each table's whole frame with every row listed, the
helpers of checks/suites.py and loads/normalise.py, a calendar per query.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from checks import gx, runner
from checks.case_suites import CASE_SPECS, CASE_TABLES
from checks.distinct import validate_many
from checks.gx import IN_PROCESS
from checks.suites import Check, date_exists, exists
from data import case_queries
from indicators.case_indicators import monthly_counts
from loads import pseudonym
from loads.cases import Pseudonyms, load_cases, normalise_table
from loads.normalise import days
from loads.pipeline import known_values
from vocab import LoadStatus

from tests.cases.casefiles import minimal, write_folder
from tests.helpers import HOME

KEY = bytes(range(32))
DATES = ["2009-09-30", "2009-9-30", "2009-02-30", "30/09/2009", "2009-13-01", None, "0001-01-01", "9999-12-31",
         "2009-09-30T00:00", "２００９-09-30", "2009-09-30", "1899-12-31", "2262-04-12", "2262-04-11", "1677-09-21",
         "2009-09-3", "20090930", "2009-09-30 ", "2009-09-31", None]


def raw_frame(columns: dict[str, list]) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    return pd.DataFrame(columns, dtype=object, index=pd.RangeIndex(2, size + 2, name="row"))


def test_date_helpers_are_those_of_the_checks_and_the_normaliser():
    raw = raw_frame({"pers_person_id": [f"p{i % 6}" if i % 7 else None for i in range(len(DATES))],
                     "pers_dob": DATES, "pers_sex": ["F"] * len(DATES)})
    frame, _, _ = normalise_table(raw, CASE_TABLES["ssd_person"], KEY, HOME)
    text = raw["pers_dob"].astype("string")
    shaped = text.str.fullmatch(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").fillna(False)
    assert frame["_pers_dob_exists"].tolist() == date_exists(raw["pers_dob"]).tolist()
    assert np.array_equal(frame["_pers_dob_days"].to_numpy(), days(raw["pers_dob"]).to_numpy(), equal_nan=True)
    assert [None if pd.isna(v) else v for v in frame["_pers_dob_shape"]] == [
        None if t is pd.NA else ("yes" if s else "no") for t, s in zip(text, shaped)]
    assert [None if pd.isna(v) else v for v in frame["pers_dob"]] == [
        None if t is pd.NA else (t[:7] + "-**" if s else "(not shown)") for t, s in zip(text, shaped)]


def test_flags_kinds_and_lengths_are_worked_out_per_distinct_text_as_per_row():
    raw = raw_frame({"clar_cla_review_id": ["a", "b", "c", "d", "e", None, "g"],
                     "clar_cla_id": ["x", "x" * 70, "y", None, "y", "z", "x"],
                     "clar_cla_review_due_date": ["2009-01-01"] * 7,
                     "clar_cla_review_cancelled": ["y", " yes ", "0", "maybe", None, "TRUE", "y"]})
    frame, _, _ = normalise_table(raw, CASE_TABLES["ssd_cla_reviews"], KEY, HOME)
    assert frame["clar_cla_review_cancelled"].tolist()[:4] == ["Y", "Y", "N", "MAYBE"]
    assert frame["clar_cla_review_cancelled"].iloc[4] is pd.NA and frame["clar_cla_review_cancelled"].iloc[5] == "Y"
    lengths = frame["_clar_cla_id_length"].tolist()
    assert lengths[:3] == [1.0, 70.0, 1.0] and np.isnan(lengths[3])
    raw = raw_frame({"cina_assessment_id": ["a", "b", "c"], "cina_person_id": ["p", "p", "q"],
                     "cina_assessment_start_date": ["2009-01-01"] * 3, "cina_assessment_kind": [" Initial", None, "CORE"]})
    frame, _, _ = normalise_table(raw, CASE_TABLES["ssd_cin_assessments"], KEY, HOME)
    assert frame["cina_assessment_kind"].tolist() == ["initial", "single", "core"]


def test_a_childs_pseudonymous_id_is_made_once_and_is_the_same_in_every_table():
    shared = Pseudonyms(KEY, HOME)
    ids = pd.Series(["P1", None, "P2", "P1"], index=pd.RangeIndex(2, 6, name="row"), dtype=object)
    first = shared(ids)
    again = shared(pd.Series(["P2", "P3"], dtype=object))
    assert first.tolist() == [pseudonym.pseudonym(KEY, HOME, "P1"), None, pseudonym.pseudonym(KEY, HOME, "P2"),
                              pseudonym.pseudonym(KEY, HOME, "P1")]
    assert again.tolist() == pseudonym.pseudonyms(KEY, HOME, pd.Series(["P2", "P3"], dtype=object)).tolist()
    assert set(shared.known) == {"P1", "P2", "P3"} and first.index.equals(ids.index)


def hostile_tables() -> dict[str, pd.DataFrame]:
    """Normalised case tables with a problem of nearly every kind, some repeated across tables."""
    tables = {
        "ssd_person": {"pers_person_id": ["P1", "P2", "P3", None, "P1", "P6"],
                       "pers_dob": ["2001-02-03", "2001-02-30", "03/02/2001", "1850-01-01", None, "2001-05-06"],
                       "pers_sex": ["F", "M", "x" * 70, None, "F", "M"]},
        "ssd_cin_episodes": {"cine_referral_id": ["R1", "R2", "R2", "R" * 70, None],
                             "cine_person_id": ["P1", "P2", None, "P3", "P1"],
                             "cine_referral_date": ["2009-01-01", "2099-01-01", "2009-13-01", None, "2009-01-05"],
                             "cine_referral_nfa": ["Y", "maybe", " n ", None, "TRUE"]},
        "ssd_cin_assessments": {"cina_assessment_id": ["A1", "A2", "A2"], "cina_person_id": ["P1", "P1", "P2"],
                                "cina_assessment_start_date": ["2009-01-02", "2009-02-30", None],
                                "cina_assessment_kind": ["initial", "weird", None]},
        "ssd_cla_reviews": {"clar_cla_review_id": ["V1", "V2", "V2", None], "clar_cla_id": ["C1", "C1", None, "C2"],
                            "clar_cla_review_due_date": ["2030-01-01", "2009-01-01", "bad", None],
                            "clar_cla_review_cancelled": ["Y", "N", "X", None]},
    }
    return {name: normalise_table(raw_frame(columns), CASE_TABLES[name], KEY, HOME)[0]
            for name, columns in tables.items()}


def plain(frame: pd.DataFrame, checks: list[Check], file: str):
    """The reference: every check by great-expectations on the whole frame, every failing row listed."""
    batch_definition = gx._batch_definition()
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    by_check = {o.check: o for o in gx._run(batch, checks, range(len(checks)), gx.COMPLETE)}
    return [runner._result(check, by_check[i], frame, file) for i, check in enumerate(checks)]


def described(results) -> list[tuple]:
    return [(r.expectation, r.column, r.rule, r.success, r.unexpected_count,
             [(f.row, f.column, None if pd.isna(f.value) else f.value, f.rule) for f in r.failures]) for r in results]


def test_every_tables_checks_stacked_in_one_run_give_each_tables_own_report(fresh_db):
    known = known_values(fresh_db)
    tables = hostile_tables()
    suites = [(frame, [c for c in [*exists(*CASE_SPECS[name].required), *CASE_SPECS[name].suite(known)]
                       if runner._columns_present(c, frame)], f"{name}.csv", name)
              for name, frame in tables.items()]
    stacked = runner.run_suites(suites, IN_PROCESS)
    for (frame, checks, file, name), report in zip(suites, stacked):
        assert described(report.results) == described(plain(frame, checks, file)), name
    failed = {r.rule for report in stacked for r in report.results if not r.success}
    assert len(failed) >= 9  # the tables really exercise most rules


def test_a_table_missing_a_required_column_is_reported_as_alone(fresh_db):
    known = known_values(fresh_db)
    frame = hostile_tables()["ssd_cla_reviews"].drop(columns=["clar_cla_review_due_date"])
    checks = [*exists(*CASE_SPECS["ssd_cla_reviews"].required), *CASE_SPECS["ssd_cla_reviews"].suite(known)]
    person = hostile_tables()["ssd_person"]
    person_checks = [*exists(*CASE_SPECS["ssd_person"].required), *CASE_SPECS["ssd_person"].suite(known)]
    together = runner.run_suites([(frame, checks, "r.csv", "ssd_cla_reviews"),
                                  (person, person_checks, "p.csv", "ssd_person")])
    alone = runner.run_suite(frame, checks, "r.csv", "ssd_cla_reviews")
    assert described(together[0].results) == described(alone.results)
    assert [r.success for r in together[0].results] == [True, True, False]  # presence only, as before
    assert described(together[1].results) == described(runner.run_suite(person, person_checks, "p.csv", "ssd_person").results)


def test_one_run_of_great_expectations_checks_a_whole_case_load(fresh_db, monkeypatch):
    calls = []
    original = gx.validate_jobs

    def spy(jobs):
        calls.append([(len(frame), len(checks)) for frame, checks in jobs])
        return original(jobs)

    monkeypatch.setattr(gx, "validate_jobs", spy)
    known = known_values(fresh_db)
    tables = hostile_tables()
    every = [c for name in tables for c in CASE_SPECS[name].suite(known)]
    validate_many([(frame, CASE_SPECS[name].suite(known)) for name, frame in tables.items()], IN_PROCESS)
    assert len(calls) == 1
    expectations = sum(n for _, n in calls[0])
    kinds = {(c.kind, str(sorted((k, v) for k, v in c.args.items() if k != "column"))) for c in every}
    assert expectations == len(kinds) < len(every) / 3  # one expectation per kind of check, not one per column


@pytest.mark.parametrize("failing", [False, True])
def test_a_verdict_first_then_failing_rows_gives_great_expectations_complete_outcome(failing):
    frame = pd.DataFrame({"a": [1.0, 5.0, np.nan, 7.0], "b": ["yes", "no" if failing else "yes", None, "yes"]},
                         index=pd.RangeIndex(2, 6, name="row"))
    checks = [Check("between", "r1", "a", {"column": "a", "max_value": 6 if failing else 9}),
              Check("match_regex", "r2", "b", {"column": "b", "regex": "^yes$"}),
              Check("not_null", "r3", "b", {"column": "b"}),
              Check("column_exists", "r4", "c", {"column": "c"})]
    fast = gx.validate(frame, checks)
    batch = gx._batch_definition().get_batch(batch_parameters={"dataframe": frame})
    reference = gx._run(batch, checks, range(len(checks)), gx.COMPLETE)
    assert [runner._result(c, o, frame, "f.csv") for c, o in zip(checks, fast)] == \
           [runner._result(c, o, frame, "f.csv") for c, o in zip(checks, reference)]


def test_monthly_counts_are_counted_as_grouped_by_month():
    months = pd.date_range("2008-01-01", "2009-12-01", freq="MS")
    rng = np.random.default_rng(7)
    records = pd.DataFrame({"period": rng.choice(months, 500), "counted": pd.Series(rng.choice([True, False, None], 500))})
    counts = monthly_counts(records, dt.date(2008, 1, 1), dt.date(2009, 12, 1))
    grouped = records.assign(counted=records["counted"].fillna(False).astype(bool)).groupby("period")["counted"]
    expected = pd.DataFrame({"numerator": grouped.sum(), "denominator": grouped.size()}).reindex(months, fill_value=0)
    assert counts["period"].tolist() == [m.date() for m in months]
    assert counts["numerator"].tolist() == expected["numerator"].tolist()
    assert counts["denominator"].tolist() == expected["denominator"].tolist()
    assert counts.dtypes.tolist()[1:] == [np.dtype("int64")] * 2
    with pytest.raises(ValueError, match="outside 2008-02-01–2009-12-01: 2008-01-01"):
        monthly_counts(records, dt.date(2008, 2, 1), dt.date(2009, 12, 1))
    with pytest.raises(ValueError, match="2009-05-15"):
        monthly_counts(pd.DataFrame({"period": pd.to_datetime(["2009-05-15"]), "counted": [True]}),
                       dt.date(2009, 1, 1), dt.date(2009, 12, 1))
    blank = monthly_counts(pd.DataFrame({"period": pd.to_datetime([None]), "counted": [True]}),
                           dt.date(2009, 1, 1), dt.date(2009, 2, 1))
    assert blank["denominator"].tolist() == [0, 0]


def test_one_calendar_for_every_definition_gives_each_querys_own_records(fresh_db, tmp_path):
    outcome = load_cases(fresh_db, write_folder(tmp_path / "cases", minimal()), "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    first, last = dt.date(2008, 1, 1), dt.date(2009, 8, 1)
    calendar = case_queries.definition_calendar(fresh_db, outcome.load_id, first, last)
    for used in outcome.computed:
        span = (dt.date.fromisoformat(used["first_month"] + "-01"), dt.date.fromisoformat(used["last_month"] + "-01"))
        own = case_queries.run_definition(fresh_db, used["indicator"], used["version"], outcome.load_id, *span)
        shared = case_queries.run_definition(fresh_db, used["indicator"], used["version"], outcome.load_id, *span,
                                             calendar=calendar)
        def in_order(records):  # the queries have no ORDER BY: DuckDB may give the rows in any order
            return records.sort_values(list(records.columns), kind="stable").reset_index(drop=True)

        pd.testing.assert_frame_equal(in_order(own), in_order(shared))
