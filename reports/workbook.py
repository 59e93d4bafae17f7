"""The evidence pack's Excel workbook (xlsxwriter, native Excel charts).

Every cell is written through `_Book.cell`, which picks the cell type itself: text is always a
string cell, never a formula or hyperlink, whatever it starts with (notes, commentary, names and
file names come from users). Text starting with = + - or @ also gets Excel's quote prefix, so it
stays text if someone edits the cell. xlsxwriter is imported only when a workbook is built.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from vocab import label
from vocab.text import RISKY_START, excel_text
from plan.reports import readable
from reports.gather import Pack, month_label
from reports import inspection

HEADER = {"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "text_wrap": True, "valign": "top",
          "border": 1}
PCT = {"num_format": "0.0"}
COUNT = {"num_format": "#,##0"}
MONTH = {"num_format": "mmm yyyy", "align": "left"}
STAMP = {"num_format": "yyyy-mm-dd hh:mm:ss", "align": "left"}
WRAP = {"text_wrap": True, "valign": "top"}
TITLE = {"bold": True, "font_size": 14}
BOLD = {"bold": True}
RAG_COLOURS = {"red": "#F4CCCC", "amber": "#FCE5CD", "green": "#D9EAD3"}
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def is_blank(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (str, bytes, dict, list, tuple)) else False
    except (TypeError, ValueError):
        return False


class _Book:
    """An xlsxwriter workbook whose cells can only be values or inert text."""

    def __init__(self, path: Path):
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(str(path), {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
        })
        self._formats: dict[tuple, object] = {}
        self._names: set[str] = set()

    def fmt(self, props: dict | None):
        if not props:
            return None
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.wb.add_format(dict(props))
        return self._formats[key]

    def sheet(self, name: str):
        """A new worksheet with a valid, unique name made from `name` (codes can come from files)."""
        clean = SHEET_FORBIDDEN.sub("_", str(name)).strip("'")[:31] or "Sheet"
        candidate, n = clean, 2
        while candidate.lower() in self._names:
            suffix = f" ({n})"
            candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
        self._names.add(candidate.lower())
        return self.wb.add_worksheet(candidate)

    def cell(self, ws, row: int, col: int, value, props: dict | None = None) -> None:
        props = dict(props or {})
        if is_blank(value):
            ws.write_blank(row, col, None, self.fmt(props))
        elif isinstance(value, (bool, np.bool_)):
            ws.write_boolean(row, col, bool(value), self.fmt(props))
        elif isinstance(value, (int, float, np.integer, np.floating)) and math.isfinite(float(value)):
            ws.write_number(row, col, float(value), self.fmt(props))
        elif isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
            when = pd.Timestamp(value).to_pydatetime()
            if when.tzinfo is not None:
                when = when.replace(tzinfo=None)
            props.setdefault("num_format", "yyyy-mm-dd")
            ws.write_datetime(row, col, when, self.fmt(props))
        else:
            text = excel_text(_text(value))
            if text.startswith(RISKY_START):
                props["quote_prefix"] = True
            props.pop("num_format", None)
            ws.write_string(row, col, text, self.fmt(props))

    def table(self, ws, row: int, columns: list[tuple], records: list[dict], widths: bool = True) -> int:
        """Headers and rows; columns are (header, key, props). Returns the next free row."""
        for c, (header, _key, _props) in enumerate(columns):
            self.cell(ws, row, c, header, HEADER)
        for r, record in enumerate(records, start=row + 1):
            for c, (_header, key, props) in enumerate(columns):
                value = record.get(key) if callable(getattr(record, "get", None)) else None
                cell_props = props(record) if callable(props) else props
                self.cell(ws, r, c, value, cell_props)
        if widths:
            for c, (header, key, props) in enumerate(columns):
                longest = max([len(str(header))] + [len(_text(r.get(key))) for r in records[:200]])
                ws.set_column(c, c, min(max(10, longest + 2), 60))
        return row + len(records) + 2

    def close(self) -> None:
        self.wb.close()


def _text(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _records(frame: pd.DataFrame | None) -> list[dict]:
    if frame is None or frame.empty:
        return []
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _rag_props(base: dict):
    """Colour a RAG cell, and show the RAG as a person reads it."""
    def props(record):
        colour = RAG_COLOURS.get(str(record.get("rag")).lower())
        return {**base, "bg_color": colour} if colour else base
    return props


def write_workbook(pack: Pack, path: Path, index: list[dict]) -> Path:
    """Write the pack's workbook at `path`; `index` lists the pack's other files with sha256."""
    book = _Book(path)
    book.wb.set_properties({"title": pack.title, "author": pack.generated_by or "pidash",
                            "comments": "Built by pidash from the figures held in its database."})
    _about(book, pack)
    _summary(book, pack)
    if pack.quarterly:
        _quarter(book, pack)
    for code in pack.indicators:
        _indicator(book, pack, code)
    _plan(book, pack, "Milestones", "Milestone report", readable(pack.milestones))
    _plan(book, pack, "Exceptions", "Milestone exception report", readable(pack.exceptions))
    _data_quality(book, pack)
    _provenance(book, pack)
    inspection.write_sheets(book, pack.inspection)  # the Annex A-style lists, when the pack holds them
    _index(book, pack, index)
    book.close()
    return path


def _about(book: _Book, pack: Pack) -> None:
    ws = book.sheet("About")
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 100)
    book.cell(ws, 0, 0, pack.title, TITLE)
    facts = [
        ("Organisation", f"{pack.org_name} ({pack.org})"),
        ("Period", month_label(pack.period_start)),
        ("Quarter", pack.quarter_label) if pack.quarterly else None,
        ("Indicators", ", ".join(pack.indicators)),
        ("Generated at", pack.generated_at),
        ("Generated by", pack.generated_by),
        ("Mode", "Publication: small numbers suppressed" if pack.publish else "Internal: all figures shown"),
        ("Suppression", pack.suppression_note or "Not applied (internal pack)"),
        ("Cells suppressed", pack.suppressed_cells) if pack.publish else None,
        ("Figures as held", " ".join(pack.basis) if pack.as_signed_off else
         "The current figures in the pidash database when the pack was built, up to the end of the period; "
         "restated figures show their earlier values on the Provenance sheet."),
        ("Sign-off", " ".join(month["words"] for month in pack.signoff_record)),
    ]
    row = 2
    for fact in facts:
        if fact is None:
            continue
        book.cell(ws, row, 0, fact[0], BOLD)
        book.cell(ws, row, 1, fact[1], {**WRAP, **({"num_format": "yyyy-mm-dd hh:mm"} if fact[0] == "Generated at" else {})})
        row += 1
    row += 1
    book.cell(ws, row, 0, "Contents", BOLD)
    sheets = ["Summary"] + (["Quarter"] if pack.quarterly else []) + pack.indicators + [
        "Milestones", "Exceptions", "Data quality", "Provenance", *inspection.sheet_names(pack.inspection), "Index"]
    for name in sheets:
        row += 1
        book.cell(ws, row, 1, name)
    if pack.notes:
        row += 2
        book.cell(ws, row, 0, "Not available", BOLD)
        for note in pack.notes:
            row += 1
            book.cell(ws, row, 1, note, WRAP)


def _comparator_names(pack: Pack) -> dict[str, str]:
    return dict(zip(pack.comparators["code"], pack.comparators["name"]))


def _summary(book: _Book, pack: Pack) -> None:
    ws = book.sheet("Summary")
    book.cell(ws, 0, 0, f"Scorecard for {month_label(pack.period_start)}: {pack.org_name}", TITLE)
    if pack.publish:
        book.cell(ws, 1, 0, pack.suppression_note)
    names = _comparator_names(pack)
    records = []
    for record in _records(pack.scorecard):
        comps = record.get("comparators") or {}
        for key, value in (comps.items() if isinstance(comps, dict) else []):
            record[f"comparator:{key}"] = value
        for key in ("rag", "direction_vs_previous", "direction_vs_last_year", "variation", "assurance"):
            record[f"{key}_label"] = label(record.get(key)) if not is_blank(record.get(key)) else None
        records.append(record)
    comparator_keys = []
    for record in records:
        for key in record:
            if key.startswith("comparator:") and key not in comparator_keys:
                comparator_keys.append(key)
    columns = [
        ("Indicator", "indicator", BOLD),
        ("Title", "title", WRAP),
        ("Numerator", "numerator", COUNT),
        ("Denominator", "denominator", COUNT),
        ("Month value (%)", "value", PCT),
        ("Year to date (%)", "ytd_value", PCT),
        ("Target (%)", "target", PCT),
        ("Tolerance (points)", "tolerance", PCT),
        ("RAG", "rag_label", _rag_props({})),
        ("Direction vs previous month", "direction_vs_previous_label", {}),
        ("Direction vs same month last year", "direction_vs_last_year_label", {}),
        ("SPC variation", "variation_label", WRAP),
        ("Assurance", "assurance_label", WRAP),
    ] + [(f"{names.get(k.split(':', 1)[1], k.split(':', 1)[1])} (%)", k, PCT) for k in comparator_keys]
    book.table(ws, 3, columns, records)
    ws.set_column(1, 1, 50)
    ws.freeze_panes(4, 1)


def _indicator(book: _Book, pack: Pack, code: str) -> None:
    ws = book.sheet(code)
    definition = pack.catalogue.set_index("code").loc[code]
    book.cell(ws, 0, 0, f"{code}: {definition['title']}", TITLE)
    facts = [
        ("Definition", definition["definition"]),
        ("Version", f"{definition['version']} (from {pd.Timestamp(definition['valid_from']):%Y-%m-%d})"),
        ("Polarity", label(definition["polarity"])),
        ("Numerator", definition["numerator_label"]),
        ("Denominator", definition["denominator_label"]),
        ("Source", definition["source"]),
        *commentary_facts(pack, code),
    ]
    for r, (name, value) in enumerate(facts, start=1):
        book.cell(ws, r, 0, name, BOLD)
        book.cell(ws, r, 1, value)
    frame = pack.series[code]
    names = _comparator_names(pack)
    comparator_cols = [c for c in frame.columns if c.startswith("comparator:")]
    columns = [
        ("Month", "period", MONTH),
        ("Numerator", "numerator", COUNT),
        ("Denominator", "denominator", COUNT),
        ("Value (%)", "value", PCT),
        ("Year to date (%)", "ytd_value", PCT),
        ("Target (%)", "target", PCT),
        ("Tolerance (points)", "tolerance", PCT),
        ("RAG (year to date)", "rag", _rag_props({})),
        ("Direction vs previous month", "direction_vs_previous", {}),
        ("Direction vs same month last year", "direction_vs_last_year", {}),
    ] + [(f"{names.get(c.split(':', 1)[1], c.split(':', 1)[1])} (%)", c, PCT) for c in comparator_cols] + [
        ("Restated", "restated", {}),
        ("Earlier value (%)", "earlier_value", PCT),
        ("Earlier load", "earlier_load_id", {}),
        ("Source load", "load_id", {}),
        ("Note", "note", WRAP),
    ]
    columns = [c for c in columns if c[1] in frame.columns]
    top = len(facts) + 2
    records = _records(frame)
    for record in records:
        for key in ("rag", "direction_vs_previous", "direction_vs_last_year"):
            if not is_blank(record.get(key)):
                record[key] = label(record[key])
    book.table(ws, top, columns, records)
    ws.set_column(0, 0, 16)
    ws.freeze_panes(top + 1, 1)
    if records:
        _line_chart(book, ws, pack, code, columns, top, len(records))


def commentary_facts(pack: Pack, code: str) -> list[tuple[str, object]]:
    """The month's latest commentary on `code` as (label, value) rows for its sheet: the texts
    exactly as written (each cell a string, never a formula), or "No commentary recorded"."""
    month = month_label(pack.period_start)
    found = pack.commentary[pack.commentary["indicator"] == code] if len(pack.commentary) else pack.commentary
    if found.empty:
        return [(f"Commentary, {month}", "No commentary recorded")]
    c = found.iloc[0]
    return [
        (f"Commentary, {month}", c["text"]),
        ("What is being done", c["doing"]),
        ("Plan action", c["action"]),
        ("Expected by", None if is_blank(c["expected_by"]) else month_label(c["expected_by"])),
        ("Commentary written by", f"{c['author']}, {pd.Timestamp(c['written_at']):%Y-%m-%d %H:%M} "
                                  f"(version {int(c['version'])})"),
    ]


def _line_chart(book: _Book, ws, pack: Pack, code: str, columns, top: int, n: int) -> None:
    """A native Excel line chart of the value, target and comparators, referring to the table."""
    chart = book.wb.add_chart({"type": "line"})
    keys = [c[1] for c in columns]
    first, last = top + 1, top + n
    plotted = ["value", "target"] + [k for k in keys if k.startswith("comparator:")]
    styles = {"value": {"color": "#1F3864", "width": 2.25}, "target": {"color": "#C00000", "dash_type": "dash"}}
    for key in plotted:
        if key not in keys:
            continue
        col = keys.index(key)
        chart.add_series({
            "name": [ws.name, top, col],
            "categories": [ws.name, first, 0, last, 0],
            "values": [ws.name, first, col, last, col],
            "line": styles.get(key, {"width": 1.25}),
            "marker": {"type": "circle", "size": 4} if key == "value" else {"type": "none"},
        })
    chart.set_title({"name": f"{code}: monthly value (%)"})
    chart.set_x_axis({"date_axis": True, "num_format": "mmm yy", "major_unit": 3, "major_unit_type": "months"})
    chart.set_y_axis({"name": "%", "major_gridlines": {"visible": True, "line": {"color": "#DDDDDD"}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": 360})
    chart.show_blanks_as("gap")
    ws.insert_chart(1, len(columns) + 1, chart)


def _quarter(book: _Book, pack: Pack) -> None:
    ws = book.sheet("Quarter")
    book.cell(ws, 0, 0, f"Performance indicator report: {pack.quarter_label}", TITLE)
    columns = [("Indicator", "indicator", BOLD), ("Month", "period", MONTH), ("Numerator", "numerator", COUNT),
               ("Denominator", "denominator", COUNT), ("Value (%)", "value", PCT)]
    row = book.table(ws, 2, columns, _records(pack.quarter))
    book.cell(ws, row, 0, "Sign-off of each month in the quarter", BOLD)
    for month in pack.signoff_record:
        row += 1
        book.cell(ws, row, 0, month["words"])
    row += 2
    book.cell(ws, row, 0, f"Commentary on the indicators that are red in {month_label(pack.period_start)}", BOLD)
    reds = [r["indicator"] for r in _records(pack.scorecard) if r.get("rag") == "red"]
    if not reds:
        book.cell(ws, row + 1, 0, "No indicator is red.")
    for code in reds:
        row += 1
        for name, value in commentary_facts(pack, code):
            row += 1
            book.cell(ws, row, 0, code, BOLD)
            book.cell(ws, row, 1, name, BOLD)
            book.cell(ws, row, 2, value)


def _plan(book: _Book, pack: Pack, sheet: str, title: str, frame: pd.DataFrame) -> None:
    ws = book.sheet(sheet)
    book.cell(ws, 0, 0, f"{title} as of {pack.period_end:%d %B %Y}", TITLE)
    if frame.empty:
        book.cell(ws, 2, 0, "No entries as of this date.")
        return
    columns = []
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            props = {"num_format": "yyyy-mm-dd"}
        elif name == "status":
            props = {}
        else:
            props = WRAP
        columns.append((str(name).replace("_", " ").capitalize(), name, props))
    records = _records(frame)
    for record in records:
        if "status" in record:
            record["status"] = label(record["status"])
    book.table(ws, 2, columns, records)
    ws.freeze_panes(3, 0)


def _data_quality(book: _Book, pack: Pack) -> None:
    ws = book.sheet("Data quality")
    book.cell(ws, 0, 0, "Data-quality record of the loads behind these figures", TITLE)
    book.cell(ws, 1, 0, data_quality_statement(pack), WRAP)
    ws.set_row(1, 45)
    checks = pack.checks.merge(pack.loads[["id", "file_name"]], left_on="load_id", right_on="id", how="left")
    summary = (checks.groupby(["load_id", "file_name"], dropna=False)
               .agg(expectations=("success", "size"), passed=("success", "sum"))
               .reset_index()) if not checks.empty else pd.DataFrame(columns=["load_id", "file_name", "expectations", "passed"])
    row = book.table(ws, 3, [("Load", "load_id", {}), ("File", "file_name", {}),
                             ("Expectations run", "expectations", COUNT), ("Passed", "passed", COUNT)],
                     _records(summary))
    book.cell(ws, row, 0, "Every expectation run on those loads", BOLD)
    records = _records(checks)
    for record in records:
        record["outcome"] = "passed" if record.get("success") else "failed"
        failures = record.get("failures")
        record["failures"] = failures if failures not in ("[]", None) else None
    row = book.table(ws, row + 1, [("Load", "load_id", {}), ("File", "file_name", {}),
                                   ("Expectation", "expectation", {}), ("Column", "column_name", {}),
                                   ("Rule", "rule", WRAP), ("Outcome", "outcome", {}),
                                   ("Unexpected values", "unexpected_count", COUNT), ("Failing rows", "failures", WRAP)],
                     records, widths=False)
    for c, width in enumerate([8, 32, 34, 18, 60, 10, 12, 60]):
        ws.set_column(c, c, width)
    book.cell(ws, row, 0, "Files rejected by the checks (nothing from them was used)", BOLD)
    if pack.rejected.empty:
        book.cell(ws, row + 1, 0, "None.")
    else:
        book.table(ws, row + 1, [("Load", "id", {}), ("Kind", "kind", {}), ("File", "file_name", {}),
                                 ("sha256", "sha256", {}), ("Loaded at", "loaded_at", STAMP),
                                 ("Loaded by", "loaded_by", {})], _records(pack.rejected), widths=False)


def data_quality_statement(pack: Pack) -> str:
    """One paragraph a QA sub-group member can read: what was checked and what came out of it."""
    loads = len(pack.loads)
    accepted = int((pack.loads["status"] == "accepted").sum()) if loads else 0
    run = len(pack.checks)
    passed = int(pack.checks["success"].sum()) if run else 0
    restated = len(pack.revisions)
    parts = [
        f"The figures in this pack come from {loads} load(s), {accepted} of them accepted after "
        f"validation; {passed} of the {run} expectation(s) run on them passed.",
        f"{restated} figure(s) up to this period have been restated; their earlier values are on the "
        "Provenance sheet." if restated else "No figure up to this period has been restated.",
        f"{len(pack.rejected)} file(s) were rejected by the checks and not used." if len(pack.rejected)
        else "No file has been rejected.",
    ]
    return " ".join(parts)


def _provenance(book: _Book, pack: Pack) -> None:
    ws = book.sheet("Provenance")
    book.cell(ws, 0, 0, "Provenance: every load used in this pack", TITLE)
    checks = pack.checks
    records = _records(pack.loads)
    for record in records:
        mine = checks[checks["load_id"] == record["id"]] if not checks.empty else checks
        ok = int(mine["success"].sum()) if len(mine) else 0
        record["validation"] = f"{label(record['status'])}: {ok} of {len(mine)} expectations passed"
    row = book.table(ws, 2, [
        ("Load", "id", {}), ("Kind", "kind", {}), ("File name", "file_name", {}), ("sha256", "sha256", {}),
        ("Rows", "rows", COUNT), ("Loaded at", "loaded_at", STAMP), ("Loaded by", "loaded_by", {}),
        ("Validation outcome", "validation", {}), ("Used for", "used_for", WRAP),
    ], records)
    ws.set_column(3, 3, 68)
    row = _signoffs(book, ws, pack, row)
    book.cell(ws, row, 0, "Restated figures, with their earlier values", BOLD)
    if pack.revisions.empty:
        book.cell(ws, row + 1, 0, "None.")
        return
    files = dict(zip(pack.loads["id"], pack.loads["file_name"]))
    records = _records(pack.revisions)
    for record in records:
        record["old_file_name"] = files.get(record.get("old_load_id"))
    book.table(ws, row + 1, [
        ("Organisation", "org", {}), ("Indicator", "indicator", {}), ("Month", "period", MONTH),
        ("Earlier numerator", "old_numerator", COUNT), ("Earlier denominator", "old_denominator", COUNT),
        ("Earlier value (%)", "old_value", PCT), ("Earlier load", "old_load_id", {}),
        ("Earlier file", "old_file_name", {}),
        ("Current numerator", "new_numerator", COUNT), ("Current denominator", "new_denominator", COUNT),
        ("Current value (%)", "new_value", PCT), ("Current load", "new_load_id", {}),
        ("Current file", "new_file_name", {}), ("Restated by", "loaded_by", {}),
        ("Restated at", "loaded_at", STAMP), ("Note", "new_note", WRAP),
    ], records, widths=False)


def _signoffs(book: _Book, ws, pack: Pack, row: int) -> int:
    """The sign-offs and reopenings of the year to the period, and each figure loaded since a
    reported month's sign-off beside the figure then; the next free row."""
    book.cell(ws, row, 0, "Sign-offs and reopenings of the months of the financial year to this period", BOLD)
    records = _records(pack.signoffs)
    for record in records:
        record["what"] = "Signed off" if record["kind"] == "signoff" else "Reopened"
    if records:
        row = book.table(ws, row + 1, [
            ("Sign-off month", "period", MONTH), ("Record", "what", {}), ("By", "signed_by", {}),
            ("At", "signed_at", STAMP), ("Loads up to", "load_id", {}), ("Note or reason", "note", WRAP),
            ("Override (signed off although not ready)", "override", WRAP),
        ], records, widths=False)
    else:
        book.cell(ws, row + 1, 0, "None: no month of the year to this period has been signed off.")
        row += 3
    book.cell(ws, row, 0, "Figures loaded since a reported month was signed off", BOLD)
    changed = _records(pack.changes_since_signoff)
    if not changed:
        book.cell(ws, row + 1, 0, "None." if any(m["row"] is not None for m in pack.signoff_record)
                  else "None: the reported month is not signed off.")
        return row + 3
    return book.table(ws, row + 1, [
        ("Signed-off month", "signoff_period", MONTH), ("Indicator", "indicator", {}), ("Figure's month", "period", MONTH),
        ("Value at sign-off (%)", "signed_value", PCT), ("Load at sign-off", "signed_load_id", {}),
        ("Value now (%)", "value", PCT), ("Numerator now", "numerator", COUNT), ("Denominator now", "denominator", COUNT),
        ("Loaded by load", "load_id", {}), ("File", "file_name", {}), ("Loaded at", "loaded_at", STAMP),
    ], changed, widths=False)


def _index(book: _Book, pack: Pack, index: list[dict]) -> None:
    ws = book.sheet("Index")
    book.cell(ws, 0, 0, "The pack's files", TITLE)
    book.cell(ws, 1, 0, "This workbook's own sha256 cannot be written inside it: it is in the pack's "
                        "index.csv, with every other file's.", WRAP)
    book.table(ws, 3, [("File", "file", {}), ("What it is", "what", {}), ("Bytes", "bytes", COUNT),
                       ("sha256", "sha256", {})], index)
    ws.set_column(3, 3, 68)
