"""The inspection lists in the evidence pack's PDF: the workbook's lists, pseudonymised, printed
whole up to reports.pdf.LIST_ROWS rows and pointing to the workbook beyond; and, when the pack
holds none, one sentence saying why. Built from the demo (the organisation with case records is
loads.bootstrap.DEMO_CASES_ORG), read back with pypdf."""
from __future__ import annotations

import csv
import re
import shutil

import duckdb
import pytest

from data import case_queries, queries, store
from loads.bootstrap import DEMO_CASES, DEMO_CASES_ORG
from reports import pdf
from reports.gather import gather
from reports.inspection import CHILD, LEFT_OUT_PUBLISH, LEFT_OUT_ROLE, SHEETS
from tests.reports.conftest import run_pidash
from tests.reports.helpers import pdf_text, table, workbook

PERIOD_END = "2009-09-30"
PSEUDONYM = re.compile(r"\b[0-9a-f]{24}\b")
TITLES = ["Children subject to a child protection plan on 30 September 2009: ", "Children looked after on 30 September 2009: ",
          "Assessments authorised from 1 April 2009 to 30 September 2009: "]


def flat(text: str) -> str:
    return " ".join(text.split())  # pypdf breaks wrapped cells and long lines: compare words only


def section(text: str) -> str:
    """The PDF's "Inspection lists" section (the last heading of that name: the first is in the contents)."""
    return text[text.rindex("Inspection lists "):]


def lists_of(text: str) -> list[str]:
    """The section's three lists, each from its title to the next one's."""
    starts = [text.index(title) for title in TITLES]
    return [text[start:end] for start, end in zip(starts, starts[1:] + [len(text)])]


def raw_ids() -> set[str]:
    with (DEMO_CASES / "ssd_person.csv").open(newline="", encoding="utf-8") as handle:
        found = list(csv.DictReader(handle))
    return {r["pers_person_id"] for r in found} | {r["pers_upn"] for r in found}


def copy_demo(seeded_template, folder):
    db = folder / "pidash.duckdb"
    shutil.copy(seeded_template, db)
    shutil.copy(str(seeded_template) + ".key", str(db) + ".key")
    return db


@pytest.fixture(scope="module")
def cases_pack(seeded_template, tmp_path_factory):
    """`pidash evidence` for the organisation with case records, by someone who may see child-level rows."""
    folder = tmp_path_factory.mktemp("inspection-pdf")
    db = copy_demo(seeded_template, folder)
    out = folder / "pack"
    done = run_pidash("evidence", "--period", "2009-09", "--org", DEMO_CASES_ORG, "--indicators", "NI59", "--quiet",
                      "--out", str(out), db=db)
    assert done.returncode == 0, done.stderr
    return {"db": db, "text": flat(pdf_text(out / f"evidence-{DEMO_CASES_ORG}-2009-09.pdf")),
            "book": workbook(out / f"evidence-{DEMO_CASES_ORG}-2009-09.xlsx")}


def test_the_pdf_prints_the_workbooks_lists_from_the_database(cases_pack):
    text = section(cases_pack["text"])
    assert text.startswith(f"Inspection lists {DEMO_CASES_ORG}, from case load ")
    assert "Pseudonymised, in the style of Ofsted's Annex A" in text
    con = duckdb.connect(str(cases_pack["db"]), read_only=True)
    try:
        load = case_queries.case_load_in_force(con, DEMO_CASES_ORG)
        first_plans = con.execute(
            "SELECT cppl_person_id, strftime(cppl_cp_plan_start_date, '%Y-%m-%d') FROM ssd_cp_plans WHERE load_id = ? "
            f"AND cppl_cp_plan_start_date <= DATE '{PERIOD_END}' AND (cppl_cp_plan_end_date IS NULL OR "
            f"cppl_cp_plan_end_date > DATE '{PERIOD_END}') ORDER BY cppl_cp_plan_start_date, cppl_person_id",
            [load]).fetchall()
    finally:
        con.close()
    parts = lists_of(text)
    assert first_plans and parts[0].startswith(f"{TITLES[0]}{len(first_plans)} ")
    for person, started in first_plans[:3]:  # the oldest plans first, by pseudonymous id and start date
        assert re.search(rf"{person} \S+ \S+ \d+ {started} ", parts[0])
    for part, sheet in zip(parts, SHEETS):
        rows = table(cases_pack["book"][sheet], CHILD)  # the workbook's sheet: the whole list
        assert part.startswith(TITLES[SHEETS.index(sheet)] + str(len(rows)))
        headers = " ".join(table_headers(cases_pack["book"][sheet]))
        assert headers in part  # the workbook's columns, in its order
        printed = PSEUDONYM.findall(part)
        assert printed == [row[CHILD] for row in rows[:pdf.LIST_ROWS]]  # the workbook's rows, in its order
        more = f"The first {pdf.LIST_ROWS:,} of the {len(rows):,} rows are printed here; the other " \
               f"{len(rows) - pdf.LIST_ROWS:,} are on the workbook's sheet \u201c{sheet}\u201d"
        assert (more in part) == (len(rows) > pdf.LIST_ROWS)
        first = rows[0]
        cells = [cell(first[column]) for column in table_headers(cases_pack["book"][sheet])]
        assert " ".join(cells) in part  # the first row as the workbook has it, cell by cell


def table_headers(ws) -> list[str]:
    return [h for h in next(row for row in ws.iter_rows(values_only=True) if row[0] == CHILD) if h is not None]


def cell(value) -> str:
    if value is None:
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        return f"{int(value):,}"
    return str(value)


def test_the_pdf_names_no_child_by_the_case_systems_id(cases_pack):
    text = cases_pack["text"]
    words = set(re.findall(r"[A-Za-z0-9]+", text))
    assert not words & raw_ids()
    assert not re.search(r"SYN\d+", text)


def test_a_long_list_prints_its_first_rows_and_says_how_many_more_are_in_the_workbook(
        seeded_template, tmp_path, monkeypatch):
    con = store.connect(copy_demo(seeded_template, tmp_path))
    try:
        pack = gather(con, "2009-09", org=DEMO_CASES_ORG, indicators=["NI59"], inspection_lists=True)
    finally:
        con.close()
    monkeypatch.setattr(pdf, "LIST_ROWS", 2)
    pdf.write_pdf(pack, tmp_path / "pack.pdf")
    parts = lists_of(section(flat(pdf_text(tmp_path / "pack.pdf"))))
    frames = [pack.inspection.plans, pack.inspection.looked_after, pack.inspection.assessments]
    for part, frame, sheet in zip(parts, frames, SHEETS):
        assert len(frame) > 2
        assert PSEUDONYM.findall(part) == list(frame[CHILD][:2])
        assert (f"The first 2 of the {len(frame):,} rows are printed here; the other {len(frame) - 2:,} are on the "
                f"workbook's sheet \u201c{sheet}\u201d, which holds the whole list.") in part


def without_case_records(con) -> str:
    return next(code for code in queries.organisations(con)["code"]
                if case_queries.case_load_in_force(con, code) is None)


@pytest.mark.parametrize("who, options, said", [
    ("no case records", {"inspection_lists": True}, None),
    ("below a data officer", {"inspection_lists": False}, LEFT_OUT_ROLE),
    ("publication", {"inspection_lists": True, "publish": True}, LEFT_OUT_PUBLISH),
])
def test_without_lists_the_pdf_says_why_in_one_sentence(seeded_template, tmp_path, who, options, said):
    con = store.connect(copy_demo(seeded_template, tmp_path))
    try:
        org = without_case_records(con) if said is None else DEMO_CASES_ORG
        pack = gather(con, "2009-09", org=org, indicators=["NI59"], **options)
    finally:
        con.close()
    assert pack.inspection is None
    pdf.write_pdf(pack, tmp_path / "pack.pdf")
    text = section(flat(pdf_text(tmp_path / "pack.pdf")))
    sentence = said or f"There are no inspection lists: no case records have been loaded for {org}."
    assert text.startswith(f"Inspection lists {sentence} pidash: Inspection evidence pack")  # then the footer
    assert not PSEUDONYM.search(text) and "Children looked after on" not in text
