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


def organisations_suite(known: dict[str, Any]) -> list[Check]:
    return [
        *not_null("code", "name", "kind"),
        Check("match_regex", "must be a code of letters, digits, '-', '_' or '.' (at most 24)", "code",
              {"column": "code", "regex": CODE}),
        one_of("kind", [k.value for k in OrgKind], "a kind of organisation"),
        unique(["code"], "code"),
    ]


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
        ("source", "stable_band", "valid_to"),
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
}
