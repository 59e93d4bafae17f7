"""What the pages show of case records: on the detail page, whether a month's figure was computed
from case records (and so has records behind it); on the Data quality page, every case load with
the findings of its rules (rule code, table, row, field, rule: never a child's id), and, for
admins, the audit trail (who, when, what, organisation, indicator, month).

Pure (no streamlit). The rows behind a figure are ops.case_records' (`records_behind`, which
records the view before handing them back); the glue that shows them is ui/records.py.
"""
from __future__ import annotations

import json
import re

import pandas as pd

from indicators.case_indicators import CASE_INDICATORS
from ui import format as fmt
from ui.load_view import findings_table
from vocab import LoadStatus
from vocab.cases import AUDIT_EVENT_LABELS, Severity
from vocab.text import csv_bytes

ROLE_NOTE = "Child-level records are shown to data officers and above."
SEVERITY_WORDS = {Severity.ERROR.value: "✖ Error", Severity.QUERY.value: "? Query"}
AUDIT_COLUMNS = ["When", "Who", "Event", "Organisation", "Indicator", "Month", "Detail"]


def is_computed(source: dict | None) -> bool:
    """Was the month's current figure computed from case records (figure_source's answer)?"""
    return source is not None and source.get("case_load") is not None


def not_computed_text(code: str, period: str, source: dict | None) -> str:
    """Why a month's figure has no records behind it: the indicator is never computed from case
    records, there is no figure for the month, or it was loaded as a return."""
    name, month = fmt.indicator_code(code), fmt.month(period)
    if code not in CASE_INDICATORS:
        return f"{name} is not computed from case records, so pidash holds no child-level records behind its figures."
    if source is None:
        return f"There is no figure for {name} in {month}, so there are no records behind it."
    return (f"The figure for {name} in {month} was loaded as a return (load {source['load_id']}), not computed "
            "from case records, so pidash holds no child-level records behind it.")


def other_case_load_note(records_case_load: int, source: dict) -> str | None:
    """A note when the records come from a later case load than the one the figure was computed from."""
    if source.get("case_load") in (None, records_case_load):
        return None
    return (f"The figure was computed from case load {source['case_load']}; these records are from the latest "
            f"case load, {records_case_load}, which computed no figure for this month.")


def records_file_name(code: str, org: str, period: str) -> str:
    """The records download's file name: records-NI59-E09000014-2009-05.csv (codes made safe)."""
    safe = [re.sub(r"[^A-Za-z0-9_-]+", "_", str(part)) for part in (code, org, period)]
    return "records-{}-{}-{}.csv".format(*safe)


# --- the Data quality page: case loads and their findings -------------------------------------

def report_findings(report: str | None) -> list[dict]:
    """The findings a case load's report keeps (its JSON text), errors before queries."""
    if not report:
        return []
    return list(json.loads(report).get("findings") or [])


def case_loads_table(loads: pd.DataFrame) -> pd.DataFrame:
    """Every case load as people read it (newest first): what was loaded, for whom, by whom, its
    outcome, the returns computed from it, and how many errors and queries its rules found."""
    findings = [report_findings(r) for r in loads["report"]]
    return pd.DataFrame({
        "Case load": loads["id"].astype(int).to_numpy(),
        "Organisation": loads["org"].fillna("—").to_numpy(),
        "Status": loads["status"].map(fmt.load_status).to_numpy(),
        "Files": loads["file_name"].to_numpy(),
        "Rows": loads["rows"].map(fmt.count).to_numpy(),
        "Loaded by": loads["loaded_by"].to_numpy(),
        "Loaded at": loads["loaded_at"].map(fmt.timestamp).to_numpy(),
        "Computed returns": [("—" if pd.isna(d) else f"load {int(d)}") for d in loads["derived_load"]],
        "Errors": [sum(f.get("severity") == Severity.ERROR.value for f in found) for found in findings],
        "Queries": [sum(f.get("severity") == Severity.QUERY.value for f in found) for found in findings],
    })


def case_load_choice(load: dict) -> str:
    """How a case load is named in a picker: "31 · E09000099 · ✔ Accepted"."""
    return f"{int(load['id'])} · {load.get('org') or '—'} · {fmt.load_status(load['status'])}"


def case_findings_table(findings: list[dict]) -> pd.DataFrame:
    """A case load's findings: kind (error or query, in words and a symbol), rule code, table, row,
    field and rule; no person id of any kind."""
    table = findings_table(findings)
    table.insert(0, "Kind", [SEVERITY_WORDS.get(f.get("severity"), str(f.get("severity"))) for f in findings])
    return table


def findings_summary(load: dict, findings: list[dict]) -> str:
    """One sentence on a case load's findings."""
    queries = sum(f.get("severity") == Severity.QUERY.value for f in findings)
    errors = len(findings) - queries
    if load["status"] == LoadStatus.REJECTED.value:
        return (f"Case load {int(load['id'])} was rejected: {errors} error(s) from the rules across tables, and "
                f"{queries} quer{'y' if queries == 1 else 'ies'}; the table checks are under Checks run on a load.")
    if not findings:
        return f"Case load {int(load['id'])}: the rules across tables raised no query."
    return (f"Case load {int(load['id'])}: {queries} quer{'y' if queries == 1 else 'ies'} to look at "
            "(they did not stop the load).")


# --- the audit trail (admins) -----------------------------------------------------------------

def event_label(event: str) -> str:
    return AUDIT_EVENT_LABELS.get(event, str(event))


def detail_text(detail: str | None) -> str:
    """An event's detail (JSON by convention) as "key: value; …"."""
    if detail is None or (not isinstance(detail, str) and pd.isna(detail)):
        return ""
    try:
        found = json.loads(detail)
    except ValueError:
        return str(detail)
    if not isinstance(found, dict):
        return str(found)
    return "; ".join(f"{key.replace('_', ' ')}: {_value(value)}" for key, value in found.items())


def _value(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "—" if value is None else str(value)


def audit_table(events: pd.DataFrame) -> pd.DataFrame:
    """The audit trail as people read it, newest first: when, who, what, organisation, indicator,
    month and the event's detail."""
    return pd.DataFrame({
        "When": events["happened_at"].map(fmt.timestamp).to_numpy(),
        "Who": events["who"].to_numpy(),
        "Event": events["event"].map(event_label).to_numpy(),
        "Organisation": events["org"].fillna("—").to_numpy(),
        "Indicator": events["indicator"].map(lambda c: "—" if c is None or pd.isna(c) else fmt.indicator_code(c))
        .to_numpy(),
        "Month": events["period"].map(lambda p: "—" if p is None or pd.isna(p) else fmt.month(p)).to_numpy(),
        "Detail": events["detail"].map(detail_text).to_numpy(),
    }, columns=AUDIT_COLUMNS)


def records_csv(found) -> bytes:
    """The records behind a figure (ops.case_records.ChildRecords) as the CSV a person downloads:
    the table the page shows, every text cell inert (vocab.text.csv_bytes)."""
    return csv_bytes(found.table)
