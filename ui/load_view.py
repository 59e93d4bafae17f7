"""What the Load page shows: which tables a file can go into, their templates, and a checked
file's report (failing rows named by file, row, column, value and rule); for case records, the
tables read, the columns dropped, the errors by table, row, field and rule code, and the queries.

Pure (no streamlit); the checking itself is loads.pipeline's.
"""
from __future__ import annotations

import pandas as pd

from checks.coding import plain_cells
from checks.report import Failure
from checks.suites import TABLES
from ui import format as fmt
from vocab import OrgKind, Polarity
from vocab.text import csv_bytes

TABLE_LABELS = {  # in the order the Load page offers them: the monthly work first
    "returns": "Monthly returns",
    "targets": "Targets",
    "milestones": "Milestone updates",
    "commentary": "Commentary",
    "cases": "Case records (SSD tables)",
    "risks": "Risks and issues",
    "organisations": "Organisations",
    "indicators": "Indicator definitions",
    "themes": "Plan: themes",
    "areas": "Plan: areas for improvement",
    "actions": "Plan: actions",
    "plan_milestones": "Plan: milestones",
}

# One realistic row per loadable table, for the templates (a person replaces it with real rows).
EXAMPLES: dict[str, dict[str, str]] = {
    "returns": {"indicator": "NI59", "period": "2009-09", "numerator": "133", "denominator": "189",
                "org": "{home}", "value": "70.4", "note": "example row: replace with your figures"},
    "targets": {"indicator": "NI59", "year": "2009-10", "target": "78", "tolerance": "5",
                "org": "{home}", "source": "LAA improvement target"},
    "milestones": {"action": "1.1.1", "milestone": "1", "status": "complete", "as_of": "2009-09-30",
                   "commentary": "EPMG established; terms of reference agreed"},
    "commentary": {"indicator": "NI59", "period": "2009-09", "org": "{home}",
                   "text": "Two social workers left in August; fewer initial assessments were done in time",
                   "doing": "Agency cover from October; duty rota reviewed weekly", "action": "1.1.1",
                   "expected_by": "2009-12"},
    "risks": {"code": "R1", "kind": "risk", "title": "Social worker vacancies delay initial assessments",
              "likelihood": "3", "impact": "4", "status": "open", "as_of": "2009-09-30",
              "owner": "Deputy Director, Children and Families", "mitigation": "Agency cover; recruitment campaign"},
    "organisations": {"code": "{home}", "name": "Haringey", "kind": OrgKind.LOCAL_AUTHORITY.value},
    "indicators": {"code": "LOCAL1", "version": "1", "title": "Case files audited as good or better",
                   "unit": "percent", "polarity": Polarity.HIGHER_IS_BETTER.value, "ytd_rule": "sum",
                   "numerator_label": "case files rated good or better", "denominator_label": "case files audited",
                   "definition": "Case files audited in the month rated good or better, of all audited",
                   "valid_from": "2009-04-01", "source": "local case-file audit", "stable_band": "1",
                   "valid_to": ""},
    "themes": {"code": "1", "title": "Leadership and Partnership"},
    "areas": {"code": "1.1", "theme": "1",
              "title": "Creating a leadership team for safeguarding at partnership level and within agencies"},
    "actions": {"code": "1.1.1", "area": "1.1", "text": "Strengthen governance of safeguarding in the partnership",
                "lead": "Chief Executive", "involved_groups": "Partners to HSP", "timescale": "Feb - May 2009",
                "targets_outcomes": "Executive performance management group established", "indicators": "NI59"},
    "plan_milestones": {"action": "1.1.1", "milestone": "1",
                        "description": "Executive performance management group established", "timescale": "Feb - May 2009"},
}

FAILURE_COLUMNS = ["File", "Row", "Column", "Value", "Rule"]
CASES = "cases"  # the Load page's choice for case records (loads/cases.py, through loads/case_uploads.py)


def loadable_tables(registered) -> list[str]:
    """The tables a file can be loaded into, most used first (returns, targets, milestone updates)."""
    order = list(TABLE_LABELS)
    return sorted(registered, key=lambda t: (order.index(t) if t in order else len(order), t))


def template_csv(table: str, home_org: str | None = None) -> bytes:
    """A blank template for `table`: its columns (required first) and one example row to replace."""
    spec = TABLES[table]
    columns = [*spec.required, *spec.optional]
    example = {k: v.replace("{home}", home_org or "E09000014") for k, v in EXAMPLES.get(table, {}).items()}
    return csv_bytes(pd.DataFrame([[example.get(c, "") for c in columns]], columns=columns))


def template_help(table: str) -> str:
    """Which columns a file for `table` takes, in words."""
    spec = TABLES[table]
    text = f"Required columns: {', '.join(spec.required)}."
    if spec.optional:
        text += f" Optional: {', '.join(spec.optional)}."
    return text


def report_summary(report) -> pd.DataFrame:
    """A validation report's expectations: each rule, passed or failed, and how many rows failed."""
    rows = [["✖ Failed", "", f.rule, "—"] for f in report.file_errors]
    rows += [["✔ Passed" if r.success else "✖ Failed", r.column or "", r.rule, fmt.count(r.unexpected_count)]
             for r in sorted(report.results, key=lambda r: r.success)]
    return pd.DataFrame(rows, columns=["Result", "Column", "Rule", "Failing rows"])


def preview(frame: pd.DataFrame, table: str, rows: int = 20) -> pd.DataFrame:
    """The first rows of a checked file in its own columns (the loader's helper columns hidden)."""
    spec = TABLES[table]
    columns = [c for c in (*spec.required, *spec.optional) if c in frame.columns]
    first = frame.head(rows)
    shown = pd.DataFrame({c: plain_cells(first[c]) for c in columns}, index=first.index).astype(object)
    shown.insert(0, "Row", [str(i) for i in shown.index])
    return shown.reset_index(drop=True)


def failures_table(failures) -> pd.DataFrame:
    """Failing rows (checks' Failure objects or their dicts): file, row, column, value, rule."""
    rows = []
    for failure in failures:
        item = failure if isinstance(failure, dict) else vars(failure)
        rows.append([item.get("file") or "", "" if item.get("row") is None else str(item.get("row")),
                     item.get("column") or "", "" if item.get("value") is None else str(item.get("value")),
                     item.get("rule") or ""])
    return pd.DataFrame(rows, columns=FAILURE_COLUMNS)


def failure_lines(failures, limit: int = 5) -> list[str]:
    """The first failures as sentences ("row 2, column 'numerator', value '12': …"), and how many more."""
    failures = list(failures)
    lines = [(f if isinstance(f, Failure) else Failure(**{k: f.get(k) for k in ("file", "row", "column", "value", "rule")}))
             .sentence() for f in failures[:limit]]
    if len(failures) > limit:
        lines.append(f"… and {len(failures) - limit} more in the table below")
    return lines


# --- case records ----------------------------------------------------------------------------

CASE_FILE_COLUMNS = ["Table", "File", "Rows", "Columns dropped (never stored)"]
CASE_PROBLEM_COLUMNS = ["Table", "Row", "Field", "Rule code", "Rule", "Value"]
CASE_QUERY_COLUMNS = ["Rule code", "Table", "Row", "Field", "Rule"]
CASE_RULE = "case rule "


def case_help() -> str:
    """What a case-records upload is, in words."""
    from checks.case_suites import CASE_TABLES

    return ("Upload one XLSX workbook with a sheet per table, or several files at once named after the tables "
            f"({', '.join(name + '.csv' for name in CASE_TABLES)}). ssd_person is required. Any column not kept "
            "(names, addresses, UPN, NHS number …) is dropped as it is read and never stored; person ids are "
            "replaced by pseudonymous ids before any check runs.")


def case_template_xlsx() -> bytes:
    """A blank workbook for case records: a sheet per table, headed by the columns pidash keeps."""
    import io

    import openpyxl

    from checks.case_suites import CASE_TABLES

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, table in CASE_TABLES.items():
        book.create_sheet(name).append(list(table.columns))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def case_files_table(prepared) -> pd.DataFrame:
    """The case tables an upload supplied: table, file (or sheet), rows, and the columns dropped."""
    rows = [[f.table, f.file_name, fmt.count(f.rows), ", ".join(f.dropped) or "none"] for f in prepared.files]
    return pd.DataFrame(rows, columns=CASE_FILE_COLUMNS)


def dropped_columns(prepared) -> list[str]:
    """One line per table with columns dropped as they were read: "ssd_person: pers_forename, pers_upn"."""
    return [f"{f.table}: {', '.join(f.dropped)}" for f in prepared.files if f.dropped]


def _rule_code(expectation: str) -> str:
    return expectation[len(CASE_RULE):] if expectation.startswith(CASE_RULE) else expectation


def _rule_words(rule: str, code: str) -> str:
    return rule[len(code) + 2:] if rule.startswith(f"{code}: ") else rule


def case_problems_table(prepared) -> pd.DataFrame:
    """Every error a case upload's checks found, by table, row, field and rule code (a cross-table
    rule's code, such as C101, or the table check's expectation); the file's own problems first."""
    from checks.case_suites import CASE_TABLES

    tables = {f.file_name: f.table for f in prepared.files}
    report = prepared.report
    rows = [[tables.get(f.file, f.file), "", f.column or "", "", f.rule, ""] for f in report.file_errors]
    found = []
    for result in report.results:
        code = _rule_code(result.expectation)
        for f in result.failures:
            table = tables.get(f.file, f.file)
            found.append((list(CASE_TABLES).index(table) if table in CASE_TABLES else -1, f.row or 0,
                          [table, "" if f.row is None else str(f.row), f.column or "", code,
                           _rule_words(f.rule, code), "" if f.value is None else str(f.value)]))
    rows += [row for _, _, row in sorted(found, key=lambda item: (item[0], item[1]))]
    return pd.DataFrame(rows, columns=CASE_PROBLEM_COLUMNS)


def findings_table(findings) -> pd.DataFrame:
    """Rule findings (checks.case_rules.Finding or their dicts) by rule code, table, row, field and
    rule; never a person's id (the findings' pseudonymous ids are left out too)."""
    rows = []
    for finding in findings:
        item = finding if isinstance(finding, dict) else finding.to_dict()
        rows.append([item.get("code") or "", item.get("table") or "",
                     "" if item.get("row") is None else str(item.get("row")), item.get("field") or "",
                     item.get("message") or ""])
    return pd.DataFrame(rows, columns=CASE_QUERY_COLUMNS)
