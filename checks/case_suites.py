"""What each case table of a case load must satisfy, declared as checks/suites.py declares the
returns' (the cross-table rules are in checks/case_rules.py).

The tables and columns are the Standard Safeguarding Dataset's (data-to-insight/ssd-data-model,
data/objects/ssd_*.yml), with one column of pidash's own: `cina_assessment_kind` (initial, core or
single; single when absent). Any other column a file has is dropped on read and never stored.

Helper columns the case loader makes (loads/cases.py) start with `_`: for a date column `c`,
`_c_shape` ('yes' when written YYYY-MM-DD), `_c_exists` (checks.suites.date_exists) and `_c_days`
(days since 1970); for an id column, `_c_length`. Person ids are pseudonymised before any check
runs, so a failure on a person id names pidash's pseudonymous id, never the case system's; a date
of birth is shown as its month only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from checks.suites import Check, TableSpec, not_null, one_of, real_date, unique

MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 60
EARLIEST = dt.date(1900, 1, 1)
EARLIEST_DAYS = (EARLIEST - dt.date(1970, 1, 1)).days
ASSESSMENT_KINDS = ("core", "initial", "single")
DEFAULT_ASSESSMENT_KIND = "single"
FLAG_VALUES = ("N", "Y")
DATE_RULE = "must be a date written YYYY-MM-DD, such as 2009-09-30"
FUTURE_RULE = "must not be a date in the future"


@dataclass(frozen=True)
class CaseTable:
    """One SSD table as pidash keeps it: its columns in the store's order and what each holds."""

    name: str
    columns: tuple[str, ...]  # every column pidash keeps; any other is dropped on read
    required: tuple[str, ...]  # must be present and filled in on every row
    record_id: str  # the row's own id, once per file
    people: tuple[str, ...] = ()  # person ids: replaced by pseudonymous ids on load
    ids: tuple[str, ...] = ()  # other ids, kept as given
    dates: tuple[str, ...] = ()
    future_allowed: tuple[str, ...] = ()  # dates that may lie ahead (a review's due date)
    flags: tuple[str, ...] = ()  # Y or N
    texts: tuple[str, ...] = ()  # short codes or words (sex, ethnicity, placement type)
    month_only: tuple[str, ...] = ()  # dates stored (and shown) as their month: a date of birth

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.required)


CASE_TABLES: dict[str, CaseTable] = {t.name: t for t in [
    CaseTable("ssd_person", ("pers_person_id", "pers_dob", "pers_sex", "pers_ethnicity"),
              required=("pers_person_id",), record_id="pers_person_id", people=("pers_person_id",),
              dates=("pers_dob",), texts=("pers_sex", "pers_ethnicity"), month_only=("pers_dob",)),
    CaseTable("ssd_cin_episodes",
              ("cine_referral_id", "cine_person_id", "cine_referral_date", "cine_referral_nfa", "cine_close_date"),
              required=("cine_referral_id", "cine_person_id", "cine_referral_date"), record_id="cine_referral_id",
              people=("cine_person_id",), ids=("cine_referral_id",),
              dates=("cine_referral_date", "cine_close_date"), flags=("cine_referral_nfa",)),
    CaseTable("ssd_cin_assessments",
              ("cina_assessment_id", "cina_person_id", "cina_referral_id", "cina_assessment_start_date",
               "cina_assessment_auth_date", "cina_assessment_kind"),
              required=("cina_assessment_id", "cina_person_id", "cina_assessment_start_date"),
              record_id="cina_assessment_id", people=("cina_person_id",), ids=("cina_assessment_id", "cina_referral_id"),
              dates=("cina_assessment_start_date", "cina_assessment_auth_date")),
    CaseTable("ssd_cp_plans",
              ("cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
              required=("cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"), record_id="cppl_cp_plan_id",
              people=("cppl_person_id",), ids=("cppl_cp_plan_id",),
              dates=("cppl_cp_plan_start_date", "cppl_cp_plan_end_date")),
    CaseTable("ssd_cp_reviews",
              ("cppr_cp_review_id", "cppr_person_id", "cppr_cp_plan_id", "cppr_cp_review_due", "cppr_cp_review_date"),
              required=("cppr_cp_review_id", "cppr_person_id", "cppr_cp_plan_id", "cppr_cp_review_due"),
              record_id="cppr_cp_review_id", people=("cppr_person_id",), ids=("cppr_cp_review_id", "cppr_cp_plan_id"),
              dates=("cppr_cp_review_due", "cppr_cp_review_date"), future_allowed=("cppr_cp_review_due",)),
    CaseTable("ssd_cla_episodes",
              ("clae_cla_episode_id", "clae_person_id", "clae_cla_id", "clae_cla_episode_start_date",
               "clae_cla_episode_ceased_date", "clae_entered_care_date"),
              required=("clae_cla_episode_id", "clae_person_id", "clae_cla_episode_start_date"),
              record_id="clae_cla_episode_id", people=("clae_person_id",), ids=("clae_cla_episode_id", "clae_cla_id"),
              dates=("clae_cla_episode_start_date", "clae_cla_episode_ceased_date", "clae_entered_care_date")),
    CaseTable("ssd_cla_placement",
              ("clap_cla_placement_id", "clap_cla_id", "clap_person_id", "clap_cla_placement_start_date",
               "clap_cla_placement_end_date", "clap_cla_placement_type"),
              required=("clap_cla_placement_id", "clap_person_id", "clap_cla_placement_start_date"),
              record_id="clap_cla_placement_id", people=("clap_person_id",), ids=("clap_cla_placement_id", "clap_cla_id"),
              dates=("clap_cla_placement_start_date", "clap_cla_placement_end_date"), texts=("clap_cla_placement_type",)),
    CaseTable("ssd_cla_reviews",
              ("clar_cla_review_id", "clar_cla_id", "clar_cla_review_due_date", "clar_cla_review_date",
               "clar_cla_review_cancelled"),
              required=("clar_cla_review_id", "clar_cla_id", "clar_cla_review_due_date"), record_id="clar_cla_review_id",
              ids=("clar_cla_review_id", "clar_cla_id"), dates=("clar_cla_review_due_date", "clar_cla_review_date"),
              future_allowed=("clar_cla_review_due_date",), flags=("clar_cla_review_cancelled",)),
]}

# every person-id column of every table, and the table it is in
PERSON_COLUMNS: dict[str, str] = {c: t.name for t in CASE_TABLES.values() for c in t.people}


def case_suite(table: CaseTable, known: dict[str, Any]) -> list[Check]:
    """The checks one case table's file must pass. `known["today_days"]`: today, in days since 1970."""
    checks = [*not_null(*table.required), unique([table.record_id], table.record_id)]
    for column in (*table.people, *table.ids):
        checks.append(Check("between", f"must be an id of at most {MAX_ID_LENGTH} characters", column,
                            {"column": f"_{column}_length", "min_value": 1, "max_value": MAX_ID_LENGTH}))
    for column in table.dates:
        checks += [
            Check("match_regex", DATE_RULE, column, {"column": f"_{column}_shape", "regex": "^yes$"}),
            real_date(column),
            Check("between", f"must not be before {EARLIEST.year}", column,
                  {"column": f"_{column}_days", "min_value": EARLIEST_DAYS}),
        ]
        if column not in table.future_allowed:
            checks.append(Check("between", FUTURE_RULE, column,
                                {"column": f"_{column}_days", "max_value": known["today_days"]}))
    for column in table.flags:
        checks.append(one_of(column, list(FLAG_VALUES), "Y or N"))
    for column in table.texts:
        checks.append(Check("between", f"must be a code or short description (at most {MAX_TEXT_LENGTH} characters)",
                            column, {"column": f"_{column}_length", "max_value": MAX_TEXT_LENGTH}))
    if table.name == "ssd_cin_assessments":
        checks.append(one_of("cina_assessment_kind", list(ASSESSMENT_KINDS),
                             "the kind of assessment (blank or absent: single)"))
    return checks


def spec(table: CaseTable) -> TableSpec:
    """The table as the runner's TableSpec: its required and optional columns and its suite."""
    return TableSpec(table.name, table.required, table.optional, lambda known: case_suite(table, known))


CASE_SPECS: dict[str, TableSpec] = {name: spec(table) for name, table in CASE_TABLES.items()}
