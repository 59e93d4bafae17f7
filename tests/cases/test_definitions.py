"""Every indicator computed from case records, on literal cases: exactly N and N+1 working days,
weekends and bank holidays, NI 59's change in April 2010, placements across month ends, children
entering and leaving care mid-month, reviews held late or not at all. One real case load (CSV files
in a folder, a real DuckDB file); each test reads the figures of the derived returns load and the
records behind them."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from data import case_queries, store
from indicators.workdays import working_days_between
from loads import pseudonym
from loads.cases import load_cases
from vocab import LoadStatus

from tests.cases.casefiles import (assessment, cla_review, cp_review, episode, person, placement, plan, referral,
                                   write_folder)
from tests.helpers import HOME

PEOPLE = [
    # NI 59 / 60 / 68 / SA45
    *[person(p) for p in ["P59A", "P59B", "P59C", "P59D", "P59E", "P59F", "P59G", "P59H", "P59I", "P59J", "P59K",
                          "P68X", "P68Y", "P60A", "P60B", "PSA1", "PSA2"]],
    # NI 62
    *[person(p) for p in ["P62A", "P62B", "P62C", "P62D", "P62E"]],
    # NI 63: ages matter
    person("P63E", dob="1995-03-10"), person("P63F", dob="1996-01-01"), person("P63G", dob="1993-05-20"),
    person("P63H", dob="1997-02-02"), person("P63I", dob="1998-07-07"), person("P63J", dob="1996-04-04"),
    # NI 64 / 65 / 67
    *[person(p) for p in ["P64A", "P64B", "P64C", "P65A", "P65B"]],
]

REFERRALS = [
    referral("R59A", "P59A", "2009-05-01"), referral("R59B", "P59B", "2009-05-01"),
    referral("R59C", "P59C", "2009-05-20"), referral("R59D", "P59D", "2009-06-06"),
    referral("R59E", "P59E", "2009-06-06"), referral("R59F", "P59F", "2009-12-23"),
    referral("R59G", "P59G", "2009-12-23"), referral("R59H", "P59H", "2010-03-17"),
    referral("R59I", "P59I", "2010-03-22"), referral("R59J", "P59J", "2010-04-01"),
    referral("R59K", "P59K", "2010-04-01"),
    referral("R68X", "P68X", "2009-05-25", nfa="Y", closed="2009-05-26"), referral("R68Y", "P68Y", "2009-05-11"),
]

ASSESSMENTS = [
    # NI 59 (initial, from the referral date)
    assessment("A59A", "P59A", "R59A", "2009-05-01", "2009-05-13"),  # Fri 1 May, Mon 4 May a bank holiday: 7
    assessment("A59B", "P59B", "R59B", "2009-05-01", "2009-05-14"),  # 8
    assessment("A59C", "P59C", "R59C", "2009-05-20", "2009-05-20"),  # same day: 0
    assessment("A59D", "P59D", "R59D", "2009-06-06", "2009-06-16"),  # from a Saturday: 7
    assessment("A59E", "P59E", "R59E", "2009-06-08", "2009-06-17"),  # 8
    assessment("A59F", "P59F", "R59F", "2009-12-23", "2010-01-06"),  # over Christmas and New Year: 7
    assessment("A59G", "P59G", "R59G", "2009-12-23", "2010-01-07"),  # 8
    assessment("A59H", "P59H", "R59H", "2010-03-17", "2010-03-29"),  # 8, March 2010: out of time (7)
    assessment("A59I", "P59I", "R59I", "2010-03-22", "2010-04-01"),  # 8, April 2010: in time (10)
    assessment("A59J", "P59J", "R59J", "2010-04-01", "2010-04-19"),  # over Easter: 10
    assessment("A59K", "P59K", "R59K", "2010-04-01", "2010-04-20"),  # 11
    # NI 68: a referral assessed only by a core assessment does not count
    assessment("A68Y", "P68Y", "R68Y", "2009-05-12", "2009-05-28", kind="core"),
    # NI 60 (core, from their start)
    assessment("A60A", "P60A", "", "2009-09-01", "2009-10-20", kind="core"),  # 35
    assessment("A60B", "P60B", "", "2009-09-01", "2009-10-21", kind="core"),  # 36
    # SA45 (single; a blank kind is single)
    assessment("ASA1", "PSA1", "", "2010-06-01", "2010-08-03", kind=""),  # 45
    assessment("ASA2", "PSA2", "", "2010-06-01", "2010-08-04", kind="single"),  # 46
]

EPISODES = [
    episode("E62A", "P62A", "C62A", "2008-01-01"),
    episode("E62B", "P62B", "C62B", "2009-05-14"),  # enters care mid-May
    episode("E62C", "P62C", "C62C", "2008-10-01", ceased="2009-05-31"),  # leaves on May's last day
    episode("E62D", "P62D", "C62D", "2008-10-01", ceased="2009-06-01"),  # leaves on 1 June
    episode("E62E", "P62E", "C62E", "2008-01-01"),
    episode("E63E", "P63E", "C63E", "2006-11-30", entered="2006-11-30"),
    episode("E63F", "P63F", "C63F", "2006-12-01", entered="2006-12-01"),
    episode("E63G", "P63G", "C63G", "2005-01-01", entered="2005-01-01"),
    episode("E63H1", "P63H", "C63H", "2006-01-10", ceased="2008-01-10"),  # two episodes, one period of care,
    episode("E63H2", "P63H", "C63H", "2008-01-10"),  # and no entered-care date: the episodes tell
    episode("E63I1", "P63I", "C63I1", "2005-01-01", ceased="2008-01-01"),  # left care, back the next day:
    episode("E63I2", "P63I", "C63I2", "2008-01-02"),  # a new period of care
    episode("E63J", "P63J", "C63J", "2006-06-01", entered="2006-06-01"),
]

PLACEMENTS = [
    placement("L62A1", "C62A", "P62A", "2008-01-01", "2008-06-30"),
    placement("L62A2", "C62A", "P62A", "2008-06-30", "2009-02-15"),  # moves on the day the last one ended
    placement("L62A3", "C62A", "P62A", "2009-02-15"),
    placement("L62B", "C62B", "P62B", "2009-05-14"),
    placement("L62E1", "C62E", "P62E", "2008-01-01", "2008-06-01"),  # ends on the first day of May 2009's 12 months
    placement("L62E2", "C62E", "P62E", "2008-06-01", "2009-01-01"),
    placement("L62E3", "C62E", "P62E", "2009-01-01"),
    placement("L62C", "C62C", "P62C", "2008-10-01", "2009-05-31"),
    placement("L62D", "C62D", "P62D", "2008-10-01", "2009-06-01"),
    placement("L63E1", "C63E", "P63E", "2006-11-30", "2007-05-31"),
    placement("L63E2", "C63E", "P63E", "2007-05-31"),
    placement("L63F", "C63F", "P63F", "2006-12-01"),
    placement("L63G", "C63G", "P63G", "2005-01-01"),
    placement("L63H1", "C63H", "P63H", "2006-01-10", "2008-03-01"),
    placement("L63H2", "C63H", "P63H", "2008-03-01"),
    placement("L63I1", "C63I1", "P63I", "2005-01-01", "2008-01-01"),
    placement("L63I2", "C63I2", "P63I", "2008-01-02"),
    placement("L63J1", "C63J", "P63J", "2006-06-01", "2007-06-15"),
    placement("L63J2", "C63J", "P63J", "2007-06-15"),  # two years in the placement on 15 June 2009
]

PLANS = [
    plan("CP64A", "P64A", "2007-05-10", "2009-05-10"),  # exactly two years
    plan("CP64B", "P64B", "2007-05-11", "2009-05-10"),  # a day short
    plan("CP64C", "P64C", "2008-01-01", "2009-06-01"),
    plan("CP65A1", "P65A", "2008-01-01", "2008-06-01"),
    plan("CP65A2", "P65A", "2009-05-05"),  # a second plan
    plan("CP65B", "P65B", "2009-05-20"),  # a first plan
]

CP_REVIEWS = [
    cp_review("CR1", "P64C", "CP64C", "2009-05-12", "2009-05-12"),  # on the day due: on time
    cp_review("CR2", "P64C", "CP64C", "2009-05-13"),  # never held: late
    cp_review("CR3", "P64C", "CP64C", "2009-05-14", "2009-05-15"),  # a day late
    cp_review("CR4", "P64C", "CP64C", "2009-04-30", "2009-05-02"),  # due in April, held in May: April's, late
]

CLA_REVIEWS = [
    cla_review("LR1", "C62A", "2009-05-05", "2009-05-05"),
    cla_review("LR2", "C62A", "2009-05-06", "2009-05-01"),
    cla_review("LR3", "C62A", "2009-05-07", "2009-05-08"),
    cla_review("LR4", "C62A", "2009-05-08"),  # not held
    cla_review("LR5", "C62A", "2009-05-09", cancelled="Y"),  # cancelled: not counted at all
    cla_review("LR6", "C62A", "2009-06-03", "2009-05-30"),  # due in June, held early in May
]

TABLES = {
    "ssd_person": PEOPLE, "ssd_cin_episodes": REFERRALS, "ssd_cin_assessments": ASSESSMENTS,
    "ssd_cp_plans": PLANS, "ssd_cp_reviews": CP_REVIEWS, "ssd_cla_episodes": EPISODES,
    "ssd_cla_placement": PLACEMENTS, "ssd_cla_reviews": CLA_REVIEWS,
}


@pytest.fixture(scope="module")
def loaded(fresh_template, tmp_path_factory):
    work = tmp_path_factory.mktemp("definitions")
    path = work / "cases.duckdb"
    shutil.copy(fresh_template, path)
    con = store.connect(path)
    outcome = load_cases(con, write_folder(work / "cases", TABLES), "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()
    yield con, outcome
    con.close()


def figure(loaded, code: str, month: str) -> tuple[int, int]:
    con, outcome = loaded
    rows = con.execute(
        "SELECT numerator, denominator FROM indicator_return WHERE org = ? AND indicator = ? "
        "AND period = ?::DATE AND superseded_by IS NULL AND load_id = ?",
        [HOME, code, month + "-01", outcome.derived.load_id]).fetchall()
    assert len(rows) == 1, f"{code} {month}: {rows}"
    return rows[0]


def records(loaded, code: str, month: str, version: int = 1):
    con, outcome = loaded
    first = dt.date.fromisoformat(month + "-01")
    found = case_queries.run_definition(con, code, version, outcome.load_id, first, first)
    key = pseudonym.load_key(con, create=False)
    raw = {pseudonym.pseudonym(key, HOME, p["pers_person_id"]): p["pers_person_id"] for p in PEOPLE}
    return found.assign(person=found["person_id"].map(raw))


def counted(found) -> set[str]:
    return set(found.loc[found["counted"], "person"])


def everyone(found) -> set[str]:
    return set(found["person"])


@pytest.mark.parametrize(("start", "end", "days"), [
    ("2009-05-01", "2009-05-13", 7), ("2009-05-01", "2009-05-14", 8), ("2009-05-20", "2009-05-20", 0),
    ("2009-06-06", "2009-06-16", 7), ("2009-06-06", "2009-06-17", 8), ("2009-12-23", "2010-01-06", 7),
    ("2009-12-23", "2010-01-07", 8), ("2010-03-17", "2010-03-29", 8), ("2010-03-22", "2010-04-01", 8),
    ("2010-04-01", "2010-04-19", 10), ("2010-04-01", "2010-04-20", 11), ("2009-09-01", "2009-10-20", 35),
    ("2009-09-01", "2009-10-21", 36), ("2010-06-01", "2010-08-03", 45), ("2010-06-01", "2010-08-04", 46),
])
def test_the_literal_cases_count_the_working_days_the_helper_counts(start, end, days):
    """The hand-counted days above agree with indicators.workdays (tested on its own)."""
    assert working_days_between(start, end) == days


def test_ni59_counts_7_working_days_as_in_time_and_8_as_late(loaded):
    assert figure(loaded, "NI59", "2009-05") == (2, 3)
    found = records(loaded, "NI59", "2009-05")
    assert dict(zip(found["person"], found["measure"])) == {"P59A": 7, "P59B": 8, "P59C": 0}
    assert counted(found) == {"P59A", "P59C"}


def test_ni59_counts_from_a_referral_on_a_saturday_and_over_christmas(loaded):
    assert figure(loaded, "NI59", "2009-06") == (1, 2)
    assert counted(records(loaded, "NI59", "2009-06")) == {"P59D"}
    assert figure(loaded, "NI59", "2010-01") == (1, 2)
    found = records(loaded, "NI59", "2010-01")
    assert dict(zip(found["person"], found["measure"])) == {"P59F": 7, "P59G": 8}
    assert counted(found) == {"P59F"}


def test_ni59_allows_10_working_days_from_april_2010(loaded):
    """8 working days is late in March 2010 (version 1) and in time in April (version 2)."""
    assert figure(loaded, "NI59", "2010-03") == (0, 1)
    assert figure(loaded, "NI59", "2010-04") == (2, 3)
    found = records(loaded, "NI59", "2010-04", version=2)
    assert dict(zip(found["person"], found["measure"])) == {"P59I": 8, "P59J": 10, "P59K": 11}
    assert counted(found) == {"P59I", "P59J"}
    con, outcome = loaded
    notes = dict(con.execute("SELECT strftime(period, '%Y-%m'), note FROM indicator_return WHERE indicator = 'NI59' "
                             "AND load_id = ? AND period IN ('2010-03-01', '2010-04-01')",
                             [outcome.derived.load_id]).fetchall())
    assert notes == {"2010-03": "computed from case records (definition v1)",
                     "2010-04": "computed from case records (definition v2)"}


def test_ni60_counts_35_working_days_as_in_time_and_36_as_late(loaded):
    assert figure(loaded, "NI60", "2009-10") == (1, 2)
    assert counted(records(loaded, "NI60", "2009-10")) == {"P60A"}
    assert figure(loaded, "NI60", "2009-05") == (1, 1)  # the core assessment of referral R68Y


def test_sa45_counts_single_assessments_45_working_days_in_time_and_a_blank_kind_is_single(loaded):
    assert figure(loaded, "SA45", "2010-08") == (1, 2)
    assert counted(records(loaded, "SA45", "2010-08")) == {"PSA1"}


def test_ni68_counts_referrals_with_an_initial_assessment_only(loaded):
    assert figure(loaded, "NI68", "2009-05") == (3, 5)
    found = records(loaded, "NI68", "2009-05")
    assert counted(found) == {"P59A", "P59B", "P59C"}
    assert everyone(found) - counted(found) == {"P68X", "P68Y"}


LOOKED_AFTER_ON_31_MAY = {"P62A", "P62B", "P62D", "P62E", "P63E", "P63F", "P63G", "P63H", "P63I", "P63J"}


def test_ni62_children_looked_after_on_the_months_last_day_entering_and_leaving_mid_month(loaded):
    found = records(loaded, "NI62", "2009-05")
    assert everyone(found) == LOOKED_AFTER_ON_31_MAY  # B came in mid-May; C left on 31 May, D on 1 June
    assert counted(found) == {"P62A", "P62E"}
    assert figure(loaded, "NI62", "2009-05") == (2, 10)
    april = records(loaded, "NI62", "2009-04")
    assert {"P62C", "P62D"} <= everyone(april) and "P62B" not in everyone(april)


def test_ni62_a_placement_running_when_the_12_months_began_counts_once(loaded):
    """P62A's first placement ended on 30 June 2008: inside May 2009's 12 months (from 1 June
    2008), outside June's (from 1 July 2008); P62E's ended on 1 June 2008, the first day of May's."""
    may = records(loaded, "NI62", "2009-05").set_index("person")
    june = records(loaded, "NI62", "2009-06").set_index("person")
    assert (may.loc["P62A", "measure"], bool(may.loc["P62A", "counted"])) == (3, True)
    assert (june.loc["P62A", "measure"], bool(june.loc["P62A", "counted"])) == (2, False)
    assert (may.loc["P62E", "measure"], june.loc["P62E", "measure"]) == (3, 2)
    assert str(may.loc["P62A", "from_date"])[:10] == "2008-06-01"
    assert "P62D" not in june.index and figure(loaded, "NI62", "2009-06")[0] == 0


def test_ni63_under_16_looked_after_two_and_a_half_years_in_the_same_placement_two(loaded):
    may = records(loaded, "NI63", "2009-05")
    assert everyone(may) == {"P63E", "P63H", "P63J"}  # F short of 2½ years; G 16 in May; I's care broke for a day
    assert counted(may) == {"P63E"}  # exactly 2½ years in care and 2 years in the placement; J two weeks short
    assert figure(loaded, "NI63", "2009-05") == (1, 3)
    april = records(loaded, "NI63", "2009-04")
    assert everyone(april) == {"P63G", "P63H", "P63J"} and counted(april) == {"P63G"}  # G still 15 on 30 April
    june = records(loaded, "NI63", "2009-06")
    assert everyone(june) == {"P63E", "P63F", "P63H", "P63J"} and counted(june) == {"P63E", "P63F", "P63J"}


def test_ni63_a_period_of_care_runs_across_contiguous_episodes(loaded):
    may = records(loaded, "NI63", "2009-05").set_index("person")
    assert str(may.loc["P63H", "from_date"])[:10] == "2006-01-10"


def test_ni64_plans_ending_in_the_month_that_lasted_two_years(loaded):
    assert figure(loaded, "NI64", "2009-05") == (1, 2)
    assert counted(records(loaded, "NI64", "2009-05")) == {"P64A"}
    assert figure(loaded, "NI64", "2009-06") == (0, 1)


def test_ni65_plans_starting_in_the_month_for_a_child_with_an_earlier_plan(loaded):
    assert figure(loaded, "NI65", "2009-05") == (1, 2)
    found = records(loaded, "NI65", "2009-05").set_index("person")
    assert bool(found.loc["P65A", "counted"]) and not bool(found.loc["P65B", "counted"])
    assert str(found.loc["P65A", "to_date"])[:10] == "2008-06-01"


def test_ni66_reviews_due_in_the_month_not_cancelled_held_on_or_before_the_due_date(loaded):
    assert figure(loaded, "NI66", "2009-05") == (2, 4)
    found = records(loaded, "NI66", "2009-05").set_index("record_id")
    assert sorted(found.index) == ["LR1", "LR2", "LR3", "LR4"]
    assert found.loc[["LR1", "LR2"], "counted"].all() and not found.loc[["LR3", "LR4"], "counted"].any()
    assert set(found["person"]) == {"P62A"}  # the child of the review's period of care
    assert figure(loaded, "NI66", "2009-06") == (1, 1)


def test_ni67_a_review_not_held_is_late(loaded):
    assert figure(loaded, "NI67", "2009-05") == (1, 3)
    found = records(loaded, "NI67", "2009-05").set_index("record_id")
    assert bool(found.loc["CR1", "counted"]) and not found.loc[["CR2", "CR3"], "counted"].any()
    assert figure(loaded, "NI67", "2009-04") == (0, 1)


def test_every_month_the_records_cover_is_computed_and_empty_months_are_zero(loaded):
    con, outcome = loaded
    months = con.execute("SELECT DISTINCT strftime(period, '%Y-%m') FROM indicator_return WHERE load_id = ? "
                         "ORDER BY 1", [outcome.derived.load_id]).fetchall()
    months = [m for (m,) in months]
    assert months[0] == "2007-04" and months[-1] == "2010-08"  # from the first definition in force to the last record
    assert len(months) == 41
    assert figure(loaded, "NI64", "2008-02") == (0, 0)
    assert {d["indicator"] for d in outcome.computed} == {"NI59", "NI60", "NI62", "NI63", "NI64", "NI65", "NI66",
                                                           "NI67", "NI68", "SA45"}
