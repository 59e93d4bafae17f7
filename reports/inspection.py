"""The lists an inspection asks for, in the style of Ofsted's Annex A, from the organisation's case
records: the children subject to a child protection plan at the period end, the children looked
after at the period end, and the assessments authorised in the six months to the period end with
their timeliness. Pseudonymised: a child is named only by pidash's pseudonymous id (never the case
system's id, nor any record id), a date of birth only as an age, and nothing else identifying is
held.

`annex_a` reads them for a pack (reports/gather.py) from the case load in force — the latest
accepted one, or for a pack as signed off the latest up to the load its sign-off recorded;
`write_sheets` adds them to the workbook (reports/workbook.py), one sheet each, and the PDF
(reports/pdf.py) prints them from the same `list_parts`, so both say the same. They are child-level
rows: a pack holds them only when the person building it may see such rows (a data officer or
above: access.CHILD_RECORDS), never in publication mode or in the quarterly report, and every pack
built is recorded in the audit trail first (ops.audit.pack_built).

The assessments' timeliness is that of the indicators' own definitions (data/computed/: NI 59
initial, NI 60 core, SA45 single assessments), run over the six months, each month by the version
in force in it, so a list and a figure never disagree.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pandas as pd

from data import case_queries
from indicators.case_indicators import CASE_INDICATORS, add_months, month_start, ordered, version_months

MONTHS = 6
ASSESSMENTS = {"NI59": "initial", "NI60": "core", "SA45": "single"}  # the definitions that judge each kind
CHILD = "Child (pseudonymous id)"
AGE = "Age at period end (years)"
PLAN_COLUMNS = [CHILD, "Sex", "Ethnicity", AGE, "Plan started", "Days on the plan", "Earlier plans",
                "Latest review held"]
LOOKED_AFTER_COLUMNS = [CHILD, "Sex", "Ethnicity", AGE, "Looked after since", "Days looked after",
                        "Placement type", "In this placement since", "Latest review held"]
ASSESSMENT_COLUMNS = [CHILD, "Assessment", "Counted from", "From date", "Authorised", "Working days", "In time",
                      "Definition"]
DATE_COLUMNS = ["Plan started", "Latest review held", "Looked after since", "In this placement since", "From date",
                "Authorised"]
COUNT_COLUMNS = [AGE, "Days on the plan", "Days looked after", "Earlier plans", "Working days"]
SHEETS = ["List CP plans", "List looked after", "List assessments"]
_LISTS = "The inspection lists (children on a child protection plan, children looked after, assessments)"
LEFT_OUT_PUBLISH = f"{_LISTS} are child-level and left out of a publication pack."
LEFT_OUT_ROLE = f"{_LISTS} are left out: child-level records need the data officer role or above."
NOTE = ("Pseudonymised, in the style of Ofsted's Annex A: each child is named only by pidash's pseudonymous id "
        "(a keyed hash; never the case system's id), a date of birth only as an age (from the month of birth). "
        "Child-level personal data: handle as the authority handles case records.")


@dataclass
class InspectionLists:
    """The three lists, ready to render (each frame in its *_COLUMNS, as people read it)."""

    org: str
    period_end: dt.date
    case_load: int
    case_load_source: str  # the case load's file (or files) and when it was loaded, in words
    plans: pd.DataFrame
    looked_after: pd.DataFrame
    assessments: pd.DataFrame
    assessments_from: dt.date  # the first day of the six months
    definitions: list[str] = field(default_factory=list)  # "NI59 v1: <its words>", each definition used


def annex_a(con, org: str, period_end: dt.date, child_records: bool, publish: bool = False,
            quarterly: bool = False, upto: int | None = None) -> tuple[InspectionLists | None, str | None]:
    """The inspection lists for `org` at `period_end` and a note for the pack when they are left
    out (None when there is nothing to say): (None, None) when the organisation has no case
    records or for the quarterly report; (None, why) in publication mode or when the person
    building the pack may not see child-level rows (`child_records` False). `upto`: a pack as
    signed off, which reads the case load in force at that load."""
    if quarterly:
        return None, None
    load = case_queries.case_load_in_force(con, org, upto)
    if load is None:
        return None, None
    if publish:
        return None, LEFT_OUT_PUBLISH
    if not child_records:
        return None, LEFT_OUT_ROLE
    return inspection_lists(con, org, period_end, load), None


def why_no_lists(notes: list[str], org: str, as_signed_off: bool = False) -> str:
    """Why an evidence pack holds no lists, in one sentence, for the PDF: `annex_a`'s note when it
    left them out (the pack keeps it among its notes, which the workbook's About sheet shows),
    else that the organisation has no case records (annex_a says nothing then)."""
    for note in notes:
        if note in (LEFT_OUT_PUBLISH, LEFT_OUT_ROLE):
            return note
    by = " up to the load the month's sign-off recorded" if as_signed_off else ""
    return f"There are no inspection lists: no case records have been loaded for {org}{by}."


def inspection_lists(con, org: str, period_end: dt.date, load: int) -> InspectionLists:
    """The three lists from case load `load` at `period_end` (the last day of the pack's month)."""
    report = json.loads(case_queries.case_load_report(con, load) or "{}")
    last = month_start(period_end)
    first = add_months(last, -(MONTHS - 1))
    assessments, definitions = _assessments(con, load, first, last, set(report.get("tables_not_supplied") or []))
    about = case_queries.case_loads(con, org).set_index("id").loc[load]
    return InspectionLists(
        org=org, period_end=period_end, case_load=load,
        case_load_source=f"{about['file_name']}, loaded {pd.Timestamp(about['loaded_at']):%d %B %Y %H:%M} "
                         f"by {about['loaded_by']}",
        plans=plans_list(case_queries.children_on_plans(con, load, period_end), period_end),
        looked_after=looked_after_list(case_queries.children_looked_after(con, load, period_end), period_end),
        assessments=assessments, assessments_from=first, definitions=definitions,
    )


def _assessments(con, load: int, first: dt.date, last: dt.date, not_supplied: set[str]):
    versions = case_queries.computable_versions(con)
    frames, definitions = [], []
    for code, kind in ASSESSMENTS.items():
        if not_supplied & set(CASE_INDICATORS[code].tables):
            continue  # the indicator is not computed from this case load either
        for version in versions[versions["code"] == code].itertuples():
            span = version_months(version.valid_from, version.valid_to, (first, last))
            if span is None:
                continue
            records = case_queries.run_definition(con, code, int(version.version), load, *span)
            if records.empty:
                continue
            frames.append(assessment_rows(ordered(records, code), code, int(version.version), kind))
            definitions.append(f"{code} v{int(version.version)}: {case_queries.definition_text(code, int(version.version))}")
    if not frames:
        return pd.DataFrame(columns=ASSESSMENT_COLUMNS), definitions
    rows = pd.concat(frames, ignore_index=True)
    rows = rows.sort_values(["Authorised", CHILD], kind="stable").reset_index(drop=True)
    return rows[ASSESSMENT_COLUMNS], definitions


def assessment_rows(records: pd.DataFrame, code: str, version: int, kind: str) -> pd.DataFrame:
    """A definition's records (indicators.case_indicators.RECORD_COLUMNS) as the assessments list's rows."""
    indicator = CASE_INDICATORS[code]
    return pd.DataFrame({
        CHILD: records["person_id"].to_numpy(dtype=object),
        "Assessment": kind,
        "Counted from": indicator.from_label.lower(),
        "From date": _dates(records["from_date"]),
        "Authorised": _dates(records["to_date"]),
        "Working days": records["measure"].astype("Int64").to_numpy(),
        "In time": ["yes" if counted else "no" for counted in records["counted"]],
        "Definition": f"{code} v{version}",
    })


def plans_list(rows: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """data.case_queries.children_on_plans's rows as the list people read."""
    return pd.DataFrame({
        CHILD: rows["person_id"].to_numpy(dtype=object),
        "Sex": _text(rows["sex"]),
        "Ethnicity": _text(rows["ethnicity"]),
        AGE: [age(dob, day) for dob in rows["dob"]],
        "Plan started": _dates(rows["plan_start"]),
        "Days on the plan": [_days(start, day) for start in rows["plan_start"]],
        "Earlier plans": rows["earlier_plans"].astype("Int64").to_numpy(),
        "Latest review held": _dates(rows["latest_review"]),
    }, columns=PLAN_COLUMNS)


def looked_after_list(rows: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """data.case_queries.children_looked_after's rows as the list people read."""
    return pd.DataFrame({
        CHILD: rows["person_id"].to_numpy(dtype=object),
        "Sex": _text(rows["sex"]),
        "Ethnicity": _text(rows["ethnicity"]),
        AGE: [age(dob, day) for dob in rows["dob"]],
        "Looked after since": _dates(rows["looked_after_since"]),
        "Days looked after": [_days(start, day) for start in rows["looked_after_since"]],
        "Placement type": _text(rows["placement_type"]),
        "In this placement since": _dates(rows["placement_start"]),
        "Latest review held": _dates(rows["latest_review"]),
    }, columns=LOOKED_AFTER_COLUMNS)


def age(dob, day: dt.date) -> int | None:
    """Whole years from the month of birth (the store keeps a date of birth as its month) to `day`."""
    if dob is None or pd.isna(dob):
        return None
    born = pd.Timestamp(dob)
    months = (day.year - born.year) * 12 + day.month - born.month
    return max(0, months // 12)


def _days(start, day: dt.date) -> int | None:
    if start is None or pd.isna(start):
        return None
    return (day - pd.Timestamp(start).date()).days


def _dates(column: pd.Series) -> list:
    return [None if value is None or pd.isna(value) else pd.Timestamp(value).date() for value in column]


def _text(column: pd.Series) -> list:
    return [None if value is None or pd.isna(value) else str(value) for value in column]


@dataclass
class ListPart:
    """One list as the pack shows it: its workbook sheet, its title (with the count) and what is said about it."""

    sheet: str
    title: str
    frame: pd.DataFrame
    about: str
    after: list[str] = field(default_factory=list)  # lines under the list (the assessments' definitions)


def list_parts(lists: InspectionLists) -> list[ListPart]:
    """The three lists with their titles and notes, worded once for the workbook and the PDF alike."""
    day = f"{lists.period_end.day} {lists.period_end:%B %Y}"
    since = f"{lists.assessments_from.day} {lists.assessments_from:%B %Y}"
    late = int((lists.assessments["In time"] == "no").sum())
    return [
        ListPart(SHEETS[0], f"Children subject to a child protection plan on {day}: {len(lists.plans)}", lists.plans,
                 "Oldest plan first. Earlier plans: the child's plans that ended before this one started."),
        ListPart(SHEETS[1], f"Children looked after on {day}: {len(lists.looked_after)}", lists.looked_after,
                 "Longest looked after first. Placement: the one open on the day, if any."),
        ListPart(SHEETS[2], f"Assessments authorised from {since} to {day}: {len(lists.assessments)}, "
                 f"{late} out of time", lists.assessments,
                 "In time or not by the indicators' own definitions (below), each month by the version in force.",
                 ["Definitions used"] + (lists.definitions or ["None: no assessment was authorised in these months."])),
    ]


def source_line(lists: InspectionLists) -> str:
    """Whose lists, from which case load: the line under each list's title."""
    return f"{lists.org}, from case load {lists.case_load} ({lists.case_load_source})."


# --- the workbook's sheets ----------------------------------------------------------------------

TITLE = {"bold": True, "font_size": 14}
BOLD = {"bold": True}
DATE = {"num_format": "yyyy-mm-dd", "align": "left"}
COUNT = {"num_format": "#,##0"}
PROPS = {**{column: DATE for column in DATE_COLUMNS}, **{column: COUNT for column in COUNT_COLUMNS}}


def sheet_names(lists: InspectionLists | None) -> list[str]:
    """The sheets `write_sheets` adds (none without lists), for the workbook's contents."""
    return list(SHEETS) if lists is not None else []


def write_sheets(book, lists: InspectionLists | None) -> None:
    """Add the three lists to the pack's workbook (reports.workbook._Book: every cell inert text or a value)."""
    if lists is None:
        return
    for part in list_parts(lists):
        _sheet(book, lists, part)


def _sheet(book, lists: InspectionLists, part: ListPart) -> None:
    ws = book.sheet(part.sheet)
    frame = part.frame
    book.cell(ws, 0, 0, part.title, TITLE)
    book.cell(ws, 1, 0, f"{source_line(lists)} {part.about}")
    book.cell(ws, 2, 0, NOTE)
    if frame.empty:
        book.cell(ws, 4, 0, "None.")
        row = 6
    else:
        records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        row = book.table(ws, 4, [(column, column, PROPS.get(column, {})) for column in frame.columns], records)
        ws.freeze_panes(5, 1)
    for n, line in enumerate(part.after):
        book.cell(ws, row + n, 0, line, BOLD if n == 0 else {})
