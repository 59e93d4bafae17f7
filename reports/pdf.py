"""The evidence pack's PDF: HTML from jinja2 templates (autoescaped), printed by WeasyPrint.

Charts are the dashboard's own SPC figures rendered to PNG by kaleido (reports/images.py) and
embedded as data URIs, so the PDF needs no network and fetches nothing: WeasyPrint is given a
URL fetcher that refuses everything but data URIs. jinja2 and WeasyPrint are imported only here.
"""
from __future__ import annotations

import base64
import threading
from pathlib import Path

import pandas as pd

from vocab import Direction, MilestoneStatus, Rag, label
from vocab.progress import Progress, quiet
from reports import images, inspection
from plan.reports import readable
from reports.gather import Pack, month_label
from reports.workbook import data_quality_statement, is_blank

TEMPLATES = Path(__file__).resolve().parent / "templates"
LIST_ROWS = 200  # the most rows of an inspection list the PDF prints (about five pages); the workbook holds all


def pct(value) -> str:
    if isinstance(value, str):
        return value  # "[c]" in publication mode
    if is_blank(value):
        return "—"
    return f"{float(value):.1f}%"


def count(value) -> str:
    if isinstance(value, str):
        return value
    if is_blank(value):
        return "—"
    return f"{int(value):,}"


def month(value) -> str:
    return "—" if is_blank(value) else month_label(value)


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every value from the database is escaped, whatever it holds
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=pct, count=count, month=month, label=label)
    return env


def _records(frame: pd.DataFrame | None) -> list[dict]:
    if frame is None or frame.empty:
        return []
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _spc_figure(pack: Pack, code: str):
    """The dashboard's SPC chart (charts/spc.py) for one indicator, or None with the reason."""
    if code in pack.charts_withheld:
        return None, "Chart left out in publication mode: some of its monthly values are suppressed."
    from charts.spc import spc_chart

    series = pack.series[code]
    names = dict(zip(pack.comparators["code"], pack.comparators["name"]))
    comparators = {
        names.get(column.split(":", 1)[1], column.split(":", 1)[1]):
            series[["period", column]].rename(columns={column: "value"}).dropna()
        for column in series.columns if column.startswith("comparator:")
    }
    definition = pack.catalogue.set_index("code").loc[code]
    figure = spc_chart(pack.spc.get(code), title=f"{code}: {definition['title']}", series=series,
                       polarity=definition["polarity"], comparators=comparators,
                       milestones=pack.markers[code], phases=pack.rebase_at[code])
    figure.update_layout(title={"font": {"size": 14}}, margin={"b": 90})
    return figure, ""


def _plan_frame(frame: pd.DataFrame) -> dict:
    rows = []
    for record in _records(frame):
        cells = []
        for key, value in record.items():
            if key == "status":
                value = label(value)
            elif hasattr(value, "strftime"):
                value = value.strftime("%d %b %Y")
            cells.append("" if is_blank(value) else str(value))
        rows.append(cells)
    return {"headers": [str(c).replace("_", " ").capitalize() for c in frame.columns], "rows": rows}


def _loads(pack: Pack) -> list[dict]:
    rows = []
    for record in _records(pack.loads):
        mine = pack.checks[pack.checks["load_id"] == record["id"]] if not pack.checks.empty else pack.checks
        record["validation"] = f"{label(record['status'])}: {int(mine['success'].sum()) if len(mine) else 0} of {len(mine)} expectations passed"
        record["loaded_at"] = pd.Timestamp(record["loaded_at"]).strftime("%Y-%m-%d %H:%M")
        rows.append(record)
    return rows


def _scorecard_rows(pack: Pack) -> tuple[list[dict], list[str]]:
    names = dict(zip(pack.comparators["code"], pack.comparators["name"]))
    keys: list[str] = []
    rows = _records(pack.scorecard)
    for row in rows:
        comps = row.get("comparators") or {}
        for key in comps if isinstance(comps, dict) else []:
            if key not in keys:
                keys.append(key)
    for row in rows:
        comps = row.get("comparators") if isinstance(row.get("comparators"), dict) else {}
        row["comparator_values"] = [comps.get(k) for k in keys]
        for key in ("value", "ytd_value", "target", "rag", "direction_vs_previous", "direction_vs_last_year",
                    "variation", "assurance", "numerator", "denominator"):
            row.setdefault(key, None)
    return rows, [names.get(k, k) for k in keys]


def _counts(values, order) -> list[tuple[str, int]]:
    present = [v for v in values if not is_blank(v)]
    return [(label(k), present.count(k.value)) for k in order if present.count(k.value)]


def context(pack: Pack, progress: Progress = quiet) -> dict:
    """What the templates show; the SPC charts are rendered here (Chromium starts on the first)."""
    rows, comparator_names = _scorecard_rows(pack)
    by_code = {r["indicator"]: r for r in rows}
    definitions = pack.catalogue.set_index("code")
    said = {c["indicator"]: _commentary(c) for c in _records(pack.commentary)}
    revisions = _records(pack.revisions)
    pages = []
    figures, notes = {}, {}
    for n, code in enumerate(pack.indicators):
        progress(0.45 + 0.35 * n / max(1, len(pack.indicators)), f"drawing the chart for {code}")
        if not pack.quarterly:
            figure, notes[code] = _spc_figure(pack, code)
            if figure is not None:
                figures[code] = figure
    # all the charts in one batch: the browser draws them several at a time
    drawn = dict(zip(figures, images.figures_png(list(figures.values()), width=1200, height=420, scale=1.25)))
    for code in pack.indicators:
        note = notes.get(code, "")
        chart_src = ("data:image/png;base64," + base64.b64encode(drawn[code]).decode("ascii")) if code in drawn else None
        pages.append({
            "code": code,
            "title": definitions.loc[code, "title"],
            "definition": definitions.loc[code, "definition"],
            "polarity": definitions.loc[code, "polarity"],
            "row": by_code.get(code),
            "chart": chart_src,
            "chart_note": note,
            "chart_reason": pack.chart_reason.get(code, ""),  # which SPC chart, and why, under it
            "commentary": said.get(code),  # the month's latest version, or None
            "restated": [r for r in revisions if r["indicator"] == code],
        })
    out = {
        "pack": pack,
        "footer": f"pidash: {pack.title}. Generated {pack.generated_at:%d %B %Y %H:%M}.",
        "scorecard": rows,
        "comparator_names": comparator_names,
        "indicators": pages,
        "milestones": _plan_frame(readable(pack.milestones)),
        "exceptions": _plan_frame(readable(pack.exceptions)),
        "statement": data_quality_statement(pack),
        "loads": _loads(pack),
        "revisions": revisions,
        "signoffs": _signoffs(pack),
        "signoff_record": pack.signoff_record,
        "changes": _records(pack.changes_since_signoff),
        "inspection": _inspection(pack),
    }
    if pack.quarterly:
        out.update(_quarterly(pack, rows))
        out["red_commentary"] = [page for page in pages if page["row"] and page["row"].get("rag") == Rag.RED.value]
    return out


def _inspection(pack: Pack) -> dict:
    """The inspection lists as the PDF prints them, from the workbook's own `list_parts`. A list of
    up to LIST_ROWS rows is printed whole; a longer one prints its first LIST_ROWS rows, in the
    workbook's order, and says how many more are on its workbook sheet, so the PDF stays readable
    and the workbook remains the full record. Without lists (none in the pack, or left out), why."""
    lists = pack.inspection
    if lists is None:
        return {"why": inspection.why_no_lists(pack.notes, pack.org, bool(pack.as_signed_off)), "parts": []}
    parts = []
    for part in inspection.list_parts(lists):
        shown = part.frame.head(LIST_ROWS)
        more = len(part.frame) - len(shown)
        parts.append({
            "title": part.title, "about": part.about, "after": part.after,
            "headers": [{"name": c, "num": c in inspection.COUNT_COLUMNS} for c in part.frame.columns],
            "rows": [[_list_cell(column, value) for column, value in record.items()] for record in _records(shown)],
            "more": (f"The first {len(shown):,} of the {len(part.frame):,} rows are printed here; the other "
                     f"{more:,} are on the workbook's sheet \u201c{part.sheet}\u201d, which holds the whole list.")
                    if more else "",
        })
    return {"why": "", "parts": parts, "source": inspection.source_line(lists), "note": inspection.NOTE}


def _list_cell(column: str, value) -> str:
    """A list's cell as the workbook shows it: dates as yyyy-mm-dd, counts with thousands separators."""
    if is_blank(value):
        return "—"
    if column in inspection.COUNT_COLUMNS:
        return count(value)
    if column in inspection.DATE_COLUMNS:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return str(value)


def _commentary(record: dict) -> dict:
    """One version of a month's commentary as the templates print it (the texts exactly as written)."""
    return {"text": record["text"], "doing": record.get("doing"), "action": record.get("action"),
            "expected_by": None if is_blank(record.get("expected_by")) else month_label(record["expected_by"]),
            "author": record["author"], "version": int(record["version"]),
            "written_at": pd.Timestamp(record["written_at"]).strftime("%d %B %Y %H:%M")}


def _signoffs(pack: Pack) -> list[dict]:
    """Every sign-off and reopening the pack lists, oldest first."""
    rows = []
    for record in _records(pack.signoffs):
        record["what"] = "Signed off" if record["kind"] == "signoff" else "Reopened"
        record["signed_at"] = pd.Timestamp(record["signed_at"]).strftime("%Y-%m-%d %H:%M")
        rows.append(record)
    return rows


def _quarterly(pack: Pack, rows: list[dict]) -> dict:
    months = sorted(pd.Timestamp(m) for m in pack.quarter["period"].unique())
    quarter_rows = []
    for row in rows:
        mine = pack.quarter[pack.quarter["indicator"] == row["indicator"]].set_index("period")["value"]
        quarter_rows.append({**row, "months": [mine.get(m) for m in months]})
    return {
        "quarter_months": months,
        "quarter_rows": quarter_rows,
        "milestone_counts": _counts(list(pack.milestones["status"]), MilestoneStatus),
        "rag_counts": _counts([r["rag"] for r in rows], Rag),
        "direction_counts": _counts([r["direction_vs_last_year"] for r in rows], Direction),
    }


def render_html(pack: Pack, progress: Progress = quiet) -> str:
    template = "quarterly.html" if pack.quarterly else "pack.html"
    return _environment().get_template(template).render(**context(pack, progress))


def preload() -> None:
    """Import WeasyPrint (a second of pure Python) in the background: a pack starts this first, so
    the import runs while the charts are drawn in Chromium and this process mostly waits."""
    def load():
        try:
            import weasyprint  # noqa: F401
        except Exception:  # noqa: BLE001 - write_pdf imports it again and reports the failure
            pass

    threading.Thread(target=load, name="pidash-weasyprint-import", daemon=True).start()


def write_pdf(pack: Pack, path: Path, progress: Progress = quiet) -> Path:
    """Render and print the pack's PDF at `path`; raises images.ChromiumMissing without a browser."""
    if not pack.quarterly:
        images.chromium_path()  # fail before any work when the charts cannot be drawn
    html = render_html(pack, progress)
    progress(0.85, "printing the PDF")
    import weasyprint
    from weasyprint.urls import URLFetcher

    # embedded images only: the pack never reaches out to the network or the file system
    fetcher = URLFetcher(allowed_protocols={"data"})
    weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(str(path))
    return path
