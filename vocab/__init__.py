"""The domain's category values, in one place for pages, charts, reports, checks and tests.

Values are the stored strings (DuckDB columns, JSON output); `label` is what a person reads.
"""
from enum import StrEnum


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    WITHIN_BAND = "within_band"


class YtdRule(StrEnum):
    """How the financial-year-to-date figure is formed."""

    SUM = "sum"  # flow measures: sum of numerators / sum of denominators since April
    LATEST = "latest"  # rolling or snapshot measures: the period's own value


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class Direction(StrEnum):
    IMPROVING = "improving"
    STABLE = "stable"
    DETERIORATING = "deteriorating"


class PointType(StrEnum):
    """Making Data Count point/variation types, spelled as NHSRplotthedots spells them."""

    COMMON_CAUSE = "common_cause"
    SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"
    SPECIAL_CAUSE_CONCERN = "special_cause_concern"
    SPECIAL_CAUSE_NEUTRAL_HIGH = "special_cause_neutral_high"
    SPECIAL_CAUSE_NEUTRAL_LOW = "special_cause_neutral_low"


class Assurance(StrEnum):
    CONSISTENT_PASS = "consistent_pass"
    CONSISTENT_FAIL = "consistent_fail"
    INCONSISTENT = "inconsistent"


class Improvement(StrEnum):
    """Which direction of change is an improvement, for SPC."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NEUTRAL = "neutral"


class SpcChart(StrEnum):
    """Which SPC chart an indicator's months are drawn on (indicators.spc_series chooses)."""

    XMR = "xmr"  # individuals chart: one set of limits per phase
    P = "p"  # p-chart: each month's limits from its own denominator


class MilestoneStatus(StrEnum):
    COMPLETE = "complete"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_STARTED = "not_started"


class RiskKind(StrEnum):
    """A programme risk (may happen) or issue (has happened), as the plan's risk register has them."""

    RISK = "risk"
    ISSUE = "issue"


class RiskStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class LoadStatus(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class OrgKind(StrEnum):
    LOCAL_AUTHORITY = "local_authority"
    ENGLAND = "england"
    REGION = "region"
    STATISTICAL_NEIGHBOURS = "statistical_neighbours"


class ReturnState(StrEnum):
    """Where one expected monthly return stands (indicators.cycle.return_states)."""

    RECEIVED = "received"
    RECEIVED_LATE = "received_late"
    MISSING = "missing"
    NOT_YET_DUE = "not_yet_due"


class Role(StrEnum):
    VIEWER = "viewer"
    DATA_OFFICER = "data_officer"
    APPROVER = "approver"  # signs a month off (and reopens it)
    ADMIN = "admin"


LABELS: dict[str, str] = {
    "received": "Received",
    "received_late": "Received late",
    "missing": "Missing",
    "not_yet_due": "Not yet due",
    "higher_is_better": "Higher is better",
    "lower_is_better": "Lower is better",
    "within_band": "Within band",
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "improving": "Improving",
    "stable": "Stable",
    "deteriorating": "Deteriorating",
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: neutral (high)",
    "special_cause_neutral_low": "Special cause: neutral (low)",
    "consistent_pass": "Consistently meets target",
    "consistent_fail": "Consistently fails target",
    "inconsistent": "Inconsistently meets target",
    "xmr": "XmR chart",
    "p": "p-chart",
    "complete": "Complete",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "not_started": "Not started",
    "no_update": "No update",
    "overdue": "Overdue",
    "risk": "Risk",
    "issue": "Issue",
    "open": "Open",
    "closed": "Closed",
    "accepted": "Accepted",
    "rejected": "Rejected",
}


def label(value: object) -> str:
    """A category value as a person reads it; blanks for missing values."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    return LABELS.get(str(value), str(value))
