"""What each table's data must satisfy, declared apart from how it is run (see runner.py).

A suite is a list of `Check`s; each names the great-expectations rule, the column a person
should be pointed at, and the rule in plain words for the rejection report. Typed helper
columns made by the loader start with `_` (for example `_numerator`); `report` names the
column of the file that a failure is reported against.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from checks.report import Failure
from vocab import MilestoneStatus, OrgKind, Polarity, RiskKind, RiskStatus, YtdRule

# ASCII digits only: Python's \d also matches '１２' and '٣', which pass a regex but not a number parser.
# Counts have at most 12 digits, so a 23-digit "count" is named, not wrapped round in a 64-bit integer.
WHOLE_NUMBER = r"^[0-9]{1,12}$"
NUMBER = r"^-?[0-9]{1,15}(?:\.[0-9]+)?$"
PERIOD = r"^[0-9]{4}-(?:0[1-9]|1[0-2])$"
FINANCIAL_YEAR = r"^[0-9]{4}-[0-9]{2}$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
CODE = r"^[A-Za-z0-9_\-\.]{1,24}$"


@dataclass(frozen=True)
class Check:
    """One expectation: `kind` is a key of runner.GX_TYPES; `args` its keyword arguments."""

    kind: str
    rule: str
    report: str | None = None
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TableSpec:
    """A loadable table: its columns and the suite its files must pass."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    suite: Callable[[dict[str, Any]], list[Check]]


def exists(*columns: str) -> list[Check]:
    return [Check("column_exists", f"required column '{c}' must be present", c, {"column": c}) for c in columns]


def not_null(*columns: str) -> list[Check]:
    return [Check("not_null", "must not be blank", c, {"column": c}) for c in columns]


def whole_numbers(*columns: str) -> list[Check]:
    return [
        Check("match_regex", "must be a whole number of 0 or more (at most 12 digits)", c,
              {"column": c, "regex": WHOLE_NUMBER})
        for c in columns
    ]


def one_of(column: str, values: list[str], what: str, report: str | None = None) -> Check:
    shown = ", ".join(sorted(values)[:12]) + (", …" if len(values) > 12 else "")
    return Check(
        "in_set", f"must be {what} ({shown})", report or column, {"column": column, "value_set": sorted(values)}
    )


def unique(columns: list[str], what: str) -> Check:
    if len(columns) == 1:
        return Check("unique", f"appears more than once in this file (same {what})", columns[0],
                     {"column": columns[0]})
    return Check(
        "unique_compound",
        f"appears more than once in this file (same {what})",
        columns[-1],
        {"column_list": columns},
    )


def value_error(rows: pd.DataFrame) -> pd.Series:
    """How far the value given (as a number) is from numerator ÷ denominator × 100 (missing where
    either is): the derived column `_value_error` that the returns rule "must equal numerator ÷
    denominator × 100" judges. The normaliser computes it once per distinct combination."""
    numerator, denominator = (rows[c].to_numpy(dtype="float64") for c in ("_numerator", "_denominator"))
    with np.errstate(divide="ignore", invalid="ignore"):
        computed = numerator / np.where(denominator == 0, np.nan, denominator) * 100
    return (rows["value"].astype("float64") - computed).abs()


def date_exists(dates: pd.Series) -> pd.Series:
    """The derived column `_<column>_exists` that `real_date` judges: 'no' where a cell is written
    YYYY-MM-DD but names no day (2009-02-30, 2009-13-01), None otherwise (a blank, or another
    shape, which the ISO_DATE rule names)."""
    text = dates.astype("string")
    shaped = text.str.fullmatch(ISO_DATE).fillna(False)
    parsed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce")
    return pd.Series(np.where(shaped.to_numpy() & parsed.isna().to_numpy(), "no", None), index=dates.index,
                     dtype=object)


def real_date(column: str) -> Check:
    return Check("match_regex", "must be a date that exists (there is no 30 February or month 13)", column,
                 {"column": f"_{column}_exists", "regex": "^yes$"})


def returns_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("org", "indicator", "period", "numerator", "denominator"),
        one_of("indicator", known["indicators"], "an indicator in the catalogue"),
        one_of("org", known["organisations"], "a known organisation code"),
        Check("match_regex", "must be a month written YYYY-MM, such as 2009-09", "period",
              {"column": "period", "regex": PERIOD}),
        Check("between", "must not be a month in the future", "period",
              {"column": "_period_index", "max_value": known["current_month_index"]}),
        *whole_numbers("numerator", "denominator"),
        Check("pair_a_ge_b", "numerator must not be more than the denominator", "numerator",
              {"column_A": "_denominator", "column_B": "_numerator", "or_equal": True,
               "ignore_row_if": "either_value_is_missing"}),
        Check("match_regex", "must be a number", "value", {"column": "value", "regex": NUMBER}),
        Check("between", "must equal numerator ÷ denominator × 100 (to one decimal place)", "value",
              {"column": "_value_error", "max_value": 0.0500001}),
        unique(["org", "indicator", "period"], "org, indicator and period"),
    ]


def target_warnings(frame: pd.DataFrame, file_name: str) -> list[Failure]:
    """A tolerance wider than the target itself (an amber band reaching below 0%) is allowed but
    almost always a typing slip: said, not rejected."""
    target = pd.to_numeric(frame.get("target"), errors="coerce")
    tolerance = pd.to_numeric(frame.get("tolerance"), errors="coerce")
    wide = frame.index[(tolerance > target).fillna(False).to_numpy()]
    return [Failure(file_name, int(row), "tolerance", frame.at[row, "tolerance"],
                    f"the tolerance is larger than the target ({frame.at[row, 'target']}) for "
                    f"{frame.at[row, 'indicator']} {frame.at[row, 'year']}; check it was meant")
            for row in wide]


def targets_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("org", "indicator", "year", "target", "tolerance"),
        one_of("indicator", known["indicators"], "an indicator in the catalogue"),
        one_of("org", known["organisations"], "a known organisation code"),
        Check("match_regex", "must be a financial year written like 2009-10", "year",
              {"column": "year", "regex": FINANCIAL_YEAR}),
        Check("between", "must be a financial year written like 2009-10 (April 2009 to March 2010)", "year",
              {"column": "_year_span", "min_value": 1, "max_value": 1}),
        Check("match_regex", "must be a number", "target", {"column": "target", "regex": NUMBER}),
        Check("between", "must be a percentage from 0 to 100", "target",
              {"column": "_target", "min_value": 0, "max_value": 100}),
        Check("match_regex", "must be a number of 0 or more", "tolerance",
              {"column": "tolerance", "regex": r"^[0-9]{1,15}(?:\.[0-9]+)?$"}),
        unique(["org", "indicator", "year"], "org, indicator and year"),
    ]


def home_kind(frame: pd.DataFrame, home: str | None) -> pd.Series:
    """The derived column `_home_kind`: the kind given for the home organisation's row, None on
    every other row; the organisations rule keeps the home authority a local authority."""
    if "code" not in frame.columns or "kind" not in frame.columns or home is None:
        return pd.Series(None, index=frame.index, dtype=object)
    mine = frame["code"].astype("string").eq(home).fillna(False).to_numpy()
    return pd.Series(np.where(mine, frame["kind"].astype(object), None), index=frame.index, dtype=object)


def organisations_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("code", "name", "kind"),
        Check("match_regex", "must be a code of letters, digits, '-', '_' or '.' (at most 24)", "code",
              {"column": "code", "regex": CODE}),
        Check("match_regex", "must be written in capitals, as ONS codes are (E09000014, not e09000014)", "code",
              {"column": "code", "regex": r"^[^a-z]*$"}),
        one_of("kind", [k.value for k in OrgKind], "a kind of organisation"),
        Check("in_set", f"the home organisation ({known['home_org']}) must stay a local authority", "kind",
              {"column": "_home_kind", "value_set": [OrgKind.LOCAL_AUTHORITY.value]}),
        unique(["code"], "code"),
    ]


def overlapping_versions(frame: pd.DataFrame, held: list[tuple]) -> pd.Series:
    """The derived column `_overlaps` the indicators rule judges: for each row, how many other
    versions of the same indicator (in this file or already held, `held` = (code, version,
    valid_from, valid_to) rows) are in force on some day it is; a blank end date is open-ended."""
    needed = {"code", "version", "valid_from", "valid_to"}
    if not needed <= set(frame.columns):
        return pd.Series(np.nan, index=frame.index)
    def day(values) -> np.ndarray:
        return pd.to_datetime(pd.Series(values, dtype=object).astype("string"), format="%Y-%m-%d",
                              errors="coerce").to_numpy()
    mine = pd.DataFrame({"code": frame["code"].astype(object).to_numpy(), "version": frame["version"].astype(str).to_numpy(),
                         "start": day(frame["valid_from"]), "end": day(frame["valid_to"])})
    theirs = pd.DataFrame([(c, str(v), f, t) for c, v, f, t in held], columns=["code", "version", "start", "end"])
    theirs["start"], theirs["end"] = day(theirs["start"]), day(theirs["end"])
    replaced = set(zip(mine["code"], mine["version"]))  # a version in the file replaces the one held
    theirs = theirs[[pair not in replaced for pair in zip(theirs["code"], theirs["version"])]]
    every = pd.concat([mine, theirs], ignore_index=True)
    far = np.datetime64("9999-12-31")
    counts = []
    for code, version, start, end in mine.itertuples(index=False):
        if pd.isna(start):
            counts.append(np.nan)
            continue
        others = every[(every["code"] == code) & (every["version"] != version)]
        ends = others["end"].fillna(far).to_numpy()
        counts.append(float(((others["start"].to_numpy() <= (far if pd.isna(end) else end)) & (ends >= start)).sum()))
    return pd.Series(counts, index=frame.index, dtype="float64")


def indicators_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("code", "version", "title", "unit", "polarity", "ytd_rule", "numerator_label",
                  "denominator_label", "definition", "valid_from"),
        Check("match_regex", "must be an indicator code of capitals and digits, such as NI59 or LOCAL1",
              "code", {"column": "code", "regex": r"^[A-Z][A-Z0-9_]{1,15}$"}),
        *whole_numbers("version"),
        one_of("unit", ["percent"], "a supported unit"),
        one_of("polarity", [p.value for p in Polarity], "a polarity"),
        one_of("ytd_rule", [r.value for r in YtdRule], "a year-to-date rule"),
        Check("match_regex", "must be a number of 0 or more", "stable_band",
              {"column": "stable_band", "regex": r"^[0-9]{1,15}(?:\.[0-9]+)?$"}),
        Check("match_regex", "must be a date written YYYY-MM-DD", "valid_from",
              {"column": "valid_from", "regex": ISO_DATE}),
        Check("match_regex", "must be a date written YYYY-MM-DD", "valid_to",
              {"column": "valid_to", "regex": ISO_DATE}),
        real_date("valid_from"),
        real_date("valid_to"),
        Check("between", "valid_to must not be before valid_from", "valid_to",
              {"column": "_valid_days", "min_value": 0}),
        Check("between", "overlaps another version of this indicator's definition: one version is in force "
              "at a time (end the earlier one with valid_to the day before)", "valid_from",
              {"column": "_overlaps", "max_value": 0}),
        Check("match_regex", "must be a whole number of working days after the month end, 0 to 99 (blank: 10)",
              "due_days", {"column": "due_days", "regex": r"^[0-9]{1,2}$"}),
        unique(["code", "version"], "code and version"),
    ]


def milestones_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("action", "milestone", "status", "as_of"),
        one_of("action", known["actions"], "an action code in the plan"),
        *whole_numbers("milestone"),
        one_of("_action_milestone", known["milestones"], "a milestone of that action in the plan", "milestone"),
        one_of("status", [s.value for s in MilestoneStatus], "a milestone status"),
        Check("match_regex", "must be a date written YYYY-MM-DD", "as_of", {"column": "as_of", "regex": ISO_DATE}),
        real_date("as_of"),
        Check("between", "must not be a date in the future", "as_of",
              {"column": "_as_of_days", "max_value": known["today_days"]}),
        unique(["action", "milestone", "as_of"], "action, milestone and as-of date"),
    ]


# --- the improvement plan: themes, areas, actions and their milestones, then risks ---------------

AREA_CODE = r"^[0-9]{1,2}\.[0-9]{1,2}$"
ACTION_CODE = r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$"


def themes_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("code", "title"),
        Check("match_regex", "must be a theme number, such as 1", "code", {"column": "code", "regex": r"^[0-9]{1,2}$"}),
        unique(["code"], "code"),
    ]


def areas_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("code", "theme", "title"),
        Check("match_regex", "must be an area code written theme.area, such as 2.3", "code",
              {"column": "code", "regex": AREA_CODE}),
        one_of("theme", known["themes"], "a theme of the plan (load themes first)"),
        Check("between", "must start with its theme's number (area 2.3 belongs to theme 2)", "code",
              {"column": "_outside_parent", "max_value": 0}),
        unique(["code"], "code"),
    ]


def actions_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("code", "area", "text"),
        Check("match_regex", "must be an action code written theme.area.action, such as 2.3.1", "code",
              {"column": "code", "regex": ACTION_CODE}),
        one_of("area", known["areas"], "an area of the plan (load areas first)"),
        Check("between", "must start with its area's code (action 2.3.1 belongs to area 2.3)", "code",
              {"column": "_outside_parent", "max_value": 0}),
        Check("between", "must name indicators in the catalogue, separated by ';' (such as NI59;NI60)", "indicators",
              {"column": "_unknown_indicators", "max_value": 0}),
        unique(["code"], "code"),
    ]


def plan_milestones_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("action", "milestone", "description"),
        one_of("action", known["actions"], "an action code in the plan (load actions first)"),
        *whole_numbers("milestone"),
        unique(["action", "milestone"], "action and milestone number"),
    ]


def risks_suite(known: dict[str, Any]) -> list[Check]:
    scale = "must be a whole number from 1 (lowest) to 5 (highest)"
    return [
        *not_null("code", "kind", "title", "likelihood", "impact", "status", "as_of"),
        Check("match_regex", "must be a code of letters, digits, '-', '_' or '.' (at most 24)", "code",
              {"column": "code", "regex": CODE}),
        one_of("kind", [k.value for k in RiskKind], "a kind of entry"),
        Check("match_regex", scale, "likelihood", {"column": "likelihood", "regex": r"^[1-5]$"}),
        Check("match_regex", scale, "impact", {"column": "impact", "regex": r"^[1-5]$"}),
        one_of("status", [s.value for s in RiskStatus], "a risk status"),
        Check("match_regex", "must be a date written YYYY-MM-DD", "as_of", {"column": "as_of", "regex": ISO_DATE}),
        real_date("as_of"),
        Check("between", "must not be a date in the future", "as_of",
              {"column": "_as_of_days", "max_value": known["today_days"]}),
        unique(["code", "as_of"], "code and as-of date"),
    ]


# --- the monthly cycle's commentary on an indicator's month (ops/commentary.py words its rules alike) ---

COMMENTARY_MAX_CHARACTERS = 4000
MONTH_RULE = "must be a month written YYYY-MM, such as 2009-09"
FUTURE_MONTH_RULE = "must not be a month in the future"
LONG_TEXT_RULE = f"must be at most {COMMENTARY_MAX_CHARACTERS:,} characters"


def commentary_suite(known: dict[str, Any]) -> list[Check]:
    """Commentary is text kept exactly as written (never read as HTML or a formula); `_months_ahead`
    counts months after the cycle's today (indicators.clock), `_<column>_length` characters."""
    return [
        *not_null("indicator", "period", "text"),
        one_of("indicator", known["indicators"], "an indicator in the catalogue"),
        one_of("org", known["organisations"], "a known organisation code"),
        one_of("action", known["actions"], "an action code in the plan"),
        Check("match_regex", MONTH_RULE, "period", {"column": "period", "regex": PERIOD}),
        Check("between", FUTURE_MONTH_RULE, "period", {"column": "_months_ahead", "max_value": 0}),
        Check("between", LONG_TEXT_RULE, "text", {"column": "_text_length", "max_value": COMMENTARY_MAX_CHARACTERS}),
        Check("between", LONG_TEXT_RULE, "doing", {"column": "_doing_length", "max_value": COMMENTARY_MAX_CHARACTERS}),
        Check("match_regex", MONTH_RULE, "expected_by", {"column": "expected_by", "regex": PERIOD}),
        unique(["org", "indicator", "period"], "org, indicator and period"),
    ]


TABLES: dict[str, TableSpec] = {
    "returns": TableSpec(
        "returns", ("indicator", "period", "numerator", "denominator"), ("org", "value", "note"), returns_suite
    ),
    "targets": TableSpec(
        "targets", ("indicator", "year", "target", "tolerance"), ("org", "source"), targets_suite
    ),
    "organisations": TableSpec("organisations", ("code", "name", "kind"), (), organisations_suite),
    "indicators": TableSpec(
        "indicators",
        ("code", "version", "title", "unit", "polarity", "ytd_rule", "numerator_label",
         "denominator_label", "definition", "valid_from"),
        ("source", "stable_band", "valid_to", "due_days"),
        indicators_suite,
    ),
    "milestones": TableSpec(
        "milestones", ("action", "milestone", "status", "as_of"), ("commentary",), milestones_suite
    ),
    "themes": TableSpec("themes", ("code", "title"), (), themes_suite),
    "areas": TableSpec("areas", ("code", "theme", "title"), (), areas_suite),
    "actions": TableSpec(
        "actions", ("code", "area", "text"),
        ("lead", "involved_groups", "timescale", "targets_outcomes", "indicators"), actions_suite
    ),
    "plan_milestones": TableSpec(
        "plan_milestones", ("action", "milestone", "description"), ("timescale",), plan_milestones_suite
    ),
    "risks": TableSpec(
        "risks", ("code", "kind", "title", "likelihood", "impact", "status", "as_of"), ("owner", "mitigation"),
        risks_suite
    ),
    "commentary": TableSpec(
        "commentary", ("indicator", "period", "text"), ("org", "doing", "action", "expected_by"), commentary_suite
    ),
}
