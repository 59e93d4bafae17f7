"""Rules across the tables of one case load, in the style of the DfE validators
(data-to-insight/csc-validator-be-cin, -903): each rule is a small function registered with a code,
the table whose rows it reports, the fields it concerns, a plain message and a severity — `error`
(the whole case load is rejected and nothing is written) or `query` (the load is accepted and the
finding kept in its report for the Data quality page; codes ending in Q). `validate` returns the
failing rows of its table, as file row numbers.

The frames are the case loader's (loads/cases.py): one per table, indexed by file row, person ids
already pseudonymised, each date column `c` with its `_c_days` (days since 1970, missing where blank
or not a date, which the table's suite reports). A finding names the table, the row, the field,
the code and the rule, and the child by pidash's pseudonymous id: never a case-system id or a name.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from checks.case_suites import CASE_TABLES
from vocab.cases import Severity

Frames = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class CaseRule:
    code: str
    table: str  # whose rows are reported
    fields: tuple[str, ...]  # the fields it concerns; the first is the one reported
    message: str
    severity: Severity
    validate: Callable[[Frames], pd.Index]


@dataclass(frozen=True)
class Finding:
    """One failing row of one rule."""

    code: str
    severity: str
    table: str
    row: int
    field: str
    person: str | None  # pidash's pseudonymous id
    message: str

    def __str__(self) -> str:
        who = f" (person {self.person})" if self.person else ""
        return f"{self.table} row {self.row}, field '{self.field}': {self.code} {self.message}{who}"

    def to_dict(self) -> dict:
        return asdict(self)


RULES: list[CaseRule] = []


def rule(code: str, table: str, fields: tuple[str, ...], message: str, severity: Severity = Severity.ERROR):
    """Register `validate` as a rule (the validators' @rule_definition)."""
    if table not in CASE_TABLES or any(f not in CASE_TABLES[table].columns and f != "pers_dob" for f in fields):
        raise ValueError(f"rule {code}: unknown table or field in {table} {fields}")

    def register(validate: Callable[[Frames], pd.Index]) -> Callable[[Frames], pd.Index]:
        RULES.append(CaseRule(code, table, fields, message, Severity(severity), validate))
        return validate

    return register


def run_rules(frames: Frames, rules: list[CaseRule] | None = None) -> list[Finding]:
    """Every rule's failing rows, errors before queries, then by table and row."""
    found = []
    for r in RULES if rules is None else rules:
        rows = r.validate(frames)
        people = person_of(frames, r.table)
        for row in sorted(int(x) for x in rows):
            person = people.get(row)
            found.append(Finding(r.code, r.severity.value, r.table, row, r.fields[0],
                                 None if person is None or pd.isna(person) else str(person), r.message))
    order = {Severity.ERROR.value: 0, Severity.QUERY.value: 1}
    return sorted(found, key=lambda f: (order[f.severity], list(CASE_TABLES).index(f.table), f.row, f.code))


def person_of(frames: Frames, table: str) -> pd.Series:
    """Each row's pseudonymous person id; a looked-after child's review has none of its own, so
    it is the child of the episode with the review's CLA id."""
    frame = frames[table]
    people = CASE_TABLES[table].people
    if people:
        return frame[people[0]]
    episodes = frames["ssd_cla_episodes"].dropna(subset=["clae_cla_id"]).drop_duplicates("clae_cla_id")
    return frame["clar_cla_id"].map(dict(zip(episodes["clae_cla_id"], episodes["clae_person_id"])))


# --- helpers --------------------------------------------------------------------------------

def days(frame: pd.DataFrame, column: str) -> pd.Series:
    """A date column as days since 1970 (NaN where blank or not a date)."""
    return frame[f"_{column}_days"].astype("float64")


def failing(condition: pd.Series) -> pd.Index:
    return condition.index[condition.fillna(False).to_numpy(dtype=bool)]


def looked_up(frame: pd.DataFrame, key: str, other: pd.DataFrame, other_key: str, value: pd.Series) -> pd.Series:
    """For each row of `frame`, `value` (a column of `other`) on the row of `other` whose `other_key`
    equals the row's `key` (the first such row); NaN where there is none."""
    table = pd.DataFrame({"key": other[other_key].to_numpy(), "value": value.to_numpy()}).dropna(subset=["key"])
    mapping = table.drop_duplicates("key").set_index("key")["value"]
    return frame[key].map(mapping).astype("float64")


def unknown(frame: pd.DataFrame, column: str, other: pd.DataFrame, other_column: str) -> pd.Index:
    """Rows whose `column` is filled in but names nothing in `other[other_column]`."""
    given = frame[column].notna()
    return failing(given & ~frame[column].isin(set(other[other_column].dropna())))


def _reference(code, table, column, target, target_column, what):
    @rule(code, table, (column,), f"names {what} that is not in {target}")
    def validate(frames: Frames) -> pd.Index:
        return unknown(frames[table], column, frames[target], target_column)

    return validate


# --- a record naming a person, referral, plan or period of care that is not there (errors) ---

for _code, _table, _column in [("C101", "ssd_cin_episodes", "cine_person_id"),
                                ("C102", "ssd_cin_assessments", "cina_person_id"),
                                ("C103", "ssd_cp_plans", "cppl_person_id"),
                                ("C104", "ssd_cp_reviews", "cppr_person_id"),
                                ("C105", "ssd_cla_episodes", "clae_person_id"),
                                ("C106", "ssd_cla_placement", "clap_person_id")]:
    _reference(_code, _table, _column, "ssd_person", "pers_person_id", "a person")

_reference("C111", "ssd_cin_assessments", "cina_referral_id", "ssd_cin_episodes", "cine_referral_id", "a referral")
_reference("C112", "ssd_cp_reviews", "cppr_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id", "a child protection plan")
_reference("C113", "ssd_cla_placement", "clap_cla_id", "ssd_cla_episodes", "clae_cla_id", "a period of care (CLA id)")
_reference("C114", "ssd_cla_reviews", "clar_cla_id", "ssd_cla_episodes", "clae_cla_id", "a period of care (CLA id)")


@rule("C115", "ssd_cin_assessments", ("cina_referral_id", "cina_assessment_kind"),
      "is an initial assessment that does not name its referral (NI 59 counts from the referral date)")
def initial_without_referral(frames: Frames) -> pd.Index:
    a = frames["ssd_cin_assessments"]
    return failing((a["cina_assessment_kind"] == "initial") & a["cina_referral_id"].isna())


# --- dates in the wrong order (errors) ------------------------------------------------------

@rule("C201", "ssd_cin_assessments", ("cina_assessment_auth_date", "cina_assessment_start_date"),
      "the assessment was authorised before it started")
def authorised_before_start(frames: Frames) -> pd.Index:
    a = frames["ssd_cin_assessments"]
    return failing(days(a, "cina_assessment_auth_date") < days(a, "cina_assessment_start_date"))


@rule("C202", "ssd_cin_assessments", ("cina_assessment_start_date", "cina_referral_id"),
      "the assessment started before its referral")
def assessment_before_referral(frames: Frames) -> pd.Index:
    a, r = frames["ssd_cin_assessments"], frames["ssd_cin_episodes"]
    referred = looked_up(a, "cina_referral_id", r, "cine_referral_id", days(r, "cine_referral_date"))
    return failing(days(a, "cina_assessment_start_date") < referred)


@rule("C203", "ssd_cin_episodes", ("cine_referral_date", "pers_dob"), "the child's date of birth is after the referral")
def born_after_referral(frames: Frames) -> pd.Index:
    r, p = frames["ssd_cin_episodes"], frames["ssd_person"]
    born = looked_up(r, "cine_person_id", p, "pers_person_id", days(p, "pers_dob"))
    return failing(born > days(r, "cine_referral_date"))


def _ends_before_start(code, table, end, start, message):
    @rule(code, table, (end, start), message)
    def validate(frames: Frames) -> pd.Index:
        frame = frames[table]
        return failing(days(frame, end) < days(frame, start))

    return validate


_ends_before_start("C204", "ssd_cla_episodes", "clae_cla_episode_ceased_date", "clae_cla_episode_start_date",
                   "the episode of care ceased before it started")
_ends_before_start("C205", "ssd_cin_episodes", "cine_close_date", "cine_referral_date",
                   "the referral was closed before it was made")
_ends_before_start("C206", "ssd_cp_plans", "cppl_cp_plan_end_date", "cppl_cp_plan_start_date",
                   "the child protection plan ended before it started")
_ends_before_start("C207", "ssd_cla_placement", "clap_cla_placement_end_date", "clap_cla_placement_start_date",
                   "the placement ended before it started")


def _review_before_plan(code, field, message):
    @rule(code, "ssd_cp_reviews", (field, "cppr_cp_plan_id"), message)
    def validate(frames: Frames) -> pd.Index:
        reviews, plans = frames["ssd_cp_reviews"], frames["ssd_cp_plans"]
        started = looked_up(reviews, "cppr_cp_plan_id", plans, "cppl_cp_plan_id", days(plans, "cppl_cp_plan_start_date"))
        return failing(days(reviews, field) < started)

    return validate


_review_before_plan("C208", "cppr_cp_review_date", "the child protection review was held before its plan started")
_review_before_plan("C209", "cppr_cp_review_due", "the child protection review was due before its plan started")


@rule("C210", "ssd_cla_placement", ("clap_cla_placement_start_date", "clap_person_id"),
      "the placement starts before another placement of the same child has ended (placements overlap; "
      "a placement may start on the day the last one ended)")
def overlapping_placements(frames: Frames) -> pd.Index:
    p = frames["ssd_cla_placement"]
    order = pd.DataFrame({
        "person": p["clap_person_id"],
        "start": days(p, "clap_cla_placement_start_date"),
        "end": days(p, "clap_cla_placement_end_date").fillna(np.inf),  # still open
    }).dropna(subset=["person", "start"]).sort_values(["person", "start", "end"], kind="stable")
    earlier_end = order.groupby("person")["end"].shift().groupby(order["person"]).cummax()
    return failing(order["start"] < earlier_end)


# --- queries: accepted, kept in the report for a person to look at ---------------------------

OPEN_TOO_LONG_DAYS = 365


@rule("C901Q", "ssd_cin_assessments", ("cina_assessment_auth_date", "cina_assessment_start_date"),
      f"please check: the assessment was open for more than {OPEN_TOO_LONG_DAYS} days (to its authorisation, or "
      "unauthorised to the latest date in the case load)", Severity.QUERY)
def open_too_long(frames: Frames) -> pd.Index:
    a = frames["ssd_cin_assessments"]
    until = days(a, "cina_assessment_auth_date").fillna(latest_day(frames))
    return failing(until - days(a, "cina_assessment_start_date") > OPEN_TOO_LONG_DAYS)


@rule("C902Q", "ssd_cin_episodes", ("cine_referral_date", "pers_dob"),
      "please check: the child was 18 or over at referral", Severity.QUERY)
def adult_at_referral(frames: Frames) -> pd.Index:
    r, p = frames["ssd_cin_episodes"], frames["ssd_person"]
    eighteenth = pd.to_datetime(p["_pers_dob_days"], unit="D", errors="coerce") + pd.DateOffset(years=18)
    adult_from = (eighteenth - pd.Timestamp("1970-01-01")).dt.days.astype("float64")
    reached = looked_up(r, "cine_person_id", p, "pers_person_id", adult_from)
    return failing(reached <= days(r, "cine_referral_date"))


def latest_day(frames: Frames) -> float:
    """The latest event date anywhere in the case load, in days since 1970 (NaN when there is none);
    a date of birth is not an event."""
    latest = [frames[t.name][f"_{c}_days"].max() for t in CASE_TABLES.values() for c in t.dates
              if c not in t.month_only and c not in t.future_allowed and len(frames[t.name])]
    latest = [d for d in latest if not pd.isna(d)]
    return max(latest) if latest else np.nan
