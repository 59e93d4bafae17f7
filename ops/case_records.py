"""The children behind a figure: for an indicator computed from case records and a month, the
records it counted, from the organisation's latest accepted case load — for NI 59 each initial
assessment with its child's pseudonymous id, referral date, authorisation date, working days and
whether it was in time, out of time first.

Child-level rows: only a data officer or above may see them (access.CHILD_RECORDS), and every view
or export is recorded in the audit trail (ops/audit.py) before the rows are handed back. The
dashboard's page and `pidash records` both call `records_behind`; the frames it returns are ready
to show (`table`) or to write out (`records`).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import duckdb
import pandas as pd

import access
from data import case_queries, queries
from indicators.case_indicators import CaseIndicator, behind_figure, case_indicator, month_start, ordered
from ops import audit
from vocab import Role
from vocab.cases import AuditEvent


class RecordsError(ValueError):
    """The records cannot be given: no case load for the organisation, an indicator not computed
    from case records, or a month no definition covers. The message says which."""


@dataclass
class ChildRecords:
    indicator: CaseIndicator
    org: str
    period: dt.date
    case_load: int
    version: int
    definition: str  # the words heading the definition's query
    records: pd.DataFrame  # RECORD_COLUMNS, those needing attention first
    audit_event: int

    @property
    def numerator(self) -> int:
        return int(self.records["counted"].sum())

    @property
    def denominator(self) -> int:
        return len(self.records)

    @property
    def table(self) -> pd.DataFrame:
        """The rows as a person reads them (indicators.case_indicators.behind_figure)."""
        return behind_figure(self.records, self.indicator.code)

    def heading(self) -> str:
        i = self.indicator
        return (f"{i.code} {self.period:%b %Y}, {self.org}: {self.numerator} of {self.denominator} "
                f"({i.record}) counted as '{i.counted_label}'; from case load {self.case_load}, "
                f"definition version {self.version}. Person ids are pidash's pseudonymous ids.")

    def to_dict(self) -> dict:
        i = self.indicator
        rows = self.records.copy()
        for column in ("period", "from_date", "to_date"):
            stamps = pd.to_datetime(rows[column])
            rows[column] = stamps.dt.strftime("%Y-%m-%d").where(stamps.notna(), None)
        rows = rows.astype(object).where(rows.notna(), None)
        return {
            "indicator": i.code, "org": self.org, "period": self.period.strftime("%Y-%m"),
            "case_load": self.case_load, "definition_version": self.version, "definition": self.definition,
            "numerator": self.numerator, "denominator": self.denominator,
            "labels": {"record": i.record, "from_date": i.from_label, "to_date": i.to_label,
                       "measure": i.measure_label, "counted": i.counted_label},
            "records": [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
                        for row in rows.to_dict(orient="records")],
        }


def records_behind(
    con: duckdb.DuckDBPyConnection,
    who: str,
    role: Role | None,
    indicator: str,
    period,
    org: str | None = None,
    exported: bool = False,
) -> ChildRecords:
    """The records behind `indicator`'s figure for `period` ('YYYY-MM' or a date) and `org` (default:
    the home organisation), recorded in the audit trail as viewed (or, with `exported`, exported)
    by `who`. Raises access.PermissionDenied below a data officer, RecordsError as its doc says."""
    access.check(role, access.CHILD_RECORDS, who, "see the children behind a figure")
    if isinstance(period, str) and not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", period.strip()):
        raise RecordsError(f"the period must be a month written YYYY-MM, such as 2009-05 (not {period!r})")
    try:
        found = case_indicator(indicator)
        month = month_start(period)
    except ValueError as err:
        raise RecordsError(str(err)) from None
    org = org or queries.home_org(con)
    if not org:
        raise RecordsError("no organisation given and no home organisation set")
    load = case_queries.latest_case_load(con, org)
    if load is None:
        raise RecordsError(f"no case records have been loaded for {org} (pidash load cases PATH --org {org})")
    version = _version_in_force(con, found.code, month)
    records = ordered(case_queries.run_definition(con, found.code, version, load, month, month), found.code)
    detail = json.dumps({"rows": len(records), "case_load": load, "definition_version": version})
    event = AuditEvent.CHILD_RECORDS_EXPORTED if exported else AuditEvent.CHILD_RECORDS_VIEWED
    event_id = audit.record(con, who, event.value, org, found.code, month, detail)
    return ChildRecords(found, org, month, load, version, case_queries.definition_text(found.code, version),
                        records, event_id)


def _version_in_force(con, code: str, month: dt.date) -> int:
    versions = case_queries.computable_versions(con)
    for v in versions[versions["code"] == code].itertuples():
        starts = month_start(v.valid_from)
        ends = None if v.valid_to is None or pd.isna(v.valid_to) else month_start(v.valid_to)
        if starts <= month and (ends is None or month <= ends):
            return int(v.version)
    raise RecordsError(f"no definition of {code} with a query is in force in {month:%Y-%m}")
